"""Linking names: merge what is certain, suggest what is not, never link the distinct.

Candidates come from keys and blocks, never from comparing all pairs:

* the same comparison key (case, Unicode form, tone placement, "và"/"&"/"-");
* the same words in another order ("Cục Cơ yếu - Viễn thông" = "Cục Viễn thông và Cơ yếu");
* an acronym of the syllable initials with the head noun and place kept
  ("Cục BĐTW" = "Cục Bưu điện Trung ương", "Sở TT&TT tỉnh X" = "Sở Thông tin và
  Truyền thông tỉnh X"), a known acronym ("VNPost"), a bare code and the same
  code with its head ("BĐTW" = "Cục BĐTW");
* a definition in the text ("Cục Viễn thông và cơ yếu (Cục H04)");
* the same name typed without diacritics: merged when exactly one marked form
  has those letters, suggested when several do (Hùng / Hưng);
* the same national congress number for events;
* people: the same family and given name with a middle name missing (suggest);
* rapidfuzz ``ratio`` inside small blocks (type + head + place for
  organisations; family + given name for people) for typos (suggest).

Guards then forbid an automatic merge across different types, head nouns,
places, numbers, family or given names; different places, types and
people's names are never linked at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import fuzz, process

from curator.extract.lexicon import KNOWN_ACRONYMS, ORG_HEADS, PLACE_HEADS
from curator.models import Definition
from curator.resolve.keys import fold, has_marks, name_key

__all__ = ["Link", "NameRecord", "cluster", "match"]

_WORD = re.compile(r"[\w&]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
_HEADS = sorted({tuple(fold(h).split()) for h in ORG_HEADS + PLACE_HEADS}, key=len, reverse=True)
_PLACE_MARKERS = {("tinh",), ("thanh", "pho"), ("tp",), ("huyen",), ("quan",), ("thi", "xa")}
_CONNECT = {"va", "&"}
_ROMAN_CHARS = set("IVXLC")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_KNOWN_ACRONYMS = {fold(k): v for k, v in KNOWN_ACRONYMS.items()}
_FUZZY_CUTOFF = 88.0
_BLOCK_ROWS = 2000

# Reasons shown to the curator.
SAME_KEY = "same name: differs only in case/diacritic placement/'và' vs '&'"
REORDERED = "same words in another order"
NO_MARKS = "same name written without diacritics (the only marked form with these letters)"
NO_MARKS_AMBIGUOUS = "same letters without diacritics, but several marked forms exist"
SAME_CONGRESS = "the same congress (same number)"
MIDDLE_MISSING = "same family and given name, middle name missing: may be two people"


@dataclass(frozen=True)
class NameRecord:
    """One distinct surface name (already grouped by ``name_key`` by the caller)."""

    text: str
    type: str
    count: int = 1


@dataclass
class Link:
    """A link between ``names[a]`` and ``names[b]`` (a < b)."""

    a: int
    b: int
    outcome: Literal["merge", "suggest"]
    score: float
    reasons: list[str] = field(default_factory=list)


def _roman(token: str) -> int | None:
    if not _ROMAN.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " "):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


@dataclass(slots=True)
class _Name:
    """Everything the rules need about one name, computed once."""

    type: str
    text: str
    key: str
    folded: tuple[str, ...]  # words without marks, lower case
    marked: bool
    head: str = ""
    body: tuple[str, ...] = ()  # folded words after the head, before the place, connectors dropped
    raw_body: tuple[str, ...] = ()  # the same words as written
    key_body: tuple[str, ...] = ()  # the same words as comparison keys (marks kept)
    place: str = ""
    numbers: frozenset[int] = frozenset()
    family: str = ""
    middle: str = ""
    given: str = ""


def _features(r: NameRecord) -> _Name:
    text = unicodedata.normalize("NFC", r.text)
    raw = _WORD.findall(text)
    lowered = text.lower()
    ftext = fold(lowered)
    folded = tuple(_WORD.findall(ftext))
    if len(folded) != len(raw):  # a character that folds to several: word by word
        folded = tuple(fold(w) for w in raw)
    n = _Name(r.type, text, name_key(text, r.type), folded, ftext != lowered)
    nums = set()
    for w in raw:
        if w.isdigit():
            nums.add(int(w))
        elif w.isupper() and set(w) <= _ROMAN_CHARS:  # "XIII", "VII"
            nums.add(_roman(w.lower()) or 0)
    n.numbers = frozenset(nums)
    if r.type == "person":
        if len(raw) >= 2:
            n.family, n.given = name_key(raw[0]), name_key(raw[-1])
            n.middle = " ".join(name_key(w) for w in raw[1:-1])
        elif raw:
            n.given = name_key(raw[0])
        return n
    hl = 0
    for h in _HEADS:
        if folded[: len(h)] == h:
            hl = len(h)
            n.head = " ".join(h)
            break
    end = len(folded)
    for k in range(hl, len(folded)):
        for m in _PLACE_MARKERS:
            if folded[k : k + len(m)] == m and k + len(m) < len(folded):
                end = k
                rest = " ".join(folded[k + len(m) :])
                n.place = rest
                break
        if end != len(folded):
            break
    keep = [(f, w) for f, w in zip(folded[hl:end], raw[hl:end]) if f not in _CONNECT]
    n.body = tuple(f for f, _ in keep)
    n.raw_body = tuple(w for _, w in keep)
    n.key_body = tuple(name_key(w) for _, w in keep)
    return n


def _is_code(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word[1:].islower() or any(c.isdigit() for c in word)


def _initials(n: _Name) -> tuple[str, bool] | None:
    """The body as syllable initials ("Bưu điện Trung ương" -> "bdtu"); codes spelled out ("BĐTW" -> "bdtu")."""
    if n.type != "organization" or not n.body:
        return None
    out = []
    has_code = False
    for f, w in zip(n.body, n.raw_body):
        if _is_code(w):
            has_code = True
            out.append(f.replace("&", "").replace("w", "u"))  # TW = Trung ương
        else:
            out.append(f[0])
    sig = "".join(out)
    return (sig, has_code) if len(sig) >= 2 else None


def _event_key(n: _Name) -> str | None:
    """"Đại hội XIII", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" -> the 13th national congress."""
    f = " ".join(n.folded)
    if not f.startswith("dai hoi") or len(n.numbers) != 1 or "dang bo" in f or "dang uy" in f or "tinh" in n.folded:
        return None
    return f"national congress {next(iter(n.numbers))}"


def _bare(key: str) -> str:
    """A syllable key without its marks: "hung2" -> "hung"."""
    return fold(key).rstrip("012345")


def _guard(a: _Name, b: _Name) -> tuple[str, bool] | None:
    """Why two names must not be merged, and whether they must not even be suggested."""
    if a.type != b.type:
        return "different types", True
    if a.type == "person":
        if a.given != b.given and _bare(a.given) != _bare(b.given):
            return "different given names", True
        if a.family and b.family and a.family != b.family and _bare(a.family) != _bare(b.family):
            return "different family names", True
        if a.marked and b.marked and (a.given != b.given or a.family != b.family):
            return "different diacritics in the name", True
        return None
    if a.place != b.place:
        return "different places", True
    if a.numbers != b.numbers:
        return "different numbers", False
    if a.type == "organization" and a.head != b.head:
        return "different head noun", False
    return None


def match(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> list[Link]:
    """Links between names (indexes into ``names``); deterministic and independent of input order."""
    feats = [_features(r) for r in names]
    order = sorted(range(len(names)), key=lambda i: (feats[i].type, feats[i].key, feats[i].text, names[i].count))
    links: dict[tuple[int, int], Link] = {}

    def put(i: int, j: int, outcome: str, score: float, reason: str, defined: bool = False) -> None:
        if i == j:
            return
        a, b = (i, j) if i < j else (j, i)
        guard = _guard(feats[a], feats[b])
        if guard and defined and guard[0] in ("different numbers", "different head noun"):
            guard = None  # the text itself says "Cục Viễn thông và cơ yếu (Cục H04)"
        if guard:
            why, forbidden = guard
            if forbidden:
                return
            if outcome == "merge":
                outcome, score, reason = "suggest", min(score, 50.0), f"{reason}; but {why}"
        current = links.get((a, b))
        if current is None or (current.outcome == "suggest" and outcome == "merge"):
            links[(a, b)] = Link(a, b, outcome, score, [reason])  # type: ignore[arg-type]
        elif current.outcome == outcome:
            if reason not in current.reasons:
                current.reasons.append(reason)
            current.score = max(current.score, score)

    def buckets(keyfunc: Callable[[_Name], Hashable | None]) -> list[list[int]]:
        out: dict[Hashable, list[int]] = defaultdict(list)
        for i in order:
            k = keyfunc(feats[i])
            if k is not None:
                out[(feats[i].type, k)].append(i)
        return [m for m in out.values() if len(m) > 1]

    def star(members: list[int], outcome: str, score: float, reason: str) -> None:
        for j in members[1:]:
            put(members[0], j, outcome, score, reason)

    for m in buckets(lambda n: n.key):
        star(m, "merge", 100.0, SAME_KEY)
    for m in buckets(lambda n: (n.head, tuple(sorted(n.key_body)), n.place) if n.type != "person" and len(n.body) >= 2 else None):
        star(m, "merge", 95.0, REORDERED)
    for m in buckets(lambda n: _event_key(n) if n.type == "event" else None):
        star(m, "merge", 90.0, SAME_CONGRESS)
    _without_marks(feats, order, put)
    _acronyms(feats, order, put)
    # Definitions in the text: "Cục Viễn thông và cơ yếu (Cục H04)".
    by_key: dict[tuple[str, str], int] = {}
    for i in order:
        by_key.setdefault((feats[i].type, feats[i].key), i)
    for d in definitions:
        i = by_key.get((d.type, name_key(d.long, d.type)))
        j = by_key.get((d.type, name_key(d.short, d.type)))
        if i is not None and j is not None:
            put(i, j, "merge", 100.0, f"defined in the text: “{d.evidence[:80]}”", defined=True)
    _people(feats, order, put)
    _fuzzy(feats, order, links, put)
    return sorted(links.values(), key=lambda link: (link.a, link.b))


def _without_marks(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    by_fold: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        by_fold[(feats[i].type, tuple(f for f in feats[i].folded if f not in _CONNECT))].append(i)
    for members in by_fold.values():
        bare = [i for i in members if not feats[i].marked]
        if not bare:
            continue
        marked = [i for i in members if feats[i].marked]
        distinct = {feats[i].key for i in marked}
        for i in bare:
            for j in marked:
                if len(distinct) == 1:
                    put(i, j, "merge", 92.0, NO_MARKS)
                else:
                    put(i, j, "suggest", 70.0, NO_MARKS_AMBIGUOUS)


def _acronyms(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    longs: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    shorts: list[tuple[int, tuple[str, str, str]]] = []
    codes: dict[str, list[int]] = defaultdict(list)  # "bdtw" -> ["Cục BĐTW", "BĐTW"]
    keys: dict[str, list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type != "organization":
            continue
        keys[n.key].append(i)
        sig = _initials(n)
        if sig:
            if sig[1]:
                shorts.append((i, (n.head, sig[0], n.place)))
            else:
                longs[(n.head, sig[0], n.place)].append(i)
        if len(n.raw_body) == 1 and _is_code(n.raw_body[0]) and not n.place:
            codes[n.body[0]].append(i)
    for i, sig in shorts:
        targets = longs.get(sig, [])
        distinct = {feats[j].body for j in targets}  # "Bo Thong tin ..." is not another name
        for j in targets:
            if len(distinct) == 1:
                put(i, j, "merge", 90.0, f"acronym of the syllable initials with the head noun kept ({' '.join(feats[i].raw_body)})")
            else:
                put(i, j, "suggest", 65.0, "acronym fits several names")
    # A bare code and the same code with its head noun: "BĐTW" = "Cục BĐTW".
    for members in codes.values():
        bare = [i for i in members if not feats[i].head]
        headed = [i for i in members if feats[i].head]
        for i in bare:
            for j in headed:
                outcome = "merge" if len({feats[x].head for x in headed}) == 1 else "suggest"
                put(
                    i, j, outcome, 90.0 if outcome == "merge" else 60.0, "the same code with and without its head noun",
                    defined=True,
                )
    # Known acronyms whose expansion is not the initials: VNPost, VNPT, CAND.
    for code, expansion in _KNOWN_ACRONYMS.items():
        targets = keys.get(name_key(expansion, "organization"), [])
        for i in codes.get(code, []):
            for j in targets:
                put(i, j, "merge", 90.0, f"known acronym: {code.upper()} = {expansion}", defined=True)


def _people(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    """"Phạm Hải" / "Phạm Hồng Hải": suggested, never merged."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type == "person" and n.family:
            blocks[(n.family, n.given)].append(i)
    for members in blocks.values():
        short = [i for i in members if not feats[i].middle]
        if not short or len(members) < 2:
            continue
        full = [i for i in members if feats[i].middle]
        for i in short:
            for j in full:
                put(i, j, "suggest", 70.0, MIDDLE_MISSING)


def _fuzzy(feats: list[_Name], order: list[int], links: dict[tuple[int, int], Link], put: Callable[..., None]) -> None:
    """Typos and damaged text: rapidfuzz ratio inside small blocks, suggestions only."""
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type == "person":
            if n.family:
                blocks[("person", _bare(n.family), _bare(n.given))].append(i)
        elif n.type == "organization":
            blocks[("organization", n.head, n.place)].append(i)
        else:
            blocks[(n.type, n.numbers)].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        texts = [feats[i].key for i in members]
        for start in range(0, len(members), _BLOCK_ROWS):
            rows_ = texts[start : start + _BLOCK_ROWS]
            # threads pay only for big blocks; most blocks are a handful of names
            workers = -1 if len(rows_) * len(texts) > 200_000 else 1
            scores = process.cdist(rows_, texts, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, workers=workers)
            rows, cols = scores.nonzero()
            for x, y in zip(rows.tolist(), cols.tolist()):
                x += start
                if x >= y:
                    continue
                i, j = members[x], members[y]
                if (min(i, j), max(i, j)) in links:
                    continue
                a, b = feats[i], feats[j]
                ta, tb = set(a.body), set(b.body)
                if ta and tb and ta != tb and (ta < tb or tb < ta):
                    continue  # one is the other plus distinguishing words
                score = float(scores[x - start, y])
                put(i, j, "suggest", score, f"similar spelling (rapidfuzz ratio {score:.0f})")


def cluster(names: Sequence[NameRecord], definitions: Sequence[Definition] = ()) -> dict[str, Any]:
    """Clusters of automatic merges (every name in exactly one) and suggestions between clusters.

    ``{"clusters": [{"name", "type", "members"}], "suggestions": [{"a", "b", "score", "reasons"}]}``,
    sorted so that the same set of names always gives the same result.
    """
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
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in names:
        counts[(r.type, r.text)] += r.count

    def canonical(members: list[int]) -> str:
        def rank(i: int) -> tuple[Any, ...]:
            t = names[i].text
            short = all(_is_code(w) for w in _WORD.findall(t)[1:]) if " " in t else _is_code(t)
            return (short, not has_marks(t), -counts[(names[i].type, t)], -len(t), t)

        return names[min(members, key=rank)].text

    clusters = sorted(
        (
            {"name": canonical(m), "type": names[m[0]].type, "members": sorted({names[i].text for i in m})}
            for m in groups.values()
        ),
        key=lambda c: (c["type"], c["name"], c["members"]),
    )
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for link in links:
        if link.outcome != "suggest" or find(link.a) == find(link.b):
            continue
        a, b = sorted((names[link.a].text, names[link.b].text))
        s = {"a": a, "b": b, "score": round(float(link.score), 1), "reasons": sorted(link.reasons)}
        old = best.get((a, b))
        if old is None or (s["score"], s["reasons"]) > (old["score"], old["reasons"]):
            best[(a, b)] = s
    suggestions = sorted(best.values(), key=lambda s: (-s["score"], s["a"], s["b"]))
    return {"clusters": clusters, "suggestions": suggestions}
