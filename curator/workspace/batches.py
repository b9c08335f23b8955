"""Decisions made in bulk: several suggestions accepted or rejected, several articles'
status set, at once.

A batch is gathered through the ordinary commands (``merge``, ``reject``,
``set_status``), so each request is checked as if made alone; nothing is saved
or applied while gathering. Then every decision of the batch is saved in one
write of ``curation.json`` (``Store.append_decisions``): its atomic replace is
the batch's commit point, so a crash leaves all of the batch or none of it.
Only then is memory changed. Each decision carries ``batch`` (the seq of the
first), and undo and redo take the batch as one step (``CurationLog.undo``).

Cache rule: none; the curation log saves and applies the batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from curator.models import Decision
from curator.names.canonical import canonical_name
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.curation_log import CurationLog, Progress, Request
from curator.workspace.entity_book import EntityBook
from curator.workspace.errors import CurationError, NothingToChange
from curator.yielding import WatchedLock

Pair = tuple[str, str]


class Batches:
    """The bulk commands (see the module docstring)."""

    def __init__(self, lock: WatchedLock, log: CurationLog, book: EntityBook, catalog: ArticleCatalog) -> None:
        self._lock = lock
        self._log = log
        self._book = book
        self._catalog = catalog

    def _gathered(self, make: Any, items: Sequence[Any]) -> list[Request]:
        """The requests ``make(item)`` builds for each item, checked but not recorded;
        the first refused item stops the whole batch, naming it. An item that would
        change nothing is left out (refused only when every item is such)."""
        nothing: NothingToChange | None = None
        with self._log.gathering() as requests:
            for item in items:
                try:
                    make(item)
                except NothingToChange as exc:
                    nothing = exc
        if not requests and nothing is not None:
            raise nothing
        return requests

    def merge_pairs(
        self, pairs: Sequence[tuple[str, str, Sequence[str]]], progress: Progress | None = None
    ) -> list[Decision]:
        """Accept several suggestions at once: each pair (entity a, entity b, reasons)
        merged, one decision per pair, saved and undone as one batch. A pair already
        joined by an earlier pair of the batch (a-b, b-c, a-c) adds no decision."""
        with self._lock:
            self._book.load()
            parent: dict[str, str] = {}

            def root(x: str) -> str:
                while parent.get(x, x) != x:
                    x = parent[x]
                return x

            # A group's name and weight as deciding the pairs one by one would leave them
            # (the canonical-name rule over the two sides' names, weighted by their uses).
            named: dict[str, tuple[str, int]] = {}

            def side(x: str) -> tuple[str, int]:
                if x not in named:
                    ent = self._book.entity_by_id(x)
                    named[x] = (ent.name, sum(ent.aliases.values()) or 1)
                return named[x]

            def make(pair: tuple[str, str, Sequence[str]]) -> None:
                a, b, reasons = pair
                ra, rb = root(a), root(b)
                if ra == rb:
                    return
                (name_a, uses_a), (name_b, uses_b) = side(ra), side(rb)
                weights = Counter({name_a: uses_a})
                weights[name_b] += uses_b
                name = canonical_name(weights)
                self._log.merge([ra, rb], name=name, reasons=list(reasons) or None)
                parent[rb] = ra
                named[ra] = (name, uses_a + uses_b)

            return self._log.record_batch(self._gathered(make, pairs), progress)

    def reject_pairs(self, pairs: Sequence[Pair], progress: Progress | None = None) -> list[Decision]:
        """Reject several suggestions at once: one decision per pair, one batch."""
        with self._lock:
            self._book.load()
            unique = list(dict.fromkeys(tuple(sorted(p)) for p in pairs))
            return self._log.record_batch(self._gathered(lambda p: self._log.reject(p[0], p[1]), unique), progress)

    def set_statuses(self, article_ids: Sequence[str], status: str, progress: Progress | None = None) -> list[Decision]:
        """Set the status of several articles at once: one decision per article whose
        status changes, one batch. Refused when none would change."""
        with self._lock:
            pos = self._catalog.positions()  # one id map, not a search of the index per article
            requests: list[Request] = []
            for a in dict.fromkeys(article_ids):
                i = pos.get(a)
                if i is None:
                    raise CurationError(f"no article with id '{a}'")
                old = self._catalog.status(a, i)
                if old != status:  # the arguments ``set_status`` records
                    requests.append(("status", {"article_id": a, "status": status, "old": old}, []))
            if not requests:
                raise CurationError(f"every article chosen is {status} already")
            return self._log.record_batch(requests, progress)
