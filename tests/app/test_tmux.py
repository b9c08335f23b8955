"""The app in a real terminal (tmux): keys reach it, decisions reach the database,
and nothing from the archive reaches the terminal as an escape sequence."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.app.factory import build_small
from tests.app.waiting import wait_until_blocking

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


def pane(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, needle: str, timeout: float = 45.0) -> str:
    shown = [""]

    def there() -> bool:
        shown[0] = pane(session)
        return needle in shown[0]

    try:
        wait_until_blocking(there, timeout)
    except AssertionError:
        raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{shown[0]}") from None
    return shown[0]


def press_until(session: str, key: str, needle: str, tries: int = 3) -> str:
    """Press ``key`` until ``needle`` shows: a key pressed while a loaded machine is
    still drawing the first screen can land before the list takes the focus."""
    for attempt in range(tries):
        tmux("send-keys", "-t", session, key)
        try:
            return wait_for(session, needle, timeout=15 if attempt < tries - 1 else 45)
        except AssertionError:
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


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
    wait_for(session, "to review")
    tmux("send-keys", "-t", session, "a")
    wait_for(session, "decided 1")
    tmux("send-keys", "-t", session, "q")

    def lock_free() -> bool:
        # the lock file may stay; what matters is that the writer lock is free
        if not (db / ".curator.lock.json").exists():
            return True
        return subprocess.run([CURATOR, "--db", str(db), "history"], capture_output=True, timeout=20).returncode == 0

    wait_until_blocking(lock_free, timeout=10, what="the app let go of the database")
    out = subprocess.run([CURATOR, "--db", str(db), "export"], check=True, capture_output=True, timeout=60).stdout
    data = json.loads(out)
    history = json.dumps(data, ensure_ascii=False)
    assert '"merge"' in history


def test_hostile_article_sends_no_escape_sequence_to_the_terminal(tmp_path: Path, session: str) -> None:
    db = build_small(tmp_path / "db", hostile=True)
    start(session, db)
    wait_for(session, "Articles")
    for _ in range(5):  # a "G" pressed before the list has the focus is lost: then a01 opens
        tmux("send-keys", "-t", session, "G")  # the hostile article is the last row
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "Article a")
        if "Article a99" in screen:
            break
        tmux("send-keys", "-t", session, "Escape")
        wait_for(session, "Articles")
    assert "Article a99" in screen
    assert "[link=file:///etc/passwd]x[/link]" in screen
    tmux("send-keys", "-t", session, "2")
    wait_until_blocking(lambda: re.search(r"^\s*Entities  ", pane(session), re.M), what="the Entities screen")
    tmux("send-keys", "-t", session, "3")
    wait_for(session, "to review")
    raw = tmux("capture-pane", "-p", "-e", "-t", session)
    assert "\x1b]" not in raw and "\x07" not in raw  # no OSC, no BEL
    assert "PWNED" not in raw
    assert "PWNED" not in tmux("display", "-p", "-t", session, "#{pane_title}")
    tmux("send-keys", "-t", session, "q")


# -- hostile text in notices and the exit path (issue 15, item 9) ----------------------
REPO = Path(__file__).resolve().parents[2]


def start_and_report_exit(session: str, command: str) -> None:
    """Run ``command`` in a new session; when it ends, the pane says ``EXIT=<code>``.

    Without ``COLUMNS``/``LINES``: under pytest the pane's environment held
    COLUMNS=80, and the app took it over the pane's real width of 120."""
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
         f"cd {REPO} && env -u COLUMNS -u LINES {command}; echo EXIT=$?; sleep 120")


def test_a_title_with_markup_typed_in_a_real_terminal_is_announced_as_typed_and_the_app_lives_on(
    tmp_path: Path, session: str
) -> None:
    db = build_small(tmp_path / "db")
    start_and_report_exit(session, f"{sys.executable} -m curator --db '{db}'")
    wait_for(session, "Articles")
    press_until(session, "Enter", "Article a01")
    tmux("send-keys", "-t", session, "t")
    wait_for(session, "Title of a01")  # the prompt is open: what is typed now goes into it
    typed = "Tin về [link=file:///etc/passwd]y[/link]"
    for _ in range(3):  # what this story tests is the notice, not tmux's typing: check the box first
        tmux("send-keys", "-t", session, "C-u")
        tmux("send-keys", "-t", session, "-l", typed)
        try:
            wait_for(session, typed, timeout=5)
            break
        except AssertionError:
            continue
    tmux("send-keys", "-t", session, "Enter")
    screen = wait_for(session, "-> 'Tin về [link=file:///etc/passwd]y[/link]'")  # in the "Saved" notice
    assert "Saved" in screen
    # The old app died once the notice was drawn again, when it went (3 s on).
    wait_until_blocking(lambda: "Saved" not in pane(session) or "EXIT=" in pane(session), timeout=15, what="the notice gone")
    tmux("send-keys", "-t", session, "j")
    screen = wait_for(session, "Mention 2/")
    assert "Title  Tin về [link=file:///etc/passwd]y[/link]" in screen
    assert "EXIT=" not in screen and "MarkupError" not in screen
    tmux("send-keys", "-t", session, "q")
    assert "EXIT=0" in wait_for(session, "EXIT=")


def test_an_unexpected_error_in_a_real_terminal_ends_with_one_line_and_exit_code_1(tmp_path: Path, session: str) -> None:
    db = build_small(tmp_path / "db")
    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\n"
        "import curator.app.screens.article as article\n"
        "def broken(self):\n"
        "    raise RuntimeError('boom [/] [link=file:///etc/passwd]x[/link] \\x1b]0;PWNED\\x07')\n"
        "article.ArticleScreen._draw = broken  # a bug in drawing an article\n"
        "from curator.cli import main\n"
        "main(['--db', sys.argv[1]])\n",
        encoding="utf-8",
    )
    crashes = tmp_path / "tmp"
    crashes.mkdir()
    start_and_report_exit(session, f"TMPDIR='{crashes}' {sys.executable} '{script}' '{db}'")
    wait_for(session, "Articles")
    screen = press_until(session, "Enter", "EXIT=")
    assert "EXIT=1" in screen
    assert "curator: error: the app stopped on an unexpected error (RuntimeError: boom [/] [link=file:///etc/passwd]x[/link])" in screen
    assert "Traceback" not in screen and "╭" not in screen and "PWNED" not in screen
    (details,) = crashes.glob("curator-crash-*.txt")
    assert "RuntimeError: boom" in details.read_text(encoding="utf-8")
    assert "PWNED" not in tmux("display", "-p", "-t", session, "#{pane_title}")
