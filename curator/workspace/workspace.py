"""The one object the CLI and the app both talk to: :class:`Workspace`.

A :class:`Workspace` opens a database folder, loads articles' metadata, the
resolver's alias nodes and links, and the curator's history, and keeps the
current entity partition in memory. Every curation method saves a
:class:`~curator.models.Decision` durably *before* changing anything in memory:
if the save fails, the method raises :class:`~curator.store.SaveFailed` and the
workspace is exactly as before.

It is a facade: it holds the store, the lock (one lock guards every change of
state) and that invariant, and hands each request to the part that owns it, each
an object of its own module with its own rule for its caches:

- ``History`` (``history``): the decisions as saved and the article overlay;
- ``CurationLog`` (``curation_log``): record, undo, redo, the commands; the only
  part that changes the others; ``Batches`` (``batches``): several at once;
- ``ArticleCatalog`` (``catalog``, ``rows``): the article list and its counts;
- ``EntityBook`` (``entity_book``): entities from the partition, order, lookups;
- ``EntityFilters`` (``filters``): name indexes and entity-article links;
- ``Cooccurrence`` (``cooccurrence``): the entity detail;
- ``ReadModels`` (``views``): the article and suggestion views;
- ``Counts`` (``counts``): every count shown; ``AutomaticMerges``
  (``automatic_merges``): the resolver's merges by rule.

``reload`` makes all of them anew from the files: nothing made for the old state
survives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from curator.models import Decision, Entity, MergeSuggestion
from curator.store import Store
from curator.store.backups import take_backup
from curator.store.listing import Listing
from curator.text_index import TextIndex
from curator.workspace.automatic_merges import AutomaticMerges, MergeRule
from curator.workspace.batches import Batches
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.cooccurrence import Cooccurrence
from curator.workspace.counts import Counts, ResolutionCounts, ReviewProgress
from curator.workspace.curation_log import CurationLog
from curator.workspace.entity_book import EntityBook
from curator.workspace.filters import EntityFilters
from curator.workspace.history import History
from curator.workspace.rows import ArticleRows
from curator.workspace.views import ArticleView, EntityDetail, ReadModels, Stats, SuggestionView
from curator.yielding import NO_PACE, Pace

Progress = Callable[[int, int, str], None]


class Workspace:
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
        # ``pace``: how long loops step aside for the caller's UI (the store and every
        # part are given it; the default never steps aside).
        self.store = Store(db, write=write, command=command, create=create, pace=pace)
        self._pace = pace
        self._lock = pace.lock()  # a loading thread steps aside at checkpoints unless the UI waits for this
        self._closed = False
        try:
            self.reload()
        except BaseException:
            self.store.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def reload(self) -> None:
        """(Re)read the index and history from disk; entity state reloads on demand."""
        with self._lock:
            lock, store = self._lock, self.store
            # The list's columns, read without parsing: ids, titles... decoded when asked for.
            listing = store.article_listing()
            history = History(store.history())
            book = EntityBook(store, lock, history, lambda ids, rebuilt: catalog.counts_changed(ids, rebuilt))
            catalog = ArticleCatalog(listing, lock, history, book)
            filters = EntityFilters(lock, self._pace, book, catalog, history)
            self._book, self._catalog, self._filters = book, catalog, filters
            self._log = CurationLog(store, lock, history, book, catalog)
            self._batches = Batches(lock, self._log, book, catalog)
            self._views = ReadModels(store, history, book, catalog)
            self._cooccurrence = Cooccurrence(lock, history, book, catalog, filters)
            self._counts = Counts(history, book, catalog)
            self._automatic = AutomaticMerges(lock, book)

    def preload_articles(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Read every article's text and mentions ahead, as bytes (for a background
        thread), so that opening an article reads no file."""
        self.store.warm_shards(cancelled)

    def load_entities(self) -> None:
        """Load aliases, links and the curated partition (idempotent)."""
        self._book.load()

    @property
    def entities_loaded(self) -> bool:
        return self._book.ready

    def close(self) -> None:
        if self.store.write and not self._closed:
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
            yield self._views.view(art, mentions)

    # -- decisions (curation_log, batches) -----------------------------------------------
    def history(self) -> list[Decision]:
        return self._log.history()

    def batch_of(self, decision: Decision) -> list[Decision]:
        return self._log.batch_of(decision)

    def undo(self) -> Decision | None:
        return self._log.undo()

    def redoable(self) -> list[Decision]:
        return self._log.redoable()

    def redo(self) -> Decision | None:
        return self._log.redo()

    def edit_field(self, article_id: str, field_name: str, value: str | None) -> Decision:
        return self._log.edit_field(article_id, field_name, value)

    def set_status(self, article_id: str, status: str, duplicate_of: str | None = None) -> Decision:
        return self._log.set_status(article_id, status, duplicate_of)

    def accept_mention(self, article_id: str, start: int, end: int, field: str = "text") -> Decision:
        return self._log.accept_mention(article_id, start, end, field)

    def relink_mention(self, article_id: str, start: int, end: int, entity_id: str | None, field: str = "text") -> Decision:
        return self._log.relink_mention(article_id, start, end, entity_id, field)

    def merge(self, entity_ids: Sequence[str], name: str | None = None, reasons: Sequence[str] = ()) -> Decision:
        return self._log.merge(entity_ids, name, reasons)

    def reject(self, a_id: str, b_id: str, reasons: Sequence[str] = ()) -> Decision:
        return self._log.reject(a_id, b_id, reasons)

    def split(self, entity_id: str, alias: str, new_name: str | None = None) -> Decision:
        return self._log.split(entity_id, alias, new_name)

    def rename(self, entity_id: str, name: str) -> Decision:
        return self._log.rename(entity_id, name)

    def merge_pairs(self, pairs: Sequence[tuple[str, str, Sequence[str]]], progress: Progress | None = None) -> list[Decision]:
        return self._batches.merge_pairs(pairs, progress)

    def reject_pairs(self, pairs: Sequence[tuple[str, str]], progress: Progress | None = None) -> list[Decision]:
        return self._batches.reject_pairs(pairs, progress)

    def set_statuses(self, article_ids: Sequence[str], status: str, progress: Progress | None = None) -> list[Decision]:
        return self._batches.set_statuses(article_ids, status, progress)

    # -- articles (catalog, views) ---------------------------------------------------------
    @property
    def listing(self) -> Listing:
        """The article index's columns, as read at open (see ``store.listing``)."""
        return self._catalog.listing

    def article_ids(self) -> list[str]:
        return self._catalog.article_ids()

    def index_articles(self) -> None:
        self._catalog.index_articles()

    def prepare_search(self) -> None:
        self._catalog.prepare_search()

    def article_rows(self) -> ArticleRows:
        return self._catalog.article_rows()

    def article(self, article_id: str, wait: bool = True) -> ArticleView:
        return self._views.article(article_id, wait)

    # -- entities (entity_book, cooccurrence, filters) --------------------------------------
    def entities(self) -> list[Entity]:
        return self._book.entities()

    def entity(self, entity_id: str) -> EntityDetail:
        return self._cooccurrence.entity(entity_id)

    def entity_by_id(self, entity_id: str) -> Entity:
        return self._book.entity_by_id(entity_id)

    def find_entity(self, ref: str) -> Entity:
        """An entity by id, exact name, alias, comparison key, or the name proper of a
        reference typed with a title or a parent body (CLI convenience; see ``lookup_entity``)."""
        return self._book.lookup_entity(ref)[0]

    def lookup_entity(self, ref: str) -> tuple[Entity, str]:
        return self._book.lookup_entity(ref)

    def merged_name(self, entity_ids: list[str]) -> str:
        return self._book.merged_name(entity_ids)

    def entity_named(self, name: str, besides: str | None = None) -> Entity | None:
        return self._book.entity_named(name, besides)

    def separated(self, a_id: str, b_id: str) -> bool:
        return self._book.separated(a_id, b_id)

    def entity_for_name(self, type_: str, name: str) -> Entity | None:
        return self._book.entity_for_name(type_, name)

    def resolver_merges(self) -> list[dict[str, Any]]:
        return self._automatic.resolver_merges()

    @property
    def resolved_at(self) -> str | None:
        return self._book.resolved_at

    def entity_search_texts(self) -> list[tuple[Entity, str]]:
        return self._filters.entity_search_texts()

    def entity_filters_ready(self) -> bool:
        return self._filters.ready()

    def entity_text_index(self) -> TextIndex:
        return self._filters.entity_text_index()

    def entity_article_pairs(self) -> tuple[Any, Any]:
        return self._filters.entity_article_pairs()

    def articles_mentioning(self, query: str) -> set[str]:
        return self._filters.articles_mentioning(query)

    # -- review (suggestions, automatic merges, counts) ---------------------------------------
    def suggestions(self) -> list[MergeSuggestion]:
        return self._book.suggestions()

    def suggestion_view(self, suggestion: MergeSuggestion) -> SuggestionView:
        return self._views.suggestion_view(suggestion)

    def automatic_merges(self) -> list[MergeRule]:
        return self._automatic.automatic_merges()

    def to_review(self) -> int:
        return self._counts.to_review()

    def review_progress(self, skipped: Iterable[tuple[str, str]] = ()) -> ReviewProgress:
        return self._counts.review_progress(skipped)

    def resolution_counts(self, report: Any) -> ResolutionCounts:
        return self._counts.resolution_counts(report)

    def stats(self) -> Stats:
        return self._counts.stats()
