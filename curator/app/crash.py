"""An unexpected error ends the app with one line and a non-zero exit, not a traceback.

Textual turns an exception no handler caught into a Rich traceback, printed
after the terminal is restored, with the locals of every frame (archive text
among them); the command then exited 0. Here the error becomes the app's
``error_message`` (which ``curator`` prints as ``curator: error: ...`` and exits
non-zero), and the full traceback goes to a file the line names.

Textual has no public hook for this: the one place that reaches its private
names is :class:`OneLineCrash` (``App._handle_exception``, which every unhandled
exception goes through, and ``App._exit_renderables``, what it prints on exit).
``tests/app/test_hostile_text.py`` fails when Textual renames either.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from curator.text import one_line


def crash_line(error: BaseException, details: Path | None) -> str:
    """One line saying the app stopped, why, and where the details are."""
    what = one_line(f"{type(error).__name__}: {error}", 300)
    where = f"; details in {details}" if details is not None else ""
    return f"the app stopped on an unexpected error ({what}){where}"


def write_details(error: BaseException) -> Path | None:
    """The traceback in a new file of the temporary folder (None if it cannot be written)."""
    try:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", prefix=f"curator-crash-{stamp}-", suffix=".txt", delete=False
        ) as handle:
            handle.write("".join(traceback.format_exception(error)))
        return Path(handle.name)
    except OSError:
        return None


class OneLineCrash:
    """Mixed into the App: an unhandled exception sets ``error_message`` and exit code 1."""

    error_message: str | None

    def _handle_exception(self, error: Exception) -> None:
        # Textual's handling stays (exit code 1, the app closes, a test sees the
        # error); only its printed traceback is replaced by the one line.
        if not getattr(self, "error_message", None):
            self.error_message = crash_line(error, write_details(error))
        super()._handle_exception(error)  # type: ignore[misc]
        # Looked up, not assumed: a renamed attribute must not raise in here.
        renderables: Any = getattr(self, "_exit_renderables", None)
        if isinstance(renderables, list):
            renderables.clear()
