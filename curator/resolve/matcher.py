"""Linking names: merge what is certain, suggest what is not, never link the distinct.

Candidates come from keys, not from comparing all pairs: the same comparison
key, the same words reordered, an acronym of the syllable initials with the
head noun kept, a definition in the text, the same name without diacritics,
and, inside small blocks (same type and head noun, or same family and given
name), rapidfuzz similarity for typos. Guards then forbid any automatic merge
across different head nouns, numbers, places, types, or given/family names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from curator.extract.lexicon import ORG_HEADS
from curator.models import Definition
from curator.resolve.keys import fold, has_marks, name_key, words

_ROMAN = re.compile(r"\b[IVXLC]+\b")
_NUMBER = re.compile(r"\d+")
_HEADS = [fold(h).split() for h in ORG_HEADS]
_CONNECT = {"va"}
_PLACE = re.compile(r"\b(?:tinh|thanh pho|tp|huyen|quan)\s+(.+)$")


@dataclass(frozen=True)
class NameRecord:
    text: str
    type: str
    count: int = 1


@dataclass
class Link:
    a: int
    b: int
    outcome: Literal["merge", "suggest"]
    score: float
    reasons: list[str] = field(default_factory=list)


def head_of(name: str) -> str:
    toks = fold(name).split()
    for head in _HEADS:
        if toks[: len(head)] == head:
            return " ".join(head)
    return ""


def _tail(name: str) -> list[str]:
    """The name's words after its head noun, folded, connectors dropped."""
    toks = [t for t in fold(" ".join(words(name))).split()]
    head = head_of(name).split()
    return [t for t in toks[len(head):] if t not in _CONNECT]


def _numbers(name: str) -> frozenset[str]:
    return frozenset(_ROMAN.findall(name)) | frozenset(_NUMBER.findall(name))


def _place(name: str) -> str:
    m = _PLACE.search(fold(" ".join(words(name))))
    return m.group(1) if m else ""


def _acronym_signature(name: str) -> str | None:
    """For 'Cục BĐTW' -> 'cuc|bdtu'; for 'Cục Bưu điện Trung ương' -> 'cuc|bdtu'."""
    head = head_of(name)
    raw = name.split()
    nhead = len(head.split()) if head else 0
    rest = raw[nhead:]
    if len(rest) == 1 and re.fullmatch(r"[A-ZĐ&]{2,}", rest[0]):
        letters = fold(rest[0].replace("&", "")).replace("w", "u")
        return f"{head}|{letters}"
    return None


def _long_signature(name: str) -> str | None:
    head = head_of(name)
    tail = [t for t in fold(name).split()[len(head.split()) if head else 0 :] if t not in ("va", "&", "-", "–")]
    if len(tail) < 2:
        return None
    return f"{head}|{''.join(t[0] for t in tail if t[0].isalpha())}"


def _event_key(name: str) -> str | None:
    f = fold(name)
    nums = _ROMAN.findall(name)
    if f.startswith("dai hoi") and nums and "dang bo" not in f:
        return f"dai hoi dang toan quoc {nums[-1]}"
    return None


def _person_parts(name: str) -> tuple[str, str, str]:
    toks = name.split()
    if len(toks) == 1:
        return "", "", toks[0]
    return toks[0], " ".join(toks[1:-1]), toks[-1]


def _guard(a: NameRecord, b: NameRecord) -> str | None:
    """Why these two must never be merged automatically (None when no guard applies)."""
    if a.type != b.type:
        return "different types"
    if a.type == "organization":
        if head_of(a.text) != head_of(b.text):
            return "different head noun"
        if _place(a.text) != _place(b.text):
            return "different places"
    if _numbers(a.text) != _numbers(b.text):
        return "different numbers"
    if a.type == "person":
        fa, _, ga = _person_parts(a.text)
        fb, _, gb = _person_parts(b.text)
        if name_key(ga) != name_key(gb) and fold(ga) != fold(gb):
            return "different given names"
        if fa and fb and name_key(fa) != name_key(fb) and fold(fa) != fold(fb):
            return "different family names"
        if has_marks(a.text) and has_marks(b.text) and name_key(a.text) != name_key(b.text):
            return "different diacritics"
    return None


def match(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> list[Link]:
    """Links between names (indexes into ``names``); deterministic, order-independent."""
    order = sorted(range(len(names)), key=lambda i: (names[i].type, name_key(names[i].text), names[i].text))
    links: dict[tuple[int, int], Link] = {}

    def put(i: int, j: int, outcome: str, score: float, reason: str, defined: bool = False) -> None:
        if i == j:
            return
        a, b = (i, j) if i < j else (j, i)
        guard = _guard(names[a], names[b])
        if defined and guard == "different numbers":
            guard = None  # a code like H04 is defined as the name: the text says so
        if guard and outcome == "merge":
            if guard in ("different types", "different places", "different given names", "different family names", "different diacritics"):
                return
            outcome, score = "suggest", min(score, 60.0)
            reason = f"{reason}; but {guard}"
        current = links.get((a, b))
        if current is None or (current.outcome == "suggest" and outcome == "merge") or (
            current.outcome == outcome and score > current.score
        ):
            links[(a, b)] = Link(a, b, outcome, score, [reason])  # type: ignore[arg-type]
        elif reason not in current.reasons and current.outcome == outcome:
            current.reasons.append(reason)

    def group(keyfunc, outcome: str, score: float, reason: str) -> None:
        buckets: dict[object, list[int]] = defaultdict(list)
        for i in order:
            k = keyfunc(names[i])
            if k is not None:
                buckets[(names[i].type, k)].append(i)
        for members in buckets.values():
            for j in members[1:]:
                put(members[0], j, outcome, score, reason)

    group(lambda r: name_key(r.text), "merge", 100.0, "same name (case, diacritic placement or 'và'/'&'/'-' differ)")
    group(
        lambda r: (head_of(r.text), tuple(sorted(_tail(r.text)))) if r.type == "organization" and len(_tail(r.text)) >= 2 else None,
        "merge", 95.0, "same words in another order",
    )
    group(lambda r: _event_key(r.text) if r.type == "event" else None, "merge", 90.0, "the same congress (same number)")
    # Without diacritics: merge with the one marked form, suggest when several.
    by_fold: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        by_fold[(names[i].type, fold(" ".join(words(names[i].text))))].append(i)
    for members in by_fold.values():
        bare = [i for i in members if not has_marks(names[i].text)]
        marked = [i for i in members if has_marks(names[i].text)]
        distinct_marked = {name_key(names[i].text) for i in marked}
        for i in bare:
            for j in marked:
                if len(distinct_marked) == 1:
                    put(i, j, "merge", 92.0, "same name written without diacritics")
                else:
                    put(i, j, "suggest", 70.0, "same letters without diacritics; several marked forms exist")
    # Acronyms with the head kept: Cục BĐTW = Cục Bưu điện Trung ương.
    longs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        if names[i].type == "organization":
            sig = _long_signature(names[i].text)
            if sig:
                longs[(names[i].type, sig)].append(i)
    for i in order:
        if names[i].type != "organization":
            continue
        sig = _acronym_signature(names[i].text)
        if sig is None:
            continue
        targets = longs.get((names[i].type, sig), [])
        distinct = {fold(" ".join(words(names[j].text))) for j in targets}
        for j in targets:
            if len(distinct) == 1:
                put(i, j, "merge", 90.0, f"acronym of the syllable initials ({names[i].text.split()[-1]})")
            else:
                put(i, j, "suggest", 65.0, "acronym fits several names")
    # Definitions in the text: "Cục Viễn thông và cơ yếu (Cục H04)".
    by_key: dict[tuple[str, str], int] = {}
    for i in order:
        by_key.setdefault((names[i].type, name_key(names[i].text)), i)
    for d in definitions:
        i = by_key.get((d.type, name_key(d.long)))
        j = by_key.get((d.type, name_key(d.short)))
        if i is not None and j is not None:
            put(i, j, "merge", 100.0, f"defined in the text: “{d.evidence[:80]}”", defined=True)
    # People: same family and given name, a middle name missing on one side.
    people: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        if names[i].type == "person":
            fam, _, given = _person_parts(names[i].text)
            if fam:
                people[(name_key(fam), name_key(given))].append(i)
    for members in people.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                mi, mj = _person_parts(names[i].text)[1], _person_parts(names[j].text)[1]
                if name_key(names[i].text) != name_key(names[j].text) and (not mi or not mj):
                    put(i, j, "suggest", 70.0, "same family and given name, middle name missing: may be two people")
    # Fuzzy inside blocks: typos and damaged text.
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        r = names[i]
        key = head_of(r.text) if r.type == "organization" else _person_parts(r.text)[2].lower() if r.type == "person" else "event"
        blocks[(r.type, key)].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        for start in range(0, len(members), 2000):
            chunk = members[start : start + 2000]
            texts = [fold(" ".join(words(names[i].text))) for i in chunk]
            scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=88, workers=-1)
            rows, cols = scores.nonzero()
            for x, y in zip(rows.tolist(), cols.tolist()):
                if x < y:
                    i, j = chunk[x], chunk[y]
                    if (min(i, j), max(i, j)) in links:
                        continue
                    if _guard(names[i], names[j]) in ("different places", "different given names", "different family names", "different types", "different numbers"):
                        continue
                    ta, tb = set(_tail(names[i].text)), set(_tail(names[j].text))
                    if ta and tb and (ta < tb or tb < ta):
                        continue  # one is the other plus distinguishing words
                    put(i, j, "suggest", float(scores[x, y]), f"similar spelling (rapidfuzz ratio {scores[x, y]:.0f})")
    return sorted(links.values(), key=lambda l: (l.a, l.b))


def cluster(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> dict:
    """Clusters of automatic merges (every name in one) and the suggestions between clusters."""
    links = match(names, definitions)
    parent = list(range(len(names)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.outcome == "merge":
            ra, rb = find(link.a), find(link.b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        groups[find(i)].append(i)

    def canonical(members: list[int]) -> str:
        return min(
            (names[i].text for i in members),
            key=lambda t: (bool(_acronym_signature(t)), not has_marks(t), -names_count(t), -len(t), t),
        )

    counts: dict[str, int] = defaultdict(int)
    for r in names:
        counts[r.text] += r.count

    def names_count(t: str) -> int:
        return counts[t]

    clusters = sorted(
        (
            {"name": canonical(m), "type": names[m[0]].type, "members": sorted(names[i].text for i in m)}
            for m in groups.values()
        ),
        key=lambda c: (c["type"], c["name"]),
    )
    seen = set()
    suggestions = []
    for link in links:
        if link.outcome != "suggest":
            continue
        ra, rb = find(link.a), find(link.b)
        if ra == rb:
            continue
        a, b = sorted((names[link.a].text, names[link.b].text))
        if (a, b) in seen:
            continue
        seen.add((a, b))
        suggestions.append({"a": a, "b": b, "score": round(link.score, 1), "reasons": link.reasons})
    suggestions.sort(key=lambda s: (-s["score"], s["a"], s["b"]))
    return {"clusters": clusters, "suggestions": suggestions}
