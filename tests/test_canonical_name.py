"""The canonical-name rule and the automatic merges' read model (issue 19 items 1, 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curator.names.canonical import canonical_name
from curator.workspace import CurationError, Workspace
from tests.app.factory import build_small


def test_the_marked_form_wins_over_the_unmarked_one_even_when_used_less() -> None:
    assert canonical_name({"Mai Duy Lam": 65, "Mai Duy Lâm": 14}) == "Mai Duy Lâm"
    assert canonical_name({"Mai Duy Lam": 14, "Mai Duy Lâm": 65}) == "Mai Duy Lâm"


def test_the_full_name_wins_over_an_abbreviation_then_the_most_used() -> None:
    assert canonical_name({"Bộ TT&TT": 90, "Bộ Thông tin và Truyền thông": 3}) == "Bộ Thông tin và Truyền thông"
    assert canonical_name({"Cục H04": 50, "Cục Viễn thông và Cơ yếu": 1}) == "Cục Viễn thông và Cơ yếu"
    assert canonical_name({"Phạm Hải": 2, "Phạm Hồng Hải": 5}) == "Phạm Hồng Hải"
    # The order the forms came in never decides.
    assert canonical_name({"Hải Phòng": 3, "Hà Nội": 3}) == canonical_name({"Hà Nội": 3, "Hải Phòng": 3})


def test_merge_without_a_name_follows_the_rule_not_the_first_entity(tmp_path: Path) -> None:
    db = build_small(tmp_path / "db")
    with Workspace(db) as ws:
        h04 = ws.find_entity("Cục Viễn thông")
        bca = ws.find_entity("Văn phòng Bộ Công an")
        decision = ws.merge([h04.id, bca.id])
        assert decision.args["canonical"] == "Văn phòng Bộ Công an"  # the longer of two used once each


def test_rename_to_another_entitys_name_is_refused_and_later_lookups_still_work(tmp_path: Path) -> None:
    db = build_small(tmp_path / "db")
    with Workspace(db) as ws:
        ent = ws.find_entity("Cục Viễn thông")
        with pytest.raises(CurationError, match="already the name of .*merge"):
            ws.rename(ent.id, "Bộ Công an")
        assert ws.history() == []
        assert ws.find_entity("Bộ Công an").name == "Bộ Công an"  # not ambiguous
    out = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), "rename", "Cục Viễn thông", "Bộ Công an"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode != 0 and "curator merge" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_automatic_merges_are_grouped_by_rule_biggest_first_with_the_side_to_split(tmp_path: Path) -> None:
    db = build_small(tmp_path / "db")
    with Workspace(db) as ws:
        rules = ws.automatic_merges()
        assert [r.articles for r in rules] == sorted((r.articles for r in rules), reverse=True)
        by_rule = {r.rule: r for r in rules}
        h04 = by_rule["defined in the text"].merges[0]
        assert (h04.a, h04.b, h04.split_alias) == ("Cục Viễn thông và Cơ yếu", "Cục H04", "Cục H04")
        assert h04.articles == 3  # a01, a02 (the "&" spelling) and a06
        ws.split(h04.entity_id, h04.split_alias)
        assert "defined in the text" not in {r.rule for r in ws.automatic_merges()}
        ws.undo()
        assert "defined in the text" in {r.rule for r in ws.automatic_merges()}
