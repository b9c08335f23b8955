"""The article list's cache (``index.listing.npz``) gives back exactly the index it
was made from, is used only while it matches ``index.json``, and a damaged or stale
one never shows wrong rows."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.models import Article, ExtractedField
from curator.store import Store
from curator.store.commit import committed_path
from curator.store.byte_layout import index_token
from curator.store.listing import LISTING_FILE, TEXT_COLUMNS, Listing, listing_of

TOKEN = "0123456789abcdef"

# Cells as the index holds them: missing (None), empty, Vietnamese, other scripts,
# a lone surrogate (what a badly encoded file decodes to), a newline.
CELL = st.none() | st.text(alphabet=st.sampled_from(["a", "ệ", "đ", "ư", "Ơ", "中", "🙂", "\udcff", " ", "\n", "1"]), max_size=6)


@st.composite
def index_rows(draw: st.DrawFn) -> list[dict]:
    n = draw(st.integers(0, 6))
    rows = []
    for i in range(n):
        row = {name: draw(CELL) for name in TEXT_COLUMNS if name != "id"}
        row["id"] = f"a{i}-{draw(CELL) or ''}"
        if draw(st.booleans()):
            row["entity_count"] = draw(st.integers(0, 2**31 - 1))
        rows.append(row)
    return rows


ID_PART = st.text(alphabet=st.sampled_from(["a", "b", "ệ", "1", "-", "\udcff"]), max_size=4)


@settings(max_examples=200)
@given(st.lists(st.none() | ID_PART, max_size=8), st.lists(ID_PART, max_size=4))
def test_an_id_is_found_at_the_row_the_id_map_gives_before_the_map_exists(ids: list[str | None], others: list[str]) -> None:
    # Ids that repeat, are empty or missing, or hold one another (a, aa, ba): a row is
    # found by its whole id, the first row of a repeated id wins, as in the id map.
    rows = [{name: None for name in TEXT_COLUMNS} | {"id": i} for i in ids]
    lookups = [i for i in ids if i is not None] + others + ["", "zz"]
    found = [listing_of(rows).position(i) for i in lookups]  # a fresh listing: no map yet
    listing = listing_of(rows)
    mapped = listing.positions()
    assert found == [mapped.get(i) for i in lookups]
    assert [listing.position(i) for i in lookups] == found  # and through the map


def test_the_id_map_made_in_pieces_keeps_the_first_row_of_an_id(monkeypatch) -> None:
    import curator.store.listing as listing_module

    monkeypatch.setattr(listing_module, "POSITION_PIECE", 3)
    ids = ["a", "b", "a", "c", "b", "d", "a", "e"]  # repeats across pieces of 3
    listing = listing_of([{name: None for name in TEXT_COLUMNS} | {"id": i} for i in ids])
    assert listing.positions() == {"a": 0, "b": 1, "c": 3, "d": 5, "e": 7}


def saved_and_read(listing: Listing, token: str) -> Listing | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / LISTING_FILE
        path.write_bytes(listing.to_bytes(token))  # what ``write`` saves, without its fsync (slow)
        return Listing.read(path, token)


@settings(max_examples=30)
@given(index_rows())
def test_a_saved_listing_reads_back_every_cell_none_and_empty_apart(rows: list[dict]) -> None:
    back = saved_and_read(listing_of(rows), TOKEN)
    assert back is not None
    assert len(back) == len(rows)
    for name in TEXT_COLUMNS:
        expected = [row[name] for row in rows]
        assert [back.value(name, i) for i in range(len(rows))] == expected, name
        assert back.column(name) == expected, name
        assert [back.value(name, i) for i in range(len(rows))] == expected, name  # from the kept column too
    assert back.entity_counts.tolist() == [row.get("entity_count", -1) for row in rows]
    assert back.duplicate.tolist() == [bool(row["duplicate_of"]) for row in rows]
    assert back.positions() == {row["id"]: i for i, row in enumerate(rows)}
    assert back.position("no such id") is None


def test_a_listing_saved_for_another_index_is_not_used(tmp_path: Path) -> None:
    listing = listing_of([{"id": "a1", "title": "Tin", "search": "tin", "entity_count": 2}, {"id": "a2", "title": ""}])
    path = tmp_path / LISTING_FILE
    listing.write(path, TOKEN)
    assert Listing.read(path, "fedcba9876543210") is None
    back = Listing.read(path, TOKEN)
    assert back is not None
    assert back.column("title") == ["Tin", ""] and back.column("author") == [None, None]
    assert back.entity_counts.tolist() == [2, -1]
    assert Listing.read(tmp_path / "missing.npz", TOKEN) is None


def _listing_bytes() -> bytes:
    rows = [{"id": f"a{i}", "title": f"Tin số {i}", "search": f"tin so {i}", "entity_count": i} for i in range(5)]
    return listing_of(rows).to_bytes(TOKEN)


@settings(max_examples=30)
@given(st.data())
def test_a_cut_short_listing_is_ignored(data: st.DataObject) -> None:
    whole = _listing_bytes()
    cut = data.draw(st.integers(0, len(whole) - 1))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / LISTING_FILE
        path.write_bytes(whole[:cut])
        assert Listing.read(path, TOKEN) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a zip file at all",
        b"PK\x03\x04" + b"\x00" * 200,
        orjson.dumps({"columns": []}),
    ],
)
def test_garbage_in_place_of_the_listing_is_ignored(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / LISTING_FILE
    path.write_bytes(content)
    assert Listing.read(path, TOKEN) is None


def test_a_listing_whose_arrays_disagree_with_its_row_count_is_ignored(tmp_path: Path) -> None:
    import io
    import zipfile

    import numpy as np

    whole = _listing_bytes()
    with np.load(io.BytesIO(whole)) as npz:
        arrays = {name: npz[name] for name in npz.files}
    arrays["header"] = np.frombuffer(f"1:{TOKEN}:6".encode(), dtype=np.uint8)  # says 6 rows, holds 5
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path = tmp_path / LISTING_FILE
    path.write_bytes(buffer.getvalue())
    assert Listing.read(path, TOKEN) is None
    del arrays["title.off"]
    arrays["header"] = np.frombuffer(f"1:{TOKEN}:5".encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    assert zipfile.is_zipfile(path)
    assert Listing.read(path, TOKEN) is None


# In the zip's directory entry of the first array: version needed, flags ('encrypted'), compression method.
@pytest.mark.parametrize("offset, byte", [(6, 0xFF), (8, 0x01), (10, 0x63)])
def test_a_listing_with_a_damaged_zip_header_is_ignored(tmp_path: Path, offset: int, byte: int) -> None:
    whole = bytearray(_listing_bytes())
    whole[whole.index(b"PK\x01\x02") + offset] = byte  # one damaged byte
    path = tmp_path / LISTING_FILE
    path.write_bytes(bytes(whole))
    assert Listing.read(path, TOKEN) is None


# -- the store's listing -------------------------------------------------------------


def _article(art_id: str, title: str, outlet: str | None = "Báo Nhân Dân", duplicate_of: str | None = None) -> Article:
    return Article(
        id=art_id, source_file=f"{art_id}.txt", file_index=0, text=f"Bài {art_id}.",
        title=ExtractedField(title, title, 0.9), published=ExtractedField("2021-01-02", "2/1/2021", 0.8),
        author=ExtractedField(None, None, 0.0), outlet=ExtractedField(outlet, outlet, 0.7), duplicate_of=duplicate_of,
    )


def _rows(listing: Listing) -> list[tuple]:
    return [tuple(listing.value(name, i) for name in TEXT_COLUMNS) + (int(listing.entity_counts[i]),) for i in range(len(listing))]


def _index_rows(store: Store) -> list[tuple]:
    cols = store.article_index()
    return [
        tuple(cols[name][i] for name in TEXT_COLUMNS) + (cols["entity_count"].get(cols["id"][i], -1),)
        for i in range(len(cols["id"]))
    ]


def _not_parsed(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, reading ``index.json``'s rows fails the test."""

    def parse() -> None:
        raise AssertionError("the index was parsed")

    monkeypatch.setattr(store, "article_index", parse)


@pytest.fixture
def listed_db(db_path: Path) -> Path:
    with Store(db_path, write=True) as store:
        store.save_articles([_article("a1", "Hội nghị Đà Lạt"), _article("a2", "Tin Huế", None, duplicate_of="a1")])
        store.save_entity_counts({"a1": 3})
    return db_path


def test_after_a_save_the_next_open_reads_the_list_from_the_listing(listed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (listed_db / LISTING_FILE).exists()
    with Store(listed_db) as store:
        expected = _index_rows(store)
    with Store(listed_db) as store:
        _not_parsed(store, monkeypatch)
        listing = store.article_listing()
        assert _rows(listing) == expected
        assert [r[0] for r in expected] == ["a1", "a2"] and expected[0][-1] == 3 and expected[1][-1] == -1
        assert listing.duplicate.tolist() == [False, True]
        assert store.article_count() == 2
        assert listing.search_index().contains("da lat").tolist() == [True, False]


def test_another_writers_index_is_shown_never_the_old_listing(listed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_listing = (listed_db / LISTING_FILE).read_bytes()
    with Store(listed_db, write=True) as writer:
        writer.save_articles([_article("a3", "Tin mới"), _article("a1", "Hội nghị Đà Nẵng")])
        # Before the writer closes (or if it dies), the listing on disk is the old one.
        assert (listed_db / LISTING_FILE).read_bytes() == old_listing
        with Store(listed_db) as reader:
            listing = reader.article_listing()
            assert listing.ids() == ["a1", "a2", "a3"]
            assert listing.value("title", 0) == "Hội nghị Đà Nẵng"
            assert reader.article_count() == 3
            assert (listed_db / LISTING_FILE).read_bytes() == old_listing  # a reader writes nothing
    assert (listed_db / LISTING_FILE).read_bytes() != old_listing  # the writer saved it when it closed
    with Store(listed_db) as reader:
        _not_parsed(reader, monkeypatch)
        assert reader.article_listing().ids() == ["a1", "a2", "a3"]
    # A listing from before is put back (a copy, a restore): it no longer matches the index.
    (listed_db / LISTING_FILE).write_bytes(old_listing)
    monkeypatch.undo()
    with Store(listed_db) as reader:
        listing = reader.article_listing()
        assert listing.ids() == ["a1", "a2", "a3"]
        assert listing.value("title", 0) == "Hội nghị Đà Nẵng"


def test_a_listing_is_never_shown_for_a_later_entity_count(listed_db: Path) -> None:
    with Store(listed_db, write=True) as writer:
        writer.save_entity_counts({"a1": 7, "a2": 2})
    with Store(listed_db) as reader:
        assert reader.article_listing().entity_counts.tolist() == [7, 2]


def _drop_token(db: Path) -> None:
    """Make ``index.json`` look as code from before listings wrote it: no token in its header."""
    path = committed_path(db, "index.json")
    data = orjson.loads(path.read_bytes())
    del data["_meta"]["1"]["listing"]
    path.write_bytes(orjson.dumps(data))
    assert index_token(path) is None


def test_an_index_from_before_listings_gets_a_token_and_a_listing_when_opened_for_writing(
    listed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(listed_db) as store:
        expected = _index_rows(store)
    _drop_token(listed_db)
    (listed_db / LISTING_FILE).unlink()
    with Store(listed_db, write=True) as store:
        assert _rows(store.article_listing()) == expected
    assert index_token(committed_path(listed_db, "index.json")) is not None
    with Store(listed_db) as store:
        _not_parsed(store, monkeypatch)
        assert _rows(store.article_listing()) == expected


def test_an_index_from_before_listings_opened_read_only_shows_its_rows_and_writes_nothing(listed_db: Path) -> None:
    with Store(listed_db) as store:
        expected = _index_rows(store)
    _drop_token(listed_db)  # the listing still on disk must not be trusted: no token to match
    files = {p: p.read_bytes() for p in listed_db.rglob("*") if p.is_file()}
    with Store(listed_db) as store:
        assert _rows(store.article_listing()) == expected
    assert {p: p.read_bytes() for p in listed_db.rglob("*") if p.is_file()} == files


def test_a_stale_listing_left_by_a_writer_under_an_old_index_is_not_shown(listed_db: Path) -> None:
    """index.json without a token but a listing made for some earlier index: rows come from index.json."""
    with Store(listed_db, write=True) as writer:
        writer.save_articles([_article("a3", "Tin mới")])
    stale = listing_of([{"id": "zz", "title": "cũ", "search": "cu"}])
    stale.write(listed_db / LISTING_FILE, index_token(committed_path(listed_db, "index.json")) or TOKEN)
    _drop_token(listed_db)
    with Store(listed_db) as reader:
        assert reader.article_listing().ids() == ["a1", "a2", "a3"]
