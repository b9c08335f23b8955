"""The Articles screen: every article in a virtual table, filtered as you type;
mark several (``space``, ``*`` for all shown) to set their status at once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.worker import get_current_worker

from curator.app.display import STATUS_STYLES, cell, plural
from curator.app.screens.base import ListScreen
from curator.app.widgets.filter_input import FilterInput
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.app.widgets.work_panel import work_progress
from curator.app.messages import OpenArticle
from curator.models import ARTICLE_STATUSES
from curator.workspace.article_query import MISSING_HELP, parse_query
from curator.workspace.filters import ArticleFilter

if TYPE_CHECKING:
    from curator.app.controller import Controller

STATUS_FILTERS: tuple[str | None, ...] = (None, *ARTICLE_STATUSES)
STATUS_ORDER = {s: i for i, s in enumerate(ARTICLE_STATUSES)}


class ArticlesScreen(ListScreen):
    HELP_TITLE = "Articles"
    AUTO_FOCUS = "#articles-table"  # not the hidden filter box (see EntitiesScreen)
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="articles.filter",
                tooltip='Words (accents optional), "a phrase" as written in titles and bodies, no:title no:date no:outlet no:author'),
        Binding("f", "status_filter", "Status", id="articles.status_filter", tooltip="Show only new / reviewed / flagged / duplicate articles"),
        Binding("s", "sort", "Sort", id="articles.sort", tooltip="Sort by the next column"),
        Binding("S", "reverse", "Reverse", show=False, id="articles.reverse"),
        Binding("escape", "clear", "Clear filter", show=False, id="articles.clear", tooltip="Clear the filter, then the marks"),
        Binding("space", "mark", "Mark ↓", id="articles.mark", tooltip="Mark the highlighted article and move down"),
        Binding("asterisk", "mark_shown", "Mark all", show=False, id="articles.mark_shown",
                tooltip="Mark every article the filter shows (again: unmark them)"),
        Binding("R", "set_status('reviewed')", "Reviewed", show=False, id="articles.reviewed",
                tooltip="Mark the marked articles (else the highlighted one) reviewed: one undo for all"),
        Binding("F", "set_status('flagged')", "Flagged", show=False, id="articles.flagged",
                tooltip="Flag the marked articles (else the highlighted one): one undo for all"),
        Binding("N", "set_status('new')", "New", show=False, id="articles.new",
                tooltip="Set the marked articles (else the highlighted one) back to new: one undo for all"),
    ]
    SORTS = ("published", "title", "outlet", "status", "entities")

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.status_filter: str | None = None
        self._filter = ArticleFilter()  # which rows the query and the status show
        self._body_search: tuple[str, int] | None = None  # the phrase whose bodies are being read, how many read

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield FilterInput(
            placeholder='filter: title, author, outlet or entity name (accents optional); "exact phrase" in title or body; '
            + MISSING_HELP, id="filter", on_enter=self._filter_done
        )
        yield VirtualTable(
            [
                Column("published", "Date", lambda r: r.published, width=10),
                Column("title", "Title", lambda r: r.title, sort_key=lambda r: r.search),
                Column("outlet", "Outlet", lambda r: r.outlet, width=18, sort_key=lambda r: r.outlet.lower()),
                Column("status", "Status", lambda r: r.status, width=9, sort_key=lambda r: STATUS_ORDER.get(r.status, 9),
                       style=lambda r: STATUS_STYLES.get(r.status, "")),
                Column("entities", "Entities", lambda r: r.entity_count, width=8, justify="right", sort_key=lambda r: r.entity_count),
            ],
            row_key=lambda r: r.id,
            empty_text="No article matches.",
            id="articles-table",
        )
        yield from self.compose_bottom()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#articles-table", VirtualTable)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.table.focus()
        self.watch(self.app, "work_state", lambda _: self._say_why_empty())
        if self.controller.workspace is None:  # the app starts here while the index is read
            self.set_title_line(Text.assemble(("Articles", "bold"), f"  reading {cell(str(self.controller.db_path), 200)}…"))
        self.sync()

    def refresh_data(self) -> None:
        rows = self.workspace.article_rows()
        self._filter.reset()
        # Same list after a decision (rows change in place), a new one after a reload:
        # either way sort and filter again, since a status or title may have changed.
        self.table.set_rows(rows)
        if self.query_text or self.status_filter:
            self._apply_filter()
        self._update_title()

    def _say_why_empty(self) -> None:
        table = self.table
        if table.rows:
            return
        text = why_empty(
            bool(table.all_rows), getattr(self.app, "work_state", None), self.controller.seeds, self.controller.workspace is None
        )
        if text != table.empty_text:
            table.empty_text = text
            table.refresh()

    def _update_title(self) -> None:
        self._say_why_empty()
        table = self.table
        text = Text.assemble(("Articles", "bold"), f"  {len(table.rows):,} of {len(table.all_rows):,}")
        if self.status_filter:
            text.append(f"  status: {self.status_filter}", style="bold")
        if self.query_text:
            text.append("  filter: ")
            text.append(cell(self.query_text, 200), style="italic")
        unknown = parse_query(self.query_text).unknown if self.query_text else ()
        if unknown:
            text.append(f"  {cell(unknown[0], 30)} names no field: {MISSING_HELP}", style="#ff875f")
        if self._body_search is not None:
            phrase, done = self._body_search
            text.append(f"  searching the bodies for “{cell(phrase, 60)}”: {done:,} of {len(table.all_rows):,} read…", style="dim italic")
        if table.sort_column:
            text.append(f"  sort: {table.sort_column}{' ▼' if table.sort_reverse else ''}")
        if table.marked:
            text.append(f"  {len(table.marked):,} marked (R reviewed, F flagged, N new)", style="bold #ffd75f")
        self.set_title_line(text)

    # -- filter ------------------------------------------------------------------
    def action_filter(self) -> None:
        self.show_filter_box()
        if self.controller.workspace is not None and self._entity_filters_ready():
            self._filter.prepare(self.workspace)

    def _entity_filters_ready(self) -> bool:
        """Whether entity names can be matched without waiting: built, or else not being
        built by the background thread (after a decision: built here, as before). While
        the app loads them, the filter matches titles, authors and outlets; the names
        join in when loading ends (the app redraws the list then)."""
        ws = self.workspace
        return ws.entities_loaded and (ws.entity_filters_ready() or not self.controller.loading_entities)

    # -- several at once ----------------------------------------------------------
    def action_set_status(self, status: str) -> None:
        """The status of the marked articles, else of the highlighted one."""
        table = self.table
        if self.controller.workspace is None:
            return
        if table.marked:
            ids = sorted(table.marked)  # shown or hidden by the filter since
        elif table.current_row is not None:
            ids = [table.current_row.id]
        else:
            return

        def made(_decisions: list) -> None:
            table.marked.clear()
            table.invalidate()
            self._update_title()

        self.controller.decide_many(
            lambda ws, progress=None: ws.set_statuses(ids, status, progress=progress),
            lambda n: f"{plural(n, 'article')} set {status}", size=len(ids), then=made,
        )

    def _apply_filter(self) -> None:
        if self.controller.workspace is None:
            return
        table = self.table
        shown = self._filter.mask(self.workspace, table.all_rows, self.query_text, self.status_filter, self._entity_filters_ready())
        pending = self._filter.bodies_pending(table.all_rows, self.query_text)
        if pending and (self._body_search is None or self._body_search[0] != pending[0]):
            self._body_search = (pending[0], 0)
            rows = table.all_rows
            self.run_worker(
                lambda: self._search_bodies(rows, pending[0]), thread=True, exclusive=True, exit_on_error=False,
                group="body-search", name="Searching the bodies",
            )
        elif not pending and self._body_search is not None:
            self._body_search = None
            self.workers.cancel_group(self, "body-search")
        table.empty_text = "No title holds the phrase; the bodies are being searched…" if self._body_search else "No article matches."
        table.set_mask(shown)
        self._update_title()

    def _search_bodies(self, rows: Any, phrase: str) -> None:
        """Read every body for a quoted phrase (a thread: seconds at 100,000 articles);
        the list shows the titles that hold it meanwhile, and the bodies when read."""
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int) -> None:
            if time.monotonic() - last[0] >= 0.1:
                last[0] = time.monotonic()
                self.app.call_from_thread(self._body_progress, phrase, done)

        if self._filter.search_bodies(self.workspace, rows, phrase, lambda: worker.is_cancelled, progress):
            self.app.call_from_thread(self._bodies_read, phrase)

    def _body_progress(self, phrase: str, done: int) -> None:
        if self._body_search is not None and self._body_search[0] == phrase:
            self._body_search = (phrase, done)
            self._update_title()

    def _bodies_read(self, phrase: str) -> None:
        if self._body_search is not None and self._body_search[0] == phrase:
            self._body_search = None
        self._apply_filter()

    def action_status_filter(self) -> None:
        i = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)]
        self._apply_filter()

    def action_sort(self) -> None:
        current = self.table.sort_column
        nxt = self.SORTS[(self.SORTS.index(current) + 1) % len(self.SORTS)] if current in self.SORTS else self.SORTS[0]
        self.table.set_sort(nxt, self.table.sort_reverse)
        self._update_title()

    def action_reverse(self) -> None:
        self.table.set_sort(self.table.sort_column or self.SORTS[0], not self.table.sort_reverse)
        self._update_title()

    @on(VirtualTable.Selected, "#articles-table")
    def _open(self, event: VirtualTable.Selected) -> None:
        table = self.table
        self.request(OpenArticle(event.row.id, table.rows, table.cursor if table.current_row is event.row else -1))


def why_empty(has_articles: bool, work: tuple[str, int, int, str] | None, seeds: Path | None, opening: bool) -> str:
    """What the article list says when it shows no row: why it is empty."""
    if has_articles:
        return "No article matches."
    if work is not None:  # the list fills once the files are read
        return work_progress(work) + "; the articles are listed once read."
    if opening:
        return "Reading the database…"
    if seeds is not None and not Path(seeds).is_dir():
        return f"No {cell(str(seeds), 80)}/ folder here: run curator ingest PATH (or ctrl+p, Ingest a folder)."
    return "No article in this database: run curator ingest PATH (or ctrl+p, Ingest a folder)."
