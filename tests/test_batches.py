"""Deciding in bulk: several suggestions or articles at once, one decision each in
the history, saved whole or not at all, and one undo (one redo) for the batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from curator.store import SaveFailed
from curator.workspace import CurationError, Workspace
from tests.builders import build_small_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def pairs(ws: Workspace) -> set[frozenset[str]]:
    return {frozenset((s.a_name, s.b_name)) for s in ws.suggestions()}


def test_rejecting_every_suggestion_at_once_is_one_decision_each_and_one_undo(db: Path) -> None:
    with Workspace(db) as ws:
        before = pairs(ws)
        assert len(before) >= 3
        made = ws.reject_pairs([(s.a, s.b) for s in ws.suggestions()])
        assert [d.op for d in made] == ["reject"] * len(before)
        assert len({d.batch for d in made}) == 1 and made[0].batch == made[0].seq
        assert pairs(ws) == set()
        ws.edit_field("a1", "title", "sau")  # a later decision alone
        assert ws.undo().op == "edit"
        assert ws.undo().op == "reject"  # one undo: the whole batch
        assert pairs(ws) == before
        assert ws.undo() is None
    with Workspace(db) as ws:  # after a restart, redo takes the batch back whole too
        assert pairs(ws) == before
        assert ws.redo().op == "reject"
        assert pairs(ws) == set()
        assert ws.redo().op == "edit"
        assert ws.redo() is None
    with Workspace(db, write=False) as ws:
        assert pairs(ws) == set()
        assert sum(1 for d in ws.history() if d.op == "reject" and not d.undone) == len(before)


def test_accepting_several_suggestions_merges_each_pair_and_one_undo_splits_them_all(db: Path) -> None:
    with Workspace(db) as ws:
        chosen = [s for s in ws.suggestions() if {s.a_name, s.b_name} & {"Phạm Hải", "Bộ Công an"}]
        assert len(chosen) == 2
        made = ws.merge_pairs([(s.a, s.b, [f"accepted suggestion: {r}" for r in s.reasons]) for s in chosen])
        assert [d.op for d in made] == ["merge", "merge"]
        assert ws.find_entity("Phạm Hải").id == ws.find_entity("Phạm Hồng Hải").id
        assert ws.find_entity("Bộ Công an").id == ws.find_entity("Văn phòng Bộ Công an").id
        ws.undo()
        assert ws.find_entity("Phạm Hải").id != ws.find_entity("Phạm Hồng Hải").id
        assert ws.find_entity("Bộ Công an").id != ws.find_entity("Văn phòng Bộ Công an").id
        ws.redo()
        assert ws.find_entity("Phạm Hải").id == ws.find_entity("Phạm Hồng Hải").id
        assert ws.find_entity("Bộ Công an").id == ws.find_entity("Văn phòng Bộ Công an").id


def test_a_pair_already_joined_by_the_batch_adds_no_decision(db: Path, tmp_path: Path) -> None:
    names = ("Cục Viễn thông", "Cục H04", "Cục BĐTW")
    with Workspace(db) as ws:
        a, b, c = (ws.find_entity(n).id for n in names)
        made = ws.merge_pairs([(a, b, []), (b, c, []), (a, c, [])])
        assert len(made) == 2
        merged = ws.find_entity("Cục BĐTW")
        assert ws.find_entity("Cục Viễn thông").id == merged.id
    # Named as the pairs decided one by one would name it.
    one_by_one = build_small_db(tmp_path / "one")
    with Workspace(one_by_one) as ws:
        a, b, c = (ws.find_entity(n).id for n in names)
        ws.merge([a, b])
        ws.merge([ws.find_entity("Cục H04").id, c])
        assert ws.find_entity("Cục BĐTW").name == merged.name


def test_status_of_several_articles_at_once_skips_those_already_so_and_undoes_as_one(db: Path) -> None:
    with Workspace(db) as ws:
        ws.set_status("a2", "flagged")
        made = ws.set_statuses(["a1", "a2", "a3"], "flagged")
        assert [d.args["article_id"] for d in made] == ["a1", "a3"]  # a2 was flagged already
        assert {r.id: r.status for r in ws.article_rows()} == {"a1": "flagged", "a2": "flagged", "a3": "flagged"}
        with pytest.raises(CurationError, match="flagged already"):
            ws.set_statuses(["a1", "a3"], "flagged")
        assert len(ws.history()) == 3
        ws.undo()
        assert {r.id: r.status for r in ws.article_rows()} == {"a1": "new", "a2": "flagged", "a3": "new"}


def test_one_bad_article_refuses_the_whole_batch_and_saves_nothing(db: Path) -> None:
    with Workspace(db) as ws:
        good = (db / "curation.json").read_bytes()
        with pytest.raises(CurationError, match="no-such"):
            ws.set_statuses(["a1", "no-such", "a3"], "reviewed")
        assert (db / "curation.json").read_bytes() == good
        assert ws.history() == [] and {r.status for r in ws.article_rows()} == {"new"}


def test_a_batch_the_disk_refuses_changes_nothing_in_memory_or_on_disk(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace(db) as ws:
        good = (db / "curation.json").read_bytes()
        before = pairs(ws)

        def failing_replace(src: str, dst: str) -> None:
            raise OSError(28, os.strerror(28))

        monkeypatch.setattr(os, "replace", failing_replace)
        with pytest.raises(SaveFailed):
            ws.reject_pairs([(s.a, s.b) for s in ws.suggestions()])
        monkeypatch.undo()
        assert (db / "curation.json").read_bytes() == good
        assert pairs(ws) == before and ws.history() == []


def test_a_batch_killed_at_any_moment_is_on_disk_whole_or_not_at_all(db: Path) -> None:
    """The batch's one commit point is the atomic replace of curation.json: killed
    during the write, the file holds every batch acknowledged, each with all its
    decisions, and no part of a batch."""
    size = 3
    rng = __import__("random").Random(19)
    acked = 0
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers_batch_child", str(db)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None
        assert child.stdout.readline().startswith(b"ready")
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        out = child.stdout.read().decode()
        child.wait()
        acked += out.count("ack")
        with Workspace(db, write=False) as ws:
            history = ws.history()
        by_batch: dict[int | None, int] = {}
        for d in history:
            by_batch[d.batch] = by_batch.get(d.batch, 0) + 1
        assert None not in by_batch
        assert set(by_batch.values()) == {size}  # never part of a batch
        assert len(by_batch) >= acked  # nothing acknowledged is lost
    assert acked > 0
    raw = orjson.loads((db / "curation.json").read_bytes())
    assert all(doc["batch"] for doc in raw["history"].values())


def test_the_command_line_shows_the_batch_in_the_history_and_undoes_it_whole(db: Path) -> None:
    with Workspace(db) as ws:
        ws.set_statuses(["a1", "a2", "a3"], "reviewed")

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "curator", "--db", str(db), *args], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        return done.stdout

    lines = run("history").splitlines()
    assert len(lines) == 3 and all("[batch #1]" in line for line in lines)
    assert "and the 2 other decisions of batch #1" in run("undo")
    assert run("history").count("(undone)") == 3
    assert "and the 2 other decisions of batch #1" in run("redo")
    assert "(undone)" not in run("history")


def _state(ws: Workspace) -> tuple:
    ents = sorted((e.name, tuple(sorted(e.aliases)), tuple(sorted(e.article_ids))) for e in ws.entities())
    return ents, [(r.id, r.status, r.entity_count) for r in ws.article_rows()], sorted((s.a_name, s.b_name) for s in ws.suggestions())


def test_after_a_batch_and_its_undo_entities_counts_and_suggestions_are_as_a_fresh_open_sees_them(db: Path) -> None:
    with Workspace(db) as ws:
        ws.article_rows()
        before = _state(ws)
        ws.merge_pairs([(s.a, s.b, []) for s in ws.suggestions()])
        after = _state(ws)
        assert after != before
        with Workspace(db, write=False) as other:
            assert _state(other) == after
        ws.undo()
        assert _state(ws) == before
        ws.redo()
        assert _state(ws) == after


def test_a_status_nobody_knows_refuses_the_batch(db: Path) -> None:
    with Workspace(db) as ws, pytest.raises(ValueError):
        ws.set_statuses(["a1"], "lost")
    with Workspace(db, write=False) as ws:
        assert ws.history() == []


def test_a_batch_goes_through_an_export_and_an_import_and_is_still_undone_as_one(db: Path, tmp_path: Path) -> None:
    from curator.export import validate_export

    with Workspace(db) as ws:
        ws.set_statuses(["a1", "a2", "a3"], "flagged")
    out = tmp_path / "out.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["--db", str(db), "export", "-o", str(out)], ["--db", str(tmp_path / "new"), "import", str(out)]):
        done = subprocess.run([sys.executable, "-m", "curator", *args], cwd=ROOT, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    data = orjson.loads(out.read_bytes())
    assert validate_export(data) == []
    assert [d.get("batch") for d in data["history"] if d.get("by") == "curator"] == [1, 1, 1]
    with Workspace(tmp_path / "new") as ws:
        ws.undo()
        assert {r.status for r in ws.article_rows()} == {"new"}
