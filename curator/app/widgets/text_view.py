"""A long text, wrapped once, drawn a line at a time.

A ``Static`` in a ``VerticalScroll`` wraps its whole text twice per change (once
to measure its height for the layout, once to paint) and makes the screen lay
itself out again; opening the next article spent most of its time there. This
scroll view wraps a :class:`rich.text.Text` once per width, tells the scroll
machinery its height without a screen layout, and renders only the lines on
screen. The text is a ``Text`` built from cleaned archive strings: it is never
parsed as markup.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from curator.app.textual_compat import set_virtual_size_quietly


class TextView(ScrollView, can_focus=True):
    """Read-only wrapped text with a vertical scrollbar (the gutter is always kept)."""

    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, text: Text | None = None, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = text or Text()
        self._lines: list[Text] = []
        self._wrapped_for = -1  # the width the lines were wrapped for
        self._strips: dict[int, Strip] = {}
        self._base: Style | None = None

    @property
    def content(self) -> Text:
        """The text shown (as given, before wrapping)."""
        return self._text

    def update(self, text: Text) -> None:
        """Show another text; it is wrapped for the current width at once."""
        self._text = text
        self._wrapped_for = -1
        self._rewrap()
        self.refresh()

    @property
    def wrap_width(self) -> int:
        """The width the text wraps at: the content less the scrollbar gutter."""
        return max(1, self.scrollable_content_region.width)

    def _rewrap(self) -> None:
        if not self.is_mounted or self.size.width <= 0:
            return
        width = self.wrap_width
        if width != self._wrapped_for:
            self._lines = list(self._text.wrap(self.app.console, width, overflow="fold")) if self._text.plain else []
            self._wrapped_for = width
            self._strips.clear()
        height = len(self._lines)
        size = Size(width, height)
        if self.virtual_size != size:
            # The gutter is always there, so the layout cannot change: no screen layout pass.
            set_virtual_size_quietly(self, size)

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()

    def notify_style_update(self) -> None:
        self._base = None
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        if self._wrapped_for < 0:
            self._rewrap()
        width = self._wrapped_for if self._wrapped_for > 0 else self.wrap_width  # the region is costly: the wrap width kept
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        index = int(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            segments = Segment.apply_style(self._lines[index].render(self.app.console, end=""), base)
            strip = Strip(segments).adjust_cell_length(width, base)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return strip
