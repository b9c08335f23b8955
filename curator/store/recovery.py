"""Getting back to the last good state of the precious file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson

from curator.store.backups import backup_time, backups, load_sound_curation
from curator.store.errors import CorruptDatabase, StoreError
from curator.store.lock import WriterLock
from curator.store.storage import atomic_write_bytes, fsync_dir


class NothingToRestore(StoreError):
    """``curation.json`` passes every check: a restore would only roll decisions back."""


def restore_latest_backup(root: Path, *, empty: bool = False) -> str:
    """Replace a damaged ``curation.json`` by the newest backup that passes the checks
    the store makes at open; a line saying what was restored and what it lacks.

    Refuses (``NothingToRestore``) when the file is sound. The damaged file is kept
    beside it as ``curation.json.damaged-<time>``. With no sound backup, ``empty``
    starts a curation file with no decisions (asked for by name: it gives them up).
    """
    root = Path(root)
    lock = WriterLock(root, "curator restore")
    lock.acquire()
    try:
        target = root / "curation.json"
        try:
            current = load_sound_curation(target)
        except StoreError:
            pass  # damaged: what restore is for
        else:
            if current is not None:
                count = len(current.get("history", {}))
                raise NothingToRestore(
                    f"{target}: the file is sound ({count} decisions); nothing to restore. "
                    "The file was left untouched."
                )
        for backup in backups(root):
            try:
                data = load_sound_curation(backup)
            except StoreError:
                continue  # an older curator may have kept a damaged copy
            restored = _seqs(data)
            damaged = _damaged_seqs(target)
            raw = backup.read_bytes()
            aside = None
            existed = target.exists()
            if existed:
                aside = _aside_name(root)
                atomic_write_bytes(aside, target.read_bytes())
            atomic_write_bytes(target, raw)
            fsync_dir(root)
            taken = backup_time(backup)
            if not existed:
                lacks = f"there was no {target.name}"
            elif damaged is None:
                lacks = "what it lacks cannot be counted: the damaged file is not readable JSON"
            else:
                missing = len(damaged - restored)
                lacks = f"it lacks {missing or 'none'} of the {len(damaged)} decisions the damaged file shows"
            kept = f"; the damaged file is kept as {aside.name}" if aside else ""
            return (
                f"restored {target} from {backup.name} (taken {taken}, {len(restored)} decisions): "
                f"{lacks}{kept}"
            )
        if not empty:
            raise CorruptDatabase(
                target,
                "has no sound backup to restore from",
                "Run 'curator restore --empty' to go on with no decisions (the damaged file is kept beside it).",
            )
        return _start_empty(root, target)
    finally:
        lock.release()


def list_backups(root: Path) -> list[tuple[str, str, int | None]]:
    """Each backup, newest first: its name, when it was taken, and its number of
    decisions (None for a backup that does not pass the checks)."""
    found = []
    for backup in backups(Path(root)):
        try:
            count: int | None = len(_seqs(load_sound_curation(backup)))
        except StoreError:
            count = None
        found.append((backup.name, backup_time(backup), count))
    return found


def restore_backup(root: Path, name: str) -> str:
    """Put back the backup called ``name`` (one of ``list_backups``), even over a sound
    file: the way back from a decision made in bulk (``import --replace``). The file
    it replaces is kept beside it."""
    root = Path(root)
    lock = WriterLock(root, "curator restore")
    lock.acquire()
    try:
        chosen = next((b for b in backups(root) if b.name == name), None)
        if chosen is None:
            raise CorruptDatabase(
                root / "backups" / name, "is not one of this database's backups",
                "Run 'curator restore --list' to see them.",
            )
        data = load_sound_curation(chosen)  # raises, naming it, when it is not sound
        target = root / "curation.json"
        aside = None
        if target.exists():
            aside = _aside_name(root, "replaced")
            atomic_write_bytes(aside, target.read_bytes())
        atomic_write_bytes(target, chosen.read_bytes())
        fsync_dir(root)
        kept = f"; the file it replaced is kept as {aside.name}" if aside else ""
        return f"restored {target} from {name} (taken {backup_time(chosen)}, {len(_seqs(data))} decisions){kept}"
    finally:
        lock.release()


def _start_empty(root: Path, target: Path) -> str:
    from curator.store.file_format import KINDS, write_tables

    aside = None
    if target.exists():
        aside = _aside_name(root)
        atomic_write_bytes(aside, target.read_bytes())
    write_tables(target, KINDS["curation.json"], {})
    fsync_dir(root)
    kept = f"; the damaged file is kept as {aside.name}" if aside else ""
    return f"started {target} with no decisions: there was no sound backup{kept}"


def _seqs(tables: dict[str, Any] | None) -> set[Any]:
    return {doc["seq"] for doc in (tables or {}).get("history", {}).values()}


def _damaged_seqs(path: Path) -> set[Any] | None:
    """The decisions a damaged file still shows, by seq (None when it cannot be read)."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    history = data.get("history") if isinstance(data, dict) else None
    if not isinstance(history, dict):
        return None
    found: set[Any] = set()
    for key, doc in history.items():
        seq = doc.get("seq") if isinstance(doc, dict) else None
        # An unusable seq still stands for one decision: counted under its record key.
        found.add(seq if isinstance(seq, int) and not isinstance(seq, bool) else ("record", key))
    return found


def _aside_name(root: Path, why: str = "damaged") -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = root / f"curation.json.{why}-{stamp}"
    n = 1
    while aside.exists():  # never over an earlier copy
        n += 1
        aside = root / f"curation.json.{why}-{stamp}-{n}"
    return aside
