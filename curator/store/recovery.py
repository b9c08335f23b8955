"""Getting back to the last good state of the precious file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from curator.store.database import KINDS, _check_meta
from curator.store.errors import CorruptDatabase, StoreError
from curator.store.lock import WriterLock
from curator.store.storage import fsync_dir, read_tables


def restore_latest_backup(root: Path) -> str:
    """Replace ``curation.json`` by the newest backup that opens cleanly.

    The damaged file is kept beside it as ``curation.json.damaged-<time>``.
    """
    root = Path(root)
    lock = WriterLock(root, "curator restore")
    lock.acquire()
    try:
        target = root / "curation.json"
        for backup in sorted((root / "backups").glob("curation-*.json"), reverse=True):
            try:
                data = read_tables(backup)
                _check_meta(backup, data, KINDS["curation.json"])
            except StoreError:
                continue
            if target.exists():
                aside = root / f"curation.json.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
                shutil.copyfile(target, aside)
            shutil.copyfile(backup, root / ".curation.json.restore")
            (root / ".curation.json.restore").replace(target)
            fsync_dir(root)
            count = len((data or {}).get("history", {}))
            return f"restored {target} from {backup.name} ({count} decisions)"
        raise CorruptDatabase(target, "has no good backup to restore from")
    finally:
        lock.release()
