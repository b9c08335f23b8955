"""Co-occurrence: the entity detail, with the entities that share articles with one entity.

Three ways to count, the same result (``tests/test_incremental_curation.py``
checks it): walk the entity's own articles' names (small entities), count its
article rows in the filters' entity-article links (big ones), or scan every
entity (with relinks, or while a loading thread holds the lock).

Also why the entity's names are one: the resolver's merges in effect in it and the
curator's merges that joined it.

Cache rule: the merge links by name are made once (the links are loaded once);
everything else is read from the entity book and the filters' links.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from curator.curation.decisions import alias_node
from curator.models import Entity
from curator.names.canonical import canonical_name
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.entity_book import EntityBook
from curator.workspace.filters import EntityFilters
from curator.workspace.history import History
from curator.workspace.keys import _key
from curator.workspace.rows import RowsAt
from curator.workspace.views import EntityDetail, _by_count
from curator.yielding import WatchedLock

# An entity with fewer articles than this walks its own articles' names; a bigger one
# counts from the filters' entity-article links (see ``entity``).
WALK_BELOW = 500


class Cooccurrence:
    """The entity detail (see the module docstring)."""

    def __init__(self, lock: WatchedLock, history: History, book: EntityBook, catalog: ArticleCatalog, filters: EntityFilters) -> None:
        self._lock = lock
        self._history = history
        self._book = book
        self._catalog = catalog
        self._filters = filters
        self._merges_of: dict[str, list[int]] | None = None  # node -> its merge links (the links are loaded once)

    def entity(self, entity_id: str) -> EntityDetail:
        book = self._book
        cid = book.cluster_of_entity(entity_id)
        ents = book.by_cluster()
        ent = ents[cid]
        pos = self._catalog.positions()
        positions = [pos[a] for a in ent.article_ids if a in pos]
        articles = RowsAt(self._catalog.article_rows(), positions)
        relinks = self._history.overlay.relinks
        # The cheapest way that waits for nothing: a small entity walks its own
        # articles; a big one counts from the filters' entity-article links when they
        # are built, or builds them when the lock is free (the filters need them
        # anyway); otherwise every entity is scanned: when relinks exist (the links
        # would all be made again) or a loading thread holds the lock.
        if not relinks and len(ent.article_ids) < WALK_BELOW:
            co = self._cooccurring(cid, ent)
        elif self._filters.ready():
            co = self._cooccurring_by_pairs(cid, positions)
        elif not relinks and self._lock.acquire(blocking=False):
            try:
                co = self._cooccurring_by_pairs(cid, positions)
            finally:
                self._lock.release()
        else:
            co = self._cooccurring_by_scan(cid, ent)
        cooc = [(ents[c], n) for c, n in sorted(co.items(), key=lambda kv: (-kv[1], ents[kv[0]].name, ents[kv[0]].id))]
        return EntityDetail(ent, _by_count(ent.aliases), articles, cooc, self._merged_because(cid))

    def _merged_because(self, cid: int) -> list[tuple[str, str, str]]:
        """The resolver's merges in effect inside a cluster, and the curator's merges that
        joined it: the two names and the reasons, in the order of the names."""
        book = self._book
        if self._merges_of is None:
            merges_of: dict[str, list[int]] = {}
            for i, link in enumerate(book.links):
                if link["outcome"] == "merge":
                    merges_of.setdefault(link["a"], []).append(i)
            self._merges_of = merges_of
        members = book.partition.members.get(cid, set())
        out = []
        for node in sorted(members):
            for i in self._merges_of.get(node, ()):
                link = book.links[i]
                if link["b"] in members:
                    a, b = book.nodes.get(link["a"]), book.nodes.get(link["b"])
                    if a is not None and b is not None:
                        out.append((canonical_name(Counter(a["forms"])), canonical_name(Counter(b["forms"])), "; ".join(link["reasons"])))
        for d in self._history.decisions:
            if d.op == "merge" and not d.undone:
                names = d.args.get("names", [])
                if names and all(alias_node(d.args["type"], n, _key) in members for n in names):
                    out.append((names[0], " = ".join(names[1:]), f"#{d.seq}: " + "; ".join(d.reasons or ["merged by the curator"])))
        return out

    def _cooccurring(self, cid: int, ent: Entity) -> Counter[int]:
        """Cluster -> how many of ``ent``'s articles also name it, from each article's
        names: the work grows with the entity's articles, not with all entities.
        Without relinks only: they move articles between entities outside the
        articles' names."""
        ents = self._book.by_cluster()
        co: Counter[int] = Counter()
        for art_id in ent.article_ids:
            co.update(self._book.clusters_named(art_id))
        co.pop(cid, None)
        for other in [c for c in co if c not in ents]:  # names no entity stands for
            del co[other]
        return co

    def _cooccurring_by_pairs(self, cid: int, positions: list[int]) -> Counter[int]:
        """The same from the filters' entity-article links (when made for the current
        entities): mark the entity's article rows, count each entity's marked links,
        in numpy: the work grows with the links, not with Python objects."""
        texts = self._filters.entity_search_texts()
        which, rows = self._filters.entity_article_pairs()
        n_rows = len(self._catalog.listing)
        marked = np.zeros(n_rows, dtype=bool)
        marked[positions] = True
        chosen = marked[rows]
        # An article naming an entity twice counts once: duplicates dropped after a
        # sort (np.unique's hash table costs more for big entities).
        links = np.sort(which[chosen].astype(np.int64) * n_rows + rows[chosen])
        if len(links):
            links = links[np.concatenate(([True], links[1:] != links[:-1]))]
        counts = np.bincount(links // n_rows, minlength=len(texts))
        cid_of = self._book.cluster_of_id()
        co: Counter[int] = Counter()
        for i in np.flatnonzero(counts).tolist():
            other = cid_of[texts[i][0].id]
            if other != cid:
                co[other] = int(counts[i])
        return co

    def _cooccurring_by_scan(self, cid: int, ent: Entity) -> Counter[int]:
        co: Counter[int] = Counter()
        wanted = set(ent.article_ids)
        for other_cid, other in self._book.by_cluster().items():
            if other_cid != cid:
                shared = len(wanted.intersection(other.article_ids))
                if shared:
                    co[other_cid] = shared
        return co
