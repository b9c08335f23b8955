"""The bytes of the TinyDB files curator writes, read and extended without parsing.

Every file is written by ``encode_tables`` (``orjson.dumps``: compact, no spaces,
keys in insertion order) as TinyDB lays it out::

    {"_meta":{"1":{"kind":"curator.texts","schema_version":1}},"articles":{"1":{"id":"a1",...},"2":{...}}}

tables in the order given, the ``_meta`` header first, each table's documents
keyed "1", "2", ... in order. Inside a JSON string every quote is escaped, so a
pattern that starts with a quote or a brace outside one cannot match inside one.
The readers here rely on that layout and return None for any other (a file
written by hand or another tool): the caller then parses the file whole, which
reports any damage as it always did. A file never depends on these readers to
be read right; they only make reading it cheaper. Those that may run for long
take the caller's ``pace`` (:class:`~curator.yielding.Pace`) and step aside on it:

- ``_loads_stepwise``: a big file parsed a piece of documents at a time, so a
  background thread never holds the interpreter for the whole file; ``table_pieces``
  gives those pieces one by one, to a reader that keeps only what it needs, and
  ``file_table_pieces`` the same from an open file read a window at a time;
- ``index_token``: the listing token in ``index.json``'s header, read from its
  first bytes (is the listing cache still the index's?);
- ``_index_shard``: where each document of a shard lies, so opening an article
  parses its own document only (``_shard_spans``: every document, in order, for a
  reader that parses a shard a document at a time; ``shard_spans_in_windows``: the
  same found a window at a time, for a reader that never holds the shard);
- ``append_documents``: a shard with documents added, made by copying its bytes
  (ingest adds thousands of articles to every shard, batch after batch).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from curator.store.errors import CorruptDatabase, ForeignDatabase, NewerSchema
from curator.yielding import NO_PACE, Pace

Tables = dict[str, dict[str, Any]]  # a TinyDB file: table name -> document key -> document


# Where one table ends and the next begins, as orjson writes the tables: the table's
# last document (or its opening brace, if empty) closes, then ,"name":{ . Quotes in
# JSON strings are escaped, so this cannot match inside a string.
_FIRST_TABLE = re.compile(rb'\{"([A-Za-z_][A-Za-z0-9_]*)":\{')
_NEXT_TABLE = re.compile(rb'\},"([A-Za-z_][A-Za-z0-9_]{0,63})":\{')  # a literal first: scans fast


class NotInLayout(Exception):
    """Bytes that are not a database file in the layout curator writes."""


def _loads_stepwise(raw: bytes, piece: int = 1 << 18, pace: Pace = NO_PACE) -> Tables | None:
    """A big database file in the layout curator writes (tables of documents numbered
    1, 2, 3…), parsed a piece at a time: the same work as one ``orjson.loads``, but in
    short calls, so a background thread reading a big file never holds the interpreter
    lock for long (the app's screen stays live).

    None if ``raw`` is not in that layout: the caller parses it whole."""
    tables: Tables = {}
    try:
        for name, docs in table_pieces(raw, piece, pace):
            tables.setdefault(name, {}).update(docs)
    except NotInLayout:
        return None
    return tables


def table_pieces(
    raw: bytes, piece: int = 1 << 18, pace: Pace = NO_PACE
) -> Iterator[tuple[str, dict[str, Any]]]:
    """A database file's documents as (table name, {key: document}) pieces of about
    ``piece`` bytes (at least one document, however big), in the file's order; a
    reader that keeps only what it needs of each piece never holds the file parsed.

    Raises ``NotInLayout`` (possibly after some pieces) when ``raw`` is not in the
    layout curator writes: the caller then parses it whole, which names the damage.
    A cut in the wrong place can only fall inside a document, and then the piece
    does not parse."""
    first = _FIRST_TABLE.match(raw)
    if first is None or not raw.endswith(b"}}"):
        raise NotInLayout
    heads = [(first.group(1), first.end())]
    ends = []
    window = 1 << 21  # searched 2 MB at a time: no call holds the interpreter for long
    for at in range(first.end(), len(raw), window):
        for m in _NEXT_TABLE.finditer(raw, at, min(len(raw), at + window + 80)):
            if m.start() >= at + window:
                break  # the next window finds it
            if raw[m.start() - 1] in b"{}":  # the table's last document closed (or it is empty)
                ends.append(m.start())  # the brace that closes the table
                heads.append((m.group(1), m.end()))
    ends.append(len(raw) - 2)  # the last table closes, then the file
    seen: set[bytes] = set()
    try:
        for (name, start), end in zip(heads, ends):
            if name in seen:
                raise NotInLayout  # a name twice: not ours
            seen.add(name)
            if start == end:
                yield name.decode(), {}
            k, pos, batch = 1, start, 1
            while pos < end:
                pace.checkpoint()
                if not raw.startswith(b'"%d":{' % k, pos):
                    raise NotInLayout
                cut = raw.find(b',"%d":{' % (k + batch), pos, end)
                cut = end if cut < 0 else cut
                if pos == start and cut == end:  # the whole table: parsed in place, uncopied
                    docs = orjson.loads(memoryview(raw)[start - 1 : end + 1])
                else:
                    docs = orjson.loads(b"{" + raw[pos:cut] + b"}")
                for key, doc in docs.items():  # numbered on from k, each a document
                    if key != str(k) or not isinstance(doc, dict):
                        raise NotInLayout
                    k += 1
                yield name.decode(), docs
                # As many documents next time as make about ``piece`` bytes, going by these.
                batch = max(1, min(4096, piece * len(docs) // max(1, cut - pos)))
                pos = cut + 1
    except orjson.JSONDecodeError:
        raise NotInLayout from None


class _Window:
    """An open file read ``size`` bytes at a time: ``buf[pos:]`` is what is read and
    not yet used; reading more lets go of what is before ``pos``."""

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self.fh, self.size = fh, size
        self.buf, self.pos, self.eof = b"", 0, False
        self._bound: tuple[bytes, int | None] | None = None

    def more(self) -> bool:
        """Read another window (False: the file has ended)."""
        chunk = b"" if self.eof else self.fh.read(self.size)
        if not chunk:
            self.eof = True
            return False
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        return True

    def ahead(self, n: int) -> None:
        """At least ``n`` bytes from ``pos`` on, unless the file ends first."""
        while len(self.buf) - self.pos < n and self.more():
            pass

    def table_end(self) -> int | None:
        """Where the table being read closes, if that is in the window: the first
        ``},"name":{`` after a document (or an empty table's brace) from ``pos`` on."""
        cached = self._bound
        if cached is None or cached[0] is not self.buf or (cached[1] is not None and cached[1] < self.pos):
            found = None
            for m in _NEXT_TABLE.finditer(self.buf, max(1, self.pos)):
                if self.buf[m.start() - 1] in b"{}":
                    found = m.start()
                    break
            cached = self._bound = (self.buf, found)
        return cached[1]


def file_table_pieces(
    fh: IO[bytes], piece: int = 1 << 16, window: int = 1 << 20, pace: Pace = NO_PACE
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``table_pieces`` of an open file, read ``window`` bytes at a time: memory holds
    a window (or one document, if bigger) and one piece, never the file. The same
    layout is required, and ``NotInLayout`` raised (possibly after some pieces) for any
    other, as there."""
    w = _Window(fh, window)
    w.ahead(_HEAD_BYTES)
    first = _FIRST_TABLE.match(w.buf)
    if first is None:
        raise NotInLayout
    name, w.pos, k = first.group(1), first.end(), 1
    seen = {name}
    try:
        while True:
            pace.checkpoint()
            w.ahead(80)  # room for a key or a table's head
            if w.buf.startswith(b'"%d":{' % k, w.pos):
                docs, k = _window_piece(w, k, piece)
                yield name.decode(), docs
                continue
            if not w.buf.startswith(b"}", w.pos):
                raise NotInLayout
            if k == 1:
                yield name.decode(), {}
            m = _NEXT_TABLE.match(w.buf, w.pos)
            if m is not None:
                name, w.pos, k = m.group(1), m.end(), 1
                if name in seen:
                    raise NotInLayout  # a name twice: not ours
                seen.add(name)
                continue
            if w.eof and w.buf[w.pos :] == b"}}":
                return
            raise NotInLayout
    except orjson.JSONDecodeError:
        raise NotInLayout from None


def _window_piece(w: _Window, k: int, piece: int) -> tuple[dict[str, Any], int]:
    """The documents from ``"k":{`` at ``w.pos`` on, about ``piece`` bytes of them (at
    least one), and the key after them; ``w.pos`` moves to the next key (after its
    comma) or to the brace that closes the table."""
    while True:
        buf, pos = w.buf, w.pos
        bound = w.table_end()
        limit = len(buf) if bound is None else bound
        cut, n = -1, k + 1
        while True:  # the next keys, one document at a time, until ``piece`` bytes
            found = buf.find(b',"%d":{' % n, pos if cut < 0 else cut + 1, limit)
            if found < 0:
                break
            cut, n = found, n + 1
            if cut - pos >= piece:
                break
        if cut < 0 and bound is not None:
            cut = bound  # the table's last document
        elif cut < 0 and w.eof:
            if not buf.endswith(b"}}"):
                raise NotInLayout
            cut = len(buf) - 2  # the last table's last document
        if cut >= 0:
            break
        w.more()  # a document longer than the window: read on
    docs = orjson.loads(b"{" + buf[pos:cut] + b"}")
    for key, doc in docs.items():  # numbered on from k, each a document
        if key != str(k) or not isinstance(doc, dict):
            raise NotInLayout
        k += 1
    w.pos = cut + 1 if buf[cut : cut + 1] == b"," else cut
    return docs, k


_TOKEN = re.compile(rb'"listing":"([0-9a-f]{8,64})"')
_HEAD_BYTES = 4096


def index_token(index_path: Path) -> str | None:
    """The listing token in the header of ``index.json`` (None: none, or unreadable)."""
    try:
        with open(index_path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return None
    meta_end = head.find(b"}}")
    found = _TOKEN.search(head, 0, meta_end if meta_end >= 0 else len(head))
    return found.group(1).decode() if found else None


# A document's start in a shard as curator writes it (orjson, compact): its key, then
# {"id":"... . Inside a JSON string every quote is escaped, so this cannot match there.
_DOC_AT = re.compile(rb'[{,]"\d+":(\{"id":"([^"\\]*)")')
_META_HEAD = b'{"_meta":'


_DOC_HEAD = b'{"id":"'
_DIGITS = frozenset(b"0123456789")


def _doc_marks(data: bytes, start: int, pace: Pace = NO_PACE) -> list[tuple[int, int, bytes]]:
    """Each document in a shard: where its key starts, where the document starts, its
    raw id. What ``_DOC_AT`` matches, found by jumping from one ``{"id":"`` to the
    next: the work follows the documents, not every comma of the file, and yields
    between them."""
    marks = []
    for pos in pace.stepwise(_found(data, _DOC_HEAD, start), 500):
        key = pos - 2  # before it, the document's key: [{,]"digits":
        while key > 0 and data[key - 1] in _DIGITS:
            key -= 1
        m = _DOC_AT.match(data, key - 2) if key >= 2 else None
        if m is not None and m.start(1) == pos:
            marks.append((m.start(), m.start(1), m.group(2)))
    return marks


def _found(data: bytes, needle: bytes, start: int) -> Iterator[int]:
    """Every place ``needle`` starts in ``data`` from ``start`` on (not overlapping)."""
    pos = data.find(needle, start)
    while pos >= 0:
        yield pos
        pos = data.find(needle, pos + len(needle))


def _index_shard(
    path: Path, kind: str, pace: Pace = NO_PACE
) -> tuple[memoryview, dict[str, tuple[int, int]]] | None:
    """The bytes of a shard and each document's span in them, found without parsing
    the documents; None when the file is not in the expected layout (or cannot be
    read): the caller then reads it the general way, which reports any damage."""
    found = _shard_spans(path, kind, pace)
    if found is None:
        return None
    data, found_spans = found
    spans: dict[str, tuple[int, int]] = {}
    for raw_id, start, end in found_spans:
        spans.setdefault(raw_id.decode("utf-8", "replace"), (start, end))  # the first of an id wins
    return data, spans


def _shard_spans(
    path: Path, kind: str, pace: Pace = NO_PACE
) -> tuple[memoryview, list[tuple[bytes, int, int]]] | None:
    """The bytes of a shard and (raw id, start, end) of every document, in the file's
    order; None as for ``_index_shard``."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_META_HEAD) or not data.endswith(b"}}"):
        return None
    meta_end = data.find(b"}},", len(_META_HEAD))
    if meta_end < 0:
        return None
    from curator.store.file_format import META, _check_meta  # it imports the storage, which imports this module

    try:
        meta = orjson.loads(data[len(_META_HEAD) : meta_end + 2])
        _check_meta(path, {META: meta}, kind)
    except (orjson.JSONDecodeError, AttributeError, ForeignDatabase, CorruptDatabase, NewerSchema):
        return None
    marks = _doc_marks(data, meta_end, pace)
    for number, (at, _, _) in enumerate(marks, start=1):
        if not data.startswith(b'"%d":' % number, at + 1):
            return None  # documents not numbered 1, 2, 3…, or one the marks missed (an id with an escape)
    ends = [mark[0] for mark in marks[1:]] + [len(data) - 2]  # the last closes the table and the file
    return memoryview(data), [(raw_id, start, end) for (_, start, raw_id), end in zip(marks, ends)]


def shard_spans_in_windows(
    path: Path, kind: str, window: int = 1 << 20, pace: Pace = NO_PACE
) -> list[tuple[bytes, int, int]] | None:
    """(raw id, start, end) of every document of a shard, in the file's order, as
    ``_shard_spans`` finds them, the file read ``window`` bytes at a time: for a reader
    that then reads each document alone (``os.pread``) and never holds the shard.
    None as for ``_shard_spans``."""
    try:
        with open(path, "rb") as fh:
            return _spans_in_windows(fh, kind, path, window, pace)
    except OSError:
        return None


def _spans_in_windows(
    fh: IO[bytes], kind: str, path: Path, window: int, pace: Pace = NO_PACE
) -> list[tuple[bytes, int, int]] | None:
    buf = fh.read(max(window, _HEAD_BYTES))
    if not buf.startswith(_META_HEAD):
        return None
    meta_end = buf.find(b"}},", len(_META_HEAD))
    if meta_end < 0:
        return None
    from curator.store.file_format import _check_meta  # it imports the storage, which imports this module

    try:
        _check_meta(path, {"_meta": orjson.loads(buf[len(_META_HEAD) : meta_end + 2])}, kind)
    except (orjson.JSONDecodeError, AttributeError, ForeignDatabase, CorruptDatabase, NewerSchema):
        return None
    marks: list[tuple[int, int, bytes]] = []  # (where the key's comma or brace is, document start, raw id)
    base, scan = 0, meta_end  # ``buf`` starts at ``base`` in the file; marks are sought from ``scan``
    while True:
        chunk = fh.read(window)
        eof = not chunk
        buf += chunk
        # A mark is taken once the window holds what follows it (its id), unless the file ended.
        safe = len(buf) if eof else max(scan, len(buf) - 512)
        for pos in pace.stepwise(_found(buf, _DOC_HEAD, scan), 500):
            if pos >= safe:
                break
            key = pos - 2  # before it, the document's key: [{,]"digits":
            while key > 0 and buf[key - 1] in _DIGITS:
                key -= 1
            m = _DOC_AT.match(buf, key - 2) if key >= 2 else None
            if m is not None and m.start(1) == pos:
                if buf[key:pos - 2] != b"%d" % (len(marks) + 1):
                    return None  # documents not numbered 1, 2, 3…, or one the marks missed (an id with an escape)
                marks.append((base + m.start(), base + pos, m.group(2)))
        if eof:
            break
        keep = max(0, safe - 64)  # the bytes before a mark, for its key
        buf, base, scan = buf[keep:], base + keep, safe - keep
    if not buf.endswith(b"}}"):
        return None
    ends = [mark[0] for mark in marks[1:]] + [base + len(buf) - 2]  # the last closes the table and the file
    return [(raw_id, start, end) for (_, start, raw_id), end in zip(marks, ends)]


def append_documents(data: bytes, count: int, docs: Iterable[dict[str, Any]]) -> bytes | None:
    """A file's bytes with ``docs`` added to its last table, keyed on from ``count``
    (the documents the table holds); None when ``data`` does not end its last table
    and the file the way curator writes them. What was there is copied as bytes,
    neither parsed nor encoded again."""
    docs = list(docs)
    if not data.endswith(b"}}"):
        return None
    if not docs:
        return data
    pieces = b",".join(b'"%d":%s' % (count + i, orjson.dumps(doc)) for i, doc in enumerate(docs, start=1))
    return data[:-2] + (b"," if count else b"") + pieces + b"}}"
