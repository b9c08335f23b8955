"""Read models: what the screens and the CLI are shown (views, suggestion context; the
counts themselves are made in ``counts``).

Plain dataclasses, made on request by :class:`ReadModels` from the catalog and
the entity book. Cache rule: none is kept; a view is a snapshot (the article
list's rows excepted, see ``rows``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.curation.decisions import alias_node, mention_spot
from curator.models import EDITABLE_FIELDS, Article, Entity, ExtractedField, Mention, MergeSuggestion
from curator.store import Store
from curator.text import one_line
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.entity_book import EntityBook
from curator.workspace.errors import CurationError
from curator.workspace.history import History
from curator.workspace.keys import _key
from curator.workspace.rows import RowsAt


def _by_count(aliases: dict[str, int]) -> list[tuple[str, int]]:
    """An entity's aliases with their counts, the most used first."""
    return sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))


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
    duplicate_of: str | None = None  # the article this one copies: the curator's choice, else the ingest's


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


class ReadModels:
    """The views the screens and the CLI are shown (see the module docstring)."""

    def __init__(self, store: Store, history: History, book: EntityBook, catalog: ArticleCatalog) -> None:
        self.store = store
        self._history = history
        self._book = book
        self._catalog = catalog

    # -- articles ------------------------------------------------------------------
    def article(self, article_id: str, wait: bool = True) -> ArticleView:
        """An article as the curator sees it. ``wait=False``: if the entity state is
        still loading (a background thread holds it for seconds at 100,000 articles),
        do not wait for it: the view comes without links (``entities_pending``)."""
        art = self.store.article(article_id)
        if art is None:
            raise CurationError(f"no article with id '{article_id}'")
        return self.view(art, self.store.mentions(article_id), wait)

    def view(self, art: Article, stored: list[Mention], wait: bool = True) -> ArticleView:
        """An article as the curator sees it: edited fields, status, mentions linked to entities."""
        article_id = art.id
        catalog, book = self._catalog, self._book
        fields = {n: self._field(art, n) for n in EDITABLE_FIELDS}
        status = catalog.status(article_id)
        if not wait and not book.ready:
            pending = [
                MentionView(m.start, m.end, m.text, m.type, m.name, m.role, None, None, False, False, m.field) for m in stored
            ]
            return ArticleView(art, fields, status, pending, [], True, catalog.duplicate_of(art))
        book.load()
        overlay = self._history.overlay
        mentions = []
        seen: dict[str, Entity] = {}
        for m in stored:
            spot = mention_spot(article_id, m.start, m.end, m.field)
            relinked = spot in overlay.relinks
            node = overlay.relinks[spot] if relinked else alias_node(m.type, m.name, _key)
            ent = book.entity_of_node(node) if node else None
            if ent is not None:
                seen.setdefault(ent.id, ent)
            mentions.append(
                MentionView(
                    m.start, m.end, m.text, m.type, m.name, m.role,
                    ent.id if ent else None, ent.name if ent else None,
                    spot in overlay.accepted, relinked, m.field,
                )
            )
        entities = sorted(seen.values(), key=lambda e: (e.type, e.name))
        return ArticleView(art, fields, status, mentions, entities, False, catalog.duplicate_of(art))

    def _field(self, article: Article, name: str) -> FieldView:
        extracted: ExtractedField = getattr(article, name)
        edits = self._history.overlay.fields.get(article.id, {})
        if name in edits:
            return FieldView(edits[name], extracted.raw, 1.0, True)
        return FieldView(extracted.value, extracted.raw, extracted.confidence, False)

    # -- suggestions ---------------------------------------------------------------
    def suggestion_view(self, suggestion: MergeSuggestion) -> SuggestionView:
        # Not the entity detail: its article rows and co-occurring entities cost far
        # more for a big entity, and a suggestion shows neither.
        a, b = self._book.entity_by_id(suggestion.a), self._book.entity_by_id(suggestion.b)
        return SuggestionView(suggestion, _by_count(a.aliases), _by_count(b.aliases), self._context(a), self._context(b))

    def _context(self, ent: Entity) -> Context | None:
        """A sentence from an article that mentions the entity, with outlet and date."""
        catalog = self._catalog
        pos = catalog.positions()
        for art_id in ent.article_ids[:5]:
            if art_id not in pos:
                continue
            body = self.store.article_text(art_id)
            title = catalog.value(art_id, "title") or ""
            for form in sorted(ent.aliases, key=lambda f: -ent.aliases[f]):
                text = body  # a name found only in the title (its mentions are there too) shows the title
                at = text.find(form)
                if at < 0:
                    text = title
                    at = text.find(form)
                if at < 0:
                    continue
                start = max(text.rfind(".", 0, at), text.rfind("\n", 0, at)) + 1
                ends = [i for i in (text.find(".", at + len(form)), text.find("\n", at + len(form))) if i >= 0]
                end = min(ends) + 1 if ends else len(text)
                sentence = one_line(text[start:end], 240)
                return Context(sentence, art_id, catalog.value(art_id, "outlet") or "", catalog.value(art_id, "published") or "")
        return None
