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

import unicodedata
from functools import lru_cache

from curator.names.organization import _organization
from curator.names.parts import NameParts, Part
from curator.names.person import _person, _plain_person
from curator.names.vocabulary import _MAX_WORDS, _MAY_SPELL, _NAMESAKE, _NAMESAKE_KIND_NAMES, HEADS
from curator.names.words import _Words, is_code

__all__ = [
    "HEADS",
    "NameParts",
    "Part",
    "analyse",
    "is_code",
    "may_spell",
    "namesake_description",
    "namesake_kind",
]


def namesake_kind(head_id: str) -> str:
    """The kind of a head noun whose body is named after another body ("bao" -> "press"), or ""."""
    return _NAMESAKE.get(tuple(head_id.split()), "")


def namesake_description(kind: str) -> str:
    return _NAMESAKE_KIND_NAMES.get(kind, kind)


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
