"""Cooperative yielding for background threads.

A thread that loads or indexes for seconds shares the interpreter lock with the
thread that answers the user: each holds it in turn, so every key is answered at
half speed while the loading runs. Long loops in the core call :func:`checkpoint`
every so often; whoever runs a user interface installs a hook for as long as it
runs (``with installed(hook):``) that, called from a background thread, waits
while the user is busy (say, for a moment after each key). The core knows nothing
of who waits or why; in the main thread, and when no hook is installed, a
checkpoint does nothing.

A background thread must not wait while the main thread waits for it: locks the main
thread may need from a loading thread are :class:`WatchedLock`, and while the main
thread is blocked on one, checkpoints do not wait (and a wait under way ends).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_hook: Callable[[], None] | None = None
_main = threading.main_thread()
_main_blocked = 0  # how many WatchedLocks the main thread is waiting for (0 or 1)


@contextmanager
def installed(hook: Callable[[], None]) -> Iterator[None]:
    """What background threads call at each checkpoint, while the block runs; the hook
    installed before (usually none) is back afterwards."""
    global _hook
    before, _hook = _hook, hook
    try:
        yield
    finally:
        _hook = before


def checkpoint() -> None:
    """A point where a background thread may step aside for a while."""
    hook = _hook
    if hook is not None and not _main_blocked and threading.current_thread() is not _main:
        hook()


def stepwise(items: Iterable[T], every: int = 1000) -> Iterator[T]:
    """``items``, with a :func:`checkpoint` before the first and then every ``every``."""
    for i, item in enumerate(items):
        if i % every == 0:
            checkpoint()
        yield item


def main_thread_blocked() -> bool:
    """Whether the main thread waits for a lock a background thread holds: a hook's
    wait must end at once."""
    return _main_blocked > 0


class WatchedLock:
    """A re-entrant lock that lets checkpoints know when the main thread waits for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(False):
            return True
        if not blocking:
            return False
        if threading.current_thread() is not _main:
            return self._lock.acquire(True, timeout)
        global _main_blocked
        _main_blocked += 1
        try:
            return self._lock.acquire(True, timeout)
        finally:
            _main_blocked -= 1

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()
