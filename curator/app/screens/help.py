"""Help: every key of every screen, generated from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from curator.app.widgets.key_bar import KeyBar


def binding_rows(bindings: Iterable[BindingType], key_display: object) -> list[tuple[str, str, str]]:
    """(keys, description, id) for each binding id, keys joined with ' / '."""
    grouped: dict[str, tuple[list[str], str]] = {}
    for b in Binding.make_bindings(bindings):
        ident = b.id or b.action
        desc = b.description or b.action
        if b.tooltip:
            desc = f"{desc}: {b.tooltip[0].lower()}{b.tooltip[1:]}"
        keys, _ = grouped.setdefault(ident, ([], desc))
        shown = key_display(b)  # type: ignore[operator]
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), desc, ident) for ident, (keys, desc) in grouped.items()]


class HelpScreen(ModalScreen[None]):
    """Every key, in ``sections``: (title, bindings) for each place keys work."""

    HELP_TITLE = "Help"
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Iterable[BindingType]]]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self._render_help(), id="help-text")
        yield KeyBar()

    def _render_help(self) -> Table:
        app = self.app
        outer = Table.grid(padding=(0, 2))
        outer.add_column()
        outer.add_column()
        tables = []
        for title, bindings in self.sections:
            table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False, box=None, padding=(0, 1))
            table.add_column(style="bold", no_wrap=True)
            table.add_column()
            for keys, desc, _ in binding_rows(bindings, app.get_key_display):
                table.add_row(Text(keys), Text(desc))
            tables.append(table)
        for i in range(0, len(tables), 2):
            outer.add_row(*tables[i : i + 2])
        return outer

    def action_close(self) -> None:
        self.dismiss()
