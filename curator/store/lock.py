"""One writer at a time, with the holder named.

``filelock`` takes an OS lock (``flock``) that the kernel releases when the
holder dies, so there is never a stale lock to clean up; a small JSON file next
to it says who holds it, for the message the second process prints.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import orjson
from filelock import FileLock, Timeout

from curator.store.errors import DatabaseLocked

LOCK_NAME = ".curator.lock"
HOLDER_NAME = ".curator.lock.json"


def _describe_holder(root: Path) -> str:
    try:
        info = orjson.loads((root / HOLDER_NAME).read_bytes())
        return (
            f"process {info.get('pid')} ({info.get('command', 'curator')}, "
            f"since {info.get('since', '?')})"
        )
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return "another process"


class WriterLock:
    """Exclusive writer lock on a database folder."""

    def __init__(self, root: Path, command: str = "curator") -> None:
        self.root = root
        self.command = command
        self._lock = FileLock(str(root / LOCK_NAME), timeout=0, is_singleton=False, thread_local=False)

    def acquire(self, wait: float = 0.0) -> None:
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise DatabaseLocked(self.root, _describe_holder(self.root)) from None
        info = {
            "pid": os.getpid(),
            "command": self.command,
            "argv": sys.argv[:4],
            "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        try:
            (self.root / HOLDER_NAME).write_bytes(orjson.dumps(info))
        except OSError:
            pass  # the lock holds without the note; only the message is poorer

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
