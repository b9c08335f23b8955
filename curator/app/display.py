"""Archive text on its way to the screen: cleaned, one line, never markup.

Everything the archive holds is data. It reaches widgets only through these
helpers, as plain strings already stripped of control characters (for the
line-based table, which builds segments itself), as :class:`rich.text.Text`,
or as Textual :class:`~textual.content.Content` (notifications, dialogs, the
command palette). Textual parses a plain ``str`` as markup in most places (a
notification, a palette entry, a ``Label``): ``[link=file:///etc/passwd]`` would
be applied and ``a [/] b`` would raise ``MarkupError`` and end the app.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from curator.text import one_line, safe_display, shown_path


def cell(value: object, limit: int | None = 300) -> str:
    """A single clean line for a table cell or a title."""
    if value is None:
        return ""
    return one_line(str(value), limit)


def path_cell(value: object, limit: int) -> str:
    """A path's shown form (``source_file``, ``source_folder``) cut to ``limit``.

    Unlike :func:`cell` its spaces are kept as they are and nothing is normalised:
    two paths must never look alike. It is printable already (see
    ``ingest.sources.display``); anything that is not is shown escaped."""
    text = "" if value is None else str(value)
    if not text.isprintable():
        text = shown_path(text)
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def line(value: object, style: str = "", limit: int | None = 300) -> Text:
    """A clean single line as a Text (never parsed as markup)."""
    return Text(cell(value, limit), style=style, no_wrap=True, overflow="ellipsis")


def plain(value: object, limit: int | None = 300) -> Content:
    """A clean single line as Content: shown as the characters it is, never markup."""
    return Content(cell(value, limit))


NOTICE_LIMIT = 1000  # a notification is a few lines, not a page of an article


def notice(value: object) -> str:
    """The text of a notification: control characters removed, newlines kept, capped.

    A str, as Textual's ``Notification`` holds one; the app shows it with
    ``markup=False`` (see ``CuratorApp.notify``).
    """
    text = body(str(value)).strip()
    if len(text) > NOTICE_LIMIT:
        text = text[: NOTICE_LIMIT - 1] + "…"
    return text


def highlighted(matcher: Matcher, value: str) -> Content:
    """``value`` as literal Content with the characters ``matcher`` matched styled.

    ``Matcher.highlight`` would parse ``value`` as markup first.
    """
    text = cell(value)
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` with the noun in the form the count takes: "1 article", "2 articles",
    "1,204 articles"; ``nouns`` when the plural is not the noun with "s"."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def type_style(type_: str) -> str:
    return TYPE_STYLES.get(type_, "bold")


def row_text(*parts: str | tuple[str, str]) -> Text:
    """One list line from clean parts, cut with an ellipsis instead of wrapping."""
    text = Text.assemble(*parts)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text
