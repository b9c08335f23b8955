"""The counts the curator is shown, each defined once, here.

The app's notifications, its Review screen, ``curator stats`` and ``curator
resolve`` all take their numbers from this module, so they agree:

- *to review*: the open merge suggestions: between two entities that are
  different under the curated partition and that the curator has not said are
  different (``EntityBook.suggestions``). A suggestion the resolver made but a
  decision has settled is not counted anywhere.
- *skipped*: those of the open suggestions skipped on the Review screen (a
  skipped pair settled since is no longer counted); they are still to review.
- *duplicates*: the articles whose status is ``duplicate``: marked by ingest or
  by the curator, and not set back by the curator.
- *automatic merges*: the resolver's merge links of the run saved; a resolution
  cancelled saved nothing and has none.
- *decisions*: the decisions in effect (not undone).

Cache rule: none is kept; each count is made on request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from curator.models import ARTICLE_STATUSES
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.entity_book import EntityBook
from curator.workspace.history import History
from curator.workspace.views import Stats

ENTITY_TYPES = ("organization", "person", "event")


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """The Review screen's counts: every open suggestion is to review, skipped or not."""

    to_review: int
    skipped: int


@dataclass(frozen=True, slots=True)
class ResolutionCounts:
    """What a resolution run left: ``merges`` is None when it was cancelled (nothing saved)."""

    merges: int | None
    to_review: int

    @property
    def cancelled(self) -> bool:
        return self.merges is None


class Counts:
    """Every count shown (see the module docstring)."""

    def __init__(self, history: History, book: EntityBook, catalog: ArticleCatalog) -> None:
        self._history = history
        self._book = book
        self._catalog = catalog

    def to_review(self) -> int:
        """The number of open merge suggestions (the module docstring defines it)."""
        return len(self._book.suggestions())

    def review_progress(self, skipped: Iterable[tuple[str, str]] = ()) -> ReviewProgress:
        """``skipped``: the (a, b) entity id pairs skipped on the Review screen."""
        open_pairs = [(s.a, s.b) for s in self._book.suggestions()]
        skipped_set = set(skipped)
        return ReviewProgress(len(open_pairs), sum(1 for pair in open_pairs if pair in skipped_set))

    def resolution_counts(self, report: Any) -> ResolutionCounts:
        """The counts after a resolution run (``report``: what ``resolve`` returned)."""
        if getattr(report, "cancelled", False):
            return ResolutionCounts(None, self.to_review())
        return ResolutionCounts(int(getattr(report, "merges", 0)), self.to_review())

    def stats(self) -> Stats:
        ents = self._book.by_cluster().values()  # loads the entity state
        by_type = Counter(e.type for e in ents)
        rows = self._catalog.article_rows()
        codes = Counter(rows.status_codes().tolist())
        by_status = {ARTICLE_STATUSES[code]: n for code, n in codes.items()}
        mentions = sum(sum(n["forms"].values()) for n in self._book.nodes.values())
        return Stats(
            articles=len(rows),
            duplicates=by_status.get("duplicate", 0),
            entities={t: by_type.get(t, 0) for t in ENTITY_TYPES},
            mentions=mentions,
            pending_reviews=self.to_review(),
            decisions=sum(1 for d in self._history.decisions if not d.undone),
            by_status=by_status,
        )
