"""The article index, ``index.json``, and the source files ingested, ``files.json``.

``index.json``, table ``columns``: one document holding the list's columns
(``INDEX_COLUMNS``, plus ``search``: each row's title, author and outlet folded,
and ``entity_count``: article id -> entities, as of the last resolve), one value
per article in ingest order. Its header carries a ``listing`` token, new at every
write: ``index.listing.npz`` (``listing.py``) is the same columns as numpy arrays,
a cache that is used only when it carries the same token, and is built again
otherwise.

``files.json``, table ``files``: one document per source file ingested
(``source_file``, ``sha256``, ``article_ids``, ``ingested_at``, ...), keyed by
``file_record_key``: an ingest that meets a known file skips it.

``save_articles`` writes the three together (texts, files, index), in one commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from curator.models import Article, file_record_key
from curator.store.errors import SaveFailed
from curator.store.byte_layout import index_token
from curator.store.listing import LISTING_FILE, Listing
from curator.store.shards import shard_of

INDEX_COLUMNS = ("id", "source_file", "file_index", "published", "title", "author", "outlet", "duplicate_of", "content_hash")
# Derived column: title, author and outlet folded (no marks, lower case) for the
# list's filter. Folding 100,000 rows takes seconds, so it is done once, when the
# rows are written (or at the first writable open of an index written without it).
SEARCH_COLUMN = "search"


def search_texts(titles: Iterable[str | None], authors: Iterable[str | None], outlets: Iterable[str | None]) -> list[str]:
    """The folded filter text of each row: title, author and outlet, accents optional."""
    from curator.resolve.keys import fold

    own = [
        " ".join((t or "", a or "", o or "")).replace("\n", " ")
        for t, a, o in zip(titles, authors, outlets)
    ]
    # One fold over the whole column: far cheaper than one call per row.
    return fold("\n".join(own)).split("\n") if own else []


class ArticleIndex:
    """The store's reading and writing of the index and the file records (part of ``Store``)."""

    # -- archive -------------------------------------------------------------
    def files(self) -> dict[str, dict[str, Any]]:
        """Ingested source files: their key (``file_record_key``) -> {source_file, sha256, article_ids, ...}."""
        return {file_record_key(doc): dict(doc) for doc in self._rows(self.files_db, "files")}

    def article_index(self) -> dict[str, list[Any]]:
        """The list view of every article as columns (see ``INDEX_COLUMNS``), in ingest order.

        Also ``entity_count``: article id -> number of entities, as of the last resolve,
        and ``search`` (``SEARCH_COLUMN``): each row's folded title, author and outlet.
        An index written before ``search`` existed gets it computed here, and saved
        when the store is writable, so only the first open pays for it.
        """
        rows = self._rows(self.index_db, "columns")
        cols: dict[str, Any] = dict(rows[0]) if rows else {}
        for name in INDEX_COLUMNS:
            cols.setdefault(name, [])
        cols.setdefault("entity_count", {})
        search = cols.get(SEARCH_COLUMN)
        if not isinstance(search, list) or len(search) != len(cols["id"]):
            cols[SEARCH_COLUMN] = search_texts(cols["title"], cols["author"], cols["outlet"])
            if self.write and cols["id"]:
                try:
                    self._replace("index.json", {"columns": [cols]})
                except SaveFailed:
                    pass  # a cache only: computed again next time
        return cols

    def article_listing(self, columns: tuple[str, ...] | None = None) -> Listing:
        """The article index as a :class:`Listing`: from ``index.listing.npz`` when it
        was written with the index as it is (no parsing, milliseconds at 100,000
        articles), else built from ``index.json`` and, in a writable store, saved.

        ``columns``: a reader needing only these text columns (with ``id`` and
        ``duplicate_of``) gets a listing of them alone, not kept by the store."""
        listing = self._listing
        if listing is not None:
            return listing
        if columns is not None:
            index_path = self._path("index.json")
            token = index_token(index_path) if index_path is not None else None
            found = Listing.read(self.root / LISTING_FILE, token, columns, self.pace) if token is not None else None
            if found is not None:
                return found
        index_path = self._path("index.json")
        token = index_token(index_path) if index_path is not None else None
        if token is not None:
            listing = Listing.read(self.root / LISTING_FILE, token, pace=self.pace)
        if listing is None:
            cols = self.article_index()
            listing = Listing.from_columns(cols, self.pace)
            if self.write and cols["id"]:
                try:
                    if token is None:  # an index from before listings: give it a token
                        token = self._replace("index.json", {"columns": [cols]}, keep=True)
                    listing.write(self.root / LISTING_FILE, token)
                except SaveFailed:
                    pass  # a cache only: built again next time
        self._listing = listing
        self._listing_due = False
        return listing

    def article_count(self) -> int:
        if self._listing is not None:
            return len(self._listing)
        return len(self.article_index()["id"])

    def save_articles(
        self,
        articles: Iterable[Article],
        files: Iterable[dict[str, Any]] = (),
        remove_ids: Iterable[str] = (),
    ) -> None:
        """Insert or replace articles (by id) and file records, in one pass and one
        commit (or as part of the open ``transaction``).

        Each touched file is written once per call; call in batches. An article
        whose text changed loses its stored mentions in the same commit: their
        offsets point into the old text (the next resolve finds them again).
        """
        with self.transaction():
            self._save_articles(articles, files, remove_ids)

    def _save_articles(
        self,
        articles: Iterable[Article],
        files: Iterable[dict[str, Any]],
        remove_ids: Iterable[str],
    ) -> None:
        articles = list(articles)
        new_ids = {a.id for a in articles}
        removed = set(remove_ids) - new_ids
        by_shard: dict[str, dict[str, dict[str, Any] | None]] = {}
        for art in articles:
            by_shard.setdefault(shard_of(art.id), {})[art.id] = art.to_dict()
        for art_id in removed:
            by_shard.setdefault(shard_of(art_id), {})[art_id] = None
        changed: set[str] = set()
        for shard, docs in by_shard.items():
            changed |= self._save_text_shard(shard, docs)
        self._drop_mentions(changed | removed)
        files = list(files)
        if files:
            # A record replaces the one of the same file, and the older-format record it takes over.
            names = {file_record_key(f) for f in files} | {f["replaces"] for f in files if f.get("replaces")}
            rows = [d for d in self._rows(self.files_db, "files") if file_record_key(d) not in names]
            rows.extend(files)
            self._replace("files.json", {"files": rows}, keep=True)
        # Copies: the cached columns must not change unless the new index is saved.
        cols = {k: list(v) if isinstance(v, list) else v for k, v in self.article_index().items()}
        position = {art_id: i for i, art_id in enumerate(cols["id"])}
        for art in articles:
            values = {
                "id": art.id,
                "source_file": art.source_file,
                "file_index": art.file_index,
                "published": art.published.value,
                "title": art.title.value,
                "author": art.author.value,
                "outlet": art.outlet.value,
                "duplicate_of": art.duplicate_of,
                "content_hash": art.content_hash,
            }
            i = position.get(art.id)
            if i is None:
                position[art.id] = len(cols["id"])
                for name in INDEX_COLUMNS:
                    cols[name].append(values[name])
                cols[SEARCH_COLUMN].append("")
            else:
                for name in INDEX_COLUMNS:
                    cols[name][i] = values[name]
        if articles:
            at = [position[art.id] for art in articles]
            folded = search_texts(
                (cols["title"][i] for i in at), (cols["author"][i] for i in at), (cols["outlet"][i] for i in at)
            )
            for i, text in zip(at, folded):
                cols[SEARCH_COLUMN][i] = text
        if removed:
            keep_rows = [i for i, art_id in enumerate(cols["id"]) if art_id not in removed]
            for name in (*INDEX_COLUMNS, SEARCH_COLUMN):
                cols[name] = [cols[name][i] for i in keep_rows]
        if removed or changed:
            stale = removed | changed
            cols["entity_count"] = {k: v for k, v in cols["entity_count"].items() if k not in stale}
        self._replace("index.json", {"columns": [cols]}, keep=True)

    def save_entity_counts(self, counts: dict[str, int]) -> None:
        """Store each article's entity count (after a resolve) in the index."""
        cols = dict(self.article_index())
        cols["entity_count"] = counts
        self._replace("index.json", {"columns": [cols]}, keep=True)
