"""What the matching rules know about one name, read once: its head, body, place, numbers,
people's family, middle and given names, the parts set aside, its initials and parent body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from curator.extract.lexicon import HEAD_ACRONYMS, PLACE_HEAD_BRANDS
from curator.names.analyse import HEADS, NameParts, analyse, is_code, namesake_kind
from curator.resolve.keys import fold, name_key

WORD = re.compile(r"[\w&]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
_HEADS = HEADS
_HEAD_ACRONYMS = {fold(k): fold(v) for k, v in HEAD_ACRONYMS.items()}
_PLACE_HEAD_BRANDS = {fold(k): fold(v) for k, v in PLACE_HEAD_BRANDS.items()}
CONNECTORS = {"va", "&"}
ROMAN_CHARS = set("IVXLC")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# Words of a body compared as a set, and of a name read for its parts (the longest real
# name has under 20).
MAX_BODY_WORDS = 64
_MAX_NAME_WORDS = 64


@dataclass(frozen=True)
class NameRecord:
    """One distinct surface name (already grouped by ``name_key`` by the caller)."""

    text: str
    type: str
    count: int = 1


def _roman(token: str) -> int | None:
    if not _ROMAN.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " "):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


@dataclass(slots=True)
class NameFeatures:
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


def features(r: NameRecord) -> NameFeatures:
    """What the rules compare of one name: the name proper read by the analyser, as words, keys and parts."""
    parts = analyse(r.text, r.type)
    text = parts.compared  # the name proper: titles, parent body and abbreviation set aside
    raw = WORD.findall(text)
    lowered = text.lower()
    ftext = fold(lowered)
    folded = tuple(WORD.findall(ftext))
    if len(folded) != len(raw):  # a character that folds to several: word by word
        folded = tuple(fold(w) for w in raw)
    if len(raw) > _MAX_NAME_WORDS:
        # No real name is this long (a run of capitalised words in a hostile page): read it by
        # its head end and its place end, so that its cost is bounded like its key's.
        head, tail = _MAX_NAME_WORDS * 3 // 4, _MAX_NAME_WORDS // 4
        raw = raw[:head] + raw[-tail:]
        folded = folded[:head] + folded[-tail:]
    n = NameFeatures(r.type, text, name_key(text, r.type), folded, ftext != lowered)
    n.parts = parts
    if parts.has_aside:
        n.aside = parts.describe()
    nums = set()
    for w in raw:
        if w.isdigit():
            nums.add(int(w))
        elif w.isupper() and set(w) <= ROMAN_CHARS:  # "XIII", "VII"
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
    keep = [(f, w) for f, w in zip(folded[hl:end], raw[hl:end]) if f not in CONNECTORS]
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
            if folded[k] in CONNECTORS:
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
    n = features(NameRecord(text, "organization"))
    sig = body_initials(n)
    body = sig[0] if sig else "".join(n.body)
    return n.head, body, n.place


def same_parent(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """Whether two parent-body signatures (``_parent_signature``) name one body ("BYT" and "Bộ Y tế" do)."""
    if a == b:
        return True
    if a[2] != b[2]:
        return False
    if not a[0] or not b[0]:  # "BYT" = "Bộ Y tế": the head's initials are part of the code
        full_a = "".join(w[0] for w in a[0].split()) + a[1] if a[0] else a[1]
        full_b = "".join(w[0] for w in b[0].split()) + b[1] if b[0] else b[1]
        return full_a == full_b
    return False


def body_initials(n: NameFeatures) -> tuple[str, bool] | None:
    """The body as syllable initials ("Bưu điện Trung ương" -> "bdtu"); codes spelled out ("BĐTW" -> "bdtu")."""
    if n.type != "organization" or not n.body:
        return None
    out = []
    has_code = False
    capitals = n.parts.capitals if n.parts else False
    lower = n.parts.lower if n.parts else False
    for f, w in zip(n.body, n.raw_body):
        if is_code(w, capitals, lower):
            has_code = True
            out.append(f.replace("&", "").replace("w", "u"))  # TW = Trung ương
        else:
            out.append(f[0])
    sig = "".join(out)
    return (sig, has_code) if len(sig) >= 2 else None


def written_out(n: NameFeatures) -> tuple[str, ...]:
    """The words of a body written out, neither codes nor initials, as keys ("Giáo dục và ĐT" -> ("giáo", "dục");
    "71 T.Ư" -> ())."""
    capitals = n.parts.capitals if n.parts else False
    lower = n.parts.lower if n.parts else False
    # by their keys, marks kept: "Tân Vạn" and "Tân Vân" are two names ("TNHH" is their code)
    return tuple(k for k, w in zip(n.key_body, n.raw_body) if len(w) > 1 and not is_code(w, capitals, lower))


def event_key(n: NameFeatures) -> str | None:
    """"Đại hội XIII", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" -> the 13th national congress."""
    f = " ".join(n.folded)
    if not f.startswith("dai hoi") or len(n.numbers) != 1 or "dang bo" in f or "dang uy" in f or "tinh" in n.folded:
        return None
    return f"national congress {next(iter(n.numbers))}"


def unmarked_syllable(key: str) -> str:
    """A syllable key without its marks: "hung2" -> "hung"."""
    return fold(key).rstrip("012345")


def names_text(n: NameFeatures) -> str:
    """The name as it was written, what was set aside included."""
    return n.parts.source if n.parts is not None else n.text


def i_for_y(word: str) -> str:
    """"ly" -> "li", "ky" -> "ki": the old and the new spelling of one syllable ("quản lí" / "quản lý")."""
    return word[:-1] + "i" if len(word) >= 2 and word[-1] == "y" and word[-2] not in "aeiouy" else word
