"""Ingesting an archive as a user does: bad files reported once each, the rest saved."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from curator.ingest import ingest_paths
from curator.ingest.parse import article_id
from curator.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BAD = Path(__file__).resolve().parent / "data" / "ingest"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "db", write=True) as s:
        yield s


def by_file(store: Store) -> dict[str, list]:
    out: dict[str, list] = {}
    for art in store.articles():
        out.setdefault(art.source_file, []).append(art)
    return out


def record_of(store: Store, source_file: str) -> dict:
    """The one file record shown as ``source_file``."""
    [rec] = [r for r in store.files().values() if r["source_file"] == source_file]
    return rec


def test_seeds_ingest_with_dates_authors_and_file_records(store: Store) -> None:
    report = ingest_paths(store, [SEEDS])
    assert (report.files_seen, report.files_ingested, report.articles_added) == (5, 5, 5)
    assert report.problems == [] and not report.nothing_ingested
    arts = by_file(store)
    assert {n: (a[0].published.value, a[0].author.value) for n, a in arts.items()} == {
        "000_fe690cd7fa25748b.txt": ("2023-07-28", "THVP"),
        "001_ee13dd08ff92c338.txt": ("2016-12-12", "Giang Phạm"),
        "002_32261b4a297eff0a.txt": ("2021-06-25", "Tâm Phạm"),
        "003_cc0263cae94b30f3.txt": ("2021-01-22", "Vân Anh"),
        "004_9a09a93ff963686b.txt": ("2021-11-24", "Minh Hiền"),
    }
    rec = record_of(store, "002_32261b4a297eff0a.txt")
    assert set(rec) >= {"source_key", "source_file", "source_folder", "sha256", "size", "encoding", "article_ids", "ingested_at"}
    assert rec["source_key"] == (SEEDS / "002_32261b4a297eff0a.txt").as_uri() and rec["source_folder"] == str(SEEDS)
    assert rec["article_ids"] == [article_id("seeds/002_32261b4a297eff0a.txt", 0)]  # the same on every machine
    assert store.article_text(rec["article_ids"][0]).startswith("Chiều 25/6")


def test_ingesting_again_adds_nothing_and_a_changed_file_keeps_its_ids(store: Store, seeds_copy: Path) -> None:
    first = ingest_paths(store, [seeds_copy])
    again = ingest_paths(store, [seeds_copy])
    assert (again.files_unchanged, again.files_ingested, again.articles_added) == (5, 0, 0)
    page = seeds_copy / "000_fe690cd7fa25748b.txt"
    page.write_text(page.read_text("utf-8") + "\n\n" + (SEEDS / "002_32261b4a297eff0a.txt").read_text("utf-8"), "utf-8")
    grown = ingest_paths(store, [seeds_copy])
    assert (grown.files_updated, grown.articles_updated, grown.articles_added) == (1, 1, 1)
    rec = record_of(store, "000_fe690cd7fa25748b.txt")
    ids = rec["article_ids"]
    assert ids[0] == article_id(rec["id_base"], 0) == article_id("seeds/000_fe690cd7fa25748b.txt", 0) and len(ids) == 2
    second = store.article(ids[1])
    assert second is not None and second.duplicate_of == record_of(store, "002_32261b4a297eff0a.txt")["article_ids"][0]
    page.write_text((SEEDS / "000_fe690cd7fa25748b.txt").read_text("utf-8").replace("THVP", "Hoàng Nam"), "utf-8")
    shrunk = ingest_paths(store, [seeds_copy])
    assert (shrunk.articles_updated, shrunk.articles_removed) == (1, 1)
    assert store.article(ids[1]) is None
    assert store.article(ids[0]).author.value == "Hoàng Nam"
    assert first.articles_added == 5 and len(store.articles()) == 5


def test_every_bad_file_gets_one_problem_and_the_rest_is_ingested(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "archive with spaces"
    folder.mkdir()
    for bad in BAD.iterdir():
        if bad.is_file():  # (html/ holds the news pages)
            shutil.copy(bad, folder / bad.name)
    (folder / "random.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    (folder / "huge.txt").write_bytes(b"")
    with open(folder / "huge.txt", "wb") as fh:  # 50 MB, sparse: refused by size before reading
        fh.truncate(50 * 1024 * 1024)
    good_names = ["Bài \"trích\" 'dẫn' số 1.txt", "tin tức mới", "ünïcödé name.TXT"]
    for name, seed in zip(good_names, SEED_NAMES):
        shutil.copy(SEEDS / seed, folder / name)
    (folder / ".hidden.txt").write_text("ẩn", "utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    report = ingest_paths(store, [folder, tmp_path / "nowhere.txt"])
    messages = {Path(p.path).name: p.message for p in report.problems}
    assert len(report.problems) == len(messages), report.problems  # one line per file
    assert messages["empty.txt"] == "empty file, skipped"
    assert messages["whitespace_only.txt"] == "no text (only whitespace), skipped"
    assert messages["image_renamed.txt"] == "binary file (looks like PNG image), skipped"
    assert "not text" in messages["random.txt"]
    assert messages["huge.txt"].startswith("file too large (50.0 MB")
    assert "loop" in messages["loop"] and "loop" in messages["self.txt"]
    assert messages["dangling.txt"] == "broken symbolic link, skipped"
    assert messages["nowhere.txt"] == "no such file or folder, skipped"
    assert set(messages) == {"empty.txt", "whitespace_only.txt", "image_renamed.txt", "random.txt", "huge.txt",
                             "loop", "self.txt", "dangling.txt", "nowhere.txt"}
    assert report.files_ingested == 3 and not report.nothing_ingested
    assert sorted(by_file(store)) == sorted(good_names)


def test_only_bad_files_means_nothing_ingested(store: Store) -> None:
    report = ingest_paths(store, sorted(p for p in BAD.iterdir() if p.is_file()))
    assert report.nothing_ingested and len(report.problems) == 3


def test_a_file_argument_is_named_by_its_file_name_and_nested_folders_by_relative_path(store: Store, tmp_path: Path) -> None:
    nested = tmp_path / "arc" / "2021" / "06"
    nested.mkdir(parents=True)
    shutil.copy(SEEDS / SEED_NAMES[2], nested / "p.txt")
    ingest_paths(store, [tmp_path / "arc", SEEDS / SEED_NAMES[1]])
    assert sorted(by_file(store)) == sorted(["2021/06/p.txt", SEED_NAMES[1]])


def test_progress_is_reported_and_cancel_keeps_what_was_saved(store: Store) -> None:
    calls: list[tuple[int, int, str]] = []
    ingest_paths(store, [SEEDS], progress=lambda d, t, p: calls.append((d, t, p)))
    assert calls[0] == (0, 5, SEED_NAMES[0]) and calls[-1] == (5, 5, "")
    done: list[int] = []

    def stop_after_two() -> bool:
        return len(done) >= 2

    with Store(store.root.parent / "db2", write=True) as other:
        report = ingest_paths(other, [SEEDS], progress=lambda d, t, p: done.append(d), cancelled=stop_after_two)
        assert report.cancelled and report.files_ingested == 2
        assert len(other.articles()) == 2


def test_duplicates_are_kept_and_point_at_the_first_copy(store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "dups"
    shutil.copytree(SEEDS, archive)
    text_002 = (SEEDS / "002_32261b4a297eff0a.txt").read_text("utf-8")
    text_001 = (SEEDS / "001_ee13dd08ff92c338.txt").read_text("utf-8")
    shutil.copy(archive / "002_32261b4a297eff0a.txt", archive / "zz_copy_of_002.txt")
    (archive / "zz_page_with_001_below.txt").write_text(
        (SEEDS / "004_9a09a93ff963686b.txt").read_text("utf-8") + "\n\nCác tin khác\n\n" + text_001, "utf-8"
    )
    edited = text_002.replace("Tâm Phạm", "T. Phạm (tổng hợp)").replace("Hội nghị", "Hội nghi").replace("tháng", "thang", 3)
    (archive / "zz_edited_002.txt").write_text(edited, "utf-8")
    report = ingest_paths(store, [archive])
    assert report.duplicates_marked == 4  # the 004 page itself, and the three copies
    arts = {(a.source_file, a.file_index): a for a in store.articles()}
    first_002 = arts[("002_32261b4a297eff0a.txt", 0)].id
    first_001 = arts[("001_ee13dd08ff92c338.txt", 0)].id
    assert arts[("zz_copy_of_002.txt", 0)].duplicate_of == first_002
    assert arts[("zz_edited_002.txt", 0)].duplicate_of == first_002
    assert arts[("zz_page_with_001_below.txt", 1)].duplicate_of == first_001
    assert arts[("zz_page_with_001_below.txt", 0)].duplicate_of == arts[("004_9a09a93ff963686b.txt", 0)].id
    originals = [a for a in arts.values() if a.source_file in SEED_NAMES]
    assert len(originals) == 5 and all(a.duplicate_of is None for a in originals)
    # a later ingest of one more copy points at the stored original too
    shutil.copy(SEEDS / "003_cc0263cae94b30f3.txt", archive / "zzz_003_again.txt")
    later = ingest_paths(store, [archive])
    assert later.duplicates_marked == 1
    again_id = record_of(store, "zzz_003_again.txt")["article_ids"][0]
    assert store.article(again_id).duplicate_of == arts[("003_cc0263cae94b30f3.txt", 0)].id


def _generated_archive(folder: Path, count: int) -> None:
    """~2 KB Vietnamese pages: a title, a dateline, paragraphs of seed words in
    random order (distinct stories, the seeds' vocabulary), a byline."""
    words = [w for n in SEED_NAMES for w in (SEEDS / n).read_text("utf-8").split() if w.isalpha()]
    folder.mkdir()
    for i in range(count):
        rng = random.Random(i)
        paras = [" ".join(rng.choices(words, k=90)).capitalize() + "." for _ in range(4)]
        body = "\n\n".join(paras)
        (folder / f"{i:05d}.txt").write_text(
            f"Tin số {i}: hội nghị về thông tin liên lạc\n\n{i % 28 + 1:02d}/{i % 12 + 1:02d}/2021\n\n{body}\n\nVân Anh\n",
            "utf-8",
        )


@pytest.mark.slow
def test_ten_thousand_small_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    _generated_archive(folder, 10_000)
    with Store(tmp_path / "db", write=True) as store:
        started = time.perf_counter()
        report = ingest_paths(store, [folder])
        elapsed = time.perf_counter() - started
        assert report.files_ingested == 10_000 and report.problems == []
        assert report.articles_added == 10_000
        assert elapsed < 120, elapsed  # a guard against quadratic work; ~35-40 s on the slow 2-core machine
        again = ingest_paths(store, [folder])
        assert again.files_unchanged == 10_000 and again.articles_added == 0
    print(f"\n10,000 files: first ingest {elapsed:.1f} s, again {again.seconds:.1f} s, "
          f"duplicates {report.duplicates_marked}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_archive_does_not_block(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(SEEDS / SEED_NAMES[0], folder)
    report = ingest_paths(store, [folder])
    assert [Path(p.path).name for p in report.problems] == ["pipe.txt"]
    assert report.files_ingested == 1


def test_worker_processes_give_the_same_result_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big batch is prepared in worker processes; ids, duplicates and problem lines do not change."""
    from curator.ingest import prepare

    folder = tmp_path / "mixed"
    _generated_archive(folder, 450)
    for i, name in enumerate(SEED_NAMES):
        shutil.copy(SEEDS / name, folder / f"copy {i}.txt")  # exact duplicates of the seeds
        shutil.copy(SEEDS / name, folder / f"zz copy {i}.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    def run(db: Path) -> tuple[list, list, list]:
        with Store(db, write=True) as st:
            report = ingest_paths(st, [folder])
            index = st.article_index()
            return (
                sorted((Path(p.path).name, p.message) for p in report.problems),
                index["id"],
                index.get("duplicate_of", []),
            )

    parallel = run(tmp_path / "db-pool")
    monkeypatch.setattr(prepare, "POOL_FILES", 10**9)
    serial = run(tmp_path / "db-serial")
    assert parallel == serial
    problems, ids, dups = parallel
    assert {name for name, _ in problems} == {"empty.txt", "image.txt"}
    assert sum(1 for d in dups if d) >= len(SEED_NAMES)


def test_cancel_while_walking_the_folders_stops_before_reading_and_says_it_was_cancelled(store: Store, tmp_path: Path) -> None:
    archive = tmp_path / "arc"
    for year in ("2020", "2021", "2022"):
        (archive / year).mkdir(parents=True)
        for name in SEED_NAMES:
            shutil.copy(SEEDS / name, archive / year / name)
    asked: list[int] = []

    def cancelled() -> bool:  # Ctrl-C while the second folder is being walked
        asked.append(1)
        return len(asked) > 2

    report = ingest_paths(store, [archive], cancelled=cancelled)
    assert report.cancelled and report.files_saved == 0 and store.article_count() == 0
    assert report.files_seen < 15 and len(asked) <= 5
    again = ingest_paths(store, [archive])
    assert again.files_ingested == 15
