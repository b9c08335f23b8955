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
from tests.app.factory import generated_db
from tests.app.test_flows import SIZE, ready
from tests.app.test_session19 import label_text
from tests.app.waiting import wait_until


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_db(tmp_path_factory.mktemp("generated"), 300)


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


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More articles than a batch decided on the UI thread (statuses need no resolution)."""
    return generated_db(tmp_path_factory.mktemp("big"), 1200, resolve=False)


async def test_a_big_status_batch_is_saved_in_the_background_with_the_panel_and_refuses_a_second_decision(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator.app.screens.articles import ArticlesScreen
    from curator.store import Store

    append = Store.append_decisions

    def slow_append(self: Store, decisions: list) -> None:
        time.sleep(1.5)  # a slow disk: the save lasts long enough to be watched
        append(self, decisions)

    monkeypatch.setattr(Store, "append_decisions", slow_append)
    app = CuratorApp(db_path=big_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        await pilot.press("*")
        await pilot.pause()
        marked = set(screen.table.marked)
        assert len(marked) > 1000
        changing = {r.id for r in screen.table.all_rows if r.id in marked and r.status != "reviewed"}
        await pilot.press("R")
        await wait_until(lambda: "Saving the decision" in panel_text(app), timeout=20, pilot=pilot, what="the panel while saving")
        assert "cannot be cancelled" in panel_text(app)
        before = screen.table.current_row.id
        await pilot.press("down")  # the app answers keys while the batch is saved
        await pilot.pause()
        assert screen.table.current_row.id != before
        assert "Saving the decision" in panel_text(app)  # still saving: the key was not queued behind it
        await pilot.press("F")  # a second decision meanwhile is refused, saying why
        await pilot.pause()
        assert any("Saving…" in str(n.message) for n in app._notifications)
        await wait_until(lambda: panel_text(app) == "", timeout=30, pilot=pilot, what="the end of the save")
        await pilot.pause()
        assert not screen.table.marked
        assert all(r.status == "reviewed" for r in screen.table.all_rows if r.id in marked)
        await pilot.press("*", "R")  # the same batch again changes nothing: refused, saying why, in the end
        await wait_until(
            lambda: any("reviewed already" in str(n.message) for n in app._notifications), timeout=30, pilot=pilot,
            what="the refusal of a batch that changes nothing",
        )
        await pilot.pause()
        assert panel_text(app) == "" and len(screen.table.marked) == len(marked)  # marks kept: nothing was done
    with Store(big_db) as store:
        made = [d for d in store.history() if not d.undone]
    assert {d.args["article_id"] for d in made} == changing
    assert {d.args["status"] for d in made} == {"reviewed"}  # the refused F saved nothing
    assert len({d.batch for d in made}) == 1  # one batch, one commit
