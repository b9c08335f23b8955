"""A text input for filters that does not relayout the screen at every keystroke."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class FilterInput(Input):
    """``Input`` sets its ``virtual_size`` (a layout reactive) whenever the value
    changes, which relayouts and repaints the whole screen (~50 ms a keystroke on a
    slow machine). The box's own size never depends on its text here (its width is
    set in CSS), so the scroll size is updated without a layout pass."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            # Set it quietly first: Input's own assignment then finds nothing changed.
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            self.refresh()
        super()._watch_value(value)
