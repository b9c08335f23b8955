"""The one object the CLI and the app both talk to: :class:`Workspace`, and what it returns.

Each responsibility lives in its own module (see each module's docstring)."""

from curator.workspace.errors import CurationError
from curator.workspace.keys import _fold
from curator.workspace.curation_log import _check_date
from curator.workspace.rows import ArticleRow, ArticleRows, RowsAt
from curator.workspace.views import ArticleView, Context, EntityDetail, FieldView, MentionView, Stats, SuggestionView
from curator.workspace.workspace import Progress, Workspace

__all__ = [
    "ArticleRow",
    "ArticleRows",
    "ArticleView",
    "Context",
    "CurationError",
    "EntityDetail",
    "FieldView",
    "MentionView",
    "Progress",
    "RowsAt",
    "Stats",
    "SuggestionView",
    "Workspace",
    "_check_date",
    "_fold",
]
