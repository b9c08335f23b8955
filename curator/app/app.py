"""CuratorApp: opens the database, switches between the screens, runs long work.

Screens never call the app: they post requests (:mod:`curator.app.messages`,
handled here with ``@on``) and make decisions through the
:class:`~curator.app.controller.Controller` they are given, which shows a failed
save as an error and redraws only after the core said the decision is on disk. Long work
(first-run ingest, ingest of a folder, resolution, export) runs in thread
workers that post :mod:`curator.app.messages` back; one ``Worker.StateChanged``
handler turns their failures into error notifications.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack, suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from curator.app import process_settings, settings
from curator.app.controller import Controller
from curator.app.crash import OneLineCrash
from curator.app.long_work import LongWork
from curator.app.display import TYPE_SHORT, cell, notice, plural
from curator.app.messages import (
    MergeEntities,
    OpenArticle,
    OpenEntity,
    PickEntity,
    RenameEntity,
    Request,
    WorkspaceOpened,
)
from curator.app.providers import CuratorCommands
from curator.app.screens.article import ArticleScreen
from curator.app.screens.articles import ArticlesScreen
from curator.app.screens.base import CuratorScreen
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.app.screens.help import HelpScreen
from curator.app.screens.review import ReviewScreen
from curator.app.widgets.virtual_table import VirtualTable
from curator.models import Decision, Entity
from curator.resolve.keys import fold
from curator.store import StoreError

if TYPE_CHECKING:
    from curator.workspace import Workspace


# Our own marks on a key event (see ``CuratorApp._redeliver``): the widget Textual
# handed it to (Textual does not record it), and how many times it was given on.
_SENT_TO = "_curator_sent_to"
_HOPS = "_curator_hops"


class CuratorApp(OneLineCrash, LongWork):
    """The review app for an archive of Vietnamese news articles."""

    CSS_PATH = "app.tcss"
    TITLE = "curator"
    COMMANDS = App.COMMANDS | {CuratorCommands}
    # Each mode's screen is made with the controller (see ``__init__``).
    MODE_SCREENS: dict[str, type[CuratorScreen]] = {"articles": ArticlesScreen, "entities": EntitiesScreen, "review": ReviewScreen}
    # Start on the article list itself, empty until the index is read: a start screen
    # and a switch of mode would cost two more full CSS passes before the first row.
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

    def __init__(self, db_path: Path | str | None = None, seeds: Path | None = None, *, load_entities: bool = True) -> None:
        super().__init__()
        from curator.store import default_db_path

        self.db_path = Path(db_path) if db_path is not None else default_db_path()
        self.seeds = seeds
        self.controller = Controller(
            self.db_path, self.notify, self._redraw, lambda: self.loading_entities, in_background=self.in_background
        )
        self.controller.seeds = seeds
        self.error_message: str | None = None
        self.auto_load_entities = load_entities
        self._process = ExitStack()  # the process-wide settings, while the app runs
        # Background loading steps aside while the user works: the core is given this
        # pace with the workspace (see ``process_settings``).
        self._pace = process_settings.step_aside_for_input(lambda: self._last_input)
        for mode, screen_class in self.MODE_SCREENS.items():
            self.add_mode(mode, partial(screen_class, self.controller))

    @property
    def workspace(self) -> Workspace | None:
        """The open database (None until it is open)."""
        return self.controller.workspace

    @property
    def generation(self) -> int:
        """How many times the workspace changed since the app started."""
        return self.controller.generation

    @staticmethod
    def help_screens() -> list[type[Any]]:
        return [ArticlesScreen, ArticleScreen, EntitiesScreen, EntityScreen, ReviewScreen, HelpScreen]

    @classmethod
    def help_sections(cls) -> list[tuple[str, Iterable[BindingType]]]:
        """Every key, by where it works: what the help screen shows."""
        sections: list[tuple[str, Iterable[BindingType]]] = [("Everywhere", cls.BINDINGS)]
        sections += [(screen_class.HELP_TITLE, screen_class.BINDINGS) for screen_class in cls.help_screens()]
        sections.append(("Lists (articles, entities, suggestions)", VirtualTable.BINDINGS))
        return sections

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
        self._process.enter_context(process_settings.interactive())
        settings.keep_theme(self)
        self._open_workspace()

    def on_unmount(self) -> None:
        self._process.close()
        self.workers.cancel_all()
        if self.workspace is not None:
            self.workspace.close()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open", name="Opening the database")
    def _open_workspace(self) -> None:
        from curator.workspace import Workspace

        ws = Workspace(self.db_path, write=True, command="curator app", pace=self._pace)
        self.post_message(WorkspaceOpened(ws))

    @on(WorkspaceOpened)
    def _opened(self, message: WorkspaceOpened) -> None:
        ws = self.controller.workspace = message.workspace
        # The index and its rows live as long as the app.
        process_settings.keep_for_good()
        self.data_changed()
        first_run = ws.store.article_count() == 0 and self.seeds is not None and Path(self.seeds).is_dir()
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
                setattr(event, _SENT_TO, self.focused or self.screen)
            elif await self._redeliver(event):
                return
        await super().on_event(event)

    async def _redeliver(self, event: events.Key) -> bool:
        """Give a key that came back unused, after the focus moved, to the widget focused now.

        Keys typed fast are each handed to the widget focused when they arrive,
        before the earlier ones are handled: with "/cuc" the list got "c", "u",
        "c" as well as "/", and once "/" had put the focus in the filter box they
        came back here unused, where "u" undid the last decision. The same with
        "1/cuc" from another screen, or a date typed right after "D". Now such a
        key goes where it would have gone had it been typed a moment later: a copy
        of it is handled here and now as a new key (Textual hands it to the widget
        focused now). A copy is given on a few times at most: a key that moved the
        focus each time it came back would otherwise go round for ever.
        """
        first = getattr(event, _SENT_TO, None)
        now = self.focused or self.screen
        hops = getattr(event, _HOPS, 0)
        if first is None or first is now or hops >= 3:
            return False
        again = events.Key(event.key, event.character)
        setattr(again, _HOPS, hops + 1)
        await self.on_event(again)
        return True

    async def _prepare_screens(self) -> None:
        """Compose, lay out and draw the article and entity screens opened from a list,
        unseen, while the list is on show: the first article or entity then opens as
        fast as the next ones (composing, the first layout and cold caches are paid
        here, not on the first open).

        Each is shown and closed again within one ``batch_update``: Textual writes no
        frame during a batch, so the screen is laid out and drawn but never seen, and
        an installed screen stays composed once popped. Keys pressed meanwhile wait
        (this runs in the app's turn), then go to the list as usual.

        Details are screens, not panes of the list's screen shown by toggling
        ``display``: switching to a screen already laid out only repaints it, while a
        pane shown or hidden lays the whole screen out again and restyles the widgets
        the focus leaves and reaches, on every open and every escape (measured:
        ``docs/benchmarks.md``, "Detail screens or detail panes")."""
        if len(self.screen_stack) != 1 or not isinstance(self.screen, CuratorScreen):
            return  # something is open over the list: the screens are composed as they open
        with self.batch_update():
            for screen_class in (ArticleScreen, EntityScreen):
                screen = self._detail_screen(screen_class)
                if screen.is_running:
                    continue
                screen.styled_as_it_mounts()
                await self.push_screen(screen)
                drawn = asyncio.Event()
                screen.call_after_refresh(drawn.set)  # after its layout and frame (not written)
                with suppress(TimeoutError):
                    await asyncio.wait_for(drawn.wait(), 2.0)  # a bound only
                await self.pop_screen()

    # -- screens ----------------------------------------------------------------------
    def action_show(self, mode: str) -> None:
        if self.workspace is None:
            self._pending_mode = mode  # a key pressed while the database opens is not lost
            return
        # A mode key shows that mode's list, never an article or entity opened from it
        # earlier: a list key pressed next would act on that detail instead.
        # (Each mode's stack is brought back to its list as the mode is left.)
        self._back_to_list(self.current_mode)
        if self.current_mode != mode:
            self.switch_mode(mode)

    def _back_to_list(self, mode: str) -> None:
        """Close what is open over ``mode``'s list (it must be the current mode)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, self.MODE_SCREENS[mode]):
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    # -- requests from the screens --------------------------------------------------------
    def post_message(self, message: Message) -> bool:
        if isinstance(message, Request):
            # Handled (by the ``@on`` handlers below) as soon as the message being
            # handled now is done: see ``Request``.
            self.call_next(self.on_event, message)
            return True
        return super().post_message(message)

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        self.open_article(message.article_id, message.sequence, message.index)

    @on(OpenEntity)
    def _open_entity(self, message: OpenEntity) -> None:
        self.open_entity(message.entity_id)

    @on(PickEntity)
    def _pick_entity(self, message: PickEntity) -> None:
        self.pick_entity(message.title, message.callback, message.type_, message.exclude)

    @on(MergeEntities)
    def _merge_entities(self, message: MergeEntities) -> None:
        self.merge_entities(message.entities, message.on_done)

    @on(RenameEntity)
    def _rename_entity(self, message: RenameEntity) -> None:
        self.rename_entity(message.entity)

    def open_article(self, article_id: str, sequence: Sequence[Any] | None = None, index: int = -1) -> None:
        """Show one article; ``sequence`` (rows or ids) is what ``n`` / ``p`` step through,
        ``index`` the article's place in it if known. The sequence is kept, never
        copied: callers hand over a list they replace rather than change."""
        if self.workspace is not None:
            screen = self._detail_screen(ArticleScreen)
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
            screen = self._detail_screen(EntityScreen)
            screen.show_entity(entity_id)
            self.push_screen(screen)

    DETAIL_NAMES: dict[type[Any], str] = {ArticleScreen: "article", EntityScreen: "entity"}

    def _detail_screen(self, screen_class: type[Any]) -> Any:
        """The installed screen of this class for the place it is opened at: ``article-1``
        right over a list, ``entity-2`` over that article, and so on (made and
        installed the first time).

        Composing a screen is slow; an installed screen survives being popped, so
        opening the next article only redraws content. The name by depth is free
        without looking through the stacks: a detail screen is only ever on the
        current mode's stack (a mode's stack is brought back to its list as the
        mode is left, see ``action_show``), and nothing is at that depth yet.
        """
        name = f"{self.DETAIL_NAMES[screen_class]}-{len(self.screen_stack)}"
        if self.is_screen_installed(name):
            return self.get_screen(name)
        screen = screen_class(self.controller)
        self.install_screen(screen, name=name)
        return screen

    # -- decisions --------------------------------------------------------------------
    def decide(self, make: Callable[[Workspace], Decision], announce: bool = True) -> Decision | None:
        """Carry out one decision (see :meth:`Controller.decide`)."""
        return self.controller.decide(make, announce)

    def data_changed(self) -> None:
        """The workspace changed: the visible screen redraws now, the others when shown."""
        self.controller.data_changed()

    def _redraw(self) -> None:
        if not self.screen_stack:
            return  # shutting down
        screen = self.screen
        if isinstance(screen, CuratorScreen):
            screen.sync()

    def action_undo(self) -> None:
        self.controller.undo()

    def action_redo(self) -> None:
        self.controller.redo()

    # -- pickers ----------------------------------------------------------------------
    def entity_search_index(self) -> list[tuple[Entity, str]]:
        """Every entity with its folded names (kept by the workspace until an entity changes)."""
        assert self.workspace is not None
        return self.workspace.entity_search_texts()

    def pick_entity(self, title: str, callback: Callable[[Any], None], type_: str | None = None, exclude: str | None = None) -> None:
        from curator.app.widgets.prompts import PickerScreen
        from curator.names.lookup import alternative_names

        ents = [e for e in self.workspace.entities() if e.id != exclude and (type_ is None or e.type == type_)]
        self.push_screen(
            PickerScreen(
                title, ents, lambda e: f"{e.name}  ({TYPE_SHORT.get(e.type, e.type)}, {plural(len(e.article_ids), 'article')})", fold,
                search=lambda e: " | ".join([e.name, *e.aliases]), alternatives=alternative_names,
            ),
            callback,
        )

    def merge_entities(self, entities: Sequence[Entity], on_done: Callable[[], None] | None = None, first: str | None = None) -> None:
        from curator.app.widgets.prompts import PickerScreen
        from curator.names.lookup import alternative_names

        ids = [e.id for e in entities]
        # The canonical-name rule's choice first: enter with nothing typed takes it.
        first = first or (self.workspace.merged_name(ids) if len(set(ids)) > 1 else entities[0].name)
        names = list(dict.fromkeys([first, *(e.name for e in entities)]))

        def chosen(name: Any) -> None:
            # A typed name is cleaned as a rename's is (``Workspace.merge`` keeps it as given).
            name = cell(name, None)
            if name and self.decide(lambda ws: ws.merge(ids, name=name)) and on_done:
                on_done()

        self.push_screen(
            PickerScreen(
                f"Merge {len(ids)} entities: choose the canonical name (or type one)", names, str, fold, allow_custom=True,
                alternatives=alternative_names,
            ),
            chosen,
        )

    def rename_entity(self, entity: Entity) -> None:
        from curator.app.widgets.prompts import PromptScreen

        def done(name: str | None) -> None:
            if name and name.strip() and name.strip() != entity.name:
                other = self.workspace.entity_named(name, besides=entity.id)
                if other is not None and other.type == entity.type:
                    # Two entities of one name are one entity or a mistake: offer the merge.
                    self.notify(f"'{cell(name, 60)}' is already the name of another entity: merge the two (escape: neither)", timeout=6)
                    self.merge_entities([other, entity], first=other.name)
                    return
                self.decide(lambda ws: ws.rename(entity.id, name))

        self.push_screen(PromptScreen(f"Rename {cell(entity.name, 60)}", cell(entity.name)), done)

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
