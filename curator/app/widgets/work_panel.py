"""The line at the bottom that shows long work with a progress bar."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from curator.app.display import cell

LOADING = "Loading entities"  # the entities load (their steps hold the workspace's lock)
SAVING = "Saving the decision"  # a big batch, saved whole in one write
# Jobs ctrl+x cannot stop (the panel says so instead of offering it).
NOT_CANCELLABLE = {LOADING, SAVING}
# What each long job counts, by its title (the core's progress callbacks count these).
UNITS = {LOADING: "steps", SAVING: "decisions", "Reading the seeds": "files", "Ingesting": "files", "Resolving names": "articles", "Exporting": "articles"}


def work_progress(work: tuple[str, int, int, str]) -> str:
    """How far a job is, in words: "Reading the seeds: 3,200 of 8,900 files"."""
    title, done, total, _ = work
    if total <= 0:
        return f"{cell(title)}: starting"
    unit = UNITS.get(title, "")
    return f"{cell(title)}: {done:,} of {total:,}{' ' + unit if unit else ''}"


class WorkPanel(Horizontal):
    """Follows the app's ``work`` state: hidden when nothing runs."""

    def compose(self) -> ComposeResult:
        yield Label("", id="work-title")
        # A determinate bar while idle: an indeterminate one animates (and burns CPU) even when hidden.
        yield ProgressBar(total=1, show_eta=False, id="work-bar")
        yield Label("", id="work-what")

    def on_mount(self) -> None:
        self.watch(self.app, "work_state", self._show)

    def _show(self, work: tuple[str, int, int, str] | None) -> None:
        self.display = work is not None
        if work is None:
            self.query_one("#work-bar", ProgressBar).update(total=1, progress=0)
            return
        title, done, total, what = work
        # Text, not str: a Label parses a str as markup, and ``what`` is a file name from the archive.
        self.query_one("#work-title", Label).update(Text(cell(title) + "  "))
        bar = self.query_one("#work-bar", ProgressBar)
        bar.update(total=total if total > 0 else None, progress=done)
        tail = "cannot be cancelled" if title in NOT_CANCELLABLE else "ctrl+x cancels"
        count = f"{done:,} of {total:,} {UNITS.get(title, '')}".rstrip() if total > 0 else "starting"
        self.query_one("#work-what", Label).update(Text(f"  {count}  {cell(what, 60)}   {tail}"))
