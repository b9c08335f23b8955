"""Big database files are read a piece at a time (so a background thread never holds
the interpreter lock for long); whatever the pieces, the result is what one parse of
the whole file gives, or the file is parsed whole."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.store import storage
from curator.store.errors import CorruptDatabase
from curator.store.byte_layout import _loads_stepwise
from curator.store.storage import read_tables

# Keys and strings that look like the marks the reader cuts at: table names, document
# numbers, braces and quotes (escaped inside JSON strings).
KEY = st.sampled_from(["1", "2", "3", "10", "links", "aliases", "_meta", "a", 'x"y', "},\"2\":{", "}}"])
LEAF = st.none() | st.booleans() | st.integers(-5, 50) | st.text(alphabet='ab{}",:1\\ ệ', max_size=8)
VALUE = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY, inner, max_size=3), max_leaves=12)
DOC = st.dictionaries(KEY, VALUE, max_size=4)
TABLE_NAME = st.sampled_from(["_meta", "aliases", "links", "article_nodes", "runs", "history", "t9"])


@st.composite
def database(draw: st.DrawFn) -> dict:
    names = draw(st.lists(TABLE_NAME, min_size=1, max_size=4, unique=True))
    out = {}
    for name in names:
        docs = draw(st.lists(DOC, max_size=6))
        ids = list(range(1, len(docs) + 1))
        if docs and draw(st.booleans()):  # documents removed: numbers with gaps
            ids = sorted(draw(st.sets(st.integers(1, 40), min_size=len(docs), max_size=len(docs))))
        out[name] = {str(i): d for i, d in zip(ids, docs)}
    return out


@settings(max_examples=100, deadline=None)
@given(database(), st.integers(1, 400))
def test_a_file_read_in_pieces_is_what_one_parse_gives(data: dict, piece: int) -> None:
    raw = orjson.dumps(data)
    got = _loads_stepwise(raw, piece=piece)
    assert got is None or got == orjson.loads(raw)


# Documents as curator writes them: named keys, values that are plain, lists, or
# counts by name (other nestings, as in the test above, may make the reader give up
# and parse the file whole, which is also right).
PLAIN = st.none() | st.booleans() | st.integers(-5, 50) | st.text(alphabet='ab{}",:1\\ ệ', max_size=8)
NAMED_VALUE = PLAIN | st.lists(PLAIN, max_size=3) | st.dictionaries(st.text(alphabet='ab{}",:ệ', min_size=1, max_size=5), st.integers(0, 9), min_size=1, max_size=3)
NAMED_DOC = st.dictionaries(st.sampled_from(["node", "type", "forms", "a", "b", "reasons"]), NAMED_VALUE, max_size=4)


@settings(max_examples=100)
@given(st.lists(NAMED_DOC, min_size=1, max_size=30), st.integers(1, 200))
def test_tables_numbered_one_by_one_are_read_in_pieces(docs: list[dict], piece: int) -> None:
    data = {"_meta": {"1": {"kind": "x"}}, "links": {str(i): {"a": i, "d": d} for i, d in enumerate(docs, 1)}, "runs": {}}
    raw = orjson.dumps(data)
    assert _loads_stepwise(raw, piece=piece) == data  # what curator writes: never parsed whole


def test_a_big_file_is_read_in_pieces_and_a_damaged_one_still_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "STEPWISE_FROM", 10)
    data = {"aliases": {str(i): {"node": f"org:{i}", "forms": {"Cục H04": i}} for i in range(1, 500)}}
    path = tmp_path / "resolution.json"
    path.write_bytes(orjson.dumps(data))
    assert read_tables(path) == data
    path.write_bytes(orjson.dumps(data)[:-40])  # cut short
    with pytest.raises(CorruptDatabase, match="resolution.json"):
        read_tables(path)
    path.write_bytes(b'{"aliases":{"1":[1,2]}}')  # JSON, but not documents
    with pytest.raises(CorruptDatabase, match="wrong shape"):
        read_tables(path)
