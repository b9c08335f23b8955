"""Worker processes that a Ctrl-C does not turn into tracebacks.

A terminal sends SIGINT to the whole process group: without care, every worker
of a pool dies printing a traceback, while only the main process decides what to
keep (ingest saves what it read, a resolve saves nothing: see the CLI).

A worker also sets aside, for the cyclic garbage collector, everything it inherited
from the main process (modules, word tables): those live as long as the
worker, and its collections then walk only the objects of its own work.
"""

from __future__ import annotations

import gc
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def _worker_start() -> None:
    """Pool initializer: the worker leaves Ctrl-C to the main process, and its collector
    leaves alone what the worker inherited (``gc.freeze``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.freeze()


def quiet_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers ignore SIGINT (start them inside :func:`sigint_blocked`)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """Submit work inside this: workers start while SIGINT is blocked and unblock it
    once it is ignored, so a Ctrl-C in between cannot kill one with a traceback."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
