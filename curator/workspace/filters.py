"""Filters: the entities' folded names, their text index, the entity-article links
(:class:`EntityFilters`), and the article list's mask (:class:`ArticleFilter`).

Cache rule of :class:`EntityFilters`: the texts, the index and the links are made
for one version of the entities (``EntityBook.version``) and made again when
next asked after it moved. Two memos hold what no decision changes (each name's
folded form, which names each article names): they live as long as the object
(a reload makes a new one).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any

import numpy as np

from curator.models import ARTICLE_STATUSES, Entity
from curator.text_index import TextIndex
from curator.yielding import Pace, WatchedLock
from curator.workspace.article_query import bodies_with_phrase, parse_query
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.entity_book import EntityBook
from curator.workspace.history import History
from curator.workspace.keys import _fold

Pairs = tuple[Any, Any]


class EntityFilters:
    """What filtering by entity names needs (see the module docstring)."""

    def __init__(self, lock: WatchedLock, pace: Pace, book: EntityBook, catalog: ArticleCatalog, history: History) -> None:
        self._lock = lock
        self._pace = pace
        self._book = book
        self._catalog = catalog
        self._history = history
        # Each (the entities' version it was made for, it).
        self._texts: tuple[int, list[tuple[Entity, str]]] | None = None
        self._index: tuple[int, TextIndex] | None = None
        self._pairs: tuple[int, Pairs] | None = None
        # Memos (see the module docstring).
        self._fold_memo: dict[str, str] = {}
        self._name_links: tuple[dict[str, int], Any, Any] | None = None  # see _pairs_from_names
        self._text_memo: dict[int, tuple[Entity, str]] = {}  # id(entity) -> (it, its text): an entity made again is a new object

    def entity_search_texts(self) -> list[tuple[Entity, str]]:
        """Every entity (as :meth:`EntityBook.entities` orders them) with its name and
        aliases folded and joined by `` | ``, for filtering as one types.

        Kept until an entity changes; each distinct name is folded only once, so
        after a decision only the new names cost anything.
        """
        with self._lock:
            ents = self._book.entities()  # may make them (a new version)
            version = self._book.version
            cached = self._texts
            if cached is not None and cached[0] == version:
                return cached[1]
            memo = self._fold_memo
            # A decision makes new entities only for the clusters it touched: the
            # others keep their text, which is not joined again.
            known = self._text_memo
            fresh = [e for e in ents if (hit := known.get(id(e))) is None or hit[0] is not e]
            missing = list({n for e in fresh for n in (e.name, *e.aliases) if n not in memo})
            for at in self._pace.stepwise(range(0, len(missing), 5000), 1):
                # A fold over many names at once: far cheaper than one call per name, and
                # 5,000 at a time keeps each call short (a background thread runs this).
                part = missing[at : at + 5000]
                folded = _fold("\n".join(n.replace("\n", " ") for n in part)).split("\n")
                memo.update(zip(part, folded))
            made = {id(e): (e, " | ".join([memo[e.name], *(memo[a] for a in e.aliases)])) for e in fresh}
            out = []
            kept: dict[int, tuple[Entity, str]] = {}
            for e in ents:
                pair = made.get(id(e)) or known[id(e)]
                kept[id(e)] = pair
                out.append(pair)
            self._text_memo = kept
            self._texts = (version, out)
            return out

    def ready(self) -> bool:
        """Whether :meth:`entity_text_index` and :meth:`entity_article_pairs` are made
        for the current entities, so that calling them waits for nothing (read
        without the lock, which a thread making them holds for seconds)."""
        version = self._book.version
        texts, index, pairs = self._texts, self._index, self._pairs
        return (
            self._book.ready and texts is not None and texts[0] == version
            and index is not None and index[0] == version and pairs is not None and pairs[0] == version
        )

    def entity_text_index(self) -> TextIndex:
        """The folded names of :meth:`entity_search_texts`, ready for substring search."""
        with self._lock:
            texts = self.entity_search_texts()
            version = self._book.version
            if self._index is None or self._index[0] != version:
                index = TextIndex([t for _, t in texts])
                index.prepare()
                self._index = (version, index)
            return self._index[1]

    def entity_article_pairs(self) -> Pairs:
        """Every (entity, article) link as two numpy int32 arrays: the entity's place in
        :meth:`entity_search_texts` and the article's position in the article rows.

        Lets a filter find the articles of thousands of matching entities at once.
        """
        with self._lock:
            texts = self.entity_search_texts()
            version = self._book.version
            if self._pairs is None or self._pairs[0] != version:
                if self._history.overlay.relinks:  # relinks move articles outside their names
                    pairs = self._pairs_from_entities(texts)
                else:
                    pairs = self._pairs_from_names(texts)
                self._pairs = (version, pairs)
            return self._pairs[1]

    def _pairs_from_names(self, texts: list[tuple[Entity, str]]) -> Pairs:
        """The links from each article's names, which no decision changes (made once),
        and each name's entity now: after a decision only the second is made again
        (a lookup per name, where making every link again walks every article).
        An article naming an entity twice gives its link twice."""
        if self._name_links is None:
            self._name_links = self._make_name_links()
        node_index, link_node, link_row = self._name_links
        cluster_of, cid_of = self._book.partition.cluster_of, self._book.cluster_of_id()
        # Each name's cluster (the last: no name), each cluster's place in ``texts``.
        cluster = np.fromiter((cluster_of.get(n, -1) for n in chain(node_index, [None])), dtype=np.int64, count=len(node_index) + 1)
        place = np.full(int(cluster.max(initial=0)) + 2, -1, dtype=np.int32)  # the last: no cluster (-1)
        place[np.fromiter((cid_of[e.id] for e, _ in texts), dtype=np.int64, count=len(texts))] = np.arange(len(texts), dtype=np.int32)
        which = place[cluster[link_node]]
        kept = which >= 0
        return which[kept], link_row[kept]

    def _make_name_links(self) -> tuple[dict[str, int], Any, Any]:
        """(name -> number, each link's name number, each link's article row) for every
        name each article names."""
        node_index = {node: i for i, node in enumerate(self._book.nodes)}
        pos = self._catalog.positions()
        nodes_part: list[Any] = [np.zeros(0, dtype=np.int32)]
        rows_part: list[Any] = [np.zeros(0, dtype=np.int32)]
        items = list(self._book.article_nodes.items())
        for at in self._pace.stepwise(range(0, len(items), 5000), 1):
            numbers: list[int] = []
            rows: list[int] = []
            for art_id, own in items[at : at + 5000]:
                row = pos.get(art_id)
                if row is not None:
                    numbers.extend(node_index.get(n, len(node_index)) for n in own)
                    rows.extend([row] * len(own))
            nodes_part.append(np.array(numbers, dtype=np.int32))
            rows_part.append(np.array(rows, dtype=np.int32))
        return node_index, np.concatenate(nodes_part), np.concatenate(rows_part)

    def _pairs_from_entities(self, texts: list[tuple[Entity, str]]) -> Pairs:
        pos = self._catalog.positions()
        counts: list[int] = []
        parts = [np.zeros(0, dtype=np.int32)]
        rows: list[list[int]] = []
        pending = 0
        # In pieces of about 50,000 links, yielding between them: the first entities
        # have thousands of articles each, and one array of all the links would
        # hold the interpreter for long.
        for i, (ent, _) in enumerate(texts):
            row = [pos[a] for a in ent.article_ids if a in pos]
            rows.append(row)
            counts.append(len(row))
            pending += len(row)
            if pending >= 50_000 or i == len(texts) - 1:
                parts.append(np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=pending))
                rows, pending = [], 0
                self._pace.checkpoint()
        which = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        return which, np.concatenate(parts)

    def articles_mentioning(self, query: str) -> set[str]:
        """Ids of articles that mention an entity whose name or alias contains ``query`` (folded)."""
        needle = _fold(query).strip()
        if not needle:
            return set()
        out: set[str] = set()
        for ent in self._book.by_cluster().values():
            if any(needle in self._folded(n) for n in (ent.name, *ent.aliases)):
                out.update(ent.article_ids)
        return out

    def _folded(self, text: str) -> str:
        folded = self._fold_memo.get(text)
        if folded is None:
            folded = self._fold_memo[text] = _fold(text)
        return folded


class ArticleFilter:
    """The article list's filter: which rows a query and a status show.

    A query is read by :func:`~curator.workspace.article_query.parse_query`. Its
    words match a row when every one of them (folded: accents and case aside) is in
    the row's title, author or outlet, or when all of them together are in the name
    or an alias of an entity the article names (two characters at least). A phrase
    in quotes matches the title (at once) or the body (once :meth:`search_bodies`
    has read the bodies for it: a background thread's work); ``no:FIELD`` tokens
    keep rows without that field. Every part must hold.

    Cache rule: the entities' name index and links are taken from the workspace
    once and kept until :meth:`reset` (the list calls it whenever its rows or the
    entities may have changed); the last query's matching entities are kept only
    to narrow the search for a longer query that starts with it. The bodies found
    for each phrase are kept for one list of rows (no decision changes a body; an
    ingest makes a new list).
    """

    def __init__(self) -> None:
        self._entity_index: tuple[TextIndex, tuple[Any, Any]] | None = None
        self._matches: tuple[str, list[int]] = ("", [])  # the last needle, the entities it matched
        self._bodies: dict[str, np.ndarray] = {}  # phrase -> rows whose body holds it
        self._bodies_for: Any = None  # the rows they are for

    def reset(self) -> None:
        self._entity_index = None
        self._matches = ("", [])

    def prepare(self, ws: Any) -> None:
        """Take the entities' index and links now (both built: this waits for nothing)."""
        if self._entity_index is None:
            self._entity_index = (ws.entity_text_index(), ws.entity_article_pairs())

    def _body_cache(self, rows: Any) -> dict[str, np.ndarray]:
        if self._bodies_for is not rows:
            self._bodies, self._bodies_for = {}, rows
        return self._bodies

    def bodies_pending(self, rows: Any, query: str) -> list[str]:
        """The phrases of ``query`` whose bodies :meth:`search_bodies` has not read yet."""
        done = self._body_cache(rows)
        return [p for p in parse_query(query).phrases if p not in done]

    def search_bodies(
        self, ws: Any, rows: Any, phrase: str, cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int], None] | None = None,
    ) -> bool:
        """Read every body for ``phrase`` and keep which rows hold it (for a background
        thread: seconds at 100,000 articles). False when cancelled."""
        ids = bodies_with_phrase(ws.store.iter_text_documents(), phrase, cancelled, progress)
        if ids is None:
            return False
        found = np.zeros(len(rows), dtype=bool)
        for art_id in ids:
            i = rows.position(art_id)
            if i is not None:
                found[i] = True
        self._body_cache(rows)[phrase] = found
        return True

    def mask(self, ws: Any, rows: Any, query: str, status: str | None, entity_names: bool) -> np.ndarray | None:
        """A numpy bool array by row position of ``rows`` (:meth:`Workspace.article_rows`),
        None when everything is shown. ``entity_names``: whether entity names may be
        matched now, without waiting for them to be built."""
        parsed = parse_query(query)
        if parsed.empty and status is None:
            return None
        shown = np.ones(len(rows), dtype=bool)
        needle = " ".join(_fold(parsed.words).split())
        tokens = needle.split()
        if tokens:
            found = rows.search(tokens)
            # A longer query matches a subset of the entities the shorter one matched.
            narrow = bool(self._matches[0]) and needle.startswith(self._matches[0])
            by_entity = self._entity_rows(ws, len(rows), needle, narrow, entity_names)
            if by_entity is not None:
                found |= by_entity
            shown &= found
        bodies = self._body_cache(rows)
        for phrase in parsed.phrases:
            found = rows.titles_with_phrase(phrase)
            if phrase in bodies:
                found |= bodies[phrase]
            shown &= found
        for name in parsed.missing:
            shown &= rows.missing(name)
        if parsed.unknown:
            shown[:] = False
        if status is not None:
            shown &= rows.status_codes() == ARTICLE_STATUSES.index(status)
        return shown

    def _entity_rows(self, ws: Any, n_rows: int, needle: str, narrow: bool, entity_names: bool) -> np.ndarray | None:
        """Rows of articles naming an entity whose name or alias holds ``needle``;
        None when there is none."""
        if len(needle) < 2 or not entity_names:
            self._matches = ("", [])
            return None
        self.prepare(ws)
        assert self._entity_index is not None
        names, (which, where) = self._entity_index
        last_needle, last_matches = self._matches
        within = last_matches if narrow and last_needle and needle.startswith(last_needle) else None
        matches = names.matching(needle, within)
        self._matches = (needle, matches)
        if not matches:
            return None
        chosen = np.zeros(len(names), dtype=bool)
        chosen[matches] = True
        found = np.zeros(n_rows, dtype=bool)
        found[where[chosen[which]]] = True
        return found
