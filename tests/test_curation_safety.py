"""The curator's history as a user meets it on the command line: redo, restore and
damaged records, each through ``curator`` in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "ae7a353883ec2"  # seeds/000_*.txt


def curator(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env=dict(os.environ),
    )


def ok(db: Path, *args: str) -> str:
    out = curator(db, *args)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeded") / "db"
    ok(db, "ingest", "--resolve")
    return db


@pytest.fixture
def db(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "db"
    shutil.copytree(seeded_template, target)
    return target


# -- redo ---------------------------------------------------------------------------
def test_redo_after_a_new_decision_and_its_undo_redoes_that_decision_and_nothing_older(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "undo")
    ok(db, "edit", ARTICLE, "author", "A2")
    ok(db, "undo")
    assert ok(db, "redo").startswith("redone #2:")
    assert ok(db, "redo").strip() == "nothing to redo"  # #1 was undone before #2 was made
    history = orjson.loads(ok(db, "history", "--json"))
    assert [(d["seq"], d["undone"]) for d in history] == [(1, True), (2, False)]


def test_redo_takes_back_undos_in_reverse_order_across_restarts(db: Path) -> None:
    for value in ("A1", "A2", "A3"):
        ok(db, "edit", ARTICLE, "author", value)
    for seq in (3, 2, 1):
        assert ok(db, "undo").startswith(f"undone #{seq}:")
    for seq in (1, 2):
        assert ok(db, "redo").startswith(f"redone #{seq}:")
    ok(db, "edit", ARTICLE, "outlet", "O4")  # a new decision: #3 can no longer be redone
    assert ok(db, "redo").strip() == "nothing to redo"
    history = orjson.loads(ok(db, "history", "--json"))
    assert [(d["seq"], d["undone"]) for d in history] == [(1, False), (2, False), (3, True), (4, False)]
