"""Fault harness: a curator's decisions survive kills, full disks and I/O errors; an
ingest or resolve killed after any of its writes leaves the last whole state, and
running it again completes it."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from curator.export import export_workspace, validate_export
from curator.store import SaveFailed, Store
from curator.workspace import Workspace
from tests.builders import build_small_db

HERE = Path(__file__).resolve().parent
KILLS = int(os.environ.get("CURATOR_FAULT_KILLS", "200"))


def test_sigkill_during_curation_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """SIGKILL a curating process at random moments, KILLS times; reopen and check."""
    db = build_small_db(tmp_path / "db")
    rng = random.Random(7)
    acked: set[int] = set()
    undone_acked: set[int] = set()
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    survived = 0
    for kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "helpers_curating_child.py"), str(db), str(kill)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if not first:
            pytest.fail(f"child died: {proc.stderr.read() if proc.stderr else ''}")
        lines = [first]
        time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        lines.extend(out.splitlines())
        for line in lines:
            word, _, num = line.strip().partition(" ")
            if word == "ack":
                acked.add(int(num))
                undone_acked.discard(int(num))
            elif word == "undone":
                undone_acked.add(int(num))
        with Store(db) as store:  # opens: nothing half-written
            history = {d.seq: d for d in store.history()}
        lost = acked - set(history)
        assert not lost, f"after kill {kill}: acknowledged decisions lost: {sorted(lost)[:10]}"
        wrongly_active = [s for s in undone_acked if not history[s].undone]
        assert not wrongly_active, f"acknowledged undo lost for {wrongly_active[:5]}"
        survived += 1
    with Workspace(db, write=False) as ws:  # and the state built from it is sound
        data = orjson.loads(export_workspace(ws))
    assert validate_export(data) == []
    assert survived == KILLS and len(acked) >= KILLS


@pytest.mark.parametrize(
    "err", [errno.ENOSPC, errno.EIO, errno.EROFS, errno.EACCES], ids=["ENOSPC", "EIO", "EROFS", "EACCES"]
)
def test_a_failing_disk_refuses_the_decision_visibly_and_work_continues_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    db = build_small_db(tmp_path / "db")
    with Workspace(db) as ws:
        ws.edit_field("a1", "title", "trước sự cố")
        good = (db / "curation.json").read_bytes()
        real_replace = os.replace

        def failing_replace(src: str, dst: str) -> None:
            raise OSError(err, os.strerror(err))

        monkeypatch.setattr(os, "replace", failing_replace)
        with pytest.raises(SaveFailed) as info:
            ws.edit_field("a1", "title", "trong sự cố")
        assert os.strerror(err) in str(info.value) and "curation.json" in str(info.value)
        assert (db / "curation.json").read_bytes() == good  # the last good state
        assert next(r for r in ws.article_rows() if r.id == "a1").title == "trước sự cố"
        assert len(ws.history()) == 1
        monkeypatch.setattr(os, "replace", real_replace)
        ws.edit_field("a1", "title", "sau sự cố")
    with Workspace(db, write=False) as ws:
        assert [d.args["value"] for d in ws.history()] == ["trước sự cố", "sau sự cố"]


def test_read_only_folder_is_reported_not_crashed(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    db = build_small_db(tmp_path / "db")
    os.chmod(db, 0o555)
    try:
        with Workspace(db) as ws, pytest.raises(SaveFailed):
            ws.edit_field("a1", "title", "x")
    finally:
        os.chmod(db, 0o755)


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"_meta": {"1": {"kind": "curator.curation", "schema_ver', b"[]", b'{"_meta": {"1": {"kind": "curator.curation", "schema_version": 7}}}'],
    ids=["truncated to nothing", "torn JSON", "wrong shape", "newer schema"],
)
def test_damaged_curation_is_reported_untouched_and_restorable(tmp_path: Path, damage: bytes) -> None:
    db = build_small_db(tmp_path / "db")
    with Workspace(db) as ws:
        ws.edit_field("a1", "title", "đã sửa")
    with Workspace(db) as ws:  # second session: the first session's state is backed up
        ws.edit_field("a2", "title", "sửa nữa")
    (db / "curation.json").write_bytes(damage)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    run = lambda *a: subprocess.run([sys.executable, "-m", "curator", "--db", str(db), *a], capture_output=True, text=True, env=env, timeout=120)  # noqa: E731
    out = run("stats")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "curation.json" in out.stderr
    assert (db / "curation.json").read_bytes() == damage
    out = run("restore")
    assert out.returncode == 0, out.stderr
    assert list(db.glob("curation.json.damaged-*"))
    with Workspace(db, write=False) as ws:
        assert [d.args["value"] for d in ws.history()] == ["đã sửa", "sửa nữa"]  # each session is backed up as it closes


# -- the commit point: an interrupted ingest or resolve -------------------------------
def _kill_at_every_rename(signal_name: str, template: Path | None, out: Path, batch_files: int, *args: str) -> list[tuple[Path, int]]:
    """Run ``curator ARGS`` once per rename it makes, killed right after that rename
    (see ``helpers_commit_child.py``); each run's database folder and wait status,
    run 0 (not killed) first."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    proc = subprocess.run(
        [sys.executable, str(HERE / "helpers_commit_child.py"), signal_name, str(template or "-"), str(out), str(batch_files), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    runs = []
    for line in proc.stdout.split("\n"):
        if line.strip():
            n, status = line.split()
            runs.append((out / n, int(status)))
    return runs


def _cli(*args: str) -> tuple[int, str]:
    """A curator command, in this process (exit code, output): the same code the shell runs."""
    from click.testing import CliRunner

    from curator.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: fails the test with it
    return result.exit_code, result.output


def _export(db: Path) -> dict:
    code, out = _cli("--db", str(db), "export")
    assert code == 0, out
    return orjson.loads(out)


def _state(export: dict) -> dict:
    """What an export says about the archive, without the times that differ between runs."""
    history = [{k: v for k, v in h.items() if k != "at"} for h in export["history"]]
    return {
        "articles": {a["id"]: a for a in export["articles"]},
        "entities": export["entities"],
        "history": history,
    }


def _small_archive(folder: Path, files: int) -> Path:
    """``files`` distinct articles made from the seeds."""
    seeds = sorted((HERE.parent / "seeds").glob("*.txt"))
    folder.mkdir(parents=True)
    for i in range(files):
        text = seeds[i % len(seeds)].read_text("utf-8")
        (folder / f"f{i}.txt").write_text(text.replace("\n", f" Bản {i}.\n", 1), "utf-8")
    return folder


def _check_consistent(db: Path, reference: dict) -> dict:
    """The database opens; stats, files.json and the export agree; the export's articles
    are the reference's (a complete state, never half a batch). Returns the export."""
    export = _export(db)
    code, out = _cli("--db", str(db), "stats", "--json")
    assert code == 0, out
    stats = orjson.loads(out)
    assert stats["articles"] == len(export["articles"])
    with Store(db) as store:
        recorded = {art_id for f in store.files().values() for art_id in f["article_ids"]}
        indexed = set(store.article_index()["id"])
    exported = {a["id"]: a for a in export["articles"]}
    assert recorded == indexed == set(exported), "files.json, the index and the export disagree"
    for art_id, art in exported.items():
        assert art == reference["articles"][art_id]
    for art in export["articles"]:
        for m in art["mentions"]:  # a title's mentions point into the title as ingested
            into = art["extracted"]["title"]["value"] if m["field"] == "title" else art["text"]
            assert into[m["start"] : m["end"]] == m["text"]
    return export


@pytest.mark.parametrize("signal_name", ["KILL", "INT"])
def test_an_ingest_killed_at_any_write_keeps_whole_batches_and_the_next_ingest_completes_it(
    tmp_path: Path, signal_name: str
) -> None:
    archive = _small_archive(tmp_path / "archive", 7)
    runs = _kill_at_every_rename(signal_name, None, tmp_path / "runs", 2, "ingest", str(archive))
    (full_db, status), killed = runs[0], runs[1:]
    assert status == 0 and len(killed) >= 10, (runs[:3], (tmp_path / "runs" / "0.log").read_text())
    reference = _state(_export(full_db))
    assert len(reference["articles"]) == 7
    seen_sizes = set()
    for db, status in killed:
        log = (db.parent / f"{db.name}.log").read_text()
        if signal_name == "INT":
            assert "Traceback" not in log, log
        assert os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 99, log
        state = _state(_check_consistent(db, reference))
        seen_sizes.add(len(state["articles"]))
        code, out = _cli("--db", str(db), "ingest", str(archive))
        assert code == 0, out
        assert _state(_export(db))["articles"] == reference["articles"], f"after the kill at rename {db.name}"
    assert {0, 7} <= seen_sizes and len(seen_sizes) >= 3  # killed before, between and after batches


def test_a_resolve_killed_at_any_write_leaves_the_old_or_the_new_state_and_runs_again(tmp_path: Path) -> None:
    archive = _small_archive(tmp_path / "archive", 7)
    template = tmp_path / "template"
    assert _cli("--db", str(template), "ingest", str(archive))[0] == 0
    before = _state(_export(template))
    runs = _kill_at_every_rename("KILL", template, tmp_path / "runs", 2, "resolve")
    (full_db, status), killed = runs[0], runs[1:]
    assert status == 0 and len(killed) >= 5
    after = _state(_export(full_db))
    assert after != before and any(a["mentions"] for a in after["articles"].values())
    outcomes = []
    for db, _ in killed:
        state = _state(_export(db))
        assert state in (before, after), f"a mix of two states after the kill at rename {db.name}"
        _check_consistent(db, state)
        outcomes.append(state == after)
        assert _cli("--db", str(db), "resolve")[0] == 0
        assert _state(_export(db)) == after
    assert not outcomes[0] and outcomes[-1]  # killed before and after the commit point
