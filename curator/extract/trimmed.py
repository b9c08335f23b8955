"""The name analyser (``curator.names.analyse``) has the last word on a mention's span.

The extractor's rules strip the titles and honorifics they know from the context
("Thứ trưởng Nguyễn Văn A" -> "Nguyễn Văn A"). A span that still holds one the
analyser sets aside ("Chủ tịch nước Nguyễn Văn A", "đồng chí Trần Duy Ninh") is
cut to the name proper; the last title before the name becomes the role when the
mention has none. An organisation loses only the person titles and honorifics
written before its head noun. Offsets still slice the text.

Each surface form is analysed once (cached by text), and only when it begins with
a title or an honorific of the lists.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from curator.extract.lexicon import FAMILY_NAMES, PERSON_TITLES, load
from curator.extract.people import PLAIN_FAMILY
from curator.models import Mention
from curator.resolve.keys import fold

__all__ = ["trim_titles"]

_WORD = re.compile(r"[\w&]+")  # the analyser's words
# Every title and honorific of the lists, as word tuples: folded, and lower case with marks.
_ASIDE = (*PERSON_TITLES, *load("words/name_parts")["honorifics"])
_KNOWN_ASIDE = frozenset(tuple(words) for t in _ASIDE if (words := _WORD.findall(fold(t))))
_KNOWN_MARKED = frozenset(tuple(_WORD.findall(unicodedata.normalize("NFC", t).lower())) for t in _ASIDE)
_ASIDE_LENGTHS = sorted({len(words) for words in _KNOWN_ASIDE | _KNOWN_MARKED})


def _known(part: str, marked: bool) -> bool:
    """A title or an honorific of the lists (the analyser also sets aside roles it does not know):
    spelled as one in a name written with diacritics ("Ngãi" is not "Ngài"), folded in one without."""
    if marked:
        return tuple(_WORD.findall(part.lower())) in _KNOWN_MARKED
    return tuple(_WORD.findall(fold(part))) in _KNOWN_ASIDE


def _starts_with_title(text: str, marked: bool) -> bool:
    """``text`` begins with a title or an honorific of the lists (else the analyser is not asked)."""
    words = _WORD.findall(text.lower() if marked else fold(text))
    known = _KNOWN_MARKED if marked else _KNOWN_ASIDE
    return any(tuple(words[:k]) in known for k in _ASIDE_LENGTHS if k <= len(words))


@lru_cache(maxsize=1 << 16)
def person_name(text: str) -> tuple[int, int, str | None] | None:
    """Where the name proper lies in a person mention ``text`` that still holds a title or an
    honorific (start, end, the last title before it), or None when the span stays as it is.
    The span must start with a title or an honorific of the lists, and only a full name is cut out
    ("Anh Tuấn" is a given name, not the honorific "anh" and "Tuấn")."""
    from curator.names.analyse import analyse

    marked = fold(text) != text.lower()
    if not _starts_with_title(text, marked):
        return None
    parts = analyse(text, "person")
    aside = sorted((*parts.honorifics, *parts.titles), key=lambda p: p.start)
    name = parts.name
    if parts.source != text or not aside or (name.start, name.end) == (0, len(text)):
        return None
    words = name.text.split()
    if len(words) < 2 or not (words[0] in FAMILY_NAMES or words[0] in PLAIN_FAMILY):
        return None
    if aside[0].start != 0 or not _known(aside[0].text, marked):
        return None  # "Hóa Hà Kim Thuyết" (the end of "Thanh Hóa"): not a title the lists know
    before = [p for p in aside if p.end <= name.start]
    # The role: the last title the lists know before the name, with what follows it ("Chủ tịch nước").
    last = max((p for p in before if _known(p.text, marked)), key=lambda p: p.start)
    return name.start, name.end, text[last.start : before[-1].end]


@lru_cache(maxsize=1 << 16)
def organization_start(text: str) -> int | None:
    """Where an organisation mention ``text`` begins after person titles or honorifics written before
    its head noun, or None when it does not start with one."""
    from curator.names.analyse import analyse

    marked = fold(text) != text.lower()
    if not _starts_with_title(text, marked):
        return None
    own = analyse(text, "organization")
    if own.source != text or (own.head is not None and own.head.start == 0):
        return None  # it starts with its head noun ("Công an tỉnh Nghệ An")
    parts = analyse(text, "person")
    end = 0
    for p in sorted((*parts.honorifics, *parts.titles), key=lambda p: p.start):
        if text[end : p.start].strip() or not _known(p.text, marked):
            break
        end = p.end
    rest = text[end:].lstrip()
    if end == 0 or not rest:
        return None
    head = analyse(rest, "organization").head
    return len(text) - len(rest) if head is not None and head.start == 0 else None


def trim_titles(mentions: list[Mention]) -> None:
    """Cut person and organisation mentions to what the analyser reads as the name (in place)."""
    for m in mentions:
        if m.type == "person":
            cut = person_name(m.text)
            if cut is None:
                continue
            s, e, role = cut
            m.start, m.end = m.start + s, m.start + e
            m.text = m.name = m.text[s:e]
            if m.role is None and role is not None:
                m.role = role
        elif m.type == "organization":
            s = organization_start(m.text)
            if s is not None:
                m.start += s
                m.text = m.name = m.text[s:]
