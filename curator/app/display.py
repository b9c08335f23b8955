"""Archive text on its way to the screen: cleaned, one line, never markup.

Everything the archive holds is data. It reaches widgets only through these
helpers, as plain strings already stripped of control characters (for the
line-based table, which builds segments itself) or as :class:`rich.text.Text`.
"""

from __future__ import annotations

from rich.text import Text

from curator.text import one_line, safe_display


def cell(value: object, limit: int | None = 300) -> str:
    """A single clean line for a table cell or a title."""
    if value is None:
        return ""
    return one_line(str(value), limit)


def line(value: object, style: str = "", limit: int | None = 300) -> Text:
    """A clean single line as a Text (never parsed as markup)."""
    return Text(cell(value, limit), style=style, no_wrap=True, overflow="ellipsis")


def body(value: str) -> str:
    """Multi-line text with control characters removed (newlines kept)."""
    return safe_display(value)


TYPE_STYLES = {
    "organization": "bold #5fafff",
    "person": "bold #87d787",
    "event": "bold #ffaf5f",
}
TYPE_SHORT = {"organization": "org", "person": "person", "event": "event"}
STATUS_STYLES = {
    "new": "",
    "reviewed": "#87d787",
    "flagged": "bold #ff875f",
    "duplicate": "dim",
}


def type_style(type_: str) -> str:
    return TYPE_STYLES.get(type_, "bold")


def row_text(*parts: str | tuple[str, str]) -> Text:
    """One list line from clean parts, cut with an ellipsis instead of wrapping."""
    text = Text.assemble(*parts)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text
