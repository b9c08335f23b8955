"""Pilot stories for issue 19 item 6: every job over half a second shows the work
panel (what it is doing, how far, and whether ctrl+x cancels it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Label

from curator.app import CuratorApp
from curator.app.widgets.work_panel import WorkPanel
from curator.workspace import Workspace
from tests.app.test_flows import SIZE, ready
from tests.app.test_session19 import label_text
from tests.app.waiting import wait_until


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from curator.bench.generate import generate

    out = tmp_path_factory.mktemp("generated")
    generate(out, 300)
    db = out / "db"
    with Workspace(db) as ws:
        ws.ingest([out / "archive"])
        ws.resolve()
    return db


def panel_text(app: CuratorApp) -> str:
    panel = app.screen.query_one(WorkPanel)
    if not panel.display:
        return ""
    return " ".join(label_text(label) for label in panel.query(Label))


async def test_loading_the_entities_shows_the_panel_with_its_step_and_says_it_cannot_be_cancelled(
    resolved_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load = Workspace.load_entities

    def slow_load(self: Workspace) -> None:
        time.sleep(1.5)  # a big archive: the load lasts long enough to be watched
        load(self)

    monkeypatch.setattr(Workspace, "load_entities", slow_load)
    app = CuratorApp(db_path=resolved_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: "the entities" in panel_text(app), timeout=20, pilot=pilot, what="the panel while entities load")
        shown = panel_text(app)
        assert "Loading entities" in shown and "of 7 steps" in shown, shown
        assert "cannot be cancelled" in shown and "ctrl+x" not in shown, shown
        await pilot.press("ctrl+x")  # refused with a word: the load goes on
        await ready(app, pilot)
        assert panel_text(app) == ""
        assert app.controller.workspace is not None and app.controller.workspace.entities_loaded
