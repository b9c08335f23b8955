"""Names defined as one another in the text ("Cục Viễn thông và cơ yếu (Cục H04)") or in the
name itself ("Cục An toàn hệ thống (ATHT)")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from curator.models import Definition
from curator.names.analyse import analyse
from curator.resolve.keys import name_key
from curator.resolve.name_features import CONNECTORS, WORD, NameFeatures, names_text


def link_definitions(
    feats: list[NameFeatures], order: list[int], definitions: Sequence[Definition], put: Callable[..., None]
) -> None:
    """Definitions in any article ("Cục Viễn thông và cơ yếu (Cục H04)") and abbreviations given with a
    name ("Cục An toàn hệ thống (ATHT)") link the long name to the short one, with and without its head,
    wherever either appears. A short name defined for several names is only suggested."""
    abbreviated = [i for i in order if feats[i].parts is not None and feats[i].parts.abbreviation is not None]
    if not definitions and not abbreviated:
        return
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        by_key[(feats[i].type, feats[i].key)].append(i)
    # short key -> {long key: (long ids, reason)}
    defined: dict[tuple[str, str], dict[str, tuple[list[int], str]]] = defaultdict(dict)

    def add(type_: str, long_key: str, long_ids: list[int], short: str, head: str, reason: str) -> None:
        words = WORD.findall(short)
        if not words:
            return
        forms = {short, words[-1]}
        if head and len(words) == 1:
            forms.add(f"{head} {short}")
        for form in forms:
            sk = (type_, name_key(form, type_))
            if sk[1] != long_key:
                defined[sk].setdefault(long_key, (long_ids, reason))

    for d in definitions:
        long = analyse(d.long, d.type)
        long_key = name_key(long.compared, d.type)
        ids = by_key.get((d.type, long_key), [])
        if ids:
            add(d.type, long_key, ids, d.short, long.head.text if long.head else "", f"defined in the text: “{d.evidence[:80]}”")
    for i in abbreviated:
        n = feats[i]
        if n.parts is not None and n.parts.abbreviation is not None:
            head = n.parts.head.text if n.parts.head else ""
            add(n.type, n.key, [i], n.parts.abbreviation.text, head, f"abbreviation given with the name: “{names_text(n)}”")
    for (type_, short_key), longs in defined.items():
        shorts = by_key.get((type_, short_key), [])
        if not shorts:
            continue
        # Long names that differ only by a connector or the order of words are one name.
        several = len({tuple(sorted(f for f in feats[ids[0]].folded if f not in CONNECTORS)) for ids, _ in longs.values()}) > 1
        for ids, reason in longs.values():
            for j in ids:
                for i in shorts:
                    if several:
                        put(i, j, "suggest", 65.0, f"{reason}; the short name is defined for several names")
                    else:
                        put(i, j, "merge", 100.0, reason, defined=True)
