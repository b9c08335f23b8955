"""One commit point: what a reader sees is always one whole saved state.

A batch of ingest and a resolve become visible when ``commit.json`` names their
files; files it does not name are ignored, and removed by the next writer. The
kill-at-every-write loops are in ``test_faults.py``; here are the readers running
beside a writer, databases from before commit records, stale mentions and
hostile commit records.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from curator.models import Article
from curator.store import CorruptDatabase, DatabaseChanged, Store
from curator.store.commit import COMMIT_FILE, committed_path, read_commit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = next((ROOT / "seeds").glob("000_*.txt"))


def curator(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )


def export(db: Path) -> dict:
    out = curator("export", db=db)
    assert out.returncode == 0, out.stderr
    return orjson.loads(out.stdout)


def spans_that_miss(data: dict) -> list[tuple[str, int, int, str]]:
    """Mentions whose offsets do not slice to their text (in the text, or in the title as ingested)."""
    return [
        (a["id"], m["start"], m["end"], m["text"])
        for a in data["articles"]
        for m in a["mentions"]
        if (a["extracted"]["title"]["value"] or "" if m["field"] == "title" else a["text"])[m["start"] : m["end"]] != m["text"]
    ]


# -- item 7: stale mention offsets ------------------------------------------------------
def test_an_article_changed_and_ingested_again_without_resolve_never_exports_a_span_off_its_text(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED, archive / "bai.txt")
    db = tmp_path / "db"
    assert curator("ingest", "--resolve", str(archive), db=db).returncode == 0
    first = export(db)
    assert first["articles"][0]["mentions"] and not spans_that_miss(first)
    text = (archive / "bai.txt").read_text("utf-8")
    assert "Sáng ngày 28/7/2023," in text
    # Words added near the top: every later mention moves right.
    (archive / "bai.txt").write_text(text.replace("Sáng ngày 28/7/2023,", "Sáng ngày 28/7/2023 (giờ Hà Nội, tin phóng viên),"), "utf-8")
    out = curator("ingest", str(archive), db=db)
    assert out.returncode == 0 and "1 updated" in out.stdout, out.stdout + out.stderr
    assert "run 'curator resolve' to find the names" in out.stdout  # the user is told why names are gone
    changed = export(db)
    assert not spans_that_miss(changed)
    assert changed["articles"][0]["mentions"] == []  # withheld until resolution runs again
    from curator.workspace import Workspace

    with Workspace(db, write=False) as ws:  # what the app's article screen highlights
        view = ws.article(changed["articles"][0]["id"])
        assert all(view.article.text[m.start : m.end] == m.text for m in view.mentions)
    assert curator("resolve", db=db).returncode == 0
    again = export(db)
    assert again["articles"][0]["mentions"] and not spans_that_miss(again)


def test_an_article_ingested_again_with_the_same_text_keeps_its_mentions(tmp_path: Path) -> None:
    db = tmp_path / "db"
    art = Article(id="a1", source_file="f.txt", file_index=0, text="Bộ Công an họp.")
    from curator.models import Mention

    with Store(db, write=True) as store:
        store.save_articles([art])
        store.save_mentions({"a1": [Mention(0, 10, "Bộ Công an", "organization", "Bộ Công an")]})
        store.save_articles([art])  # same text: the offsets still hold
        assert [m.text for m in store.mentions("a1")] == ["Bộ Công an"]
        store.save_articles([Article(id="a1", source_file="f.txt", file_index=0, text="Hôm nay Bộ Công an họp.")])
        assert store.mentions("a1") == []
    with Store(db) as store:
        assert store.mentions("a1") == []


# -- item 8: a reader beside a writer --------------------------------------------------------
def _archive(folder: Path, files: int) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    folder.mkdir(parents=True)
    for i in range(files):
        text = seeds[i % len(seeds)].read_text("utf-8")
        (folder / f"f{i:03d}.txt").write_text(text.replace("\n", f" Bản {i}.\n", 1), "utf-8")
    return folder


def _state(data: dict) -> dict:
    return {
        "articles": data["articles"],
        "entities": data["entities"],
        "history": [{k: v for k, v in h.items() if k != "at"} for h in data["history"]],
    }


def test_export_while_resolve_runs_gives_the_old_or_the_new_state_never_a_mix(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive", 40)
    db = tmp_path / "runs" / "0"
    assert curator("ingest", str(archive), db=db).returncode == 0
    before = _state(export(db))
    # A real resolve in another process, pausing after each file it writes, so that
    # the exports below surely read while its files change.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writer = subprocess.Popen(
        [sys.executable, str(HERE / "helpers_commit_child.py"), "SLOW", "-", str(tmp_path / "runs"), "2", "resolve"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    seen = []
    try:
        while writer.poll() is None:
            out = curator("export", db=db)
            assert out.returncode == 0, out.stderr
            seen.append(_state(orjson.loads(out.stdout)))
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    after = _state(export(db))
    assert after != before
    for i, state in enumerate(seen):
        assert state in (before, after), f"export {i} of {len(seen)} mixes the states before and after resolve"
    assert before in seen  # at least one export ran while the resolve was writing


def test_a_reader_whose_files_a_writer_removed_says_to_run_again(tmp_path: Path) -> None:
    db = tmp_path / "db"
    arts = [Article(id=f"a{i}", source_file=f"f{i}", file_index=0, text=f"bài {i}") for i in range(200)]
    with Store(db, write=True) as store:
        store.save_articles(arts[:100])
    reader = Store(db)  # has read the commit record, not yet the shards
    with Store(db, write=True) as store:
        store.save_articles([Article(id="a1", source_file="f1", file_index=0, text="sửa")])
        store.save_articles(arts[100:])  # the reader's versions are retired, then removed
    with pytest.raises(DatabaseChanged, match="changed while reading.*run the command again"):
        list(reader.iter_texts())
    reader.close()
    with Store(db) as fresh:
        assert len(dict(fresh.iter_texts())) == 200


# -- files no commit names ------------------------------------------------------------------
def test_files_no_commit_names_are_ignored_by_readers_and_removed_by_the_next_writer(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles([Article(id="a1", source_file="f1", file_index=0, text="bài một")], [{"source_file": "f1", "sha256": "1", "article_ids": ["a1"]}])
    gen = read_commit(db).generation  # type: ignore[union-attr]
    # What a writer killed before its commit leaves: new versions and a temporary file.
    stray_index = db / f"index.g{gen + 1:06d}.json"
    stray_index.write_bytes(b'{"_meta":{"1":{"kind":"curator.index","schema_version":1}},"columns":{"1":{"id":["zz"]}}}')
    stray_tmp = db / "texts" / f".3f.g{gen + 1:06d}.json.x1y2.tmp"
    stray_tmp.write_bytes(b"torn")
    with Store(db) as reader:
        assert reader.article_index()["id"] == ["a1"]
    assert stray_index.exists() and stray_tmp.exists()  # a reader never deletes
    with Store(db, write=True) as writer:
        assert writer.article_index()["id"] == ["a1"]
    assert not stray_index.exists() and not stray_tmp.exists()
    assert (db / "curation.json").exists() and (db / COMMIT_FILE).exists()


# -- databases written before commit records -------------------------------------------------
def _to_previous_layout(db: Path) -> None:
    """Make ``db`` look as the previous curator wrote it: every part at its plain name,
    no commit record."""
    record = read_commit(db)
    if record is None:
        return  # already so
    for logical, physical in record.files.items():
        if logical != physical:
            os.replace(db / physical, db / logical)
    (db / COMMIT_FILE).unlink()
    for path in list(db.rglob("*.g0*.json")):
        path.unlink()  # retired versions


def test_a_database_from_the_previous_version_keeps_every_article_mention_and_decision(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive", 6)
    db = tmp_path / "db"
    assert curator("ingest", "--resolve", str(archive), db=db).returncode == 0
    first = export(db)["articles"][0]
    assert curator("edit", first["id"], "title", "Tiêu đề đã sửa", db=db).returncode == 0
    expected = _state(export(db))
    _to_previous_layout(db)
    assert _state(export(db)) == expected  # read as it is, nothing written
    assert not (db / COMMIT_FILE).exists()
    out = curator("ingest", str(archive), db=db)  # the first writable open records it
    assert out.returncode == 0, out.stderr
    assert "6 unchanged" in out.stdout
    assert (db / COMMIT_FILE).exists()
    assert _state(export(db)) == expected


def test_a_batch_the_previous_version_lost_to_an_interruption_comes_back_at_the_next_ingest(tmp_path: Path) -> None:
    # The case: files.json names a file whose articles never reached the index.
    # A file is its location: the first ingest sees the folder with one file, the
    # second the same folder with all four.
    full = _archive(tmp_path / "full", 4)
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(full / "f000.txt", archive / "f000.txt")
    db = tmp_path / "db"
    assert curator("ingest", str(archive), db=db).returncode == 0
    index_one_file = committed_path(db, "index.json").read_bytes()
    for path in sorted(full.iterdir()):
        shutil.copy(path, archive / path.name)
    assert curator("ingest", str(archive), db=db).returncode == 0
    _to_previous_layout(db)
    (db / "index.json").write_bytes(index_one_file)  # killed between files.json and index.json
    out = curator("ingest", str(archive), db=db)
    assert out.returncode == 0, out.stderr
    assert "3 ingested" in out.stdout, out.stdout
    data = export(db)
    assert len(data["articles"]) == 4
    stats = curator("stats", "--json", db=db)
    assert orjson.loads(stats.stdout)["articles"] == 4


# -- hostile commit records -------------------------------------------------------------------
@pytest.mark.parametrize(
    "record",
    [
        b"",
        b'{"kind":"curator.commit","format":1,"generation":3,"files":{"index.json":"../../etc/passwd"}}',
        b'{"kind":"curator.commit","format":1,"generation":3,"files":{"/etc/passwd":"/etc/passwd"}}',
        b'{"kind":"curator.commit","format":1,"generation":"3","files":{}}',
        b'{"kind":"curator.commit","format":9,"generation":3,"files":{}}',
        b"[1, 2]",
    ],
    ids=["empty", "outside path", "absolute name", "wrong type", "newer format", "wrong shape"],
)
def test_a_damaged_or_hostile_commit_record_is_named_and_nothing_is_touched(tmp_path: Path, record: bytes) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles([Article(id="a1", source_file="f1", file_index=0, text="bài")])
    (db / COMMIT_FILE).write_bytes(record)
    before = {p: p.read_bytes() for p in db.rglob("*") if p.is_file() and "lock" not in p.name}
    for args in (("stats",), ("export",), ("ingest", str(SEED))):
        out = curator(*args, db=db)
        assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
        assert "commit.json" in out.stderr and out.stderr.count("\n") == 1, out.stderr
    after = {p: p.read_bytes() for p in db.rglob("*") if p.is_file() and "lock" not in p.name}
    assert after == before
    with pytest.raises((CorruptDatabase, Exception)):
        Store(db)


def test_a_lost_commit_record_is_reported_not_guessed(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles([Article(id="a1", source_file="f1", file_index=0, text="bài")])
    (db / COMMIT_FILE).unlink()
    with pytest.raises(CorruptDatabase, match="commit.json: is missing"):
        Store(db, write=True)
    assert list(db.glob("index.g*.json"))  # nothing removed


def test_many_batches_keep_at_most_one_retired_version_of_each_file(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        for batch in range(6):
            store.save_articles([Article(id=f"a{batch}-{i}", source_file=f"f{batch}", file_index=i, text="x" * 100) for i in range(64)])
            on_disk = len(list((db / "texts").glob("*.json")))
            assert on_disk <= 2 * 64, on_disk
        time.sleep(0)
    with Store(db, write=True):
        pass
    assert len(list((db / "texts").glob("*.json"))) == len(read_commit(db).shards("texts"))  # type: ignore[union-attr]


def test_a_commit_that_fails_on_a_full_disk_leaves_the_last_state_and_the_next_save_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curator.store import SaveFailed

    db = tmp_path / "db"
    arts = [Article(id=f"a{i}", source_file=f"f{i}", file_index=0, text=f"bài {i}") for i in range(40)]
    with Store(db, write=True) as store:
        store.save_articles(arts[:20], [{"source_file": f"f{i}", "sha256": str(i), "article_ids": [f"a{i}"]} for i in range(20)])
        real = os.replace

        def full_at_commit(src: str, dst: str) -> None:
            if str(dst).endswith(COMMIT_FILE):
                raise OSError(28, "No space left on device")
            real(src, dst)

        monkeypatch.setattr(os, "replace", full_at_commit)
        with pytest.raises(SaveFailed, match="commit.json: No space left"):
            store.save_articles(arts[20:], [{"source_file": f"f{i}", "sha256": str(i), "article_ids": [f"a{i}"]} for i in range(20, 40)])
        assert store.article_count() == 20 and len(store.files()) == 20 and store.article("a30") is None
        monkeypatch.setattr(os, "replace", real)
        with Store(db) as reader:
            assert len(reader.article_index()["id"]) == 20
        store.save_articles(arts[20:])
        assert store.article_count() == 40
    named = set(read_commit(db).files.values())  # type: ignore[union-attr]
    stray = [p for p in (db / "texts").iterdir() if f"texts/{p.name}" not in named]
    assert len(stray) <= 64  # only the versions the last commit retired


def test_an_older_index_without_search_or_listing_token_is_recorded_and_upgraded_in_one_open(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles([Article(id=f"a{i}", source_file=f"f{i}", file_index=0, text=f"bài {i}") for i in range(5)])
    _to_previous_layout(db)
    data = orjson.loads((db / "index.json").read_bytes())
    del data["columns"]["1"]["search"]
    del data["_meta"]["1"]["listing"]
    (db / "index.json").write_bytes(orjson.dumps(data))
    (db / "index.listing.npz").unlink()
    with Store(db, write=True) as store:
        assert len(store.article_listing()) == 5
    with Store(db) as store:
        assert store.article_index()["id"] == [f"a{i}" for i in range(5)]
        assert len(store.article_index()["search"]) == 5
        assert len(dict(store.iter_texts())) == 5
