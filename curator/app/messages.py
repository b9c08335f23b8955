"""Typed messages: what workers report to the app, and what screens ask of it.

A screen never calls the app: it posts one of the requests below (``OpenArticle``,
``OpenEntity``, ``PickEntity``, ...) to the app, which handles it with ``@on``
(see :class:`Request` for when).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from curator.models import Entity
    from curator.workspace import Workspace


@dataclass
class WorkspaceOpened(Message):
    """The database is open (and, on a first run, the seeds are ingested)."""

    workspace: Workspace
    summary: str = ""


@dataclass
class EntitiesLoaded(Message):
    """The entity state is in memory: the Entities and Review screens can show it."""


@dataclass
class WorkProgress(Message):
    """Long work advanced; a newer one replaces an older one still queued."""

    title: str
    done: int
    total: int
    what: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, WorkProgress)


@dataclass
class WorkFinished(Message):
    """Long work ended (``cancelled`` when the curator stopped it)."""

    title: str
    summary: str
    changed_data: bool
    cancelled: bool = False


# -- requests from the screens --------------------------------------------------------
class Request(Message):
    """What a screen asks of the app. The app handles a request right after the message
    it is handling (the key that asked, usually), before any key still queued: those
    keys then go to the screen or dialog the request opens, as when the screen
    called the app directly. Posted on the app's thread (from a screen's handler)."""


@dataclass
class OpenArticle(Request):
    """Show one article. ``sequence`` (rows or ids) is what ``n`` / ``p`` step through,
    ``index`` the article's place in it if known. The sequence is kept, never
    copied: senders hand over a list they replace rather than change."""

    article_id: str
    sequence: Sequence[Any] | None = None
    index: int = -1


@dataclass
class OpenEntity(Request):
    """Show one entity's detail."""

    entity_id: str


@dataclass
class PickEntity(Request):
    """Let the curator pick an entity by name; ``callback`` gets it (None: cancelled)."""

    title: str
    callback: Callable[[Any], None]
    type_: str | None = None
    exclude: str | None = None


@dataclass
class MergeEntities(Request):
    """Merge these entities, the curator choosing the name; ``on_done`` after the merge."""

    entities: Sequence[Entity]
    on_done: Callable[[], None] | None = None


@dataclass
class RenameEntity(Request):
    """Ask for a new name for this entity and rename it."""

    entity: Entity
