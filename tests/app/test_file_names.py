"""A file's path is shown as such on the article screen: two paths never look
alike (``a\\nb.txt``, ``a b.txt`` and ``a  b.txt`` are three files, shown as
three names), and a name cannot drive the terminal (issue 15, item 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from tests.app.test_flows import SIZE, ready, show
from tests.app.test_hostile_text import title_line

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NAMES = {"a\nb.txt": "a\\nb.txt", "a b.txt": "a b.txt", "a  b.txt": "a  b.txt", "\x1b[31m\u202egpj.txt": "\\x1b[31m\\u202egpj.txt"}


async def test_the_title_line_shows_each_files_path_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "arc"
    folder.mkdir()
    for name, seed in zip(NAMES, SEEDS):
        (folder / name).write_bytes(seed.read_bytes())
    db = tmp_path / "db"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "ingest", str(folder)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    app = CuratorApp(db_path=db)
    titles = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for i in range(len(NAMES)):
            await show(app, pilot, "enter", ArticleScreen)
            titles.append(title_line(app))
            await pilot.press("escape", "down")
            await pilot.pause()
    for shown in NAMES.values():
        assert len([t for t in titles if f"status: new  {shown}  in /" in t]) == 1, (shown, titles)
    assert not any("\x1b" in t or "\u202e" in t for t in titles)
