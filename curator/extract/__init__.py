"""Entity extraction from Vietnamese news text: organisations, people, events.

Rule-based: Vietnamese names are a closed-ish vocabulary (head nouns, titles,
family names, provinces) with reliable capitalisation. One pass over the
words; events and photo credits come from regexes first; the author's byline
from the last lines. Mentions carry character offsets into the text, sorted,
never overlapping. Pure functions, no I/O; a 2 KB article takes about a
millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curator.extract.events import EVENT
from curator.extract.lexicon import FAMILY_NAMES, STANDALONE_ORGS
from curator.extract.organizations import HEADS, KNOWN, PLACE_HEAD_TABLE, head_at, org_end, org_in_title
from curator.extract.people import CREDIT, TITLES, byline, person_after_title, person_in_list, title_chain
from curator.extract.tokens import Tokens
from curator.models import Definition, Mention

__all__ = ["Extraction", "extract", "extract_article"]

# "(Cục H04)", "(BĐTW)", "(Cục BĐTW)": a short name defined right after a long one.
_DEFINED = re.compile(
    r"\(\s*((?:(?:Cục|Bộ|Vụ|Sở|Tổng cục|Tập đoàn|Tổng công ty|Tổng Công ty|Trung tâm|Ban|Học viện) )?"
    r"[A-ZĐ][A-ZĐa-z0-9&]*[A-ZĐ0-9])\s*\)"
)
_TRIM = " ,.;:-–"
_TITLE_FIRST = frozenset(TITLES.table)
# Every word that can start a mention (titles are matched case-insensitively).
_FIRST = frozenset(HEADS.table) | frozenset(PLACE_HEAD_TABLE.table) | STANDALONE_ORGS | FAMILY_NAMES | frozenset(
    w[:1].upper() + w[1:] for w in KNOWN.table
)


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)


class _Spans:
    """Mentions being collected, with a character mask so none overlap."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text) + 1)
        self.mentions: list[Mention] = []

    def add(self, start: int, end: int, type_: str, role: str | None = None) -> bool:
        text = self.text
        while end > start and text[end - 1] in _TRIM and not _initial_dot(text, start, end, type_):
            end -= 1
        if end <= start or self.taken.find(1, start, end) != -1:
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        surface = text[start:end]
        self.mentions.append(Mention(start, end, surface, type_, surface, role))
        return True


def _initial_dot(text: str, start: int, end: int, type_: str) -> bool:
    """An organisation named by an initial keeps its dot: "Hãng F.", "Công ty sữa F."."""
    return (
        type_ == "organization" and text[end - 1] == "." and end - 2 > start
        and text[end - 2].isupper() and text[end - 3] == " "
    )


def extract(text: str) -> Extraction:
    """Mentions of organisations, people and events in ``text``, and the aliases it defines."""
    mentions, definitions = _collect(text)
    _resolve_in_article(mentions)
    return Extraction(mentions, definitions)


def extract_article(title: str | None, text: str) -> Extraction:
    """An article's mentions: its title's first (``field="title"``, offsets into the
    title), then its body's. The title is text like any other: a name there is a
    mention, and "ông Ninh" in the body is linked to the full name in the title."""
    head, head_defs = _collect(title, body=False) if title else ([], [])
    for m in head:
        m.field = "title"
    mentions, definitions = _collect(text)
    mentions = head + mentions
    _resolve_in_article(mentions)
    return Extraction(mentions, head_defs + definitions)


def _collect(text: str, body: bool = True) -> tuple[list[Mention], list[Definition]]:
    """The mentions of one text, sorted by offset, before in-article resolution.
    A title (``body=False``) has no byline: a name alone there is not its author."""
    spans = _Spans(text)
    for m in EVENT.finditer(text):
        spans.add(m.start(), m.end(), "event")
    for m in CREDIT.finditer(text):
        spans.add(m.start(1), m.end(1), "person", "Ảnh")
    line = byline(text) if body else None
    if line:
        spans.add(line[0], line[1], "person", "tác giả")
        # the outlet and date after the author's name are not mentions
        spans.taken[line[1] : line[2]] = b"\x01" * (line[2] - line[1])
    tok = Tokens(text)
    starts, ends, words, low, taken = tok.starts, tok.ends, tok.words, tok.low, spans.taken
    i = 0
    n = tok.n
    while i < n:
        w = words[i]
        if taken[starts[i]] or (w not in _FIRST and low[i] not in _TITLE_FIRST):
            i += 1  # fast path: most words are lower-case and start nothing
            continue
        tl, role = title_chain(tok, i)
        if tl and role and head_at(tok, i) <= tl:  # "Đại sứ quán Pakistan" is an embassy, not "Đại sứ"
            k = i + tl
            end = person_after_title(tok, k, role)
            if end > k:
                spans.add(starts[k], ends[end - 1], "person", role)
                i = end
                continue
            # "Thứ trưởng Bộ TT&TT Nguyễn Huy Dũng": title, organisation, then the person.
            # "Chánh Văn phòng Bộ Công an": the title's last words head the organisation.
            h, oe = org_in_title(tok, i, k)
            if oe <= k:
                h = k
                oe = k + 1 if tok.word(k) in STANDALONE_ORGS else org_end(tok, k)
            if oe > k:
                spans.add(starts[h], ends[oe - 1], "organization")
                pe = person_after_title(tok, oe, role) if tok.word(oe) in FAMILY_NAMES else oe
                if pe > oe:
                    spans.add(starts[oe], ends[pe - 1], "person", role)
                i = max(oe, pe)
                continue
            i = k
            continue
        oe = org_end(tok, i)
        if oe > i and spans.add(starts[i], ends[oe - 1], "organization"):
            i = oe
            continue
        if words[i] in STANDALONE_ORGS:
            spans.add(starts[i], ends[i], "organization")
            i += 1
            continue
        pe = person_in_list(tok, i)
        if pe > i:
            spans.add(starts[i], ends[pe - 1], "person")
            i = pe
            continue
        i += 1
    definitions = _definitions(text, spans)
    return sorted(spans.mentions, key=lambda m: m.start), definitions


def _definitions(text: str, spans: _Spans) -> list[Definition]:
    """"Cục Viễn thông và cơ yếu (Cục H04)": the short name is a mention and an alias."""
    if "(" not in text:
        return []
    out: list[Definition] = []
    org_by_end = {m.end: m for m in spans.mentions if m.type == "organization"}
    for d in _DEFINED.finditer(text):
        long = org_by_end.get(d.start() - 1) or org_by_end.get(d.start())
        if long is None or long.start >= d.start():
            continue
        short = d.group(1)
        s, e = d.start(1), d.end(1)
        if not spans.taken[s]:
            spans.add(s, e, "organization")
        out.append(Definition(long.text, short, "organization", text[long.start : d.end()]))
    return out


def _resolve_in_article(mentions: list[Mention]) -> None:
    """"ông Ninh" -> the one "X Y Ninh" in the article (left alone when there are several)."""
    given: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "person" and " " in m.text:
            given.setdefault(m.text.rsplit(" ", 1)[1], set()).add(m.text)
    if not given:
        return
    for m in mentions:
        if m.type == "person" and " " not in m.text:
            full = given.get(m.text)
            if full and len(full) == 1:
                m.name = next(iter(full))
