"""Snapshots of every screen on the small deterministic archive, and the hostile article
shown on every screen: literally, without markup, without escape sequences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curator.app import CuratorApp
from tests.app.factory import build_small

SIZE = (120, 40)


async def _settle(pilot) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def snap_db(tmp_path: Path) -> Path:
    return build_small(tmp_path / "db")


SCREENS = {
    "articles": [],
    "article": ["enter", "j"],
    "entities": ["2"],
    "entity_detail": ["2", "enter"],
    "review": ["3"],
    "help": ["question_mark"],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_snapshot(name: str, snap_db: Path, snap_compare) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in SCREENS[name]:
            await pilot.press(key)
            await pilot.pause()
        await _settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(CuratorApp(db_path=snap_db), terminal_size=SIZE, run_before=run_before)


HOSTILE_VISIBLE = ["[bold]nóng[/]", "[link=file:///etc/passwd]x[/link]"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


async def test_hostile_article_shows_literally_on_every_screen(hostile_db: Path) -> None:
    app = CuratorApp(db_path=hostile_db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        seen: list[str] = []

        def grab() -> None:
            seen.append(app.export_screenshot())

        await pilot.press("end")  # the hostile article is last
        await pilot.pause()
        grab()
        await pilot.press("slash")
        for ch in "[/]":
            await pilot.press(ch)
        await pilot.pause()
        assert [r.id for r in app.screen.table.rows] == ["a99"]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # open it
        await pilot.pause()
        assert app.screen.article_id == "a99"
        grab()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        grab()
        await pilot.press("ctrl+p")
        for ch in "nong":
            await pilot.press(ch)
        await pilot.pause(0.4)
        grab()
        await pilot.press("escape", "3")
        await pilot.pause()
        grab()
    joined = "\n".join(seen)
    assert "PWNED" not in joined
    assert "\x1b" not in joined and "\x07" not in joined
    for needle in ["[bold]nóng[/]", "[link=file:///etc/passwd]x[/link]", "Bài viết [bold]in đậm[/]"]:
        assert _svg_text(needle) in joined, needle


def _svg_text(text: str) -> str:
    """How a string appears inside Textual's SVG (spaces as &#160;, markup escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(" ", "&#160;")
