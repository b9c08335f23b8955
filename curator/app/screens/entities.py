"""The Entities screen: canonical entities, filtered as you type; mark several to merge."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from curator.app.display import TYPE_SHORT, cell, plural, type_style
from curator.app.controller import Controller
from curator.app.messages import MergeEntities, OpenArticle, OpenEntity, PickEntity, RenameEntity
from curator.app.screens.base import CuratorScreen, ListScreen
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

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield FilterInput(placeholder="filter: name or alias (accents optional)", id="filter", on_enter=self._filter_done)
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
        yield from self.compose_bottom()

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


WHY_SHOWN = 6  # merges listed under an entity; the rest are counted


def why_text(merged: list[tuple[str, str, str]]) -> Text:
    """Why the entity's names are one: each merge in effect with its reasons (archive text
    as plain characters, never markup)."""
    if not merged:
        return Text("One name: nothing merged.", style="dim")
    out = Text("Why these names are one", style="bold")
    for a, b, reasons in merged[:WHY_SHOWN]:
        out.append("\n")
        out.append(f"{cell(a, 50)} = {cell(b, 50)}", style="bold")
        out.append(f"  {cell(reasons, 160)}", style="italic")
    if len(merged) > WHY_SHOWN:
        out.append(f"\n… and {len(merged) - WHY_SHOWN} more", style="dim")
    return out


class AliasTable(VirtualTable):
    """The entity detail's aliases: an alias has no page to open, so enter says what
    can be done with it instead (the footer offers no "Open" here)."""

    BINDINGS = [Binding("enter", "explain", "What now?", show=False, id="entity.alias_enter")]

    def action_explain(self) -> None:
        row = self.current_row
        if row is not None:
            self.notify(
                f"'{cell(row[0], 60)}' is one name of this entity: s splits it out into an entity of its own, "
                "tab moves to the articles that name the entity.",
                timeout=5,
            )


class EntityScreen(CuratorScreen):
    """One entity: its aliases with counts, its articles, the entities it appears with."""

    HELP_TITLE = "Entity detail"
    BINDINGS = [
        Binding("escape", "back", "Back", id="entity.back"),
        Binding("r", "rename", "Rename…", id="entity.rename"),
        Binding("s", "split", "Split alias", id="entity.split", tooltip="Take the highlighted alias out into a new entity"),
        Binding("m", "merge_with", "Merge with…", id="entity.merge", tooltip="Merge another entity into this one"),
        Binding("tab", "app.focus_next", "Next list", show=False, id="entity.focus_next"),
    ]

    def __init__(self, controller: Controller, entity_id: str = "") -> None:
        super().__init__(controller)
        self.entity_id = entity_id
        self.detail: Any = None

    def show_entity(self, entity_id: str) -> None:
        """Point this (reused) screen at another entity; it draws when shown."""
        self.entity_id = entity_id
        self.detail = None
        self._generation = -1

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, Vertical
        from textual.widgets import Label

        # Virtual lists: the most named entity of a big archive is in a third of its
        # articles and appears with most other entities (an OptionList of them took
        # seconds to fill, so they had been cut at 2,000 and 500).
        yield from self.compose_title()
        with Horizontal(id="entity-main"):
            with Vertical(classes="entity-col"):
                yield Label("Aliases (s splits one out)", classes="side-title")
                yield AliasTable(
                    [
                        Column("alias", "Alias", lambda a: a[0], cut="middle"),
                        Column("count", "×", lambda a: a[1], width=4, justify="right"),
                    ],
                    row_key=lambda a: a[0],
                    empty_text="No alias.",
                    id="entity-aliases",
                )
            with Vertical(classes="entity-col wide"):
                yield Label("Articles (enter opens)", classes="side-title")
                yield VirtualTable(
                    [Column("published", "Date", lambda r: r.published, width=10), Column("title", "Title", lambda r: r.title)],
                    row_key=lambda r: r.id,
                    empty_text="No article.",
                    id="entity-articles",
                )
            with Vertical(classes="entity-col"):
                yield Label("Appears with (enter opens)", classes="side-title")
                yield VirtualTable(
                    [
                        Column("type", "Type", lambda o: TYPE_SHORT.get(o[0].type, o[0].type), width=6, style=lambda o: type_style(o[0].type)),
                        Column("name", "Name", lambda o: o[0].name, cut="middle"),
                        Column("count", "×", lambda o: o[1], width=4, justify="right"),
                    ],
                    row_key=lambda o: o[0].id,
                    empty_text="No other entity.",
                    id="entity-cooc",
                )
        yield Static(id="entity-why", markup=False)
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#entity-aliases", VirtualTable).focus()

    def refresh_data(self) -> None:
        from curator.workspace import CurationError

        if not self.entity_id:
            return  # composed unseen (see ``CuratorApp._prepare_screens``): no entity yet
        ws = self.workspace
        try:
            self.detail = ws.entity(self.entity_id)
        except CurationError:
            # The entity changed identity (a split or merge): follow one of its names.
            old = self.detail
            found = None
            if old is not None:
                for form, _ in old.aliases:
                    found = ws.entity_for_name(old.entity.type, form)
                    if found is not None:
                        break
            if found is None:
                self.notify("That entity no longer exists.", severity="warning")
                self.app.pop_screen()
                return
            self.entity_id = found.id
            self.detail = ws.entity(found.id)
        d = self.detail
        e = d.entity
        title = Text.assemble(("Entity ", "bold"), (cell(e.name, 100), "bold " + type_style(e.type)))
        title.append(f"  {e.type}  {plural(len(d.aliases), 'alias', 'aliases')}  {plural(len(d.articles), 'article')}")
        self.set_title_line(title)
        for widget_id, rows in (("#entity-aliases", d.aliases), ("#entity-articles", d.articles), ("#entity-cooc", d.cooccurring)):
            table = self.query_one(widget_id, VirtualTable)
            keep = table.cursor  # the same place, as a list of another entity has other rows
            table.set_rows(rows, keep_cursor=False)
            table.cursor = max(0, min(keep, len(rows) - 1))
        self.query_one("#entity-why", Static).update(why_text(d.merged_because))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_rename(self) -> None:
        if self.detail is not None:
            self.request(RenameEntity(self.detail.entity))

    def action_split(self) -> None:
        """Split the highlighted alias out, only when the Aliases list has the focus:
        the curator is looking at it (else the screen says why nothing was done)."""
        aliases = self.query_one("#entity-aliases", VirtualTable)
        if self.detail is None:
            return
        if self.focused is not aliases:
            self.notify("s splits the highlighted alias: move to the Aliases list first (tab).", severity="warning", timeout=4)
            return
        alias = aliases.current_row
        if alias is None:
            return
        form = alias[0]
        self.controller.decide(lambda ws: ws.split(self.entity_id, form))

    def action_merge_with(self) -> None:
        if self.detail is None:
            return
        me = self.detail.entity

        def chosen(other: Any) -> None:
            if other is not None and other.id != me.id:
                self.request(MergeEntities([me, other]))

        self.request(PickEntity(f"Merge {cell(me.name, 40)} with…", chosen, type_=me.type, exclude=me.id))

    @on(VirtualTable.Selected, "#entity-articles")
    def _open_article(self, event: VirtualTable.Selected) -> None:
        table = event.table
        self.request(OpenArticle(event.row.id, table.rows, table.cursor))

    @on(VirtualTable.Selected, "#entity-cooc")
    def _open_other(self, event: VirtualTable.Selected) -> None:
        self.request(OpenEntity(event.row[0].id))
