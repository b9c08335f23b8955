"""The one object the CLI and the app both talk to.

A :class:`Workspace` opens a database folder, loads articles' metadata, the
resolver's alias nodes and links, and the curator's history, and keeps the
current entity partition in memory. Every curation method saves a
:class:`~curator.models.Decision` durably *before* changing anything in memory:
if the save fails, the method raises :class:`~curator.store.SaveFailed` and the
workspace is exactly as before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, overload

import numpy as np

from curator.curation.decisions import (
    ENTITY_OPS,
    ArticleOverlay,
    alias_node,
    apply_article_op,
    apply_entity_op,
    mention_spot,
    now_iso,
    validate,
)
from curator.curation.entities import Naming, curated_partition, display_name, relink_effects, resolver_merge_records
from curator.curation.partition import Partition, Saved
from curator.curation.records import record_problem
from curator.curation.suggestions import OpenSuggestions
from curator.models import (
    ARTICLE_STATUSES,
    EDITABLE_FIELDS,
    Article,
    Decision,
    Entity,
    ExtractedField,
    Mention,
    MergeSuggestion,
)
from curator.store import Store
from curator.store.backups import BACKUP_EVERY, take_backup
from curator.text_index import TextIndex
from curator.text import clean_text, one_line
from curator.yielding import WatchedLock, checkpoint, stepwise

Progress = Callable[[int, int, str], None]

def _key(name: str, type_: str) -> str:
    from curator.resolve.keys import name_key

    return name_key(name, type_)


def _fold(text: str) -> str:
    from curator.resolve.keys import fold

    return fold(text)


class CurationError(ValueError):
    """A curation request that cannot be carried out (unknown entity, bad value)."""


@dataclass(slots=True)
class ArticleRow:
    """One line of the articles table: the curated values, not the raw ones."""

    id: str
    published: str
    title: str
    outlet: str
    author: str
    status: str
    entity_count: int
    duplicate_of: str | None
    source_file: str
    search: str  # folded title + author + outlet + entity names, for filtering


def _by_count(aliases: dict[str, int]) -> list[tuple[str, int]]:
    """An entity's aliases with their counts, the most used first."""
    return sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))


class RowsAt(Sequence[ArticleRow]):
    """Some articles' rows (an entity's, thousands at 100,000 articles), made when read."""

    def __init__(self, rows: ArticleRows, positions: list[int]) -> None:
        self._rows = rows
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, i: int) -> ArticleRow: ...

    @overload
    def __getitem__(self, i: slice) -> list[ArticleRow]: ...

    def __getitem__(self, i: int | slice) -> ArticleRow | list[ArticleRow]:
        if isinstance(i, slice):
            return [self._rows[p] for p in self._positions[i]]
        return self._rows[self._positions[i]]

    def ids(self) -> list[str]:
        """The articles' ids, without making their rows."""
        value = self._rows._listing.value
        return [value("id", p) for p in self._positions]  # type: ignore[misc]


class ArticleRows(Sequence[ArticleRow]):
    """Every article's row, made when first read, in index order (see
    :meth:`Workspace.article_rows`).

    A list of 100,000 ready rows took a second to build and most are never
    shown. What the list needs of every row at once comes as numpy arrays
    instead: :meth:`search` (which rows hold some words), :meth:`status_codes`,
    :meth:`counts` and :meth:`sort_order`.
    """

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self._listing = ws._listing
        self._made: dict[int, ArticleRow] = {}
        # Search text of the rows whose title, author or outlet the curator edited
        # (their folded text in the index is the extractor's): made at the first search.
        self._edited: dict[int, str] | None = None

    def __len__(self) -> int:
        return len(self._listing)

    @overload
    def __getitem__(self, i: int) -> ArticleRow: ...

    @overload
    def __getitem__(self, i: slice) -> list[ArticleRow]: ...

    def __getitem__(self, i: int | slice) -> ArticleRow | list[ArticleRow]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self._listing)
        if i < 0:
            i += n
        row = self._made.get(i)
        if row is None:
            if not 0 <= i < n:
                raise IndexError(i)
            row = self._made.setdefault(i, self._ws._make_row(i))
        return row

    def position(self, article_id: str) -> int | None:
        """Where the article with this id is (None: no such article)."""
        return self._listing.position(article_id)

    def refresh(self, i: int) -> None:
        """The article at ``i`` changed: update its row object in place, if made."""
        row = self._made.get(i)
        if row is not None:
            new = self._ws._make_row(i, previous=row)
            for name in ArticleRow.__slots__:
                setattr(row, name, getattr(new, name))
        if self._edited is not None:
            art_id = self._listing.value("id", i)
            if art_id in self._ws._overlay.fields:
                self._edited[i] = self[i].search
            else:
                self._edited.pop(i, None)

    def recount(self, i: int) -> None:
        """The article at ``i`` may mention a different number of entities now."""
        row = self._made.get(i)
        if row is not None:
            row.entity_count = self._ws._count(row.id, i)

    def _edited_search(self) -> dict[int, str]:
        if self._edited is None:
            pos = self._ws._pos
            at = [pos[a] for a in self._ws._overlay.fields if a in pos]
            self._edited = {i: self[i].search for i in at}
        return self._edited

    def search(self, tokens: Sequence[str]) -> np.ndarray:
        """A bool array: which rows' folded title, author and outlet hold every token."""
        found = self._listing.search_index().contains_all(tokens)
        for i, text in self._edited_search().items():
            found[i] = all(t in text for t in tokens)
        return found

    def status_codes(self) -> np.ndarray:
        """Each row's status as its place in ``ARTICLE_STATUSES`` (int8)."""
        codes = np.where(self._listing.duplicate, ARTICLE_STATUSES.index("duplicate"), ARTICLE_STATUSES.index("new")).astype(np.int8)
        statuses = self._ws._overlay.status
        if statuses:
            pos = self._ws._pos
            for art_id, status in statuses.items():
                if art_id in pos and status in ARTICLE_STATUSES:
                    codes[pos[art_id]] = ARTICLE_STATUSES.index(status)
        return codes

    def counts(self) -> np.ndarray:
        """Each row's entity count (int32)."""
        counts = np.maximum(self._listing.entity_counts, 0)
        recounted = self._ws._counts
        if recounted:
            pos = self._ws._pos
            for art_id, n in list(recounted.items()):
                if art_id in pos:
                    counts[pos[art_id]] = n
        return counts

    def sort_order(self, column: str, reverse: bool = False) -> np.ndarray | None:
        """Row positions sorted by a column of the list (None: not a column it knows).

        ``published`` and ``outlet`` (case aside) sort as text, ``title`` by its
        folded form, ``status`` in the order of ``ARTICLE_STATUSES``, ``entities``
        by count. Ties keep index order, as a stable sort does.
        """
        if column in ("status", "entities"):
            keys = self.status_codes() if column == "status" else self.counts()
            return np.argsort(-keys.astype(np.int64) if reverse else keys, kind="stable")
        name = {"title": "search", "published": "published", "outlet": "outlet"}.get(column)
        if name is None:
            return None
        values = list(self._listing.column(name))
        pos = self._ws._pos if self._ws._overlay.fields else {}
        for art_id in self._ws._overlay.fields:
            if art_id in pos:
                row = self[pos[art_id]]
                values[pos[art_id]] = row.search if name == "search" else getattr(row, name)
        if column == "outlet":
            values = [v.lower() if v else "" for v in values]
        else:
            values = [v or "" for v in values]
        return np.array(sorted(range(len(values)), key=values.__getitem__, reverse=reverse), dtype=np.int64)


@dataclass(slots=True)
class FieldView:
    value: str | None
    raw: str | None
    confidence: float
    edited: bool


@dataclass(slots=True)
class MentionView:
    start: int
    end: int
    text: str
    type: str
    name: str
    role: str | None
    entity_id: str | None
    entity_name: str | None
    accepted: bool
    relinked: bool
    field: str = "text"  # "title": the offsets point into the title as ingested


@dataclass
class ArticleView:
    article: Article
    fields: dict[str, FieldView]
    status: str
    mentions: list[MentionView]
    entities: list[Entity]
    entities_pending: bool = False  # made before the entity state was loaded: no links yet


@dataclass
class EntityDetail:
    entity: Entity
    aliases: list[tuple[str, int]]
    articles: RowsAt  # made when read
    cooccurring: list[tuple[Entity, int]]
    # Why its names are one: (one name, the other, the reasons) for each merge in effect.
    merged_because: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Context:
    sentence: str
    article_id: str
    outlet: str
    published: str


@dataclass
class SuggestionView:
    suggestion: MergeSuggestion
    a_aliases: list[tuple[str, int]]
    b_aliases: list[tuple[str, int]]
    a_context: Context | None
    b_context: Context | None


@dataclass
class Stats:
    articles: int
    duplicates: int
    entities: dict[str, int]
    mentions: int
    pending_reviews: int
    decisions: int
    by_status: dict[str, int] = field(default_factory=dict)


class Workspace:
    """Open database + in-memory curated state. Use as a context manager.

    Opening reads only the article index and the curator's history, so the
    article list is ready at once even for 100,000 articles. The entity state
    (aliases, links, the partition) loads on first use, or ahead of time with
    :meth:`load_entities` (the app does that in a worker). Methods are
    thread-safe: one lock guards every change of state.
    """

    def __init__(
        self, db: Path | str | None = None, *, write: bool = True, command: str = "curator", create: bool = True
    ) -> None:
        # ``create``: may make a new database (writable, in a new or empty folder only).
        self.store = Store(db, write=write, command=command, create=create)
        self._lock = WatchedLock()  # a loading thread steps aside at checkpoints unless the UI waits for this
        try:
            self.reload()
        except BaseException:
            self.store.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def reload(self) -> None:
        """(Re)read the index and history from disk; entity state reloads on demand."""
        with self._lock:
            # The list's columns, read without parsing: ids, titles... decoded when asked for.
            self._listing = self.store.article_listing()
            self._history: list[Decision] = self.store.history()
            self._overlay = self._article_overlay()
            self._fold_memo: dict[str, str] = {}
            self._loaded = False
            self._ready = False
            self._entities: dict[int, Entity] | None = None
            self._cid_of: dict[str, int] = {}
            # Entity counts under the curated partition, where they differ from the index's.
            self._counts: dict[str, int] = {}
            self._article_nodes: dict[str, list[str]] = {}
            self._counts_pending: set[str] = set()
            self._rows: ArticleRows | None = None
            # Bumped whenever any entity may have changed (see ``entity_search_texts``).
            self._entity_version = getattr(self, "_entity_version", 0) + 1
            self._entity_texts: tuple[int, list[tuple[Entity, str]]] | None = None
            self._entity_pairs: tuple[Any, Any] | None = None
            self._name_links: tuple[dict[str, int], Any, Any] | None = None  # see _pairs_from_names
            self._entity_text_memo: dict[int, tuple[Entity, str]] = {}  # id(entity) -> (it, its text)
            # (the entities dict it is for, the sort keys, the entities in that order): see entities()
            self._ordered: tuple[dict[int, Entity], list[tuple[Any, ...]], list[Entity]] | None = None
            self._entity_index: tuple[list[tuple[Entity, str]], TextIndex] | None = None
            self._open: OpenSuggestions | None = None  # made with the entity state
            # (decision seq, the partition, its touched clusters as they were before it):
            # undoing the latest decision puts them back instead of replaying the history.
            self._saved: list[tuple[int, Partition, Saved]] = []

    def load_entities(self) -> None:
        """Load aliases, links and the curated partition (idempotent)."""
        if self._ready:
            return  # without the lock: a thread building the filters holds it for seconds
        with self._lock:
            if self._loaded:
                return
            res = self.store.load_resolution()
            nodes: dict[str, dict[str, Any]] = {}
            for n in stepwise(res.get("aliases", []), 2000):
                nodes[n["node"]] = {"node": n["node"], "type": n["type"], "forms": n["forms"], "articles": list(n.get("articles", []))}
            order = [n["node"] for n in res.get("aliases", [])]
            article_nodes: dict[str, list[str]] = {}
            for table in stepwise(res.get("article_nodes", []), 1):
                for art_id, positions in zip(table["ids"], table["nodes"]):
                    own = article_nodes[art_id] = [order[i] for i in positions]
                    for node in own:
                        nodes[node]["articles"].append(art_id)
            if not article_nodes:  # an older layout kept the article lists on the aliases
                for node, data in nodes.items():
                    for art_id in data["articles"]:
                        article_nodes.setdefault(art_id, []).append(node)
            self._nodes = nodes
            self._article_nodes = article_nodes
            self._links: list[dict[str, Any]] = res.get("links", [])
            self._merges_of: dict[str, list[int]] | None = None  # node -> its merge links (see merged_because)
            self._authority_names = {d["node"]: d["name"] for d in res.get("authority_names", [])}
            self._naming: Naming | None = None  # made for the partition in use (see _make_entity)
            self._open = OpenSuggestions(self._links)
            runs = res.get("runs", [])
            self._resolved_at: str | None = runs[-1].get("at") if runs else None
            self._loaded = True
            self._rebuild()
            # The entities too, before ``_ready``: a screen that found the state ready
            # and the entities not yet made made them itself, in the UI thread, while
            # the loading thread made them as well (an article took 4.9 s to open).
            self._entities_by_cluster()
            self._ready = True  # set last: read without the lock (see ``load_entities``)

    def preload_articles(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Read every article's text and mentions ahead, as bytes (for a background
        thread), so that opening an article reads no file."""
        self.store.warm_shards(cancelled)

    @property
    def entities_loaded(self) -> bool:
        return self._ready

    def close(self) -> None:
        if self.store.write and not getattr(self, "_closed", False):
            # The session's last state is kept whole, however recent the last backup
            # (taken before the store lets go of the lock).
            take_backup(self.store.root, checked=True)
        self._closed = True
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def root(self) -> Path:
        return self.store.root

    def _article_overlay(self) -> ArticleOverlay:
        overlay = ArticleOverlay()
        for decision in self._history:
            if not decision.undone and decision.op not in ENTITY_OPS:
                apply_article_op(overlay, decision, _key)
        return overlay

    def _rebuild(self, entities: bool = True) -> None:
        """Recompute the curated state from the resolver's links and the history.

        ``entities=False`` (undoing an article edit) keeps the entity partition.
        """
        self._overlay = self._article_overlay()
        if not entities or not self._loaded:
            pending, self._counts_pending = self._counts_pending, set()
            if self._rows is not None:
                self._refresh_rows(pending)
            return
        active = [d for d in self._history if not d.undone]
        partition = curated_partition(self._nodes, self._links, active, _key)
        self._partition = partition
        self._saved.clear()  # kept for the partition just replaced
        self._entities = None
        self._entity_version += 1
        # The index holds each article's count under the resolver's merges; only
        # articles the curator's decisions touched need counting again.
        affected: set[str] = set(self._counts_pending)
        self._counts_pending = set()
        for decision in active:
            if decision.op in ENTITY_OPS or decision.op == "relink":
                for node in self._decision_nodes(decision.op, decision.args):
                    for member in partition.members.get(partition.cluster_of.get(node, -1), ()):
                        affected.update(self._nodes.get(member, {}).get("articles", ()))
            if decision.op == "relink":
                affected.add(decision.args["article_id"])
        uncounted = np.flatnonzero(self._listing.entity_counts < 0).tolist()
        if uncounted:  # an index written before any resolve
            ids = self._listing.ids()
            affected.update(ids[i] for i in uncounted if ids[i] not in self._counts)
        self._refresh_rows(affected)

    # -- decisions ---------------------------------------------------------------
    def _record(self, op: str, args: dict[str, Any], reasons: Sequence[str] = ()) -> Decision:
        with self._lock:
            validate(op, args)
            entity_change = op in ENTITY_OPS or op == "relink"
            if entity_change:
                self.load_entities()
                touched = self._touched_clusters(op, args)
            seq = (self._history[-1].seq + 1) if self._history else 1
            decision = Decision(seq=seq, op=op, args=args, at=now_iso(), reasons=list(reasons))
            problem = record_problem(decision.to_dict())
            if problem is not None:  # never save a record the next open would refuse
                raise CurationError(f"{op}: {problem}")
            self.store.append_decision(decision)  # durable before anything changes in memory
            self._history.append(decision)
            if op in ENTITY_OPS:
                self._apply_entity(decision, touched)
            else:
                apply_article_op(self._overlay, decision, _key)
                if entity_change:
                    self._refresh_entities(touched | self._touched_clusters(op, args), True)
            if not entity_change and "article_id" in args:
                self._refresh_rows([args["article_id"]])
            self._backup_if_due()
            return decision

    def _apply_entity(self, decision: Decision, touched: set[int]) -> None:
        """Apply an entity decision to the partition in place, keeping what it changes
        for a quick undo, and recompute the entities it touched."""
        saved = self._partition.save(touched)
        apply_entity_op(self._partition, decision, _key)
        self._saved.append((decision.seq, self._partition, saved))
        self._refresh_entities(touched | self._touched_clusters(decision.op, decision.args), False)

    def _restore_before(self, decision: Decision) -> bool:
        """Undo the latest entity decision by putting back the clusters it changed, as
        they were (replaying the whole history took seconds at 100,000 articles).
        False when that state was not kept: made before this session, or a replay
        has made a new partition since."""
        saved = self._saved
        if not (self._loaded and saved and saved[-1][0] == decision.seq and saved[-1][1] is self._partition):
            return False
        if self._overlay.relinks:  # entities then come from a full pass (see _apply_relinks)
            return False
        changed = self._partition.restore(saved.pop()[2])
        self._refresh_entities(changed, False)
        return True

    @staticmethod
    def _decision_nodes(op: str, args: dict[str, Any]) -> list[str]:
        """The alias nodes a decision names."""
        t = args.get("type", "organization")
        names = list(args.get("names", [])) + [args.get(k) for k in ("a", "b", "alias", "anchor", "from_anchor")]
        nodes = [alias_node(t, n, _key) for n in names if n]
        if op == "relink":
            nodes.append(alias_node(t, args.get("text", ""), _key))
            if args.get("to_name"):
                nodes.append(alias_node(args.get("to_type") or t, args["to_name"], _key))
        return nodes

    def _touched_clusters(self, op: str, args: dict[str, Any]) -> set[int]:
        cluster_of = self._partition.cluster_of
        clusters = {cluster_of[n] for n in self._decision_nodes(op, args) if n in cluster_of}
        if op == "relink":
            clusters |= self._clusters_named(args["article_id"])
        return clusters

    def _clusters_named(self, art_id: str) -> set[int]:
        """The clusters whose names an article names (relinks aside)."""
        cluster_of = self._partition.cluster_of
        return {cluster_of[n] for n in self._article_nodes.get(art_id, ()) if n in cluster_of}

    def _refresh_entities(self, clusters: set[int], relink: bool) -> None:
        """Recompute only the entities (and article rows) a decision touched."""
        self._entity_version += 1
        # Each article naming the touched clusters' nodes, once per node it names.
        named: Counter[str] = Counter()
        for cid in clusters:
            for node in self._partition.members.get(cid, ()):
                named.update(self._nodes.get(node, {}).get("articles", ()))
        affected_articles: set[str] = set(named)
        if self._entities is not None and relink:
            self._entities = None
        if self._entities is not None:
            ordered = self._ordered if self._ordered is not None and self._ordered[0] is self._entities else None
            for cid in clusters:
                old = self._entities.pop(cid, None)
                if old is not None:
                    self._cid_of.pop(old.id, None)
                    affected_articles.update(old.article_ids)
                    if ordered is not None:
                        at = bisect_left(ordered[1], _entity_order(old))
                        del ordered[1][at], ordered[2][at]
            for cid in clusters:
                members = self._partition.members.get(cid)
                ent = self._make_entity(cid, members) if members else None
                if ent is not None:
                    self._entities[cid] = ent
                    self._cid_of[ent.id] = cid
                    affected_articles.update(ent.article_ids)
                    if ordered is not None:
                        key = _entity_order(ent)
                        at = bisect_left(ordered[1], key)
                        ordered[1].insert(at, key)
                        ordered[2].insert(at, ent)
        if self._open is not None:
            self._open.touched(clusters)
        # An article naming one node of these clusters still names one entity: its
        # count cannot change. Recounting all of a big entity's thousands took 0.3 s.
        relinked = {spot[0] for spot in self._overlay.relinks}
        self._refresh_rows((a for a in affected_articles if named[a] > 1 or a in relinked), text=False)

    def history(self) -> list[Decision]:
        return list(self._history)

    def _backup_if_due(self) -> None:
        """A backup after decisions too, not only at open, at most every ``BACKUP_EVERY``
        seconds: an hour's work is not lost with a file damaged later.

        The file was checked whole at open, and every record saved since was checked
        before it was written (``_record``), so it is not checked again here (checking
        it all would cost far more than the decision it follows)."""
        take_backup(self.store.root, min_age=BACKUP_EVERY, checked=True)

    def undo(self) -> Decision | None:
        """Undo the latest decision still in effect; None when there is none."""
        with self._lock:
            for decision in reversed(self._history):
                if not decision.undone:
                    newest = self._history[-1].seq
                    self.store.set_undone([decision.seq], True, undone_after=newest)
                    decision.undone_after = newest
                    if decision.op in ENTITY_OPS and self._restore_before(decision):
                        decision.undone = True
                    else:
                        self._before_rebuild(decision)
                        decision.undone = True
                        self._rebuild(entities=decision.op in ENTITY_OPS or decision.op == "relink")
                    self._backup_if_due()
                    return decision
            return None

    def _before_rebuild(self, decision: Decision) -> None:
        """Note the articles a decision about to change touched (their rows need recounting)."""
        if self._loaded and (decision.op in ENTITY_OPS or decision.op == "relink"):
            for cid in self._touched_clusters(decision.op, decision.args):
                for node in self._partition.members.get(cid, ()):
                    self._counts_pending.update(self._nodes.get(node, {}).get("articles", ()))
        elif "article_id" in decision.args:
            self._counts_pending.add(decision.args["article_id"])

    def redoable(self) -> list[Decision]:
        """What redo can take back, next first: the decisions undone since the newest
        decision was made, like an editor's redo stack. A new decision empties it.
        The stack lives in ``curation.json`` (``Decision.undone_after``), so it is
        the same after a restart and for the app and the command line."""
        with self._lock:
            if not self._history:
                return []
            newest = self._history[-1].seq
            # Undo takes the latest decision in effect, so the most recent undo is the
            # lowest seq among those undone since ``newest`` was made.
            return [d for d in self._history if d.undone and d.undone_after == newest]

    def redo(self) -> Decision | None:
        """Redo the most recent undo, unless a decision was made since; None when none."""
        with self._lock:
            stack = self.redoable()
            if not stack:
                return None
            decision = stack[0]
            self.store.set_undone([decision.seq], False)
            decision.undone_after = None
            if self._loaded and decision.op in ENTITY_OPS and not self._overlay.relinks:
                # Applied again on top of the state it was undone from.
                decision.undone = False
                self._apply_entity(decision, self._touched_clusters(decision.op, decision.args))
            else:
                self._before_rebuild(decision)
                decision.undone = False
                self._rebuild(entities=decision.op in ENTITY_OPS or decision.op == "relink")
            self._backup_if_due()
            return decision

    # -- articles ----------------------------------------------------------------
    def article_ids(self) -> list[str]:
        return list(self._listing.ids())

    def index_articles(self) -> None:
        """Build the article id -> row map now (for a background thread at start) rather
        than at the first filter or decision that needs it (0.3 s at 100,000 articles)."""
        self._listing.positions()

    def prepare_search(self) -> None:
        """Do the article filter's one-time work now (for a background thread at start)."""
        self._listing.search_index().prepare()

    @property
    def _pos(self) -> dict[str, int]:
        """Article id -> row in the index (built at the first use: 0.1-0.2 s at 100,000)."""
        return self._listing.positions()

    def _position(self, art_id: str) -> int:
        """The row of one article (KeyError if there is none), without building the id map."""
        i = self._listing.position(art_id)
        if i is None:
            raise KeyError(art_id)
        return i

    def _value(self, art_id: str, name: str) -> str | None:
        edits = self._overlay.fields.get(art_id)
        if edits and name in edits:
            return edits[name]
        return self._listing.value(name, self._position(art_id))

    def _field(self, article: Article, name: str) -> FieldView:
        extracted: ExtractedField = getattr(article, name)
        edits = self._overlay.fields.get(article.id, {})
        if name in edits:
            return FieldView(edits[name], extracted.raw, 1.0, True)
        return FieldView(extracted.value, extracted.raw, extracted.confidence, False)

    def _status(self, art_id: str, i: int | None = None) -> str:
        status = self._overlay.status.get(art_id)
        if status:
            return status
        return "duplicate" if self._listing.duplicate[self._position(art_id) if i is None else i] else "new"

    def status_of(self, article: Article) -> str:
        return self._status(article.id)

    def _count(self, art_id: str, i: int) -> int:
        count = self._counts.get(art_id)
        if count is None:
            count = max(0, int(self._listing.entity_counts[i]))
        return count

    def _count_entities(self, art_id: str) -> int:
        """Distinct entities an article mentions, under the current partition."""
        cluster_of = self._partition.cluster_of
        if any(spot[0] == art_id for spot in self._overlay.relinks):
            clusters = set()
            for m in self.store.mentions(art_id):
                spot = mention_spot(art_id, m.start, m.end, m.field)
                node = self._overlay.relinks[spot] if spot in self._overlay.relinks else alias_node(m.type, m.name, _key)
                if node in cluster_of:
                    clusters.add(cluster_of[node])
            return len(clusters)
        return len(self._clusters_named(art_id))

    def _make_row(self, i: int, previous: ArticleRow | None = None) -> ArticleRow:
        """The row at index position ``i`` as the curator sees it (edits, status, count)."""
        listing = self._listing
        art_id: str = listing.value("id", i)  # type: ignore[assignment]
        edits = self._overlay.fields.get(art_id) or {}

        def value(name: str) -> str:
            return (edits[name] if name in edits else listing.value(name, i)) or ""

        title, author, outlet = value("title"), value("author"), value("outlet")
        if previous is not None and (previous.title, previous.author, previous.outlet) == (title, author, outlet):
            folded = previous.search  # a merge changes counts, not text: folding thousands of rows again took a second
        elif edits:
            folded = _fold(" ".join((title, author, outlet)))
        else:
            folded = listing.value("search", i) or ""  # folded when the index was written
        return ArticleRow(
            id=art_id,
            published=value("published"),
            title=title,
            outlet=outlet,
            author=author,
            status=self._status(art_id, i),
            entity_count=self._count(art_id, i),
            duplicate_of=listing.value("duplicate_of", i),
            source_file=listing.value("source_file", i) or "",
            search=folded,
        )

    def article_rows(self) -> ArticleRows:
        """Every article as the table shows it, in ingest order: a sequence whose rows
        are made when first read (100,000 at once took seconds), with what the
        list needs for all rows at once: search, status and count arrays, sort orders.

        The same row objects are updated in place after a decision, so a view
        holding one sees the change.
        """
        rows = self._rows
        if rows is None:
            with self._lock:
                if self._rows is None:
                    self._rows = ArticleRows(self)
                rows = self._rows
        return rows

    def entity_search_texts(self) -> list[tuple[Entity, str]]:
        """Every entity (as :meth:`entities` orders them) with its name and aliases
        folded and joined by `` | ``, for filtering as one types.

        Kept until an entity changes; each distinct name is folded only once per
        workspace, so after a decision only the new names cost anything.
        """
        with self._lock:
            self._entities_by_cluster()  # may bump the version
            cached = self._entity_texts
            if cached is not None and cached[0] == self._entity_version:
                return cached[1]
            ents = self.entities()
            memo = self._fold_memo
            # A decision makes new entities only for the clusters it touched: the
            # others keep their text (joining 34,000 texts again took 0.5 s).
            known = self._entity_text_memo
            fresh = [e for e in ents if (hit := known.get(id(e))) is None or hit[0] is not e]
            missing = list({n for e in fresh for n in (e.name, *e.aliases) if n not in memo})
            for at in stepwise(range(0, len(missing), 5000), 1):
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
            self._entity_text_memo = kept
            self._entity_texts = (self._entity_version, out)
            self._entity_pairs = None
            return out

    def entity_filters_ready(self) -> bool:
        """Whether :meth:`entity_text_index` and :meth:`entity_article_pairs` are built
        for the current entities, so that calling them waits for nothing (read
        without the lock, which a thread building them holds for seconds)."""
        texts, index, pairs = self._entity_texts, self._entity_index, self._entity_pairs
        return (
            self._ready and texts is not None and texts[0] == self._entity_version
            and index is not None and index[0] is texts[1] and pairs is not None
        )

    def entity_text_index(self) -> TextIndex:
        """The folded names of :meth:`entity_search_texts`, ready for substring search."""
        with self._lock:
            texts = self.entity_search_texts()
            if self._entity_index is None or self._entity_index[0] is not texts:
                index = TextIndex([t for _, t in texts])
                index.prepare()
                self._entity_index = (texts, index)
            return self._entity_index[1]

    def entity_article_pairs(self) -> tuple[Any, Any]:
        """Every (entity, article) link as two numpy int32 arrays: the entity's place in
        :meth:`entity_search_texts` and the article's position in :meth:`article_rows`.

        Lets a filter find the articles of thousands of matching entities at once.
        """
        with self._lock:
            texts = self.entity_search_texts()
            if self._entity_pairs is None:
                if self._overlay.relinks:  # relinks move articles outside their names
                    self._entity_pairs = self._pairs_from_entities(texts)
                else:
                    self._entity_pairs = self._pairs_from_names(texts)
            return self._entity_pairs

    def _pairs_from_names(self, texts: list[tuple[Entity, str]]) -> tuple[Any, Any]:
        """The links from each article's names, which no decision changes (made once),
        and each name's entity now: after a decision only the second is made again
        (0.1-0.2 s at 100,000 articles, where making every link again took 1.7-1.9 s).
        An article naming an entity twice gives its link twice."""
        import numpy as np

        if self._name_links is None:
            self._name_links = self._make_name_links()
        node_index, link_node, link_row = self._name_links
        cluster_of, cid_of = self._partition.cluster_of, self._cid_of
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
        import numpy as np

        node_index = {node: i for i, node in enumerate(self._nodes)}
        pos = self._pos
        nodes_part: list[Any] = [np.zeros(0, dtype=np.int32)]
        rows_part: list[Any] = [np.zeros(0, dtype=np.int32)]
        items = list(self._article_nodes.items())
        for at in stepwise(range(0, len(items), 5000), 1):
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

    def _pairs_from_entities(self, texts: list[tuple[Entity, str]]) -> tuple[Any, Any]:
        import numpy as np

        pos = self._pos
        counts: list[int] = []
        parts = [np.zeros(0, dtype=np.int32)]
        rows: list[list[int]] = []
        pending = 0
        # In pieces of about 50,000 links: the first entities have thousands of
        # articles each, and one array made of a million links held the
        # interpreter for 0.1-0.2 s.
        for i, (ent, _) in enumerate(texts):
            row = [pos[a] for a in ent.article_ids if a in pos]
            rows.append(row)
            counts.append(len(row))
            pending += len(row)
            if pending >= 50_000 or i == len(texts) - 1:
                parts.append(np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=pending))
                rows, pending = [], 0
                checkpoint()
        which = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        return which, np.concatenate(parts)

    def articles_mentioning(self, query: str) -> set[str]:
        """Ids of articles that mention an entity whose name or alias contains ``query`` (folded)."""
        needle = _fold(query).strip()
        if not needle:
            return set()
        out: set[str] = set()
        for ent in self._entities_by_cluster().values():
            if any(needle in self._folded(n) for n in (ent.name, *ent.aliases)):
                out.update(ent.article_ids)
        return out

    def _folded(self, text: str) -> str:
        folded = self._fold_memo.get(text)
        if folded is None:
            folded = self._fold_memo[text] = _fold(text)
        return folded

    def _refresh_rows(self, article_ids: Iterable[str], text: bool = True) -> None:
        """Recount and redraw the rows of these articles (in place); ``text=False``:
        only their entity counts may have changed (an entity decision)."""
        pos = self._pos
        rows = self._rows
        for art_id in article_ids:
            i = pos.get(art_id)
            if i is None:
                continue
            if self._loaded:
                self._counts[art_id] = self._count_entities(art_id)
            if rows is not None:
                if text:
                    rows.refresh(i)
                else:
                    rows.recount(i)

    def article(self, article_id: str, wait: bool = True) -> ArticleView:
        """An article as the curator sees it. ``wait=False``: if the entity state is
        still loading (a background thread holds it for seconds at 100,000 articles),
        do not wait for it: the view comes without links (``entities_pending``)."""
        art = self.store.article(article_id)
        if art is None:
            raise CurationError(f"no article with id '{article_id}'")
        return self._view(art, self.store.mentions(article_id), wait)

    def _view(self, art: Article, stored: list[Mention], wait: bool = True) -> ArticleView:
        """An article as the curator sees it: edited fields, status, mentions linked to entities."""
        article_id = art.id
        fields = {n: self._field(art, n) for n in EDITABLE_FIELDS}
        if not wait and not self._ready:
            pending = [
                MentionView(m.start, m.end, m.text, m.type, m.name, m.role, None, None, False, False, m.field) for m in stored
            ]
            return ArticleView(art, fields, self._status(article_id), pending, [], entities_pending=True)
        self.load_entities()
        mentions = []
        seen: dict[str, Entity] = {}
        for m in stored:
            spot = mention_spot(article_id, m.start, m.end, m.field)
            relinked = spot in self._overlay.relinks
            node = self._overlay.relinks[spot] if relinked else alias_node(m.type, m.name, _key)
            ent = self._entity_of_node(node) if node else None
            if ent is not None:
                seen.setdefault(ent.id, ent)
            mentions.append(
                MentionView(
                    m.start, m.end, m.text, m.type, m.name, m.role,
                    ent.id if ent else None, ent.name if ent else None,
                    spot in self._overlay.accepted, relinked, m.field,
                )
            )
        return ArticleView(art, fields, self._status(article_id), mentions, sorted(seen.values(), key=lambda e: (e.type, e.name)))

    def edit_field(self, article_id: str, field_name: str, value: str | None) -> Decision:
        self._require_article(article_id)
        if field_name not in EDITABLE_FIELDS:
            raise CurationError(f"'{field_name}' cannot be edited (editable: {', '.join(EDITABLE_FIELDS)})")
        value = one_line(value) if value is not None else None
        if field_name == "published" and value:
            value = _check_date(value)
        old = self._value(article_id, field_name)
        return self._record("edit", {"article_id": article_id, "field": field_name, "value": value or None, "old": old})

    def set_status(self, article_id: str, status: str) -> Decision:
        self._require_article(article_id)
        return self._record("status", {"article_id": article_id, "status": status, "old": self._status(article_id)})

    def _require_article(self, article_id: str) -> None:
        if self._listing.position(article_id) is None:
            raise CurationError(f"no article with id '{article_id}'")

    def accept_mention(self, article_id: str, start: int, end: int, field: str = "text") -> Decision:
        """Accept one mention as extracted; ``field="title"`` for a mention in the title."""
        m = self._require_mention(article_id, start, end, field)
        args: dict[str, Any] = {"article_id": article_id, "start": start, "end": end, "text": m.text, "type": m.type}
        if field != "text":
            args["field"] = field
        return self._record("accept_mention", args)

    def relink_mention(self, article_id: str, start: int, end: int, entity_id: str | None, field: str = "text") -> Decision:
        """Link one mention to another entity, or unlink it (``entity_id=None``);
        ``field="title"`` for a mention in the title."""
        m = self._require_mention(article_id, start, end, field)
        args: dict[str, Any] = {"article_id": article_id, "start": start, "end": end, "text": m.name, "type": m.type}
        if field != "text":
            args["field"] = field
        if entity_id is not None:
            target = self.entity_by_id(entity_id)
            args["to_type"] = target.type
            args["to_name"] = self._anchor_name(target.id)
            args["to_entity"] = target.name
        else:
            args["to_name"] = None
        return self._record("relink", args)

    def _require_mention(self, article_id: str, start: int, end: int, field: str = "text") -> Any:
        self._require_article(article_id)
        for m in self.store.mentions(article_id):
            if m.start == start and m.end == end and m.field == field:
                return m
        where = "" if field == "text" else f" of its {field}"
        raise CurationError(f"article {article_id} has no mention at {start}-{end}{where}")

    # -- entities ----------------------------------------------------------------
    def _make_entity(self, cid: int, nodes: set[str]) -> Entity | None:
        naming = self._naming
        if naming is None or naming.partition is not self._partition:
            naming = self._naming = Naming(self._partition, self._authority_names)
        return naming.entity(cid, nodes, self._nodes)

    def _entities_by_cluster(self) -> dict[int, Entity]:
        self.load_entities()
        if self._entities is None:
            out: dict[int, Entity] = {}
            for cid, nodes in stepwise(self._partition.members.items(), 500):
                ent = self._make_entity(cid, nodes)
                if ent is not None:
                    out[cid] = ent
            self._apply_relinks(out)
            self._entities = out
            self._entity_version += 1
            self._cid_of = {ent.id: cid for cid, ent in out.items()}
        return self._entities

    def _apply_relinks(self, entities: dict[int, Entity]) -> None:
        """Adjust article lists for mentions the curator moved or unlinked."""
        if not self._overlay.relinks:
            return
        named = relink_effects(self._overlay, self._partition.cluster_of, entities, self.store.mentions, _key)
        for (art_id, cid), names in named.items():
            ent = entities[cid]
            if names and art_id not in ent.article_ids:
                ent.article_ids = sorted([*ent.article_ids, art_id])
            elif not names and art_id in ent.article_ids:
                ent.article_ids = [a for a in ent.article_ids if a != art_id]

    def entities(self) -> list[Entity]:
        """All canonical entities, most mentioned first.

        The order is kept and mended one decision at a time (``_refresh_entities``):
        sorting 34,000 entities again took 0.1-0.2 s after every decision."""
        ents = self._entities_by_cluster()
        ordered = self._ordered
        if ordered is None or ordered[0] is not ents:
            pairs = sorted((_entity_order(e), e) for e in ents.values())
            ordered = self._ordered = (ents, [k for k, _ in pairs], [e for _, e in pairs])
        return list(ordered[2])

    def _cluster_of_entity(self, entity_id: str) -> int:
        self._entities_by_cluster()
        cid = self._cid_of.get(entity_id)
        if cid is None:
            raise CurationError(f"no entity with id '{entity_id}'")
        return cid

    def entity_by_id(self, entity_id: str) -> Entity:
        return self._entities_by_cluster()[self._cluster_of_entity(entity_id)]

    def _entity_of_node(self, node: str) -> Entity | None:
        self.load_entities()
        cid = self._partition.cluster_of.get(node)
        return self._entities_by_cluster().get(cid) if cid is not None else None

    def find_entity(self, ref: str) -> Entity:
        """An entity by id, exact name, alias, comparison key, or the name proper of a
        reference typed with a title or a parent body (CLI convenience; see ``lookup_entity``)."""
        return self.lookup_entity(ref)[0]

    def lookup_entity(self, ref: str) -> tuple[Entity, str]:
        """The entity ``ref`` names, and how ``ref`` was taken when not as typed ("'đồng chí
        Trần Duy Ninh' taken as 'Trần Duy Ninh' (set aside: ...)"; empty otherwise).

        An id first, then ``curator.names.lookup.find_named``. A reference naming several
        entities is refused with the list, never guessed."""
        from curator.names.lookup import find_named

        ents = self._entities_by_cluster()
        cid = self._cid_of.get(ref)
        if cid is not None and cid in ents:
            return ents[cid], ""
        shown = one_line(ref, 80)
        if not clean_text(ref).strip():
            raise CurationError(f"no entity named '{shown}': the name is empty")
        found = find_named(clean_text(ref), list(ents.values()), _key)
        if len(found.matches) == 1:
            return found.matches[0], found.taken_as
        if not found.matches:
            raise CurationError(f"no entity named or numbered '{shown}'")
        listing = "; ".join(f"{e.id} {one_line(e.name, 60)} ({e.type})" for e in found.matches[:5])
        raise CurationError(f"'{shown}' is ambiguous: {listing}. Use an entity id.")

    def separated(self, a_id: str, b_id: str) -> bool:
        """True when the curator has said these two entities are different."""
        return self._partition.conflicts(self._cluster_of_entity(a_id), self._cluster_of_entity(b_id))

    def entity_for_name(self, type_: str, name: str) -> Entity | None:
        """The entity whose cluster holds the alias ``name`` (by comparison key)."""
        return self._entity_of_node(alias_node(type_, name, _key))

    def _anchor_name(self, entity_id: str) -> str:
        """A surface form that names the entity's cluster (an alias node exists for it)."""
        cid = self._cluster_of_entity(entity_id)
        forms: Counter[str] = Counter()
        for node in self._partition.members[cid]:
            forms.update(self._nodes.get(node, {}).get("forms", {}))
        return min(forms, key=lambda f: (-forms[f], f))

    def entity(self, entity_id: str) -> EntityDetail:
        cid = self._cluster_of_entity(entity_id)
        ent = self._entities_by_cluster()[cid]
        pos = self._pos
        positions = [pos[a] for a in ent.article_ids if a in pos]
        articles = RowsAt(self.article_rows(), positions)
        ents = self._entities_by_cluster()
        # Walking the entity's articles costs about 16 us an article (at 100,000
        # articles); the filters' entity-article links about 10 ms plus a little per
        # entity found, and 0.1-0.2 s more to mend them after a decision (which the
        # filters need anyway); scanning every entity 0.1-0.3 s. Scan when relinks
        # exist (mending the links then means making them all again: 2 s) or when a
        # loading thread holds the lock (it may be making them, for seconds).
        if not self._overlay.relinks and len(ent.article_ids) < 500:
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
        cooc = [(ents[c], n) for c, n in sorted(co.items(), key=lambda kv: (-kv[1], ents[kv[0]].name))]
        return EntityDetail(ent, _by_count(ent.aliases), articles, cooc, self.merged_because(cid))

    def merged_because(self, cid: int) -> list[tuple[str, str, str]]:
        """The resolver's merges in effect inside a cluster, and the curator's merges that
        joined it: the two names and the reasons, in the order of the names."""
        if self._merges_of is None:
            merges_of: dict[str, list[int]] = {}
            for i, link in enumerate(self._links):
                if link["outcome"] == "merge":
                    merges_of.setdefault(link["a"], []).append(i)
            self._merges_of = merges_of
        members = self._partition.members.get(cid, set())
        out = []
        for node in sorted(members):
            for i in self._merges_of.get(node, ()):
                link = self._links[i]
                if link["b"] in members:
                    a, b = self._nodes.get(link["a"]), self._nodes.get(link["b"])
                    if a is not None and b is not None:
                        out.append((display_name(Counter(a["forms"])), display_name(Counter(b["forms"])), "; ".join(link["reasons"])))
        for d in self._history:
            if d.op == "merge" and not d.undone:
                names = d.args.get("names", [])
                if names and all(alias_node(d.args["type"], n, _key) in members for n in names):
                    out.append((names[0], " = ".join(names[1:]), f"#{d.seq}: " + "; ".join(d.reasons or ["merged by the curator"])))
        return out

    def _cooccurring(self, cid: int, ent: Entity) -> Counter[int]:
        """Cluster -> how many of ``ent``'s articles also name it, from each article's
        names: the work grows with the entity's articles, not with all entities (a
        scan of 34,000 entities took 0.25 s for a big one). Without relinks only: they
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
        entities): mark the entity's article rows, count each entity's marked links.
        About 10 ms for most entities, 0.13 s for the one in a third of 100,000
        articles (the scan: 0.3 s)."""
        import numpy as np

        texts = self.entity_search_texts()
        which, rows = self.entity_article_pairs()
        n_rows = len(self.article_ids())
        marked = np.zeros(n_rows, dtype=bool)
        marked[positions] = True
        chosen = marked[rows]
        # An article naming an entity twice counts once (sorted, not np.unique: its hash
        # table took 0.8 s for the 660,000 links of the entity in a third of 100,000).
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

    def merge(self, entity_ids: Sequence[str], name: str | None = None, reasons: Sequence[str] = ()) -> Decision:
        """Merge entities into one; the first gives the name unless ``name`` is given."""
        ents = [self.entity_by_id(e) for e in dict.fromkeys(entity_ids)]
        if len(ents) < 2:
            raise CurationError("merge needs at least two different entities")
        types = {e.type for e in ents}
        if len(types) > 1:
            raise CurationError(f"cannot merge entities of different types ({', '.join(sorted(types))})")
        canonical = one_line(name) if name and one_line(name) else ents[0].name  # typed text: no control characters
        args = {
            "type": ents[0].type,
            "names": [self._anchor_name(e.id) for e in ents],
            "entities": [e.name for e in ents],
            "canonical": canonical,
        }
        return self._record("merge", args, reasons or ["merged by the curator"])

    def reject(self, a_id: str, b_id: str, reasons: Sequence[str] = ()) -> Decision:
        """The two entities are different and must never be merged."""
        a, b = self.entity_by_id(a_id), self.entity_by_id(b_id)
        if a.id == b.id:
            raise CurationError("an entity cannot be rejected against itself; split an alias instead")
        args = {"type": a.type, "a": self._anchor_name(a.id), "b": self._anchor_name(b.id), "entities": [a.name, b.name]}
        return self._record("reject", args, reasons or ["rejected by the curator"])

    def split(self, entity_id: str, alias: str, new_name: str | None = None) -> Decision:
        """Take one alias (with every spelling that shares its key) out into a new entity."""
        ent = self.entity_by_id(entity_id)
        if alias not in ent.aliases:
            raise CurationError(f"'{alias}' is not an alias of {ent.name} (aliases: {', '.join(sorted(ent.aliases))})")
        node = alias_node(ent.type, alias, _key)
        cid = self._cluster_of_entity(ent.id)
        if self._partition.members[cid] == {node}:
            raise CurationError(f"'{alias}' is the only name of {ent.name}; there is nothing to split")
        others = [n for n in self._partition.members[cid] if n != node]
        other_forms: Counter[str] = Counter()
        for n in others:
            other_forms.update(self._nodes.get(n, {}).get("forms", {}))
        anchor = min(other_forms, key=lambda f: (-other_forms[f], f)) if other_forms else None
        args = {"type": ent.type, "alias": alias, "entity": ent.name, "from_anchor": anchor, "new_name": new_name}
        return self._record("split", args, [f"'{alias}' split out of {ent.name} by the curator"])

    def rename(self, entity_id: str, name: str) -> Decision:
        ent = self.entity_by_id(entity_id)
        name = one_line(name)
        if not name:
            raise CurationError("the new name is empty")
        args = {"type": ent.type, "anchor": self._anchor_name(ent.id), "old": ent.name, "name": name}
        return self._record("rename", args)

    # -- suggestions ---------------------------------------------------------------
    def suggestions(self) -> list[MergeSuggestion]:
        """Open merge suggestions between different entities, most impactful first
        (after a decision, only those of the entities it touched are worked out again)."""
        with self._lock:
            ents = self._entities_by_cluster()  # loads the entity state
            assert self._open is not None
            return self._open.current(ents, self._partition)

    def suggestion_view(self, suggestion: MergeSuggestion) -> SuggestionView:
        # Not ``entity()``: its article rows and co-occurring entities took 0.3-0.9 s
        # for a big entity at 100,000 articles, and a suggestion shows neither.
        a, b = self.entity_by_id(suggestion.a), self.entity_by_id(suggestion.b)
        return SuggestionView(suggestion, _by_count(a.aliases), _by_count(b.aliases), self._context(a), self._context(b))

    def _context(self, ent: Entity) -> Context | None:
        """A sentence from an article that mentions the entity, with outlet and date."""
        for art_id in ent.article_ids[:5]:
            if art_id not in self._pos:
                continue
            body = self.store.article_text(art_id)
            title = self._value(art_id, "title") or ""
            for form in sorted(ent.aliases, key=lambda f: -ent.aliases[f]):
                text = body  # a name found only in the title (its mentions are there too) shows the title
                pos = text.find(form)
                if pos < 0:
                    text = title
                    pos = text.find(form)
                if pos < 0:
                    continue
                start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
                ends = [i for i in (text.find(".", pos + len(form)), text.find("\n", pos + len(form))) if i >= 0]
                end = min(ends) + 1 if ends else len(text)
                sentence = one_line(text[start:end], 240)
                return Context(
                    sentence,
                    art_id,
                    self._value(art_id, "outlet") or "",
                    self._value(art_id, "published") or "",
                )
        return None

    # -- bulk work -----------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        fields: tuple[tuple[str, str], ...] = (),
    ) -> Any:
        """``fields``: the mapping of records' fields (see ``curator.ingest.records``)."""
        from curator.ingest import ingest_paths

        report = ingest_paths(self.store, list(paths), progress=progress, cancelled=cancelled, fields=fields)
        self.reload()
        return report

    def resolve(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Any:
        from curator.resolve.pipeline import resolve_store

        # Mentions, resolution and entity counts become visible together, or not at all.
        with self.store.transaction():
            report = resolve_store(self.store, progress=progress, cancelled=cancelled)
        self.reload()
        return report

    def stats(self) -> Stats:
        ents = self._entities_by_cluster().values()  # loads the entity state
        by_type = Counter(e.type for e in ents)
        rows = self.article_rows()
        codes = Counter(rows.status_codes().tolist())
        by_status = {ARTICLE_STATUSES[code]: n for code, n in codes.items()}
        mentions = sum(sum(n["forms"].values()) for n in self._nodes.values())
        return Stats(
            articles=len(rows),
            duplicates=int(self._listing.duplicate.sum()),
            entities={t: by_type.get(t, 0) for t in ("organization", "person", "event")},
            mentions=mentions,
            pending_reviews=len(self.suggestions()),
            decisions=sum(1 for d in self._history if not d.undone),
            by_status=by_status,
        )

    # -- export ------------------------------------------------------------------------
    def export(self, path: Path | str | None = None, progress: Progress | None = None) -> bytes | None:
        """The export written to ``path`` (a file, a device or ``-``; see ``export_target``),
        or its bytes when ``path`` is None."""
        from curator.export import export_workspace

        return export_workspace(self, path, progress=progress)

    def resolver_merges(self) -> list[dict[str, Any]]:
        """The resolver's automatic merges that are in effect, for the history export."""
        self.load_entities()
        return list(resolver_merge_records(self._links, self._nodes, self._partition))

    @property
    def resolved_at(self) -> str | None:
        self.load_entities()
        return self._resolved_at

    def iter_export_articles(self) -> Iterator[ArticleView]:
        """Every article as the curator sees it, in storage order (shard by shard: the
        archive is never all in memory); the export sorts them for the file."""
        for art, mentions in self.store.iter_articles_with_mentions():
            yield self._view(art, mentions)


def _entity_order(e: Entity) -> tuple[int, str, str, str]:
    """Most mentioned first, then by type, name and id (ids are unique: no ties)."""
    return (-len(e.article_ids), e.type, e.name, e.id)


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str) -> str:
    from datetime import date

    value = value.strip()
    if not _DATE.match(value):
        # Typed as Vietnamese pages write it: 27/07/2023, 27-7-2023, 27.7.2023, "ngày 27 tháng 7 năm 2023".
        from curator.ingest.dates import full_dates

        found = full_dates(value, "lead")
        if len(found) == 1 and found[0].raw == value and found[0].iso:
            return found[0].iso
        raise CurationError(f"'{value}' is not a date: use YYYY-MM-DD or DD/MM/YYYY, YYYY-MM or YYYY")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise CurationError(f"'{value}' is not a valid date ({exc})") from None
    return value
