"""The commit record: ``commit.json`` names the one file that holds each rebuildable part.

The rebuildable files (``index.json``, ``files.json``, ``resolution.json``, the text
and mention shards) are never rewritten in place. A save writes each new version
under a name of its own (``texts/03.g000012.json``: generation 12), and only then
replaces ``commit.json``, atomically, naming the new versions. That rename is the
one commit point of a batch of ingest or of a resolve: before it, readers and the
next writer see the last complete state; after it, the new one, whole.

A file's name is never reused, so a reader that read the record once and then
opens the files it names sees one state or, if a writer has since removed a
version it was still reading, finds it missing and says so: it never sees a mix.

A database written before commit records (no ``commit.json``) is read as
"everything present at its plain name is committed"; its first writable open
writes the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from curator.store.errors import CorruptDatabase, NewerSchema
from curator.store.storage import atomic_write_bytes, read_file_bytes

COMMIT_FILE = "commit.json"
KIND = "curator.commit"
FORMAT = 1
FAMILIES = ("texts", "mentions")
SINGLE = ("index.json", "files.json", "resolution.json")

# A part's logical name: one of SINGLE, or family/NN.json (NN: two hex digits).
_LOGICAL = re.compile(r"^(?:(index|files|resolution)|(texts|mentions)/([0-9a-f]{2}))\.json$")
# A version's file name: the logical name, with .gNNNNNN before .json for generations >= 1.
_PHYSICAL = re.compile(r"^(?:(index|files|resolution)|(texts|mentions)/([0-9a-f]{2}))(?:\.g(\d{6,}))?\.json$")
# What the atomic writes leave behind when killed: .NAME.random.tmp
_TEMP = re.compile(r"^\.(?:index|files|resolution|[0-9a-f]{2})(?:\.g\d{6,})?\.json\..+\.tmp$")


@dataclass
class CommitRecord:
    """Generation number and, for each part present, the file (relative path) holding it."""

    generation: int = 0
    files: dict[str, str] = field(default_factory=dict)

    def copy(self) -> CommitRecord:
        return CommitRecord(self.generation, dict(self.files))

    def shards(self, family: str) -> list[str]:
        """The shard names (``"03"``) of a family that this record holds, sorted."""
        prefix = family + "/"
        names = list(self.files)  # one step: another thread may be adding a part
        return sorted(name[len(prefix) : -len(".json")] for name in names if name.startswith(prefix))


def version_name(logical: str, generation: int) -> str:
    """The file name of ``logical``'s version written in ``generation``."""
    return logical if generation <= 0 else f"{logical[: -len('.json')]}.g{generation:06d}.json"


def is_version_name(relative: str) -> bool:
    """Whether ``relative`` (a path inside the database, POSIX) is some version of a
    rebuildable part, or a temporary file of one: what cleaning up may remove."""
    name = relative.rsplit("/", 1)[-1]
    return bool(_PHYSICAL.match(relative)) or bool(_TEMP.match(name))


def _logical_of(physical: str) -> str | None:
    m = _PHYSICAL.match(physical)
    if m is None:
        return None
    return f"{m.group(1)}.json" if m.group(1) else f"{m.group(2)}/{m.group(3)}.json"


def read_commit(root: Path) -> CommitRecord | None:
    """The record in ``root``; None when there is none (a database from before records).

    Raises ``CorruptDatabase`` when it is damaged or names a file outside the
    database, ``NewerSchema`` when a newer curator wrote it."""
    path = root / COMMIT_FILE
    raw = read_file_bytes(path, "a commit record")
    if raw is None:
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptDatabase(path, f"is not valid JSON ({exc}); it may be truncated") from exc
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise CorruptDatabase(path, "is not a curator commit record")
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CorruptDatabase(path, "has no valid format number")
    if version > FORMAT:
        raise NewerSchema(path, version, FORMAT)
    generation, files = data.get("generation"), data.get("files")
    if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0 or not isinstance(files, dict):
        raise CorruptDatabase(path, "has the wrong shape (generation, files)")
    for logical, physical in files.items():
        # Only names of the expected form: a record can never point outside the folder.
        if not isinstance(physical, str) or not _LOGICAL.match(logical) or _logical_of(physical) != logical:
            raise CorruptDatabase(path, f"names an unexpected file for {logical!r}")
    return CommitRecord(generation, dict(files))


def write_commit(root: Path, record: CommitRecord) -> None:
    """Replace the record atomically and durably (raises ``SaveFailed``): the commit point."""
    payload = orjson.dumps(
        {"kind": KIND, "format": FORMAT, "generation": record.generation, "files": record.files},
        option=orjson.OPT_SORT_KEYS,
    )
    atomic_write_bytes(root / COMMIT_FILE, payload)


def present_versions(root: Path) -> list[str]:
    """Every version file (and temporary file of one) in the database, relative paths."""
    found = []
    for folder, prefix in ((root, ""), *((root / f, f + "/") for f in FAMILIES)):
        try:
            names = [p.name for p in folder.iterdir()]
        except OSError:
            continue
        found.extend(prefix + n for n in names if is_version_name(prefix + n))
    return found


def legacy_record(root: Path) -> CommitRecord:
    """The record a database from before commit records implies: every part present
    at its plain name. Raises ``CorruptDatabase`` if the folder holds versions of a
    later generation: then ``commit.json`` was lost, and guessing could lose work."""
    record = CommitRecord(0, {})
    for relative in present_versions(root):
        m = _PHYSICAL.match(relative)
        if m is None:
            continue  # a temporary file
        if m.group(4) is not None:
            raise CorruptDatabase(
                root / COMMIT_FILE,
                "is missing, but the folder holds files it should name; it was deleted or moved",
            )
        record.files[relative] = relative
    return record


def committed_path(root: Path, logical: str) -> Path:
    """Where the committed version of ``logical`` (``"index.json"``, ``"texts/03.json"``)
    is now (for tools and tests; the store itself reads the record once)."""
    record = read_commit(root) or legacy_record(root)
    return root / record.files.get(logical, logical)
