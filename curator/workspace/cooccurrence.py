"""Co-occurrence: the entity detail, with the entities that share articles with one entity.

Three ways to count, the same result (``tests/test_incremental_curation.py``
checks it): walk the entity's own articles' names (small entities), count its
article rows in the filters' entity-article links (big ones), or scan every
entity (with relinks, or while a loading thread holds the lock).

Cache rule: none; it reads the entity book and the filters' links.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from curator.models import Entity
from curator.workspace.rows import RowsAt
from curator.workspace.views import EntityDetail, _by_count

# An entity with fewer articles than this walks its own articles' names; a bigger one
# counts from the filters' entity-article links (see ``entity``).
WALK_BELOW = 500


class Cooccurrence:
    """The entity detail's part of :class:`Workspace` (see the module docstring)."""

    def entity(self, entity_id: str) -> EntityDetail:
        cid = self._cluster_of_entity(entity_id)
        ent = self._entities_by_cluster()[cid]
        pos = self._pos
        positions = [pos[a] for a in ent.article_ids if a in pos]
        articles = RowsAt(self.article_rows(), positions)
        ents = self._entities_by_cluster()
        # The cheapest way that waits for nothing: a small entity walks its own
        # articles; a big one counts from the filters' entity-article links when they
        # are built, or builds them when the lock is free (the filters need them
        # anyway); otherwise every entity is scanned: when relinks exist (the links
        # would all be made again) or a loading thread holds the lock.
        if not self._overlay.relinks and len(ent.article_ids) < WALK_BELOW:
            co = self._cooccurring(cid, ent)
        elif self.entity_filters_ready():
            co = self._cooccurring_by_pairs(cid, positions)
        elif not self._overlay.relinks and self._lock.acquire(blocking=False):
            try:
                co = self._cooccurring_by_pairs(cid, positions)
            finally:
                self._lock.release()
        else:
            co = self._cooccurring_by_scan(cid, ent)
        cooc = [(ents[c], n) for c, n in sorted(co.items(), key=lambda kv: (-kv[1], ents[kv[0]].name, ents[kv[0]].id))]
        return EntityDetail(ent, _by_count(ent.aliases), articles, cooc, self.merged_because(cid))

    def _cooccurring(self, cid: int, ent: Entity) -> Counter[int]:
        """Cluster -> how many of ``ent``'s articles also name it, from each article's
        names: the work grows with the entity's articles, not with all entities.
        Without relinks only: they
        move articles between entities outside the articles' names."""
        ents = self._entities_by_cluster()
        co: Counter[int] = Counter()
        for art_id in ent.article_ids:
            co.update(self._clusters_named(art_id))
        co.pop(cid, None)
        for other in [c for c in co if c not in ents]:  # names no entity stands for
            del co[other]
        return co

    def _cooccurring_by_pairs(self, cid: int, positions: list[int]) -> Counter[int]:
        """The same from :meth:`entity_article_pairs` (when built for the current
        entities): mark the entity's article rows, count each entity's marked links,
        in numpy: the work grows with the links, not with Python objects."""
        texts = self.entity_search_texts()
        which, rows = self.entity_article_pairs()
        n_rows = len(self.article_ids())
        marked = np.zeros(n_rows, dtype=bool)
        marked[positions] = True
        chosen = marked[rows]
        # An article naming an entity twice counts once: duplicates dropped after a
        # sort (np.unique's hash table costs more for big entities).
        links = np.sort(which[chosen].astype(np.int64) * n_rows + rows[chosen])
        if len(links):
            links = links[np.concatenate(([True], links[1:] != links[:-1]))]
        counts = np.bincount(links // n_rows, minlength=len(texts))
        co: Counter[int] = Counter()
        for i in np.flatnonzero(counts).tolist():
            other = self._cid_of[texts[i][0].id]
            if other != cid:
                co[other] = int(counts[i])
        return co

    def _cooccurring_by_scan(self, cid: int, ent: Entity) -> Counter[int]:
        co: Counter[int] = Counter()
        wanted = set(ent.article_ids)
        for other_cid, other in self._entities_by_cluster().items():
            if other_cid != cid:
                shared = len(wanted.intersection(other.article_ids))
                if shared:
                    co[other_cid] = shared
        return co
