"""What every curator screen shares: a title line, the work panel, the footer,
and redrawing itself when the data changed while it was hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from curator.app.textual_compat import css_generation, mark_styled, paint_in_next_frame
from curator.app.widgets.key_bar import KeyBar
from curator.app.widgets.title_line import TitleLine
from curator.app.widgets.virtual_table import VirtualTable

from curator.app.widgets.work_panel import WorkPanel

if TYPE_CHECKING:
    from curator.app.controller import Controller
    from curator.app.messages import Request
    from curator.workspace import Workspace


class CuratorScreen(Screen[None]):
    """A screen that shows workspace data and redraws after decisions.

    It reads and changes the workspace through ``controller``; for anything else
    (open an article, pick an entity) it posts a request to the app
    (:mod:`curator.app.messages`)."""

    HELP_TITLE = ""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self._generation = -1
        # The app's CSS generation this screen's styles were last worked out for,
        # and whether the resume under way may keep them (see ``update_node_styles``).
        self._styled_for = -1
        self._styles_current = False
        # A new screen's widgets get the current styles as they mount: Textual's full
        # CSS pass for a screen it thinks is behind (twice on a first switch of mode)
        # is needless, since no curator screen brings CSS of its own.
        # (Not the first screen: the app's stylesheet is read as it shows.)
        try:
            if self.app.screen_stack:
                mark_styled(self, css_generation(self.app))
        except Exception:  # made outside a running app (a test)
            pass

    @property
    def workspace(self) -> Workspace:
        ws = self.controller.workspace
        assert ws is not None
        return ws

    def request(self, message: Request) -> None:
        """Ask the app for something (a request of :mod:`curator.app.messages`): posted
        to the app itself, not bubbled up through this screen's queue."""
        self.app.post_message(message)

    def compose_title(self) -> ComposeResult:
        yield TitleLine(id="title-line", classes="title-line")

    def compose_bottom(self) -> ComposeResult:
        yield WorkPanel(id="work-panel")
        yield KeyBar()

    def set_title_line(self, text: Text) -> None:
        self.query_one("#title-line", TitleLine).set(text)

    def paint_together(self, *widgets: Widget) -> None:
        """Have the next frame paint these widgets (and their scrollbars) as refreshed.

        A refreshed widget tells the screen when it is next idle: on a filter
        keystroke the box told it first, and a frame could show the box alone,
        the list a frame later. Telling the screen now puts them in one frame;
        the widgets' own notices later find nothing left to paint.
        """
        for widget in widgets:
            if not widget.display:
                continue
            paint_in_next_frame(self, widget)
            if widget.show_vertical_scrollbar:
                paint_in_next_frame(self, widget.vertical_scrollbar)

    def styled_as_it_mounts(self) -> None:
        """Say that this screen, about to be composed, gets the current styles as its
        widgets mount: its first resume keeps them (see ``update_node_styles``)."""
        self._styled_for = css_generation(self.app)

    def on_screen_resume(self) -> None:
        # Runs before Textual's own resume handler, which works out the CSS of every
        # widget on the screen again: needless for a reused screen when neither the
        # theme nor the stylesheet changed since it was last shown.
        self._styles_current = self._styled_for == css_generation(self.app)
        self.sync()

    def update_node_styles(self, animate: bool = True) -> None:
        if self._styles_current:
            self._styles_current = False  # only that one resume pass is skipped
            return
        count = css_generation(self.app)
        super().update_node_styles(animate=animate)
        self._styled_for = count

    def sync(self, force: bool = False) -> None:
        """Redraw from the workspace if it changed since this screen last drew."""
        if self.controller.workspace is None:
            return
        if force or self._generation != self.controller.generation:
            self._generation = self.controller.generation
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the workspace again and redraw (screens override)."""


class ListScreen(CuratorScreen):
    """A screen of one list (``table``) with a filter box (``#filter``) that filters
    as one types; subclasses say how in ``_apply_filter``."""

    query_text = ""

    @property
    def table(self) -> VirtualTable:
        raise NotImplementedError

    def _apply_filter(self) -> None:
        raise NotImplementedError

    def _update_title(self) -> None:
        raise NotImplementedError

    # -- marks: several rows at once -------------------------------------------------------
    def action_mark(self) -> None:
        """Mark (or unmark) the highlighted row and move down."""
        self.table.toggle_mark()
        self.table.cursor += 1
        self._update_title()

    def action_mark_shown(self) -> None:
        """Mark every row the filter shows (again: unmark them)."""
        self.table.mark_shown()
        self._update_title()

    def action_clear(self) -> None:
        """Escape: the filter first, then the marks."""
        box = self.query_one("#filter", Input)
        if box.value or box.display:
            box.value = ""
            box.display = False
            self._filter_by("")
        else:
            self.table.marked.clear()
            self.table.invalidate()
        self._update_title()
        self.set_focus(self.table)

    def show_filter_box(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        self.set_focus(box)  # now, not after the keys already typed: "/cuc" typed fast goes to the box

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_by(event.input.value)

    def _filter_by(self, value: str) -> None:
        """Show the rows matching ``value``: the box's text now, not a change event's,
        as enter applies it first and the changes still queued then are stale."""
        if value == self.query_text:
            return
        self.query_text = value
        self._apply_filter()
        self.paint_together(self.table, self.query_one("#title-line"))

    def _filter_done(self, value: str) -> None:
        """Enter in the filter box: back to the list (in the box's turn: see ``HandOffInput``)."""
        self._filter_by(value)  # the keys typed just before may not have been applied yet
        if not value:
            self.query_one("#filter", Input).display = False
        self.set_focus(self.table)
