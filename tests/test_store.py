"""The store keeps every acknowledged write, refuses a second writer, and never
overwrites a file it cannot read."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from curator.models import Article, Decision
from curator.store import CorruptDatabase, DatabaseLocked, ForeignDatabase, NewerSchema, SaveFailed, Store
from curator.store.commit import committed_path
from curator.store.shards import shard_of

HERE = Path(__file__).resolve().parent


def _decision(seq: int) -> Decision:
    return Decision(seq=seq, op="status", args={"article_id": "a", "status": "reviewed"}, at="2024-01-01T00:00:00Z")


def test_decisions_survive_reopen(db_path: Path) -> None:
    with Store(db_path, write=True) as store:
        for seq in range(1, 4):
            store.append_decision(_decision(seq))
    with Store(db_path) as store:
        assert [d.seq for d in store.history()] == [1, 2, 3]


def test_rebuildable_and_precious_parts_are_separate_files(db_path: Path) -> None:
    with Store(db_path, write=True) as store:
        store.save_articles([Article(id="a1", source_file="f", file_index=0, text="body")], [{"source_file": "f", "sha256": "1"}])
        before = (db_path / "curation.json").read_bytes()
        store.save_articles([Article(id="a2", source_file="g", file_index=0, text="body")], [{"source_file": "g", "sha256": "2"}])
        assert (db_path / "curation.json").read_bytes() == before
        store.append_decision(_decision(1))
    assert b"body" not in (db_path / "curation.json").read_bytes()


def test_second_writer_is_refused_with_the_holders_pid(db_path: Path) -> None:
    with Store(db_path, write=True, command="curator app"):
        code = (
            "import sys\nfrom curator.store import Store, DatabaseLocked\n"
            f"try:\n    Store({str(db_path)!r}, write=True)\nexcept DatabaseLocked as e:\n    print(e); sys.exit(3)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert f"process {os.getpid()}" in proc.stdout
    assert "curator app" in proc.stdout


def test_lock_is_released_when_the_holder_dies(db_path: Path) -> None:
    code = f"from curator.store import Store\nimport time\ns = Store({str(db_path)!r}, write=True)\nprint('ready', flush=True)\ntime.sleep(60)\n"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    with pytest.raises(DatabaseLocked):
        Store(db_path, write=True)
    proc.kill()
    proc.wait()
    with Store(db_path, write=True):
        pass


def test_readers_do_not_need_the_lock(db_path: Path) -> None:
    with Store(db_path, write=True) as writer:
        writer.append_decision(_decision(1))
        with Store(db_path) as reader:
            assert len(reader.history()) == 1


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b'{"_meta": {"1": {"kind": "curator.curation", "schema_version": 1}}, "history": {"1": {"se', "not valid JSON"),
        (b"not json at all", "not valid JSON"),
        (b"[1, 2, 3]", "wrong shape"),
        (b'{"_default": {"1": {"name": "someone else"}}}', "not a curator.curation file"),
    ],
)
def test_damaged_or_foreign_file_is_reported_and_left_untouched(db_path: Path, content: bytes, problem: str) -> None:
    db_path.mkdir()
    target = db_path / "curation.json"
    target.write_bytes(content)
    with pytest.raises(CorruptDatabase) as info:
        Store(db_path, write=True)
    assert "curation.json" in str(info.value)
    assert problem in str(info.value)
    assert target.read_bytes() == content
    assert isinstance(info.value, (CorruptDatabase, ForeignDatabase))


@pytest.mark.parametrize("name, kind", [("curation.json", "curator.curation"), ("index.json", "curator.index")])
def test_newer_schema_is_refused(db_path: Path, name: str, kind: str) -> None:
    from curator.workspace import Workspace

    db_path.mkdir()
    target = db_path / name
    content = orjson.dumps({"_meta": {"1": {"kind": kind, "schema_version": 99}}})
    target.write_bytes(content)
    with pytest.raises(NewerSchema, match="schema version 99"):
        Workspace(db_path)
    assert target.read_bytes() == content


def test_failed_save_keeps_the_last_good_state(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db_path, write=True) as store:
        store.append_decision(_decision(1))
        good = (db_path / "curation.json").read_bytes()

        def no_space(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", no_space)
        with pytest.raises(SaveFailed, match="No space left"):
            store.append_decision(_decision(2))
        monkeypatch.undo()
        assert (db_path / "curation.json").read_bytes() == good
        assert [d.seq for d in store.history()] == [1]  # memory fell back to disk
        assert not [p for p in db_path.iterdir() if p.name.endswith(".tmp")]
        store.append_decision(_decision(2))  # the fault cleared: work continues
        assert [d.seq for d in store.history()] == [1, 2]


def test_backups_keep_the_last_good_states(db_path: Path) -> None:
    for i in range(1, 9):
        with Store(db_path, write=True) as store:
            store.append_decision(_decision(i))
    with Store(db_path) as store:
        backups = store.backups()
    assert 1 <= len(backups) <= 5
    newest = orjson.loads(backups[0].read_bytes())
    assert len(newest["history"]) == 7  # taken when the 8th session opened


def kill_loop(db_path: Path, kills: int, seed: int) -> tuple[int, int]:
    """SIGKILL a writing child at random moments; check every acked write survives."""
    rng = random.Random(seed)
    acked: set[int] = set()
    batches_acked = 0
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "helpers_crash_writer.py"), str(db_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.startswith("ack"), proc.stderr.read() if proc.stderr else first
        acked.add(int(first.split()[1]))
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.splitlines():
            if line.startswith("ack "):
                acked.add(int(line.split()[1]))
            elif line.startswith("batch "):
                batches_acked = max(batches_acked, int(line.split()[1]))
        with Store(db_path) as store:  # must open: nothing half-written
            seqs = {d.seq for d in store.history()}
            files = store.files()
        missing = acked - seqs
        assert not missing, f"acknowledged decisions lost: {sorted(missing)[:10]}"
        for b in range(1, batches_acked + 1):
            assert f"f{b}" in files
    return len(acked), batches_acked


def test_sigkill_at_random_moments_loses_no_acknowledged_write(db_path: Path) -> None:
    decisions, batches = kill_loop(db_path, kills=40, seed=1)
    assert decisions > 40


def test_an_index_without_the_search_column_gets_it_once_and_keeps_it(db_path: Path) -> None:
    from curator.models import ExtractedField

    art = Article(id="a1", source_file="f.txt", file_index=0, text="x", title=ExtractedField("Hoà Bình Đông", "Hoà Bình Đông", 1.0))
    with Store(db_path, write=True) as store:
        store.save_articles([art])
        assert store.article_index()["search"] == ["hoa binh dong  "]
    # An index written before the column existed (older curator):
    index = committed_path(db_path, "index.json")
    data = orjson.loads(index.read_bytes())
    del data["columns"]["1"]["search"]
    index.write_bytes(orjson.dumps(data))
    with Store(db_path) as store:  # read-only: computed, not saved
        assert store.article_index()["search"] == ["hoa binh dong  "]
    assert "search" not in orjson.loads(committed_path(db_path, "index.json").read_bytes())["columns"]["1"]
    with Store(db_path, write=True) as store:  # writable: computed once and saved
        assert store.article_index()["search"] == ["hoa binh dong  "]
    assert orjson.loads(committed_path(db_path, "index.json").read_bytes())["columns"]["1"]["search"] == ["hoa binh dong  "]


def test_written_files_get_the_usual_mode_and_keep_a_chosen_one(tmp_path: Path) -> None:
    from curator.store.storage import atomic_write_bytes

    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "export.json"
    atomic_write_bytes(target, b"{}")
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # readable by others like any new file, not 0600
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"{ }")
    assert target.stat().st_mode & 0o777 == 0o640


def _articles(ids: range, tag: str = "") -> list[Article]:
    from curator.models import ExtractedField

    return [
        Article(id=f"a{i}", source_file=f"f{i}.txt", file_index=0, text=f"bài {i}{tag} Hà Nội",
                title=ExtractedField(f"Tiêu đề {i}{tag}", None, 0.8))
        for i in ids
    ]


def test_saving_in_batches_writes_exactly_what_one_batch_writes(tmp_path: Path) -> None:
    # Ingest saves thousands of articles per batch; later batches extend each text
    # shard as bytes. The files must be the same as writing everything at once.
    one, many = tmp_path / "one", tmp_path / "many"
    with Store(one, write=True) as store:
        store.save_articles(_articles(range(300)))
    with Store(many, write=True) as store:
        for start in range(0, 300, 70):
            store.save_articles(_articles(range(start, min(start + 70, 300))))
        assert store.article("a123").text == "bài 123 Hà Nội"
    for shard in sorted(p.name.split(".")[0] for p in (one / "texts").iterdir()):
        mine, theirs = committed_path(many, f"texts/{shard}.json"), committed_path(one, f"texts/{shard}.json")
        assert mine.read_bytes() == theirs.read_bytes(), shard
    with Store(many) as store:
        assert store.article_count() == 300
        assert store.article("a299").title.value == "Tiêu đề 299"


def test_replacing_or_removing_after_batches_and_outside_changes_are_noticed(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles(_articles(range(100)))
        store.save_articles(_articles(range(100, 150)))
        store.save_articles(_articles(range(40, 60), tag=" (sửa)"), remove_ids=["a7"])  # replace and remove
        store.save_articles(_articles(range(150, 160)))
        assert store.article("a45").text == "bài 45 (sửa) Hà Nội"
        assert store.article("a7") is None
        # A shard changed behind the store's back is read again, not extended blindly.
        shard = committed_path(db, f"texts/{shard_of('a155')}.json")
        data = orjson.loads(shard.read_bytes())
        data["articles"] = {k: d for k, d in data["articles"].items() if d["id"] != "a155"}
        shard.write_bytes(orjson.dumps(data))
        store.save_articles(_articles(range(160, 170)))
        assert store.article("a155") is None and store.article("a165") is not None
    with Store(db) as store:
        texts = dict(store.iter_texts())
        assert len(texts) == 168 and texts["a45"] == "bài 45 (sửa) Hà Nội" and "a7" not in texts


def test_only_the_recently_used_shards_stay_in_memory(tmp_path: Path) -> None:
    from curator.store.shards import OPEN_SHARDS, SHARDS

    db = tmp_path / "db"
    with Store(db, write=True) as store:
        store.save_articles(_articles(range(400)))
    with Store(db) as store:
        store._raw_index = lambda family, shard: None  # type: ignore[method-assign]  # the general way: whole shards
        for i in range(400):  # every shard, some many times
            assert store.article(f"a{i}").text == f"bài {i} Hà Nội"
        kept = [k for k in store._shards if k[0] == "texts"]
        assert len({shard_of(f"a{i}") for i in range(400)}) == SHARDS
        assert len(kept) == OPEN_SHARDS
        assert kept[-1] == ("texts", shard_of("a399"))  # the last one used is kept


def test_an_article_is_read_from_its_shard_without_parsing_the_rest(tmp_path: Path) -> None:
    # Opening an article parses only its own document in the shard's bytes. Text
    # that looks like the start of a document must not confuse it, and a shard
    # laid out differently (pretty-printed by another tool) is still read.
    from curator.models import ExtractedField

    db = tmp_path / "db"
    tricky = 'trích: ,"7":{"id":"a3"} và "1":{"id":"a2"}'
    arts = _articles(range(200))
    arts[5] = Article(id="a5", source_file="f5.txt", file_index=0, text=tricky, title=ExtractedField("T", None, 0.8))
    with Store(db, write=True) as store:
        store.save_articles(arts)
    with Store(db) as store:
        assert store.article("a5").text == tricky
        assert store.article("a3").text == "bài 3 Hà Nội"
        assert store.article("a2").text == "bài 2 Hà Nội"
        assert store.article("a999") is None
    shard = committed_path(db, f"texts/{shard_of('a7')}.json")
    shard.write_bytes(orjson.dumps(orjson.loads(shard.read_bytes()), option=orjson.OPT_INDENT_2))
    with Store(db) as store:
        assert store.article("a7").text == "bài 7 Hà Nội"


def test_documents_are_found_in_a_shard_exactly_where_the_full_pattern_finds_them() -> None:
    from curator.store.byte_layout import _DOC_AT, _doc_marks

    docs = {
        str(i): {"id": f"a{i}", "text": 'ôi {"id":"fake"} "1":{"id":"x"}, \\"', "n": i} for i in range(1, 40)
    }
    docs["40"] = {"id": 'we"ird', "text": ""}  # an id the pattern cannot read: found by neither
    data = orjson.dumps({"_meta": {"1": {"kind": "curator.texts", "schema_version": 1}}, "articles": docs})
    start = data.find(b"}},")
    expected = [(m.start(), m.start(1), m.group(2)) for m in _DOC_AT.finditer(data, start)]
    assert _doc_marks(data, start) == expected
    assert [raw for _, _, raw in expected] == [f"a{i}".encode() for i in range(1, 40)]
