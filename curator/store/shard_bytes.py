"""Byte-level readers of the shards curator writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from curator.store.errors import CorruptDatabase, ForeignDatabase, NewerSchema
from curator.yielding import stepwise
from curator.store.file_format import META, _check_meta

# A document's start in a shard as curator writes it (orjson, compact): its key, then
# {"id":"... . Inside a JSON string every quote is escaped, so this cannot match there.
_DOC_AT = re.compile(rb'[{,]"\d+":(\{"id":"([^"\\]*)")')
_META_HEAD = b'{"_meta":'


_DOC_HEAD = b'{"id":"'
_DIGITS = frozenset(b"0123456789")


def _doc_marks(data: bytes, start: int) -> list[tuple[int, int, bytes]]:
    """Each document in a shard: where its key starts, where the document starts, its
    raw id. What ``_DOC_AT`` matches, found by jumping from one ``{"id":"`` to the
    next (the regex tried every comma of the file: 0.2 s a shard, holding the GIL)."""
    marks = []
    for pos in stepwise(_found(data, _DOC_HEAD, start), 500):
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


def _index_shard(path: Path, kind: str) -> tuple[memoryview, dict[str, tuple[int, int]]] | None:
    """The bytes of a shard and each document's span in them, found without parsing
    the documents; None when the file is not in the expected layout (or cannot be
    read): the caller then reads it the general way, which reports any damage."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_META_HEAD) or not data.endswith(b"}}"):
        return None
    meta_end = data.find(b"}},", len(_META_HEAD))
    if meta_end < 0:
        return None
    try:
        meta = orjson.loads(data[len(_META_HEAD) : meta_end + 2])
        _check_meta(path, {META: meta}, kind)
    except (orjson.JSONDecodeError, AttributeError, ForeignDatabase, CorruptDatabase, NewerSchema):
        return None
    marks = _doc_marks(data, meta_end)
    spans: dict[str, tuple[int, int]] = {}
    ends = [mark[0] for mark in marks[1:]] + [len(data) - 2]  # the last closes the table and the file
    for (_, start, raw_id), end in zip(marks, ends):
        spans.setdefault(raw_id.decode("utf-8", "replace"), (start, end))  # the first of an id wins
    return memoryview(data), spans
