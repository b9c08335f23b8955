"""Ctrl-C during an ingest (issue 15, item 14): one line saying what was saved
and that the same command completes it; no worker tracebacks; exit code 130.

The archive is generated big enough for the worker pool (``POOL_FILES``), and
SIGINT goes to the whole process group, as a terminal sends it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.ingest.prepare import POOL_FILES

ROOT = Path(__file__).resolve().parent.parent
INTERRUPTED = re.compile(
    r"curator: interrupted: (\d+) new or changed files? saved; run the same command again to complete the ingest"
)
SUMMARY = re.compile(r"(\d+) files: (\d+) ingested, (\d+) unchanged, 0 updated, 0 with problems")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    from curator.bench.generate import generate

    out = tmp_path_factory.mktemp("generated")
    report = generate(out, 3000)
    assert report.files > 4 * POOL_FILES
    return out / "archive", report.files


def _workers_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _ingest_interrupted(archive: Path, db: Path, presses: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "curator", "--db", str(db), "ingest", str(archive)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(_workers_of(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest ended before the worker pool started"
    time.sleep(0.3)  # the pool is working through the files (the whole ingest takes about a second here)
    for _ in range(presses):
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.05)
    stdout, stderr = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def _ingest_again(archive: Path, db: Path) -> tuple[int, int, int]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "ingest", str(archive)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    found = SUMMARY.search(out.stdout)
    assert found, out.stdout
    seen, ingested, unchanged = map(int, found.groups())
    return seen, ingested, unchanged


@pytest.mark.parametrize("presses", [1, 3], ids=["ctrl-c once", "ctrl-c three times"])
def test_ctrl_c_during_an_ingest_says_in_one_line_what_was_kept_and_the_same_command_completes_it(
    archive: tuple[Path, int], tmp_path: Path, presses: int
) -> None:
    folder, files = archive
    db = tmp_path / "db"
    stopped = _ingest_interrupted(folder, db, presses)
    assert "Traceback" not in stopped.stderr and "Aborted" not in stopped.stderr, stopped.stderr[-3000:]
    assert stopped.returncode == 130, (stopped.returncode, stopped.stderr[-3000:])
    [line] = stopped.stderr.strip().split("\n")
    said = INTERRUPTED.fullmatch(line)
    assert said, line
    saved = int(said.group(1))
    assert stopped.stdout == ""
    seen, ingested, unchanged = _ingest_again(folder, db)
    assert seen == files and ingested + unchanged == files
    assert unchanged == saved and 0 < ingested  # what was said to be saved was; the rest came now


def test_ctrl_c_during_resolve_says_in_one_line_that_nothing_was_saved_and_resolve_runs_again(
    archive: tuple[Path, int], tmp_path: Path
) -> None:
    import shutil

    folder, _ = archive
    template = tmp_path / "template"
    _ingest_again(folder, template)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # The interrupt must land while the command runs: a resolve of this archive takes
    # a few seconds, less on a fast machine, so shorter waits are tried in turn.
    for wait in (1.2, 0.9, 0.6, 0.4):
        db = tmp_path / f"db-{wait}"
        shutil.copytree(template, db)
        run = [sys.executable, "-m", "curator", "--db", str(db)]
        proc = subprocess.Popen(
            [*run, "resolve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        time.sleep(wait)
        if proc.poll() is None:
            break
        proc.communicate()
    else:
        pytest.fail("every resolve ended before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr and "Aborted" not in stderr, stderr[-3000:]
    assert proc.returncode == 130
    [line] = stderr.strip().split("\n")
    assert line.startswith("curator: interrupted: ")  # the resolve's own line, or (if still starting) the general one
    stats = subprocess.run([*run, "stats"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "mentions:         0" in stats.stdout, stats.stdout
    again = subprocess.run([*run, "resolve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr


@pytest.mark.slow
def test_ctrl_c_while_one_big_json_lines_file_is_read_stops_at_once(tmp_path: Path) -> None:
    # One file of many records is one unit of an ingest: ctrl+c was looked at only
    # after the whole file was read (6 to 21 s here), now every few hundred records.
    data = tmp_path / "crawl.jsonl"
    words = "Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị về an toàn giao thông năm nay".split()
    with open(data, "w", encoding="utf-8") as fh:
        for n in range(40_000):
            text = " ".join(words[(n + k) % len(words)] for k in range(250)) + f" Bài số {n}."
            fh.write(f'{{"title": "Bài {n}", "date": "2024-05-06", "text": "{text}"}}\n')
    db = tmp_path / "db"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "curator", "--db", str(db), "ingest", str(data)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (db / "commit.json").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)  # reading the records
    assert proc.poll() is None, "the ingest ended before it was interrupted"
    pressed = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    waited = time.monotonic() - pressed
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    assert INTERRUPTED.search(stderr).group(1) == "0"
    assert waited < 5, f"ctrl+c took {waited:.1f} s to stop the ingest"
    out = subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "ingest", str(data)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and "articles: 40000 added" in out.stdout, out.stdout + out.stderr
