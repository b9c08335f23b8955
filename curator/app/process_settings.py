"""How the app shares the interpreter with its background work: the process-wide
settings it changes, each set and restored here only, and the pace it gives the core.

The interpreter is shared by the thread that answers the user and the threads
that load in the background; these decide how it is shared:

- the switch interval (process-wide): how soon a waiting thread gets the
  interpreter back;
- the garbage collector (process-wide): off while a worker makes millions of
  objects that live as long as the app, and those objects kept out of later
  collections;
- the app's :class:`~curator.yielding.Pace` (not process-wide: an object the app
  passes to the core, ``Workspace(db, pace=...)``): background loops step aside
  while keys are being pressed. The core is never told through a global, so a
  workspace opened without it (the CLI, a test) never steps aside.

Each process-wide setting is a context manager, so whatever ends the block (an
error included) puts the setting back as it was.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from curator.yielding import Pace

# While a worker thread runs Python code, the thread that answers the user gets the
# interpreter back at most this long after asking for it (each turn of its event
# loop asks once). Short enough that a key is answered as fast while loading as
# when idle; the worker's own work slows by a few per cent.
SWITCH_INTERVAL_S = 0.001
STEP_ASIDE_S = 0.3  # how long background loading waits after each key
MAX_STEP_ASIDE_S = 3.0  # the longest one wait lasts: loading is delayed, never stopped


def step_aside_for_input(last_input: Callable[[], float]) -> Pace:
    """The pace the app gives the core: at each checkpoint a background thread waits
    while keys are being pressed (``last_input``: the monotonic time of the last one).
    Loading otherwise takes the interpreter lock every few milliseconds and each key
    is answered at half speed. A wait ends at once when the main thread waits for a
    lock the loading thread holds."""

    def wait(main_thread_blocked: Callable[[], bool]) -> None:
        waited = 0.0
        while time.monotonic() - last_input() < STEP_ASIDE_S and waited < MAX_STEP_ASIDE_S:
            if main_thread_blocked():
                return  # the UI waits for a lock this thread holds: go on at once
            time.sleep(0.01)
            waited += 0.01

    return Pace(wait)


@contextmanager
def interactive() -> Iterator[None]:
    """While the app runs: a short switch interval."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@contextmanager
def no_collection() -> Iterator[None]:
    """No automatic garbage collection while the block makes objects meant to last
    (each full collection would walk them all, holding the interpreter for a visible
    moment); afterwards they are kept out of later collections, and collection is on
    again if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        keep_for_good()
        if was_enabled:
            gc.enable()


def keep_for_good() -> None:
    """Keep every object alive now out of later full collections (the index, the rows,
    the entities live as long as the app): collections stay short."""
    gc.freeze()
