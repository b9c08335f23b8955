"""Persistence: a database folder of JSON files, atomic and durable writes, a writer lock.

What TinyDB is used for, and what is not:

- **The file format.** Every file is a TinyDB file (tables of documents keyed
  "1", "2", ...; ``file_format``), so any of them opens in TinyDB as it is.
- **The history table.** ``curation.json``, the one precious file, is written
  through TinyDB's own API (``insert``, ``update``) on ``AtomicJSONStorage``,
  which replaces the file atomically and fsyncs it: a decision is on disk,
  whole, when the call returns (``history``).
- Everything else is read and written by the store itself. Rebuildable files
  (the index, text and mention shards, the resolution) are written whole as new
  versions and made visible by one commit record (``commit``, ``database``).
  The big ones are read as bytes (``byte_layout``): one article's document found
  in its shard's bytes and parsed alone, a big file parsed a piece at a time, a
  shard extended by appending bytes, the listing cache's token read from the
  index's first bytes. TinyDB parses a whole file for any read and rewrites a
  whole file for any write, which at 100,000 articles means hundreds of MB for
  one article or one decision; these readers rely on the layout curator writes
  and fall back to a full parse for any other.

One module per family of files, each with its format in its docstring:
``article_index`` (``index.json``, ``files.json``; the listing cache in
``listing``), ``shards`` (``texts/``, ``mentions/``), ``resolution``
(``resolution.json``), ``history`` (``curation.json``; copies in ``backups``).
``database`` holds :class:`Store`, which opens the folder and owns the commit.
"""

from curator.store.database import Store, default_db_path
from curator.store.errors import (
    CorruptDatabase,
    DatabaseChanged,
    DatabaseLocked,
    ForeignDatabase,
    NewerSchema,
    ReadOnlyStore,
    SaveFailed,
    StoreError,
)

__all__ = [
    "CorruptDatabase",
    "DatabaseChanged",
    "DatabaseLocked",
    "ForeignDatabase",
    "NewerSchema",
    "ReadOnlyStore",
    "SaveFailed",
    "Store",
    "StoreError",
    "default_db_path",
]
