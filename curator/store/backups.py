"""The last good copies of the precious file, ``curation.json``, in ``backups/``.

A copy is taken only of a file that passes the whole check the store makes when
it opens one (JSON, header, every decision record): a damaged file is never
backed up, so it can never push the last good copies out. Copies are taken when
a writer opens the database and, at most every ``BACKUP_EVERY`` seconds, after
decisions: a long session is not lost with the file.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from curator.curation.records import check_history_table
from curator.store.file_format import BACKUPS_KEPT, KINDS, _check_meta
from curator.store.errors import StoreError
from curator.store.storage import Tables, atomic_write_bytes, read_tables

BACKUP_EVERY = 300.0  # seconds between backups taken after decisions
FOLDER = "backups"


def load_sound_curation(path: Path) -> Tables | None:
    """A ``curation.json`` read and checked as the store checks it at open (None when
    there is no file); ``StoreError`` naming the problem otherwise."""
    data = read_tables(path)
    _check_meta(path, data, KINDS["curation.json"])
    check_history_table(path, data)
    return data


def backups(root: Path) -> list[Path]:
    """The backups of ``root``'s curation file, newest first."""
    return sorted((Path(root) / FOLDER).glob("curation-*.json"), reverse=True)


_NAMED_TIME = re.compile(r"curation-(\d{8}-\d{6})")


def backup_time(backup: Path) -> str:
    """When a backup was taken, as its name says (a copied folder keeps names, not
    modification times); its modification time for a name in another form."""
    found = _NAMED_TIME.match(backup.name)
    if found:
        try:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.strptime(found.group(1), "%Y%m%d-%H%M%S"))
        except ValueError:
            pass
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(backup.stat().st_mtime))


def take_backup(root: Path, min_age: float = 0.0, checked: bool = False) -> Path | None:
    """Copy ``curation.json`` into ``backups/`` when it is sound and differs from the
    newest backup, keeping the last ``BACKUPS_KEPT``; the copy, or None.

    ``min_age``: skip when the newest backup is younger than that many seconds.
    ``checked``: the caller has just read the file through ``load_sound_curation``'s
    checks (the store at open), so they are not made twice.
    The caller holds the writer lock, so the file checked is the file copied.
    Never raises for a backup it could not take: the main file is intact.
    """
    root = Path(root)
    src = root / "curation.json"
    try:
        existing = backups(root)
        if existing and min_age and time.time() - existing[0].stat().st_mtime < min_age:
            return None
        raw = src.read_bytes()
        if existing and existing[0].read_bytes() == raw:
            return None
        if not checked:
            load_sound_curation(src)
        now = time.time()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f".{int(now % 1 * 1e6):06d}"
        target = root / FOLDER / f"curation-{stamp}-{os.getpid()}.json"
        atomic_write_bytes(target, raw)
        for old in backups(root)[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)
        return target
    except (OSError, StoreError):
        return None  # no file, a damaged one (never copied), or a failed copy: work goes on
