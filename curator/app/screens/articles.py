"""The Articles screen: every article in a virtual table, filtered as you type."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from curator.app.display import STATUS_STYLES, cell
from curator.app.screens.base import ListScreen
from curator.app.widgets.filter_input import FilterInput
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.app.widgets.work_panel import work_progress
from curator.app.messages import OpenArticle
from curator.models import ARTICLE_STATUSES
from curator.workspace.filters import ArticleFilter

if TYPE_CHECKING:
    from curator.app.controller import Controller

STATUS_FILTERS: tuple[str | None, ...] = (None, *ARTICLE_STATUSES)
STATUS_ORDER = {s: i for i, s in enumerate(ARTICLE_STATUSES)}


class ArticlesScreen(ListScreen):
    HELP_TITLE = "Articles"
    AUTO_FOCUS = "#articles-table"  # not the hidden filter box (see EntitiesScreen)
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="articles.filter"),
        Binding("f", "status_filter", "Status", id="articles.status_filter", tooltip="Show only new / reviewed / flagged / duplicate articles"),
        Binding("s", "sort", "Sort", id="articles.sort", tooltip="Sort by the next column"),
        Binding("S", "reverse", "Reverse", show=False, id="articles.reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="articles.clear"),
    ]
    SORTS = ("published", "title", "outlet", "status", "entities")

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.status_filter: str | None = None
        self._filter = ArticleFilter()  # which rows the query and the status show

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield FilterInput(
            placeholder="filter: title, author, outlet or entity name (accents optional)", id="filter", on_enter=self._filter_done
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
            text.append(self.query_text, style="italic")
        if table.sort_column:
            text.append(f"  sort: {table.sort_column}{' ▼' if table.sort_reverse else ''}")
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

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.table.focus()

    def _apply_filter(self) -> None:
        if self.controller.workspace is None:
            return
        table = self.table
        shown = self._filter.mask(self.workspace, table.all_rows, self.query_text, self.status_filter, self._entity_filters_ready())
        table.set_mask(shown)
        self._update_title()

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
