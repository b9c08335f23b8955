"""The curator's decisions in memory: every decision as saved, and the article overlay
made from those in effect.

:class:`History` is the state the other parts of the workspace read: the entity
book replays its entity decisions into the partition, the catalog shows the
overlay's edits and statuses. Only the curation log changes it: ``append`` after a
decision is saved, ``replay_articles`` after an undo or a redo.

Cache rule: the overlay is the decisions in effect, applied in order; ``append``
applies one more in place and ``replay_articles`` makes it anew.
"""

from __future__ import annotations

from curator.curation.decisions import ENTITY_OPS, ArticleOverlay, apply_article_op
from curator.models import Decision
from curator.workspace.keys import _key


class History:
    """Every decision, in order, as saved, and the article overlay (see the module docstring)."""

    def __init__(self, decisions: list[Decision]) -> None:
        self.decisions = decisions
        self.overlay = ArticleOverlay()
        self.replay_articles()

    def replay_articles(self) -> None:
        """Make the overlay anew from the decisions in effect (after an undo or a redo)."""
        overlay = ArticleOverlay()
        for decision in self.decisions:
            if not decision.undone and decision.op not in ENTITY_OPS:
                apply_article_op(overlay, decision, _key)
        self.overlay = overlay

    def append(self, decision: Decision) -> None:
        """A decision just saved: kept, and applied to the overlay if it is about an article."""
        self.decisions.append(decision)
        if decision.op not in ENTITY_OPS:
            apply_article_op(self.overlay, decision, _key)

    def active(self) -> list[Decision]:
        """The decisions in effect (not undone), in order."""
        return [d for d in self.decisions if not d.undone]

    def next_seq(self) -> int:
        return (self.decisions[-1].seq + 1) if self.decisions else 1

    def newest_seq(self) -> int | None:
        return self.decisions[-1].seq if self.decisions else None
