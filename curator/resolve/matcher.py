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
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from rapidfuzz import fuzz, process

from curator.extract.lexicon import (
    HEAD_ACRONYMS,
    KNOWN_ACRONYMS,
    PLACE_HEAD_BRANDS,
    PLAIN_FAMILY_NAMES,
    PLAIN_NAME_SYLLABLES,
    STANDALONE_ORGS,
)
from curator.models import Definition
from curator.resolve.candidates import similar_pairs
from curator.names.analyse import HEADS, NameParts, analyse, is_code, namesake_description, namesake_kind
from curator.resolve.keys import MAX_KEY, fold, has_marks, marks_dropped, name_key
from curator.resolve.unionfind import DisjointSet

__all__ = ["Link", "NameRecord", "cluster", "match"]

_WORD = re.compile(r"[\w&]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
_HEADS = HEADS
_HEAD_ACRONYMS = {fold(k): fold(v) for k, v in HEAD_ACRONYMS.items()}
_PLACE_HEAD_BRANDS = {fold(k): fold(v) for k, v in PLACE_HEAD_BRANDS.items()}
_CONNECT = {"va", "&"}
_ROMAN_CHARS = set("IVXLC")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_KNOWN_ACRONYMS = {fold(k): v for k, v in KNOWN_ACRONYMS.items()}
_STANDALONE_CODES = frozenset(fold(s) for s in STANDALONE_ORGS)
_KNOWN_HEADS = {code: analyse(v).head_id for code, v in _KNOWN_ACRONYMS.items()}
_FUZZY_CUTOFF = 88.0
_BLOCK_ROWS = 2000
# Blocks up to this many names are compared whole (the largest block of the generated
# 100,000-name list holds 111); a bigger one (30,000 "Công ty TNHH ..." share one head and
# no place) is compared in sorted windows: each name meets the _WINDOW names after it.
_MAX_BLOCK = 500
_WINDOW = 100
# An acronym or code that fits more names than this is linked to none: on real text one
# fits one to three names, and each extra name would cost a link per short form.
_MAX_EXPANSIONS = 50
# Blocks of names whose initials begin alike compared for shortened forms, all pairs.
_MAX_SHORTENED_BLOCK = 200
# Similar-spelling (and shortened-form) suggestions kept per name, the best scored; a pair is
# kept only when both names have room, so no name gets more than this many of each kind.
_MAX_SIMILAR = 10
# Suggestions of all kinds kept per name, the best scored, both names with room: a crowd of
# look-alikes ("Công ty TNHH An Bình ...") costs suggestions in proportion to its size.
_MAX_SUGGESTIONS = 10
# Words of a body compared as a set, and of a name read for its parts (the longest real
# name has under 20).
_MAX_BODY_WORDS = 64
_MAX_NAME_WORDS = 64


# Guards a definition in the text overrides: "Cục Viễn thông và cơ yếu (Cục H04)".
_DEFINITION_OVERRIDES = frozenset({"different numbers", "different head noun"})

# Reasons shown to the curator.
SAME_KEY = "same name: differs only in case/diacritic placement/'và' vs '&'"
REORDERED = "same parts in another order"
NO_MARKS = "same name written without diacritics (the only marked form with these letters)"
NO_MARKS_AMBIGUOUS = "same letters without diacritics, but several marked forms exist"
NO_MARKS_PLAIN = "same letters, but every word is also a name written correctly without diacritics"
SAME_PLACE = "same name and place; the place written with or without 'tỉnh'/'thành phố' or in short (TP.HCM)"
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
    place: str = ""  # "P:nghe an" (a province or centrally-run city), "city:son la", "huyen ..." or ""
    place_key: str = ""  # the place with its marks kept where it is not a known province
    numbers: frozenset[int] = frozenset()
    family: str = ""
    middle: str = ""
    given: str = ""
    parts: NameParts | None = None
    aside: str = ""  # the parts set aside, described ("title “Thứ trưởng”")
    kind: str = ""  # "press", "school", ...: a body named after another one
    parent: tuple[str, str, str] | None = None  # the parent body's signature (see _parent_signature)
    body_parts: tuple[tuple[str, ...], ...] = ()  # the body's parts between "và"/"&"/"-"/",", sorted (_body_parts)


def _features(r: NameRecord) -> _Name:
    parts = analyse(r.text, r.type)
    text = parts.compared  # the name proper: titles, parent body and abbreviation set aside
    raw = _WORD.findall(text)
    lowered = text.lower()
    ftext = fold(lowered)
    folded = tuple(_WORD.findall(ftext))
    if len(folded) != len(raw):  # a character that folds to several: word by word
        folded = tuple(fold(w) for w in raw)
    if len(raw) > _MAX_NAME_WORDS:
        # No real name is this long (a run of capitalised words in a hostile page): read it by
        # its head end and its place end, so that its cost is bounded like its key's.
        head, tail = _MAX_NAME_WORDS * 3 // 4, _MAX_NAME_WORDS // 4
        raw = raw[:head] + raw[-tail:]
        folded = folded[:head] + folded[-tail:]
    n = _Name(r.type, text, name_key(text, r.type), folded, ftext != lowered)
    n.parts = parts
    if parts.has_aside:
        n.aside = parts.describe()
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
        if parts.parent:
            n.parent = _parent_signature(parts.parent.text)
        return n
    hl = parts.head_words
    if parts.head_id and len(raw) <= _MAX_NAME_WORDS:
        n.head = parts.head_id
    elif len(raw) > _MAX_NAME_WORDS:
        hl = 0
        for h in _HEADS:
            if folded[: len(h)] == h:
                hl = len(h)
                n.head = _HEAD_ACRONYMS.get(" ".join(h), " ".join(h))
                break
    end = len(raw)
    if parts.place and len(raw) <= _MAX_NAME_WORDS:
        end = len(raw) - parts.place_words
        n.place, n.place_key = parts.place_id, parts.place_key
    if hl == 0 and end == 1 and n.place and folded[0] in _PLACE_HEAD_BRANDS:
        n.head, hl = _PLACE_HEAD_BRANDS[folded[0]], 1  # "VNPT Hà Nội" = "Viễn thông Hà Nội"
    keep = [(f, w) for f, w in zip(folded[hl:end], raw[hl:end]) if f not in _CONNECT]
    n.body = tuple(f for f, _ in keep)
    n.raw_body = tuple(w for _, w in keep)
    n.key_body = tuple(name_key(w) for _, w in keep)
    if len(raw) <= _MAX_NAME_WORDS:
        n.body_parts = _body_parts(text, folded, hl, end)
    n.kind = namesake_kind(n.head)
    if parts.parent:
        n.parent = _parent_signature(parts.parent.text)
    return n


_WORD_OR_SEPARATOR = re.compile(r"[\w&]+|[,\-–—]")


def _body_parts(text: str, folded: tuple[str, ...], start: int, end: int) -> tuple[tuple[str, ...], ...]:
    """The parts of a body, as comparison keys, sorted: the runs of words between "và", "&", "-", ","
    ("Cục Viễn thông và Cơ yếu" -> (("co", "yeu"), ("vien", "thong")) with marks kept); () for a body of one part.
    Words ``start`` to ``end`` of the name are its body."""
    parts: list[list[str]] = [[]]
    k = 0
    for m in _WORD_OR_SEPARATOR.finditer(text):
        w = m.group()
        if w in ",-–—":
            if start < k < end and parts[-1]:  # a separator inside the body
                parts.append([])
            continue
        if start <= k < end:
            if folded[k] in _CONNECT:
                if parts[-1]:
                    parts.append([])
            else:
                parts[-1].append(name_key(w))
        k += 1
    found = tuple(sorted(tuple(p) for p in parts if p))
    return found if len(found) > 1 else ()


@lru_cache(maxsize=16384)
def _parent_signature(text: str) -> tuple[str, str, str]:
    """A parent body compared by its head, the initials of its body and its place: "Bộ GD&ĐT" and
    "Bộ Giáo dục và Đào tạo" -> ("bo", "gddt", ""); a bare code by its letters: "BYT" -> ("", "byt", "")."""
    n = _features(NameRecord(text, "organization"))
    sig = _initials(n)
    body = sig[0] if sig else "".join(n.body)
    return n.head, body, n.place


def _same_parent(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    if a == b:
        return True
    if a[2] != b[2]:
        return False
    if not a[0] or not b[0]:  # "BYT" = "Bộ Y tế": the head's initials are part of the code
        full_a = "".join(w[0] for w in a[0].split()) + a[1] if a[0] else a[1]
        full_b = "".join(w[0] for w in b[0].split()) + b[1] if b[0] else b[1]
        return full_a == full_b
    return False


def _is_code(word: str, capitals: bool = False, lower: bool = False) -> bool:
    return is_code(word, capitals, lower)


def _initials(n: _Name) -> tuple[str, bool] | None:
    """The body as syllable initials ("Bưu điện Trung ương" -> "bdtu"); codes spelled out ("BĐTW" -> "bdtu")."""
    if n.type != "organization" or not n.body:
        return None
    out = []
    has_code = False
    capitals = n.parts.capitals if n.parts else False
    lower = n.parts.lower if n.parts else False
    for f, w in zip(n.body, n.raw_body):
        if _is_code(w, capitals, lower):
            has_code = True
            out.append(f.replace("&", "").replace("w", "u"))  # TW = Trung ương
        else:
            out.append(f[0])
    sig = "".join(out)
    return (sig, has_code) if len(sig) >= 2 else None


def _written_out(n: _Name) -> tuple[str, ...]:
    """The words of a body written out, neither codes nor initials, as keys ("Giáo dục và ĐT" -> ("giáo", "dục");
    "71 T.Ư" -> ())."""
    capitals = n.parts.capitals if n.parts else False
    lower = n.parts.lower if n.parts else False
    # by their keys, marks kept: "Tân Vạn" and "Tân Vân" are two names ("TNHH" is their code)
    return tuple(k for k, w in zip(n.key_body, n.raw_body) if len(w) > 1 and not _is_code(w, capitals, lower))


def _event_key(n: _Name) -> str | None:
    """"Đại hội XIII", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" -> the 13th national congress."""
    f = " ".join(n.folded)
    if not f.startswith("dai hoi") or len(n.numbers) != 1 or "dang bo" in f or "dang uy" in f or "tinh" in n.folded:
        return None
    return f"national congress {next(iter(n.numbers))}"


def _bare(key: str) -> str:
    """A syllable key without its marks: "hung2" -> "hung"."""
    return fold(key).rstrip("012345")


MARKS_LEFT_OUT = "one name is the other with some diacritics left out"


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
            if marks_dropped(a.text, b.text):  # "Nguyên Manh Hung": typed with some marks left out
                return MARKS_LEFT_OUT, False
            return "different diacritics in the name", True
        # The body of a role is no guard: people move ("Thứ trưởng Bộ GD&ĐT" becomes "Giám đốc ĐHQGHN").
        return None
    if a.place != b.place:
        if a.place and b.place:
            return "different places", True
        return "a place on one side only", False
    if a.parent and b.parent and not _same_parent(a.parent, b.parent):
        return "different parent bodies", True
    if a.numbers != b.numbers:
        return "different numbers", False
    if a.kind != b.kind and (a.kind and b.kind or a.head and b.head or a.body == b.body):
        # "Báo Hải quan" / "Tổng cục Hải quan" / "Hải quan"; not "Bệnh viện Bạch Mai" / "Bach Mai Hospital"
        kind = namesake_description(a.kind or b.kind)
        return f"{kind} is never the body it is named after", False
    if a.type == "organization" and a.head != b.head:
        return "different head noun", False
    return None


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: matching allocates a few objects per name and frees them at the end,
    and the collector's full passes over them took 1.5-3.8 s of 6-8 s at 42,751 names (none are cycles)."""
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
    feats = [_features(r) for r in names]
    order = sorted(range(len(names)), key=lambda i: (feats[i].type, feats[i].key, feats[i].text, names[i].count))
    links: dict[tuple[int, int], Link] = {}

    def put(i: int, j: int, outcome: str, score: float, reason: str, defined: bool | str = False) -> None:
        """Link i and j unless a guard forbids it; ``defined`` is True when the text or the name itself
        defines one as the other (it overrides the head-noun, number and namesake guards) and "code" for the
        same code with and without a head (it overrides the first two only)."""
        if i == j or reason in (REORDERED, SAME_PLACE) and feats[i].key == feats[j].key:
            return  # already one by their key
        a, b = (i, j) if i < j else (j, i)
        guard = _guard(feats[a], feats[b])
        if guard and defined and (
            guard[0] in _DEFINITION_OVERRIDES
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

    def buckets(keyfunc: Callable[[_Name], Hashable | None]) -> list[list[int]]:
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
            key = next((g for g in groups if g is not None and p is not None and _same_parent(g, p)), p)
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
    for m in buckets(lambda n: _event_key(n) if n.type == "event" else None):
        star(m, "merge", 90.0, SAME_CONGRESS)
    _without_marks(feats, order, put)
    _shortened(feats, order, put)
    _leading_code(feats, order, put)
    # Codes that are a body's whole name, with the head of that body: "KBNN" -> {"kho bac nha nuoc"}.
    defined_codes: dict[str, set[str]] = defaultdict(set)
    for d in definitions:
        if _WORD.findall(d.short):
            defined_codes[fold(_WORD.findall(d.short)[-1]).replace("&", "")].add(analyse(d.long, d.type).head_id)
    for n in feats:
        if n.parts is not None and n.parts.abbreviation is not None and n.head:
            defined_codes[fold(_WORD.findall(n.parts.abbreviation.text)[-1]).replace("&", "")].add(n.head)
    _acronyms(feats, order, put, defined_codes)
    _definitions(feats, order, definitions, put)
    _people(feats, order, put)
    _fuzzy(feats, order, links, put)
    _broad(feats, links, put)
    _fewest_suggestions(links)
    for link in links.values():  # what links them, then what was set aside, then what kept them apart
        link.reasons.sort(key=lambda r: (r.startswith("not merged: "), r.startswith("set aside in ")))
    return sorted(links.values(), key=lambda link: (link.a, link.b))


def _definitions(
    feats: list[_Name], order: list[int], definitions: Sequence[Definition], put: Callable[..., None]
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
        words = _WORD.findall(short)
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
        several = len({tuple(sorted(f for f in feats[ids[0]].folded if f not in _CONNECT)) for ids, _ in longs.values()}) > 1
        for ids, reason in longs.values():
            for j in ids:
                for i in shorts:
                    if several:
                        put(i, j, "suggest", 65.0, f"{reason}; the short name is defined for several names")
                    else:
                        put(i, j, "merge", 100.0, reason, defined=True)


def names_text(n: _Name) -> str:
    return n.parts.source if n.parts is not None else n.text


SHORTENED = "a shortened form: its words begin the longer name's body"
LEADING_CODE = "initials of the first words, the rest written the same"


def _shortened(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    """"Sở Giáo Dục Hà Nội" / "Sở Giáo dục và Đào tạo Hà Nội", "Bộ Văn hoá" / "Bộ VHTTDL": one name's body is
    the beginning of the other's, in words or in initials (suggested: "Cục Viễn thông" is not "Cục Viễn thông
    và Cơ yếu"). Blocked by head, place and the first two initials."""
    blocks: dict[tuple[str, str, str], list[tuple[int, str, tuple[str, ...]]]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type != "organization" or not n.head:
            continue
        sig = _initials(n)
        if sig is None or len(sig[0]) < 2:
            continue
        body = tuple(_i_for_y(w) for w in n.body) if not sig[1] else ()
        blocks[(n.head, n.place, sig[0][:2])].append((i, sig[0], body))
    found: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) < 2 or len(members) > _MAX_SHORTENED_BLOCK:
            continue
        for x, (i, si, bi) in enumerate(members):
            for j, sj, bj in members[x + 1 :]:
                if si == sj or not (si.startswith(sj) or sj.startswith(si)):
                    continue
                short, long = (bi, bj) if len(si) < len(sj) else (bj, bi)
                if short and long and long[: len(short)] != short:
                    continue  # both written out and the words differ
                # the closer in length, the likelier the same name
                found[(min(i, j), max(i, j))] = -abs(len(si) - len(sj))
    for i, j in _most_similar(found):
        put(i, j, "suggest", 58.0, SHORTENED)


def _leading_code(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    """"VKSND Tối cao" = "Viện kiểm sát nhân dân tối cao", "KBNN khu vực I" = "Kho bạc Nhà nước khu vực I":
    a code whose letters are the initials of the other name's first words, the rest the same."""
    coded: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        raw = _WORD.findall(n.text)
        if n.type == "organization" and 1 < len(raw) <= 12 and _is_code(raw[0]) and len(raw[0]) >= 3:
            rest = tuple(f for f in n.folded[1:] if f not in _CONNECT)
            if rest and not any(_is_code(w) and not (w.isupper() and set(w) <= _ROMAN_CHARS) for w in raw[1:]):
                coded[(fold(raw[0]).replace("&", ""), rest)].append(i)
    if not coded:
        return
    for j in order:
        n = feats[j]
        if n.type != "organization" or not n.marked and not n.head:
            continue
        words = [f for f in n.folded if f not in _CONNECT]
        if not 2 < len(words) <= 12:
            continue
        for k in range(2, len(words)):
            targets = coded.get(("".join(w[0] for w in words[:k]), tuple(words[k:])))
            for i in targets or ():
                put(i, j, "merge" if len(targets or ()) == 1 else "suggest", 86.0, LEADING_CODE, defined="code")


def _without_marks(feats: list[_Name], order: list[int], put: Callable[..., None]) -> None:
    by_fold: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        by_fold[(feats[i].type, tuple(f for f in feats[i].folded if f not in _CONNECT))].append(i)
    plain: tuple[set[str], set[str]] | None = None
    for members in by_fold.values():
        bare = [i for i in members if not feats[i].marked]
        if not bare:
            continue
        marked = [i for i in members if feats[i].marked]
        if not marked:
            continue
        distinct = {feats[i].key for i in marked}
        for i in bare:
            if len(distinct) > 1:
                outcome, score, reason = "suggest", 70.0, NO_MARKS_AMBIGUOUS
            elif feats[i].type == "person" and _may_be_plain(feats[i], plain := plain or _plain_words(feats)):
                outcome, score, reason = "suggest", 70.0, NO_MARKS_PLAIN  # "Mai Anh Thanh" / "Mai Anh Thành"
            else:
                outcome, score, reason = "merge", 92.0, NO_MARKS
            for j in marked:
                put(i, j, outcome, score, reason)


def _plain_words(feats: list[_Name]) -> tuple[set[str], set[str]]:
    """Family names and other name words written without diacritics correctly: the known ones, and those
    written plain inside people's names that do carry marks ("Mai" and "Anh" in "Mai Anh Thành")."""
    family, other = set(PLAIN_FAMILY_NAMES), set(PLAIN_NAME_SYLLABLES)
    for n in feats:
        if n.type == "person" and n.marked:
            ws = _WORD.findall(n.text.lower())
            if len(ws) >= 2 and ws[0].isascii():
                family.add(ws[0])
            other.update(w for w in ws[1:] if w.isascii())
    return family, other


def _may_be_plain(n: _Name, plain: tuple[set[str], set[str]]) -> bool:
    """True when every word of an unmarked person's name is also a correct spelling of a name word, so the
    name may be a real unmarked one ("Mai Anh Thanh"), not a marked one typed without diacritics."""
    family, other = plain
    first, *rest = n.folded
    if not rest:
        return first in other
    return first in family and all(w in other for w in rest)


def _acronyms(
    feats: list[_Name], order: list[int], put: Callable[..., None], defined: dict[str, set[str]] | None = None
) -> None:
    """Codes, acronyms and their long forms; ``defined``: codes a definition gives as a body's name, with
    that body's head."""
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
        elif n.head and not n.body and n.place.startswith("P:"):
            longs[(n.head, "", n.place)].append(i)  # "Đại học Đà Nẵng": a head and a place
        if len(n.raw_body) == 1 and _is_code(n.raw_body[0]) and not n.place:
            codes[n.body[0]].append(i)
    # A bare code with the head's initials in it: "BYT" = "Bộ Y tế", "TCHQ" = "Tổng cục Hải quan".
    # "ĐHQGHN" = "Đại học Quốc gia Hà Nội": the place's initials too, when the code has no place.
    fulls: dict[tuple[str, str], list[int]] = defaultdict(list)
    with_place: set[str] = set()
    for (head, body, place), members in longs.items():
        if head:
            full = "".join(w[0] for w in head.split()) + body
            fulls[(full, place)].extend(members)
            if place.startswith("P:"):
                code = full + "".join(w[0] for w in place[2:].split())
                fulls[(code, "")].extend(members)
                with_place.add(code)
            elif not place:
                fulls[(full + "vn", "")].extend(members)  # "TCĐBVN" = "Tổng cục Đường bộ Việt Nam"
    # Codes that are a body's whole name, with the heads of those bodies ("" when unknown).
    named: dict[str, set[str]] = defaultdict(set)
    for (code, _), members in fulls.items():
        named[code].update(feats[j].head for j in members)
    for code, heads in (defined or {}).items():
        named[code] |= heads
    for code in _KNOWN_ACRONYMS:
        named[code].add(_KNOWN_HEADS[code])
    for code in _STANDALONE_CODES:
        named[code].add(_KNOWN_HEADS.get(code, ""))
    for code, members in codes.items():
        bare = [i for i in members if not feats[i].head]
        targets = fulls.get((code.replace("&", ""), ""), [])
        if not bare or not targets or len(targets) > _MAX_EXPANSIONS:
            continue
        distinct = {(feats[j].head, feats[j].body) for j in targets}
        for i in bare:
            for j in targets:
                if len(distinct) == 1:
                    how = "code-place" if code.replace("&", "") in with_place else "code"
                    put(i, j, "merge", 88.0, f"initials of the whole name, head noun included ({feats[i].text})", defined=how)
                else:
                    put(i, j, "suggest", 60.0, "initials of the whole name fit several names")
    # A bare code with the body's initials: "GD&TĐ" ~ "Báo Giáo dục và Thời đại" (suggested: the head is
    # not written, so "GD&ĐT" may be the ministry or a department).
    bodies: dict[str, list[int]] = defaultdict(list)
    for (head, body, place), members in longs.items():
        if head and not place:
            bodies[body].extend(members)
    for code, members in codes.items():
        targets = bodies.get(code.replace("&", ""), [])
        if len(targets) > _MAX_EXPANSIONS:
            continue
        for i in members:
            if not feats[i].head:
                for j in targets:
                    put(i, j, "suggest", 62.0, "the code spells the body's initials; the head noun is not written")
    # Two spellings of one code: "Bộ GD&ĐT", "Bộ GDĐT", "Bộ GD-ĐT", "Bộ GD và ĐT".
    # The codes must carry the letters: two names whose words written out differ ("An Bình Hoà 395",
    # "An Bắc Hưng 395") are two names with the same initials, not one code; a name all in codes
    # ("GD&ĐT") is the same as one that writes some of its words out ("Giáo dục và ĐT").
    spelled: dict[tuple[str, str, str], dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, sig in shorts:
        spelled[sig][_written_out(feats[i])].append(i)
    for by_words in spelled.values():
        for members in by_words.values():
            for j in members[1:]:
                put(members[0], j, "merge", 92.0, "the same abbreviation spelled another way")
        hub = by_words.get(())
        if hub:
            for words, members in by_words.items():
                if words:
                    put(hub[0], members[0], "merge", 92.0, "the same abbreviation spelled another way")
    for i, sig in shorts:
        targets = longs.get(sig, [])
        if len(targets) > _MAX_EXPANSIONS:
            continue  # fits too many names to say anything (and would cost shorts x names)
        distinct = {feats[j].body for j in targets}  # "Bo Thong tin ..." is not another name
        for j in targets:
            # A name with no head and no Vietnamese marks may be English: "VNA" is not proved
            # "Vietnam News Agency" by its letters (it is also Vietnam Airlines).
            vietnamese = bool(feats[j].head) or feats[j].marked
            if len(distinct) == 1 and vietnamese:
                put(i, j, "merge", 90.0, f"acronym of the syllable initials with the head noun kept ({' '.join(feats[i].raw_body)})")
            else:
                put(i, j, "suggest", 65.0, "acronym fits several names")
    # A bare code and the same code with its head noun: "BĐTW" = "Cục BĐTW".
    for members in codes.values():
        bare = [i for i in members if not feats[i].head]
        headed = [i for i in members if feats[i].head]
        if len(headed) > _MAX_EXPANSIONS:
            continue
        for i in bare:
            for j in headed:
                outcome = "merge" if len({feats[x].head for x in headed}) == 1 else "suggest"
                reason = "the same code with and without its head noun"
                heads = named.get(feats[i].body[0].replace("&", ""))
                if heads and feats[j].head not in heads:
                    # The code is a body's whole name ("KBNN"): "Thanh tra KBNN" is a unit of it, while
                    # "Tập đoàn VNPT" is the group itself.
                    outcome, reason = "suggest", f"{reason}; but the code is itself a body's name"
                put(i, j, outcome, 90.0 if outcome == "merge" else 60.0, reason, defined="code")
    # Known acronyms whose expansion is not the initials: VNPost, VNPT, CAND.
    for code, expansion in _KNOWN_ACRONYMS.items():
        targets = keys.get(_features(NameRecord(expansion, "organization")).key, [])
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
        found: dict[tuple[int, int], float] = {}
        if len(members) <= _MAX_BLOCK:
            _score_pairs(feats, members, [(0, len(members), len(members))], links, found)
        else:
            # A block too big to compare whole (a hostile page of thousands of "Trung tâm ..."
            # names): sorted neighbourhood, twice. Each name meets the _WINDOW names after it
            # in the order of the keys and in the order of the reversed keys, so a typo late or
            # early in a name still finds its partner, and no name costs more than it would in
            # a block of _MAX_BLOCK compared whole.
            for order_key in (lambda i: feats[i].key, lambda i: feats[i].key[::-1]):
                ranked = sorted(members, key=order_key)
                n = len(ranked)
                chunks = [(s, min(s + _WINDOW, n), min(s + 2 * _WINDOW, n)) for s in range(0, n, _WINDOW)]
                _score_pairs(feats, ranked, chunks, links, found, window=_WINDOW)
        for (i, j), score in _most_similar(found).items():
            put(i, j, "suggest", score, f"similar spelling (rapidfuzz ratio {score:.0f})")


def _bag(n: _Name) -> frozenset[str] | None:
    """The tokens an organisation's name is compared by in the review queue (see curator.resolve.candidates)."""
    if n.type != "organization" or not (n.body or n.head):
        return None
    out = {_i_for_y(w.replace("&", "")) for w in n.body[:_MAX_BODY_WORDS] if w not in _CONNECT}
    if n.head:
        out.add(f"h:{n.head}")
    if n.place:
        out.add(f"p:{n.place}")
    sig = _initials(n)
    if sig:
        out.add(f"i:{sig[0]}")
        if n.head and not sig[1]:
            out.add("f:" + "".join(w[0] for w in n.head.split()) + sig[0])
    if not n.head and len(n.body) == 1:
        out.add(f"f:{n.body[0].replace('&', '')}")
    return frozenset(out)


def _i_for_y(word: str) -> str:
    """"ly" -> "li", "ky" -> "ki": the old and the new spelling of one syllable ("quản lí" / "quản lý")."""
    return word[:-1] + "i" if len(word) >= 2 and word[-1] == "y" and word[-2] not in "aeiouy" else word


def _readable(token: str) -> str:
    kind, _, rest = token.partition(":")
    if not rest:
        return token
    return {"h": "head", "p": "place", "i": "initials", "f": "initials"}.get(kind, kind) + f" {rest}"


def _broad(feats: list[_Name], links: dict[tuple[int, int], Link], put: Callable[..., None]) -> None:
    """Suggestions from rare shared words, so that the review queue misses almost no true variant."""
    for (i, j), (cos, common) in similar_pairs([_bag(n) for n in feats]).items():
        if (i, j) in links:
            continue
        shared = ", ".join(_readable(t) for t in common[:4])
        put(i, j, "suggest", round(30.0 + 50.0 * cos, 1), f"similar names (rare words shared: {shared})")


def _most_similar(found: dict[tuple[int, int], float], cap: int = _MAX_SIMILAR) -> dict[tuple[int, int], float]:
    """The pairs to suggest, in the order found: the best scored first, a pair kept only when both
    names have fewer than ``cap`` kept, so that a crowd of look-alikes (copies of one boilerplate)
    costs links in proportion to its size, not its square, and no name gets more than ``cap``."""
    slots: dict[int, int] = defaultdict(int)
    keep = set()
    for (i, j), _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        if slots[i] < cap and slots[j] < cap:
            keep.add((i, j))
            slots[i] += 1
            slots[j] += 1
    return {pair: score for pair, score in found.items() if pair in keep}


def _fewest_suggestions(links: dict[tuple[int, int], Link]) -> None:
    """Keep each name's _MAX_SUGGESTIONS best suggestions (both names with room); merges all stay."""
    suggested = {pair: link.score for pair, link in links.items() if link.outcome == "suggest"}
    kept = _most_similar(suggested, _MAX_SUGGESTIONS)
    for pair in suggested:
        if pair not in kept:
            del links[pair]


def _score_pairs(
    feats: list[_Name],
    members: list[int],
    chunks: list[tuple[int, int, int]],
    links: dict[tuple[int, int], Link],
    found: dict[tuple[int, int], float],
    window: int | None = None,
) -> None:
    """Score ``members[x]`` against ``members[y]`` for x in [start, stop) and x < y < end (and
    y - x <= window), per chunk (start, stop, end); add the pairs over the cutoff to ``found``."""
    # Keys are capped (curator.resolve.keys.MAX_KEY): compare the readable part, not the digest.
    texts = [feats[i].key[:MAX_KEY] for i in members]
    words: dict[int, frozenset[str]] = {}

    def body(i: int) -> frozenset[str]:
        # Made once per name, and of its first _MAX_BODY_WORDS words only, like the key: a
        # crowd of 2,000-word look-alikes must not cost 2,000 lookups per pair.
        got = words.get(i)
        if got is None:
            got = words[i] = frozenset(feats[i].body[:_MAX_BODY_WORDS])
        return got
    for start, stop, end in chunks:
        for row in range(start, stop, _BLOCK_ROWS):
            rows_ = texts[row : min(row + _BLOCK_ROWS, stop)]
            cols_ = texts[row:end]
            # threads pay only for big blocks; most blocks are a handful of names
            workers = -1 if len(rows_) * len(cols_) > 200_000 else 1
            scores = process.cdist(rows_, cols_, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, workers=workers)
            xs, ys = scores.nonzero()
            for x, y in zip(xs.tolist(), ys.tolist()):
                if y <= x or (window is not None and y - x > window):
                    continue
                score = float(scores[x, y])
                i, j = members[x + row], members[y + row]
                pair = (min(i, j), max(i, j))
                if pair in links or pair in found:
                    continue
                ta, tb = body(i), body(j)
                if ta and tb and ta != tb and (ta < tb or tb < ta):
                    continue  # one is the other plus distinguishing words
                found[pair] = score


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
            short = all(_is_code(w) for w in _WORD.findall(t)[1:]) if " " in t else _is_code(t)
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
