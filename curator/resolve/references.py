"""Back-references inside one article: "UBND tỉnh" after "UBND tỉnh Nghệ An".

A name that ends with a bare place marker ("UBND tỉnh", "Công an tỉnh", "Sở Y tế
thành phố") names the body of the place the article is about. When the same
article names exactly one body with those words and a place ("UBND tỉnh Nghệ
An"), the short mention is linked to it (``Mention.name``), as "ông Khái" is to
the article's one "Lê Minh Khái"; with none or several it stays as written.
One pass over the article's mentions.
"""

from __future__ import annotations

from collections import defaultdict

from curator.models import Mention
from curator.resolve.keys import name_key, words

__all__ = ["link_back_references"]

# Markers as lower-case words, longest first.
_MARKERS = (("thành", "phố"), ("thị", "xã"), ("tỉnh",), ("tp",), ("huyện",), ("quận",))


def _marker_end(ws: list[str]) -> int:
    """Words of the name before a place marker at its end, or -1."""
    for m in _MARKERS:
        if len(ws) > len(m) and tuple(ws[-len(m) :]) == m:
            return len(ws) - len(m)
    return -1


def link_back_references(mentions: list[Mention]) -> None:
    """Set ``name`` of each "X tỉnh" organisation mention to the article's one "X tỉnh <place>"."""
    short: list[tuple[Mention, tuple[str, ...]]] = []
    full: dict[tuple[str, ...], set[str]] = defaultdict(set)  # "ubnd tỉnh" -> keys of the longer names
    written: dict[str, str] = {}  # key -> the longer name as first written
    for m in mentions:
        if m.type != "organization":
            continue
        ws = words(m.name)
        if _marker_end(ws) >= 1:
            short.append((m, tuple(ws)))
            continue
        for k in range(2, min(len(ws), 12)):  # every "X <marker>" that begins a longer name
            if _marker_end(ws[:k]) >= 1:
                key = name_key(m.name)
                full[tuple(ws[:k])].add(key)
                written.setdefault(key, m.name)
    for m, ws in short:
        keys = full.get(ws)
        if keys and len(keys) == 1:
            m.name = written[next(iter(keys))]
