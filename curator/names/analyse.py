"""One reading of a surface name: the name proper and the parts written around it.

``analyse("Thứ trưởng Bộ Y tế Nguyễn Văn A", "person")`` and
``analyse("Cục An toàn hệ thống (ATHT) - Bộ Công an", "organization")`` split a
name as written into:

* honorifics ("ông", "đồng chí") and titles, ranks and roles ("Thứ trưởng",
  "GS.TS", "Chủ tịch nước"), never part of a person's name;
* the name proper, with its head noun ("Cục") and the place at its end
  ("tỉnh Nghệ An", "TP.HCM") for an organisation;
* a parent body after it ("Cục X - Bộ Y", "Cục X, Bộ Y", "Cục X thuộc Bộ Y",
  "Cục Quản lý Dược Bộ Y tế") or, for a person, the body of the role
  ("Bộ trưởng Bộ Y tế Đào Hồng Lan", "Nguyễn Văn A, Giám đốc Sở Y tế");
* an abbreviation given with the name ("Cục An toàn hệ thống (ATHT)",
  "Trung tâm Dữ liệu quốc gia - TTDL"): a definition.

Offsets are into the NFC form of the input (the input itself when it is NFC).
Titles of names typed without any diacritic are read without them ("Thu
truong Nguyen Van A"). Names written in capitals throughout ("BỘ GIÁO DỤC VÀ
ĐÀO TẠO") are read word by word: a capitalised Vietnamese syllable is a word,
not a code. The vocabulary is data (``curator/data/words``), loaded once.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from curator.extract.lexicon import (
    CENTRAL_CITIES,
    FAMILY_NAMES,
    HEAD_ACRONYMS,
    KNOWN_ACRONYMS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_ALIASES,
    PLACE_HEADS,
    PROVINCES,
    STANDALONE_ORGS,
    load,
)
from curator.resolve.keys import fold, name_key

__all__ = ["NameParts", "Part", "analyse", "is_code", "namesake_kind"]

_PARTS = load("words/name_parts")
_WORD = re.compile(r"[\w&]+")

_HONORIFICS = frozenset(tuple(fold(h).split()) for h in _PARTS["honorifics"])
_NAMESAKE: dict[tuple[str, ...], str] = {
    tuple(fold(h).split()): kind for kind, heads in _PARTS["namesake_heads"].items() for h in heads
}
_NAMESAKE_KIND_NAMES = {
    "press": "a newspaper, magazine or broadcaster",
    "school": "a school or university",
    "hospital": "a hospital or clinic",
    "military": "a military unit",
    "association": "an association or union",
}
# Head nouns as folded word tuples, longest first (the namesake heads are heads too).
HEADS: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(fold(h).split()) for h in (*ORG_HEADS, *PLACE_HEADS)} | set(_NAMESAKE), key=len, reverse=True)
)
_PLACE_ONLY_HEADS = frozenset(tuple(fold(h).split()) for h in PLACE_HEADS) - frozenset(
    tuple(fold(h).split()) for h in ORG_HEADS
)
_HEAD_ACRONYMS = {fold(k): fold(v) for k, v in HEAD_ACRONYMS.items()}
_PARENT_HEADS = tuple(sorted({tuple(fold(h).split()) for h in _PARTS["parent_heads"]}, key=len, reverse=True))
_PARENT_MARKERS = tuple(sorted((tuple(fold(m).split()) for m in _PARTS["parent_markers"]), key=len, reverse=True))
_STANDALONE = frozenset(fold(s) for s in STANDALONE_ORGS)
_FAMILY = frozenset(fold(f) for f in FAMILY_NAMES)
_FAMILY_MARKED = frozenset(FAMILY_NAMES)
_TITLES: dict[tuple[str, ...], bool] = {}  # folded words -> title is written with marks somewhere
for _t in PERSON_TITLES:
    _TITLES[tuple(_WORD.findall(fold(_t)))] = True
_TITLE_MARKED = frozenset(tuple(_WORD.findall(unicodedata.normalize("NFC", t).lower())) for t in PERSON_TITLES) | {
    tuple(h.split()) for h in _PARTS["honorifics"]
}
_TITLE_LENGTHS = sorted({len(t) for t in (*_TITLES, *_HONORIFICS)}, reverse=True)
_CONNECT = {"va", "&"}
_PLACE_MARKERS = {
    tuple(fold(m).split()): tuple(name_key(w) for w in m.split())
    for m in ("tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã")
}
_CITY_MARKERS = {("thanh", "pho"), ("tp",)}
# A Vietnamese syllable: onset, vowels, final. In a name written in capitals a word like this is a
# word ("BỘ", "GIÁO"); one that is not ("GD", "ĐT", "UBND", "VNPT") is a code.
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
_DASHES = {"-", "–", "—"}
_COUNTRY = ("viet", "nam")
_INNER_CODE = re.compile(r"\s*\(\s*([A-ZĐ][A-ZĐ0-9&]+)\s*\)")
_KNOWN_LONG = {fold(k): name_key(v) for k, v in KNOWN_ACRONYMS.items()}
_NATIONAL_HEADS = tuple(tuple(fold(h).split()) for h in _PARTS["national_heads"])
_HEAD_ABBREVIATIONS: dict[str, str] = dict(_PARTS["head_abbreviations"])
_LOOK_ALIKE = str.maketrans(_PARTS["look_alike_letters"])
_WORD_ABBREVIATIONS: dict[str, str] = dict(_PARTS.get("word_abbreviations", {}))
_WORD_ABBREVIATION = (
    re.compile(r"(?<![\w&])(" + "|".join(re.escape(k) for k in sorted(_WORD_ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&])")
    if _WORD_ABBREVIATIONS else None
)
# Anything a name's spelled-out form is made from (see _org_parts): a look-alike letter, a code in
# brackets, a head or a word in short. A name with none of them, anywhere, has no spelled-out form.
_MAY_SPELL = re.compile(
    "|".join(
        [re.escape(c) for c in _PARTS["look_alike_letters"]]
        + [r"\("]
        + [r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in sorted({*_HEAD_ABBREVIATIONS, *_WORD_ABBREVIATIONS}, key=len, reverse=True)) + r")(?![\w&])"]
    )
)
_DIGIT = re.compile(r"\d")
_MAX_WORDS = 64  # the longest real name has under 20 words


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of the input: its text and offsets (``text == source[start:end]``)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NameParts:
    """A surface name read into its parts (see the module docstring)."""

    source: str  # the input, NFC
    type: str
    name: Part  # the name proper: head, body and place of an organisation; the person's own name
    head: Part | None = None  # organisations: the head noun ("Cục", "Sở", "UBND")
    head_id: str = ""  # the head folded, acronyms expanded ("ubnd" -> "uy ban nhan dan")
    place: Part | None = None  # the place at the end of the name proper
    place_id: str = ""  # "P:nghe an" (a province or centrally-run city), "city:son la", "huyen ..." or ""
    place_key: str = ""  # the same with marks kept where it is not a known province
    honorifics: tuple[Part, ...] = ()
    titles: tuple[Part, ...] = ()
    parent: Part | None = None  # the parent body, or the body of a person's role
    abbreviation: Part | None = None
    capitals: bool = False  # written in capitals throughout: words, not codes
    lower: bool = False  # written in lower case throughout ("sở gd&đt"): codes known by their letters
    qualifiers: tuple[Part, ...] = ()  # "(Việt Nam)", "khóa XVIII", "(Nghệ An)" after the name
    spelled: str = ""  # the name proper as compared: heads in short written out ("ĐH" -> "Đại học")
    head_words: int = 0  # words of the head in ``compared``
    place_words: int = 0  # words of the place at the end of ``compared``

    @property
    def compared(self) -> str:
        """The text the matcher compares: ``spelled``, or the name proper."""
        return self.spelled or self.name.text

    @property
    def has_aside(self) -> bool:
        """True when anything besides the name proper was written."""
        return bool(self.honorifics or self.titles or self.parent or self.abbreviation or self.qualifiers)

    @property
    def set_aside(self) -> tuple[tuple[str, Part], ...]:
        """The parts that are not the name, with what they are, in the order written."""
        out = [("honorific", p) for p in self.honorifics] + [("title", p) for p in self.titles]
        if self.parent:
            out.append(("parent body" if self.type != "person" else "body of the role", self.parent))
        if self.abbreviation:
            out.append(("abbreviation", self.abbreviation))
        out += [("qualifier", q) for q in self.qualifiers]
        return tuple(sorted(out, key=lambda kp: kp[1].start))

    def describe(self) -> str:
        """"title “Thứ trưởng”, parent body “Bộ Y tế”" (empty when nothing was set aside)."""
        return ", ".join(f"{kind} “{p.text}”" for kind, p in self.set_aside)


def is_code(word: str, capitals: bool = False, lower: bool = False) -> bool:
    """An acronym or code ("BĐTW", "TT&TT", "H04", "VNPost"), not a capitalised word.

    In a name written in capitals a Vietnamese syllable ("GIÁO") is a word; in a name written in lower
    case a word that is no Vietnamese syllable ("gd&đt", "tn") is a code."""
    if not word.isalpha() and _DIGIT.search(word):
        return True
    if lower:
        return len(word) >= 2 and ("&" in word or not _SYLLABLE.match(fold(word)))
    if len(word) < 2 or not word[0].isupper() or word[1:].islower():
        return False
    if capitals and word.isupper() and "&" not in word:
        f = fold(word)
        return not (_SYLLABLE.match(f) and (f != word.lower() or len(f) >= 3 and f not in _STANDALONE))
    return True


def namesake_kind(head_id: str) -> str:
    """The kind of a head noun whose body is named after another body ("bao" -> "press"), or ""."""
    return _NAMESAKE.get(tuple(head_id.split()), "")


def namesake_description(kind: str) -> str:
    return _NAMESAKE_KIND_NAMES.get(kind, kind)


class _Words:
    """The words of the input with offsets, folded and lower-cased."""

    __slots__ = ("text", "raw", "low", "fold", "starts", "ends", "n", "marked", "lower")

    def __init__(self, text: str) -> None:
        self.text = text
        ms = list(_WORD.finditer(text))
        self.raw = [m.group() for m in ms]
        self.low = [w.lower() for w in self.raw]
        folded = _WORD.findall(fold(text))
        self.fold = folded if len(folded) == len(self.raw) else [fold(w) for w in self.raw]
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]
        self.n = len(ms)
        self.marked = not text.isascii() and any(f != w for f, w in zip(self.fold, self.low))
        self.lower = not any(c.isupper() for c in text)

    def gap(self, i: int) -> str:
        """The text between word i-1 and word i (stripped); a dash inside a word ("GD-ĐT") is no gap."""
        if not 0 < i < self.n:
            return ""
        between = self.text[self.ends[i - 1] : self.starts[i]]
        stripped = between.strip()
        if stripped in _DASHES and stripped == between:
            return "·"
        return stripped

    def part(self, i: int, j: int) -> Part:
        return Part(self.text[self.starts[i] : self.ends[j - 1]], self.starts[i], self.ends[j - 1])

    def cap(self, i: int) -> bool:
        return self.lower or self.raw[i][:1].isupper()

    def at(self, i: int, seq: tuple[str, ...]) -> bool:
        return tuple(self.fold[i : i + len(seq)]) == seq


@lru_cache(maxsize=65536)
def may_spell(text: str) -> bool:
    """False when ``analyse(text).spelled`` is surely empty (a cheap test, found anywhere in the text:
    no look-alike letter, bracket, head or word in short), so that a long list of names need not all
    be analysed."""
    return _MAY_SPELL.search(unicodedata.normalize("NFC", text)) is not None


def analyse(text: str, type: str = "organization") -> NameParts:
    """The parts of one surface name (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    if type == "person" and _plain_person(text):
        return NameParts(text, type, Part(text, 0, len(text)))
    w = _Words(text)
    if w.n == 0:
        return NameParts(text, type, Part(text, 0, len(text)))
    if w.n > _MAX_WORDS:
        # No real name is this long (a run of capitalised words in a hostile page): the whole is the name.
        return NameParts(text, type, w.part(0, w.n))
    if type == "person":
        return _person(w, type)
    if type == "organization":
        return _organization(w, type)
    return NameParts(text, type, w.part(0, w.n))


# -- people ---------------------------------------------------------------------
def _plain_person(text: str) -> bool:
    """A bare name ("Nguyễn Văn An"): 2-5 capitalised words from a family name, nothing around them."""
    parts = text.split(" ")
    return (
        2 <= len(parts) <= 5
        and (parts[0] in _FAMILY_MARKED or text.isascii() and parts[0].lower() in _FAMILY)
        and text.istitle()
        and text.replace(" ", "").isalpha()
    )


def _title_at(w: _Words, i: int, stop: int) -> int:
    """Words of the honorific or title at word i (0 if none)."""
    for k in _TITLE_LENGTHS:
        if i + k > stop:
            continue
        f = tuple(w.fold[i : i + k])
        if f not in _TITLES and f not in _HONORIFICS:
            continue
        # With diacritics the title must be spelled as one ("Bà" yes, "Ba" no); without any, folded.
        if w.marked and tuple(w.low[i : i + k]) not in _TITLE_MARKED:
            continue
        return k
    return 0


def _is_family(w: _Words, i: int) -> bool:
    return (w.raw[i] in _FAMILY_MARKED or not w.marked and w.fold[i] in _FAMILY) and w.cap(i)


def _person_span(w: _Words, lo: int, hi: int) -> tuple[int, int] | None:
    """The person's own name in words [lo, hi): the last run of 2-5 capitalised words from a family name."""
    start = None
    first = hi
    for k in range(hi - 1, max(lo, hi - 5) - 1, -1):
        x = w.raw[k]
        if not (w.cap(k) and x.isalpha() and (w.lower or x[1:].islower() or len(x) == 1)):
            break
        province = next(
            (size for size in _PROVINCE_LENGTHS if k + size < hi and _province_words(w.raw[k : k + size], tuple(w.fold[k : k + size]))),
            0,
        )
        if province:  # "Giám đốc Sở Y tế Hà Tĩnh Phan Thị Ninh": the name starts after the place
            if start is None and 2 <= hi - k - province <= 4:
                start = k + province
            break
        first = k
        if k < hi - 1 and _is_family(w, k) and not _title_at(w, k, hi):
            start = k
    if start is None and first == lo and lo > 0 and 2 <= hi - lo <= 4 and not _head_at(w, lo):
        start = lo  # a family name the list lacks, right after a title: "ông Chử Xuân Dũng"
    return (start, hi) if start is not None else None


_HEADS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _h in HEADS:
    _HEADS_BY_FIRST.setdefault(_h[0], []).append(_h)


def _head_at(w: _Words, i: int) -> int:
    for h in _HEADS_BY_FIRST.get(w.fold[i], ()):
        if w.at(i, h) and w.cap(i):
            return len(h)
    if w.fold[i] in _STANDALONE or w.fold[i] in _HEAD_ACRONYMS:
        return 1
    return 0



def _take_titles(w: _Words, j: int, end: int, titles: list[str]) -> int:
    """Titles one after another from word j (before ``end``) appended to ``titles``; the word after them."""
    while j < end:
        k = _title_at(w, j, end)
        if not k:
            break
        titles.append(w.part(j, j + k))
        j += k
    return j

def _person(w: _Words, type: str) -> NameParts:
    n = w.n
    hon: list[Part] = []
    titles: list[Part] = []
    i = 0
    while i < n - 1:
        k = _title_at(w, i, n)
        if not k:
            break
        (hon if tuple(w.fold[i : i + k]) in _HONORIFICS and k < n else titles).append(w.part(i, i + k))
        i += k
    # A role after the name: "Nguyễn Văn A, Giám đốc Sở Y tế", "Nguyễn Văn A (Bộ Y tế)",
    # "bà Đào Hồng Lan - Quyền Bộ trưởng": a separator after a whole name, or before a title or a body.
    stop = n
    for k in range(i + 2, n):
        gap = w.gap(k)
        if gap and gap[-1] in ",(–—-;:" and _person_span(w, i, k) is not None:
            stop = k
            break
    parent: Part | None = None
    span = _person_span(w, i, stop)
    if span is None:
        name = w.part(i, stop) if i < stop else w.part(0, n)
    else:
        s, e = span
        if s > i:
            # Between the titles and the name: more titles and the body of the role.
            j = _take_titles(w, i, s, titles)
            if j < s:
                if _head_at(w, j):
                    parent = w.part(j, s)
                else:  # a role the lists do not know ("Chủ tịch nước"): set aside with the titles
                    titles.append(w.part(j, s))
        name = w.part(s, e)
    if stop < n:
        j = _take_titles(w, stop, n, titles)
        if j < n:
            if _head_at(w, j) and parent is None:
                parent = w.part(j, n)
            else:  # a role the lists do not know ("Quyền Bộ trưởng", "new governor of ..."): with the titles
                titles.append(w.part(j, n))
    return NameParts(w.text, type, name, honorifics=tuple(hon), titles=tuple(titles), parent=parent)


# -- organisations ----------------------------------------------------------------
def _organization(w: _Words, type: str) -> NameParts:
    n = w.n
    text = w.text
    capitals = n >= 2 and not any(c.islower() for c in text) and sum(len(x) > 1 for x in w.raw) >= 2
    lower = w.lower
    abbreviation: Part | None = None
    parent_in_brackets: Part | None = None
    qualifiers: list[Part] = []
    end = n
    # What is written after the name, from the end: "(ATHT)", "- TTDL", "(Việt Nam)", "(Nghệ An)", "khóa XVIII".
    while end >= 2:
        after = text[w.ends[end - 1] : w.starts[end] if end < n else len(text)].strip()
        if after.startswith(")"):
            open_at = text.rfind("(", 0, w.starts[end - 1])
            first = next((k for k in range(end) if w.starts[k] > open_at), end)
            if not (0 < first < end and open_at >= w.ends[first - 1]):
                break
            inside = range(first, end)
            folded = tuple(w.fold[first:end])
            code_then_parent = first + 1 < end and is_code(w.raw[first]) and w.gap(first + 1) in (*_DASHES, "·")
            if folded == _COUNTRY or _province_words(w.raw[first:end], folded):
                qualifiers.append(w.part(first, end))
            elif abbreviation is None and _is_abbreviation(w, inside):
                abbreviation = w.part(first, end)
            elif abbreviation is None and code_then_parent and _head_at(w, first + 1):
                # "Cục Cảnh sát kinh tế (C15-Bộ Công an)": the unit's code and its parent body
                abbreviation = w.part(first, first + 1)
                parent_in_brackets = w.part(first + 1, end)
            else:
                break
            end = first
        elif (
            abbreviation is None and end >= 3 and w.gap(end - 1) in _DASHES and _is_abbreviation(w, range(end - 1, end))
            and not is_code(w.raw[end - 2]) and w.fold[end - 1] not in _STANDALONE
        ):  # "- TTDL" is the centre's own; "- EVN" is the parent group; "LĐ- TB&XH" one code
            abbreviation = w.part(end - 1, end)
            end -= 1
        elif abbreviation is None and end >= 3 and _own_brand(w, end):
            abbreviation = w.part(end - 1, end)  # "Tập đoàn Công nghiệp - Viễn thông Quân đội - Viettel"
            end -= 1
        elif end >= 3 and w.fold[end - 2] in ("khoa", "nhiem") and (w.raw[end - 1].isdigit() or _roman_word(w.raw[end - 1])):
            qualifiers.append(w.part(end - 2, end))  # "HĐND tỉnh Nghệ An khóa XVIII": the term
            end -= 2
        else:
            break
    head_len = _head_at(w, 0) if n else 0
    if head_len == 1 and w.fold[0] in _STANDALONE and w.fold[0] not in _HEAD_ACRONYMS:
        head_len = 0
    parent: Part | None = parent_in_brackets
    cut = _parent_start(w, head_len, end) if parent is None else None
    if cut is not None:
        s, p = cut
        parent = w.part(p, end)
        end = s
    # "Bộ Công an Việt Nam" = "Bộ Công an": a national body's name with the country after it.
    if head_len and end - head_len >= 3 and tuple(w.fold[end - 2 : end]) == _COUNTRY:
        if any(w.at(0, h) for h in _NATIONAL_HEADS):
            qualifiers.append(w.part(end - 2, end))
            end -= 2
    parts = _org_parts(w, type, end, parent, abbreviation, capitals, tuple(sorted(qualifiers, key=lambda q: q.start)))
    return dataclasses.replace(parts, lower=True) if lower else parts


def _own_brand(w: _Words, end: int) -> bool:
    """The last word is a known brand whose long name is the name before it ("... Quân đội Viettel")."""
    long = _KNOWN_LONG.get(w.fold[end - 1])
    if long is None:
        return False
    before = w.text[: w.starts[end - 1]].rstrip(" -–—,")
    return name_key(before) == long


def _roman_word(word: str) -> bool:
    return word.isupper() and set(word) <= set("IVXLC")


def _is_abbreviation(w: _Words, idx: range) -> bool:
    """"ATHT", "Cục ATHT", "TTDL", "GD & ĐT", "Agribank": an optional head and one code (or a code
    written in pieces, or one capitalised word that is not a place)."""
    if not 1 <= len(idx) <= 4:
        return False
    last = idx[-1]
    if w.raw[last][0].isdigit():
        return False
    if len(idx) == 1:
        word = w.raw[last]
        return is_code(word) or word[0].isupper() and word.isalpha() and len(word) >= 4 and not _province_words(
            [word], (w.fold[last],)
        )
    if all(is_code(w.raw[k]) or w.fold[k] in ("&", "va") for k in idx) and is_code(w.raw[idx[0]]):
        return True  # "GD & ĐT", "GD-ĐT"
    return is_code(w.raw[last]) and _head_at(w, idx[0]) == len(idx) - 1


def _parent_start(w: _Words, head_len: int, end: int) -> tuple[int, int] | None:
    """Where the name proper ends and its parent body starts (word indexes), if a parent follows."""
    if head_len == 0:
        return None
    for k in range(head_len + 1, end):
        gap = w.gap(k)
        p = k
        marker = False
        for m in _PARENT_MARKERS:
            if w.at(k, m) and k + len(m) < end:
                p, marker = k + len(m), True
                break
        if not (gap in (",", "(", "/") or gap in _DASHES or marker or gap == ""):
            continue
        h = _head_at(w, p)
        if gap == "/" and not h and p == end - 1 and is_code(w.raw[p]) and (
            _DIGIT.search(w.raw[p]) or _DIGIT.search(w.raw[p - 1])
        ):
            return k, p  # "Cục A05/BCA": a code of the parent after a slash
        if not h:
            continue
        hf = tuple(w.fold[p : p + h])
        if hf in _PLACE_ONLY_HEADS and not _has_place_after(w, p + h, end):
            continue  # "Cục Cơ yếu - Viễn thông": not "Viễn thông tỉnh X"
        if gap == "" and not marker:
            # No separator: only a higher body ("Cục Quản lý Dược Bộ Y tế"), written with a capital.
            if not any(w.at(p, ph) for ph in _PARENT_HEADS) and hf not in _PLACE_ONLY_HEADS:
                continue
            if not w.raw[p][0].isupper() or p + h >= end:
                continue
            if hf not in _PLACE_ONLY_HEADS and not (w.raw[p + h][0].isupper() or w.raw[p + h].isdigit()):
                continue  # "Công an tỉnh X" has its place after it; "Bộ Y tế" a capital
        if p + h >= end and w.fold[p] not in _STANDALONE:
            continue  # a head with no body after it is a word of the name
        return k, p
    return None


def _has_place_after(w: _Words, i: int, end: int) -> bool:
    """A place marker after word i, or a province ending at ``end``."""
    for k in range(i, end):
        for m, mkeys in _PLACE_MARKERS.items():
            if w.at(k, m) and all(
                x == f or name_key(x) == mk for x, f, mk in zip(w.low[k : k + len(m)], m, mkeys)
            ):
                return True
    return any(
        _province_words(w.raw[end - size : end], tuple(w.fold[end - size : end]))
        for size in _PROVINCE_LENGTHS
        if end - size >= i
    )


def _org_parts(
    w: _Words, type: str, end: int, parent: Part | None, abbreviation: Part | None, capitals: bool,
    qualifiers: tuple[Part, ...],
) -> NameParts:
    """Head, place and the spelled-out form of the name proper (words [0, end))."""
    name = w.part(0, end)
    spelled = name.text.translate(_LOOK_ALIKE)
    # "Tổng công ty (TCT) Bưu chính Việt Nam": a code in brackets inside the name is its head's short form.
    inner = _INNER_CODE.search(spelled)
    if inner and inner.end() < len(spelled):
        qualifiers = tuple(sorted((*qualifiers, Part(inner.group(1), inner.start(1), inner.end(1))), key=lambda q: q.start))
        spelled = spelled[: inner.start()] + " " + spelled[inner.end() :].lstrip()
    # A head noun in short: "Trường ĐH X" = "Trường Đại học X", "BV Bạch Mai" = "Bệnh viện Bạch Mai".
    k = 1 if end > 2 and w.fold[0] == "truong" else 0
    head_source = None
    if end > k + 1 and w.raw[k] in _HEAD_ABBREVIATIONS:
        long = _HEAD_ABBREVIATIONS[w.raw[k]]
        spelled = spelled[: w.starts[k]] + long + spelled[w.ends[k] :]
        head_source = w.ends[k]
    # A word in short inside the name, after its first word: "Ngân hàng TMCP X" = "Ngân hàng thương mại cổ
    # phần X" ("TMCP" alone stays a code; never in the place, which is read from the end of the spelled form).
    cut = head_source or (w.ends[0] if w.n else 0)
    if _WORD_ABBREVIATION is not None and _WORD_ABBREVIATION.search(spelled, cut):
        spelled = spelled[:cut] + _WORD_ABBREVIATION.sub(lambda m: _WORD_ABBREVIATIONS[m.group(1)], spelled[cut:])
    sw = _Words(spelled) if spelled != name.text else w
    size = end if sw is w else sw.n
    folded = tuple(sw.fold[:size])
    raw = sw.raw[:size]
    hl = 0
    head_id = ""
    for h in _HEADS_BY_FIRST.get(folded[0], ()) if folded else ():
        if folded[: len(h)] == h:
            hl = len(h)
            head_id = _HEAD_ACRONYMS.get(" ".join(h), " ".join(h))
            break
    if not hl and folded and folded[0] in _HEAD_ACRONYMS:
        hl, head_id = 1, _HEAD_ACRONYMS[folded[0]]
    pstart, place_id, place_key = _find_place(raw, folded, hl)
    place = None
    if place_id:  # at the end of the name: as long in the source as in the spelled form
        ps = name.end - (len(spelled) - sw.starts[pstart])
        place = Part(w.text[ps : name.end], ps, name.end)
    head = None
    if hl:
        he = max(head_source or 0, sw.ends[hl - 1] if head_source is None else head_source)
        head = Part(w.text[:he], 0, he)
    return NameParts(
        w.text, type, name, head, head_id, place, place_id, place_key,
        parent=parent, abbreviation=abbreviation, capitals=capitals, qualifiers=qualifiers,
        spelled=spelled if spelled != name.text else "", head_words=hl, place_words=size - pstart if place_id else 0,
    )


def _province_tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], frozenset[str]]:
    """Province names by folded words (-> id) and by comparison keys (-> id); the id is the folded name."""
    by_fold: dict[tuple[str, ...], str] = {}
    by_key: dict[tuple[str, ...], str] = {}
    for p in PROVINCES:
        ws = _WORD.findall(unicodedata.normalize("NFC", p))
        pid = " ".join(fold(x) for x in ws)
        by_fold[tuple(fold(x) for x in ws)] = pid
        by_key[tuple(name_key(x) for x in ws)] = pid
    for short, p in PLACE_ALIASES.items():
        by_fold[(fold(short),)] = " ".join(fold(x) for x in _WORD.findall(p))
    return by_fold, by_key, frozenset(fold(c) for c in CENTRAL_CITIES)


_PROVINCE_BY_FOLD, _PROVINCE_BY_KEY, _CENTRAL = _province_tables()
_PROVINCE_LENGTHS = sorted({len(k) for k in _PROVINCE_BY_FOLD}, reverse=True)


def _province_words(raw: Sequence[str], folded: tuple[str, ...]) -> str | None:
    """The province or city these words name ("Hoà Bình", "Thừa Thiên - Huế", "Ha Noi", "HCM"), if any."""
    pid = _PROVINCE_BY_FOLD.get(folded)
    if pid is None or len(folded) == 1:
        return pid
    if all(x.lower() == f for x, f in zip(raw, folded)):  # typed without diacritics
        return pid
    return pid if tuple(name_key(x) for x in raw) in _PROVINCE_BY_KEY else None  # Hà Nam is not Hà Nấm


def _find_place(raw: Sequence[str], folded: tuple[str, ...], hl: int) -> tuple[int, str, str]:
    """A place at the end of a name: (where it starts, its id, its key), or (len, "", "").

    "tỉnh X", "X" (a province, no marker) and "thành phố X" / "TP. X" for a centrally-run city are the
    province X; "thành phố X" for any other province is its capital city, a different place.
    """
    size = len(folded)
    for k in range(hl, size):
        for m, mkeys in _PLACE_MARKERS.items():
            e = k + len(m)
            if folded[k:e] != m or e >= size:
                continue
            if any(x.lower() != f and name_key(x) != mk for x, f, mk in zip(raw[k:e], m, mkeys)):
                continue  # "tính", "thành phó": not a marker
            rest = [i for i in range(e, size) if folded[i] not in _CONNECT]
            pid = _province_words([raw[i] for i in rest], tuple(folded[i] for i in rest))
            if pid is not None and (m not in _CITY_MARKERS or pid in _CENTRAL):
                return k, f"P:{pid}", f"P:{pid}"
            if pid is not None:
                return k, f"city:{pid}", f"city:{pid}"
            marker = "thanh pho" if m in _CITY_MARKERS else " ".join(m)
            return (
                k,
                f"{marker} {' '.join(folded[i] for i in rest)}",
                f"{marker} {' '.join(name_key(raw[i]) for i in rest)}",
            )
    for length in _PROVINCE_LENGTHS:
        k = size - length
        if k < max(hl, 1):
            continue
        pid = _province_words(raw[k:], folded[k:])
        if pid is not None:
            return k, f"P:{pid}", f"P:{pid}"
    return size, "", ""
