"""Review's second view: the resolver's automatic merges, grouped by rule, the rule
touching most articles first, each with its evidence; ``d`` splits the highlighted
one back out (the ordinary split decision: recorded, undoable).

The list comes from the core (``Workspace.automatic_merges``); this view only
shows it. A rule's line heads its merges.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from curator.app.display import cell, plural
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.workspace import AutomaticMerge, MergeRule


def _names(row: Any) -> str:
    if isinstance(row, MergeRule):
        return f"{row.rule}  ({plural(len(row.merges), 'merge')})"
    return f"   {row.a}  =  {row.b}"


def _evidence(row: Any) -> str:
    if isinstance(row, MergeRule):
        return ""
    return "; ".join(row.evidence)


class AutomaticMergesView(Vertical):
    """The automatic merges: a table of rules and their merges, and the evidence of the
    highlighted merge in full below it."""

    def compose(self) -> ComposeResult:
        yield VirtualTable(
            [
                Column("articles", "Articles", lambda r: f"{r.articles:,}", width=9, justify="right"),
                Column("names", "Rule / names joined", _names, cut="middle",
                       style=lambda r: "bold" if isinstance(r, MergeRule) else ""),
                Column("evidence", "Evidence", _evidence, width=48),
            ],
            row_key=lambda r: (r.rule,) if isinstance(r, MergeRule) else (r.type, r.a, r.b),
            empty_text="No automatic merge in effect.",
            id="merges-table",
        )
        yield Static(id="merge-evidence")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#merges-table", VirtualTable)

    def show(self, rules: list[MergeRule]) -> None:
        """Show these rules and their merges (the cursor stays on the row it was on
        when that row is still there)."""
        rows: list[Any] = []
        for rule in rules:
            rows.append(rule)
            rows.extend(rule.merges)
        self.table.set_rows(rows)
        self._describe(self.table.current_row)

    @property
    def current(self) -> AutomaticMerge | MergeRule | None:
        return self.table.current_row

    @on(VirtualTable.Highlighted, "#merges-table")
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        self._describe(event.row)

    def _describe(self, row: Any) -> None:
        text = Text()
        if isinstance(row, MergeRule):
            text.append(cell(row.rule, 200), style="bold")
            text.append(f"\n{plural(len(row.merges), 'automatic merge')} · {row.articles:,} articles touched", style="dim")
            text.append("\nmove down to a merge to see its evidence; d splits it back out", style="dim")
        elif isinstance(row, AutomaticMerge):
            text.append(cell(row.a, 120), style="bold")
            text.append("  =  ")
            text.append(cell(row.b, 120), style="bold")
            text.append(f"   in {cell(row.entity_name, 120)} ({row.type}) · {plural(row.articles, 'article')} · score {row.score:.0f}", style="dim")
            for reason in row.evidence:
                text.append("\n• ")
                text.append(cell(reason, 400), style="italic")
            text.append(f"\nd splits “{cell(row.split_alias, 120)}” back out of {cell(row.entity_name, 120)}", style="dim")
        self.query_one("#merge-evidence", Static).update(text)
