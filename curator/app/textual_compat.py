"""Every use of a private Textual name, in one place, each with the reason.

Textual offers no public API for these; each one is held by the ``textual<9``
pin and by ``tests/app/test_textual_compat.py``, which fails when Textual
renames one of them. Everything else in the app uses Textual's public API only
(``tests/app/test_textual_compat.py`` also checks that no other module names
one of them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import messages
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

# (owner, name): what this module reaches into. The test checks each is still there.
PRIVATE_NAMES: tuple[tuple[str, str], ...] = (
    ("App", "_css_update_count"),
    ("App", "_handle_exception"),
    ("App", "_exit_renderables"),
    ("App", "_display"),
    ("Screen", "_css_update_count"),
    ("Widget", "_scroll_update"),
    ("messages", "Update"),
)


# -- screens --------------------------------------------------------------------------
def css_generation(app: App[Any]) -> int:
    """How many times the app's CSS has been worked out (theme or stylesheet changes).

    Textual keeps it to tell which screens need a full CSS pass on resume; a reused
    screen skips that pass when the count has not moved since it was last styled
    (``CuratorScreen.update_node_styles``). Theme changes go through the public
    ``App.refresh_css``, but so do Textual's passes for a screen it takes to be
    behind, so a count of our own could not tell the two apart."""
    return app._css_update_count


def mark_styled(screen: Screen[Any], generation: int) -> None:
    """Tell Textual ``screen`` already has the styles of CSS ``generation``: its widgets
    got them as they mounted, and the full pass Textual would run on the first
    switch of mode is needless (no curator screen brings CSS of its own).

    Textual decides on that pass by comparing this private count with the app's; no
    public API sets it but ``App.refresh_css``, which is the pass itself. Measured at
    10,000 articles without it: the first switch to Entities 190 ms instead of
    90-120, to Review 390 instead of 240-260 (medians of 5 runs each)."""
    screen._css_update_count = generation


def paint_in_next_frame(screen: Screen[Any], widget: Widget) -> None:
    """Have the next frame paint ``widget`` (``Widget.refresh`` tells the screen only
    when the widget is next idle, which may be a frame later than its neighbours)."""
    screen.post_message(messages.Update(widget))


# -- widgets --------------------------------------------------------------------------
def set_virtual_size_quietly(widget: Widget, size: Size) -> None:
    """Set a scrolling widget's ``virtual_size`` and its scrollbars without a layout
    pass of the screen (assigning ``virtual_size``, a layout reactive, lays out the
    whole screen). Only for a widget whose own size does not depend on it."""
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)


# -- frames (the benchmark) ------------------------------------------------------------
_frame_recorders: list[Callable[[Any], None]] = []


def on_every_frame(record: Callable[[Any], None]) -> bool:
    """Call ``record(update)`` with every screen update an app writes to its terminal,
    right after it is written (once per ``record``, for the rest of the process).

    For the benchmark's key-to-frame latency: Textual has no public hook for it, and
    every update goes through ``App._display``. False when there is no such method
    (the benchmark then times keys without frames)."""
    original = getattr(App, "_display", None)
    if original is None:
        return False
    if not getattr(original, "_curator_frames", False):

        def display(self: App[Any], screen: Screen[Any], renderable: Any) -> None:
            original(self, screen, renderable)
            if renderable is not None:
                for each in _frame_recorders:
                    each(renderable)

        display._curator_frames = True  # type: ignore[attr-defined]
        App._display = display  # type: ignore[method-assign]
    if record not in _frame_recorders:
        _frame_recorders.append(record)
    return True


# -- unhandled errors -----------------------------------------------------------------
class UnhandledErrorHook:
    """Mixed into the App: :meth:`unhandled_error` sees every exception no handler caught.

    Textual has no public hook for this: every such exception goes through
    ``App._handle_exception``; what it prints on exit (a Rich traceback with the
    locals of every frame) is ``App._exit_renderables``, cleared here when
    :meth:`unhandled_error` returns False."""

    def unhandled_error(self, error: Exception) -> bool:
        """Called before Textual handles ``error``; True keeps Textual's printed traceback."""
        return True

    def _handle_exception(self, error: Exception) -> None:
        keep_traceback = self.unhandled_error(error)
        super()._handle_exception(error)  # type: ignore[misc]
        if not keep_traceback:
            # Looked up, not assumed: a renamed attribute must not raise in here.
            renderables: Any = getattr(self, "_exit_renderables", None)
            if isinstance(renderables, list):
                renderables.clear()
