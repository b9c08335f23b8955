"""The counts the curator is shown are defined once (curator.workspace.counts):
rules for each (issue 19 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.resolve.pipeline import ResolveReport
from curator.workspace import Workspace
from tests.builders import build_small_db


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def test_a_skipped_suggestion_is_still_to_review_and_one_settled_since_counts_nowhere(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        first, second = ws.suggestions()[:2]
        before = ws.review_progress({(first.a, first.b), (second.a, second.b)})
        assert before.to_review == len(ws.suggestions()) and before.skipped == 2
        ws.reject(first.a, first.b)  # settled elsewhere (say, on the command line)
        after = ws.review_progress({(first.a, first.b), (second.a, second.b)})
        assert (after.to_review, after.skipped) == (before.to_review - 1, 1)
        assert ws.stats().pending_reviews == after.to_review == ws.to_review()


def test_a_cancelled_resolution_has_no_merges_to_report_not_zero(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        counts = ws.resolution_counts(ResolveReport(merges=0, suggestions=7, cancelled=True))
        assert counts.cancelled and counts.merges is None
        done = ws.resolution_counts(ResolveReport(merges=2, suggestions=99))
        # The resolver's raw links are not the count: the open suggestions are.
        assert (done.merges, done.to_review) == (2, len(ws.suggestions()))


def test_the_duplicates_are_the_articles_whose_status_is_duplicate(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        assert ws.stats().duplicates == 0
        ws.set_status("a1", "duplicate")
        ws.set_status("a2", "duplicate")
        ws.set_status("a2", "reviewed")  # set back by the curator
        stats = ws.stats()
        assert stats.duplicates == stats.by_status["duplicate"] == 1
