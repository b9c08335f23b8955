"""Pilot stories for issue 19 item 4: an exact phrase and missing fields in the
Articles filter, and search inside an article."""

from __future__ import annotations

from pathlib import Path

from curator.app import CuratorApp
from curator.app.screens.articles import ArticlesScreen
from tests.app.test_flows import SIZE, ready, type_text


async def _filter(app: CuratorApp, pilot, typed: str) -> list[str]:
    """Type ``typed`` into a fresh filter box; the ids shown once every search ended."""
    await pilot.press("escape", "slash")
    await type_text(pilot, typed)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ArticlesScreen)
    return [r.id for r in app.screen.table.rows]


async def test_a_phrase_in_quotes_finds_bodies_as_written_and_no_tokens_find_missing_fields(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        # In a body only (no title, author, outlet or name holds it): found once the bodies are read.
        assert await _filter(app, pilot, '"Hải phát biểu"') == ["a03"]
        assert await _filter(app, pilot, '"hải PHÁT biểu"') == ["a03"]  # case aside
        assert await _filter(app, pilot, '"Hai phat bieu"') == []  # but not the diacritics
        assert await _filter(app, pilot, "hai phat bieu") == []  # words: titles and names only, as before
        assert await _filter(app, pilot, '"Đoàn công tác"') == ["a05"]  # in the title
        # Words and a phrase together: both must hold.
        assert await _filter(app, pilot, 'cuc "Phạm Hồng Hải"') == ["a01"]
        assert await _filter(app, pilot, "no:outlet") == ["a05"]
        assert await _filter(app, pilot, "no:date") == []
        assert await _filter(app, pilot, "no:outlet bo") == ["a05"]
        title = app.screen.query_one("#title-line").render().plain
        assert "1 of 6" in title and "no:outlet bo" in title
        assert await _filter(app, pilot, "no:colour") == []
        assert "no:colour names no field: no:title" in app.screen.query_one("#title-line").render().plain


LONG_TEXT = (
    "Mở đầu bài viết về Bộ Công an. "
    + "Câu chuyện dài về công tác chuyển đổi số ở các địa phương trong năm qua. " * 40
    + "Đại tướng Tô Lâm phát biểu. "
    + "Những câu văn tiếp theo không nói gì mới về chủ đề này cả. " * 40
    + "Sau đó TÔ\nLÂM nói thêm, và ông Tô Lam (một người khác) dự."
)


def _long_db(root: Path) -> Path:
    from tests.app.factory import LINKS, SMALL, Spec, build

    long = Spec("a00", "Bài dài", "2021-01-01", "Báo Nhân Dân", "Minh Đức", LONG_TEXT, [("Bộ Công an", "organization")])
    return build(root, [long, *SMALL], LINKS)


def _hit_line(app: CuratorApp) -> str:
    found = app.screen.query("#article-search")
    return str(found.first().render()) if found and found.first().display else ""


def _marked(app: CuratorApp) -> list[str]:
    """The pieces of the body drawn as search hits, in order ("*" before the current one)."""
    from curator.app.widgets.text_search import CURRENT_STYLE, HIT_STYLE
    from curator.app.widgets.text_view import TextView

    text = app.screen.query_one("#article-body", TextView).content
    out = []
    for span in text.spans:
        if span.style in (HIT_STYLE, CURRENT_STYLE):
            out.append(("*" if span.style == CURRENT_STYLE else "") + text.plain[span.start : span.end])
    return out


async def test_slash_in_an_article_searches_its_text_and_brackets_step_through_the_hits(tmp_path: Path) -> None:
    from curator.app.screens.article import ArticleScreen
    from curator.app.widgets.text_view import TextView

    app = CuratorApp(db_path=_long_db(tmp_path / "db"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article_id == "a00"
        body = screen.query_one("#article-body", TextView)
        assert body.scroll_y == 0
        await pilot.press("slash")
        await type_text(pilot, "to lam")  # accents optional: three hits, the current one scrolled to
        await pilot.pause()
        assert "1 of 3" in _hit_line(app)
        assert _marked(app) == ["*Tô Lâm", "TÔ\nLÂM", "Tô Lam"]
        first = body.scroll_y
        assert first > 0, "the first hit, far down the text, was not scrolled to"
        await pilot.press("enter", "right_square_bracket")  # enter: back to the text, the hits kept
        await pilot.pause()
        assert app.focused is body
        assert _marked(app) == ["Tô Lâm", "*TÔ\nLÂM", "Tô Lam"] and "2 of 3" in _hit_line(app)
        assert body.scroll_y > first
        await pilot.press("left_square_bracket", "left_square_bracket")  # round the start to the last
        await pilot.pause()
        assert "3 of 3" in _hit_line(app) and _marked(app)[-1] == "*Tô Lam"
        # In quotes: as written, diacritics kept (case aside).
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, '"Tô Lâm"')
        await pilot.press("enter")
        await pilot.pause()
        assert _marked(app) == ["*Tô Lâm", "TÔ\nLÂM"] and "1 of 2" in _hit_line(app)
        # The search stays on the next article, and says when it finds nothing there.
        await pilot.press("n")
        await pilot.pause()
        assert screen.article_id == "a01" and "not found" in _hit_line(app)
        # Escape clears the search first, then goes back.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and _hit_line(app) == "" and _marked(app) == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        # An article opened anew from the list starts without the last search.
        await pilot.press("enter", "slash")
        await type_text(pilot, "bo")
        await pilot.press("enter", "1", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and _hit_line(app) == "" and _marked(app) == []


async def test_d_offers_the_likely_originals_and_records_the_one_chosen(tmp_path: Path) -> None:
    from curator.app.screens.article import ArticleScreen
    from curator.app.widgets.prompts import PickerScreen
    from curator.export import article_doc
    from curator.workspace import Workspace
    from tests.duplicate_records import ids_by_date, records

    db = tmp_path / "db"
    with Workspace(db) as ws:
        ws.ingest([records(tmp_path / "archive")])
        ws.resolve()
        r = ids_by_date(ws)
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "bản tin chiều")  # r2: a copy of r1's text under another title
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article_id == r["r2"]
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen), "d recorded at once: no choice of the original"
        offered = [getattr(item, "id", None) for item in picker.items]
        assert offered[0] == r["r1"] and set(offered) == {r["r1"], r["r3"], None}  # and "none of these"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        title = screen.query_one("#title-line").render().plain
        assert f"duplicate of {r['r1']}" in title
        # Escape in the picker records nothing.
        await pilot.press("n", "d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.pause()
    with Workspace(db) as ws:
        decisions = [d for d in ws.history() if not d.undone]
        assert [(d.args["article_id"], d.args.get("duplicate_of")) for d in decisions] == [(r["r2"], r["r1"])]
        assert article_doc(ws.article(r["r2"]))["duplicate_of"] == r["r1"]


async def test_markup_and_escapes_typed_into_either_search_are_shown_as_typed(hostile_db: Path) -> None:
    from curator.app.screens.article import ArticleScreen

    app = CuratorApp(db_path=hostile_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert await _filter(app, pilot, '"[/]') == ["a99"]  # a phrase being typed: no crash, found literally
        assert await _filter(app, pilot, '"[bold]in đậm[/]"') == ["a99"]  # the hostile body, literally
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == "a99"
        await pilot.press("slash")
        await type_text(pilot, "[/] (")
        await pilot.pause()
        assert "[/] (" in _hit_line(app) and "not found" in _hit_line(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "[link=")
        await pilot.pause()
        assert "1 of 1" in _hit_line(app)  # the markup in the text is text
