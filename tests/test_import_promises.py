"""``curator import`` keeps the promises every other door keeps: an export that
would break one is refused whole, naming the article, and nothing is written.

Each case is a good export of the seeds with one change, imported as a user
does (the command line in a subprocess), into a new database and over a
database that holds one (``--replace``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent


def curator(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env=env,
    )


def ok(*args: str, db: Path) -> str:
    out = curator(*args, db=db)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A database of the seeds, resolved, and its export."""
    db = tmp_path_factory.mktemp("seeded") / "db"
    ok("ingest", "--resolve", str(ROOT / "seeds"), db=db)
    ok("edit", "a7214aa212561", "title", "Tiêu đề đã sửa", db=db)
    exported = db.parent / "export.json"
    ok("export", "-o", str(exported), db=db)
    return db, exported.read_bytes()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_mentions(data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The first article that has mentions, and its number (from 1)."""
    return next((n, a) for n, a in enumerate(data["articles"], start=1) if a["mentions"])


def first_in_text(art: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The first mention into the article's text (title mentions come first), and its number (from 1)."""
    return next((n, m) for n, m in enumerate(art["mentions"], start=1) if m.get("field", "text") == "text")


def short_span(data: dict[str, Any]) -> tuple[int, str]:
    number, art = with_mentions(data)
    n, mention = first_in_text(art)
    mention["end"] = mention["start"] + 3
    return number, f"mention {n} "


def text_shifted(data: dict[str, Any]) -> tuple[int, str]:
    data["articles"][0]["text"] = "Tin: " + data["articles"][0]["text"]  # every span is now off by five
    return 1, f"mention {first_in_text(data['articles'][0])[0]} "


def span_beyond_the_text(data: dict[str, Any]) -> tuple[int, str]:
    number, art = with_mentions(data)
    art["mentions"][-1]["start"] = len(art["text"]) + 10
    art["mentions"][-1]["end"] = len(art["text"]) + 20
    return number, f"mention {len(art['mentions'])} "


def terminal_controls(data: dict[str, Any]) -> tuple[int, str]:
    data["articles"][1]["text"] = "\x1b]0;PWNED\x07\x1b[5;31m" + data["articles"][1]["text"]
    return 2, "its text holds \\x1b (character 0)"


def bidi_override(data: dict[str, Any]) -> tuple[int, str]:
    art = data["articles"][2]
    art["text"] = art["text"] + "\u202e"  # at the end: no span moves, the text is still not clean
    return 3, "its text holds \\u202e"


def control_in_a_title(data: dict[str, Any]) -> tuple[int, str]:
    data["articles"][3]["title"] = "Tin \x1b]0;PWNED\x07"  # `curator list` and the app show titles
    return 4, "its title holds \\x1b"


def control_in_a_file_name(data: dict[str, Any]) -> tuple[int, str]:
    data["articles"][0]["source_file"] = "x\x1b[31m.txt"  # an ingest shows it as x\\x1b[31m.txt
    return 1, "its source_file holds \\x1b"


def control_in_a_mention_name(data: dict[str, Any]) -> tuple[int, str]:
    number, art = with_mentions(data)
    art["mentions"][0]["name"] = "Bộ\u202e Công an"  # entity names come from mention names
    return number, "mention 1: its name holds \\u202e"


def duplicate_id(data: dict[str, Any]) -> tuple[int, str]:
    data["articles"][1]["id"] = data["articles"][0]["id"]
    return 2, "the same id as article 1"


CASES: dict[str, Callable[[dict[str, Any]], tuple[int, str]]] = {
    "a span three characters long": short_span,
    "a prefix added to the text": text_shifted,
    "a span beyond the text": span_beyond_the_text,
    "terminal control sequences in the text": terminal_controls,
    "a bidi override in the text": bidi_override,
    "terminal control sequences in a title": control_in_a_title,
    "a control character in a file name": control_in_a_file_name,
    "a bidi override in a mention's name": control_in_a_mention_name,
    "two articles with one id": duplicate_id,
}


@pytest.mark.parametrize("replace", [False, True], ids=["into a new database", "over a database (--replace)"])
@pytest.mark.parametrize("case", list(CASES))
def test_an_export_that_breaks_a_promise_is_refused_naming_the_article_and_nothing_is_written(
    seeded: tuple[Path, bytes], tmp_path: Path, case: str, replace: bool
) -> None:
    db, good = seeded
    data = orjson.loads(good)
    number, what = CASES[case](data)
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    target = tmp_path / "target"
    if replace:
        shutil.copytree(db, target)
    else:
        target.mkdir()
    before = snapshot(target)
    out = curator("import", str(bad), *(["--replace"] if replace else []), db=target)
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and "imported" not in out.stdout
    [line] = out.stderr.strip().splitlines()
    art_id = data["articles"][number - 1]["id"]
    assert line.startswith(f"curator: error: {bad}: article {number} (id {art_id}): {what}"), line
    assert "\x1b" not in line and "\u202e" not in line
    assert snapshot(target) == before


def test_a_span_that_does_not_slice_says_what_the_text_holds_there(seeded: tuple[Path, bytes], tmp_path: Path) -> None:
    _, good = seeded
    data = orjson.loads(good)
    number, art = with_mentions(data)
    n, mention = first_in_text(art)
    mention["end"] = mention["start"] + 3
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(data))
    out = curator("import", str(bad), db=tmp_path / "new")
    start = mention["start"]
    assert out.stderr.strip() == (
        f"curator: error: {bad}: article {number} (id {art['id']}): mention {n} ({start}-{start + 3}) "
        f"does not slice to its text \"{mention['text']}\" (the text there is \"{art['text'][start:start + 3]}\")"
    )


def test_a_good_export_still_imports_and_round_trips_byte_for_byte(seeded: tuple[Path, bytes], tmp_path: Path) -> None:
    _, good = seeded
    exported = tmp_path / "export.json"
    exported.write_bytes(good)
    copy = tmp_path / "copy"
    assert ok("import", str(exported), db=copy).startswith("imported 5 articles")
    assert ok("export", db=copy).encode() == good
