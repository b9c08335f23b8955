"""Files -> articles -> store: walk, decode, parse, mark duplicates, save in batches.

Which files are read, and what makes a file the same file again, is
``sources.py``. Each file's record (``files.json``) is keyed by its
``source_key`` (its real location). A file whose bytes (SHA-256) are unchanged
since the last ingest is skipped; a changed file's articles are replaced under
the same ids (id = the record's ``id_base`` + position; the records of a JSON
Lines or CSV file keep the id of the story they hold wherever it moved, see
``record_identity.follow_records``), and ids that disappeared are removed. Files missing from the archive are left in the
database: ingest only adds and updates.

Records written before locations were kept are keyed by ``source_file`` alone,
and their ids were made from it. Such a record is taken over by the first file
of this run with that ``source_file`` and the same bytes: the record gains the
file's location and keeps its ids (``id_base``), so decisions on its articles
hold. Changed bytes cannot tell the same file edited from another file of the
same name elsewhere, so such a file is ingested as a new file and the earlier
articles are kept (never replaced by a stranger's text).

Interrupting: ``cancelled()`` is asked before each file; when it turns true the
batch read so far is saved and the walk stops. The worker processes ignore
SIGINT: Ctrl-C belongs to the process that saves (see the ``ingest`` command).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from curator.ingest.decode import Decoded
from curator.ingest.duplicates import DuplicateIndex
from curator.ingest.prepare import prepare_file, prepare_files
from curator.ingest.record_identity import StoredRecord, follow_records, next_free_index, record_digest, record_key
from curator.ingest.sources import FileProblem, SourceFile, collect_files, display
from curator.models import Article
from curator.store.database import Store

BATCH_FILES = 5000  # each save rewrites the touched shards: fewer, larger batches

__all__ = ["FileProblem", "IngestReport", "collect_files", "ingest_paths", "iter_sources"]


@dataclass(slots=True)
class IngestReport:
    """What an ingest did. Nothing could be ingested when
    ``files_seen > 0 and files_ingested + files_unchanged + files_updated == 0``.

    ``unread``: one line per folder given that held files not read for their
    extension. ``files_saved``: new or changed files whose batch was saved
    (what an interrupted ingest kept).
    """

    files_seen: int = 0
    files_ingested: int = 0
    files_unchanged: int = 0
    files_updated: int = 0
    articles_added: int = 0
    articles_updated: int = 0
    articles_removed: int = 0
    duplicates_marked: int = 0
    problems: list[FileProblem] = field(default_factory=list)
    unread: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False
    files_saved: int = 0

    @property
    def nothing_ingested(self) -> bool:
        return self.files_seen > 0 and self.files_ingested + self.files_unchanged + self.files_updated == 0


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    fields: tuple[tuple[str, str], ...] = (),
) -> IngestReport:
    """Ingest files and folders into a write-opened ``store``.

    ``fields``: how the fields of JSON Lines and CSV records map to ours
    (``records.parse_field_options``); a file read with another mapping before
    is read again.

    Bad files never stop the batch: each gets one :class:`FileProblem` and
    the rest go on. Articles are saved every ``BATCH_FILES`` files; when
    ``cancelled()`` turns true the current batch is saved and the walk stops.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many long-lived small objects: collections cost more than they free here
    try:
        return _ingest(store, paths, progress, cancelled, fields)
    finally:
        if gc_was_enabled:
            gc.enable()


@dataclass(slots=True)
class FilePlan:
    """How one file is matched with what the store knows, decided before it is read."""

    record: dict[str, Any] | None  # its own record, or an older-format one it may take over
    legacy: bool  # ``record`` is an older-format record (keyed by source_file alone)
    id_base: str


def _plan(target: SourceFile, known: dict[str, Any], taken: set[str]) -> FilePlan:
    """``taken``: the id bases of every known file and of the files planned so far
    (a new file's base is added to it)."""
    record = known.get(target.source_key)
    if record is not None:
        return FilePlan(record, False, record.get("id_base") or target.source_key)
    # A new file's ids come from its folder's name and its path inside it, the same
    # on every machine; when another file already has that base (an "x" folder
    # ingested from two places), from its full location, which no other file has.
    id_base = target.portable if target.portable and target.portable not in taken else target.source_key
    taken.add(id_base)
    old = known.get(target.source_file)
    if old is None and target.earlier_shown and target.earlier_shown != target.source_file:
        old = known.get(target.earlier_shown)  # an older record of a name shown otherwise then
    if old is not None and not old.get("source_key"):
        # Offered to every file of that name; the first with the same bytes takes it.
        # The ids are for the other case, a new file.
        return FilePlan(old, True, id_base)
    return FilePlan(None, False, id_base)


def _ingest(
    store: Store,
    paths: Sequence[Path],
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
    fields: tuple[tuple[str, str], ...] = (),
) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    from curator.export_target import inside_folder

    # The database's own files are never archive files (named directly, a file of
    # any name would be read): refused like any other path that does not belong.
    own = [p for p in paths if inside_folder(Path(p), store.root)]
    report.problems.extend(FileProblem(display(str(p)), "is inside the database folder, skipped") for p in own)
    paths = [p for p in paths if p not in own]
    targets, walk_problems, unread = collect_files(paths, cancelled)
    report.problems.extend(walk_problems)
    report.unread.extend(unread)
    report.files_seen = len(targets) + len(walk_problems) + len(own)
    if cancelled is not None and cancelled():  # during the walk: nothing read, nothing to save
        report.cancelled = True
        report.seconds = time.perf_counter() - start
        return report
    known = store.files()
    taken = {r.get("id_base") or r.get("source_file") or "" for r in known.values()}
    plans = [_plan(t, known, taken) for t in targets]
    index: DuplicateIndex | None = None
    batch_articles: list[Article] = []
    batch_files: list[dict[str, Any]] = []
    batch_removed: list[str] = []
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    total = len(targets)
    pending = 0

    def flush() -> None:
        nonlocal pending
        if batch_articles or batch_files or batch_removed:
            store.save_articles(batch_articles, batch_files, batch_removed)
        report.files_saved += pending
        pending = 0
        batch_articles.clear()
        batch_files.clear()
        batch_removed.clear()

    with closing(prepare_files(targets, plans, fields, cancelled)) as prepared_files:
        for done, target, plan, prepared in prepared_files:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, target.source_file)
            shown = target.shown
            if isinstance(prepared, str):
                report.problems.append(FileProblem(shown, prepared))
                continue
            if prepared is None and plan.legacy:
                if plan.record is not None and plan.record.get("source_key"):
                    # Another file with these bytes took the record over in this run: this one is new.
                    prepared = prepare_file((target.path, target.source_file, None, plan.id_base, target.inode, fields, None))
                    if isinstance(prepared, str):
                        report.problems.append(FileProblem(shown, prepared))
                        continue
                else:
                    batch_files.append(_taken_over(plan, target))
                    report.files_unchanged += 1
                    pending += 1
                    if pending >= BATCH_FILES:
                        flush()
                    continue
            if prepared is None:
                report.files_unchanged += 1
                continue
            old = plan.record if not plan.legacy else None
            if plan.legacy:
                report.problems.append(FileProblem(shown, (
                    f"changed since an earlier curator version ingested a file named \"{target.source_file}\" "
                    "without its folder: ingested as a new file, the earlier articles are kept"
                )))
            sha, size, decoded, articles, sketches, extra = prepared
            if decoded.warning:
                report.problems.append(FileProblem(shown, decoded.warning))
            for line in extra.pop("problems", []):
                report.problems.append(FileProblem(shown, line))
            if index is None:
                index = _existing_index(store, cancelled)
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    break
            old_ids = list(old.get("article_ids", [])) if old else []
            if extra.get("format") in ("jsonl", "csv", "tsv"):
                extra["next_index"] = _followed(store, old, articles, plan.id_base)
            new_ids = [a.id for a in articles]
            if old_ids:
                # A changed file of many records: the records that did not change stay as they are.
                articles, sketches = _changed_only(store, articles, sketches, decoded, target.source_folder)
            for art_id in old_ids:
                if art_id not in new_ids:
                    index.remove(art_id)
                    batch_removed.append(art_id)
                    report.articles_removed += 1
            for art, sketch in zip(articles, sketches):
                art.encoding = decoded.encoding
                art.notes = [*decoded.notes, *art.notes]
                art.source_folder = target.source_folder
                position = index.position(art.id)
                if position is not None:
                    index.remove(art.id)
                    report.articles_updated += 1
                else:
                    report.articles_added += 1
                art.duplicate_of = index.find(art.content_hash, sketch, before=position)
                if art.duplicate_of is not None:
                    report.duplicates_marked += 1
                index.add(art.id, art.content_hash, sketch, position)
            batch_articles.extend(articles)
            batch_files.append(
                {
                    "source_key": target.source_key,
                    "source_file": target.source_file,
                    "source_folder": target.source_folder,
                    "id_base": plan.id_base,
                    "sha256": sha,
                    "size": size,
                    "encoding": decoded.encoding,
                    "article_ids": new_ids,
                    "ingested_at": stamp,
                    **extra,
                }
            )
            if old is None:
                report.files_ingested += 1
            else:
                report.files_updated += 1
            pending += 1
            if pending >= BATCH_FILES:
                flush()
    flush()
    if progress is not None and not report.cancelled:
        progress(total, total, "")
    report.seconds = time.perf_counter() - start
    return report


def _followed(store: Store, old: dict[str, Any] | None, articles: list[Article], id_base: str) -> int:
    """Records files: ids that follow the stories (``record_identity.follow_records``); on a
    first ingest, ids by place. Returns the file's next free index, kept in its record."""
    old_ids = list(old.get("article_ids", [])) if old else []
    if not old_ids:
        return max(a.file_index for a in articles) + 1
    stored = []
    for art_id in old_ids:
        was = store.article(art_id)
        if was is not None:
            stored.append(StoredRecord(art_id, was.file_index, record_digest(was), record_key(was)))
    assert old is not None
    known = old.get("next_index")
    start = known if isinstance(known, int) else next_free_index(id_base, old_ids, [r.file_index for r in stored])
    return max(start, follow_records(articles, stored, id_base, start))


def _taken_over(plan: FilePlan, target: SourceFile) -> dict[str, Any]:
    """An older-format record, unchanged file: it gains the file's location and keeps its ids."""
    assert plan.record is not None
    legacy_name = plan.record["source_file"]
    record = dict(plan.record)
    record.update(
        source_key=target.source_key,
        source_file=target.source_file,
        source_folder=target.source_folder,
        id_base=legacy_name,  # its ids were made from its name: keep making them so
        replaces=legacy_name,
    )
    plan.record["source_key"] = target.source_key  # taken: a second copy in this run is a new file
    return record


def _changed_only(
    store: Store, articles: list[Article], sketches: list[Any], decoded: Decoded, folder: str
) -> tuple[list[Article], list[Any]]:
    """The articles that differ from the stored ones of the same id (new ones included)."""
    kept_articles, kept_sketches = [], []
    for art, sketch in zip(articles, sketches):
        stored = store.article(art.id)
        if stored is not None:
            fresh = art.to_dict()
            fresh.update(encoding=decoded.encoding, notes=[*decoded.notes, *art.notes], source_folder=folder)
            was = stored.to_dict()
            if all(was[k] == fresh[k] for k in fresh if k not in ("duplicate_of",)):
                continue
        kept_articles.append(art)
        kept_sketches.append(sketch)
    return kept_articles, kept_sketches


def _existing_index(store: Store, cancelled: Callable[[], bool] | None = None) -> DuplicateIndex:
    """The duplicate index primed with the stored articles, in ingest order
    (stops early, incomplete, when ``cancelled()`` turns true)."""
    index = DuplicateIndex()
    order = store.article_index()
    ids: list[str] = order.get("id", [])
    if not ids:
        return index
    hashes = dict(zip(ids, order.get("content_hash", [])))
    texts: dict[str, str] = dict(store.iter_texts())
    for pos, art_id in enumerate(ids):
        if cancelled is not None and pos % 256 == 0 and cancelled():
            break
        text = texts.pop(art_id, "")
        index.add(art_id, hashes.get(art_id) or "", index.sketch(text), pos)
    return index


def iter_sources(paths: Sequence[Path]) -> Iterator[str]:
    """The ``source_file`` names an ingest of ``paths`` would read (for previews)."""
    targets, _, _ = collect_files(paths)
    for t in targets:
        yield t.source_file
