"""The rows of a JSON Lines or CSV file, read as a stream: the file's encoding (UTF-8, UTF-16 or
Windows-1258), its lines with a cap on their size, and each record as a dict, a bad one named
by its line (see ``curator.ingest.records``)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from curator.text import clean_text

if TYPE_CHECKING:
    from curator.ingest.records import RecordsRead

MAX_RECORD_BYTES = 16 * 1024 * 1024  # as a text file: one article
CHUNK_BYTES = 1 << 20


def as_one_line(value: str) -> str:
    """A field's value cleaned and on one line, its runs of white space as one space."""
    return " ".join(clean_text(value).split())


def is_legacy_encoding(fh: BinaryIO) -> bool:
    """Whether a file is not UTF-8 but Windows-1258, judged on the whole file as for
    text pages (``decode.decode_bytes``): more than a few bytes that are not UTF-8,
    or no more than four valid letters for each. A UTF-8 file with a damaged record
    stays UTF-8 (that record is named)."""
    fh.seek(0)
    strict = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(CHUNK_BYTES):
            strict.decode(chunk)
        strict.decode(b"", final=True)
        return False  # UTF-8 throughout: the usual case, one quick pass
    except UnicodeDecodeError:
        pass
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    bad = other = chars = 0
    while True:
        chunk = fh.read(CHUNK_BYTES)
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
        while chunk := fh.read(CHUNK_BYTES):
            chunk.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True


class AsUtf8:
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
                rest = fh.readline(CHUNK_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def jsonl_rows(fh: BinaryIO, result: RecordsRead) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(index, line number, record) per JSON object of a JSON Lines file; a bad line is a problem of ``result``."""
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


def csv_rows(fh: BinaryIO, result: RecordsRead, delimiter: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(index, line number, record) per data row of a CSV file, keyed by the header's names; a bad row is a
    problem of ``result``."""
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
            shown = ", ".join(repr(as_one_line(n)[:40]) for n in twice[:5])
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
