"""Cooperative yielding for background threads: the :class:`Pace` a caller gives the core.

A thread that loads or indexes for seconds shares the interpreter lock with the
thread that answers the user: each holds it in turn, so every key is answered at
half speed while the loading runs. Long loops in the core call
:meth:`Pace.checkpoint` (or walk :meth:`Pace.stepwise`) every so often, on the
pace they were given; whoever runs a user interface makes a pace whose hook,
called from a background thread, waits while the user is busy (say, for a moment
after each key), and passes it to the core (``Workspace(db, pace=pace)``, which
hands it to its ``Store`` and on to every loop). The core knows nothing of who
waits or why; in the main thread, and on :data:`NO_PACE` (the default everywhere:
the CLI passes nothing), a checkpoint does nothing.

The rule: there is no module-wide hook. Each pace holds its own hook and its own
count of the main thread's waits, so two workspaces with different paces never
step aside for each other.

A background thread must not wait while the main thread waits for it: locks the main
thread may need from a loading thread come from :meth:`Pace.lock`, and while the
main thread is blocked on one, that pace's checkpoints do not wait (and a wait under
way ends: the hook is given :meth:`Pace.main_thread_blocked` to watch).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

# What a pace calls at a checkpoint in a background thread: it may wait, and must end
# its wait at once when the function it is given says the main thread is blocked.
StepAside = Callable[[Callable[[], bool]], None]

_MAIN = threading.main_thread()


class Pace:
    """How the core's background loops share the interpreter: a hook they call at
    each checkpoint (None: they never step aside), and how many of this pace's locks
    the main thread waits for."""

    def __init__(self, step_aside: StepAside | None = None) -> None:
        self._step_aside = step_aside
        self._main_blocked = 0  # how many of this pace's locks the main thread waits for (0 or 1)

    def checkpoint(self) -> None:
        """A point where a background thread may step aside for a while."""
        hook = self._step_aside
        if hook is not None and not self._main_blocked and threading.current_thread() is not _MAIN:
            hook(self.main_thread_blocked)

    def stepwise(self, items: Iterable[T], every: int = 1000) -> Iterator[T]:
        """``items``, with a :meth:`checkpoint` before the first and then every ``every``."""
        if self._step_aside is None:
            yield from items
            return
        for i, item in enumerate(items):
            if i % every == 0:
                self.checkpoint()
            yield item

    def main_thread_blocked(self) -> bool:
        """Whether the main thread waits for a lock of this pace that a background
        thread holds: a hook's wait must end at once."""
        return self._main_blocked > 0

    def lock(self) -> WatchedLock:
        """A re-entrant lock the main thread may wait for while a loading thread holds
        it: while it waits, this pace's checkpoints do not."""
        return WatchedLock(self)

    def __repr__(self) -> str:
        return "NO_PACE" if self is NO_PACE else f"Pace({self._step_aside!r})"


NO_PACE = Pace()  # never steps aside: the default wherever a pace is taken


class WatchedLock:
    """A re-entrant lock that lets its pace's checkpoints know when the main thread
    waits for it (made by :meth:`Pace.lock`)."""

    def __init__(self, pace: Pace = NO_PACE) -> None:
        self._lock = threading.RLock()
        self._pace = pace

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(False):
            return True
        if not blocking:
            return False
        pace = self._pace
        if threading.current_thread() is not _MAIN or pace._step_aside is None:
            return self._lock.acquire(True, timeout)  # nobody steps aside: nothing to tell
        pace._main_blocked += 1  # only the main thread counts: no race
        try:
            return self._lock.acquire(True, timeout)
        finally:
            pace._main_blocked -= 1

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()
