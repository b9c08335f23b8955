"""A one-line title that redraws without a layout pass (Static.update relayouts the screen)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleLine(Widget):
    DEFAULT_CSS = "TitleLine { height: 1; }"

    def __init__(self, text: Text | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text or Text()

    def set(self, text: Text) -> None:
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text
