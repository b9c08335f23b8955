"""The article list's query: words folded, phrases in quotes as written (title and
body), and ``no:FIELD`` for articles missing a field."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from curator.workspace import Workspace
from curator.workspace.article_query import bodies_with_phrase, parse_query
from curator.workspace.filters import ArticleFilter
from tests.builders import build_small_db


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def shown(rows, mask) -> set[str]:
    return {rows[i].id for i in range(len(rows))} if mask is None else {rows[int(i)].id for i in mask.nonzero()[0]}


def test_a_query_is_read_into_words_phrases_and_missing_fields() -> None:
    q = parse_query('bộ  "Tô   Lâm" no:outlet no:DATE cong an “Cục H04”')
    assert q.words == "bộ cong an"
    assert q.phrases == ("Tô Lâm", "Cục H04")
    assert q.missing == ("outlet", "published")
    assert q.unknown == ()
    assert parse_query('"Tô Lâ').phrases == ("Tô Lâ",)  # still being typed: a phrase already
    assert parse_query('""  ').empty
    assert parse_query("no:colour").unknown == ("no:colour",)


def test_a_phrase_matches_as_written_with_its_diacritics_case_and_line_breaks_aside() -> None:
    docs = [
        ("a", orjson.dumps({"id": "a", "text": "Ông Tô\nLâm nói."})),
        ("b", orjson.dumps({"id": "b", "text": "Ông Tô Lam nói."})),  # another word: Lam, not Lâm
        ("c", orjson.dumps({"id": "c", "text": "ÔNG TÔ LÂM"})),
        ("d", orjson.dumps({"id": "d", "title": {"value": "Tô Lâm"}, "text": "nothing"})),  # the title is not the body
    ]
    assert bodies_with_phrase(docs, "Tô Lâm") == {"a", "c"}
    assert bodies_with_phrase(docs, "To Lam") == set()
    assert bodies_with_phrase(docs, "tô lâm") == {"a", "c"}
    assert bodies_with_phrase(iter(docs * 300), "Tô Lâm", cancelled=lambda: True) is None


def test_a_phrase_in_quotes_finds_titles_at_once_and_bodies_once_read(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        f = ArticleFilter()
        assert shown(rows, f.mask(ws, rows, '"tin a2"', None, True)) == {"a2"}
        # Folded words find every Phạm Hải and Phạm Hồng Hải article through the names.
        assert shown(rows, f.mask(ws, rows, "pham hai", None, True)) == {"a2", "a3"}
        assert f.bodies_pending(rows, '"Phạm Hải"') == ["Phạm Hải"]
        assert shown(rows, f.mask(ws, rows, '"Phạm Hải"', None, True)) == set()  # the bodies are not read yet
        assert f.search_bodies(ws, rows, "Phạm Hải")
        assert f.bodies_pending(rows, '"Phạm Hải"') == []
        assert shown(rows, f.mask(ws, rows, '"Phạm Hải"', None, True)) == {"a2", "a3"}
        assert shown(rows, f.mask(ws, rows, '"Pham Hai"', None, True)) == set()  # diacritics matter in quotes
        assert f.search_bodies(ws, rows, "Cục Viễn thông")
        assert shown(rows, f.mask(ws, rows, '"Cục Viễn thông" "Phạm Hải"', None, True)) == {"a2", "a3"}
        assert f.search_bodies(ws, rows, "Phạm Hồng Hải")
        assert shown(rows, f.mask(ws, rows, 'tin "Phạm Hồng Hải"', None, True)) == {"a1"}
        f.reset()  # a decision: the bodies read are kept
        assert f.bodies_pending(rows, '"Phạm Hải"') == []


def test_no_field_tokens_keep_the_articles_missing_that_field_as_curated(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        f = ArticleFilter()
        assert shown(rows, f.mask(ws, rows, "no:outlet", None, True)) == {"a1"}
        assert shown(rows, f.mask(ws, rows, "no:title", None, True)) == set()
        assert shown(rows, f.mask(ws, rows, "no:colour", None, True)) == set()  # a token naming no field
        ws.edit_field("a2", "title", "")
        ws.edit_field("a1", "outlet", "Báo Nhân Dân")
        ws.edit_field("a3", "published", "")
        assert shown(rows, f.mask(ws, rows, "no:title", None, True)) == {"a2"}
        assert shown(rows, f.mask(ws, rows, "no:outlet", None, True)) == set()
        assert shown(rows, f.mask(ws, rows, "no:date no:title", None, True)) == set()
        assert shown(rows, f.mask(ws, rows, "no:date", None, True)) == {"a3"}
        assert shown(rows, f.mask(ws, rows, "no:date", "new", True)) == {"a3"}
        assert shown(rows, f.mask(ws, rows, "no:date", "flagged", True)) == set()


def test_a_search_inside_a_text_folds_by_default_and_keeps_diacritics_in_quotes() -> None:
    from curator.workspace.article_query import hits_in_text

    text = "Ông Tô Lâm nói. TÔ\nLÂM đến; Tô Lam (một người khác) và Đà Nẵng, đà nẵng."
    found = hits_in_text(text, "to lam")
    assert [text[a:b] for a, b in found] == ["Tô Lâm", "TÔ\nLÂM", "Tô Lam"]
    assert [text[a:b] for a, b in hits_in_text(text, '"Tô Lâm"')] == ["Tô Lâm", "TÔ\nLÂM"]
    assert [text[a:b] for a, b in hits_in_text(text, "“Tô Lâm”")] == ["Tô Lâm", "TÔ\nLÂM"]
    assert [text[a:b] for a, b in hits_in_text(text, "da nang")] == ["Đà Nẵng", "đà nẵng"]
    assert hits_in_text(text, "   ") == [] and hits_in_text(text, '""') == []
    assert hits_in_text("aaaa", "aa") == [(0, 2), (2, 4)]  # no overlaps
    decomposed = "Le\u0302 Va\u0306n"  # marks written apart (NFC at the door makes this rare)
    assert [decomposed[a:b] for a, b in hits_in_text(decomposed, "le van")] == [decomposed]
