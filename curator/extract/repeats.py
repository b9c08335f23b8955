"""People named again in one article: a given name alone ("Ninh") after the full name
("Trần Duy Ninh"), a name first seen after a title ("ông Thomas Good") written again
without it, and the links from short forms ("ông Ninh") to the article's one full name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from typing import Protocol

from curator.extract.lexicon import FAMILY_NAMES
from curator.extract.organizations import HEADS, PLACE_HEAD_TABLE
from curator.extract.people import (
    HONORIFICS_CAP,
    NOT_NAMES,
    PLAIN_FAMILY,
    TITLES,
    after_place_word,
    is_initial,
    is_name_word,
)
from curator.extract.tokens import Tokens
from curator.models import Mention

__all__ = ["SpanSink", "given_names", "link_short_names"]

_WORD = re.compile(r"[^\W\d_][\w&]*|\d+|[^\w\s]|_")  # the words of tokens.Tokens


class SpanSink(Protocol):
    taken: bytearray

    def add(self, start: int, end: int, type_: str, role: str | None = None) -> bool: ...


@lru_cache(maxsize=1 << 16)
def _written_again(text: str, titled: bool) -> tuple[tuple[str, ...], ...]:
    """The word sequences a person named ``text`` (after a title when ``titled``) may be named again by."""
    parts = tuple(_WORD.findall(text))
    if len(parts) >= 2 and parts[0] in FAMILY_NAMES:
        return (parts[-1:], parts[-2:], parts) if len(parts) >= 3 else (parts[-1:], parts)
    if len(parts) >= 2 and parts[0] in PLAIN_FAMILY:
        return (parts,)  # "Vu Thanh Quy": its "Quy" alone is as likely the word in "Quy chế"
    if titled and all(is_name_word(p) or is_initial(p) or p == "." for p in parts):
        return (parts,)  # "ông Thomas Good", "chị Lan", "ông Ba Phước"
    return ()


def given_names(tok: Tokens, spans: SpanSink, mentions: list[Mention]) -> None:
    """The article's known people named again anywhere in it: a given name alone ("Ninh", "Thuỳ Trâm") that
    ends one of its full names, and any name already found after a title ("ông Thomas Good", "chị Lan")
    written again without one."""
    known: dict[str, list[tuple[str, ...]]] = {}
    for m in mentions:
        if m.type != "person":
            continue
        for key in _written_again(m.text, m.role is not None):
            seqs = known.setdefault(key[0], [])
            if key not in seqs:
                seqs.append(key)
    if not known:
        return
    for seqs in known.values():
        seqs.sort(key=len, reverse=True)
    words, starts, taken = tok.words, tok.starts, spans.taken
    n = tok.n
    # Only the words that are a known first word (one dict lookup a word, mapped in C).
    at = compress(range(n), map(known.__contains__, words))
    after = 0
    for i in at:
        if i < after or i >= n:
            continue
        w = words[i]
        if taken[starts[i]] or not (is_name_word(w) or is_initial(w)) or (w in NOT_NAMES.table and NOT_NAMES.match(tok, i)):
            continue
        if (
            i > 0
            and not tok.nl[i]
            and is_name_word(words[i - 1])
            and not (words[i - 1] in HONORIFICS_CAP.table and HONORIFICS_CAP.match(tok, i - 1))
        ):
            continue  # inside a longer name or a heading ("Ký Quy chế")
        k = i
        for seq in known[w]:
            e = i + len(seq)
            if e <= n and tuple(words[i:e]) == seq and not any(tok.nl[i + 1 : e]):
                if not (e < n and not tok.nl[e] and is_name_word(words[e])):
                    k = e  # the whole name, standing alone ("Thuỳ Trâm" but not "Thuỳ Trâm Anh")
                break
        if k == i:
            continue
        if TITLES.match(tok, i) or HEADS.match(tok, i) > 1 or PLACE_HEAD_TABLE.match(tok, i):
            after = k
            continue  # "Trung tướng", "Trung tâm": a title or a head, not the name "Trung"
        if after_place_word(tok, i) or (k < n and words[k].isdigit()):
            after = k
            continue  # "đường Lâm", "Năm 1950"
        spans.add(starts[i], tok.ends[k - 1], "person")
        after = k


@lru_cache(maxsize=1 << 16)
def _name_tails(text: str) -> tuple[str, ...]:
    """The ends a full name may be written as alone ("Trần Duy Ninh": "Duy Ninh", "Ninh"); none when
    ``text`` does not start with a family name."""
    parts = text.split()
    if len(parts) < 2 or (parts[0] not in FAMILY_NAMES and parts[0] not in PLAIN_FAMILY):
        return ()
    return tuple(" ".join(parts[k:]) for k in range(1, len(parts)))


def link_short_names(mentions: list[Mention]) -> None:
    """ "ông Ninh" -> the one "X Y Ninh" in the article (left alone when there are several)."""
    ends: dict[str, set[str]] = {}
    people = [m for m in mentions if m.type == "person"]
    for m in people:
        for tail in _name_tails(m.text):
            ends.setdefault(tail, set()).add(m.text)
    if not ends:
        return
    for m in people:
        full = ends.get(m.text)
        if full is not None and len(full) == 1:
            parts = m.text.split()
            if len(parts) == 1 or parts[0] not in FAMILY_NAMES:
                m.name = next(iter(full))
