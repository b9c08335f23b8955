"""The curator database: a folder of TinyDB files, split by how precious they are.

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
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB

from curator.curation.records import check_history_table
from curator.models import Article, Decision, Mention, file_record_key
from curator.store.commit import (
    CommitRecord,
    legacy_record,
    present_versions,
    read_commit,
    version_name,
    write_commit,
)
from curator.store.errors import (
    CorruptDatabase,
    DatabaseChanged,
    ForeignDatabase,
    NewerSchema,
    ReadOnlyStore,
    SaveFailed,
    StoreError,
)
from curator.store.folder import check_database_folder
from curator.store.listing import LISTING_FILE, Listing, index_token
from curator.store.lock import WriterLock
from curator.store.storage import (
    AtomicJSONStorage,
    NotInLayout,
    Tables,
    atomic_write_bytes,
    encode_tables,
    read_file_bytes,
    read_tables,
    table_pieces,
)
from curator.yielding import stepwise

SCHEMA_VERSION = 1
META = "_meta"
SHARDS = 64
OPEN_SHARDS = 16  # per family, kept parsed in memory (see ``Store._shard``)
BACKUPS_KEPT = 5
DEFAULT_DB = "db"

INDEX_COLUMNS = ("id", "source_file", "file_index", "published", "title", "author", "outlet", "duplicate_of", "content_hash")
# Derived column: title, author and outlet folded (no marks, lower case) for the
# list's filter. Folding 100,000 rows takes seconds, so it is done once, when the
# rows are written (or at the first writable open of an index written without it).
SEARCH_COLUMN = "search"

KINDS = {
    "index.json": "curator.index",
    "files.json": "curator.files",
    "resolution.json": "curator.resolution",
    "curation.json": "curator.curation",
}
SHARD_KINDS = {"texts": "curator.texts", "mentions": "curator.mentions"}
EAGER = ("curation.json",)  # checked at open: the precious file must be sound before work starts


def default_db_path() -> Path:
    return Path(os.environ.get("CURATOR_DB") or DEFAULT_DB)


def search_texts(titles: Iterable[str | None], authors: Iterable[str | None], outlets: Iterable[str | None]) -> list[str]:
    """The folded filter text of each row: title, author and outlet, accents optional."""
    from curator.resolve.keys import fold

    own = [
        " ".join((t or "", a or "", o or "")).replace("\n", " ")
        for t, a, o in zip(titles, authors, outlets)
    ]
    # One fold over the whole column: far cheaper than one call per row.
    return fold("\n".join(own)).split("\n") if own else []


def shard_of(article_id: str) -> str:
    return f"{hashlib.blake2b(article_id.encode(), digest_size=1).digest()[0] % SHARDS:02x}"


def _check_meta(path: Path, data: Tables | None, kind: str) -> None:
    if data is None:
        return
    meta = data.get(META, {}).get("1")
    if not meta or meta.get("kind") != kind:
        found = meta.get("kind") if meta else None
        what = f"holds '{found}'" if found else "has no curator header"
        raise ForeignDatabase(path, f"is not a {kind} file ({what})")
    version = meta.get("schema_version")
    if not isinstance(version, int):
        raise CorruptDatabase(path, "has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise NewerSchema(path, version, SCHEMA_VERSION)


def _meta_doc(kind: str) -> dict[str, Any]:
    return {"1": {"kind": kind, "schema_version": SCHEMA_VERSION}}


def _with_meta(kind: str, tables: dict[str, list[dict[str, Any]]], meta: dict[str, Any] | None = None) -> Tables:
    """Tables in TinyDB's own format (documents keyed "1", "2", ...), header first
    (``meta``: more fields for the header)."""
    data: Tables = {META: _meta_doc(kind)}
    if meta:
        data[META]["1"].update(meta)
    for name, docs in tables.items():
        data[name] = {str(i): doc for i, doc in enumerate(docs, start=1)}
    return data


def write_tables(path: Path, kind: str, tables: dict[str, list[dict[str, Any]]], meta: dict[str, Any] | None = None) -> Tables:
    """Replace a whole TinyDB file at once (atomically); returns what was written."""
    data = _with_meta(kind, tables, meta)
    atomic_write_bytes(path, encode_tables(data))
    return data


def _title_value(doc: dict[str, Any]) -> Any:
    """The title an article document was ingested with (what title mentions point into)."""
    title = doc.get("title")
    return title.get("value") if isinstance(title, dict) else None


def _stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: enough to notice that a file changed under us."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


# A document's start in a shard as curator writes it (orjson, compact): its key, then
# {"id":"... . Inside a JSON string every quote is escaped, so this cannot match there.
_DOC_AT = re.compile(rb'[{,]"\d+":(\{"id":"([^"\\]*)")')
_META_HEAD = b'{"_meta":'


_DOC_HEAD = b'{"id":"'
_DIGITS = frozenset(b"0123456789")


def _doc_marks(data: bytes, start: int) -> list[tuple[int, int, bytes]]:
    """Each document in a shard: where its key starts, where the document starts, its
    raw id. What ``_DOC_AT`` matches, found by jumping from one ``{"id":"`` to the
    next (the regex tried every comma of the file: 0.2 s a shard, holding the GIL)."""
    marks = []
    for pos in stepwise(_found(data, _DOC_HEAD, start), 500):
        key = pos - 2  # before it, the document's key: [{,]"digits":
        while key > 0 and data[key - 1] in _DIGITS:
            key -= 1
        m = _DOC_AT.match(data, key - 2) if key >= 2 else None
        if m is not None and m.start(1) == pos:
            marks.append((m.start(), m.start(1), m.group(2)))
    return marks


def _found(data: bytes, needle: bytes, start: int) -> Iterator[int]:
    """Every place ``needle`` starts in ``data`` from ``start`` on (not overlapping)."""
    pos = data.find(needle, start)
    while pos >= 0:
        yield pos
        pos = data.find(needle, pos + len(needle))


def _index_shard(path: Path, kind: str) -> tuple[memoryview, dict[str, tuple[int, int]]] | None:
    """The bytes of a shard and each document's span in them, found without parsing
    the documents; None when the file is not in the expected layout (or cannot be
    read): the caller then reads it the general way, which reports any damage."""
    found = _shard_spans(path, kind)
    if found is None:
        return None
    data, found_spans = found
    spans: dict[str, tuple[int, int]] = {}
    for raw_id, start, end in found_spans:
        spans.setdefault(raw_id.decode("utf-8", "replace"), (start, end))  # the first of an id wins
    return data, spans


def _shard_spans(path: Path, kind: str) -> tuple[memoryview, list[tuple[bytes, int, int]]] | None:
    """The bytes of a shard and (raw id, start, end) of every document, in the file's
    order; None as for ``_index_shard``."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_META_HEAD) or not data.endswith(b"}}"):
        return None
    meta_end = data.find(b"}},", len(_META_HEAD))
    if meta_end < 0:
        return None
    try:
        meta = orjson.loads(data[len(_META_HEAD) : meta_end + 2])
        _check_meta(path, {META: meta}, kind)
    except (orjson.JSONDecodeError, AttributeError, ForeignDatabase, CorruptDatabase, NewerSchema):
        return None
    marks = _doc_marks(data, meta_end)
    for number, (at, _, _) in enumerate(marks, start=1):
        if not data.startswith(b'"%d":' % number, at + 1):
            return None  # documents not numbered 1, 2, 3…, or one the marks missed (an id with an escape)
    ends = [mark[0] for mark in marks[1:]] + [len(data) - 2]  # the last closes the table and the file
    return memoryview(data), [(raw_id, start, end) for (_, start, raw_id), end in zip(marks, ends)]


@dataclass
class _Tail:
    """What a store knows of a text shard it wrote: its ids, its last key, its stamp."""

    ids: set[str]
    count: int
    stamp: tuple[int, int] | None


class Store:
    """Open database folder. ``write=True`` takes the writer lock."""

    def __init__(
        self, root: Path | str | None = None, *, write: bool = False, command: str = "curator", create: bool = True
    ) -> None:
        """``create``: a writable store may make a new database (in a new or empty folder only)."""
        self.root = Path(root) if root is not None else default_db_path()
        self.write = write
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
        data = read_tables(path)
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
            storage_data = read_tables(path)
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
            db = TinyDB(path, storage=AtomicJSONStorage, read_only=not self.write, preload=storage_data)
            if storage_data is None and self.write:
                db.table(META).insert({"kind": KINDS[name], "schema_version": SCHEMA_VERSION})
        else:  # rebuildable: read as committed, written only by ``_replace``
            data = self._read_part(name, KINDS[name])
            path = self._path(name) or self.root / name
            db = TinyDB(path, storage=AtomicJSONStorage, read_only=True, preload=data if data is not None else {})
        self._dbs[name] = db
        return db

    def _shard(self, family: str, shard: str) -> TinyDB:
        """A shard, read on first use and kept while among the ``OPEN_SHARDS`` of its
        family used most recently (all 64 of a 100,000-article archive, parsed, take
        gigabytes)."""
        key = (family, shard)
        db = self._shards.get(key)
        if db is not None:
            with self._shard_lock:
                if self._shards.get(key) is db:  # most recently used goes last
                    del self._shards[key]
                    self._shards[key] = db
            return db
        stamp = self._shard_writes
        logical = f"{family}/{shard}.json"
        data = self._read_part(logical, SHARD_KINDS[family])
        path = self._path(logical) or self.root / logical
        db = TinyDB(path, storage=AtomicJSONStorage, read_only=True, preload=data if data is not None else {})
        with self._shard_lock:
            if self._shard_writes == stamp:
                db = self._shards.setdefault(key, db)
                same = [k for k in self._shards if k[0] == family]
                for old in same[: max(0, len(same) - OPEN_SHARDS)]:
                    del self._shards[old]
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

    # -- backups -------------------------------------------------------------
    def _backup_curation(self) -> None:
        """Keep the last few good copies of the precious file (see ``backups.py``)."""
        from curator.store.backups import take_backup  # it imports this module

        take_backup(self.root, checked=True)  # checked just now, under the lock

    def backups(self) -> list[Path]:
        return sorted((self.root / "backups").glob("curation-*.json"), reverse=True)

    # -- archive -------------------------------------------------------------
    def files(self) -> dict[str, dict[str, Any]]:
        """Ingested source files: their key (``file_record_key``) -> {source_file, sha256, article_ids, ...}."""
        return {file_record_key(doc): dict(doc) for doc in self._rows(self.files_db, "files")}

    def article_index(self) -> dict[str, list[Any]]:
        """The list view of every article as columns (see ``INDEX_COLUMNS``), in ingest order.

        Also ``entity_count``: article id -> number of entities, as of the last resolve,
        and ``search`` (``SEARCH_COLUMN``): each row's folded title, author and outlet.
        An index written before ``search`` existed gets it computed here, and saved
        when the store is writable, so only the first open pays for it.
        """
        rows = self._rows(self.index_db, "columns")
        cols: dict[str, Any] = dict(rows[0]) if rows else {}
        for name in INDEX_COLUMNS:
            cols.setdefault(name, [])
        cols.setdefault("entity_count", {})
        search = cols.get(SEARCH_COLUMN)
        if not isinstance(search, list) or len(search) != len(cols["id"]):
            cols[SEARCH_COLUMN] = search_texts(cols["title"], cols["author"], cols["outlet"])
            if self.write and cols["id"]:
                try:
                    self._replace("index.json", {"columns": [cols]})
                except SaveFailed:
                    pass  # a cache only: computed again next time
        return cols

    def article_listing(self, columns: tuple[str, ...] | None = None) -> Listing:
        """The article index as a :class:`Listing`: from ``index.listing.npz`` when it
        was written with the index as it is (no parsing, milliseconds at 100,000
        articles), else built from ``index.json`` and, in a writable store, saved.

        ``columns``: a reader needing only these text columns (with ``id`` and
        ``duplicate_of``) gets a listing of them alone, not kept by the store."""
        listing = self._listing
        if listing is not None:
            return listing
        if columns is not None:
            index_path = self._path("index.json")
            token = index_token(index_path) if index_path is not None else None
            found = Listing.read(self.root / LISTING_FILE, token, columns) if token is not None else None
            if found is not None:
                return found
        index_path = self._path("index.json")
        token = index_token(index_path) if index_path is not None else None
        if token is not None:
            listing = Listing.read(self.root / LISTING_FILE, token)
        if listing is None:
            cols = self.article_index()
            listing = Listing.from_columns(cols)
            if self.write and cols["id"]:
                try:
                    if token is None:  # an index from before listings: give it a token
                        token = self._replace("index.json", {"columns": [cols]}, keep=True)
                    listing.write(self.root / LISTING_FILE, token)
                except SaveFailed:
                    pass  # a cache only: built again next time
        self._listing = listing
        self._listing_due = False
        return listing

    def article_count(self) -> int:
        if self._listing is not None:
            return len(self._listing)
        return len(self.article_index()["id"])

    def articles(self) -> list[Article]:
        """All articles' full metadata, in ingest order (``text`` is empty).

        Reads every text shard: meant for bulk work (ingest, export), not the UI.
        """
        order = {art_id: i for i, art_id in enumerate(self.article_index()["id"])}
        out = []
        for doc in self._article_docs():
            art = Article.from_dict(doc)
            art.text = ""
            out.append(art)
        out.sort(key=lambda a: order.get(a.id, len(order)))
        return out

    def _article_docs(self) -> Iterator[dict[str, Any]]:
        """Every stored article document, shard by shard (none kept)."""
        for _, tables in self._bulk_shards(("texts",)):
            yield from tables["texts"].get("articles", {}).values()

    def article_text(self, article_id: str) -> str:
        art = self.article(article_id)
        return art.text if art is not None else ""

    def iter_texts(self) -> Iterator[tuple[str, str]]:
        """Every article's (id, text), shard by shard (for bulk work like resolve).

        Shards are read one at a time and not kept: the whole archive is never
        in memory at once.
        """
        for doc in self._article_docs():
            yield doc["id"], doc.get("text", "")

    def iter_titles_and_texts(self) -> Iterator[tuple[str, str | None, str]]:
        """Every article's (id, title as ingested, text), shard by shard (for resolve:
        the title's names are mentions too)."""
        for doc in self._article_docs():
            title = doc.get("title") or {}
            yield doc["id"], title.get("value") if isinstance(title, dict) else None, doc.get("text", "")

    def iter_articles_with_mentions(self) -> Iterator[tuple[Article, list[Mention]]]:
        """Every article of the index with its mentions, shard by shard, in no
        particular order (bulk work like export; shards are read one at a time and
        not kept). A document the index does not list (left by a version before
        commit records, interrupted) is not an article: stats would not count it."""
        listed = self.article_listing().positions()
        for _, doc, mentions in self.iter_article_documents():
            if doc.get("id") not in listed:
                continue
            yield Article.from_dict(doc), [Mention.from_dict(m) for m in mentions]

    def iter_article_documents(self) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        """Every stored article document with its stored mentions, as (shard, document,
        mentions), shard after shard, listed in the index or not.

        A shard in the layout curator writes is held as bytes and parsed one document
        at a time (a parsed shard takes several times its size); another is parsed
        whole, which names any damage."""
        record = self._record.copy()  # the state when the walk began, to its end
        for shard in sorted(set(record.shards("texts")) | set(record.shards("mentions"))):
            texts = self._shard_documents(record, "texts", shard, "articles")
            mentions = self._shard_documents(record, "mentions", shard, "mentions")
            by_id = {doc_id: at for at, (doc_id, _) in enumerate(mentions)}  # the last of an id wins
            for doc_id, text in texts:
                doc = text()
                at = by_id.get(doc_id) if isinstance(doc_id, str) else None
                yield shard, doc, mentions[at][1]().get("mentions", []) if at is not None else []

    def _shard_documents(
        self, record: CommitRecord, family: str, shard: str, table: str
    ) -> list[tuple[Any, Callable[[], dict[str, Any]]]]:
        """A shard's documents as (id, parse it), in the file's order (see ``iter_article_documents``)."""
        logical = f"{family}/{shard}.json"
        if logical not in record.files:
            return []
        path = self.root / record.files[logical]
        found = _shard_spans(path, SHARD_KINDS[family])
        if found is None:
            data = read_tables(path)
            if data is None:
                raise self._vanished(path)
            _check_meta(path, data, SHARD_KINDS[family])
            return [(doc.get("id"), lambda doc=doc: doc) for doc in data.get(table, {}).values()]
        raw, spans = found

        def parse(start: int, end: int) -> dict[str, Any]:
            try:
                doc = orjson.loads(raw[start:end])
            except orjson.JSONDecodeError:
                doc = None
            if not isinstance(doc, dict):
                read_tables(path)  # raises, naming the damage
                raise CorruptDatabase(path, "is not in the layout curator writes")
            return doc

        return [
            (raw_id.decode("utf-8", "surrogatepass"), lambda start=start, end=end: parse(start, end))
            for raw_id, start, end in spans
        ]

    def _bulk_shards(self, families: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Tables]]]:
        """Each shard name with the tables of each family, read now and not cached
        (a shard already open is taken from memory)."""
        record = self._record.copy()  # the state when the walk began, to its end
        names = sorted({shard for family in families for shard in record.shards(family)})
        for shard in names:
            tables: dict[str, Tables] = {}
            for family in families:
                logical = f"{family}/{shard}.json"
                open_db = self._shards.get((family, shard))
                if open_db is not None and record.files.get(logical) == self._record.files.get(logical):
                    data = open_db.storage.read() or {}
                elif logical in record.files:
                    path = self.root / record.files[logical]
                    found = read_tables(path)
                    if found is None:
                        raise self._vanished(path)
                    _check_meta(path, found, SHARD_KINDS[family])
                    data = found
                else:
                    data = {}
                tables[family] = data
            yield shard, tables

    def article(self, article_id: str) -> Article | None:
        """One article in full, with its text (reads one shard)."""
        doc = self._doc("texts", "articles", article_id)
        return Article.from_dict(doc) if doc is not None else None

    def _doc(self, family: str, table: str, doc_id: str) -> dict[str, Any] | None:
        """The document of ``doc_id`` in its shard.

        Through the shard's bytes (``_raw_index``): only that document is parsed.
        A shard in another layout (written by another tool) is parsed whole and
        scanned, as every shard was before.
        """
        shard = shard_of(doc_id)
        raw = self._raw_index(family, shard)
        if raw is not None:
            data, spans = raw
            span = spans.get(doc_id)
            if span is None:
                return None
            try:
                found_doc = orjson.loads(data[span[0] : span[1]])
            except orjson.JSONDecodeError:
                found_doc = None
            if isinstance(found_doc, dict) and found_doc.get("id") == doc_id:
                return found_doc
        return next((d for d in self._rows(self._shard(family, shard), table) if d.get("id") == doc_id), None)

    def _raw_index(self, family: str, shard: str) -> tuple[memoryview, dict[str, tuple[int, int]]] | None:
        """A shard's bytes and where each document lies in them (None: read it whole).

        Kept for every shard once read: the bytes take about what the file does
        (0.5 GB at 100,000 articles), where the parsed shards took ten times that.
        """
        key = (family, shard)
        with self._shard_lock:
            if key in self._raw:
                return self._raw[key]
            stamp = self._shard_writes
        path = self._path(f"{family}/{shard}.json")
        found = _index_shard(path, SHARD_KINDS[family]) if path is not None else None
        with self._shard_lock:
            if self._shard_writes == stamp:  # not rewritten meanwhile
                self._raw[key] = found
        return found

    def drop_read_cache(self) -> None:
        """Let go of the shards kept from single-article reads (``article``, ``mentions``)."""
        with self._shard_lock:
            self._raw.clear()
            self._shards.clear()

    def warm_shards(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Read every text and mention shard's bytes ahead, so opening an article reads
        no file (for a background thread: reading the files leaves the UI running)."""
        for family in ("texts", "mentions"):
            for shard in stepwise(self._record.shards(family), 1):
                if cancelled():
                    return
                self._raw_index(family, shard)

    def save_articles(
        self,
        articles: Iterable[Article],
        files: Iterable[dict[str, Any]] = (),
        remove_ids: Iterable[str] = (),
    ) -> None:
        """Insert or replace articles (by id) and file records, in one pass and one
        commit (or as part of the open ``transaction``).

        Each touched file is written once per call; call in batches. An article
        whose text changed loses its stored mentions in the same commit: their
        offsets point into the old text (the next resolve finds them again).
        """
        with self.transaction():
            self._save_articles(articles, files, remove_ids)

    def _save_articles(
        self,
        articles: Iterable[Article],
        files: Iterable[dict[str, Any]],
        remove_ids: Iterable[str],
    ) -> None:
        articles = list(articles)
        new_ids = {a.id for a in articles}
        removed = set(remove_ids) - new_ids
        by_shard: dict[str, dict[str, dict[str, Any] | None]] = {}
        for art in articles:
            by_shard.setdefault(shard_of(art.id), {})[art.id] = art.to_dict()
        for art_id in removed:
            by_shard.setdefault(shard_of(art_id), {})[art_id] = None
        changed: set[str] = set()
        for shard, docs in by_shard.items():
            changed |= self._save_text_shard(shard, docs)
        self._drop_mentions(changed | removed)
        files = list(files)
        if files:
            # A record replaces the one of the same file, and the older-format record it takes over.
            names = {file_record_key(f) for f in files} | {f["replaces"] for f in files if f.get("replaces")}
            rows = [d for d in self._rows(self.files_db, "files") if file_record_key(d) not in names]
            rows.extend(files)
            self._replace("files.json", {"files": rows}, keep=True)
        # Copies: the cached columns must not change unless the new index is saved.
        cols = {k: list(v) if isinstance(v, list) else v for k, v in self.article_index().items()}
        position = {art_id: i for i, art_id in enumerate(cols["id"])}
        for art in articles:
            values = {
                "id": art.id,
                "source_file": art.source_file,
                "file_index": art.file_index,
                "published": art.published.value,
                "title": art.title.value,
                "author": art.author.value,
                "outlet": art.outlet.value,
                "duplicate_of": art.duplicate_of,
                "content_hash": art.content_hash,
            }
            i = position.get(art.id)
            if i is None:
                position[art.id] = len(cols["id"])
                for name in INDEX_COLUMNS:
                    cols[name].append(values[name])
                cols[SEARCH_COLUMN].append("")
            else:
                for name in INDEX_COLUMNS:
                    cols[name][i] = values[name]
        if articles:
            at = [position[art.id] for art in articles]
            folded = search_texts(
                (cols["title"][i] for i in at), (cols["author"][i] for i in at), (cols["outlet"][i] for i in at)
            )
            for i, text in zip(at, folded):
                cols[SEARCH_COLUMN][i] = text
        if removed:
            keep_rows = [i for i, art_id in enumerate(cols["id"]) if art_id not in removed]
            for name in (*INDEX_COLUMNS, SEARCH_COLUMN):
                cols[name] = [cols[name][i] for i in keep_rows]
        if removed or changed:
            stale = removed | changed
            cols["entity_count"] = {k: v for k, v in cols["entity_count"].items() if k not in stale}
        self._replace("index.json", {"columns": [cols]}, keep=True)

    def _save_text_shard(self, shard: str, docs: dict[str, dict[str, Any] | None]) -> set[str]:
        """Write one text shard with ``docs`` added, replaced or (None) removed; returns
        the ids of replaced articles whose text is not what it was.

        A shard this store wrote itself, unchanged since, that only gains new
        articles is extended as bytes: the file is copied with the new documents
        before its closing braces, without parsing or encoding what it held.
        Ingest adds thousands of articles per batch to every shard, so this keeps
        a 100,000-article ingest linear. Anything else decodes and rewrites it.
        """
        path = self._path(f"texts/{shard}.json")
        tail = self._tails.get(shard)
        if (
            path is not None
            and tail is not None
            and None not in docs.values()
            and tail.ids.isdisjoint(docs)
            and tail.stamp == _stamp(path)
        ):
            old = path.read_bytes()
            if old.endswith(b"}}"):
                pieces = b",".join(
                    b'"%d":%s' % (tail.count + i, orjson.dumps(doc)) for i, doc in enumerate(docs.values(), start=1)
                )
                path = self._write_shard("texts", shard, old[:-2] + (b"," if tail.count else b"") + pieces + b"}}")
                tail.ids.update(docs)
                tail.count += len(docs)
                tail.stamp = _stamp(path)
                return set()
        rows = self._rows(self._shard("texts", shard), "articles")
        # Mentions point into the text and into the title as ingested: either changed, they are stale.
        changed = {
            d["id"] for d in rows
            if d.get("id") in docs and docs[d["id"]] is not None
            and (docs[d["id"]].get("text") != d.get("text") or _title_value(docs[d["id"]]) != _title_value(d))  # type: ignore[arg-type]
        }
        keep = [d for d in rows if d.get("id") not in docs]
        keep.extend(d for d in docs.values() if d is not None)
        path = self._replace_shard("texts", shard, {"articles": keep})
        self._tails[shard] = _Tail({d["id"] for d in keep}, len(keep), _stamp(path))
        return changed

    def _drop_mentions(self, article_ids: set[str]) -> None:
        """Withhold the stored mentions of these articles (in the open transaction)."""
        by_shard: dict[str, set[str]] = {}
        for art_id in article_ids:
            by_shard.setdefault(shard_of(art_id), set()).add(art_id)
        for shard, ids in by_shard.items():
            if f"mentions/{shard}.json" not in self._record.files:
                continue
            rows = self._rows(self._shard("mentions", shard), "mentions")
            keep = [d for d in rows if d.get("id") not in ids]
            if len(keep) != len(rows):
                self._replace_shard("mentions", shard, {"mentions": keep})

    def save_entity_counts(self, counts: dict[str, int]) -> None:
        """Store each article's entity count (after a resolve) in the index."""
        cols = dict(self.article_index())
        cols["entity_count"] = counts
        self._replace("index.json", {"columns": [cols]}, keep=True)

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
            self._dbs[name] = TinyDB(path, storage=AtomicJSONStorage, read_only=read_only, preload=data)
        return token

    def _reopen(self, name: str) -> None:
        db = self._dbs.pop(name, None)
        if db is not None:
            db.close()

    def _replace_shard(self, family: str, shard: str, tables: dict[str, list[dict[str, Any]]]) -> Path:
        return self._write_shard(family, shard, encode_tables(_with_meta(SHARD_KINDS[family], tables)))

    def _write_shard(self, family: str, shard: str, payload: bytes) -> Path:
        """Write a shard's new version in the open transaction; returns its path."""
        with self._shard_lock:
            self._shard_writes += 1
            db = self._shards.pop((family, shard), None)
            self._raw.pop((family, shard), None)
        path = self._write_part(f"{family}/{shard}.json", payload)
        with self._shard_lock:
            self._shard_writes += 1  # a read that began before the write ended is not kept
            stale = self._shards.pop((family, shard), None)
            self._raw.pop((family, shard), None)
        for old in (db, stale):
            if old is not None:
                old.close()
        return path

    # -- mentions and resolution (rebuildable) -------------------------------
    def mentions(self, article_id: str) -> list[Mention]:
        doc = self._doc("mentions", "mentions", article_id)
        return [Mention.from_dict(m) for m in doc.get("mentions", [])] if doc is not None else []

    def save_mentions(self, by_article: dict[str, list[Mention]]) -> None:
        """Replace every article's mentions (a full rebuild)."""
        self.save_mention_docs({art_id: [m.to_dict() for m in ms] for art_id, ms in by_article.items()})

    def save_mention_docs(self, by_article: dict[str, list[dict[str, Any]] | bytes]) -> None:
        """``save_mentions`` with each article's mentions in their stored form
        (``Mention.to_dict``), or that list already encoded as JSON."""
        with self.transaction():
            self._save_mention_docs(by_article)

    def _save_mention_docs(self, by_article: dict[str, list[dict[str, Any]] | bytes]) -> None:
        by_shard: dict[str, list[dict[str, Any]]] = {}
        for art_id in sorted(by_article):
            docs = by_article[art_id]
            stored = orjson.Fragment(docs) if isinstance(docs, bytes) else docs
            by_shard.setdefault(shard_of(art_id), []).append({"id": art_id, "mentions": stored})
        existing = set(self._record.shards("mentions"))
        for shard in existing | set(by_shard):
            self._replace_shard("mentions", shard, {"mentions": by_shard.get(shard, [])})

    def part_pieces(self, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """The documents of ``resolution.json`` or ``files.json`` as (table, {key:
        document}) pieces (``storage.table_pieces``), header checked: for a reader that
        keeps only what it needs of each, so the file is never held parsed. A file in
        another layout is parsed whole, as every reader does (which names any damage)."""
        path = self._path(name)
        if path is None:
            return
        raw = read_file_bytes(path)
        if raw is None:
            raise self._vanished(path)
        pieces = table_pieces(raw, piece=1 << 16)  # small pieces: at least one document each
        yielded = False
        try:
            for table, docs in pieces:
                if not yielded:
                    _check_meta(path, {META: docs} if table == META else {META: {}}, KINDS[name])
                    yielded = True
                yield table, docs
        except NotInLayout:
            data = read_tables(path)  # damage raises here, naming the file
            if yielded or data is None:
                raise CorruptDatabase(path, "is not in the layout curator writes (it changed while read?)") from None
            _check_meta(path, data, KINDS[name])
            yield from data.items()

    def load_resolution(self) -> dict[str, list[dict[str, Any]]]:
        data = self.resolution.storage.read() or {}
        return {name: list(docs.values()) for name, docs in data.items() if name != META}

    def save_resolution(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        self._require_write()
        self._replace("resolution.json", tables)  # its own commit, unless in a transaction

    # -- curation (precious) -------------------------------------------------
    def history(self) -> list[Decision]:
        docs = self.curation.table("history").all()
        return sorted((Decision.from_dict(d) for d in docs), key=lambda d: d.seq)

    def append_decision(self, decision: Decision) -> None:
        """Save one decision durably; returns only once it is on disk."""
        self._require_write()
        self.curation.table("history").insert(decision.to_dict())

    def set_undone(self, seqs: Iterable[int], undone: bool, undone_after: int | None = None) -> None:
        """Mark decisions undone (with the newest seq at that moment) or in effect again."""
        self._require_write()
        wanted = set(seqs)
        self.curation.table("history").update(
            {"undone": undone, "undone_after": undone_after if undone else None},
            cond=lambda doc: doc.get("seq") in wanted,
        )

    def replace_history(self, decisions: list[Decision]) -> None:
        self._require_write()
        self._replace("curation.json", {"history": [d.to_dict() for d in decisions]})
