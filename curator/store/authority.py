"""``authority.json``: the authority entries imported into this database.

Imported knowledge is kept like the curator's decisions: one small file, replaced
whole through a temporary file, ``fsync`` and an atomic rename (and an ``fsync``
of the folder), under the writer lock. A kill at any moment leaves the old file
or the new one. It is not rebuildable from the archive, so it is never part of
the commit record's generations; an import adds to it and never drops an entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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


def read_authority(root: Path) -> StoredAuthority:
    """The database's authority (empty, default on, when it has none). Raises ``CorruptDatabase``."""
    path = Path(root) / AUTHORITY_FILE
    raw = read_file_bytes(path, "an authority file")
    if raw is None:
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
    from curator.authority.reading import AuthorityFileError, read_json_text

    try:
        entries = read_json_text(orjson.dumps(data.get("entities", [])).decode(), path).entries
    except AuthorityFileError as exc:
        raise CorruptDatabase(path, f"holds an entry that is not valid ({exc.problems[0]})", _ADVICE) from None
    return StoredAuthority(entries, bool(data.get("use_default", True)))


def write_authority(root: Path, stored: StoredAuthority) -> None:
    """Replace ``authority.json`` atomically and durably (raises ``SaveFailed``)."""
    payload = orjson.dumps(
        {
            "kind": KIND,
            "format": FORMAT,
            "use_default": stored.use_default,
            "entities": [e.to_dict() for e in sorted(stored.entries, key=lambda e: e.id)],
        },
        option=orjson.OPT_INDENT_2,
    )
    atomic_write_bytes(Path(root) / AUTHORITY_FILE, payload)
