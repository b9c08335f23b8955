"""The Entities screen: canonical entities, filtered as you type; mark several to merge."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from curator.app.display import TYPE_SHORT, cell, type_style
from curator.app.controller import Controller
from curator.app.messages import MergeEntities, OpenEntity, RenameEntity
from curator.app.screens.base import ListScreen
from curator.app.widgets.filter_input import FilterInput
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.models import Entity
from curator.resolve.keys import fold
from curator.text_index import TextIndex


EMPTY_ENTITIES = "No entity matches (entities appear after resolution)."


class EntitiesScreen(ListScreen):
    HELP_TITLE = "Entities"
    # Focus the list from the start: Textual's default focuses the first focusable
    # widget, the (then hidden) filter box, until ``on_mount`` moves it, and a key
    # typed in between (a busy machine, in tmux) went into the filter.
    AUTO_FOCUS = "#entities-table"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="entities.filter"),
        Binding("space", "mark", "Mark ↓", id="entities.mark", tooltip="Mark for a merge and move down"),
        Binding("m", "merge", "Merge marked…", id="entities.merge"),
        Binding("r", "rename", "Rename…", id="entities.rename"),
        Binding("t", "type_filter", "Type", id="entities.type_filter", tooltip="Show one type of entity"),
        Binding("s", "sort", "Sort", id="entities.sort"),
        Binding("escape", "clear", "Clear", show=False, id="entities.clear", tooltip="Clear the filter and the marks"),
    ]
    SORTS = ("articles", "name", "type", "aliases")
    TYPES: tuple[str | None, ...] = (None, "organization", "person", "event")

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.type_filter: str | None = None
        self._folded: dict[str, str] = {}  # entity id -> folded name and aliases
        self._index: TextIndex | None = None  # the same, in the order of the rows
        self._types: Any = None  # each row's type (numpy), made at the first type filter

    def compose_list(self) -> ComposeResult:
        yield FilterInput(placeholder="filter: name or alias (accents optional)", id="filter", on_enter=self._filter_done, on_change=self._filter_by)
        yield VirtualTable(
            [
                Column("name", "Name", lambda e: e.name, sort_key=lambda e: self._fold_of(e), cut="middle"),
                Column("type", "Type", lambda e: TYPE_SHORT.get(e.type, e.type), width=7, style=lambda e: type_style(e.type)),
                Column("aliases", "Aliases", lambda e: len(e.aliases), width=7, justify="right", sort_key=lambda e: len(e.aliases)),
                Column("articles", "Articles", lambda e: len(e.article_ids), width=8, justify="right",
                       sort_key=lambda e: len(e.article_ids)),
            ],
            row_key=lambda e: e.id,
            empty_text=EMPTY_ENTITIES,
            id="entities-table",
        )

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#entities-table", VirtualTable)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.table.focus()
        self.sync()

    def _fold_of(self, e: Entity) -> str:
        f = self._folded.get(e.id)
        if f is None:
            f = self._folded[e.id] = fold(" | ".join([e.name, *e.aliases]))
        return f

    def refresh_data(self) -> None:
        ws = self.workspace
        if not ws.entities_loaded:
            self.set_title_line(Text("Entities  loading…", style="bold"))
            self.table.empty_text = "Loading the entities…"
            return
        self.table.empty_text = EMPTY_ENTITIES
        # Names folded once per workspace, and their index, both kept by the workspace
        # until an entity changes: never folded again per decision, nor tested one by
        # one per keystroke.
        texts = ws.entity_search_texts()
        ents = [e for e, _ in texts]
        self._folded = {e.id: t for e, t in texts}
        self._index = ws.entity_text_index()
        self._types = None
        live = {e.id for e in ents}
        self.table.marked &= live
        self.table.set_rows(ents)
        self._apply_filter()

    def _update_title(self) -> None:
        t = self.table
        text = Text.assemble(("Entities", "bold"), f"  {len(t.rows):,} of {len(t.all_rows):,}")
        if self.type_filter:
            text.append(f"  type: {self.type_filter}", style="bold")
        if self.query_text:
            text.append("  filter: ")
            text.append(cell(self.query_text), style="italic")
        if t.marked:
            text.append(f"  {len(t.marked)} marked (m merges)", style="bold #ffd75f")
        self.set_title_line(text)

    def action_filter(self) -> None:
        self.show_filter_box()

    def _apply_filter(self) -> None:
        import numpy as np

        tokens = fold(self.query_text).split()
        kind = self.type_filter
        rows = self.table.all_rows
        mask = None
        if tokens and self._index is not None:
            mask = np.zeros(len(rows), dtype=bool)
            mask[self._index.matching_all(tokens)] = True
        if kind is not None:
            if self._types is None:
                self._types = np.array([e.type for e in rows], dtype=object)
            same = self._types == kind
            mask = same if mask is None else mask & same
        self.table.set_mask(mask)
        self._update_title()

    def action_type_filter(self) -> None:
        self.type_filter = self.TYPES[(self.TYPES.index(self.type_filter) + 1) % len(self.TYPES)]
        self._apply_filter()

    def action_sort(self) -> None:
        current = self.table.sort_column
        nxt = self.SORTS[(self.SORTS.index(current) + 1) % len(self.SORTS)] if current in self.SORTS else self.SORTS[1]
        self.table.set_sort(nxt, nxt in ("articles", "aliases"))
        self._update_title()

    def action_merge(self) -> None:
        marked = [e for e in self.table.all_rows if e.id in self.table.marked]
        if len(marked) < 2:
            self.notify("Mark two or more entities with space first.", severity="warning", timeout=3)
            return
        self.request(MergeEntities(marked, on_done=self._merged))

    def _merged(self) -> None:
        self.table.marked.clear()
        self.table.invalidate()
        self._update_title()

    def action_rename(self) -> None:
        ent = self.table.current_row
        if ent is not None:
            self.request(RenameEntity(ent))

    @on(VirtualTable.Selected, "#entities-table")
    def _open(self, event: VirtualTable.Selected) -> None:
        self.request(OpenEntity(event.row.id))
