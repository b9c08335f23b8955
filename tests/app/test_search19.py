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
