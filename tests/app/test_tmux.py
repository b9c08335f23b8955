"""The app in a real terminal (tmux): keys reach it, decisions reach the database,
and nothing from the archive reaches the terminal as an escape sequence."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.app.factory import build_small

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CURATOR = str(Path(sys.executable).parent / "curator")


# A tmux server of the tests' own: a developer's sessions (or a ``tmux kill-server``
# of theirs) and the tests' never meet.
SOCKET = f"curator-tests-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def wait_for(session: str, needle: str, timeout: float = 45.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{screen}")


@pytest.fixture
def session():
    name = f"curator-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", name], capture_output=True)


def start(session: str, db: Path) -> None:
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", f"{CURATOR} --db {db}; sleep 30")


def test_review_accept_in_a_real_terminal_reaches_the_history(tmp_path: Path, session: str) -> None:
    db = build_small(tmp_path / "db")
    start(session, db)
    wait_for(session, "Articles")
    tmux("send-keys", "-t", session, "3")
    wait_for(session, "remaining")
    tmux("send-keys", "-t", session, "a")
    wait_for(session, "decided 1")
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 10
    while (db / ".curator.lock.json").exists() and time.monotonic() < deadline:
        # the lock file may stay; what matters is that the writer lock is free
        try:
            subprocess.run([CURATOR, "--db", str(db), "history"], check=True, capture_output=True, timeout=20)
            break
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    out = subprocess.run([CURATOR, "--db", str(db), "export"], check=True, capture_output=True, timeout=60).stdout
    data = json.loads(out)
    history = json.dumps(data, ensure_ascii=False)
    assert '"merge"' in history


def test_hostile_article_sends_no_escape_sequence_to_the_terminal(tmp_path: Path, session: str) -> None:
    db = build_small(tmp_path / "db", hostile=True)
    start(session, db)
    wait_for(session, "Articles")
    tmux("send-keys", "-t", session, "G")  # the hostile article is the last row
    time.sleep(0.3)
    tmux("send-keys", "-t", session, "Enter")
    screen = wait_for(session, "Article a99")
    assert "[link=file:///etc/passwd]x[/link]" in screen
    tmux("send-keys", "-t", session, "2")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "3")
    wait_for(session, "remaining")
    raw = tmux("capture-pane", "-p", "-e", "-t", session)
    assert "\x1b]" not in raw and "\x07" not in raw  # no OSC, no BEL
    assert "PWNED" not in raw
    assert "PWNED" not in tmux("display", "-p", "-t", session, "#{pane_title}")
    tmux("send-keys", "-t", session, "q")
