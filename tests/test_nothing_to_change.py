"""A decision that would change nothing is refused with a short message, and never
reaches the history or the undo stack (issue 19 item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.store import Store
from curator.workspace import CurationError, Workspace
from tests.builders import build_small_db
from tests.test_cli import curator


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def saved(db: Path) -> list:
    with Store(db) as store:
        return store.history()


def test_flagging_a_flagged_article_is_refused_and_undo_takes_back_the_first_flag(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.set_status("a1", "flagged")
        with pytest.raises(CurationError, match="nothing to change: a1 is already flagged"):
            ws.set_status("a1", "flagged")
        with pytest.raises(CurationError, match="already new"):
            ws.set_status("a2", "new")
        assert [d.op for d in ws.history()] == ["status"]
        assert ws.undo() is not None and ws.article("a1").status == "new"
        assert ws.undo() is None  # nothing else was recorded
    assert len(saved(ws_path)) == 1


def test_rejecting_the_same_pair_twice_is_refused(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        a, b = ws.find_entity("Phạm Hải"), ws.find_entity("Phạm Hồng Hải")
        ws.reject(a.id, b.id)
        with pytest.raises(CurationError, match="already recorded as different"):
            ws.reject(b.id, a.id)
        assert len(ws.history()) == 1


def test_an_edit_to_the_value_there_already_is_refused_and_a_real_edit_is_kept(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        assert not ws.article("a1").fields["outlet"].value
        with pytest.raises(CurationError, match="the outlet of a1 is already empty"):
            ws.edit_field("a1", "outlet", "")
        ws.edit_field("a1", "outlet", "Báo X")
        ws.edit_field("a1", "outlet", "")  # clearing a value is a change
        with pytest.raises(CurationError, match="the outlet of a1 is already empty"):
            ws.edit_field("a1", "outlet", "")
        with pytest.raises(CurationError, match="already empty"):
            ws.edit_field("a1", "outlet", "   ")  # blank is empty too
        title = ws.article("a2").fields["title"].value
        with pytest.raises(CurationError, match=f"already '{title}'"):
            ws.edit_field("a2", "title", f" {title} ")  # the same title, spaces aside
        ent = ws.find_entity("Cục H04")
        with pytest.raises(CurationError, match="the name is already"):
            ws.rename(ent.id, ent.name)
        assert [d.op for d in ws.history()] == ["edit", "edit"]


def test_accepting_an_accepted_mention_or_unlinking_an_unlinked_one_is_refused(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        m = ws.article("a1").mentions[0]
        ws.accept_mention("a1", m.start, m.end)
        with pytest.raises(CurationError, match="already accepted"):
            ws.accept_mention("a1", m.start, m.end)
        ws.relink_mention("a1", m.start, m.end, None)
        with pytest.raises(CurationError, match="already unlinked"):
            ws.relink_mention("a1", m.start, m.end, None)
        assert [d.op for d in ws.history()] == ["accept_mention", "relink"]


def test_replaying_a_history_twice_counts_the_second_time_as_already_done(ws_path: Path, tmp_path: Path) -> None:
    from curator.curation.replay import apply_history

    with Workspace(ws_path) as ws:
        m = ws.article("a1").mentions[0]
        ws.accept_mention("a1", m.start, m.end)
        ws.set_status("a1", "flagged")
        decisions = ws.history()
        report = apply_history(ws, decisions)
        assert report.already == 2 and report.not_applied == [] and len(ws.history()) == 2


def test_the_command_line_says_why_and_records_nothing(ws_path: Path) -> None:
    assert curator("reject", "Phạm Hải", "Phạm Hồng Hải", db=ws_path).returncode == 0
    again = curator("reject", "Phạm Hải", "Phạm Hồng Hải", db=ws_path)
    assert again.returncode != 0
    assert "already recorded as different" in again.stderr and "Traceback" not in again.stderr
    assert curator("edit", "a1", "status", "flagged", db=ws_path).returncode == 0
    again = curator("edit", "a1", "status", "flagged", db=ws_path)
    assert again.returncode != 0 and "a1 is already flagged" in again.stderr
    assert [d.op for d in saved(ws_path)] == ["reject", "status"]


def test_a_batch_leaves_out_a_pair_rejected_already_and_is_refused_when_all_are(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        a, b = ws.find_entity("Phạm Hải"), ws.find_entity("Phạm Hồng Hải")
        c, d = ws.find_entity("Bộ Công an"), ws.find_entity("Văn phòng Bộ Công an")
        ws.reject(a.id, b.id)
        made = ws.reject_pairs([(a.id, b.id), (c.id, d.id)])
        assert [x.args["entities"] for x in made] == [[c.name, d.name]]
        with pytest.raises(CurationError, match="already recorded as different"):
            ws.reject_pairs([(a.id, b.id), (d.id, c.id)])
        assert len(ws.history()) == 2
