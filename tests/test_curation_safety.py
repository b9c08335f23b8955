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
ARTICLE = "a7214aa212561"  # seeds/000_*.txt, ingested from a folder named seeds (ids are the same on every machine)


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


# -- damaged records (wrong types inside valid JSON) --------------------------------
BAD_VALUES = {
    "args 42": ("args", 42),
    "seq 10**30": ("seq", 10**30),
    "at 5": ("at", 5),
    "mention start 10**20": ("args.start", 10**20),
}


def two_decisions(db: Path) -> None:
    """An edit, then an unlink of one of the article's mentions (a decision with offsets)."""
    ok(db, "edit", ARTICLE, "title", "Tiêu đề đã sửa")
    from curator.workspace import Workspace

    with Workspace(db) as ws:
        mention = next(m for m in ws.article(ARTICLE).mentions if m.field == "text")  # offsets into the body
        ws.relink_mention(ARTICLE, mention.start, mention.end, None)


def damage(db: Path, which: str) -> bytes:
    """Put a wrong value into the second record of curation.json (still valid JSON)."""
    field, value = BAD_VALUES[which]
    path = db / "curation.json"
    text = path.read_text("utf-8")
    data = orjson.loads(text)
    record = data["history"]["2"]
    if field == "args.start":
        record["args"]["start"] = "@@BIG@@"
    else:
        record[field] = "@@BIG@@"
    # orjson cannot write integers beyond 64 bits: spliced in as JSON text.
    raw = orjson.dumps(data).replace(b'"@@BIG@@"', str(value).encode())
    path.write_bytes(raw)
    return raw


def backups_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (db / "backups").glob("*")}


@pytest.mark.parametrize("which", list(BAD_VALUES))
@pytest.mark.parametrize("command", ["stats", "export", "history", "undo", "resolve"])
def test_a_record_with_a_wrong_value_is_named_and_every_command_stops_leaving_the_file_as_it_was(
    db: Path, command: str, which: str
) -> None:
    two_decisions(db)
    raw = damage(db, which)
    before = backups_of(db)
    out = curator(db, command)
    field = BAD_VALUES[which][0]
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"curator: error: {db / 'curation.json'}: record 2: {field}: "), lines[0]
    assert (db / "curation.json").read_bytes() == raw
    assert backups_of(db) == before  # the damaged file was not backed up


def exported_with(db: Path, tmp_path: Path, which: str) -> tuple[Path, bytes, int]:
    """An export of ``db`` with the wrong value in its last history entry (a decision),
    and that entry's number (from 1)."""
    field, value = BAD_VALUES[which]
    data = orjson.loads(ok(db, "export"))
    record = [h for h in data["history"] if h["by"] == "curator"][-1]
    if field == "args.start":
        record["args"]["start"] = "@@BIG@@"
    else:
        record[field] = "@@BIG@@"
    raw = orjson.dumps(data).replace(b'"@@BIG@@"', str(value).encode())
    path = tmp_path / "export.json"
    path.write_bytes(raw)
    assert data["history"][-1] is record
    return path, raw, len(data["history"])


@pytest.mark.parametrize("which", list(BAD_VALUES))
@pytest.mark.parametrize("command", ["import", "apply"])
def test_an_export_with_a_bad_decision_is_refused_by_import_and_apply_naming_the_record(
    db: Path, tmp_path: Path, command: str, which: str
) -> None:
    two_decisions(db)
    path, raw, number = exported_with(db, tmp_path, which)
    target = tmp_path / "other"
    shutil.copytree(db, target)
    before = (target / "curation.json").read_bytes()
    out = curator(target, command, str(path), *(["--replace"] if command == "import" else []))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"curator: error: {path}: record {number}: {BAD_VALUES[which][0]}: "), lines[0]
    assert (target / "curation.json").read_bytes() == before
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    "args",
    [
        {"article_id": "no-such-article", "start": 1, "end": 5},
        {"article_id": ARTICLE, "start": 50, "end": 10},
        {"article_id": ARTICLE, "start": 900_000, "end": 900_005},
    ],
    ids=["an article that does not exist", "start after end", "start beyond the text"],
)
@pytest.mark.parametrize("op", ["relink", "accept_mention"])
def test_decisions_the_schema_cannot_fault_do_not_crash_export(db: Path, op: str, args: dict) -> None:
    path = db / "curation.json"
    data = orjson.loads(path.read_bytes())
    record = {"seq": 1, "op": op, "at": "2026-01-01T00:00:00Z", "by": "curator", "reasons": [], "undone": False,
              "args": {**args, "text": "x", "type": "organization", "to_name": "Bộ Công an", "to_type": "organization"}}
    data["history"] = {"1": record}
    path.write_bytes(orjson.dumps(data))
    for command in ("export", "stats", "history", "undo", "redo", "resolve"):
        out = curator(db, command)
        assert out.returncode == 0 and "Traceback" not in out.stderr, (command, out.stderr)


# -- restore ------------------------------------------------------------------------
def test_restore_on_a_sound_database_refuses_and_changes_nothing(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    before = (db / "curation.json").read_bytes()
    out = curator(db, "restore")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == f"curator: error: {db / 'curation.json'}: the file is sound (2 decisions); nothing to restore. The file was left untouched."
    assert (db / "curation.json").read_bytes() == before
    assert not list(db.glob("curation.json.damaged-*"))
    assert [d["seq"] for d in orjson.loads(ok(db, "history", "--json"))] == [1, 2]


def test_writers_never_back_up_a_damaged_file_so_restore_brings_back_the_last_sound_one(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    path = db / "curation.json"
    data = orjson.loads(path.read_bytes())
    data["history"]["3"] = {**data["history"]["2"], "seq": 3, "args": 42}  # a third decision, damaged
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    for command in (("undo",), ("redo",), ("resolve",), ("edit", ARTICLE, "outlet", "O3"), ("edit", ARTICLE, "title", "T4")):
        assert curator(db, *command).returncode == 1
    out = curator(db, "restore")
    assert out.returncode == 0, out.stderr
    assert "(taken 20" in out.stdout and ", 2 decisions): it lacks 1 of the 3 decisions the damaged file shows" in out.stdout
    assert [d["args"]["value"] for d in orjson.loads(ok(db, "history", "--json"))] == ["T1", "A2"]
    (aside,) = db.glob("curation.json.damaged-*")
    assert aside.read_bytes() == raw
    assert curator(db, "restore").returncode == 1  # now sound: a second restore changes nothing


def test_restore_skips_a_damaged_backup_an_older_curator_left_behind(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    raw = damage(db, "at 5")
    (db / "backups" / "curation-29991231-235959-1.json").write_bytes(raw)  # the newest name of all
    out = curator(db, "restore")
    assert out.returncode == 0, out.stderr
    assert "curation-29991231" not in out.stdout
    assert [d["args"]["value"] for d in orjson.loads(ok(db, "history", "--json"))] == ["T1", "A2"]


def test_restore_of_a_torn_file_says_what_it_lacks_cannot_be_counted(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    path = db / "curation.json"
    path.write_bytes(path.read_bytes()[:-40])
    out = curator(db, "restore")
    assert out.returncode == 0, out.stderr
    assert "cannot be counted" in out.stdout


def test_a_long_session_is_backed_up_after_decisions_not_only_when_it_began(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator import workspace
    from curator.store.backups import backups
    from curator.workspace import curation_log

    monkeypatch.setattr(curation_log, "BACKUP_EVERY", 0.0)  # as if each decision came minutes after the last
    with workspace.Workspace(db) as ws:  # one session, as in the app
        for value in ("A1", "A2", "A3"):
            ws.edit_field(ARTICLE, "author", value)
        # Backed up already, before the session ends (a crash would take no backup at close).
        assert b'"A3"' in backups(db)[0].read_bytes()
    (db / "curation.json").write_bytes(b'{"_meta": {"1": {"kind": "curator.curation", "sch')
    out = curator(db, "restore")
    assert out.returncode == 0, out.stderr
    assert [d["args"]["value"] for d in orjson.loads(ok(db, "history", "--json"))] == ["A1", "A2", "A3"]


@pytest.mark.parametrize(
    "mutation, expected",
    [
        (lambda h: h["2"].update(seq=1), "record 2: seq: 1 is the seq of record 1 too"),
        (lambda h: h["2"]["args"].pop("field"), "record 2: args.field: missing"),
        (lambda h: h["2"].pop("op"), "record 2: op: missing"),
        (lambda h: h.update({"x": h.pop("2")}), "record 'x': the record's key is not a number"),
        (lambda h: h["2"]["args"].update(field="published", value="hôm qua"), "record 2: args.value: 'hôm qua' does not match"),
    ],
    ids=["a repeated seq", "a missing field", "a missing operation", "a key that is not a number", "a date that is not one"],
)
def test_records_missing_a_field_repeating_a_seq_or_badly_keyed_are_named_too(db: Path, mutation, expected: str) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    path = db / "curation.json"
    data = orjson.loads(path.read_bytes())
    mutation(data["history"])
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    out = curator(db, "history")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"curator: error: {path}: {expected}"), out.stderr
    assert path.read_bytes() == raw


def test_restore_killed_at_any_moment_loses_neither_the_damaged_file_nor_a_backup(db: Path) -> None:
    import random
    import signal
    import time

    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    good = {p.name: p.read_bytes() for p in (db / "backups").glob("*")}
    raw = damage(db, "args 42")
    rng = random.Random(15)
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-m", "curator", "--db", str(db), "restore"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        current = (db / "curation.json").read_bytes()
        copies = [p.read_bytes() for p in db.glob("curation.json.damaged-*")]
        assert current == raw or raw in copies  # the damaged file is somewhere, whole
        assert {p.name: p.read_bytes() for p in (db / "backups").glob("*")} == good
        if current != raw:
            break  # restored before the kill
    if (db / "curation.json").read_bytes() == raw:
        ok(db, "restore")
    assert [d["args"]["value"] for d in orjson.loads(ok(db, "history", "--json"))] == ["T1", "A2"]


def test_a_session_that_ends_normally_is_backed_up_whole(db: Path) -> None:
    from curator.workspace import Workspace

    with Workspace(db) as ws:  # one session, as in the app: minutes of work, then quit
        for value in ("A1", "A2", "A3"):
            ws.edit_field(ARTICLE, "author", value)
    (db / "curation.json").write_bytes(b"\x00" * 64)  # damaged later, by anything
    out = curator(db, "restore")
    assert out.returncode == 0, out.stderr
    assert [d["args"]["value"] for d in orjson.loads(ok(db, "history", "--json"))] == ["A1", "A2", "A3"]


def test_a_deleted_curation_file_is_reported_never_made_anew_and_restore_brings_it_back(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    backups_before = {p.name: p.read_bytes() for p in (db / "backups").iterdir()}
    (db / "curation.json").unlink()
    for command in (("stats",), ("history",), ("export",), ("edit", ARTICLE, "outlet", "O3"), ("resolve",)):
        out = curator(db, *command)
        assert out.returncode == 1 and "Traceback" not in out.stderr, (command, out.stderr)
        assert "curation.json" in out.stderr and "is missing" in out.stderr and "curator restore" in out.stderr
        assert not (db / "curation.json").exists(), command  # never made anew, empty
    assert {p.name: p.read_bytes() for p in (db / "backups").iterdir()} == backups_before
    assert "2 decisions" in ok(db, "restore")
    assert [line.split()[0] for line in ok(db, "history").splitlines() if line.startswith("#")] == ["#1", "#2"]


def test_with_no_backup_only_restore_empty_goes_on_without_the_decisions(db: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    (db / "curation.json").write_text('{"_meta": {"1": {"kind": "curator.curation", "schema_version": 1}}, "history": {"1": {"seq": "x"}}}')
    shutil.rmtree(db / "backups")
    out = curator(db, "restore")
    assert out.returncode == 1 and "restore --empty" in out.stderr
    assert "started" in ok(db, "restore", "--empty")
    assert list(db.glob("curation.json.damaged-*"))
    assert "decisions:        0" in ok(db, "stats")


def test_a_missing_archive_file_is_not_sent_to_restore(db: Path) -> None:
    shard = next((db / "texts").glob("*.json"))
    shard.unlink()
    out = curator(db, "export")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert shard.name in out.stderr and "curator restore" not in out.stderr and "copy curation.json" in out.stderr


def test_an_edit_says_the_new_value_even_after_a_long_old_one_and_an_empty_field_says_so(db: Path) -> None:
    said = ok(db, "edit", ARTICLE, "title", "T1")  # the seed's title is 160 characters long
    assert "-> 'T1'" in said, said
    cleared = ok(db, "edit", ARTICLE, "outlet", "Báo Mới")
    assert "(empty) -> 'Báo Mới'" in cleared and "None" not in cleared, cleared


def test_after_an_unwanted_import_replace_a_named_backup_brings_the_decisions_back(db: Path, tmp_path: Path) -> None:
    ok(db, "edit", ARTICLE, "title", "T1")
    ok(db, "edit", ARTICLE, "author", "A2")
    clean = tmp_path / "clean"
    ok(clean, "ingest", str(ROOT / "seeds"))
    exported = tmp_path / "clean.json"
    ok(clean, "export", "-o", str(exported))
    ok(db, "import", str(exported), "--replace")  # the decisions are gone from curation.json
    assert "decisions:        0" in ok(db, "stats")
    assert curator(db, "restore").returncode == 1  # the file is sound: the plain restore refuses
    listed = ok(db, "restore", "--list").splitlines()
    name = next(line.split()[0] for line in listed if line.endswith(" 2 decisions"))
    said = ok(db, "restore", "--backup", name)
    assert "2 decisions" in said and "kept as curation.json.replaced-" in said
    assert "decisions:        2" in ok(db, "stats")
    out = curator(db, "restore", "--backup", "../../etc/passwd")
    assert out.returncode == 1 and "is not one of this database's backups" in out.stderr
