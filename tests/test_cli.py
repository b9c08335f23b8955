"""The command line as a user drives it: real processes, real files, one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from curator.export import validate_export

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "000_fe690cd7fa25748b.txt": ("2023-07-28", "THVP"),
    "001_ee13dd08ff92c338.txt": ("2016-12-12", "Giang Phạm"),
    "002_32261b4a297eff0a.txt": ("2021-06-25", "Tâm Phạm"),
    "003_cc0263cae94b30f3.txt": ("2021-01-22", "Vân Anh"),
    "004_9a09a93ff963686b.txt": ("2021-11-24", "Minh Hiền"),
}


def curator(*args: str, db: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "curator"]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(
        cmd + list(args), input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "db"
    out = curator("ingest", "--resolve", db=db)
    assert out.returncode == 0, out.stderr
    return db


def export_of(db: Path) -> dict:
    out = curator("export", db=db)
    assert out.returncode == 0, out.stderr
    return orjson.loads(out.stdout)


def test_ingest_and_export_the_seeds(seeded: Path) -> None:
    data = export_of(seeded)
    assert validate_export(data) == []
    by_file = {a["source_file"]: a for a in data["articles"]}
    assert sorted(by_file) == sorted(EXPECTED)
    for name, (date, author) in EXPECTED.items():
        assert (by_file[name]["published"], by_file[name]["author"]) == (date, author), name
    assert by_file["003_cc0263cae94b30f3.txt"]["title"] is None
    assert by_file["002_32261b4a297eff0a.txt"]["title"].startswith("Đẩy mạnh hiện đại hóa hạ tầng")
    assert data["entities"], "resolution found entities"


def test_export_is_byte_identical_twice_and_to_a_file(seeded: Path, tmp_path: Path) -> None:
    first = curator("export", db=seeded).stdout
    out = curator("export", "-o", str(tmp_path / "x.json"), db=seeded)
    assert out.returncode == 0
    assert (tmp_path / "x.json").read_text("utf-8") == first


def test_export_is_written_in_pieces_yet_formatted_as_one_document(seeded: Path) -> None:
    # The export streams one article at a time; the bytes must still be those of
    # dumping the whole document at once (sorted keys, two-space indent).
    streamed = curator("export", db=seeded).stdout.encode("utf-8")
    whole = orjson.dumps(orjson.loads(streamed), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
    assert streamed == whole


def test_export_into_a_pipe_closed_early_is_not_an_error(seeded: Path) -> None:
    cmd = f"{sys.executable} -m curator --db {seeded} export | head -c 20"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("{")
    assert out.stderr == ""


def test_ingesting_again_adds_nothing(seeded: Path) -> None:
    out = curator("ingest", db=seeded)
    assert out.returncode == 0, out.stderr
    assert "0 ingested, 5 unchanged" in out.stdout


def test_a_story_saved_twice_is_kept_and_marked_duplicate(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ROOT / "seeds", archive)
    shutil.copy(archive / "002_32261b4a297eff0a.txt", archive / "zz_copy_of_002.txt")
    out = curator("ingest", str(archive), db=tmp_path / "db")
    assert out.returncode == 0, out.stderr
    data = export_of(tmp_path / "db")
    assert len(data["articles"]) == 6
    dups = [a for a in data["articles"] if a["duplicate_of"]]
    assert [a["source_file"] for a in dups] == ["zz_copy_of_002.txt"]
    original = next(a for a in data["articles"] if a["source_file"] == "002_32261b4a297eff0a.txt")
    assert dups[0]["duplicate_of"] == original["id"] and dups[0]["status"] == "duplicate"


def test_db_option_and_environment_variable(tmp_path: Path) -> None:
    env_db = tmp_path / "envdb"
    out = curator("ingest", str(ROOT / "seeds" / "002_32261b4a297eff0a.txt"), env={"CURATOR_DB": str(env_db)})
    assert out.returncode == 0, out.stderr
    assert (env_db / "commit.json").exists()
    stats = curator("stats", "--json", env={"CURATOR_DB": str(env_db)})
    assert orjson.loads(stats.stdout)["articles"] == 1


def test_bad_input_gets_one_line_and_a_nonzero_exit_only_when_nothing_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    out = curator("ingest", str(folder), db=tmp_path / "db")
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    lines = [l for l in out.stderr.splitlines() if l.strip()]
    assert any("empty.txt" in l for l in lines) and any("image.txt" in l for l in lines)
    shutil.copy(ROOT / "seeds" / "001_ee13dd08ff92c338.txt", folder)
    out = curator("ingest", str(folder), db=tmp_path / "db")
    assert out.returncode == 0, out.stderr


def test_damaged_database_is_reported_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / "curation.json").write_text('{"_meta": {"1": {"kind": "curator.curation", "sch')
    out = curator("stats", db=db)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "curation.json" in out.stderr and "not valid JSON" in out.stderr
    assert (db / "curation.json").read_text() == '{"_meta": {"1": {"kind": "curator.curation", "sch'


def test_match_clusters_names_from_stdin() -> None:
    names = "Cục Viễn thông và Cơ yếu\nCục Viễn thông & Cơ yếu\nCục Viễn thông\nNguyễn Mạnh Hùng\tperson\nNguyễn Mạnh Trung\tperson\n"
    out = curator("match", "--json", stdin=names)
    assert out.returncode == 0, out.stderr
    result = orjson.loads(out.stdout)
    members = [sorted(c["members"]) for c in result["clusters"]]
    assert sorted(["Cục Viễn thông và Cơ yếu", "Cục Viễn thông & Cơ yếu"]) in members
    assert ["Cục Viễn thông"] in members
    assert sum(len(c["members"]) for c in result["clusters"]) == 5


def test_scriptable_curation_round_trip(seeded: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    shutil.copytree(seeded, db)
    for name in (".curator.lock", ".curator.lock.json"):
        (db / name).unlink(missing_ok=True)
    out = curator("merge", "Phạm Hải", "Phạm Hồng Hải", "--name", "Phạm Hồng Hải", db=db)
    assert out.returncode == 0, out.stderr
    assert "saved #1" in out.stdout
    out = curator("reject", "Cục Viễn thông", "Cục H04", db=db)
    assert out.returncode == 0, out.stderr
    hist = curator("history", db=db).stdout
    assert "merge" in hist and "reject" in hist
    assert "undone #2" in curator("undo", db=db).stdout
    data = export_of(db)
    ops = [(h["op"], h.get("undone")) for h in data["history"] if h["by"] == "curator"]
    assert ops == [("merge", False), ("reject", True)]
    person = next(e for e in data["entities"] if e["name"] == "Phạm Hồng Hải")
    assert "Phạm Hải" in person["aliases"]
    out = curator("merge", "Nobody Here", "Phạm Hải", db=db)
    assert out.returncode == 1 and "no entity named" in out.stderr and "Traceback" not in out.stderr


def test_second_writer_is_refused_with_a_clear_message(seeded: Path, tmp_path: Path) -> None:
    code = f"from curator.store import Store\nimport time\ns = Store({str(tmp_path / 'locked')!r}, write=True, command='curator app')\nprint('ready', flush=True)\ntime.sleep(30)\n"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        out = curator("ingest", db=tmp_path / "locked")
        assert out.returncode == 1
        assert f"in use by process {holder.pid}" in out.stderr and "Traceback" not in out.stderr
    finally:
        holder.kill()
        holder.wait()
