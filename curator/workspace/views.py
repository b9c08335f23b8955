"""Read models: what the screens and the CLI are shown (views, suggestion context; the
counts themselves are made in ``counts``).

Plain dataclasses, made on request from the catalog and the entity book. Cache
rule: none is kept; a view is a snapshot (the article list's rows excepted, see
``rows``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.models import Article, Entity, MergeSuggestion
from curator.text import one_line
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
    """The read models' part of :class:`Workspace` (see the module docstring)."""

    # -- suggestions ---------------------------------------------------------------
    def suggestions(self) -> list[MergeSuggestion]:
        """Open merge suggestions between different entities, most impactful first
        (after a decision, only those of the entities it touched are worked out again)."""
        with self._lock:
            ents = self._entities_by_cluster()  # loads the entity state
            assert self._open is not None
            return self._open.current(ents, self._partition)

    def suggestion_view(self, suggestion: MergeSuggestion) -> SuggestionView:
        # Not ``entity()``: its article rows and co-occurring entities cost far more
        # for a big entity, and a suggestion shows neither.
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
