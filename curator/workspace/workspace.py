"""The one object the CLI and the app both talk to: :class:`Workspace`.

A :class:`Workspace` opens a database folder, loads articles' metadata, the
resolver's alias nodes and links, and the curator's history, and keeps the
current entity partition in memory. Every curation method saves a
:class:`~curator.models.Decision` durably *before* changing anything in memory:
if the save fails, the method raises :class:`~curator.store.SaveFailed` and the
workspace is exactly as before.

The workspace holds the store, the lock (one lock guards every change of state)
and that invariant; each responsibility is a class of its own module, which
states the rule for its caches: ``curation_log`` (record, undo, redo, the
commands), ``batches`` (several decisions saved and undone as one), ``catalog``
and ``rows`` (the article list, article views),
``entity_book`` (entities from the partition, order, lookups, relinks),
``filters`` (name indexes, entity-article links, the article list's mask),
``cooccurrence`` (the entity detail), ``views`` (read models, suggestions) and
``counts`` (every count shown, defined once). The one state they share is
``_overlay``, the curator's article decisions (edits, statuses, accepted and relinked mentions): made from the
history at ``reload`` and ``_rebuild``, and changed by ``_record`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from curator.curation.decisions import ENTITY_OPS, ArticleOverlay, apply_article_op
from curator.curation.partition import Partition, Saved
from curator.curation.suggestions import OpenSuggestions
from curator.models import Decision, Entity
from curator.store import Store
from curator.store.backups import take_backup
from curator.text_index import TextIndex
from curator.yielding import NO_PACE, Pace
from curator.workspace.automatic_merges import AutomaticMerges
from curator.workspace.batches import Batches
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.cooccurrence import Cooccurrence
from curator.workspace.counts import Counts
from curator.workspace.curation_log import CurationLog
from curator.workspace.entity_book import EntityBook
from curator.workspace.filters import EntityFilters
from curator.workspace.keys import _key
from curator.workspace.rows import ArticleRows
from curator.workspace.views import ArticleView, ReadModels

Progress = Callable[[int, int, str], None]


class Workspace(Batches, CurationLog, ArticleCatalog, EntityBook, EntityFilters, Cooccurrence, ReadModels, AutomaticMerges, Counts):
    """Open database + in-memory curated state. Use as a context manager.

    Opening reads only the article index and the curator's history, so the
    article list is ready at once even for 100,000 articles. The entity state
    (aliases, links, the partition) loads on first use, or ahead of time with
    :meth:`load_entities` (the app does that in a worker). Methods are
    thread-safe: one lock guards every change of state.
    """

    def __init__(
        self, db: Path | str | None = None, *, write: bool = True, command: str = "curator", create: bool = True,
        pace: Pace = NO_PACE,
    ) -> None:
        # ``create``: may make a new database (writable, in a new or empty folder only).
        # ``pace``: how loading steps aside for the caller's UI (given to the store too).
        self._pace = pace
        self.store = Store(db, write=write, command=command, create=create, pace=pace)
        self._lock = pace.lock()  # a loading thread steps aside at checkpoints unless the UI waits for this
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

    def iter_export_articles(self) -> Iterator[ArticleView]:
        """Every article as the curator sees it, in storage order (shard by shard: the
        archive is never all in memory); the export sorts them for the file."""
        for art, mentions in self.store.iter_articles_with_mentions():
            yield self._view(art, mentions)
