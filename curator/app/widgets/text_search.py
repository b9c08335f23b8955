"""A search inside one shown text: its hits, the current one, and how they look.

The hits are found by the core (``article_query.hits_in_text``) in the text as
shown (the ``Text``'s plain string), so their offsets style it directly.
"""

from __future__ import annotations

from rich.text import Text

from curator.app.display import cell
from curator.workspace.article_query import hits_in_text

HIT_STYLE = "black on #d7d75f"
CURRENT_STYLE = "bold black on #ff8700"


class TextSearch:
    """What was searched for in a text, where it was found and which hit is current."""

    def __init__(self) -> None:
        self.query = ""
        self.hits: list[tuple[int, int]] = []
        self.current = -1  # the hit shown, -1: none
        self._text = ""

    @property
    def active(self) -> bool:
        return bool(self.query.strip())

    def search(self, text: str, query: str, near: int = 0) -> None:
        """Find ``query`` in ``text``; the current hit is the first at or after ``near``."""
        self.query, self._text = query, text
        self.hits = hits_in_text(text, query) if query.strip() else []
        self.current = next((i for i, (start, _) in enumerate(self.hits) if start >= near), 0 if self.hits else -1)

    def renew(self, text: str) -> None:
        """The same query in another text (the next article): from its first hit."""
        if text != self._text:
            self.search(text, self.query)

    def clear(self) -> None:
        self.query, self.hits, self.current, self._text = "", [], -1, ""

    def step(self, delta: int) -> bool:
        """Move to the next (1) or previous (-1) hit, round the end; False if none."""
        if not self.hits:
            return False
        self.current = (self.current + delta) % len(self.hits)
        return True

    @property
    def current_start(self) -> int | None:
        return self.hits[self.current][0] if 0 <= self.current < len(self.hits) else None

    def stylize(self, text: Text) -> Text:
        """``text`` (the text searched) with every hit marked, the current one more."""
        for i, (start, end) in enumerate(self.hits):
            text.stylize(CURRENT_STYLE if i == self.current else HIT_STYLE, start, end)
        return text

    def describe(self) -> Text:
        """One line: what is searched and "3 of 7", or that nothing was found."""
        line = Text.assemble(("Search ", "bold"), (f"“{cell(self.query, 60)}”", "italic"), "  ")
        if self.hits:
            line.append(f"{self.current + 1} of {len(self.hits)}", style="bold")
            line.append("   ] next  [ previous  escape clears", style="dim")
        else:
            line.append("not found in this article's text", style="#ff875f")
            line.append("   escape clears", style="dim")
        return line
