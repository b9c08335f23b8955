"""The byte-level readers of curator's files agree with a full parse: a shard grown
by appending bytes is the file that writing it whole would give, and every
document is found where it lies, whatever the text inside the documents."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.store.byte_layout import (
    _index_shard, _loads_stepwise, _shard_spans, append_documents, file_table_pieces, index_token, shard_spans_in_windows,
    table_pieces,
)
from curator.store.file_format import _with_meta
from curator.store.storage import encode_tables

KIND = "curator.texts"
# Ids as curator makes them and more (marks, Vietnamese letters), never a quote or a
# backslash (an id is a hash of the source: those never occur).
ID = st.text(alphabet="abcđệ0189_-:.{},[] ", min_size=1, max_size=10)
# Text that looks like the marks the readers look for: keys, braces, quotes, escapes.
TEXT = st.text(alphabet='ab{}",:1\\ ệ\n\x00\x1b', max_size=30) | st.sampled_from(
    ['{"id":"x"}', ',"2":{"id":"y"', '}},"articles":{', '"_meta":', "\\\"", "}}"]
)
DOC_BODY = st.fixed_dictionaries({"text": TEXT}, optional={"title": st.dictionaries(st.sampled_from(["value", "raw"]), TEXT), "n": st.integers(-3, 99)})


@st.composite
def documents(draw: st.DrawFn, min_size: int = 0) -> list[dict]:
    ids = draw(st.lists(ID, min_size=min_size, max_size=12, unique=True))
    return [{"id": i, **draw(DOC_BODY)} for i in ids]


def shard_bytes(docs: list[dict]) -> bytes:
    return encode_tables(_with_meta(KIND, {"articles": docs}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents(), documents())
def test_a_shard_grown_by_appending_bytes_is_the_shard_written_whole(tmp_path: Path, first: list[dict], more: list[dict]) -> None:
    seen = {d["id"] for d in first}
    more = [d for d in more if d["id"] not in seen]  # the store appends only new articles
    grown = append_documents(shard_bytes(first), len(first), more)
    assert grown == shard_bytes(first + more)
    assert orjson.loads(grown) == _with_meta(KIND, {"articles": first + more})
    assert _loads_stepwise(grown, piece=64) in (None, orjson.loads(grown))
    path = tmp_path / "shard.json"
    path.write_bytes(grown)
    found = _index_shard(path, KIND)
    assert found is not None
    data, spans = found
    assert set(spans) == {d["id"] for d in first + more}
    for doc in first + more:
        start, end = spans[doc["id"]]
        assert orjson.loads(data[start:end]) == doc  # each document read alone, as stored


def test_bytes_not_in_curator_layout_are_left_to_a_full_parse(tmp_path: Path) -> None:
    docs = [{"id": "a1", "text": "Hà Nội"}]
    pretty = orjson.dumps(orjson.loads(shard_bytes(docs)), option=orjson.OPT_INDENT_2)
    assert append_documents(pretty + b"\n", 1, docs) is None
    path = tmp_path / "shard.json"
    path.write_bytes(pretty)
    assert _index_shard(path, KIND) is None
    path.write_bytes(encode_tables(_with_meta("curator.mentions", {"mentions": docs})))
    assert _index_shard(path, KIND) is None  # another kind of file: the full read names it


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789abcdef", min_size=8, max_size=64), documents())
def test_the_listing_token_is_read_from_the_header(tmp_path_factory, token: str, docs: list[dict]) -> None:
    path = tmp_path_factory.mktemp("index") / "index.json"
    path.write_bytes(encode_tables(_with_meta("curator.index", {"columns": docs}, {"listing": token})))
    assert index_token(path) == token


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents(), documents(), st.integers(1, 300))
def test_a_file_read_in_small_windows_gives_what_the_whole_file_gives(tmp_path: Path, first: list[dict], more: list[dict], window: int) -> None:
    raw = encode_tables(_with_meta(KIND, {"articles": first, "empty": [], "more": more}))
    path = tmp_path / "file.json"
    path.write_bytes(raw)
    try:
        whole = [(name, docs) for name, docs in table_pieces(raw, piece=64)]
    except Exception as exc:  # not in the layout: the windows must say so too
        whole = type(exc)
    try:
        with open(path, "rb") as fh:
            windowed = [(name, docs) for name, docs in file_table_pieces(fh, piece=64, window=window)]
    except Exception as exc:
        windowed = type(exc)
    merged = {}
    for name, docs in windowed if isinstance(windowed, list) else ():
        merged.setdefault(name, {}).update(docs)
    if isinstance(windowed, list):
        assert merged == orjson.loads(raw)  # every table and document, in order
    assert isinstance(whole, list) == isinstance(windowed, list)
    shard = tmp_path / "shard.json"
    shard.write_bytes(shard_bytes(first + [d for d in more if d["id"] not in {f["id"] for f in first}]))
    expected = _shard_spans(shard, KIND)
    assert shard_spans_in_windows(shard, KIND, window=max(window, 64)) == (expected[1] if expected else None)
