"""The article catalog: the article list's rows, each article's curated values, and
each article's entity count under the curated partition.

Owns the listing (the index's columns, read at open), the rows (made at the first
``article_rows``), the entity counts where the curator's decisions changed them,
and the articles to count again at the next rebuild.

Cache rule: nothing here is dropped after a decision; the articles a decision
touched are counted again and their rows mended in place (``refresh_rows``), so a
view holding a row sees the change. A reload makes a new catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import numpy as np

from curator.models import Article
from curator.store.listing import Listing
from curator.workspace.entity_book import EntityBook
from curator.workspace.history import History
from curator.workspace.keys import _fold
from curator.workspace.rows import ArticleRow, ArticleRows
from curator.yielding import WatchedLock


class ArticleCatalog:
    """The articles as the curator sees them (see the module docstring)."""

    def __init__(self, listing: Listing, lock: WatchedLock, history: History, book: EntityBook) -> None:
        self.listing = listing
        self._lock = lock
        self._history = history
        self._book = book  # counts each article's entities, once loaded
        self._rows: ArticleRows | None = None
        self._counts: dict[str, int] = {}  # article id -> entity count, where decisions changed it
        self._pending: set[str] = set()  # articles to count again at the next rebuild
        # While a batch is applied: the rows to redraw at its end, each once ({id: text}).
        self._rows_deferred: dict[str, bool] | None = None

    # -- articles ----------------------------------------------------------------
    def article_ids(self) -> list[str]:
        return list(self.listing.ids())

    def positions(self) -> dict[str, int]:
        """Article id -> row in the index (built at the first use; see ``index_articles``)."""
        return self.listing.positions()

    def index_articles(self) -> None:
        """Build the article id -> row map now (for a background thread at start) rather
        than at the first filter or decision that needs it (it grows with the archive)."""
        self.listing.positions()

    def prepare_search(self) -> None:
        """Do the article filter's one-time work now (for a background thread at start)."""
        self.listing.search_index().prepare()

    def has_article(self, art_id: str) -> bool:
        return self.listing.position(art_id) is not None

    def edited_fields(self) -> Mapping[str, Mapping[str, str | None]]:
        """Article id -> the fields the curator edited and their values."""
        return self._history.overlay.fields

    def curated_statuses(self) -> Mapping[str, str]:
        """Article id -> the status the curator set."""
        return self._history.overlay.status

    def entity_count_changes(self) -> Mapping[str, int]:
        """Article id -> its entity count, where the curator's decisions changed it."""
        return self._counts

    def _position(self, art_id: str) -> int:
        """The row of one article (KeyError if there is none), without building the id map."""
        i = self.listing.position(art_id)
        if i is None:
            raise KeyError(art_id)
        return i

    def value(self, art_id: str, name: str) -> str | None:
        """A field of the article's index row, as curated."""
        edits = self._history.overlay.fields.get(art_id)
        if edits and name in edits:
            return edits[name]
        return self.listing.value(name, self._position(art_id))

    def status(self, art_id: str, i: int | None = None) -> str:
        status = self._history.overlay.status.get(art_id)
        if status:
            return status
        return "duplicate" if self.listing.duplicate[self._position(art_id) if i is None else i] else "new"

    def duplicate_of(self, article: Article) -> str | None:
        """The article ``article`` copies: the one the curator named, else the ingest's."""
        return self._history.overlay.original_of(article.id, article.duplicate_of)

    def entity_count(self, art_id: str, i: int) -> int:
        """How many entities the article at index position ``i`` names, as curated."""
        count = self._counts.get(art_id)
        if count is None:
            count = max(0, int(self.listing.entity_counts[i]))
        return count

    def article_row(self, i: int, previous: ArticleRow | None = None) -> ArticleRow:
        """The row at index position ``i`` as the curator sees it (edits, status, count)."""
        listing = self.listing
        overlay = self._history.overlay
        art_id: str = listing.value("id", i)  # type: ignore[assignment]
        edits = overlay.fields.get(art_id) or {}

        def value(name: str) -> str:
            return (edits[name] if name in edits else listing.value(name, i)) or ""

        title, author, outlet = value("title"), value("author"), value("outlet")
        if previous is not None and (previous.title, previous.author, previous.outlet) == (title, author, outlet):
            folded = previous.search  # the text is unchanged (a merge changes counts): not folded again
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
            status=self.status(art_id, i),
            entity_count=self.entity_count(art_id, i),
            duplicate_of=overlay.original_of(art_id, listing.value("duplicate_of", i)),
            source_file=listing.value("source_file", i) or "",
            search=folded,
        )

    def article_rows(self) -> ArticleRows:
        """Every article as the table shows it, in ingest order: a sequence whose rows
        are made when first read (only the rows shown are ever made), with what the
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

    # -- changes (told by the curation log and the entity book) ------------------------
    @contextmanager
    def rows_once(self) -> Iterator[None]:
        """Redraw each article row a batch (or its undo) touches once, at its end, not once per decision
        (a merge touches hundreds of rows; a batch, the same ones again and again)."""
        if self._rows_deferred is not None:  # already inside one
            yield
            return
        deferred: dict[str, bool] = {}
        self._rows_deferred = deferred
        try:
            yield
        finally:
            self._rows_deferred = None
            self.refresh_rows([a for a, text in deferred.items() if text])
            self.refresh_rows([a for a, text in deferred.items() if not text], text=False)

    def refresh_rows(self, article_ids: Iterable[str], text: bool = True) -> None:
        """Recount and redraw the rows of these articles (in place); ``text=False``:
        only their entity counts may have changed (an entity decision)."""
        deferred = self._rows_deferred
        if deferred is not None:
            for art_id in article_ids:
                deferred[art_id] = text or deferred.get(art_id, False)
            return
        pos = self.listing.positions()
        rows = self._rows
        book = self._book
        counting = book.loaded
        for art_id in article_ids:
            i = pos.get(art_id)
            if i is None:
                continue
            if counting:
                self._counts[art_id] = book.count_entities(art_id)
            if rows is not None:
                if text:
                    rows.refresh(i)
                else:
                    rows.recount(i)

    def counts_changed(self, article_ids: Iterable[str], rebuilt: bool) -> None:
        """The entity book's notice: these articles' entity counts may have changed.
        ``rebuilt`` (a new partition): the articles noted by ``count_later`` and those the
        index never counted are counted too."""
        if not rebuilt:
            self.refresh_rows(article_ids, text=False)
            return
        affected = set(article_ids) | self._pending
        self._pending = set()
        uncounted = np.flatnonzero(self.listing.entity_counts < 0).tolist()
        if uncounted:  # an index written before any resolve
            ids = self.listing.ids()
            affected.update(ids[i] for i in uncounted if ids[i] not in self._counts)
        self.refresh_rows(affected)

    def count_later(self, article_ids: Iterable[str]) -> None:
        """Count these articles again at the next rebuild (a decision about to be undone)."""
        self._pending.update(article_ids)

    def recount_pending(self) -> None:
        """Redraw the rows noted by ``count_later`` now (a rebuild that keeps the partition)."""
        pending, self._pending = self._pending, set()
        if self._rows is not None:
            self.refresh_rows(pending)
