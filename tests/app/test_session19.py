"""Pilot stories for issue 19's app items: keys act where the curator looks, the date
editor keeps what was typed, ingest names its problem files, and the small things
(plurals, feedback, the theme kept)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.widgets.prompts import PromptScreen
from tests.app.test_flows import SIZE, history, ready, type_text


def label_text(label: Label) -> str:
    content = label.content
    return str(getattr(content, "plain", content))


async def _edit_date(app: CuratorApp, pilot, typed: str) -> None:
    await pilot.press("enter", "D")
    await pilot.pause()
    await pilot.press("ctrl+u")
    await type_text(pilot, typed)
    await pilot.press("enter")
    await pilot.pause()


async def test_an_invalid_date_keeps_the_box_open_with_what_was_typed_and_says_why(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _edit_date(app, pilot, "31/02/2023")
        assert isinstance(app.screen, PromptScreen), "the date box closed on an invalid date"
        assert app.screen.query_one(Input).value == "31/02/2023"
        reason = label_text(app.screen.query_one("#prompt-hint", Label))
        assert "28 days" in reason and "use" not in reason  # not told to use the format it is in
        # Corrected in place, it is saved.
        await pilot.press("ctrl+u")
        await type_text(pilot, "28/02/2023")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.view.fields["published"].value == "2023-02-28"
    assert [d.args["value"] for d in history(small_db)] == ["2023-02-28"]


async def test_a_month_and_year_typed_as_mm_yyyy_is_saved_as_yyyy_mm(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _edit_date(app, pilot, "01/2021")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.view.fields["published"].value == "2021-01"
    assert [d.args["value"] for d in history(small_db)] == ["2021-01"]
