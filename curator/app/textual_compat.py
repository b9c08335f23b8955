"""Every use of a private Textual name, in one place, each with the reason.

Textual offers no public API for these; each one is held by the ``textual<9``
pin and by ``tests/app/test_textual_compat.py``, which fails when Textual
renames one of them. Everything else in the app uses Textual's public API only
(``tests/app/test_textual_compat.py`` also checks that no other module names
one of them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events, messages
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

# (owner, name): what this module reaches into. The test checks each is still there.
PRIVATE_NAMES: tuple[tuple[str, str], ...] = (
    ("App", "_get_screen"),
    ("App", "_screen_stacks"),
    ("App", "_css_update_count"),
    ("App", "_handle_exception"),
    ("App", "_exit_renderables"),
    ("App", "_display"),
    ("Screen", "_css_update_count"),
    ("Screen", "_refresh_layout"),
    ("Screen", "_layout_required"),
    ("Screen", "_compositor"),
    ("Widget", "_forward_event"),
    ("Widget", "_scroll_update"),
    ("messages", "Update"),
)


# -- keys -----------------------------------------------------------------------------
_SENT_TO = "_curator_sent_to"  # our own mark on a key event: who Textual handed it to


def note_sent_to(event: events.Key, target: Widget) -> None:
    """Remember which widget a key is handed to (see ``CuratorApp._redeliver``).

    Textual does not record it; a key that comes back unused is compared with the
    widget focused by then."""
    setattr(event, _SENT_TO, target)


def sent_to(event: events.Key) -> Widget | None:
    """The widget :func:`note_sent_to` recorded for ``event``, if any."""
    return getattr(event, _SENT_TO, None)


def hand_key_to(target: Widget, key: events.Key) -> None:
    """Give ``target`` a copy of ``key``, as Textual gives a key to the focused widget.

    ``Widget._forward_event`` marks the event forwarded before posting it: a key
    merely re-posted (``post_message``) that comes back to the app unused would be
    taken for a new key and handed to the focused widget again, without end."""
    again = events.Key(key.key, key.character)
    note_sent_to(again, target)
    target._forward_event(again)


# -- screens --------------------------------------------------------------------------
def screens_in_stacks(app: App[Any]) -> list[Screen[Any]]:
    """Every screen on the stack of any mode (``App.screen_stack`` is the current mode's
    only): an installed screen shown by another mode must not be reused."""
    return [screen for stack in app._screen_stacks.values() for screen in stack]


def compose_installed(app: App[Any], screen: Screen[Any]) -> Awaitable[Any]:
    """Register and compose an installed screen without showing it: Textual's own
    first step when an installed screen is pushed (``App._get_screen``); awaitable
    until its widgets are mounted. It stays composed once shown and popped."""
    _screen, mounted = app._get_screen(screen)
    return mounted


def css_generation(app: App[Any]) -> int:
    """How many times the app's CSS has been worked out (theme or stylesheet changes).

    Textual keeps it to tell which screens need a full CSS pass on resume."""
    return app._css_update_count


def mark_styled(screen: Screen[Any], generation: int) -> None:
    """Tell Textual ``screen`` already has the styles of CSS ``generation``: its widgets
    got them as they mounted, and the full pass Textual would run on the first
    switch of mode is needless (no curator screen brings CSS of its own)."""
    screen._css_update_count = generation


def lay_out(screen: Screen[Any], size: Size) -> None:
    """Lay ``screen`` out at ``size`` now, even though it is not the one shown."""
    screen._refresh_layout(size)
    screen._layout_required = False


def layout_pending(screen: Screen[Any]) -> bool:
    """Whether a widget asked ``screen`` for another layout since :func:`lay_out`."""
    return bool(screen._layout_required)


def render_unseen(screen: Screen[Any]) -> None:
    """Render every widget of ``screen`` once, filling their caches, without showing it."""
    screen._compositor.render_update(full=True)


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
