"""What a long command shows while it works (a progress bar on a terminal) and how Ctrl-C
stops it gently."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Progress:
    """A progress bar on standard error when it is a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self._last = -1.0

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.tty or total <= 0:
            return
        frac = min(1.0, done / total)
        if frac - self._last < 0.005 and done != total:
            return
        self._last = frac
        width = 30
        bar = "█" * int(frac * width) + "░" * (width - int(frac * width))
        tail = what if len(what) <= 40 else "…" + what[-39:]
        sys.stderr.write(f"\r{self.label} {bar} {done}/{total} {tail:<41}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty and self._last >= 0:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


@contextmanager
def ctrl_c_stops_gently() -> Iterator[threading.Event]:
    """While inside, Ctrl-C sets the event: the work stops at the next file and
    saves what it read (a second or two). It never raises: a ``KeyboardInterrupt``
    inside the worker pool's locks can hang the pool's shutdown for good (seen
    with a second Ctrl-C), and one inside a save would cut a batch in two.
    SIGTERM and SIGKILL still stop at once; what is saved is whole."""
    stop = threading.Event()

    def on_sigint(signum: int, frame: Any) -> None:
        stop.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
