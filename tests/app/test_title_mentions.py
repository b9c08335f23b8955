"""The article screen shows the mentions of an article's title in the title line."""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from curator.app import CuratorApp
from curator.app.display import type_style
from curator.app.screens.article import ArticleScreen
from curator.workspace import Workspace
from tests.app.test_flows import SIZE, ready, show
from tests.test_cli import ROOT, curator

SEED = "000_fe690cd7fa25748b.txt"


def _seed_db(tmp: Path) -> Path:
    (tmp / "in").mkdir()
    shutil.copy(ROOT / "seeds" / SEED, tmp / "in" / SEED)
    db = tmp / "db"
    for args in (("ingest", str(tmp / "in")), ("resolve",)):
        out = curator(*args, db=db)
        assert out.returncode == 0, out.stderr
    return db


def _styles_of(text: Text, part: str) -> list[str]:
    """The styles laid over ``part`` of ``text`` (which must hold it once)."""
    at = text.plain.index(part)
    return [str(s.style) for s in text.spans if s.start <= at and s.end >= at + len(part)]


async def test_the_titles_mentions_are_highlighted_and_reached_with_j(tmp_path: Path) -> None:
    db = _seed_db(tmp_path)
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "enter", ArticleScreen)
        await ready(app, pilot)
        meta = screen.query_one("#article-meta", Static)
        shown = meta.content
        assert isinstance(shown, Text)
        title_line = shown.plain.split("\n")[0]
        assert "Cục Viễn thông - Cơ yếu" in title_line
        org = type_style("organization")
        assert any(org in s for s in _styles_of(shown, "Cục Viễn thông - Cơ yếu"))
        await pilot.press("j")  # the first mention is the title's first name; the next its second
        await pilot.pause()
        line = screen.query_one("#article-mention", Static).content
        assert "Cục Viễn thông - Cơ yếu" in str(line) and "in the title" in str(line)
        # the entity it was resolved into, named as the shipped authority file writes it
        assert "→ Cục Viễn thông và cơ yếu" in str(line)
        assert any("reverse" in s for s in _styles_of(meta.content, "Cục Viễn thông - Cơ yếu"))
        await pilot.press("a")
        await pilot.pause()
    with Workspace(db, write=False) as ws:  # the decision was saved
        (art_id,) = ws.article_ids()
        accepted = [(m.field, m.text) for m in ws.article(art_id).mentions if m.accepted]
    assert accepted == [("title", "Cục Viễn thông - Cơ yếu")]
