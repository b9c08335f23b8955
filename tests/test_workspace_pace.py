"""A workspace's loading steps aside through the pace it was given (the app's: wait while
keys are pressed), and through nothing else: the default never steps aside, and two
workspaces with different paces never step aside for each other."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from curator.workspace import Workspace
from curator.yielding import NO_PACE, Pace
from tests.builders import build_small_db


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


class Counted:
    """A pace whose hook only counts where it was called."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.pace = Pace(lambda blocked: self.threads.append(threading.current_thread().name))


def _load_in_background(ws: Workspace) -> None:
    """What the app's loading worker does: every entity state, the filters, the articles."""

    def load() -> None:
        ws.load_entities()
        ws.suggestions()
        ws.entity_text_index()
        ws.entity_article_pairs()
        ws.preload_articles()

    worker = threading.Thread(target=load, name="loader")
    worker.start()
    worker.join(30)
    assert not worker.is_alive()


def test_loading_steps_aside_through_the_pace_the_workspace_was_given(ws_path: Path) -> None:
    counted = Counted()
    with Workspace(ws_path, write=False, pace=counted.pace) as ws:
        assert ws.store.pace is counted.pace  # the store's reads step aside on it too
        _load_in_background(ws)
        assert ws.entities_loaded
    assert counted.threads and set(counted.threads) == {"loader"}


def test_the_same_work_in_the_main_thread_never_steps_aside(ws_path: Path) -> None:
    counted = Counted()
    with Workspace(ws_path, write=False, pace=counted.pace) as ws:
        ws.load_entities()
        ws.entity_article_pairs()
        ws.preload_articles()
    assert counted.threads == []


def test_two_workspaces_with_different_paces_never_step_aside_for_each_other(ws_path: Path) -> None:
    first, second = Counted(), Counted()
    with Workspace(ws_path, write=False, pace=first.pace) as one, Workspace(ws_path, write=False, pace=second.pace) as other:
        _load_in_background(other)
        assert second.threads and first.threads == []
        _load_in_background(one)
        assert first.threads
    with Workspace(ws_path, write=False) as default:  # the CLI's: no pace given
        assert default._pace is NO_PACE and default.store.pace is NO_PACE
        before = (len(first.threads), len(second.threads))
        _load_in_background(default)
        assert (len(first.threads), len(second.threads)) == before


def test_a_wait_ends_when_the_main_thread_waits_for_the_loading_workspace(ws_path: Path) -> None:
    waiting = threading.Event()
    ended_by: list[bool] = []

    def hook(main_thread_blocked: Callable[[], bool]) -> None:
        # As the app's after a key: wait, but never while the main thread waits for us.
        waiting.set()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not main_thread_blocked():
            time.sleep(0.005)
        ended_by.append(main_thread_blocked())

    with Workspace(ws_path, write=False, pace=Pace(hook)) as ws:
        worker = threading.Thread(target=ws.load_entities, name="loader")
        worker.start()
        assert waiting.wait(5)  # the loader waits at a checkpoint, holding the workspace's lock
        started = time.monotonic()
        entities = ws.entities()  # the UI asks: it waits for the lock, so the loader goes on
        took = time.monotonic() - started
        worker.join(10)
    assert entities and took < 2
    assert ended_by and ended_by[0] is True
