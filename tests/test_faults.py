"""Fault harness: a curator's decisions survive kills, full disks and I/O errors."""

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

from curator.export import validate_export
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
        data = orjson.loads(ws.export())
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
