"""An unexpected error ends the app with one line and a non-zero exit, not a traceback.

Textual turns an exception no handler caught into a Rich traceback, printed
after the terminal is restored, with the locals of every frame (archive text
among them); the command then exited 0. Here the error becomes the app's
``error_message`` (which ``curator`` prints as ``curator: error: ...`` and exits
non-zero), and the full traceback goes to a file the line names.

Textual has no public hook for this: :class:`OneLineCrash` builds on
:class:`curator.app.textual_compat.UnhandledErrorHook`, the one place that
reaches the private names involved.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path

from curator.app.textual_compat import UnhandledErrorHook
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


class OneLineCrash(UnhandledErrorHook):
    """Mixed into the App: an unhandled exception sets ``error_message`` and exit code 1."""

    error_message: str | None

    def unhandled_error(self, error: Exception) -> bool:
        # Textual's handling stays (exit code 1, the app closes, a test sees the
        # error); only its printed traceback is replaced by the one line.
        if not getattr(self, "error_message", None):
            self.error_message = crash_line(error, write_details(error))
        return False
