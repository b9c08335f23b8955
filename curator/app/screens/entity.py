"""One entity's detail: its aliases with counts, the articles that name it, the
entities it appears with, and why its names are one (a detail pane, shown over the
list it was opened from: :mod:`curator.app.screens.details`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from curator.app.controller import Controller
from curator.app.display import TYPE_SHORT, cell, plural, type_style
from curator.app.messages import MergeEntities, OpenArticle, OpenEntity, PickEntity, RenameEntity
from curator.app.screens.details import DetailPane
from curator.app.widgets.virtual_table import Column, VirtualTable


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


class EntityDetail(DetailPane):
    """One entity: its aliases with counts, its articles, the entities it appears with."""

    HELP_TITLE = "Entity detail"
    KIND = "entity"
    FOCUS = "#entity-aliases"
    BINDINGS = [
        Binding("escape", "back", "Back", id="entity.back"),
        Binding("r", "rename", "Rename…", id="entity.rename"),
        Binding("s", "split", "Split alias", id="entity.split", tooltip="Take the highlighted alias out into a new entity"),
        Binding("m", "merge_with", "Merge with…", id="entity.merge", tooltip="Merge another entity into this one"),
        Binding("tab", "app.focus_next", "Next list", show=False, id="entity.focus_next"),
    ]

    def __init__(self, controller: Controller, *, id: str | None = None) -> None:
        super().__init__(controller, id=id)
        self.entity_id = ""
        self.detail: Any = None

    def show_entity(self, entity_id: str) -> None:
        """Point this (reused) pane at another entity; it draws when shown."""
        self.entity_id = entity_id
        self.detail = None
        self._generation = -1

    def compose(self) -> ComposeResult:
        # Virtual lists: the most named entity of a big archive is in a third of its
        # articles and appears with most other entities (an OptionList of them took
        # seconds to fill, so they had been cut at 2,000 and 500).
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

    def refresh_data(self) -> None:
        from curator.workspace import CurationError

        if not self.entity_id:
            return  # mounted hidden (see ``DetailHost.prepare``): no entity yet
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
                self.detail = None
                self.go_back()
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

    def ready(self) -> bool:
        return self.detail is not None

    def action_back(self) -> None:
        self.go_back()

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
        event.stop()
        table = event.table
        self.request(OpenArticle(event.row.id, table.rows, table.cursor))

    @on(VirtualTable.Selected, "#entity-cooc")
    def _open_other(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self.request(OpenEntity(event.row[0].id))
