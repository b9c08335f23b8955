"""Back-references inside one article: "UBND tỉnh" after "UBND tỉnh Nghệ An".

A name that ends with a bare place marker ("UBND tỉnh", "Công an tỉnh", "Sở Y tế
thành phố") names the body of the place the article is about. When the same
article names exactly one body with those words and a place ("UBND tỉnh Nghệ
An"), the short mention is linked to it (``Mention.name``), as "ông Khái" is to
the article's one "Lê Minh Khái"; with none or several it stays as written.
One pass over the article's mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from curator.models import Definition, Mention
from curator.names.analyse import is_code
from curator.resolve.keys import name_key, words

__all__ = ["bracket_definitions", "link_back_references"]

# Markers as lower-case words, longest first.
_MARKERS = (("thành", "phố"), ("thị", "xã"), ("tỉnh",), ("tp",), ("huyện",), ("quận",))
_LAST = frozenset(m[-1] for m in _MARKERS)  # a name ending with a marker ends with one of these


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """``words(name)``, once per name (the same names recur in every article)."""
    return tuple(words(name))


def _marker_end(ws: tuple[str, ...]) -> int:
    """Words of the name before a place marker at its end, or -1."""
    for m in _MARKERS:
        if len(ws) > len(m) and tuple(ws[-len(m) :]) == m:
            return len(ws) - len(m)
    return -1


@lru_cache(maxsize=65536)
def _marker_parts(name: str) -> tuple[bool, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Whether ``name`` ends with a bare place marker ("UBND tỉnh"), its words, and every "X <marker>"
    that begins it when it is longer ("UBND tỉnh" in "UBND tỉnh Nghệ An")."""
    ws = _name_words(name)
    if ws and ws[-1] in _LAST and _marker_end(ws) >= 1:
        return True, ws, ()
    begins = tuple(
        ws[:k] for k in range(2, min(len(ws), 12)) if ws[k - 1] in _LAST and _marker_end(ws[:k]) >= 1
    )
    return False, ws, begins


def link_back_references(mentions: list[Mention]) -> None:
    """Set ``name`` of each "X tỉnh" organisation mention to the article's one "X tỉnh <place>"."""
    short: list[tuple[Mention, tuple[str, ...]]] = []
    full: dict[tuple[str, ...], set[str]] = defaultdict(set)  # "ubnd tỉnh" -> keys of the longer names
    written: dict[str, str] = {}  # key -> the longer name as first written
    for m in mentions:
        if m.type != "organization":
            continue
        is_short, ws, begins = _marker_parts(m.name)
        if is_short:
            short.append((m, ws))
            continue
        if begins:
            key = name_key(m.name)
            for prefix in begins:
                full[prefix].add(key)
            written.setdefault(key, m.name)
    for m, ws in short:
        keys = full.get(ws)
        if keys and len(keys) == 1:
            m.name = written[next(iter(keys))]


def _short_form(name: str) -> bool:
    """A short name: a code with or without its head ("ATTP", "Cục H04"), or one word ("Agribank")."""
    ws = name.split()
    return len(ws) == 1 or len(ws) <= 3 and is_code(ws[-1])


_OPEN = re.compile(r"\s*\(\s*")
_CLOSE = re.compile(r"\s*\)")


def bracket_definitions(text: str, mentions: list[Mention]) -> list[Definition]:
    """"Cục An toàn thực phẩm (ATTP)": a mention followed by another one alone in brackets defines it,
    whatever words the extractor's own pattern knows. One pass over the mentions, in text order."""
    out: list[Definition] = []
    if "(" not in text:
        return out  # a definition is always in brackets
    ordered = sorted(mentions, key=lambda m: m.start)
    for m, nxt in zip(ordered, ordered[1:]):
        if m.type != nxt.type or m.type == "event":
            continue
        opened = _OPEN.match(text, m.end)
        if opened is None or opened.end() != nxt.start or "(" not in opened.group():
            continue
        closed = _CLOSE.match(text, nxt.end)
        if closed is None or not _short_form(nxt.name):
            continue  # "Viện Vệ sinh dịch tễ (Bộ Y tế)": a parent body in brackets, not a short name
        out.append(Definition(m.name, nxt.name, m.type, text[m.start : closed.end()]))
    return out
