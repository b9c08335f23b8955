"""Decisions made in bulk: several suggestions accepted or rejected, several articles'
status set, at once.

A batch is gathered through the ordinary commands (``merge``, ``reject``,
``set_status``), so each request is checked as if made alone; nothing is saved
or applied while gathering. Then every decision of the batch is saved in one
write of ``curation.json`` (``Store.append_decisions``): its atomic replace is
the batch's commit point, so a crash leaves all of the batch or none of it.
Only then is memory changed. Each decision carries ``batch`` (the seq of the
first), and undo and redo take the batch as one step (``CurationLog.undo``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from curator.curation.decisions import ENTITY_OPS, validate
from curator.models import Decision
from curator.names.canonical import canonical_name
from curator.workspace.errors import CurationError, NothingToChange

Pair = tuple[str, str]
# ``progress(done, total, what)``: how many of a batch's decisions are checked, then applied.
Progress = Callable[[int, int, str], None]
STEP = 250  # progress is told every this many decisions


class Batches:
    """The bulk commands of :class:`Workspace` (see the module docstring)."""

    @contextmanager
    def _gather(self) -> Iterator[list[tuple[str, dict[str, Any], list[str]]]]:
        """Collect the requests the commands build inside, instead of recording them."""
        requests: list[tuple[str, dict[str, Any], list[str]]] = []
        self._gathering = requests
        try:
            yield requests
        finally:
            self._gathering = None

    def _record_batch(
        self, requests: Sequence[tuple[str, dict[str, Any], list[str]]], progress: Progress | None = None
    ) -> list[Decision]:
        """Save the requests as one batch (one write), then apply them in order."""
        if not requests:
            return []
        tell = progress or (lambda done, total, what: None)
        total = len(requests)
        for op, args, _ in requests:
            validate(op, args)
        first = (self._history[-1].seq + 1) if self._history else 1
        batch = first if len(requests) > 1 else None
        decisions = []
        for i, (op, args, reasons) in enumerate(requests):
            if i % STEP == 0:
                tell(i, total, "checking")
            decisions.append(self._checked_decision(first + i, op, args, reasons, batch))
        if any(d.op in ENTITY_OPS or d.op == "relink" for d in decisions):
            self.load_entities()
        tell(0, total, "saving")
        self.store.append_decisions(decisions)  # durable, whole, before anything changes in memory
        with self._changes_once():
            for i, decision in enumerate(decisions):
                if i % STEP == 0:
                    tell(i, total, "saved; applying")
                self._apply_saved(decision)
        tell(total, total, "saved")
        self._backup_if_due()
        return decisions

    def _gathered(self, make: Any, items: Sequence[Any]) -> list[tuple[str, dict[str, Any], list[str]]]:
        """The requests ``make(item)`` builds for each item, checked but not recorded;
        the first refused item stops the whole batch, naming it. An item that would
        change nothing is left out (refused only when every item is such)."""
        nothing: NothingToChange | None = None
        with self._gather() as requests:
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
            self.load_entities()
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
                    ent = self.entity_by_id(x)
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
                self.merge([ra, rb], name=name, reasons=list(reasons) or None)
                parent[rb] = ra
                named[ra] = (name, uses_a + uses_b)

            return self._record_batch(self._gathered(make, pairs), progress)

    def reject_pairs(self, pairs: Sequence[Pair], progress: Progress | None = None) -> list[Decision]:
        """Reject several suggestions at once: one decision per pair, one batch."""
        with self._lock:
            self.load_entities()
            unique = list(dict.fromkeys(tuple(sorted(p)) for p in pairs))
            return self._record_batch(self._gathered(lambda p: self.reject(p[0], p[1]), unique), progress)

    def set_statuses(self, article_ids: Sequence[str], status: str, progress: Progress | None = None) -> list[Decision]:
        """Set the status of several articles at once: one decision per article whose
        status changes, one batch. Refused when none would change."""
        with self._lock:
            pos = self._pos  # one id map, not a search of the index per article
            requests = []
            for a in dict.fromkeys(article_ids):
                i = pos.get(a)
                if i is None:
                    raise CurationError(f"no article with id '{a}'")
                old = self._status(a, i)
                if old != status:  # the arguments ``set_status`` records
                    requests.append(("status", {"article_id": a, "status": status, "old": old}, []))
            if not requests:
                raise CurationError(f"every article chosen is {status} already")
            return self._record_batch(requests, progress)
