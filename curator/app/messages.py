"""Typed messages that workers post back to the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class WorkspaceOpened(Message):
    """The database is open (and, on a first run, the seeds are ingested)."""

    workspace: Any
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
