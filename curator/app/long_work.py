"""Long work in thread workers: loading the entities, export, ingest of a folder, resolution.

Loading runs in the group ``entities`` once the database is open and after each
ingest or resolution. The others each run in a worker of the group ``work`` (one
at a time, ``ctrl+x`` cancels it) and report with :class:`~curator.app.messages.WorkProgress` and
:class:`~curator.app.messages.WorkFinished`; the app's work panel shows the
progress. Failures are turned into notifications by the app's one
``Worker.StateChanged`` handler.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.reactive import reactive
from textual.worker import WorkerState, get_current_worker

from curator.app import process_settings
from curator.app.display import plural
from curator.app.messages import EntitiesLoaded, WorkFinished, WorkProgress
from curator.app.widgets.work_panel import LOADING, NOT_CANCELLABLE

if TYPE_CHECKING:
    from curator.app.controller import Controller
    from curator.workspace import Workspace


PROBLEMS_SHOWN = 6  # files named in the ingest summary; the rest are counted


def problem_lines(problems: Sequence[Any]) -> str:
    """The files an ingest had problems with, one line each with why (their shown
    paths, printable already; the notification never reads them as markup)."""
    if not problems:
        return ""
    files = list(dict.fromkeys(p.path for p in problems))
    out = [f"\n{plural(len(files), 'file')} with problems:"]
    for p in problems[:PROBLEMS_SHOWN]:
        out.append(f"\n• {p.path}: {p.message}")
    if len(problems) > PROBLEMS_SHOWN:
        out.append(f"\n… and {len(problems) - PROBLEMS_SHOWN} more (curator ingest lists them all)")
    return "".join(out)


def _resolution_summary(ws: Workspace, report: Any) -> str:
    """What a resolve did, or, cancelled, that it saved nothing (a resolve is one commit);
    its counts are the core's (``curator.workspace.counts``), as Review and ``curator stats`` show them."""
    counts = ws.resolution_counts(report)
    if counts.merges is None:
        return "Nothing of it was saved; re-run resolution from the command palette (ctrl+p) to find the names."
    return f"{plural(counts.merges, 'automatic merge')}, {plural(counts.to_review, 'suggestion')} to review."


class ArticlesRead(Message):
    """An ingest has saved what it read; its resolution goes on."""


class BatchSaved(Message):
    """A batch of decisions saved in a worker is done: ``result`` is what it made, or
    the exception it raised (turned into a notification by the controller)."""

    def __init__(self, title: str, result: Any, finished: Callable[[Any], None]) -> None:
        super().__init__()
        self.title, self.result, self.finished = title, result, finished


class LongWork(App[None]):
    """The app's long work: what starts it, runs it, reports and cancels it.

    The app sets ``controller`` (the workspace and its changes), ``seeds`` and
    ``auto_load_entities``."""

    work_state: reactive[tuple[str, int, int, str] | None] = reactive(None, always_update=True)
    controller: Controller
    seeds: Path | None
    auto_load_entities: bool
    _last_progress = 0.0

    def _open(self) -> Workspace:
        ws = self.controller.workspace
        assert ws is not None, "long work starts once the database is open"
        return ws

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities", name="Loading entities")
    def _load_entities(self) -> None:
        ws = self._open()
        # The work panel shows each step as it starts (at once, whatever the load lasts);
        # a step holds the workspace's lock, so the load cannot be cancelled midway.
        steps = [
            ("the articles", ws.index_articles),
            ("the search index", ws.prepare_search),
            ("the entities", ws.load_entities),
            # The open suggestions, for Review: before the filters' index, whose being
            # ready lets the Articles filter take the lock.
            ("the suggestions", ws.suggestions),
            ("the automatic merges", ws.automatic_merges),  # Review's second view opens at once
            ("the entity names", ws.entity_text_index),  # entities sorted, names folded and joined, and
            ("the entities' articles", ws.entity_article_pairs),  # their articles by row: ready for the filters
        ]
        # Millions of objects that live as long as the app (see ``process_settings``).
        with process_settings.no_collection():
            for done, (what, step) in enumerate(steps):
                self.post_message(WorkProgress(LOADING, done, len(steps), what))
                step()
        self.post_message(EntitiesLoaded())
        # Then every text and mention file, as bytes (parsed objects would take many
        # times the memory), so that opening an article reads no file.
        worker = get_current_worker()
        ws.preload_articles(cancelled=lambda: worker.is_cancelled)
        process_settings.keep_for_good()  # they stay for good too

    @property
    def loading_entities(self) -> bool:
        """Whether the background thread is loading the entities and their filters."""
        return any(w.group == "entities" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    @on(EntitiesLoaded)
    def _entities_loaded(self) -> None:
        if self.work_state is not None and self.work_state[0] == LOADING:
            self.work_state = None
        process_settings.keep_for_good()
        self.controller.data_changed()

    def _progress(self, title: str) -> Callable[[int, int, str], None]:
        """A progress callback for the core, called from the worker thread."""

        def report(done: int, total: int, what: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= 0.05 or done >= total:
                self._last_progress = now
                self.post_message(WorkProgress(title, done, total, what))

        return report

    def in_background(self, title: str, make: Callable[..., Any], finished: Callable[[Any], None]) -> None:
        """Save a big batch of decisions in a worker (see ``Controller.decide_many``)."""
        self.work_state = (title, 0, 0, "")
        self._save_batch(title, make, finished)

    @work(thread=True, exit_on_error=False, group="decision", name="Saving")
    def _save_batch(self, title: str, make: Callable[..., Any], finished: Callable[[Any], None]) -> None:
        # Not cancellable: the batch is saved whole in one write, or not at all.
        try:
            result = make(self._open(), progress=self._progress(title))
        except Exception as exc:  # told on the UI thread, as a decision made there would be
            result = exc
        self.post_message(BatchSaved(title, result, finished))

    @on(BatchSaved)
    def _batch_saved(self, message: BatchSaved) -> None:
        if self.work_state is not None and self.work_state[0] == message.title:
            self.work_state = None
        message.finished(message.result)

    @on(ArticlesRead)
    def _articles_read(self) -> None:
        self.controller.data_changed()

    @on(WorkProgress)
    def _on_progress(self, message: WorkProgress) -> None:
        self.work_state = (message.title, message.done, message.total, message.what)

    @on(WorkFinished)
    def _on_finished(self, message: WorkFinished) -> None:
        self.work_state = None
        if message.cancelled:
            self.notify(f"{message.title}: cancelled. {message.summary}", severity="warning", timeout=6)
        else:
            # A summary that lists files stays long enough to be read.
            self.notify(message.summary, title=message.title, timeout=20 if "\n" in message.summary else 6)
        if message.title == "Export" and self._quit_after_export:
            self.exit()
            return
        if message.changed_data:
            self.controller.data_changed()
            if self.auto_load_entities:
                self._load_entities()

    _quit_after_export = False

    async def action_quit(self) -> None:
        """Quit at once, except that an export under way is finished first (its file is the point)."""
        if any(w.name == "Export" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers):
            self._quit_after_export = True
            self.notify("Finishing the export, then quitting…", timeout=4)
            return
        self.exit()

    def action_cancel_work(self) -> None:
        if self.work_state is not None and self.work_state[0] in NOT_CANCELLABLE:
            self.notify(f"{self.work_state[0]}: cannot be cancelled; it ends by itself.", timeout=3)
            return
        if self.work_state is not None:
            self.workers.cancel_group(self, "work")
            self.notify("Cancelling…", timeout=2)

    def action_export(self) -> None:
        from curator.app.widgets.prompts import PromptScreen

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self._export(Path(name.strip()).expanduser())

        self.push_screen(PromptScreen("Export the curated archive to", "curator-export.json", hint="a JSON file; existing files are replaced"), chosen)

    def action_ingest(self) -> None:
        from curator.app.widgets.prompts import PromptScreen

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self._ingest([Path(name.strip()).expanduser()])

        self.push_screen(PromptScreen("Ingest files from the folder", str(self.seeds or "seeds"), hint="then names are resolved again"), chosen)

    def action_resolve(self) -> None:
        self._resolve()

    @work(thread=True, exclusive=True, exit_on_error=False, group="work", name="Export")
    def _export(self, path: Path) -> None:
        from curator.export import export_workspace
        from curator.export_target import export_target

        self.post_message(WorkProgress("Exporting", 0, 0, str(path)))
        # The export checks its path as ``curator export -o`` does; first the app's own
        # terminal is refused as well (JSON written there would garble the screen).
        ws = self._open()
        export_target(path, ws.root, terminal_in_use=True)
        export_workspace(ws, path, progress=self._progress("Exporting"))
        self.post_message(WorkFinished("Export", f"Wrote {path}", changed_data=False))

    @work(thread=True, exclusive=True, exit_on_error=False, group="work", name="Ingest")
    def _ingest(self, paths: list[Path], first_run: bool = False) -> None:
        worker = get_current_worker()
        ws = self._open()
        title = "Reading the seeds" if first_run else "Ingesting"
        self.post_message(WorkProgress(title, 0, 0, ", ".join(str(p) for p in paths)))
        report = ws.ingest(paths, progress=self._progress(title), cancelled=lambda: worker.is_cancelled)
        summary = (
            f"{plural(report.files_seen, 'file')}, {plural(report.articles_added, 'article')} added, "
            f"{report.articles_updated} updated." + problem_lines(report.problems)
        )
        if worker.is_cancelled or report.cancelled:
            kept = (
                f"{report.files_saved} new or changed file{'' if report.files_saved == 1 else 's'} saved; "
                "ingest the same folder again to complete it."
            )
            self.post_message(WorkFinished("Ingest", kept, changed_data=True, cancelled=True))
            return
        # The articles read are listed while their names are resolved (posted: the
        # worker never waits for the screen).
        self.post_message(ArticlesRead())
        resolved = ws.resolve(progress=self._progress("Resolving names"), cancelled=lambda: worker.is_cancelled)
        summary += " Resolution: " + _resolution_summary(ws, resolved)
        # Cancelled only if the resolution saved nothing: one finished before ctrl+x was seen is done.
        self.post_message(WorkFinished("Ingest", summary, changed_data=True, cancelled=bool(resolved.cancelled)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="work", name="Resolution")
    def _resolve(self) -> None:
        worker = get_current_worker()
        self.post_message(WorkProgress("Resolving names", 0, 0, ""))
        ws = self._open()
        report = ws.resolve(progress=self._progress("Resolving names"), cancelled=lambda: worker.is_cancelled)
        summary = _resolution_summary(ws, report)
        # Cancelled only if the resolution saved nothing: one finished before ctrl+x was seen is done.
        self.post_message(WorkFinished("Resolution", summary, changed_data=True, cancelled=bool(report.cancelled)))
