"""Waiting for a condition instead of sleeping a guessed time.

A test that sleeps "long enough" is slow on a fast machine and flaky on a busy
one; these wait for what the test is about, up to a generous ``timeout``, and
fail naming what never came.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

POLL_S = 0.02


async def wait_until(pred: Callable[[], object], timeout: float = 10.0, pilot: Any = None, what: str = "") -> None:
    """Until ``pred()`` is true; between tries the app gets to run (``pilot.pause()``
    when a pilot is given, so queued messages are handled)."""
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what or getattr(pred, '__name__', pred)}")
        if pilot is not None:
            await pilot.pause()
        await asyncio.sleep(POLL_S)


def wait_until_blocking(pred: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """The same for a test outside the app's event loop (tmux): polls ``pred``."""
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what or getattr(pred, '__name__', pred)}")
        time.sleep(POLL_S * 5)
