"""One archive file read, decoded and parsed into articles before it is saved: a text or HTML page
whole, a JSON Lines or CSV file as a stream; in worker processes for big batches, the results in
the order of the files (see ``curator.ingest.pipeline``)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curator.ingest.decode import Decoded, UndecodableFile, decode_bytes
from curator.ingest.duplicates import DuplicateIndex
from curator.ingest.html import looks_like_html, parse_html, starts_like_html
from curator.ingest.parse import parse_document
from curator.ingest.records import MAX_RECORDS_FILE_BYTES, file_sha256, read_records, record_kind
from curator.ingest.sources import SourceFile, os_reason

if TYPE_CHECKING:
    from curator.ingest.pipeline import FilePlan

MAX_FILE_BYTES = 16 * 1024 * 1024


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def read_file(path: Path, inode: tuple[int, int] | None = None) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and a reason (size checked before reading).

    ``inode``: the (device, inode) the walk checked; a path that leads elsewhere
    now (a link swapped since, to a file outside the folder) is not read.
    """
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if inode is not None and (st.st_dev, st.st_ino) != inode:
                return None, "changed into another file since the folder was read (a swapped link?)"
            if st.st_size == 0:
                return None, "empty file"
            if st.st_size > MAX_FILE_BYTES:
                return None, f"file too large ({_size(st.st_size)}, limit {_size(MAX_FILE_BYTES)})"
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, f"cannot read ({os_reason(exc)})"
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        return None, f"file too large (over {_size(MAX_FILE_BYTES)})"
    return data, None


POOL_FILES = 400  # below this, a pool's start-up costs more than it saves
WINDOW = 512  # files handed to the pool at a time: bounds the parsed articles held in memory

_Prepared = Any  # None (unchanged) | str (problem) | (sha, size, decoded, articles, sketches, extra)
# path, source_file, known sha256, id_base, inode, field mapping, the mapping the file was read with
_Job = tuple[Path, str, str | None, str, tuple[int, int] | None, tuple[tuple[str, str], ...], Any]


def _prepare_records(args: _Job, kind: str, cancelled: Callable[[], bool] | None = None) -> _Prepared:
    """A JSON Lines or CSV file, read as a stream (see ``records``)."""
    path, name, known_sha, id_base, inode, fields, known_fields = args
    try:
        fh = open(path, "rb")
    except OSError as exc:
        return f"cannot read ({os_reason(exc)}), skipped"
    with fh:
        st = os.fstat(fh.fileno())
        if inode is not None and (st.st_dev, st.st_ino) != inode:
            return "changed into another file since the folder was read (a swapped link?), skipped"
        if st.st_size == 0:
            return "empty file, skipped"
        if st.st_size > MAX_RECORDS_FILE_BYTES:
            return f"file too large ({_size(st.st_size)}, limit {_size(MAX_RECORDS_FILE_BYTES)}), skipped"
        sha, size = file_sha256(fh)
        mapping = [list(p) for p in fields]
        if known_sha == sha and (known_fields or []) == mapping:
            return None
        read = read_records(fh, kind, name, id_base, fields, sha, size, cancelled)
    extra: dict[str, Any] = {"format": kind, "fields": mapping, "problems": read.problems}
    if not read.articles:
        why = read.problems[0] if read.problems else "no records"
        return f"no article could be read ({why}), skipped"
    sketches = [_SKETCHER.sketch(a.text) for a in read.articles]
    notes = [] if read.encoding in ("utf-8", "utf-16") else [f"legacy encoding: decoded as {read.encoding}"]
    return sha, size, Decoded("", read.encoding, notes), read.articles, sketches, extra


def _is_html_page(path: Path) -> bool:
    """A file named as records (``.csv``, ``.jsonl``) that is an HTML page: a site's
    error or login page saved under the data file's name. It is read as the page it
    is (an HTML page is known by its content, whatever its name)."""
    try:
        with open(path, "rb") as fh:
            return starts_like_html(fh.read(4096))
    except OSError:
        return False  # the records reader says why it cannot be read


def prepare_file(args: _Job, cancelled: Callable[[], bool] | None = None) -> _Prepared:
    """One file read and parsed. ``cancelled`` (in this process only): a records file
    stops being read when it turns true, and the ingest stops before saving it."""
    path, name, known_sha, id_base, inode, fields, known_fields = args
    try:
        kind = record_kind(path.name)
        if kind is not None and not _is_html_page(path):
            return _prepare_records(args, kind, cancelled)
        data, why = read_file(path, inode)
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
        extra: dict[str, Any] = {}
        if looks_like_html(decoded.text[:4096].encode("utf-8", "replace")):
            articles = parse_html(decoded.text, name, id_base=id_base)
            extra["format"] = "html"
        else:
            articles = parse_document(decoded.text, name, id_base=id_base)
        if not articles:
            return "no article text found, skipped"
        sketches = [_SKETCHER.sketch(a.text) for a in articles]
        decoded.text = ""  # the articles hold their text: do not send the page back twice
        return sha, len(data), decoded, articles, sketches, extra
    except (MemoryError, RecursionError, ValueError, UnicodeError) as exc:
        return f"could not be parsed ({type(exc).__name__}: {exc}), skipped"


_SKETCHER = DuplicateIndex()  # only its word-hash cache is used; one per process


def prepare_files(
    targets: Sequence[SourceFile], plans: Sequence[FilePlan], fields: tuple[tuple[str, str], ...] = (),
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, SourceFile, FilePlan, _Prepared]]:
    """Each target with its plan and prepared file, in target order; in worker
    processes for big batches. Results come back in order, so ids, duplicates
    and problem lines are the same as a serial run.
    """
    jobs: list[_Job] = []
    for t, plan in zip(targets, plans):
        known_sha = plan.record.get("sha256") if plan.record is not None else None
        known_fields = plan.record.get("fields") if plan.record is not None else None
        jobs.append((t.path, t.source_file, known_sha, plan.id_base, t.inode, fields, known_fields))
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < POOL_FILES:
        for i, (t, plan, job) in enumerate(zip(targets, plans, jobs)):
            yield i, t, plan, prepare_file(job, cancelled)
        return
    from curator.process_pool import quiet_pool, sigint_blocked

    windows = [range(start, min(start + WINDOW, len(jobs))) for start in range(0, len(jobs), WINDOW)]
    pool = quiet_pool(workers)

    def submit(window: range) -> Iterator[_Prepared]:
        return pool.map(prepare_file, [jobs[i] for i in window], chunksize=16)

    try:
        with sigint_blocked():
            ahead = submit(windows[0])
        for k, window in enumerate(windows):
            results = ahead
            if k + 1 < len(windows):
                ahead = submit(windows[k + 1])  # the pool works on the next window while this one is used
            for i in window:
                yield i, targets[i], plans[i], next(results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
