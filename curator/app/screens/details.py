"""The article and entity opened over a list: detail panes kept alive in the list's
screen and shown by toggling ``display``.

Each list screen (Articles, Entities, Review) holds its list in ``#list-pane`` and,
mounted hidden once the list is on show (:meth:`DetailHost.prepare`), one pane per
kind of detail. Opening an article hides what is on show and shows the article pane
pointed at it: no screen is pushed, and nothing is laid out unseen; the pane is laid
out as it is shown, like the list after a filter. An entity opened from that article
shows the entity pane one level deeper, and so on: a pane per kind and depth (mounted
the first time that depth is reached), so that each keeps its place (its article,
cursor, scroll, search) for escape to come back to.

The screen's title line shows the title of what is on show: a pane's title is kept
while it is hidden and put back when it shows again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget

from curator.app.screens.workspace_view import ShowsWorkspace
from curator.app.widgets.key_bar import KeyBar
from curator.app.widgets.title_line import TitleLine

if TYPE_CHECKING:
    from curator.app.controller import Controller

P = TypeVar("P", bound="DetailPane")


class DetailPane(ShowsWorkspace, Vertical):
    """One detail (an article, an entity) in a list's screen, hidden until opened.

    Subclasses say what to draw (``refresh_data``), which widget has the focus when
    shown (``FOCUS``) and whether what they were pointed at can be shown (``ready``)."""

    DEFAULT_CSS = "DetailPane { height: 1fr; }"
    HELP_TITLE = ""
    KIND = ""  # its name in the pane's id: ``article-1``, ``entity-2``
    FOCUS = ""  # the selector of the widget focused when the pane shows the first time

    def __init__(self, controller: Controller, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.controller = controller
        self._title = Text(self.HELP_TITLE, style="bold")
        self.focus_within: Widget | None = None  # what had the focus when it was last hidden

    @property
    def host(self) -> DetailHost:
        screen = self.screen
        assert isinstance(screen, DetailHost)
        return screen

    @property
    def is_current(self) -> bool:
        """On show: the top pane of the screen the curator sees."""
        return self.is_attached and self.screen.is_current and self.host.shown is self

    @property
    def focused(self) -> Widget | None:
        return self.screen.focused

    def set_focus(self, widget: Widget | None) -> None:
        self.screen.set_focus(widget)

    def set_title_line(self, text: Text) -> None:
        """This pane's title: on the screen's title line while the pane is on show."""
        self._title = text
        if self.is_attached and self.host.shown is self:
            self.host.show_title(text)

    def go_back(self) -> None:
        """Close this pane: what was on show before it shows again."""
        if self.is_attached and self.host.shown is self:
            self.host.back()

    def ready(self) -> bool:
        """Whether what the pane was pointed at can be shown (after ``sync``)."""
        return True

    def on_mount(self) -> None:
        if self.is_current:  # opened before it was mounted: shown as it mounts
            self.host.focus_pane(self)
            self.sync()


class DetailHost:
    """The list screen's side: the panes on show over the list, the deepest last.

    Mixed into :class:`~curator.app.screens.base.ListScreen`, whose ``#list-pane``,
    title line, ``set_focus`` and ``refresh_bindings`` it uses."""

    places: list[DetailPane]
    controller: Controller
    focused: Widget | None
    _list_title: Text
    _list_focus: Widget | None
    # From Textual's Screen (the class this is mixed into).
    query_one: Any
    query: Any
    mount: Any
    set_focus: Any
    refresh_bindings: Any
    is_mounted: bool

    @property
    def shown(self) -> DetailPane | None:
        """The pane on show (None: the list)."""
        return self.places[-1] if self.places else None

    def show_title(self, text: Text) -> None:
        self.query_one("#title-line", TitleLine).set(text)

    def prepare(self, kinds: Iterable[type[DetailPane]]) -> None:
        """Mount, hidden, the first pane of each kind: composing it costs the first
        open nothing (called once the list is on show)."""
        if self.is_mounted:
            for kind in kinds:
                self._pane(kind, 1)

    def _pane(self, kind: type[P], depth: int) -> P:
        """The pane of this kind at this depth, mounted hidden the first time."""
        name = f"{kind.KIND}-{depth}"
        for pane in self.query(f"#{name}"):
            if isinstance(pane, kind):
                return pane
        pane = kind(self.controller, id=name)
        pane.display = False
        self.mount(pane, after=self.query_one("#list-pane"))
        return pane

    def open_pane(self, kind: type[P], point: Callable[[P], None]) -> P | None:
        """Show a pane of ``kind`` over what is on show, pointed by ``point``; None
        when what it was pointed at cannot be shown (the pane said why)."""
        pane = self._pane(kind, len(self.places) + 1)
        point(pane)
        if pane.is_mounted:  # else it draws as it mounts
            pane.sync()
            if not pane.ready():
                return None
        self._hide_top()
        self.places.append(pane)
        pane.display = True
        self.show_title(pane._title)
        if pane.is_mounted:
            self.focus_pane(pane)
        self._keys_changed()
        return pane

    def _keys_changed(self) -> None:
        """The footer shows the keys of what is on show in the same frame as it."""
        self.refresh_bindings()
        for bar in self.query(KeyBar):
            bar.keys_changed()

    def focus_pane(self, pane: DetailPane) -> None:
        target = pane.focus_within
        if target is None or not target.is_attached or not target.display:
            found = pane.query(pane.FOCUS) if pane.FOCUS else None
            target = found.first() if found else None
        if target is not None:
            self.set_focus(target)

    def _hide_top(self) -> None:
        top: Widget = self.shown or self.query_one("#list-pane")
        focused = self.focused
        within = focused if focused is not None and top in focused.ancestors else None
        if isinstance(top, DetailPane):
            top.focus_within = within
        else:
            self._list_focus = within
        top.display = False

    def back(self) -> None:
        """Close the pane on show: the one under it, or the list, shows again (redrawn
        if a decision came meanwhile)."""
        if not self.places:
            return
        pane = self.places.pop()
        pane.display = False
        pane.focus_within = None
        self._show_top()

    def close_panes(self) -> None:
        """Back to the list, whatever is open over it."""
        if not self.places:
            return
        for pane in self.places:
            pane.display = False
            pane.focus_within = None
        self.places.clear()
        self._show_top()

    def _show_top(self) -> None:
        under = self.shown
        if under is not None:
            under.display = True
            self.show_title(under._title)
            self.focus_pane(under)
            under.sync()
        else:
            self.query_one("#list-pane").display = True
            self.show_title(self._list_title)
            target = self._list_focus
            if target is not None and target.is_attached and target.display:
                self.set_focus(target)
            self.list_shown()
        self._keys_changed()

    def list_shown(self) -> None:
        """The list is on show again (subclasses redraw it if the data changed)."""
