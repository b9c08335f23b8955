"""Cancelling an ingest in the app says what was kept and how to finish (issue 15, item 14)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from curator.app import CuratorApp
from curator.store import Store

SIZE = (120, 40)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from curator.bench.generate import generate

    out = tmp_path_factory.mktemp("generated")
    generate(out, 1500)
    return out / "archive"


async def cancel_when_running_and_read_the_notice(app: CuratorApp, pilot: Any, prefix: str) -> list[str]:
    """Press ctrl+x once the work shows it runs, then the notices starting with ``prefix``.

    A thread worker cannot be stopped from outside: it stops at its next check,
    saves what it may and reports back, after Textual has marked it cancelled."""
    for _ in range(500):
        await pilot.pause(0.01)
        if app.work_state is not None:
            break
    await pilot.press("ctrl+x")
    said: list[str] = []
    for _ in range(1200):
        await pilot.pause(0.05)
        said = [n.message for n in app._notifications if n.message.startswith(prefix)]
        if said:
            break
    return said


async def test_cancelling_an_ingest_says_what_was_saved_and_that_ingesting_again_completes_it(
    small_db: Path, generated: Path
) -> None:
    app = CuratorApp(db_path=small_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app._ingest([generated])  # what "Ingest a folder…" starts
        said = await cancel_when_running_and_read_the_notice(app, pilot, "Ingest: cancelled.")
        assert len(said) == 1, [n.message for n in app._notifications]
        found = re.fullmatch(
            r"Ingest: cancelled\. (\d+) new or changed files? saved; ingest the same folder again to complete it\.", said[0]
        )
        assert found, said[0]
        saved = int(found.group(1))
    files = sum(1 for p in generated.rglob("*.txt"))
    assert saved < files
    with Store(small_db, write=True) as store:
        from curator.ingest import ingest_paths

        assert sum(1 for r in store.files().values() if "source_key" in r) == saved
        again = ingest_paths(store, [generated])
        assert (again.files_unchanged, again.files_ingested) == (saved, files - saved)


async def test_cancelling_a_resolution_says_nothing_of_it_was_saved_not_zero_merges(
    small_db: Path, generated: Path
) -> None:
    with Store(small_db, write=True) as store:
        from curator.ingest import ingest_paths

        ingest_paths(store, [generated])
    app = CuratorApp(db_path=small_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app._resolve()  # what "Re-run resolution" starts
        said = await cancel_when_running_and_read_the_notice(app, pilot, "Resolution:")
        assert said == [
            "Resolution: cancelled. Nothing of it was saved; re-run resolution from the command palette "
            "(ctrl+p) to find the names."
        ], [n.message for n in app._notifications]
