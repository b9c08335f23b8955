"""JSON Lines and CSV archives: one article per record.

A record's place in its file is its ``file_index``: line ``n`` of a JSON Lines
file is ``n - 1`` (blank lines count), the ``n``-th data row of a CSV file
``n - 1``. The first ingest of a file makes the ids from the file and that
index, as for the stories of a text page (``parse.article_id``); a later ingest
of the changed file gives each record the id of the story it holds, wherever
it moved (:func:`follow_records`), so decisions follow the story.

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
import csv
import hashlib
import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

import orjson

from curator.ingest.parse import article_id, content_hash, parse_document
from curator.models import Article, ExtractedField
from curator.text import clean_text

MAX_RECORD_BYTES = 16 * 1024 * 1024  # as a text file: one article
MAX_RECORDS_FILE_BYTES = 4 * 1024 * 1024 * 1024  # every article of a file is held until it is saved
MAX_PROBLEMS = 20  # lines per file; the rest are counted
_CHUNK = 1 << 20
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
    while chunk := fh.read(_CHUNK):
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
        fh = cast(BinaryIO, _AsUtf8(fh, "utf-16"))
    elif _legacy(fh):
        result.encoding = "cp1258"  # a spreadsheet's plain "CSV" on Vietnamese Windows
        fh = cast(BinaryIO, _AsUtf8(fh, "cp1258"))
    fh.seek(0)
    rows = _jsonl_rows(fh, result) if kind == "jsonl" else _csv_rows(fh, result, "\t" if kind == "tsv" else ",")
    for count, (index, line, row) in enumerate(rows):
        if cancelled is not None and count % CANCEL_EVERY == 0 and cancelled():
            break
        art = _article(row, mapping, result, line, source_file, id_base, index)
        if art is not None:
            result.articles.append(art)
    if result.bad > len(result.problems):
        result.problems.append(f"{result.bad - len(result.problems)} more bad records, skipped")
    return result


def _legacy(fh: BinaryIO) -> bool:
    """Whether a file is not UTF-8 but Windows-1258, judged on the whole file as for
    text pages (``decode.decode_bytes``): more than a few bytes that are not UTF-8,
    or no more than four valid letters for each. A UTF-8 file with a damaged record
    stays UTF-8 (that record is named)."""
    fh.seek(0)
    strict = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(_CHUNK):
            strict.decode(chunk)
        strict.decode(b"", final=True)
        return False  # UTF-8 throughout: the usual case, one quick pass
    except UnicodeDecodeError:
        pass
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    bad = other = chars = 0
    while True:
        chunk = fh.read(_CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        bad += text.count("\ufffd")
        other += len(text) - len(text.encode("ascii", "ignore"))
        chars += len(text)
        if not chunk:
            break
    if not bad:
        return False
    if bad <= max(3, chars // 1000) and other - bad > 4 * bad:
        return False
    try:
        fh.seek(0)
        while chunk := fh.read(_CHUNK):
            chunk.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True


class _AsUtf8:
    """A UTF-16 (with its BOM) or Windows-1258 file read line by line as UTF-8 bytes:
    what ``_lines`` needs (``readline(limit)``, ``seek(0)``). The limit counts
    characters, so a line over it is over ``MAX_RECORD_BYTES`` in UTF-8 too."""

    def __init__(self, fh: BinaryIO, encoding: str) -> None:
        self._raw = fh
        self._encoding = encoding
        self._text: Any = None

    def seek(self, offset: int) -> None:
        assert offset == 0
        self._raw.seek(0)
        self._text = io.TextIOWrapper(self._raw, encoding=self._encoding, errors="replace", newline="\n")

    def readline(self, limit: int = -1) -> bytes:
        return self._text.readline(limit).encode("utf-8")


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over ``MAX_RECORD_BYTES``, which is
    scanned to its end without being kept."""
    number = 0
    while True:
        line = fh.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of this line in chunks: memory stays flat
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _jsonl_rows(fh: BinaryIO, result: RecordsRead) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for number, line in _lines(fh):
        if line is None:
            result.problem(number, f"record larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB")
            continue
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            reason = "not valid UTF-8" if "utf-8" in str(exc).lower() else f"not valid JSON ({exc})"
            result.problem(number, reason)
            continue
        if not isinstance(row, dict):
            result.problem(number, f"not a JSON object (a {type(row).__name__})")
            continue
        yield number - 1, number, row


def _csv_lines(fh: BinaryIO, result: RecordsRead) -> Iterator[str]:
    """The file's lines for ``csv.reader``, each read with a cap: a line over
    ``MAX_RECORD_BYTES`` is named and given to the reader as a blank line (the
    reader itself would hold it whole)."""
    for number, line in _lines(fh):
        if line is None:
            result.problem(number, f"record larger than {MAX_RECORD_BYTES // (1024 * 1024)} MB")
            yield "\n"
            continue
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        yield line.decode("utf-8", "surrogateescape")


def _csv_rows(fh: BinaryIO, result: RecordsRead, delimiter: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_RECORD_BYTES)
    try:
        lines = _csv_lines(fh, result)
        first = next(lines, None)
        if first is None:
            return
        if delimiter == "," and first.count(";") > first.count(","):
            delimiter = ";"  # spreadsheets set to a decimal comma (Vietnamese among them) save "CSV" with semicolons
        reader = csv.reader(itertools.chain((first,), lines), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.problem(1, f"the header row cannot be read ({exc})")
            return
        names = [unicodedata.normalize("NFC", h.strip()) for h in header]  # as --field names are
        twice = sorted(name for name, n in Counter(names).items() if n > 1 and name)
        if twice:  # the first such column is read, as the first of the usual names is
            shown = ", ".join(repr(_one_line(n)[:40]) for n in twice[:5])
            result.problems.append(f"line 1: column(s) {shown} appear more than once; the first of each is read")
        index = 0
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                result.problem(line, f"not a valid CSV row ({exc})")
                index += 1
                continue
            if not any(v.strip() for v in values):
                continue
            row_index, index = index, index + 1
            if any(_has_surrogate(v) for v in values):
                result.problem(line, "not valid UTF-8")
                continue
            if len(values) > len(names):
                result.problem(line, f"{len(values)} values for {len(names)} columns")
                continue
            yield row_index, line, dict(zip(names, values)) if not twice else _first_wins(names, values)
    finally:
        csv.field_size_limit(previous)


def _first_wins(names: list[str], values: list[str]) -> dict[str, str]:
    row: dict[str, str] = {}
    for name, value in zip(names, values):
        row.setdefault(name, value)
    return row


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


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
            fields[target] = ExtractedField(_one_line(raw), raw, 1.0)
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
        notes.append(f"{KEY_NOTE}{_one_line(key_text)}")
    _, url = _lookup(row, "url", mapping)
    url_text = _as_text(url)
    if url_text and url_text.strip():
        notes.append(f"{URL_NOTE}{_one_line(url_text)}")
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



def record_key(art: Article) -> str | None:
    """The record's own stable key, read from its notes: its id (an ``id`` or ``guid``
    field, or the one named by ``--field id=NAME``), else its URL; None without either."""
    url = None
    for note in art.notes:
        if note.startswith(KEY_NOTE):
            return "id:" + note[len(KEY_NOTE) :]
        if url is None and note.startswith(URL_NOTE):
            url = "url:" + note[len(URL_NOTE) :]
    return url


def record_digest(art: Article) -> str:
    """What a record says, as stored: its text and fields (not its place, id or notes)."""
    parts = [art.text, *(getattr(art, name).to_dict() for name in ("title", "published", "author", "outlet"))]
    return hashlib.blake2b(orjson.dumps(parts), digest_size=16).hexdigest()


@dataclass(slots=True, frozen=True)
class StoredRecord:
    """A record of the file as the last ingest stored it."""

    id: str
    file_index: int
    digest: str
    key: str | None


def _same_story_possible(old: str | None, new: str | None) -> bool:
    """Two keys of one kind that differ are two stories; a missing key says nothing."""
    if old is None or new is None or old.split(":", 1)[0] != new.split(":", 1)[0]:
        return True
    return old == new


def follow_records(articles: list[Article], stored: Sequence[StoredRecord], id_base: str, next_index: int) -> int:
    """Give each record of a changed file (``articles``, in file order, as read) the id
    of the story it holds, so that decisions follow the story when records move.

    In this order, each stored id going to one record at most:
    1. a record with its own key (``record_key``) seen before keeps that record's id
       (a key several records share, in the file or as stored, is not used);
    2. a record whose text and fields are unchanged (``record_digest``) keeps its id,
       wherever it moved (identical records: in file order);
    3. a record changed in place keeps the id of the record stored at its place, unless
       both carry keys of one kind that differ (another story);
    4. any other record is new: it gets ``article_id(id_base, k)`` for the next ``k``
       from ``next_index`` whose id was never given in this file.
    Stored ids no record took are the records that vanished. Returns the next free
    ``k``. Linear: one pass over each list, dicts of keys, digests and places.
    """
    keys = [record_key(a) for a in articles]
    # A key several records share (a site's home page as every record's URL) names none of them.
    shared = {k for k, n in Counter(keys).items() if n > 1} | {
        k for k, n in Counter(rec.key for rec in stored).items() if n > 1
    }
    keys = [None if k in shared else k for k in keys]
    by_key: dict[str, str] = {}
    by_digest: dict[str, list[str]] = {}
    by_place: dict[int, StoredRecord] = {}
    for rec in stored:
        if rec.key is not None and rec.key not in shared:
            by_key[rec.key] = rec.id
        by_digest.setdefault(rec.digest, []).append(rec.id)
        by_place[rec.file_index] = rec
    for ids in by_digest.values():
        ids.reverse()  # popped from the end: the first stored first
    claimed: set[str] = set()
    given: list[str | None] = [None] * len(articles)
    for i, key in enumerate(keys):
        art_id = by_key.get(key) if key is not None else None
        if art_id is not None and art_id not in claimed:
            given[i] = art_id
            claimed.add(art_id)
    for i, art in enumerate(articles):
        if given[i] is None:
            ids = by_digest.get(record_digest(art))
            while ids:
                art_id = ids.pop()
                if art_id not in claimed:
                    given[i] = art_id
                    claimed.add(art_id)
                    break
    for i, art in enumerate(articles):
        rec = by_place.get(art.file_index)
        if given[i] is None and rec is not None and rec.id not in claimed and _same_story_possible(
            None if rec.key in shared else rec.key, keys[i]
        ):
            given[i] = rec.id
            claimed.add(rec.id)
    used = claimed | {rec.id for rec in stored}
    k = next_index
    for i, art in enumerate(articles):
        if given[i] is None:
            while article_id(id_base, k) in used:
                k += 1
            given[i] = article_id(id_base, k)
            used.add(given[i])
            k += 1
        art.id = cast(str, given[i])
    return k


def next_free_index(id_base: str, ids: Sequence[str], places: Sequence[int]) -> int:
    """The next free index of a file whose record does not say it (stored before it was
    kept, or imported from an export): past every place and every index found among
    ``ids`` (new ids are then also checked against the ids present)."""
    present = set(ids)
    n = max([len(ids), *(p + 1 for p in places)])
    found = [k for k in range(n + len(ids)) if article_id(id_base, k) in present]
    return max(n, found[-1] + 1) if found else n
