"""The article screen's search in the article's text: ``/`` opens the box, the hits
are marked as one types, enter goes back to the text with them, ``]`` / ``[`` step
through them (the current one scrolled into view) and escape clears the search.

A part of :class:`~curator.app.screens.article.ArticleScreen` (mixed into it), kept
apart so that the screen's module stays small; the hits are found by the core
(``curator.workspace.article_query.hits_in_text``) through :class:`TextSearch`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from curator.app.widgets.text_search import TextSearch
from curator.app.widgets.text_view import TextView

if TYPE_CHECKING:
    from curator.workspace import ArticleView


class ArticleSearch:
    """The search's actions and drawing (``self`` is the article screen)."""

    _search: TextSearch
    view: ArticleView | None

    # Provided by the screen: its widgets, focus and notifications, the body's text
    # (``_body``) and scrolling to a place in it (``_scroll_into_view``).
    query_one: Any
    set_focus: Any
    notify: Any
    _body: Any
    _scroll_into_view: Any

    def action_search(self) -> None:
        box = self.query_one("#article-search-box", Input)
        box.display = True
        box.value = self._search.query
        self.set_focus(box)  # now: the keys typed next go into the box

    def _search_changed(self, value: str) -> None:
        """The search box's text changed: the hits of the new text, the first shown."""
        if self.view is None or value == self._search.query:
            return
        body = self.query_one("#article-body", TextView)
        self._search.search(body.content.plain, value)
        self._show_hit()

    def _search_done(self, value: str) -> None:
        """Enter in the search box: back to the text, the hits kept (``]`` / ``[`` step)."""
        box = self.query_one("#article-search-box", Input)
        box.display = False
        self.set_focus(self.query_one("#article-body", TextView))
        if not value.strip():
            self._clear_search()

    def _clear_search(self) -> None:
        self._search.clear()
        self.query_one("#article-search-box", Input).display = False
        if self.view is not None:
            self.query_one("#article-body", TextView).update(self._body(self.view))
        self._draw_search_line()

    def action_hit(self, delta: int) -> None:
        if not self._search.active:
            self.notify("No search: / searches the article's text.", timeout=2)
            return
        if self._search.step(delta):
            self._show_hit()
        else:
            self.notify("Not found in this article's text.", timeout=2)

    def _show_hit(self) -> None:
        """Draw the hits and scroll the current one into view."""
        assert self.view is not None
        body = self.query_one("#article-body", TextView)
        body.update(self._body(self.view))
        self._draw_search_line()
        start = self._search.current_start
        if start is not None:
            self._scroll_into_view(body.content.plain[:start])

    def _draw_search_line(self) -> None:
        line = self.query_one("#article-search")  # a SteadyStatic
        line.display = self._search.active
        if self._search.active:
            line.show(self._search.describe(), min_lines=1)

