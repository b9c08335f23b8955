"""The one object the CLI and the app both talk to: :class:`Workspace`, and what it returns.

Where to look (one module, one class each; the Workspace hands each request on):

- a decision is recorded, undone, redone, and its request checked: ``curation_log``
  (it is saved by ``curator.store.history``); several at once: ``batches``;
- the decisions in memory and the article overlay made from them: ``history``;
- the article list's rows, an article's curated values, entity counts: ``catalog``, ``rows``;
- entities, their order, lookups (``find_entity``), relinks: ``entity_book``;
- the article list's filter and the entity name indexes: ``filters``;
- the entity detail's co-occurring entities: ``cooccurrence``;
- the resolver's automatic merges, by rule, with their evidence: ``automatic_merges``;
- the views shown (article, entity, suggestion): ``views``;
- every count shown (to review, skipped, duplicates, merges, stats): ``counts``;
- the lock, open and close, ingest and resolve, the facade: ``workspace``.
"""

from curator.workspace.automatic_merges import AutomaticMerge, MergeRule
from curator.workspace.errors import CurationError
from curator.workspace.keys import _fold
from curator.workspace.curation_log import _check_date
from curator.workspace.rows import ArticleRow, ArticleRows, RowsAt
from curator.workspace.views import ArticleView, Context, EntityDetail, FieldView, MentionView, Stats, SuggestionView
from curator.workspace.workspace import Progress, Workspace

__all__ = [
    "ArticleRow",
    "AutomaticMerge",
    "ArticleRows",
    "ArticleView",
    "Context",
    "CurationError",
    "EntityDetail",
    "FieldView",
    "MentionView",
    "MergeRule",
    "Progress",
    "RowsAt",
    "Stats",
    "SuggestionView",
    "Workspace",
    "_check_date",
    "_fold",
]
