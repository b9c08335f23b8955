"""What every curator database file is: a TinyDB file with a ``_meta`` header.

A file is a JSON object of tables, each table an object of documents keyed "1",
"2", ... (TinyDB's own format, so TinyDB can open every file). Its first table,
``_meta``, holds one document: ``{"kind": "curator.index" | ..., "schema_version": 1}``
(``KINDS``, ``SHARD_KINDS``), checked whenever the file is opened: a file of
another kind, or from a newer curator, is refused with its name.
Every file is written whole and atomically (``storage.atomic_write_bytes``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curator.store.errors import CorruptDatabase, ForeignDatabase, NewerSchema
from curator.store.storage import Tables, atomic_write_bytes, encode_tables


SCHEMA_VERSION = 1
META = "_meta"
BACKUPS_KEPT = 5

KINDS = {
    "index.json": "curator.index",
    "files.json": "curator.files",
    "resolution.json": "curator.resolution",
    "curation.json": "curator.curation",
}
SHARD_KINDS = {"texts": "curator.texts", "mentions": "curator.mentions"}
EAGER = ("curation.json",)  # checked at open: the precious file must be sound before work starts


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


def _stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: enough to notice that a file changed under us."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
