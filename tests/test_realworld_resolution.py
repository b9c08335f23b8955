"""Resolution on the real-world development set (tests/data/realworld) keeps its promises: no hard negative
merged, automatic merges precise, and the review queue holding the variants a rule can know."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.bench.realworld import measure

SET = Path(__file__).resolve().parent / "data" / "realworld"


@pytest.fixture(scope="module")
def result() -> dict:
    return measure(SET, token_set_too=False)


def test_no_hard_negative_is_merged_and_merges_are_precise(result: dict) -> None:
    cur = result["names"]["curator"]
    assert cur["negatives_merged"] == []
    assert cur["precision"] >= 0.99


def test_the_review_queue_holds_the_variants_a_rule_can_know(result: dict) -> None:
    cur = result["names"]["curator"]
    assert cur["recall_queue_rules"] >= 0.90
    assert cur["recall_auto"] > result["names"]["fingerprint (OpenRefine)"]["recall_auto"]


def test_resolution_alone_links_the_excerpts_mentions(result: dict) -> None:
    assert result["excerpts"]["expected_mentions"]["f1"] >= 0.80
    assert result["excerpts"]["expected_mentions"]["precision"] >= 0.95
