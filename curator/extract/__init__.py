"""Entity extraction from Vietnamese news text: organisations, people, events.

Rule-based: Vietnamese names are a closed-ish vocabulary (head nouns, titles,
family names, provinces) with reliable capitalisation. One pass over the
words; events and photo credits come from regexes first; the author's byline
from the last lines; the name analyser has the last word on each span
(``trimmed``). Mentions carry character offsets into the text, sorted, never
overlapping. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress

from curator.extract.trimmed import trim_titles
from curator.extract.bylines import CREDIT, byline
from curator.extract.events import events
from curator.extract.lexicon import STANDALONE_ORGS
from curator.extract.organizations import (
    HEADS,
    KNOWN,
    ORG_CAN_START,
    PLACE_HEAD_TABLE,
    head_at,
    org_end,
    org_in_title,
)
from curator.extract.people import (
    ADVERBS,
    APPOSITION_BEFORE,
    CUE_FIRST,
    FIRST_LOWER,
    FIRST_WORDS,
    HONORIFICS,
    HONORIFICS_CAP,
    LOWER_PAIRS,
    LOWER_SINGLES,
    SPEECH_FIRST,
    TITLE_FIRST,
    TITLE_PAIRS,
    TITLE_SINGLES,
    TITLES,
    ends_with_initial,
    full_name,
    named_before,
    person_after_cue,
    person_after_title,
    person_at,
    person_inside,
    title_chain,
)
from curator.extract.repeats import given_names, link_short_names
from curator.extract.tokens import Tokens
from curator.models import Definition, Mention

__all__ = ["Extraction", "extract", "extract_article"]

# "(Cục H04)", "(BĐTW)", "(Cục BĐTW)": a short name defined right after a long one.
_DEFINED = re.compile(
    r"\(\s*((?:(?:Cục|Bộ|Vụ|Sở|Tổng cục|Tập đoàn|Tổng công ty|Tổng Công ty|Trung tâm|Ban|Học viện) )?"
    r"[A-ZĐ][A-ZĐa-z0-9&]*[A-ZĐ0-9])\s*\)"
)
_TRIM = " ,.;:-–"
_TITLE_FIRST = FIRST_LOWER
# Words that can start an organisation (as written, or a title's first word in lower case).
_ORG_FIRST = frozenset(HEADS.table) | frozenset(PLACE_HEAD_TABLE.table) | STANDALONE_ORGS | frozenset(
    w[:1].upper() + w[1:] for w in KNOWN.table
)
_ORG_FIRST_LOWER = frozenset(TITLES.table)
# Every word that can start a mention (titles are matched case-insensitively).
_FIRST = _ORG_FIRST | FIRST_WORDS
# Words org_end reads further (a known name's first word, in any case, is looked up besides).
_ORG_START = frozenset(w for w in ORG_CAN_START if w in _ORG_FIRST or w.lower() in _ORG_FIRST_LOWER)
# named_before looks back from a verb of speech or a role only past a capitalised word or these.
_BEFORE_NAMED = APPOSITION_BEFORE | ADVERBS
# Lower-case words that start something on their own (or with the next word: LOWER_PAIRS).
_LOWER_START = _TITLE_FIRST & (LOWER_SINGLES | frozenset(KNOWN.table))
# Lower-case words that start a title, an honorific, a verb of speech or a cue with the next word.
_PAIR_START = _TITLE_FIRST & frozenset(p[0] for p in LOWER_PAIRS)
# The lower case of every word that may start a mention, as written or in lower case.
_MAY_START = frozenset(w.lower() for w in _FIRST) | _LOWER_START | frozenset(p[0] for p in LOWER_PAIRS)


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
            if type_ == "person" and ends_with_initial(text, start, end):
                break  # "Nguyễn Văn D.", "chị Tr.": the dot belongs to the initial
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
    link_short_names(mentions)
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
    link_short_names(mentions)
    return Extraction(mentions, head_defs + definitions)


def _collect(text: str, body: bool = True) -> tuple[list[Mention], list[Definition]]:
    """The mentions of one text, sorted by offset, before in-article resolution.
    A title (``body=False``) has no byline: a name alone there is not its author."""
    spans = _Spans(text)
    for m in events(text):
        spans.add(m.start(), m.end(), "event")
    for m in CREDIT.finditer(text):
        spans.add(m.start(1), m.end(1), "person", "Ảnh")
    line = byline(text) if body else None
    if line:
        spans.add(line[0], line[1], "person", "tác giả")
        # the outlet and date after the author's name are not mentions
        spans.taken[line[1] : line[2]] = b"\x01" * (line[2] - line[1])
    tok = Tokens(text)
    starts, ends, words, low, nl, taken = tok.starts, tok.ends, tok.words, tok.low, tok.nl, spans.taken
    i = 0
    n = tok.n
    pending_role, pending_from, pending_until = None, 0, -1  # a title whose person comes a few words later
    # Only words whose lower case is in _MAY_START can start anything: their indexes, found with one
    # set lookup a word mapped in C; every other word is skipped without a Python step. The test below
    # then keeps the words as written in _FIRST and the lower-case ones that start a title alone or
    # with the next word ("phó chủ", "thứ trưởng").
    for c in compress(range(n), map(_MAY_START.__contains__, low)):
        if c < i:
            continue  # inside what the last step read
        i = c
        w = words[i]
        lw = low[i]
        if (
            w not in _FIRST
            and lw not in _LOWER_START
            and (lw not in _PAIR_START or i + 1 >= n or (lw, low[i + 1]) not in LOWER_PAIRS)
        ) or taken[starts[i]]:
            i += 1  # fast path: most words are lower-case and start nothing
            continue
        if (
            i
            and not nl[i]
            and (lw in SPEECH_FIRST or (low[i - 1] in APPOSITION_BEFORE and lw in FIRST_LOWER))
            and (words[i - 1][:1].isupper() or low[i - 1] in _BEFORE_NAMED)
        ):
            s, e = named_before(tok, i, taken)  # "Jonathan Miller cho biết", "Lisa Black, giám đốc ..."
            if e > s:
                spans.add(starts[s], ends[e - 1], "person")
        if w not in _FIRST and lw not in TITLE_FIRST and lw not in CUE_FIRST:
            i += 1  # a verb of speech only ("cho", "nói")
            continue
        # A chain starts with a title (its first word or two), or with an honorific; an honorific alone
        # ("anh", "bà": common words) needs a capital, a title or an honorific after it.
        if (lw in TITLE_SINGLES or (i + 1 < n and (lw, low[i + 1]) in TITLE_PAIRS)) or (
            (w in HONORIFICS.table or w in HONORIFICS_CAP.table)
            and (
                lw in TITLES.table
                or (i + 1 < n and (words[i + 1][:1].isupper() or low[i + 1] in TITLES.table or words[i + 1] in HONORIFICS.table))
            )
        ):
            tl, role, any_name = title_chain(tok, i)
        else:
            tl, role, any_name = 0, None, False
        if tl and role and head_at(tok, i) <= tl:  # "Đại sứ quán Pakistan" is an embassy, not "Đại sứ"
            k = i + tl
            end = person_after_title(tok, k, role, any_name)
            if end > k:
                spans.add(starts[k], ends[end - 1], "person", role)
                i = end
                continue
            # "Thứ trưởng Bộ TT&TT Nguyễn Huy Dũng": title, organisation, then the person.
            # "Chánh Văn phòng Bộ Công an": the title's last words head the organisation.
            h, oe = org_in_title(tok, i, k)
            if oe <= k:
                h = k
                oe = org_end(tok, k) if k < n else k
                if oe == k and tok.word(k) in STANDALONE_ORGS:
                    oe = k + 1
            oe = person_inside(tok, h, oe)  # "Chủ tịch UBND tỉnh Nguyễn Xuân Phúc": the person is not the place
            if oe > k:
                spans.add(starts[h], ends[oe - 1], "organization")
                pe = full_name(tok, oe, titled=True) if oe < n else oe
                if pe > oe:
                    spans.add(starts[oe], ends[pe - 1], "person", role)
                i = max(oe, pe)
                continue
            pending_role, pending_from, pending_until = role, k, k + 3
            i = k
            continue
        ps, pe = person_after_cue(tok, i) if low[i] in CUE_FIRST else (i, i)
        if pe > ps:
            spans.add(starts[ps], ends[pe - 1], "person")
            i = pe
            continue
        pe = person_at(tok, i) if w in FIRST_WORDS else i
        oe = org_end(tok, i) if w in _ORG_START or (lw in KNOWN.table and (w in _ORG_FIRST or lw in _ORG_FIRST_LOWER)) else i
        if pe > i and pe >= oe:
            near = i <= pending_until and all(words[x][0].isalnum() for x in range(pending_from, i))
            spans.add(starts[i], ends[pe - 1], "person", pending_role if near else None)
            i = pe
            continue
        if oe > i and spans.add(starts[i], ends[oe - 1], "organization"):
            i = oe
            continue
        if words[i] in STANDALONE_ORGS:
            spans.add(starts[i], ends[i], "organization")
            i += 1
            continue
        i += 1
    trim_titles(spans.mentions)
    given_names(tok, spans, spans.mentions)
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
