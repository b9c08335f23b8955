"""One decoded page -> its articles, with title, date, author, outlet and body.

A page is read as paragraphs (non-blank lines). From the top: page stamps
(print/crawl dates above the title), an archive month stamp ("date 2021-01"),
the title, then datelines, labelled dates and an outlet prefix
("(Mic.gov.vn) - "). From the bottom: furniture, photo credits and the byline
("Giang Phạm"; "Minh Hiền, Công an nhân dân, 24/11/2021"). What is left is
the body. A "Tin tức khác:"-style trailer ends the story: what follows
becomes another article only if it is a real story (a title and a body),
otherwise it is a list of links and is dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from curator.ingest import dates as D
from curator.ingest.decode import needs_cleaning
from curator.ingest.furniture import (
    is_blank,
    is_furniture,
    is_photo_credit,
    is_trailer,
    strip_glued_title,
)
from curator.models import Article, ExtractedField
from curator.text import clean_text

OUTLET_PREFIX = re.compile(r"^\(([^()\n]{2,40})\)\s*[-–—]\s*")
MONTH_STAMP_PREFIX = re.compile(r"^\s*date\s+(\d{4})-(\d{1,2})(?![\d\-])\s*", re.IGNORECASE)
THEO = re.compile(r"^\(?\s*Theo\s+([^.()]{2,60}?)\s*\)?\.?$")
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[\-'’][^\W\d_]+)*\.?$")
STORY_MIN_WORDS = 40  # a story under a trailer needs a body, not just a headline list


@dataclass(slots=True)
class _Parts:
    title: ExtractedField = field(default_factory=ExtractedField)
    published: ExtractedField = field(default_factory=ExtractedField)
    author: ExtractedField = field(default_factory=ExtractedField)
    outlet: ExtractedField = field(default_factory=ExtractedField)
    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def article_id(id_base: str, file_index: int) -> str:
    """Stable id from where the article lives: same file and position, same id.

    ``id_base`` names the file: its ``source_key`` (its real location), or for a
    file first ingested before locations were kept, the ``source_file`` its ids
    were made from then (kept in the file's record, so ids never change).
    """
    digest = hashlib.blake2b(f"{id_base}\x00{file_index}".encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return "a" + digest


_TOKEN = re.compile(r"\w+")


def body_words(text: str) -> list[str]:
    """The body as lower-case words (NFC already): what duplicate checks compare."""
    return _TOKEN.findall(text.casefold())


def content_hash(text: str) -> str:
    """Hash of the normalised body: case and spacing do not count (near-duplicate
    detection covers the rest, so this stays cheap)."""
    return hashlib.blake2b(" ".join(text.casefold().split()).encode(), digest_size=16).hexdigest()


def parse_document(text: str, source_file: str, id_base: str | None = None) -> list[Article]:
    """Split a page into its articles and extract their fields.

    ``text`` should be decoded already; it is cleaned again here (idempotent).
    Articles get ``file_index`` 0, 1, ... in page order and ids from
    :func:`article_id` of ``id_base`` (default: ``source_file``). A page with no
    article text returns ``[]``.
    """
    if needs_cleaning(text):
        text = clean_text(text)  # decode_bytes already did this; callers with raw text need it
    lines = text.split("\n")
    segments: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        if is_trailer(line):
            segments.append((line.strip(), []))
        else:
            segments[-1][1].append(line)
    parts_list: list[_Parts] = []
    for trailer, seg in segments:
        paras = [ln.strip() for ln in seg if not is_blank(ln)]
        if trailer is None:
            parts = _parse_segment(paras)
            if parts is not None:
                parts_list.append(parts)
            continue
        parts = _parse_segment(paras) if paras else None
        if parts is not None and parts.title.value and _word_count(parts.body) >= STORY_MIN_WORDS:
            parts.notes.append(f"found after the trailer {trailer!r}")
            parts_list.append(parts)
        elif parts_list:
            what = f"{len(paras)} line(s) of links" if paras else "nothing"
            parts_list[-1].notes.append(f"removed trailer {trailer!r} (followed by {what})")
    articles = []
    for index, parts in enumerate(parts_list):
        body = "\n\n".join(parts.body)
        articles.append(
            Article(
                id=article_id(id_base if id_base is not None else source_file, index),
                source_file=source_file,
                file_index=index,
                text=body,
                title=parts.title,
                published=parts.published,
                author=parts.author,
                outlet=parts.outlet,
                content_hash=content_hash(body),
                notes=parts.notes,
            )
        )
    return articles


def _word_count(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


def looks_like_title(line: str) -> bool:
    """A headline: 3-40 words, no sentence end, not a date or a byline."""
    words = line.split()
    if not 3 <= len(words) <= 40 or len(line) > 250:
        return False
    if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
        return False
    if D.PARTIAL.match(line) or D.FULL_DATE.match(line) or D.stamp_line(line) or D.labelled_date(line):
        return False
    return not OUTLET_PREFIX.match(line)


def looks_like_name(line: str) -> bool:
    """A signature: "Giang Phạm", "Vân Anh", "THVP"; not a sentence or a caption."""
    s = line.strip()
    words = s.split()
    if not 1 <= len(words) <= 5 or len(s) > 40:
        return False
    if len(words) == 1:
        return s.isupper() and s.isalpha() and 2 <= len(s) <= 10
    return all(w[0].isupper() and NAME_WORD.match(w) for w in words)


def _byline(line: str) -> tuple[str, str | None, D.DateCandidate | None] | None:
    """"Name, Outlet[, date]" or "Name (Outlet)": the pieces, else None."""
    pieces = [p.strip() for p in line.split(",")]
    if 2 <= len(pieces) <= 3 and looks_like_name(pieces[0]):
        outlet = pieces[1]
        when = None
        if len(pieces) == 3:
            found = D.full_dates(pieces[2], "byline")
            if not found or found[0].raw.strip() != pieces[2]:
                return None
            when = found[0]
            when.raw = line
        if outlet and outlet[0].isupper() and len(outlet.split()) <= 8 and not re.search(r"[.;:!?]$", outlet):
            if when is not None or len(pieces) == 2:
                return pieces[0], outlet, when
    m = re.match(r"^(.{2,40}?)\s*\(([^()]{2,60})\)$", line)
    if m and looks_like_name(m.group(1)) and m.group(2)[0].isupper():
        return m.group(1), m.group(2), None
    return None


def _parse_segment(paras: list[str]) -> _Parts | None:
    parts = _Parts()
    source = "\n".join(paras)
    cands: list[D.DateCandidate] = []
    removed: list[str] = []
    kept = []
    for p in paras:
        if is_furniture(p):
            removed.append(p)
        else:
            kept.append(p)
    paras = kept
    # -- head ------------------------------------------------------------------
    i = 0
    while i < len(paras):
        stamp = D.stamp_line(paras[i])
        if stamp is None:
            break
        if stamp.kind == "dateline":
            stamp.kind, stamp.confidence = "page-stamp", D.CONFIDENCE["page-stamp"]
        cands.append(stamp)
        i += 1
    paras = paras[i:]
    if paras:
        m = MONTH_STAMP_PREFIX.match(paras[0])
        if m:
            stamp = D.month_stamp(paras[0])
            if stamp is not None:
                cands.append(stamp)
            rest = paras[0][m.end() :]
            paras = ([rest] if rest.strip() else []) + paras[1:]
    if len(paras) >= 2 and looks_like_title(paras[0]):
        parts.title = ExtractedField(" ".join(paras[0].split()), paras[0], 0.8)
        paras = paras[1:]
    j = 0
    while j < min(3, len(paras)):
        p = paras[j]
        stamp = D.stamp_line(p)
        labelled = D.labelled_date(p)
        if stamp is not None and stamp.kind == "dateline":
            cands.append(stamp)
        elif labelled is not None:
            cands.append(labelled)
        elif (m := OUTLET_PREFIX.match(p)) and parts.outlet.value is None:
            parts.outlet = ExtractedField(m.group(1).strip(), m.group(0).strip(), 0.85)
            rest = p[m.end() :].strip()
            if rest:
                paras[j] = rest
                j += 1
                continue
        else:
            j += 1
            continue
        paras.pop(j)
    # -- tail ------------------------------------------------------------------
    while paras:
        last = paras[-1]
        if is_photo_credit(last):
            parts.notes.append(f"removed photo credit {last!r}")
            paras.pop()
            continue
        if parts.author.value is not None:
            break
        by = _byline(last)
        if by is not None:
            name, outlet, when = by
            parts.author = ExtractedField(name, last, 0.85)
            if outlet and parts.outlet.value is None:
                parts.outlet = ExtractedField(outlet, last, 0.8)
            if when is not None:
                cands.append(when)
            paras.pop()
            continue
        m = THEO.match(last)
        if m and parts.outlet.value is None:
            parts.outlet = ExtractedField(m.group(1), last, 0.6)
            paras.pop()
            continue
        if looks_like_name(last) and len(paras) > 1:
            parts.author = ExtractedField(last, last, 0.75)
            paras.pop()
            continue
        break
    # -- body ------------------------------------------------------------------
    body: list[str] = []
    for p in paras:
        for piece in strip_glued_title(p, parts.title.value):
            if piece != p and "removed the title glued into image captions" not in parts.notes:
                parts.notes.append("removed the title glued into image captions")
            if not body or body[-1] != piece:
                body.append(piece)
    if not body and parts.title.value:
        body = [parts.title.value]
    if not body:
        return None
    parts.body = body
    lead = "\n".join(body[:2])
    cands.extend(D.full_dates(lead, "lead"))
    cands.extend(D.partial_dates(lead))
    chosen, date_notes = D.choose_date(cands)
    if chosen is not None:
        raw = chosen.raw
        if chosen.kind == "month-stamp+lead":
            # "date 2021-01 Ngày 22/1": keep the raw as one piece when it is one in the source.
            stamp = next(c for c in cands if c.kind == "month-stamp")
            if f"{stamp.raw} {chosen.raw}" in source:
                raw = f"{stamp.raw} {chosen.raw}"
        parts.published = ExtractedField(chosen.iso, raw, round(chosen.confidence, 3))
    parts.notes.extend(date_notes)
    if removed:
        parts.notes.append("removed page furniture: " + ", ".join(repr(r) for r in removed))
    return parts

