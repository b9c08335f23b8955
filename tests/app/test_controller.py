"""The controller the screens decide through: a decision is saved, then the screens redraw;
a refused or failed one is said and changes nothing on screen."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from curator.app import process_settings
from curator.app.controller import Controller
from curator.store import Store
from curator.workspace import Workspace


class Seen:
    """What the controller told the curator, and how often the screens were redrawn."""

    def __init__(self) -> None:
        self.notices: list[tuple[str, str]] = []
        self.redraws = 0

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None) -> None:
        self.notices.append((title, message))

    def redraw(self) -> None:
        self.redraws += 1


def open_controller(db: Path) -> tuple[Controller, Seen, Workspace]:
    seen = Seen()
    controller = Controller(db, seen.notify, seen.redraw, lambda: False)
    ws = Workspace(db, write=True, command="test")
    ws.load_entities()
    controller.workspace = ws
    return controller, seen, ws


def test_a_decision_is_saved_then_announced_and_redrawn_and_undo_takes_it_back(small_db: Path) -> None:
    controller, seen, ws = open_controller(small_db)
    try:
        entity = ws.entities()[0]
        decision = controller.decide(lambda w: w.rename(entity.id, "Tên mới"))
        assert decision is not None and (controller.generation, seen.redraws) == (1, 1)
        assert seen.notices[-1][0] == "Saved" and "Tên mới" in seen.notices[-1][1]
        assert controller.undo() is not None
        assert seen.notices[-1][0] == "Undone" and controller.generation == 2
        assert controller.redo() is not None and seen.notices[-1][0] == "Redone"
    finally:
        ws.close()
    with Store(small_db) as store:
        assert [(d.op, d.undone) for d in store.history()][-1] == ("rename", False)


def test_a_refused_decision_is_said_and_nothing_is_redrawn(small_db: Path) -> None:
    controller, seen, ws = open_controller(small_db)
    try:
        assert controller.decide(lambda w: w.rename("no-such-entity", "X")) is None
        assert seen.notices[-1][0] == "Cannot do that"
        assert (controller.generation, seen.redraws) == (0, 0)
        assert controller.undo() is None and seen.notices[-1][1] == "Nothing to undo."
    finally:
        ws.close()


def test_a_bug_in_a_decision_is_said_and_does_not_escape(small_db: Path) -> None:
    controller, seen, ws = open_controller(small_db)
    try:

        def broken(w: Workspace) -> Any:
            raise KeyError("boom")

        assert controller.decide(broken) is None
        assert seen.notices[-1] == ("Not done", "KeyError: 'boom'")
        assert controller.generation == 0
    finally:
        ws.close()


def test_without_a_workspace_nothing_is_decided() -> None:
    seen = Seen()
    controller = Controller(Path("db"), seen.notify, seen.redraw, lambda: True)
    assert controller.decide(lambda w: pytest.fail("called")) is None
    assert controller.undo() is None and seen.notices == [] and controller.loading_entities


# -- process-wide settings ------------------------------------------------------------------
def test_the_interactive_settings_are_put_back_even_when_the_app_fails() -> None:
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError):
        with process_settings.interactive():
            assert sys.getswitchinterval() == pytest.approx(process_settings.SWITCH_INTERVAL_S)
            raise RuntimeError("the app failed")
    assert sys.getswitchinterval() == pytest.approx(before)


def test_the_apps_pace_waits_while_keys_are_pressed_and_not_for_long_after() -> None:
    last_key = [0.0]
    pace = process_settings.step_aside_for_input(lambda: last_key[0])
    took: list[float] = []

    def checkpoint() -> None:
        started = time.monotonic()
        pace.checkpoint()
        took.append(time.monotonic() - started)

    worker = threading.Thread(target=checkpoint)
    worker.start()
    worker.join(5)
    last_key[0] = time.monotonic()  # a key just now
    worker = threading.Thread(target=checkpoint)
    worker.start()
    worker.join(5)
    assert took[0] < 0.05  # no key for long: no wait
    assert process_settings.STEP_ASIDE_S * 0.5 < took[1] < process_settings.MAX_STEP_ASIDE_S


async def test_the_app_gives_its_workspace_a_pace_that_steps_aside_after_a_key(small_db: Path) -> None:
    from curator.app import CuratorApp
    from curator.yielding import NO_PACE

    app = CuratorApp(db_path=small_db, load_entities=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace is not None
        pace = app.workspace.store.pace  # the workspace's, handed on to its store
        assert pace is not NO_PACE
        await pilot.press("down")  # a key: background work steps aside for a moment
        key_at = app._last_input
        times: list[float] = []

        def checkpoint() -> None:
            times.append(time.monotonic())
            pace.checkpoint()
            times.append(time.monotonic())

        worker = threading.Thread(target=checkpoint)
        worker.start()
        worker.join(5)
    started, ended = times
    assert started - key_at < process_settings.STEP_ASIDE_S  # the checkpoint came soon after the key
    assert ended - key_at >= process_settings.STEP_ASIDE_S - 0.02  # and waited until the moment was over


def test_no_collection_while_loading_then_collection_as_it_was() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    kept = [object() for _ in range(1000)]
    with pytest.raises(ValueError):
        with process_settings.no_collection():
            assert not gc.isenabled()
            raise ValueError("the load failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)
    gc.disable()
    try:
        with process_settings.no_collection():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
        gc.unfreeze()
