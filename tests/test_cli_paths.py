"""Paths given to ``export -o`` and ``--db``, tried as a careless user and as an attacker
would: every refusal is one line naming the path, exit 1, and nothing created or changed.

Devices are reached through links in the test's own folder (``sink -> /dev/null``), so
that a regression replaces a link of the test, never a node in /dev for the machine.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent


def curator(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "curator", *args], capture_output=True, cwd=cwd, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` with its content (or link target, or kind)."""
    out: dict[str, bytes | str] = {}
    if not os.path.lexists(folder):
        return out
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "link -> " + os.readlink(path)
        elif path.is_dir():
            out[rel] = "folder"
        else:
            out[rel] = path.read_bytes()
    return out


def refused(out: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    """Exit 1 with exactly one line, ``curator: error: ...``, holding every needle."""
    err = out.stderr.decode()
    assert out.returncode == 1, (out.returncode, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("curator: error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, err)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("paths") / "db"
    out = curator("--db", str(db), "ingest", "--resolve")
    assert out.returncode == 0, out.stderr
    assert curator("--db", str(db), "edit", _first_article(db), "title", "Tiêu đề đã sửa").returncode == 0
    return db


def _first_article(db: Path) -> str:
    out = curator("--db", str(db), "export")
    return orjson.loads(out.stdout)["articles"][0]["id"]


@pytest.fixture(scope="module")
def plain_export(seeded: Path) -> bytes:
    out = curator("--db", str(seeded), "export")
    assert out.returncode == 0
    return out.stdout


# -- export -o ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "inside",
    ["curation.json", "index.json", "resolution.json", "new-export.json", "texts/../curation.json", "backups/x.json"],
)
def test_an_export_aimed_into_the_database_folder_is_refused_and_the_database_is_unchanged(
    seeded: Path, inside: str
) -> None:
    before = snapshot(seeded)
    out = curator("--db", str(seeded), "export", "-o", str(seeded / inside))
    refused(out, str(seeded / inside), "inside the database folder")
    assert snapshot(seeded) == before


def test_a_link_pointing_into_the_database_is_refused_too(seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "innocent.json").symlink_to(seeded / "curation.json")
    (tmp_path / "dbdir").symlink_to(seeded)
    before = snapshot(seeded)
    refused(curator("--db", str(seeded), "export", "-o", str(tmp_path / "innocent.json")), "inside the database folder")
    refused(curator("--db", str(seeded), "export", "-o", str(tmp_path / "dbdir" / "index.json")), "inside the database folder")
    assert snapshot(seeded) == before
    assert os.readlink(tmp_path / "innocent.json") == str(seeded / "curation.json")


def test_the_database_reached_by_another_name_is_recognised(seeded: Path, tmp_path: Path) -> None:
    # The same folder under a second name (as a case-insensitive disk gives "DB" for
    # "db"): a bind mount here, where the disk is case-sensitive. Compared by inode.
    alias = tmp_path / "ALIAS"
    alias.mkdir()
    if subprocess.run(["mount", "--bind", str(seeded), str(alias)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        before = snapshot(seeded)
        refused(curator("--db", str(seeded), "export", "-o", str(alias / "curation.json")), "inside the database folder")
        assert snapshot(seeded) == before
    finally:
        subprocess.run(["umount", str(alias)], check=True)


def test_an_export_into_a_folder_that_does_not_exist_is_refused_and_creates_nothing(seeded: Path, tmp_path: Path) -> None:
    out = curator("--db", str(seeded), "export", "-o", str(tmp_path / "no-such-folder" / "x.json"))
    refused(out, "no-such-folder", "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_an_export_to_a_device_streams_into_it_and_leaves_the_node_alone(seeded: Path, tmp_path: Path) -> None:
    sink = tmp_path / "sink"
    sink.symlink_to("/dev/null")
    out = curator("--db", str(seeded), "export", "-o", str(sink))
    assert out.returncode == 0, out.stderr
    assert sink.is_symlink() and os.readlink(sink) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sink"]  # no temporary file left beside it


def test_an_export_to_a_full_device_is_a_clear_error(seeded: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    out = curator("--db", str(seeded), "export", "-o", str(full))
    refused(out, str(full), "No space left on device")
    assert full.is_symlink() and stat.S_ISCHR(os.stat(full).st_mode)


def test_an_export_to_a_named_pipe_reaches_its_reader_and_the_pipe_stays(
    seeded: Path, tmp_path: Path, plain_export: bytes
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = tmp_path / "received.json"
    with open(received, "wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        try:
            out = curator("--db", str(seeded), "export", "-o", str(fifo))
            assert out.returncode == 0, out.stderr
            reader.wait(timeout=20)
        finally:
            reader.kill()
            reader.wait()
    assert received.read_bytes() == plain_export
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("name", ["-", "link-to-own-stdout"])
def test_an_export_to_standard_output_by_name_is_written_there(
    seeded: Path, tmp_path: Path, plain_export: bytes, name: str
) -> None:
    (tmp_path / "link-to-own-stdout").symlink_to("/proc/self/fd/1")
    out = curator("--db", str(seeded), "export", "-o", name, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == plain_export
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link-to-own-stdout"]
    assert (tmp_path / "link-to-own-stdout").is_symlink()


def test_an_export_through_a_link_to_a_file_updates_the_file_and_keeps_the_link(
    seeded: Path, tmp_path: Path, plain_export: bytes
) -> None:
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "latest.json").symlink_to("real.json")
    out = curator("--db", str(seeded), "export", "-o", str(tmp_path / "latest.json"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "latest.json").is_symlink()
    assert (tmp_path / "real.json").read_bytes() == plain_export


# -- --db ----------------------------------------------------------------------------------
def _cluttered(folder: Path) -> Path:
    """A folder of someone else's files, one of them with a name curator uses."""
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "index.json").write_text('{"pages": []}')
    return folder


COMMANDS = [
    ["export"], ["stats"], ["resolve"], ["history"], ["undo"], ["redo"], ["restore"],
    ["merge", "Cục A", "Cục B"], ["rename", "Cục A", "Cục B"], ["edit", "x", "title", "y"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("folder", ["missing", "empty", "cluttered"])
def test_a_command_on_a_folder_without_a_database_is_refused_and_creates_nothing(
    tmp_path: Path, command: list[str], folder: str
) -> None:
    db = tmp_path / "db"
    if folder == "empty":
        db.mkdir()
    elif folder == "cluttered":
        _cluttered(db)
    before = snapshot(tmp_path)
    out = curator("--db", str(db), *command)
    refused(out, str(db), "no curator database here")
    assert out.stdout == b""
    assert snapshot(tmp_path) == before


def test_the_app_is_not_started_on_a_folder_holding_other_files(tmp_path: Path) -> None:
    db = _cluttered(tmp_path / "project")
    before = snapshot(db)
    out = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db)], capture_output=True, cwd=ROOT, timeout=30,
        stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    refused(out, str(db), "holds other files")
    assert snapshot(db) == before


@pytest.mark.parametrize("command", ["ingest", "import"])
def test_ingest_and_import_refuse_a_folder_holding_other_files(
    seeded: Path, tmp_path: Path, plain_export: bytes, command: str
) -> None:
    (tmp_path / "export.json").write_bytes(plain_export)
    db = _cluttered(tmp_path / "project")
    before = snapshot(db)
    out = curator("--db", str(db), command, *([str(tmp_path / "export.json")] if command == "import" else []))
    refused(out, str(db), "holds other files", "new or empty folder")
    assert snapshot(db) == before


@pytest.mark.parametrize("part", ["texts", "backups"])
@pytest.mark.parametrize("command", [["stats"], ["resolve"]], ids=lambda c: c[0])
def test_a_folder_inside_a_database_is_not_taken_for_a_database(
    seeded: Path, tmp_path: Path, part: str, command: list[str]
) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded, db)
    before = snapshot(db)
    refused(curator("--db", str(db / part), *command), str(db / part), f"part of the curator database {db}")
    assert snapshot(db) == before


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_stats_on_a_system_folder_is_refused_not_counted_as_zero() -> None:
    refused(curator("--db", "/proc/self", "stats"), "/proc/self", "no curator database here")


def test_ingest_makes_a_database_in_a_new_folder_or_one_like_the_repositorys_db(tmp_path: Path) -> None:
    fresh = tmp_path / "checkout" / "db"
    fresh.mkdir(parents=True)
    shutil.copy(ROOT / "db" / "README.md", fresh)
    (fresh / ".gitkeep").touch()
    for db in (fresh, tmp_path / "new" / "db"):
        out = curator("--db", str(db), "ingest")
        assert out.returncode == 0, out.stderr
        stats = curator("--db", str(db), "stats", "--json")
        assert stats.returncode == 0 and orjson.loads(stats.stdout)["articles"] == 5
    assert (fresh / "README.md").read_bytes() == (ROOT / "db" / "README.md").read_bytes()


@pytest.mark.parametrize(
    "command",
    [["export"], ["stats", "--json"], ["history"], ["undo"], ["resolve"]],
    ids=lambda c: c[0],
)
def test_db_is_accepted_after_the_command_as_the_readme_says(seeded: Path, tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded, db)
    after = curator(*command, "--db", str(db))
    assert after.returncode == 0, after.stderr
    if command[0] in ("export", "stats", "history"):
        assert after.stdout == curator("--db", str(db), *command).stdout


def test_every_command_that_uses_a_database_takes_db_after_its_name() -> None:
    from curator.cli import main

    for name, command in main.commands.items():
        if name == "match":  # reads names from standard input, no database
            continue
        out = curator(name, "--help")
        assert out.returncode == 0 and b"--db" in out.stdout, name


def test_ingest_with_db_after_the_command_makes_the_database_there(tmp_path: Path) -> None:
    db = tmp_path / "db"
    out = curator("ingest", "seeds/000_fe690cd7fa25748b.txt", "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert orjson.loads(curator("stats", "--json", "--db", str(db)).stdout)["articles"] == 1


def test_two_different_db_folders_in_one_command_are_refused(seeded: Path, tmp_path: Path) -> None:
    refused(curator("--db", str(seeded), "export", "--db", str(tmp_path)), "--db given twice")


def test_curator_db_from_the_environment_is_checked_the_same_way(tmp_path: Path) -> None:
    db = tmp_path / "nothing-here"
    out = curator("export", env={"CURATOR_DB": str(db)})
    refused(out, str(db), "no curator database here")
    assert not db.exists()
