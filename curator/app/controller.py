"""What the screens may do to the workspace: decide, undo, redo, and read it.

The app makes one :class:`Controller` and hands it to every screen it makes;
a screen never reaches the app itself. A decision is carried out here: a
failure is shown as a notification and changes nothing on screen, and the
screens redraw only after the core said the decision is on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from curator.app.widgets.work_panel import SAVING
from curator.curation.decisions import describe
from curator.models import Decision
from curator.store import StoreError

if TYPE_CHECKING:
    from curator.workspace import Workspace


class Notify(Protocol):
    """The app's ``notify`` (archive text shown as plain characters)."""

    def __call__(self, message: str, *, title: str = ..., severity: Any = ..., timeout: float | None = ...) -> None: ...


def describe_decision(decision: Decision) -> str:
    """One line saying what a decision did, for a notification."""
    return describe(decision.to_dict())


# ``in_background(title, make, finished)``: run ``make(workspace, progress)`` in a worker
# with the work panel, then ``finished(its result, or the exception it raised)`` on the UI thread.
InBackground = Callable[[str, Callable[..., Any], Callable[[Any], None]], None]
BACKGROUND_BATCH = 1000  # a batch of more items is saved in a worker, with the work panel


class Controller:
    """The workspace as the screens see it, and the one way they change it.

    ``generation`` counts the changes: a screen redraws when it differs from the
    one it last drew for (see ``CuratorScreen.sync``).
    """

    def __init__(
        self, db_path: Path, notify: Notify, redraw: Callable[[], None], loading_entities: Callable[[], bool],
        in_background: InBackground | None = None,
    ) -> None:
        self.db_path = db_path
        self.seeds: Path | None = None  # the folder a first run reads (an empty list names it)
        self.workspace: Workspace | None = None
        self.generation = 0
        self._notify = notify
        self._redraw = redraw
        self._loading_entities = loading_entities
        self._in_background = in_background
        self.saving = False  # a big batch is being saved in a worker: no other decision meanwhile

    def _busy(self) -> bool:
        """Whether a decision must wait (a batch is being saved); says so."""
        if self.saving:
            self._notify("Saving… the last decision is still being saved; try again when it is done.", severity="warning", timeout=3)
        return self.saving

    @property
    def loading_entities(self) -> bool:
        """Whether a background thread is loading the entities and their filters."""
        return self._loading_entities()

    def data_changed(self) -> None:
        """The workspace changed: the visible screen redraws now, the others when shown."""
        self.generation += 1
        self._redraw()

    def decide(self, make: Callable[[Workspace], Decision], announce: bool = True) -> Decision | None:
        """Carry out one decision; on failure say so and change nothing on screen.

        ``announce=False`` for decisions the screen itself shows at once (a
        status, an accepted mention): a notification costs a widget mount.
        """
        if self._busy():
            return None
        decision = self._attempt(make)
        if decision is None:
            return None
        if announce:
            self._notify(describe_decision(decision), title="Saved", timeout=3)
        self.data_changed()
        return decision

    def decide_many(
        self, make: Callable[..., list[Decision]], done: Callable[[int], str], size: int = 0,
        then: Callable[[list[Decision]], None] | None = None,
    ) -> list[Decision]:
        """Carry out a batch of decisions (saved whole or not at all): as ``decide``.
        ``done``: what was done, given how many decisions (the notification).
        ``make(workspace, progress=None)``; a batch of more than ``BACKGROUND_BATCH``
        items (``size``) runs in a worker with the work panel: this returns [] at once
        and ``then(made)`` follows once the batch is saved (small ones: before returning)."""
        if self._busy():
            return []
        if size > BACKGROUND_BATCH and self._in_background is not None and self.workspace is not None:
            self.saving = True
            self._in_background(SAVING, make, lambda result: self._batch_ended(result, done, then))
            return []
        made = self._attempt(make)
        return self._batch_done(made, done, then)

    def _batch_ended(self, result: Any, done: Callable[[int], str], then: Callable[[list[Decision]], None] | None) -> None:
        self.saving = False
        made = self._attempt(lambda _ws: self._raise(result)) if isinstance(result, Exception) else result
        self._batch_done(made, done, then)

    @staticmethod
    def _raise(exc: Exception) -> Any:
        raise exc

    def _batch_done(
        self, made: list[Decision] | None, done: Callable[[int], str], then: Callable[[list[Decision]], None] | None
    ) -> list[Decision]:
        if not made:
            return []
        if then is not None:
            then(made)
        undo_note = " (one undo takes them all back)" if len(made) > 1 else ""
        self._notify(done(len(made)) + undo_note, title="Saved", timeout=4)
        self.data_changed()
        return made

    def _attempt(self, make: Callable[[Workspace], Any]) -> Any:
        """``make(workspace)``, or None after saying why it failed (nothing changed)."""
        from curator.workspace import CurationError

        if self.workspace is None:
            return None
        try:
            return make(self.workspace)
        except CurationError as exc:
            self._notify(str(exc), title="Cannot do that", severity="warning", timeout=6)
        except StoreError as exc:
            self._notify(str(exc), title="Not saved", severity="error", timeout=10)
        except Exception as exc:  # a bug must not kill hours of work
            self._notify(f"{type(exc).__name__}: {exc}", title="Not done", severity="error", timeout=10)
        return None

    def undo(self) -> Decision | None:
        """Undo the last decision in effect (None: nothing to undo, or not saved)."""
        return self._undo_redo("undo")

    def redo(self) -> Decision | None:
        """Redo the last decision undone (None: nothing to redo, or not saved)."""
        return self._undo_redo("redo")

    def _undo_redo(self, which: str) -> Decision | None:
        ws = self.workspace
        if ws is None or self._busy():
            return None
        try:
            decision = ws.undo() if which == "undo" else ws.redo()
        except StoreError as exc:
            self._notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None
        if decision is None:
            self._notify("Nothing to undo." if which == "undo" else "Nothing to redo.", timeout=2)
            return None
        message = describe_decision(decision)
        others = len(ws.batch_of(decision)) - 1
        if others:
            message += f", and {others:,} more decided with it"
        self._notify(message, title="Undone" if which == "undo" else "Redone", timeout=4)
        self.data_changed()
        return decision
