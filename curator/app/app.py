"""CuratorApp: opens the database, switches between the screens, runs long work.

Decisions go through :meth:`CuratorApp.decide`, which shows a failed save as an
error and redraws only after the core said the decision is on disk. Long work
(first-run ingest, ingest of a folder, resolution, export) runs in thread
workers that post :mod:`curator.app.messages` back; one ``Worker.StateChanged``
handler turns their failures into error notifications.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState, get_current_worker

from curator.app.crash import OneLineCrash
from curator.app.display import TYPE_SHORT, cell, notice
from curator.app.messages import EntitiesLoaded, WorkFinished, WorkProgress, WorkspaceOpened
from curator.app.providers import CuratorCommands
from curator.app.screens.article import ArticleScreen
from curator.app.screens.articles import ArticlesScreen, fold
from curator.app.screens.base import CuratorScreen
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.app.screens.help import HelpScreen
from curator.app.screens.review import ReviewScreen
from curator.curation.decisions import describe
from curator.models import Decision, Entity
from curator import yielding
from curator.store import StoreError


STEP_ASIDE_S = 0.3  # how long background loading waits after each key
SWITCH_INTERVAL_S = 0.001  # see ``on_mount``


def _describe(decision: Decision) -> str:
    return describe(decision.to_dict())


def _resolution_summary(report: Any) -> str:
    """What a resolve did, or, cancelled, that it saved nothing (a resolve is one commit)."""
    if getattr(report, "cancelled", False):
        return "Nothing of it was saved; re-run resolution from the command palette (ctrl+p) to find the names."
    return f"{getattr(report, 'merges', 0)} merges, {getattr(report, 'suggestions', 0)} suggestions to review."


class CuratorApp(OneLineCrash, App[None]):
    """The review app for an archive of Vietnamese news articles."""

    CSS_PATH = "app.tcss"
    TITLE = "curator"
    COMMANDS = App.COMMANDS | {CuratorCommands}
    MODES = {"articles": ArticlesScreen, "entities": EntitiesScreen, "review": ReviewScreen}
    # Start on the article list itself, empty until the index is read: a start screen
    # and a switch of mode cost two full CSS passes (~0.3 s) before the first row.
    DEFAULT_MODE = "articles"
    BINDINGS = [
        Binding("1", "show('articles')", "Articles", id="app.articles"),
        Binding("2", "show('entities')", "Entities", id="app.entities"),
        Binding("3", "show('review')", "Review", id="app.review"),
        Binding("u,ctrl+z", "undo", "Undo", id="app.undo", tooltip="Undo the last decision (again and again)"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="app.redo"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key on every screen"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette",
                tooltip="Export, ingest, resolve, theme, open any article or entity"),
        Binding("ctrl+x", "cancel_work", "Cancel work", show=False, id="app.cancel_work"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (every decision is already saved)"),
    ]

    work_state: reactive[tuple[str, int, int, str] | None] = reactive(None, always_update=True)

    def __init__(self, db_path: Path | str | None = None, seeds: Path | None = None, *, load_entities: bool = True) -> None:
        super().__init__()
        from curator.store import default_db_path

        self.db_path = Path(db_path) if db_path is not None else default_db_path()
        self.seeds = seeds
        self.workspace: Any = None
        self.error_message: str | None = None
        self.generation = 0
        self.auto_load_entities = load_entities
        self._last_progress = 0.0

    @staticmethod
    def help_screens() -> list[type[Any]]:
        return [ArticlesScreen, ArticleScreen, EntitiesScreen, EntityScreen, ReviewScreen, HelpScreen]

    # -- notifications ---------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification of the app, a screen's or a widget's, shows its text as
        the characters it is: cleaned of control characters and never parsed as
        markup (``markup`` is ignored). Messages carry titles, names and paths from
        the archive; Textual's default parses them, and ``[/]`` in a title ended
        the app while ``[@click=app.quit]`` made a live link."""
        super().notify(notice(message), title=cell(title, 120), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        # Textual's own hint (ctrl+c) is written in markup; said plainly here.
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    # -- lifecycle -----------------------------------------------------------------------
    def on_mount(self) -> None:
        # Background loading steps aside while the user works (see ``_step_aside``).
        yielding.set_hook(self._step_aside)
        # While a worker thread runs Python code, this thread gets the interpreter back
        # at most this long after asking for it; each turn of the event loop asks once.
        # At the default 5 ms, a key handled while the entities load took 2-3 times as
        # long as when idle; at 1 ms, the worker's own work slows by under 5%.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._open_workspace()

    def on_unmount(self) -> None:
        yielding.set_hook(None)
        sys.setswitchinterval(self._switch_interval)
        self.workers.cancel_all()
        if self.workspace is not None:
            self.workspace.close()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open", name="Opening the database")
    def _open_workspace(self) -> None:
        from curator.workspace import Workspace

        ws = Workspace(self.db_path, write=True, command="curator app")
        self.post_message(WorkspaceOpened(ws))

    @on(WorkspaceOpened)
    def _opened(self, message: WorkspaceOpened) -> None:
        self.workspace = message.workspace
        # The index and 100,000 rows live as long as the app: keep the collector
        # from walking them again on every full collection (~0.2 s each, mid-keystroke).
        gc.freeze()
        self.data_changed()
        first_run = self.workspace.store.article_count() == 0 and self.seeds is not None and Path(self.seeds).is_dir()
        if first_run:
            self.notify(f"First run: reading {cell(str(self.seeds))} and resolving names.", timeout=4)
            self._ingest([Path(self.seeds)], first_run=True)  # type: ignore[arg-type]
        elif self.auto_load_entities:
            # After the rows are on screen: the load holds the GIL for seconds.
            self.call_after_refresh(self._load_entities)
        self.call_after_refresh(self._prepare_screens)
        if self._pending_mode is not None:
            mode, self._pending_mode = self._pending_mode, None
            self.action_show(mode)

    _pending_mode: str | None = None
    _last_input = 0.0  # monotonic time of the last key or mouse press

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_input = time.monotonic()
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                # Textual hands the key to the widget focused now; unused, it comes back here.
                event._sent_to = self.focused or self.screen  # type: ignore[attr-defined]
            elif self._redeliver(event):
                return
        await super().on_event(event)

    def _redeliver(self, event: events.Key) -> bool:
        """Give a key that came back unused, after the focus moved, to the widget focused now.

        Keys typed fast are each handed to the widget focused when they arrive,
        before the earlier ones are handled: with "/cuc" the list got "c", "u",
        "c" as well as "/", and once "/" had put the focus in the filter box they
        came back here unused, where "u" undid the last decision. The same with
        "1/cuc" from another screen, or a date typed right after "D". Now such a
        key goes where it would have gone had it been typed a moment later.
        """
        sent_to = getattr(event, "_sent_to", None)
        now = self.focused or self.screen
        if sent_to is None or sent_to is now:
            return False
        again = events.Key(event.key, event.character)
        again._sent_to = now  # type: ignore[attr-defined]
        now._forward_event(again)
        return True

    def _step_aside(self) -> None:
        """Called by background threads at the core's checkpoints: while keys are being
        pressed, wait. Loading otherwise takes the interpreter lock every other few
        milliseconds and each key is answered at half speed (the loading is only
        delayed: at most a few seconds at a time, so it always ends)."""
        waited = 0.0
        while time.monotonic() - self._last_input < STEP_ASIDE_S and waited < 3.0:
            if yielding.main_thread_blocked():
                return  # the UI waits for a lock this thread holds: go on at once
            time.sleep(0.01)
            waited += 0.01

    async def _prepare_screens(self) -> None:
        """Compose and lay out the article and entity screens, unseen, while the list
        is on show: the first article or entity then opens as fast as the next ones
        (composing costs 0.1-0.3 s, the first layout and cold caches another 0.1-0.4 s)."""
        for screen_class in (ArticleScreen, EntityScreen):
            screen = self._reusable(screen_class)
            if not screen.is_running and self.screen_stack:
                # Textual's own first step when an installed screen is pushed: register
                # and compose it (it stays composed once popped, like any installed screen).
                styled_for = self._css_update_count  # widgets get their styles as they mount
                _screen, mounted = self._get_screen(screen)
                await mounted()
                if not screen.is_current and not screen.shown_once:
                    await screen.prepare_unseen(self.size, styled_for)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities", name="Loading entities")
    def _load_entities(self) -> None:
        ws = self.workspace
        # No automatic collection while millions of objects are made: each full one
        # walked them all, holding the interpreter for 0.1-0.4 s (the UI froze).
        # They are kept for good, so they are frozen out of later collections.
        gc.disable()
        try:
            ws.index_articles()
            ws.prepare_search()
            ws.load_entities()
            # The open suggestions (1-2 s at 100,000 articles), for Review: before the
            # filters' index, whose being ready lets the Articles filter take the lock.
            ws.suggestions()
            ws.entity_text_index()  # entities sorted, names folded and joined, and
            ws.entity_article_pairs()  # their articles by row: ready for the filters
        finally:
            gc.freeze()
            gc.enable()
        self.post_message(EntitiesLoaded())
        # Then every text and mention file, as bytes (parsed, they held 4.4 GB at
        # 100,000 articles), so that opening an article reads no file.
        worker = get_current_worker()
        ws.preload_articles(cancelled=lambda: worker.is_cancelled)
        gc.freeze()  # they stay for good too: keep full collections short

    @property
    def loading_entities(self) -> bool:
        """Whether the background thread is loading the entities and their filters."""
        return any(w.group == "entities" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    @on(EntitiesLoaded)
    def _entities_loaded(self) -> None:
        gc.freeze()  # millions of long-lived objects: see ``_opened``
        self.data_changed()

    # -- screens ----------------------------------------------------------------------
    def action_show(self, mode: str) -> None:
        if self.workspace is None:
            self._pending_mode = mode  # a key pressed while the database opens is not lost
            return
        if self.current_mode == mode:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, self.MODES[mode]):  # type: ignore[arg-type]
                self.pop_screen()
        else:
            self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_article(self, article_id: str, sequence: Sequence[Any] | None = None, index: int = -1) -> None:
        """Show one article; ``sequence`` (rows or ids) is what ``n`` / ``p`` step through,
        ``index`` the article's place in it if known. The sequence is kept, not copied
        (100,000 rows): callers hand over a list they replace rather than change."""
        if self.workspace is not None:
            screen = self._reusable(ArticleScreen)
            screen.show_article(article_id, sequence, index)
            # A composed screen gets the article now, before it is shown: the first
            # frame then already holds it (one layout and paint instead of two).
            if screen.is_mounted:
                screen.sync()
                if screen.view is None:
                    return  # the article is gone; the screen said so
            self.push_screen(screen)

    def open_entity(self, entity_id: str) -> None:
        if self.workspace is not None:
            screen = self._reusable(EntityScreen)
            screen.show_entity(entity_id)
            self.push_screen(screen)

    def _reusable(self, screen_class: type[Any]) -> Any:
        """An installed screen of this class that no mode is showing, else a new installed one.

        Composing a screen costs ~100 ms on a slow machine; an installed screen
        survives being popped, so opening the next article only redraws content.
        """
        in_use = {id(s) for stack in self._screen_stacks.values() for s in stack}
        same = [s for s in self._installed_screens.values() if isinstance(s, screen_class)]
        for screen in same:
            if id(screen) not in in_use:
                return screen
        screen = screen_class()
        self.install_screen(screen, name=f"{screen_class.__name__}-{len(same)}")
        return screen

    # -- decisions --------------------------------------------------------------------
    def decide(self, make: Callable[[Any], Decision], announce: bool = True) -> Decision | None:
        """Carry out one decision; on failure say so and change nothing on screen.

        ``announce=False`` for decisions the screen itself shows at once (a
        status, an accepted mention): a notification costs a widget mount.
        """
        from curator.workspace import CurationError

        if self.workspace is None:
            return None
        try:
            decision = make(self.workspace)
        except CurationError as exc:
            self.notify(str(exc), title="Cannot do that", severity="warning", timeout=6)
            return None
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None
        except Exception as exc:  # a bug must not kill hours of work
            self.notify(f"{type(exc).__name__}: {exc}", title="Not done", severity="error", timeout=10)
            return None
        if announce:
            self.notify(_describe(decision), title="Saved", timeout=3)
        self.data_changed()
        return decision

    def data_changed(self) -> None:
        """The workspace changed: the visible screen redraws now, the others when shown."""
        self.generation += 1
        if not self.screen_stack:
            return  # shutting down
        screen = self.screen
        if isinstance(screen, CuratorScreen):
            screen.sync()

    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        ws = self.workspace
        if ws is None:
            return
        try:
            decision = ws.undo() if which == "undo" else ws.redo()
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        if decision is None:
            self.notify("Nothing to undo." if which == "undo" else "Nothing to redo.", timeout=2)
            return
        self.notify(_describe(decision), title="Undone" if which == "undo" else "Redone", timeout=4)
        self.data_changed()

    # -- pickers ----------------------------------------------------------------------
    def entity_search_index(self) -> list[tuple[Entity, str]]:
        """Every entity with its folded names (kept by the workspace until an entity changes)."""
        return self.workspace.entity_search_texts()  # type: ignore[no-any-return]

    def pick_entity(self, title: str, callback: Callable[[Any], None], type_: str | None = None, exclude: str | None = None) -> None:
        from curator.app.widgets.prompts import PickerScreen

        ents = [e for e in self.workspace.entities() if e.id != exclude and (type_ is None or e.type == type_)]
        self.push_screen(
            PickerScreen(
                title, ents, lambda e: f"{e.name}  ({TYPE_SHORT.get(e.type, e.type)}, {len(e.article_ids)} articles)", fold,
                search=lambda e: " | ".join([e.name, *e.aliases]),
            ),
            callback,
        )

    def merge_entities(self, entities: Sequence[Entity], on_done: Callable[[], None] | None = None) -> None:
        from curator.app.widgets.prompts import PickerScreen

        names = list(dict.fromkeys(e.name for e in entities))
        ids = [e.id for e in entities]

        def chosen(name: Any) -> None:
            # A typed name is cleaned as a rename's is (``Workspace.merge`` keeps it as given).
            name = cell(name, None)
            if name and self.decide(lambda ws: ws.merge(ids, name=name)) and on_done:
                on_done()

        self.push_screen(
            PickerScreen(f"Merge {len(ids)} entities: choose the canonical name (or type one)", names, str, fold, allow_custom=True),
            chosen,
        )

    def rename_entity(self, entity: Entity) -> None:
        from curator.app.widgets.prompts import PromptScreen

        def done(name: str | None) -> None:
            if name and name.strip() and name.strip() != entity.name:
                self.decide(lambda ws: ws.rename(entity.id, name))

        self.push_screen(PromptScreen(f"Rename {cell(entity.name, 60)}", cell(entity.name)), done)

    # -- long work ----------------------------------------------------------------------
    def _progress(self, title: str) -> Callable[[int, int, str], None]:
        """A progress callback for the core, called from the worker thread."""

        def report(done: int, total: int, what: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= 0.05 or done >= total:
                self._last_progress = now
                self.post_message(WorkProgress(title, done, total, what))

        return report

    @on(WorkProgress)
    def _on_progress(self, message: WorkProgress) -> None:
        self.work_state = (message.title, message.done, message.total, message.what)

    @on(WorkFinished)
    def _on_finished(self, message: WorkFinished) -> None:
        self.work_state = None
        if message.cancelled:
            self.notify(f"{message.title}: cancelled. {message.summary}", severity="warning", timeout=6)
        else:
            self.notify(message.summary, title=message.title, timeout=6)
        if message.title == "Export" and self._quit_after_export:
            self.exit()
            return
        if message.changed_data:
            self.data_changed()
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
        export_target(path, self.workspace.root, terminal_in_use=True)
        export_workspace(self.workspace, path, progress=self._progress("Exporting"))
        self.post_message(WorkFinished("Export", f"Wrote {path}", changed_data=False))

    @work(thread=True, exclusive=True, exit_on_error=False, group="work", name="Ingest")
    def _ingest(self, paths: list[Path], first_run: bool = False) -> None:
        worker = get_current_worker()
        ws = self.workspace
        title = "Reading the seeds" if first_run else "Ingesting"
        self.post_message(WorkProgress(title, 0, 0, ", ".join(str(p) for p in paths)))
        report = ws.ingest(paths, progress=self._progress(title), cancelled=lambda: worker.is_cancelled)
        summary = (
            f"{report.files_seen} files, {report.articles_added} articles added, "
            f"{report.articles_updated} updated, {len(report.problems)} with problems."
        )
        if worker.is_cancelled or report.cancelled:
            kept = (
                f"{report.files_saved} new or changed file{'' if report.files_saved == 1 else 's'} saved; "
                "ingest the same folder again to complete it."
            )
            self.post_message(WorkFinished("Ingest", kept, changed_data=True, cancelled=True))
            return
        resolved = ws.resolve(progress=self._progress("Resolving names"), cancelled=lambda: worker.is_cancelled)
        summary += " Resolution: " + _resolution_summary(resolved)
        self.post_message(WorkFinished("Ingest", summary, changed_data=True, cancelled=worker.is_cancelled))

    @work(thread=True, exclusive=True, exit_on_error=False, group="work", name="Resolution")
    def _resolve(self) -> None:
        worker = get_current_worker()
        self.post_message(WorkProgress("Resolving names", 0, 0, ""))
        report = self.workspace.resolve(progress=self._progress("Resolving names"), cancelled=lambda: worker.is_cancelled)
        summary = _resolution_summary(report)
        self.post_message(WorkFinished("Resolution", summary, changed_data=True, cancelled=worker.is_cancelled))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state != WorkerState.ERROR:
            if event.state == WorkerState.CANCELLED and worker.group == "work":
                self.work_state = None
            return
        if worker.name == "Export":
            self._quit_after_export = False  # stay open so the failure can be read
        error = worker.error
        message = str(error) if isinstance(error, (StoreError, OSError, ValueError)) else f"{type(error).__name__}: {error}"
        if worker.group == "open":
            self.error_message = cell(message, None)  # printed as one line by the command
            self.exit(return_code=1)
            return
        self.work_state = None
        self.notify(message, title=f"{worker.name} failed", severity="error", timeout=12)
        if worker.group == "work":
            self.data_changed()
