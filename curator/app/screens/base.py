"""What every curator screen shares: a title line, the work panel, the footer,
and redrawing itself when the data changed while it was hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen

from curator.app.widgets.key_bar import KeyBar
from curator.app.widgets.title_line import TitleLine

from curator.app.widgets.work_panel import WorkPanel

if TYPE_CHECKING:
    from curator.app.app import CuratorApp
    from curator.workspace import Workspace


class CuratorScreen(Screen[None]):
    """A screen that shows workspace data and redraws after decisions."""

    HELP_TITLE = ""

    def __init__(self) -> None:
        super().__init__()
        self._generation = -1

    @property
    def curator(self) -> CuratorApp:
        return cast("CuratorApp", self.app)

    @property
    def workspace(self) -> Workspace:
        ws = self.curator.workspace
        assert ws is not None
        return ws

    def compose_title(self) -> ComposeResult:
        yield TitleLine(id="title-line", classes="title-line")

    def compose_bottom(self) -> ComposeResult:
        yield WorkPanel(id="work-panel")
        yield KeyBar()

    def set_title_line(self, text: Text) -> None:
        self.query_one("#title-line", TitleLine).set(text)

    def on_screen_resume(self) -> None:
        self.sync()

    def sync(self, force: bool = False) -> None:
        """Redraw from the workspace if it changed since this screen last drew."""
        if self.curator.workspace is None:
            return
        if force or self._generation != self.curator.generation:
            self._generation = self.curator.generation
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the workspace again and redraw (screens override)."""
