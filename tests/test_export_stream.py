"""The JSON Lines export read straight from the store: the same bytes as the
workspace's, every decision applied, in memory that does not grow with the articles."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import orjson
import pytest

from curator.export_formats import export_jsonl, iter_jsonl
from curator.export_stream import iter_jsonl_stream
from curator.models import Article, ExtractedField, Mention
from curator.resolve.pipeline import entity_counts
from curator.store import Store
from curator.store.resolution import ResolutionData
from curator.workspace import Workspace
from tests.builders import node
from tests.test_cli import ROOT, curator


def _workspace_jsonl(db: Path) -> bytes:
    with Workspace(db, write=False, create=False) as ws:
        return b"".join(iter_jsonl(ws))


def _records(raw: bytes) -> list[dict]:
    return [orjson.loads(line) for line in raw.splitlines()]


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, resolved, with one decision of every kind (one of them undone)."""
    db = tmp_path_factory.mktemp("stream") / "db"
    assert curator("ingest", "--resolve", "seeds", db=db).returncode == 0
    with Workspace(db, write=True, create=False) as ws:
        ents = ws.entities()
        orgs = [e for e in ents if e.type == "organization"]
        people = [e for e in ents if e.type == "person"]
        art_id = next(i for i in ws.article_ids() if len(ws.article(i).mentions) >= 3)
        view = ws.article(art_id)
        first, second, third = view.mentions[:3]
        target = next(e for e in orgs if e.id not in {m.entity_id for m in view.mentions})
        ws.relink_mention(art_id, second.start, second.end, target.id, second.field)
        ws.relink_mention(art_id, third.start, third.end, None, third.field)
        ws.accept_mention(art_id, first.start, first.end, first.field)
        splittable = next(e for e in ents if len(e.aliases) > 1)
        ws.split(splittable.id, sorted(splittable.aliases)[0])
        ws.reject(orgs[-1].id, orgs[-2].id)
    for args in (
        ("edit", art_id, "title", "Tiêu đề đã sửa"),
        ("edit", art_id, "published", "2023-07-29"),  # not its date already (that edit is refused)
        ("edit", art_id, "status", "reviewed"),
        ("merge", people[0].id, people[1].id),
        ("rename", orgs[0].id, "Tên mới"),
        ("edit", art_id, "author", "Bỏ đi"),
        ("undo",),
    ):
        out = curator(*args, db=db)
        assert out.returncode == 0, out.stderr
    return db


def test_streamed_jsonl_is_the_workspace_export_byte_for_byte_with_every_decision(decided: Path, tmp_path: Path) -> None:
    out = curator("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), db=decided)
    assert out.returncode == 0, out.stderr
    streamed = (tmp_path / "x.jsonl").read_bytes()
    assert streamed == _workspace_jsonl(decided)
    # and the decisions are there to see, article by article
    records = _records(streamed)
    history = [r for r in records if r["kind"] == "history" and r["seq"] is not None]
    relink, unlink = (next(r["args"] for r in history if r["op"] == "relink" and bool(r["args"]["to_name"]) == linked) for linked in (True, False))
    article = next(r for r in records if r["kind"] == "article" and r["id"] == relink["article_id"])
    assert (article["title"], article["published"], article["status"]) == ("Tiêu đề đã sửa", "2023-07-29", "reviewed")
    assert article["author"] != "Bỏ đi" and article["extracted"]["title"]["edited"] is True
    by_spot = {(m["start"], m["end"]): m for m in article["mentions"]}
    moved = by_spot[relink["start"], relink["end"]]
    target = next(r for r in records if r["kind"] == "entity" and r["id"] == moved["entity_id"])
    assert target["name"] == relink["to_entity"] and article["id"] in target["article_ids"]
    assert by_spot[unlink["start"], unlink["end"]]["entity_id"] is None
    assert any(m["accepted"] for m in article["mentions"])
    assert records[-1]["kind"] == "end"


def test_streamed_export_imports_back(decided: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    assert curator("export", "--format", "jsonl", "-o", str(path), db=decided).returncode == 0
    out = curator("import", str(path), db=tmp_path / "db2")
    assert out.returncode == 0, out.stderr
    assert curator("export", db=tmp_path / "db2").stdout == curator("export", db=decided).stdout


# -- memory -------------------------------------------------------------------------------
NAMES = [(f"Sở Giáo dục tỉnh số {i}", "organization") for i in range(12)] + [(f"Nguyễn Văn Số {i}", "person") for i in range(12)]


def _archive(root: Path, count: int, older_layout: bool = False) -> Path:
    """``count`` short articles naming the same 24 names, with their resolution
    (``older_layout``: each alias lists its articles, as before the article -> alias table)."""
    with Store(root, write=True) as store:
        arts, mentions = [], {}
        for i in range(count):
            names = [NAMES[i % 24], NAMES[(i * 7 + 3) % 24]]
            text = f"Tin số {i}. " + ". ".join(n for n, _ in names) + "."
            art_id = f"a{i:07d}"
            arts.append(Article(
                id=art_id, source_file=f"f{i % 50}.txt", file_index=i, text=text,
                title=ExtractedField(f"Tin {i}", f"Tin {i}", 0.9), source_folder="/archive",
            ))
            mentions[art_id] = [Mention(text.index(n), text.index(n) + len(n), n, t, n) for n, t in names]
        store.save_articles(arts, [{"source_file": f"f{k}.txt", "sha256": str(k), "ingested_at": "2024-01-01T00:00:00"} for k in range(50)])
        store.save_mentions(mentions)
        order = sorted({node(n, t) for n, t in NAMES})
        position = {n: i for i, n in enumerate(order)}
        ids = sorted(mentions)
        article_nodes = [sorted({position[node(m.name, m.type)] for m in mentions[a]}) for a in ids]
        links = [{"a": order[0], "b": order[1], "outcome": "merge", "score": 100.0, "reasons": ["test"]}]
        forms = {n: {} for n in order}
        for ms in mentions.values():
            for m in ms:
                f = forms[node(m.name, m.type)]
                f[m.name] = f.get(m.name, 0) + 1
        aliases = [{"node": n, "type": n.split(":")[0], "forms": forms[n]} for n in order]
        table = [{"ids": ids[i : i + 2000], "nodes": article_nodes[i : i + 2000]} for i in range(0, len(ids), 2000)]
        if older_layout:
            for alias in aliases:
                alias["articles"] = [a for a, ns in zip(ids, article_nodes) if position[alias["node"]] in ns]
            table = []
        store.save_resolution(ResolutionData.from_tables(
            {"aliases": aliases, "links": links, "article_nodes": table, "runs": [{"at": "2024-01-01T00:00:01"}]}
        ))
        store.save_entity_counts(entity_counts(ids, article_nodes, links, position))
    return root


def test_a_resolution_in_the_older_layout_gives_the_same_entities(tmp_path: Path) -> None:
    db = _archive(tmp_path / "db", 300, older_layout=True)
    streamed = b"".join(_streamed(db))
    assert streamed == b"".join(_through_workspace(db))
    assert sum(len(r["article_ids"]) for r in _records(streamed) if r["kind"] == "entity") == 600


def _peak(db: Path, export) -> int:
    tracemalloc.start()
    try:
        size = 0
        for chunk in export(db):
            size += len(chunk)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _streamed(db: Path):
    with Store(db) as store:
        yield from iter_jsonl_stream(store)


def _through_workspace(db: Path):
    with Workspace(db, write=False, create=False) as ws:
        yield from iter_jsonl(ws)


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("sizes")
    # Both above the resolver's 2,000 articles per saved piece, which is read whole.
    return _archive(base / "small", 2500), _archive(base / "large", 7500)


def test_memory_of_the_streamed_export_does_not_grow_with_the_articles(small_and_large: tuple[Path, Path]) -> None:
    small, large = small_and_large
    assert b"".join(_streamed(large)) == b"".join(_through_workspace(large))
    _peak(small, _streamed)  # imports and caches warmed
    grown = _peak(large, _streamed) - _peak(small, _streamed)
    # Per article only its id and its alias numbers stay, packed (about 40 bytes); through
    # a Workspace each article took about 1,100 bytes more (rows, id maps, entity lists).
    assert grown < 5000 * 150, f"{grown / 5000:.0f} bytes more per article"


def test_the_streamed_export_never_holds_the_list_of_source_files_whole(tmp_path: Path) -> None:
    # 40,000 source files recorded (about 14 MB): read a window at a time, never the file.
    root = tmp_path / "db"
    with Store(root, write=True) as store:
        arts = [
            Article(id=f"a{i:05d}", source_file=f"f{i}.txt", file_index=0, text=f"Tin {i}.", source_folder="/archive",
                    title=ExtractedField(f"Tin {i}", f"Tin {i}", 0.9))
            for i in range(200)
        ]
        files = [
            {"source_file": f"thư mục/{k:06d}/" + "tệp" * 40 + ".txt", "sha256": f"{k:064x}", "ingested_at": f"2024-01-01T00:00:{k % 60:02d}"}
            for k in range(40000)
        ]
        store.save_articles(arts, files)
    size = sum(p.stat().st_size for p in root.glob("files*.json"))
    assert size > 10_000_000
    assert _peak(root, _streamed) < size / 2
    header = orjson.loads(b"".join(_streamed(root)).splitlines()[0])
    assert header["exported_at"] == "2024-01-01T00:00:59"  # the latest ingest, found in the last window too


def test_streamed_export_never_builds_the_article_id_map(small_and_large: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from curator.store.listing import Listing

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a map of every article was built")

    monkeypatch.setattr(Listing, "positions", refused)
    monkeypatch.setattr(Listing, "column", refused)
    monkeypatch.setattr(Workspace, "__init__", refused)
    end = orjson.loads(b"".join(_streamed(small_and_large[0])).splitlines()[-1])
    assert end == {"kind": "end", "articles": 2500, "entities": 23, "history": 1}


# -- interrupted and hostile ---------------------------------------------------------------
def test_an_interrupted_export_leaves_the_old_file_and_no_partial_one(small_and_large: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"the previous export\n")

    def stop(done: int, total: int, what: str) -> None:
        if done >= 500:
            raise KeyboardInterrupt

    with Store(small_and_large[0]) as store, pytest.raises(KeyboardInterrupt):
        export_jsonl(store, str(target), progress=stop)
    assert target.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_export_works_while_another_curator_holds_the_database(small_and_large: tuple[Path, Path], tmp_path: Path) -> None:
    db = small_and_large[0]
    with Store(db, write=True, command="curator resolve"):  # the writer's lock is held
        out = curator("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), db=db)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "x.jsonl").read_bytes() == b"".join(_through_workspace(db))


def test_export_into_the_database_folder_is_refused(small_and_large: tuple[Path, Path]) -> None:
    db = small_and_large[0]
    before = sorted(p.name for p in db.iterdir())
    out = curator("export", "--format", "jsonl", "-o", str(db / "x.jsonl"), db=db)
    assert out.returncode != 0 and "database folder" in out.stderr and "Traceback" not in out.stderr
    assert sorted(p.name for p in db.iterdir()) == before


@pytest.mark.parametrize("damage", ["truncated", "not json", "another kind"])
def test_a_damaged_shard_is_one_line_naming_the_file(small_and_large: tuple[Path, Path], tmp_path: Path, damage: str) -> None:
    import shutil

    db = tmp_path / "db"
    shutil.copytree(small_and_large[0], db)
    shard = sorted((db / "texts").glob("*.json"))[3]
    raw = shard.read_bytes()
    shard.write_bytes(
        {"truncated": raw[: len(raw) // 2], "not json": raw.replace(b'"text":"', b'"text":', 1),
         "another kind": raw.replace(b"curator.texts", b"curator.mentions", 1)}[damage]
    )
    out = curator("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), db=db)
    assert out.returncode != 0
    assert shard.name in out.stderr and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.jsonl").exists()


def test_csv_tables_from_the_store_are_the_workspace_tables_byte_for_byte(decided: Path, tmp_path: Path) -> None:
    from curator.export_formats import export_as

    with Workspace(decided, write=False, create=False) as ws:
        export_as(ws, "csv", str(tmp_path / "ws.zip"))
        export_as(ws, "csv", str(tmp_path / "ws_aliases.csv"), aliases_only=True)
    for args, name in ((("--format", "csv"), "st.zip"), (("--aliases",), "st_aliases.csv")):
        out = curator("export", *args, "-o", str(tmp_path / name), db=decided)
        assert out.returncode == 0, out.stderr
    assert (tmp_path / "st.zip").read_bytes() == (tmp_path / "ws.zip").read_bytes()
    assert (tmp_path / "st_aliases.csv").read_bytes() == (tmp_path / "ws_aliases.csv").read_bytes()


def test_parquet_tables_from_the_store_are_the_workspace_tables_byte_for_byte(decided: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional extra curator[parquet]")
    from curator.export_formats import export_as

    with Workspace(decided, write=False, create=False) as ws:
        export_as(ws, "parquet", str(tmp_path / "ws_tables"))
    out = curator("export", "--format", "parquet", "-o", str(tmp_path / "st_tables"), db=decided)
    assert out.returncode == 0, out.stderr
    for table in ("articles", "entities", "aliases", "mentions"):
        name = f"{table}.parquet"
        assert (tmp_path / "st_tables" / name).read_bytes() == (tmp_path / "ws_tables" / name).read_bytes(), name


def test_streamed_jsonl_names_the_original_of_every_duplicate_as_the_workspace_does(tmp_path: Path) -> None:
    """A copy the ingest found keeps its original in the streamed export, and an
    original the curator chose wins over it (the streamed export once wrote null)."""
    archive = tmp_path / "in"
    archive.mkdir()
    seeds = sorted((ROOT / "seeds").iterdir())
    for f in seeds:
        (archive / f.name).write_bytes(f.read_bytes())
    (archive / f"copy_{seeds[0].name}").write_bytes(seeds[0].read_bytes())
    (archive / f"again_{seeds[1].name}").write_bytes(seeds[1].read_bytes())
    db = tmp_path / "db"
    assert curator("ingest", "--resolve", str(archive), db=db).returncode == 0
    with Workspace(db, write=True, create=False) as ws:
        copies = [r for r in ws.article_rows() if r.duplicate_of]
        assert len(copies) == 2
        others = [r.id for r in ws.article_rows() if r.id not in {copies[1].id, copies[1].duplicate_of}]
        ws.set_status(copies[1].id, "duplicate", duplicate_of=others[0])
        chosen = (copies[1].id, others[0])
    out = curator("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), db=db)
    assert out.returncode == 0, out.stderr
    streamed = (tmp_path / "x.jsonl").read_bytes()
    assert streamed == _workspace_jsonl(db)
    originals = {r["id"]: r["duplicate_of"] for r in _records(streamed) if r["kind"] == "article"}
    assert originals[copies[0].id] == copies[0].duplicate_of
    assert originals[chosen[0]] == chosen[1]
