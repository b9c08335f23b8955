"""The app keeps the same rules for paths as ``curator export -o`` and ``--db``."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from curator.app import CuratorApp
from curator.store import Store
from tests.test_cli_paths import snapshot

SIZE = (120, 40)
ROOT = Path(__file__).resolve().parents[2]


async def _export_to(app: CuratorApp, pilot, name: str) -> list[str]:  # noqa: ANN001
    """Export from the palette's prompt to ``name``; the error notifications that follow."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.action_export()
    await pilot.pause()
    app.screen.query_one("Input").value = name
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return [n.message for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("inside", ["curation.json", "index.json", "export.json"])
async def test_exporting_into_the_database_folder_from_the_app_is_refused_and_changes_nothing(
    small_db: Path, inside: str
) -> None:
    with Store(small_db, write=True):
        pass  # a writer's open removes the versions earlier saves retired: done before the snapshot
    before = snapshot(small_db)
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        errors = await _export_to(app, pilot, str(small_db / inside))
        assert any("inside the database folder" in e for e in errors), errors
        assert app.is_running  # told, not thrown out
    after = snapshot(small_db)
    after.pop(".curator.lock.json", None), before.pop(".curator.lock.json", None)  # who held the lock
    assert after == before


async def test_exporting_to_standard_output_from_the_app_is_refused(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where a file named "-" would land
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        errors = await _export_to(app, pilot, "-")
        assert any("the app's own output" in e for e in errors), errors
    assert list(work.iterdir()) == []


async def test_exporting_into_a_missing_folder_from_the_app_is_refused(small_db: Path, tmp_path: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        errors = await _export_to(app, pilot, str(tmp_path / "no-such-folder" / "out.json"))
        assert any("no-such-folder" in e and "does not exist" in e for e in errors), errors
    assert not (tmp_path / "no-such-folder").exists()


async def test_the_first_run_in_a_folder_of_other_files_makes_no_database_there(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    before = snapshot(folder)
    app = CuratorApp(db_path=folder, seeds=ROOT / "seeds")
    async with app.run_test(size=SIZE):
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
    assert app.error_message and "holds other files" in app.error_message and str(folder) in app.error_message
    assert snapshot(folder) == before
