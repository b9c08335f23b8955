"""Files -> articles -> store: walk, decode, parse, mark duplicates, save in batches.

Which files: a file named on the command line is read whatever its name. In
a directory, walked recursively in sorted order, the files read are those
ending in ``.txt`` (any case) and those without an extension (pages saved by
crawlers often have none); hidden files and folders (a leading ".") are
skipped, as are other extensions (images, HTML) without comment. Symbolic
links are followed, but a folder already being walked (a link loop) is
reported once and not entered again; the same file reached twice is read once.

``source_file`` is the path relative to the directory given (POSIX
separators), or the file name for a file given directly. A file whose bytes
(SHA-256) are unchanged since the last ingest is skipped; a changed file's
articles are replaced under the same ids (id = source_file + position), and
ids that disappeared are removed. Files missing from the archive are left in
the database: ingest only adds and updates.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from curator.ingest.decode import UndecodableFile, decode_bytes
from curator.ingest.duplicates import DuplicateIndex
from curator.ingest.parse import parse_document
from curator.models import Article
from curator.store.database import Store
from curator.text import clean_text

MAX_FILE_BYTES = 16 * 1024 * 1024
BATCH_FILES = 5000  # each save rewrites the touched shards: fewer, larger batches


@dataclass(slots=True)
class FileProblem:
    """One file that could not be ingested (or was ingested with a warning)."""

    path: str
    message: str


@dataclass(slots=True)
class IngestReport:
    """What an ingest did. Nothing could be ingested when
    ``files_seen > 0 and files_ingested + files_unchanged + files_updated == 0``."""

    files_seen: int = 0
    files_ingested: int = 0
    files_unchanged: int = 0
    files_updated: int = 0
    articles_added: int = 0
    articles_updated: int = 0
    articles_removed: int = 0
    duplicates_marked: int = 0
    problems: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False

    @property
    def nothing_ingested(self) -> bool:
        return self.files_seen > 0 and self.files_ingested + self.files_unchanged + self.files_updated == 0


@dataclass(slots=True)
class _Target:
    path: Path
    source_file: str


def _display(name: str) -> str:
    """A path as text that is safe to store and print (bad bytes, controls)."""
    fixed = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(fixed.replace("\n", " ").replace("\t", " "))


def _accepted_name(name: str) -> bool:
    if name.startswith("."):
        return False
    stem, dot, ext = name.rpartition(".")
    return not dot or not stem or ext.lower() == "txt"


def collect_files(paths: Sequence[Path]) -> tuple[list[_Target], list[FileProblem]]:
    """The files to read, in order, and the problems met while walking."""
    targets: list[_Target] = []
    problems: list[FileProblem] = []
    seen_files: set[tuple[int, int]] = set()

    def add_file(path: Path, source_file: str, st: os.stat_result) -> None:
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            return
        seen_files.add(key)
        targets.append(_Target(path, source_file))

    def walk(folder: Path, base: Path, active: set[tuple[int, int]]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(FileProblem(_display(str(folder)), f"cannot read folder ({_reason(exc)}), skipped"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _display(path.relative_to(base).as_posix())
            shown = _display(str(path))
            try:
                st = path.stat()
            except OSError as exc:
                if entry.is_symlink() and _accepted_name(entry.name):
                    problems.append(FileProblem(shown, f"{_link_reason(exc)}, skipped"))
                elif not entry.is_symlink():
                    problems.append(FileProblem(shown, f"cannot read ({_reason(exc)}), skipped"))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in active:
                    problems.append(FileProblem(shown, "symbolic link loop (points back into a folder being read), skipped"))
                    continue
                walk(path, base, active | {key})
            elif _accepted_name(entry.name):
                if not stat.S_ISREG(st.st_mode):
                    problems.append(FileProblem(shown, "not a regular file, skipped"))
                    continue
                add_file(path, rel, st)

    for raw in paths:
        path = Path(raw)
        shown = _display(str(path))
        try:
            st = path.stat()
        except OSError as exc:
            msg = _link_reason(exc) if path.is_symlink() else _reason(exc)
            problems.append(FileProblem(shown, f"{msg}, skipped"))
            continue
        if stat.S_ISDIR(st.st_mode):
            walk(path, path, {(st.st_dev, st.st_ino)})
        elif stat.S_ISREG(st.st_mode):
            add_file(path, _display(path.name), st)
        else:
            problems.append(FileProblem(shown, "not a regular file, skipped"))
    return targets, problems


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or type(exc).__name__


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link"
    return _reason(exc)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def read_file(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and a reason (size checked before reading)."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if st.st_size == 0:
                return None, "empty file"
            if st.st_size > MAX_FILE_BYTES:
                return None, f"file too large ({_size(st.st_size)}, limit {_size(MAX_FILE_BYTES)})"
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, f"cannot read ({_reason(exc)})"
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        return None, f"file too large (over {_size(MAX_FILE_BYTES)})"
    return data, None


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IngestReport:
    """Ingest files and folders into a write-opened ``store``.

    Bad files never stop the batch: each gets one :class:`FileProblem` and
    the rest go on. Articles are saved every ``BATCH_FILES`` files; when
    ``cancelled()`` turns true the current batch is saved and the walk stops.
    """
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many long-lived small objects: collections cost more than they free here
    try:
        return _ingest(store, paths, progress, cancelled)
    finally:
        if gc_was_enabled:
            gc.enable()


def _ingest(
    store: Store,
    paths: Sequence[Path],
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    targets, walk_problems = collect_files(paths)
    report.problems.extend(walk_problems)
    report.files_seen = len(targets) + len(walk_problems)
    known = store.files()
    index: DuplicateIndex | None = None
    batch_articles: list[Article] = []
    batch_files: list[dict[str, Any]] = []
    batch_removed: list[str] = []
    names_this_run: dict[str, Path] = {}
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    total = len(targets)

    def flush() -> None:
        if batch_articles or batch_files or batch_removed:
            store.save_articles(batch_articles, batch_files, batch_removed)
        batch_articles.clear()
        batch_files.clear()
        batch_removed.clear()

    pending = 0
    for done, target, prepared in _prepared(targets, known):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None:
            progress(done, total, target.source_file)
        name = target.source_file
        if prepared is _SAME_NAME:
            report.problems.append(
                FileProblem(_display(str(target.path)), f"same name {name!r} as {_display(str(names_this_run[name]))}, skipped")
            )
            continue
        names_this_run[name] = target.path
        if isinstance(prepared, str):
            report.problems.append(FileProblem(_display(str(target.path)), prepared))
            continue
        if prepared is None:
            report.files_unchanged += 1
            continue
        sha, size, decoded, articles, sketches = prepared
        old = known.get(name)
        if decoded.warning:
            report.problems.append(FileProblem(_display(str(target.path)), decoded.warning))
        if index is None:
            index = _existing_index(store)
        old_ids = list(old.get("article_ids", [])) if old else []
        new_ids = [a.id for a in articles]
        for art_id in old_ids:
            if art_id not in new_ids:
                index.remove(art_id)
                batch_removed.append(art_id)
                report.articles_removed += 1
        for art, sketch in zip(articles, sketches):
            art.encoding = decoded.encoding
            art.notes = [*decoded.notes, *art.notes]
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
                "source_file": name,
                "sha256": sha,
                "size": size,
                "encoding": decoded.encoding,
                "article_ids": new_ids,
                "ingested_at": stamp,
            }
        )
        if old is None:
            report.files_ingested += 1
        else:
            report.files_updated += 1
        pending += 1
        if pending >= BATCH_FILES:
            flush()
            pending = 0
    flush()
    if progress is not None and not report.cancelled:
        progress(total, total, "")
    report.seconds = time.perf_counter() - start
    return report


_SAME_NAME = object()  # a second file with a name already read in this run
POOL_FILES = 400  # below this, a pool's start-up costs more than it saves
WINDOW = 512  # files handed to the pool at a time: bounds the parsed articles held in memory

_Prepared = Any  # None (unchanged) | str (problem) | (sha, size, decoded, articles, sketches)


def _prepare_one(args: tuple[Path, str, str | None]) -> _Prepared:
    path, name, known_sha = args
    try:
        data, why = read_file(path)
        if data is None:
            return f"{why}, skipped"
        sha = hashlib.sha256(data).hexdigest()
        if known_sha == sha:
            return None
        try:
            decoded = decode_bytes(data)
        except UndecodableFile as exc:
            return f"{exc}, skipped"
        if not decoded.text.strip():
            return "no text (only whitespace), skipped"
        articles = parse_document(decoded.text, name)
        if not articles:
            return "no article text found, skipped"
        sketches = [_SKETCHER.sketch(a.text) for a in articles]
        decoded.text = ""  # the articles hold their text: do not send the page back twice
        return sha, len(data), decoded, articles, sketches
    except (MemoryError, RecursionError, ValueError, UnicodeError) as exc:
        return f"could not be parsed ({type(exc).__name__}: {exc}), skipped"


_SKETCHER = DuplicateIndex()  # only its word-hash cache is used; one per process


def _prepared(targets: Sequence[_Target], known: dict[str, Any]) -> Iterator[tuple[int, _Target, _Prepared]]:
    """Each target with its prepared file, in target order; in worker processes for big batches.

    A name seen earlier in the list yields ``_SAME_NAME`` without being read.
    Results come back in order, so ids, duplicates and problem lines are the
    same as a serial run.
    """
    seen: set[str] = set()
    jobs: list[tuple[int, _Target, tuple[Path, str, str | None] | None]] = []
    for i, t in enumerate(targets):
        if t.source_file in seen:
            jobs.append((i, t, None))
            continue
        seen.add(t.source_file)
        old = known.get(t.source_file)
        jobs.append((i, t, (t.path, t.source_file, old.get("sha256") if old else None)))
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < POOL_FILES:
        for i, t, job in jobs:
            yield i, t, _SAME_NAME if job is None else _prepare_one(job)
        return
    from concurrent.futures import ProcessPoolExecutor

    windows = [jobs[start : start + WINDOW] for start in range(0, len(jobs), WINDOW)]
    pool = ProcessPoolExecutor(max_workers=workers)

    def submit(window: list[tuple[int, _Target, Any]]) -> Iterator[_Prepared]:
        return pool.map(_prepare_one, [job for _, _, job in window if job is not None], chunksize=16)

    try:
        ahead = submit(windows[0])
        for k, window in enumerate(windows):
            results = ahead
            if k + 1 < len(windows):
                ahead = submit(windows[k + 1])  # the pool works on the next window while this one is used
            for i, t, job in window:
                yield i, t, _SAME_NAME if job is None else next(results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _existing_index(store: Store) -> DuplicateIndex:
    """The duplicate index primed with the stored articles, in ingest order."""
    index = DuplicateIndex()
    order = store.article_index()
    ids: list[str] = order.get("id", [])
    if not ids:
        return index
    hashes = dict(zip(ids, order.get("content_hash", [])))
    texts: dict[str, str] = dict(store.iter_texts())
    for pos, art_id in enumerate(ids):
        text = texts.pop(art_id, "")
        index.add(art_id, hashes.get(art_id) or "", index.sketch(text), pos)
    return index


def iter_sources(paths: Sequence[Path]) -> Iterator[str]:
    """The ``source_file`` names an ingest of ``paths`` would read (for previews)."""
    targets, _ = collect_files(paths)
    for t in targets:
        yield t.source_file
