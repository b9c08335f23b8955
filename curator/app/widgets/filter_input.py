"""Text inputs that hand the keys typed after enter to whatever has the focus then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.geometry import Size
from textual.widgets import Input


class HandOffInput(Input):
    """An ``Input`` whose enter takes effect at once, and which passes on the keys it
    gets once it has lost the focus.

    Keys typed fast are each handed to the widget focused when they arrive. With
    ``/cuc`` enter enter, both enters went to the box: the first closed it (the focus
    moved to the list a moment later) and the second went to the box again instead
    of opening the row; a letter typed right after a date's enter went into the
    closing prompt. Here ``on_enter`` runs in the box's own turn, before it reads its
    next key, and must move the focus there and then (``Screen.set_focus``, or
    dismissing a modal screen; ``Widget.focus`` moves it later). A key the box gets
    after losing the focus goes to the widget focused now.

    ``on_enter``: called with the value on enter; None posts ``Input.Submitted``.
    """

    def __init__(self, *args: Any, on_enter: Callable[[str], object] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_enter = on_enter

    def on_key(self, event: events.Key) -> None:
        # Runs before ``Input``'s own key handler; ``prevent_default`` keeps that one
        # (and the enter binding) from seeing a key handled here.
        target = self.app.focused or self.app.screen
        if target is not self and (self.screen.focused is not self or not self.screen.is_active):
            # Typed again, in effect: the app hands the key to the widget focused now.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter" and self.on_enter is not None:
            event.stop()
            event.prevent_default()
            self.on_enter(self.value)


class FilterInput(HandOffInput):
    """``Input`` sets its ``virtual_size`` (a layout reactive) whenever the value
    changes, which relayouts and repaints the whole screen on every keystroke. The box's own size never depends on its text here (its width is
    set in CSS), so the scroll size is updated without a layout pass."""

    def validate_value(self, value: str) -> str:
        # Before the value is set and ``Input`` reacts to it: the scroll size set
        # quietly here, Input's own assignment then finds nothing changed.
        if self.is_mounted and not self.styles.auto_dimensions and value != self.value:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            self.refresh()
        return value
