"""The curator's history in the app: redo follows the stack kept in curation.json, and a
bad record there stops the app with its name before anything is shown."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import orjson
from textual.worker import WorkerFailed

from curator.app import CuratorApp
from curator.app.screens.review import ReviewScreen
from curator.store import Store
from tests.app.test_flows import SIZE, ready, show

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def decisions(db: Path) -> list[tuple[int, str, bool]]:
    with Store(db) as store:
        return [(d.seq, d.op, d.undone) for d in store.history()]


async def test_redo_in_the_app_brings_back_only_its_own_undo_never_one_made_earlier_from_the_command_line(
    small_db: Path,
) -> None:
    # Earlier, from the command line: an edit, then undone on purpose.
    cli(small_db, "edit", "a01", "title", "Tiêu đề sai")
    assert cli(small_db, "undo").startswith("undone #1")
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await show(app, pilot, "3", ReviewScreen)
        await pilot.press("x")  # these two are different: decision #2
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert decisions(small_db) == [(1, "edit", True), (2, "reject", True)]
        await pilot.press("U")
        await pilot.pause()
        notes = list(app._notifications)
        assert notes[-1].title == "Redone" and "reject" in notes[-1].message
        await pilot.press("U")  # the edit undone from the command line stays undone
        await pilot.pause()
        assert list(app._notifications)[-1].message == "Nothing to redo."
    assert decisions(small_db) == [(1, "edit", True), (2, "reject", False)]
    # And after a restart, the command line sees the same (empty) redo stack.
    assert cli(small_db, "redo").strip() == "nothing to redo"


async def test_a_bad_record_in_curation_json_stops_the_app_with_the_record_named_and_the_file_untouched(
    small_db: Path,
) -> None:
    cli(small_db, "edit", "a01", "title", "Tiêu đề")
    path = small_db / "curation.json"
    data = orjson.loads(path.read_bytes())
    data["history"]["1"]["args"] = 42
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        with contextlib.suppress(WorkerFailed):  # the open fails: that is the point
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.error_message == (
        f"{path}: record 1: args: 42 is not of type 'object'. The file was left untouched. "
        "Run 'curator restore' to put back the newest sound backup of your decisions."
    )
    assert path.read_bytes() == raw
