"""JSON Lines and CSV archives: one article per record.

A record's place in its file is its ``file_index``: line ``n`` of a JSON Lines
file is ``n - 1`` (blank lines count), the ``n``-th data row of a CSV file
``n - 1``. The first ingest of a file makes the ids from the file and that
index, as for the stories of a text page (``parse.article_id``); a later ingest
of the changed file gives each record the id of the story it holds, wherever
it moved (``record_identity.follow_records``), so decisions follow the story.

Which field is which: ``--field title=headline`` names the record's field for
one of ours; without it the first of the usual names present is used
(:data:`DEFAULT_NAMES`, case-insensitive). A record's fields are kept as given
(``raw``, confidence 1.0; a date is turned into ``YYYY-MM-DD``); a field the
record lacks is looked for in its text with the rules for ``.txt`` pages, and
the text itself is kept as given (cleaned: NFC, no control characters).

A bad record (not JSON, not an object, no text, invalid UTF-8, larger than
``MAX_RECORD_BYTES``) is one problem line naming its line and the reason; the
other records go on. Files are read as a stream: a record is held only while
it is read, so a 200 MB line costs a scan, not 200 MB.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from curator.ingest.parse import article_id, content_hash, parse_document
from curator.ingest.record_rows import CHUNK_BYTES, AsUtf8, as_one_line, csv_rows, is_legacy_encoding, jsonl_rows
from curator.models import Article, ExtractedField
from curator.text import clean_text

MAX_RECORDS_FILE_BYTES = 4 * 1024 * 1024 * 1024  # every article of a file is held until it is saved
MAX_PROBLEMS = 20  # lines per file; the rest are counted
CANCEL_EVERY = 256  # records between two looks at ctrl+c: a file of a million records stops at once

TARGETS: tuple[str, ...] = ("text", "title", "published", "author", "outlet", "url", "id")
DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext", "article", "article_text", "full_text", "noi_dung"),
    "title": ("title", "headline", "tieu_de"),
    "published": ("published", "date", "pub_date", "published_at", "publish_date", "date_published",
                  "datepublished", "published_time", "time", "ngay"),
    "author": ("author", "authors", "byline", "creator", "tac_gia"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher", "domain"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "id": ("id", "guid"),  # the record's own stable key, when its source gives one
}
KEY_NOTE = "record id: "  # kept in the article's notes, as the URL is: a later ingest reads it back
URL_NOTE = "record URL: "
RECORD_EXTENSIONS = {"jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "tsv": "tsv"}
_MONTH_ONLY = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class FieldMapError(ValueError):
    """A ``--field`` option that cannot be used; says which and why."""


def parse_field_options(options: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``["title=headline", ...]`` -> ``(("title", "headline"), ...)``, checked."""
    pairs: dict[str, str] = {}
    for option in options:
        ours, eq, theirs = option.partition("=")
        ours, theirs = ours.strip().lower(), unicodedata.normalize("NFC", theirs.strip())
        if not eq or not theirs:
            raise FieldMapError(f"--field {option!r}: write it as OURS=THEIRS, e.g. title=headline")
        if ours not in TARGETS:
            raise FieldMapError(f"--field {option!r}: '{ours}' is not one of {', '.join(TARGETS)}")
        if ours in pairs and pairs[ours] != theirs:
            raise FieldMapError(f"--field: '{ours}' given twice ({pairs[ours]} and {theirs})")
        pairs[ours] = theirs
    return tuple(sorted(pairs.items()))


def record_kind(name: str) -> str | None:
    """``jsonl``, ``csv`` or ``tsv`` by the file's extension; None for other files."""
    stem, dot, ext = name.rpartition(".")
    return RECORD_EXTENSIONS.get(ext.lower()) if dot and stem else None


@dataclass(slots=True)
class RecordsRead:
    """What one records file gave: its articles and one line per bad record."""

    sha256: str
    size: int
    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad: int = 0
    encoding: str = "utf-8"

    def problem(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"line {line}: {reason}, record skipped")


def file_sha256(fh: BinaryIO) -> tuple[str, int]:
    """SHA-256 and size of an open file, read in chunks from the start."""
    digest = hashlib.sha256()
    size = 0
    fh.seek(0)
    while chunk := fh.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def read_records(
    fh: BinaryIO, kind: str, source_file: str, id_base: str, fields: tuple[tuple[str, str], ...], sha: str, size: int,
    cancelled: Callable[[], bool] | None = None,
) -> RecordsRead:
    """Every record of an open JSON Lines or CSV file as an article; when
    ``cancelled()`` turns true (checked every ``CANCEL_EVERY`` records) the reading
    stops and what was read so far is returned (the caller does not save it)."""
    result = RecordsRead(sha, size)
    mapping = dict(fields)
    fh.seek(0)
    if fh.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        result.encoding = "utf-16"  # spreadsheets' "Unicode text": read as the UTF-8 it means
        fh = cast(BinaryIO, AsUtf8(fh, "utf-16"))
    elif is_legacy_encoding(fh):
        result.encoding = "cp1258"  # a spreadsheet's plain "CSV" on Vietnamese Windows
        fh = cast(BinaryIO, AsUtf8(fh, "cp1258"))
    fh.seek(0)
    rows = jsonl_rows(fh, result) if kind == "jsonl" else csv_rows(fh, result, "\t" if kind == "tsv" else ",")
    for count, (index, line, row) in enumerate(rows):
        if cancelled is not None and count % CANCEL_EVERY == 0 and cancelled():
            break
        art = _article(row, mapping, result, line, source_file, id_base, index)
        if art is not None:
            result.articles.append(art)
    if result.bad > len(result.problems):
        result.problems.append(f"{result.bad - len(result.problems)} more bad records, skipped")
    return result


def _lookup(row: dict[str, Any], target: str, mapping: dict[str, str]) -> tuple[str | None, Any]:
    """(the record's field name, its value) for one of our fields, or (None, None)."""
    if target in mapping:
        name = mapping[target]
        if name in row:
            return name, row[name]
        for key in row:  # a name written decomposed (NFD), as macOS writes it
            if isinstance(key, str) and unicodedata.normalize("NFC", key) == name:
                return key, row[key]
        return None, None
    lowered = {k.lower(): k for k in row if isinstance(k, str)}
    for candidate in DEFAULT_NAMES[target]:
        key = lowered.get(candidate)
        if key is not None and row[key] not in (None, ""):
            return key, row[key]
    return None, None


def _as_text(value: Any, sep: str = "; ") -> str | None:
    """A record's value as a string: lists of names joined with "; " (paragraphs, for
    the text, with a blank line: ``sep``), {"name": ...} by its name."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return _as_text(value.get("name"))
    if isinstance(value, list):
        parts = [p for p in (_as_text(v, sep) for v in value) if p]
        return sep.join(parts) if parts else None
    return None


def _article(
    row: dict[str, Any], mapping: dict[str, str], result: RecordsRead, line: int,
    source_file: str, id_base: str, index: int,
) -> Article | None:
    key, raw_text = _lookup(row, "text", mapping)
    if key is None:
        wanted = mapping.get("text") or ", ".join(DEFAULT_NAMES["text"][:4]) + ", ..."
        result.problem(line, f"no text field ({wanted}; name it with --field text=NAME)")
        return None
    text_value = _as_text(raw_text, "\n\n")  # a list of paragraphs stays paragraphs
    text = clean_text(text_value).strip() if text_value else ""
    if not text:
        result.problem(line, f"empty text in field '{key}'")
        return None
    notes: list[str] = []
    fields: dict[str, ExtractedField] = {}
    for target in ("title", "published", "author", "outlet"):
        name, value = _lookup(row, target, mapping)
        raw = _as_text(value)
        if name is None or raw is None or not raw.strip():
            continue
        raw = clean_text(raw)
        if target == "published":
            iso = _iso_date(raw)
            if iso is None:
                notes.append(f"the date {raw[:60]!r} in field '{name}' was not understood")
                continue
            fields[target] = ExtractedField(iso, raw, 1.0)
        else:
            fields[target] = ExtractedField(as_one_line(raw), raw, 1.0)
    missing = [t for t in ("title", "published", "author", "outlet") if t not in fields]
    if missing:
        # What the record does not say is looked for in its text, as on a text page.
        guessed = parse_document(text, source_file, id_base=id_base)
        if guessed:
            for target in missing:
                found = getattr(guessed[0], target)
                if found.value is not None:
                    fields[target] = found
    _, key = _lookup(row, "id", mapping)
    key_text = _as_text(key)
    if key_text and key_text.strip():
        notes.append(f"{KEY_NOTE}{as_one_line(key_text)}")
    _, url = _lookup(row, "url", mapping)
    url_text = _as_text(url)
    if url_text and url_text.strip():
        notes.append(f"{URL_NOTE}{as_one_line(url_text)}")
    return Article(
        id=article_id(id_base, index),
        source_file=source_file,
        file_index=index,
        text=text,
        title=fields.get("title", ExtractedField()),
        published=fields.get("published", ExtractedField()),
        author=fields.get("author", ExtractedField()),
        outlet=fields.get("outlet", ExtractedField()),
        content_hash=content_hash(text),
        notes=notes,
    )


def _iso_date(raw: str) -> str | None:
    from curator.ingest.dates import parse_date

    found = parse_date(raw)
    if found is not None:
        return found
    m = _MONTH_ONLY.match(raw)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None
