"""Worker processes that a Ctrl-C does not turn into tracebacks.

A terminal sends SIGINT to the whole process group: without care, every worker
of a pool dies printing a traceback, while only the main process decides what to
keep (ingest saves what it read, a resolve saves nothing: see the CLI).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def _worker_ignores_sigint() -> None:
    """Pool initializer: the worker leaves Ctrl-C to the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def quiet_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers ignore SIGINT (start them inside :func:`sigint_blocked`)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_ignores_sigint)


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """Submit work inside this: workers start while SIGINT is blocked and unblock it
    once it is ignored, so a Ctrl-C in between cannot kill one with a traceback."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
