"""The curator database, :class:`Store`: a folder of TinyDB files, split by how precious they are.

::

    db/
      commit.json       the commit record: which file holds each part below (see
                        ``commit.py``); written last, it makes a save visible whole
      index.json        one row per article as the list shows it, stored as columns
      index.listing.npz the same columns as numpy arrays, a cache that opens without
                        parsing (see ``listing.py``); rebuilt whenever it is stale
      texts/NN.json     each article in full: text, extracted fields with raw text
                        and confidence (64 shards: opening one reads a few MB)
      files.json        the source files ingested (sha256, article ids)
      mentions/NN.json  extracted mentions per article (rebuildable by ``resolve``)
      resolution.json   aliases, automatic merges and suggestions (rebuildable)
      curation.json     the curator's history: every decision and edit (precious)
      backups/          the last good copies of curation.json

The precious part is small, so saving a decision rewrites a few kilobytes, not
the archive; a rebuild (ingest, resolve) never touches it. The rebuildable parts
are written as new versions under names of their own (``index.g000012.json``)
and become visible together when ``commit.json`` names them: a batch of ingest
or a resolve is seen whole or not at all (``Store.transaction``). Every file carries a
``_meta`` table with its kind and schema version, checked when it is opened.
Files are opened on first use, so the app's first screen reads only the index.

This module opens the folder and owns the commit point; each family of files
has its own module (see the package docstring).
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from curator.curation.records import check_history_table
from curator.store.article_index import ArticleIndex
from curator.store.commit import (
    CommitRecord,
    legacy_record,
    present_versions,
    read_commit,
    version_name,
    write_commit,
)
from curator.store.errors import CorruptDatabase, DatabaseChanged, ReadOnlyStore, StoreError
from curator.store.file_format import EAGER, KINDS, META, SCHEMA_VERSION, _check_meta, _with_meta, write_tables
from curator.store.folder import check_database_folder
from curator.store.history import CurationFile
from curator.store.listing import Listing
from curator.store.lock import WriterLock
from curator.store.resolution import ResolutionFile
from curator.store.shards import ArticleShards, _Tail
from curator.store.byte_layout import NotInLayout, file_table_pieces
from curator.yielding import NO_PACE, Pace
from curator.store.storage import (
    AtomicJSONStorage, Tables, atomic_write_bytes, encode_tables, read_tables,
)

DEFAULT_DB = "db"


def default_db_path() -> Path:
    return Path(os.environ.get("CURATOR_DB") or DEFAULT_DB)


class Store(ArticleIndex, ArticleShards, ResolutionFile, CurationFile):
    """Open database folder. ``write=True`` takes the writer lock."""

    def __init__(
        self, root: Path | str | None = None, *, write: bool = False, command: str = "curator", create: bool = True,
        pace: Pace = NO_PACE,
    ) -> None:
        """``create``: a writable store may make a new database (in a new or empty folder only).
        ``pace``: how its long reads step aside for the caller's UI (none by default)."""
        self.root = Path(root) if root is not None else default_db_path()
        self.write = write
        self.pace = pace
        self._lock: WriterLock | None = None
        self._dbs: dict[str, TinyDB] = {}
        self._shards: dict[tuple[str, str], TinyDB] = {}
        # Shards may be read by another thread (the app's workers): a shard read
        # while one was being rewritten is used once but never kept.
        self._shard_lock = threading.Lock()
        self._shard_writes = 0
        self._tails: dict[str, _Tail] = {}  # text shards this store wrote (see ``_save_text_shard``)
        self._raw: dict[tuple[str, str], tuple[memoryview, dict[str, tuple[int, int]]] | None] = {}
        self._listing: Listing | None = None
        self._listing_due = False  # the index was written and its listing not yet
        # The state this store reads: the commit record as read once at open (a writer's
        # own record also names what it staged in the open transaction).
        self._committed = CommitRecord()
        self._record = CommitRecord()
        self._depth = 0  # nesting of ``transaction``
        self._staged: set[str] = set()  # versions written in the open transaction
        self._retired: set[str] = set()  # versions the last commit stopped naming
        check_database_folder(self.root, create=write and create)
        if write:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock = WriterLock(self.root, command)
            self._lock.acquire()
        try:
            self._read_record()  # after the lock: a writer starts from the latest commit
            for name in EAGER:
                self._open(name)
            # Every decision record, checked once here: no command acts on a bad one.
            check_history_table(self.root / "curation.json", self.curation.storage.read())
            if write:
                self._backup_curation()
        except BaseException:
            self.close()
            raise

    # -- the commit point ----------------------------------------------------
    def _read_record(self) -> None:
        record = read_commit(self.root)
        if record is None:
            record = legacy_record(self.root)
            if self.write:
                # Written before anything is staged: versions without a record are
                # then always a lost record, never a first save that was cut short.
                self._migrate(record)
                return
        self._committed = record
        self._record = record.copy()
        if self.write:
            self._sweep()

    def _migrate(self, record: CommitRecord) -> None:
        """First writable open of a database from before commit records: record what
        it holds as committed, and forget file records whose articles never reached
        the index (an ingest interrupted between the two), so the next ingest reads
        those files again."""
        self._committed = record
        self._record = record.copy()
        # Read first (without saving anything): a foreign or newer file is reported
        # before the record is written.
        columns = self._rows(self.index_db, "columns") if "index.json" in record.files else []
        rows = self._rows(self.files_db, "files") if "files.json" in record.files else []
        write_commit(self.root, record)
        self._sweep()
        ids = set(columns[0].get("id") or ()) if columns else set()
        whole = [r for r in rows if set(r.get("article_ids") or ()) <= ids]
        if len(whole) != len(rows):
            self._replace("files.json", {"files": whole}, keep=True)

    def _sweep(self) -> None:
        """Remove versions no commit names (left by a killed save, or retired by an
        earlier session). Only a writer does this, at open; a reader still reading a
        retired version then finds it gone and says so (``_vanished``)."""
        named = set(self._committed.files.values())
        for relative in present_versions(self.root):
            if relative not in named:
                try:
                    (self.root / relative).unlink()
                except OSError:
                    pass  # removed later; nothing names it

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Saves made inside become visible together, at one commit when the block
        ends; an exception (or a kill) leaves the last commit as the state. Nested
        blocks join the outermost one."""
        self._require_write()
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            yield
            if self._staged:
                self._commit()
        except BaseException:
            self._abort()
            raise
        finally:
            self._depth = 0

    def _commit(self) -> None:
        record = CommitRecord(self._committed.generation + 1, dict(self._record.files))
        write_commit(self.root, record)  # the commit point
        retired = set(self._committed.files.values()) - set(record.files.values())
        self._committed = record
        self._record = record.copy()
        self._staged.clear()
        # Versions retired one commit ago go now: a reader that opened before the
        # previous commit has had a whole save's time to finish with them.
        self._remove(self._retired)
        self._retired = retired

    def _abort(self) -> None:
        """Back to what is committed on disk, in memory too. The record is read again:
        an interruption during the commit itself may have landed either way."""
        try:
            on_disk = read_commit(self.root) or self._committed
        except Exception:
            on_disk = self._committed
        if on_disk.generation != self._committed.generation:
            self._retired = set(self._committed.files.values()) - set(on_disk.files.values())
        self._remove(self._staged - set(on_disk.files.values()))
        self._staged.clear()
        self._committed = on_disk
        self._record = on_disk.copy()
        self._forget()

    def _remove(self, relatives: Iterable[str]) -> None:
        for relative in relatives:
            try:
                (self.root / relative).unlink()
            except OSError:
                pass  # nothing names it: the next writable open removes it

    def _forget(self) -> None:
        """Drop every cached file: the next read follows the record."""
        with self._shard_lock:
            self._shard_writes += 1
            self._shards.clear()
            self._raw.clear()
        for name in [n for n in self._dbs if n not in EAGER]:
            self._reopen(name)
        self._tails.clear()
        self._listing = None
        self._listing_due = False

    def _path(self, logical: str) -> Path | None:
        """Where the current version of a rebuildable part is (None: there is none yet)."""
        physical = self._record.files.get(logical)
        return self.root / physical if physical is not None else None

    def _read_part(self, logical: str, kind: str) -> Tables | None:
        """A rebuildable part's tables as the record names them (None: no such part)."""
        path = self._path(logical)
        if path is None:
            return None
        data = read_tables(path, self.pace)
        if data is None:
            raise self._vanished(path)
        _check_meta(path, data, kind)
        return data

    def _vanished(self, path: Path) -> StoreError:
        """A file the record names is gone: a writer committed since we read the record
        (run again), or the folder was damaged."""
        try:
            now = read_commit(self.root)
        except StoreError:
            now = None
        if now is None or now.generation != self._committed.generation:
            return DatabaseChanged(self.root)
        return CorruptDatabase(path, "is missing (named by commit.json)")

    def part_pieces(self, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The documents of ``resolution.json`` or ``files.json`` as (table, {key:
        document}) pieces (``byte_layout.table_pieces``), header checked: for a reader
        that keeps only what it needs of each, so the file is never held parsed. A file
        in another layout is parsed whole, as every reader does (which names any damage)."""
        path = self._path(name)
        if path is None:
            return
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            raise self._vanished(path) from None
        except OSError:
            fh = None  # read_tables below names the problem
        yielded = False
        try:
            if fh is None:
                raise NotInLayout
            with fh:  # read a window at a time: the raw file is never held whole
                # Small pieces: at least one document each.
                for table, docs in file_table_pieces(fh, piece=1 << 16, pace=self.pace):
                    if not yielded:
                        _check_meta(path, {META: docs} if table == META else {META: {}}, KINDS[name])
                        yielded = True
                    yield table, docs
        except NotInLayout:
            data = read_tables(path, self.pace)  # damage raises here, naming the file
            if yielded or data is None:
                raise CorruptDatabase(path, "is not in the layout curator writes (it changed while read?)") from None
            _check_meta(path, data, KINDS[name])
            yield from data.items()

    def _write_part(self, logical: str, payload: bytes) -> Path:
        """Write a new version of a rebuildable part, to be committed with the open
        transaction; what is committed is never written over."""
        assert self._depth, "rebuildable parts are written inside a transaction"
        physical = version_name(logical, self._committed.generation + 1)
        path = self.root / physical
        atomic_write_bytes(path, payload)
        self._staged.add(physical)
        self._record.files[logical] = physical
        return path
    # -- files ---------------------------------------------------------------
    def _open(self, name: str) -> TinyDB:
        db = self._dbs.get(name)
        if db is not None:
            return db
        if name in EAGER:  # the precious file: one name, its own atomic writes
            path = self.root / name
            storage_data = read_tables(path, self.pace)
            if storage_data is None and self._record.files:
                # Made anew here, it would be an empty history the backups then rotate
                # in over the real ones: the curator's decisions would be gone for good.
                raise CorruptDatabase(
                    path,
                    "is missing, yet the database holds articles (the file was deleted or moved)",
                    "Run 'curator restore' to put back the newest sound backup of your decisions, "
                    "or 'curator restore --empty' to go on without them.",
                )
            _check_meta(path, storage_data, KINDS[name])
            db = TinyDB(
                path, storage=AtomicJSONStorage, read_only=not self.write, preload=storage_data, pace=self.pace
            )
            if storage_data is None and self.write:
                db.table(META).insert({"kind": KINDS[name], "schema_version": SCHEMA_VERSION})
        else:  # rebuildable: read as committed, written only by ``_replace``
            data = self._read_part(name, KINDS[name])
            path = self._path(name) or self.root / name
            db = TinyDB(
                path, storage=AtomicJSONStorage, read_only=True, preload=data if data is not None else {}, pace=self.pace
            )
        self._dbs[name] = db
        return db

    def _require_write(self) -> None:
        if not self.write:
            raise ReadOnlyStore(f"{self.root}: opened read-only")

    @staticmethod
    def _rows(db: TinyDB, table: str) -> list[dict[str, Any]]:
        """A table's documents straight from the storage cache, without TinyDB's
        per-document copies (read-only use: callers must not mutate them)."""
        data = db.storage.read() or {}
        return list(data.get(table, {}).values())

    @property
    def index_db(self) -> TinyDB:
        return self._open("index.json")

    @property
    def files_db(self) -> TinyDB:
        return self._open("files.json")

    @property
    def resolution(self) -> TinyDB:
        return self._open("resolution.json")

    @property
    def curation(self) -> TinyDB:
        return self._open("curation.json")

    def close(self) -> None:
        if self._listing_due and self._lock is not None:
            try:
                self.article_listing()  # so that the next open is quick
            except Exception:
                pass  # a cache only: the next open builds it
        for db in list(self._dbs.values()) + list(self._shards.values()):
            try:
                db.close()
            except Exception:
                pass
        self._dbs.clear()
        self._shards.clear()
        self._raw.clear()
        self._listing = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _replace(self, name: str, tables: dict[str, list[dict[str, Any]]], keep: bool = False) -> str | None:
        """Rewrite a whole file. ``keep``: what was written stays in memory as the
        file's contents (the caller must not change ``tables`` afterwards), so
        the next read does not parse it again.

        The index gets a new listing token each time (returned): the listing
        saved for the old index no longer matches it.
        """
        token = secrets.token_hex(8) if name == "index.json" else None
        if name in EAGER:
            path = self.root / name
            data = write_tables(path, KINDS[name], tables)
        else:
            data = _with_meta(KINDS[name], tables, {"listing": token} if token else None)
            with self.transaction():
                path = self._write_part(name, encode_tables(data))
        self._reopen(name)
        if token:
            self._listing = None
            self._listing_due = True
        if keep:
            read_only = not self.write or name not in EAGER
            self._dbs[name] = TinyDB(
                path, storage=AtomicJSONStorage, read_only=read_only, preload=data, pace=self.pace
            )
        return token

    def _reopen(self, name: str) -> None:
        db = self._dbs.pop(name, None)
        if db is not None:
            db.close()
