"""The article catalog: the article list's rows, one article as the curator sees it,
and each article's entity count under the curated partition.

Owns ``_listing`` (the index's columns, read at open), ``_rows`` (the list, made at
the first ``article_rows``), ``_counts`` (article id -> entity count, where the
curator's decisions changed it) and ``_counts_pending`` (articles to count again at
the next rebuild).

Cache rule: nothing here is dropped after a decision; the articles a decision
touched are counted again and their rows mended in place (``_refresh_rows``), so
a view holding a row sees the change. Only ``reload`` starts afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from curator.curation.decisions import alias_node, mention_spot
from curator.models import EDITABLE_FIELDS, Article, Entity, ExtractedField, Mention
from curator.store.listing import Listing
from curator.workspace.keys import _fold, _key
from curator.workspace.errors import CurationError
from curator.workspace.rows import ArticleRow, ArticleRows
from curator.workspace.views import ArticleView, FieldView, MentionView


class ArticleCatalog:
    """The article catalog's part of :class:`Workspace` (see the module docstring)."""

    # -- articles ----------------------------------------------------------------
    def article_ids(self) -> list[str]:
        return list(self._listing.ids())

    def index_articles(self) -> None:
        """Build the article id -> row map now (for a background thread at start) rather
        than at the first filter or decision that needs it (it grows with the archive)."""
        self._listing.positions()

    def prepare_search(self) -> None:
        """Do the article filter's one-time work now (for a background thread at start)."""
        self._listing.search_index().prepare()

    @property
    def listing(self) -> Listing:
        """The article index's columns, as read at open (see ``store.listing``)."""
        return self._listing

    def edited_fields(self) -> Mapping[str, Mapping[str, str | None]]:
        """Article id -> the fields the curator edited and their values."""
        return self._overlay.fields

    def curated_statuses(self) -> Mapping[str, str]:
        """Article id -> the status the curator set."""
        return self._overlay.status

    def entity_count_changes(self) -> Mapping[str, int]:
        """Article id -> its entity count, where the curator's decisions changed it."""
        return self._counts

    @property
    def _pos(self) -> dict[str, int]:
        """Article id -> row in the index (built at the first use; see ``index_articles``)."""
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

    def entity_count(self, art_id: str, i: int) -> int:
        """How many entities the article at index position ``i`` names, as curated."""
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

    def article_row(self, i: int, previous: ArticleRow | None = None) -> ArticleRow:
        """The row at index position ``i`` as the curator sees it (edits, status, count)."""
        listing = self._listing
        art_id: str = listing.value("id", i)  # type: ignore[assignment]
        edits = self._overlay.fields.get(art_id) or {}

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
            status=self._status(art_id, i),
            entity_count=self.entity_count(art_id, i),
            duplicate_of=self._overlay.original_of(art_id, listing.value("duplicate_of", i)),
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

    # While a batch is applied: the rows to redraw at its end, each once ({id: text}).
    _rows_deferred: dict[str, bool] | None = None

    @contextmanager
    def _rows_once(self) -> Iterator[None]:
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
            self._refresh_rows([a for a, text in deferred.items() if text])
            self._refresh_rows([a for a, text in deferred.items() if not text], text=False)

    def _refresh_rows(self, article_ids: Iterable[str], text: bool = True) -> None:
        """Recount and redraw the rows of these articles (in place); ``text=False``:
        only their entity counts may have changed (an entity decision)."""
        deferred = self._rows_deferred
        if deferred is not None:
            for art_id in article_ids:
                deferred[art_id] = text or deferred.get(art_id, False)
            return
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
            return ArticleView(art, fields, self._status(article_id), pending, [], True, self._duplicate_of(art))
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
        entities = sorted(seen.values(), key=lambda e: (e.type, e.name))
        return ArticleView(art, fields, self._status(article_id), mentions, entities, False, self._duplicate_of(art))

    def _duplicate_of(self, art: Article) -> str | None:
        """The article ``art`` copies: the one the curator named, else the ingest's."""
        return self._overlay.original_of(art.id, art.duplicate_of)
