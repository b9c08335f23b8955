"""``authority.json``: the authority entries imported into this database.

Imported knowledge is kept like the curator's decisions: one small file, replaced
whole through a temporary file, ``fsync`` and an atomic rename (and an ``fsync``
of the folder), under the writer lock. A kill at any moment leaves the old file
or the new one. It is not rebuildable from the archive, so it is never part of
the commit record's generations; an import adds to it and never drops an entry.

The entries were checked against the schema when they were imported, so a file
curator wrote is read without checking them again: it carries the SHA-256 of its
entries (``digest``), and when they still hash to it they are taken as written
(the checks grow with the aliases; hashing is far cheaper). A
file without the digest, or edited by hand so that it no longer matches, is
checked in full, and refused with the problem named when it is not valid. What
was read is kept per process by the file's modification time and size.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from curator.authority.entries import AuthorityEntry
from curator.store.errors import CorruptDatabase, NewerSchema
from curator.store.storage import atomic_write_bytes, read_file_bytes

AUTHORITY_FILE = "authority.json"
KIND = "curator.authority"
FORMAT = 1
_ADVICE = "Move it aside and import your authority file again ('curator authority import FILE')."


@dataclass
class StoredAuthority:
    """What a database holds: its imported entries and whether the shipped default applies too."""

    entries: list[AuthorityEntry] = field(default_factory=list)
    use_default: bool = True


# path -> ((mtime_ns, size, inode), entries, use_default): what was read last, per process.
_READ: dict[Path, tuple[tuple[int, int, int], tuple[AuthorityEntry, ...], bool]] = {}


def _digest(entities: Any) -> str:
    return hashlib.sha256(orjson.dumps(entities)).hexdigest()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _stored(entries: tuple[AuthorityEntry, ...], use_default: bool) -> StoredAuthority:
    # copies: a caller may add to an entry's aliases (an import) without changing what is kept
    return StoredAuthority([e.copy() for e in entries], use_default)


def read_authority(root: Path) -> StoredAuthority:
    """The database's authority (empty, default on, when it has none). Raises ``CorruptDatabase``."""
    # No cycle collection while the file's objects are made: none are cycles, and the
    # collector's passes over them cost more than making them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_authority(Path(root) / AUTHORITY_FILE)
    finally:
        if enabled:
            gc.enable()


def _read_authority(path: Path) -> StoredAuthority:
    stamp = _stamp(path)
    cached = _READ.get(path)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return _stored(cached[1], cached[2])
    raw = read_file_bytes(path, "an authority file")
    if raw is None:
        _READ.pop(path, None)
        return StoredAuthority()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptDatabase(path, f"is not valid JSON ({exc})", _ADVICE) from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise CorruptDatabase(path, "is not a curator authority file", _ADVICE)
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CorruptDatabase(path, "has no valid format number", _ADVICE)
    if version > FORMAT:
        raise NewerSchema(path, version, FORMAT)
    entities = data.get("entities", [])
    entries = _as_written(entities, data.get("digest"))
    if entries is None:
        from curator.authority.reading import AuthorityFileError, read_json_text

        try:
            entries = read_json_text(orjson.dumps(entities).decode(), path).entries
        except AuthorityFileError as exc:
            raise CorruptDatabase(path, f"holds an entry that is not valid ({exc.problems[0]})", _ADVICE) from None
    use_default = bool(data.get("use_default", True))
    if stamp is not None and stamp == _stamp(path):  # not replaced while it was read
        _READ[path] = (stamp, tuple(entries), use_default)
    return _stored(tuple(entries), use_default)


def _as_written(entities: Any, digest: Any) -> list[AuthorityEntry] | None:
    """The entries as curator wrote them (checked at their import), or None when the file does not
    carry their digest or they no longer match it: then they are checked in full."""
    if not isinstance(digest, str) or not isinstance(entities, list) or _digest(entities) != digest:
        return None
    try:
        return [AuthorityEntry.from_dict(e) for e in entities]
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


def write_authority(root: Path, stored: StoredAuthority) -> None:
    """Replace ``authority.json`` atomically and durably (raises ``SaveFailed``)."""
    entities = [e.to_dict() for e in sorted(stored.entries, key=lambda e: e.id)]
    payload = orjson.dumps(
        {
            "kind": KIND,
            "format": FORMAT,
            "use_default": stored.use_default,
            "digest": _digest(entities),  # of the entries as checked: read back without checking them again
            "entities": entities,
        },
        option=orjson.OPT_INDENT_2,
    )
    path = Path(root) / AUTHORITY_FILE
    _READ.pop(path, None)
    atomic_write_bytes(path, payload)
