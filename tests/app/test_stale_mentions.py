"""The article screen never highlights characters a mention no longer names (item 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.widgets.text_view import TextView
from curator.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = next((ROOT / "seeds").glob("000_*.txt"))


def _highlighted(screen: ArticleScreen) -> list[str]:
    body = screen.query_one("#article-body", TextView).content
    return [body.plain[span.start : span.end] for span in body.spans if span.style]


async def test_an_article_changed_on_disk_and_ingested_again_highlights_no_stale_characters(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED, archive / "bai.txt")
    db = tmp_path / "db"
    with Workspace(db) as ws:
        ws.ingest([archive])
        ws.resolve()
    text = (archive / "bai.txt").read_text("utf-8")
    (archive / "bai.txt").write_text(text.replace("Sáng ngày 28/7/2023,", "Sáng ngày 28/7/2023 (giờ Hà Nội, tin phóng viên),"), "utf-8")
    with Workspace(db) as ws:
        ws.ingest([archive])  # no resolve
    app = CuratorApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        names = {m.text for m in screen.view.mentions}
        assert all(screen.view.article.text[m.start : m.end] == m.text for m in screen.view.mentions)
        assert all(piece in names for piece in _highlighted(screen)), _highlighted(screen)
