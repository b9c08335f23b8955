"""The article list's rows, made when first read.

Cache rule: :class:`ArticleRows` keeps each row it made (``_made``) for the life of
the list, and the catalog mends a row in place (``refresh``, ``recount``) when a
decision touches its article; a reload makes a new list. Everything else
(statuses, counts, edits) is asked of the :class:`RowSource` each time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, overload

import numpy as np

from curator.models import ARTICLE_STATUSES
from curator.store.listing import Listing


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


class RowSource(Protocol):
    """What the rows are made from (the workspace's article catalog)."""

    @property
    def listing(self) -> Listing: ...

    def article_row(self, i: int, previous: ArticleRow | None = None) -> ArticleRow: ...

    def entity_count(self, article_id: str, i: int) -> int: ...

    def edited_fields(self) -> Mapping[str, Mapping[str, str | None]]: ...

    def curated_statuses(self) -> Mapping[str, str]: ...

    def entity_count_changes(self) -> Mapping[str, int]: ...


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
        value = self._rows.listing.value
        return [value("id", p) for p in self._positions]  # type: ignore[misc]


class ArticleRows(Sequence[ArticleRow]):
    """Every article's row, made when first read, in index order (see
    :meth:`Workspace.article_rows`).

    Most rows are never shown, so none is made before it is read. What the list
    needs of every row at once comes as numpy arrays instead: :meth:`search` (which rows hold some words), :meth:`status_codes`,
    :meth:`counts` and :meth:`sort_order`.
    """

    def __init__(self, source: RowSource) -> None:
        self._source = source
        self._listing = source.listing
        self._made: dict[int, ArticleRow] = {}
        # Search text of the rows whose title, author or outlet the curator edited
        # (their folded text in the index is the extractor's): made at the first search.
        self._edited: dict[int, str] | None = None

    @property
    def listing(self) -> Listing:
        """The index's columns the rows are made from."""
        return self._listing

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
            row = self._made.setdefault(i, self._source.article_row(i))
        return row

    def position(self, article_id: str) -> int | None:
        """Where the article with this id is (None: no such article)."""
        return self._listing.position(article_id)

    def refresh(self, i: int) -> None:
        """The article at ``i`` changed: update its row object in place, if made."""
        row = self._made.get(i)
        if row is not None:
            new = self._source.article_row(i, previous=row)
            for name in ArticleRow.__slots__:
                setattr(row, name, getattr(new, name))
        if self._edited is not None:
            art_id = self._listing.value("id", i)
            if art_id in self._source.edited_fields():
                self._edited[i] = self[i].search
            else:
                self._edited.pop(i, None)

    def recount(self, i: int) -> None:
        """The article at ``i`` may mention a different number of entities now."""
        row = self._made.get(i)
        if row is not None:
            row.entity_count = self._source.entity_count(row.id, i)

    def _edited_search(self) -> dict[int, str]:
        if self._edited is None:
            pos = self._listing.positions()
            at = [pos[a] for a in self._source.edited_fields() if a in pos]
            self._edited = {i: self[i].search for i in at}
        return self._edited

    def search(self, tokens: Sequence[str]) -> np.ndarray:
        """A bool array: which rows' folded title, author and outlet hold every token."""
        found = self._listing.search_index().contains_all(tokens)
        for i, text in self._edited_search().items():
            found[i] = all(t in text for t in tokens)
        return found

    def missing(self, name: str) -> np.ndarray:
        """A bool array: which rows have no value for the index column ``name`` (title,
        published, author, outlet) as curated: an edit that cleared it counts."""
        empty = self._listing.empty(name)
        edited = self._source.edited_fields()
        if edited:
            pos = self._listing.positions()
            for art_id, fields in edited.items():
                if name in fields and art_id in pos:
                    empty[pos[art_id]] = not (fields[name] or "").strip()
        return empty

    def titles_with_phrase(self, phrase: str) -> np.ndarray:
        """A bool array: which rows' curated title holds ``phrase`` as written (see
        ``article_query.phrase_pattern``). Only rows whose folded text holds every
        word of it are tested."""
        from curator.workspace.article_query import phrase_pattern
        from curator.workspace.keys import _fold

        found = self.search(_fold(phrase).split())
        pattern = phrase_pattern(phrase)
        edited = self._source.edited_fields()
        value = self._listing.value
        for i in np.flatnonzero(found).tolist():
            fields = edited.get(value("id", i) or "") if edited else None
            title = fields["title"] if fields and "title" in fields else value("title", i)
            found[i] = bool(title and pattern.search(title))
        return found

    def status_codes(self) -> np.ndarray:
        """Each row's status as its place in ``ARTICLE_STATUSES`` (int8)."""
        codes = np.where(self._listing.duplicate, ARTICLE_STATUSES.index("duplicate"), ARTICLE_STATUSES.index("new")).astype(np.int8)
        statuses = self._source.curated_statuses()
        if statuses:
            pos = self._listing.positions()
            for art_id, status in statuses.items():
                if art_id in pos and status in ARTICLE_STATUSES:
                    codes[pos[art_id]] = ARTICLE_STATUSES.index(status)
        return codes

    def counts(self) -> np.ndarray:
        """Each row's entity count (int32)."""
        counts = np.maximum(self._listing.entity_counts, 0)
        recounted = self._source.entity_count_changes()
        if recounted:
            pos = self._listing.positions()
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
        edited = self._source.edited_fields()
        pos = self._listing.positions() if edited else {}
        for art_id in edited:
            if art_id in pos:
                row = self[pos[art_id]]
                values[pos[art_id]] = row.search if name == "search" else getattr(row, name)
        if column == "outlet":
            values = [v.lower() if v else "" for v in values]
        else:
            values = [v or "" for v in values]
        return np.array(sorted(range(len(values)), key=values.__getitem__, reverse=reverse), dtype=np.int64)
