"""Linking names: merge what is certain, suggest what is not, never link the distinct.

Every name is first read by the name analyser (``curator.names.analyse``): the
rules below compare the name proper; titles, honorifics, a parent body, an
abbreviation given with the name and qualifiers ("Việt Nam", "khóa XVIII") are
set aside and named in the reasons ("set aside in ...: title “Thứ trưởng”").

Candidates come from keys and blocks, never from comparing all pairs:

* the same comparison key (case, Unicode form, tone placement, "và"/"&"/"-");
* the same parts in another order, the parts separated by "và", "&", "-", "," and each
  part's words in order ("Cục Cơ yếu - Viễn thông" = "Cục Viễn thông và Cơ yếu"; not
  "Công ty Phát Bình An" = "Công ty An Bình Phát");
* the same head, body and place, the place written with or without "tỉnh" /
  "thành phố" or in short ("Công an Sơn La" = "Công an tỉnh Sơn La", "Bưu điện
  TP.HCM" = "Bưu điện thành phố Hồ Chí Minh", "UBND" = "Ủy ban nhân dân",
  "VNPT Hà Nội" = "Viễn thông Hà Nội");
* an acronym of the body's syllable initials with the head noun kept and the
  place compared as a place, never spelled into the acronym ("Cục BĐTW" = "Cục
  Bưu điện Trung ương", "Sở TT&TT X" = "Sở Thông tin và Truyền thông tỉnh X",
  but "Sở VHTTDL Lai Châu" is not "... Lào Cai"), a known acronym ("VNPost"),
  a bare code and the same code with its head ("BĐTW" = "Cục BĐTW"; not when the
  code is itself another body's name: "Thanh tra KBNN" is not "KBNN"), spellings
  of one code ("Bộ GD&ĐT" = "Bộ GDĐT" = "Bộ GD-ĐT"), initials of the whole name
  with its head and place ("BYT" = "Bộ Y tế", "ĐHQGHN"), a leading code with the
  rest the same ("VKSND tỉnh X" = "Viện kiểm sát nhân dân tỉnh X");
* a definition in the text or in the name itself ("Cục Viễn thông và cơ yếu
  (Cục H04)", "Cục An toàn hệ thống (ATHT)"), wherever either form appears;
* a shortened form whose words begin the other's body (suggest);
* the same name typed without diacritics: merged when exactly one marked form
  has those letters, suggested when several do (Hùng / Hưng), or when a
  person's unmarked name is itself a correct spelling ("Mai Anh Thanh" /
  "Mai Anh Thành");
* the same national congress number for events;
* people: the same family and given name with a middle name missing (suggest);
* rapidfuzz ``ratio`` inside small blocks (type + head + place for
  organisations; family + given name for people) for typos (suggest);
* rare shared words (``curator.resolve.candidates``), so that the review queue
  misses almost no variant (suggest).

Places at the end of organisation names are read as places: the 63 provinces
and cities (any tone placement, "Thừa Thiên - Huế" = "Thừa Thiên Huế", TP.HCM),
with an optional "tỉnh" / "thành phố" / "TP." before them; "thành phố X" for a
province X is its capital, another place.

Guards then forbid an automatic merge across different types, head nouns,
places (one written on one side only), numbers, family or given names, and
between a newspaper, school, hospital or military unit and the body it is
named after; different places, parent bodies, types and people's names are
never linked at all. Every suggestion ends with what kept it from merging
("not merged: different head noun").

This module keeps the entry points (``match``, ``cluster``), the links and the rules by
key; the rest live by family: what is read from a name (``name_features``), the guards
(``guards``), codes, acronyms and shortened forms (``abbreviations``), definitions
(``definitions``), names without diacritics (``diacritics``), people's middle names
(``people``), similar spellings and rare shared words (``similarity``).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from curator.models import Definition
from curator.names.analyse import analyse, is_code
from curator.resolve.abbreviations import link_acronyms, link_leading_codes, link_shortened
from curator.resolve.definitions import link_definitions
from curator.resolve.diacritics import link_without_marks
from curator.resolve.guards import DEFINITION_OVERRIDES, MARKS_LEFT_OUT, why_not_merged
from curator.resolve.keys import fold, has_marks
from curator.resolve.name_features import WORD, NameFeatures, NameRecord, event_key, features, same_parent
from curator.resolve.people import link_people
from curator.resolve.similarity import keep_fewest_suggestions, link_shared_words, link_similar_spellings
from curator.resolve.unionfind import DisjointSet

__all__ = ["Link", "NameRecord", "cluster", "match"]


# Reasons shown to the curator.
SAME_KEY = "same name: differs only in case/diacritic placement/'và' vs '&'"
REORDERED = "same parts in another order"
SAME_PLACE = "same name and place; the place written with or without 'tỉnh'/'thành phố' or in short (TP.HCM)"
SAME_CONGRESS = "the same congress (same number)"


@dataclass
class Link:
    """A link between ``names[a]`` and ``names[b]`` (a < b)."""

    a: int
    b: int
    outcome: Literal["merge", "suggest"]
    score: float
    reasons: list[str] = field(default_factory=list)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while matching: it allocates a few objects per name, holds them all
    until the end and makes no cycles, so the collector's passes over them would find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> list[Link]:
    """Links between names (indexes into ``names``); deterministic and independent of input order."""
    with _no_cycle_collection():
        return _match(names, definitions)


def _match(names: Sequence[NameRecord], definitions: Sequence[Definition]) -> list[Link]:
    feats = [features(r) for r in names]
    order = sorted(range(len(names)), key=lambda i: (feats[i].type, feats[i].key, feats[i].text, names[i].count))
    links: dict[tuple[int, int], Link] = {}

    def put(i: int, j: int, outcome: str, score: float, reason: str, defined: bool | str = False) -> None:
        """Link i and j unless a guard forbids it; ``defined`` is True when the text or the name itself
        defines one as the other (it overrides the head-noun, number and namesake guards) and "code" for the
        same code with and without a head (it overrides the first two only)."""
        if i == j or reason in (REORDERED, SAME_PLACE) and feats[i].key == feats[j].key:
            return  # already one by their key
        a, b = (i, j) if i < j else (j, i)
        guard = why_not_merged(feats[a], feats[b])
        if guard and defined and (
            guard[0] in DEFINITION_OVERRIDES
            or defined is True and guard[0].endswith("is never the body it is named after")
            or defined in (True, "code-place") and guard[0] == "a place on one side only"
        ):
            guard = None  # the text itself says "Cục Viễn thông và cơ yếu (Cục H04)"
        kept = ""
        if guard:
            why, forbidden = guard
            if forbidden:
                return
            kept = why
            if outcome == "merge":
                outcome, score = "suggest", min(score, 50.0)
            if why == MARKS_LEFT_OUT:
                # "Thanh" / "Thành" are two names as often as one typed without its mark: ranked low.
                score = min(score, 55.0)
        current = links.get((a, b))
        if current is not None and current.outcome == "merge" and outcome == "suggest":
            return
        if current is None or (current.outcome == "suggest" and outcome == "merge"):
            current = links[(a, b)] = Link(a, b, outcome, score, [reason])  # type: ignore[arg-type]
            for x in (a, b):
                if feats[x].aside:
                    current.reasons.append(f"set aside in “{names[x].text}”: {feats[x].aside}")
        elif reason not in current.reasons:
            current.reasons.append(reason)
        current.score = max(current.score, score)
        if current.outcome == "suggest":
            note = f"not merged: {kept or 'no rule makes it certain'}"
            if kept or not any(r.startswith("not merged: ") for r in current.reasons):
                current.reasons[:] = [r for r in current.reasons if r != "not merged: no rule makes it certain"]
                if note not in current.reasons:
                    current.reasons.append(note)

    def buckets(keyfunc: Callable[[NameFeatures], Hashable | None]) -> list[list[int]]:
        out: dict[Hashable, list[int]] = defaultdict(list)
        for i in order:
            k = keyfunc(feats[i])
            if k is not None:
                out[(feats[i].type, k)].append(i)
        return [m for m in out.values() if len(m) > 1]

    def star(members: list[int], outcome: str, score: float, reason: str) -> None:
        # Names with a parent body join the names with the same parent; a name without one joins them
        # only when a single parent is written ("Vụ Pháp chế" is either ministry's, so neither).
        groups: dict[tuple[str, str, str] | None, list[int]] = {}
        for i in members:
            p = feats[i].parent if feats[i].type != "person" else None
            key = next((g for g in groups if g is not None and p is not None and same_parent(g, p)), p)
            groups.setdefault(key, []).append(i)
        bare = groups.pop(None, [])
        for group in [bare, *groups.values()]:
            for j in group[1:]:
                put(group[0], j, outcome, score, reason)
        if bare and groups:
            several = len(groups) > 1
            for group in groups.values():
                if several:
                    put(bare[0], group[0], "suggest", min(score, 60.0), f"{reason}; but the name is written under several parent bodies")
                else:
                    put(bare[0], group[0], outcome, score, reason)

    for m in buckets(lambda n: n.key):
        star(m, "merge", 100.0, SAME_KEY)
    # Parts permuted, each part's words in order: "Cục Cơ yếu - Viễn thông" = "Cục Viễn thông và Cơ yếu",
    # but "Công ty Phát Bình An" is not "Công ty An Bình Phát".
    for m in buckets(lambda n: (n.head, n.body_parts, n.place) if n.type != "person" and n.body_parts else None):
        star(m, "merge", 95.0, REORDERED)
    for m in buckets(lambda n: (n.head, n.key_body, n.place_key) if n.type != "person" and n.place else None):
        star(m, "merge", 98.0, SAME_PLACE)
    for m in buckets(lambda n: event_key(n) if n.type == "event" else None):
        star(m, "merge", 90.0, SAME_CONGRESS)
    link_without_marks(feats, order, put)
    link_shortened(feats, order, put)
    link_leading_codes(feats, order, put)
    # Codes that are a body's whole name, with the head of that body: "KBNN" -> {"kho bac nha nuoc"}.
    defined_codes: dict[str, set[str]] = defaultdict(set)
    for d in definitions:
        if WORD.findall(d.short):
            defined_codes[fold(WORD.findall(d.short)[-1]).replace("&", "")].add(analyse(d.long, d.type).head_id)
    for n in feats:
        if n.parts is not None and n.parts.abbreviation is not None and n.head:
            defined_codes[fold(WORD.findall(n.parts.abbreviation.text)[-1]).replace("&", "")].add(n.head)
    link_acronyms(feats, order, put, defined_codes)
    link_definitions(feats, order, definitions, put)
    link_people(feats, order, put)
    link_similar_spellings(feats, order, links, put)
    link_shared_words(feats, links, put)
    keep_fewest_suggestions(links)
    for link in links.values():  # what links them, then what was set aside, then what kept them apart
        link.reasons.sort(key=lambda r: (r.startswith("not merged: "), r.startswith("set aside in ")))
    return sorted(links.values(), key=lambda link: (link.a, link.b))


def cluster(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> dict[str, Any]:
    """Clusters of automatic merges (every name in exactly one) and suggestions between clusters.

    ``{"clusters": [{"name", "type", "members", "reasons"}], "suggestions": [{"a", "b", "score", "reasons"}]}``
    (a cluster's reasons are those of its automatic merges, with the parts set aside in its names; a
    suggestion's end with what kept it from merging, "not merged: ..."),
    sorted so that the same set of names always gives the same result.
    """
    with _no_cycle_collection():
        return _cluster(names, definitions)


def _cluster(names: Sequence[NameRecord], definitions: Sequence[Definition]) -> dict[str, Any]:
    links = _match(names, definitions)
    sets = DisjointSet(len(names))
    for link in links:
        if link.outcome == "merge":
            sets.union(link.a, link.b)
    find = sets.find
    groups = sets.groups()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in names:
        counts[(r.type, r.text)] += r.count

    aside = [analyse(r.text, r.type).has_aside for r in names]

    def canonical(members: list[int]) -> str:
        def rank(i: int) -> tuple[Any, ...]:
            t = names[i].text
            short = all(is_code(w) for w in WORD.findall(t)[1:]) if " " in t else is_code(t)
            return (aside[i], short, not has_marks(t), -counts[(names[i].type, t)], -len(t), t)

        return names[min(members, key=rank)].text

    why: dict[int, list[str]] = defaultdict(list)
    for link in links:
        if link.outcome == "merge":
            bucket = why[find(link.a)]
            bucket.extend(r for r in link.reasons if r not in bucket)
    clusters = sorted(
        (
            {
                "name": canonical(m),
                "type": names[m[0]].type,
                "members": sorted({names[i].text for i in m}),
                "reasons": sorted(why.get(find(m[0]), [])),
            }
            for m in groups
        ),
        key=lambda c: (c["type"], c["name"], c["members"]),
    )
    # One suggestion per pair of clusters: the best of the links between them.
    best: dict[tuple[int, int], dict[str, Any]] = {}
    for link in links:
        ca, cb = find(link.a), find(link.b)
        if link.outcome != "suggest" or ca == cb:
            continue
        a, b = sorted((names[link.a].text, names[link.b].text))
        s = {"a": a, "b": b, "score": round(float(link.score), 1), "reasons": list(link.reasons)}
        pair = (min(ca, cb), max(ca, cb))
        old = best.get(pair)
        if old is None or (s["score"], old["a"], old["b"]) > (old["score"], s["a"], s["b"]):
            best[pair] = s
    suggestions = sorted(best.values(), key=lambda s: (-s["score"], s["a"], s["b"]))
    return {"clusters": clusters, "suggestions": suggestions}
