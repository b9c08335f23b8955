"""Naming the article a duplicate copies: the likely originals (the ingest's signatures)
and the choice recorded, shown and exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.export import article_doc
from curator.workspace import CurationError, Workspace
from curator.workspace.originals import likely_originals
from tests.duplicate_records import ids_by_date, records


@pytest.fixture
def ws(tmp_path: Path):
    with Workspace(tmp_path / "db") as ws:
        ws.ingest([records(tmp_path / "archive")])
        yield ws


def test_the_likely_originals_are_the_ingests_find_the_same_text_and_the_same_title(ws: Workspace) -> None:
    r = ids_by_date(ws)
    offered = likely_originals(ws, r["r3"])
    assert [o.id for o in offered][:2] == [r["r1"], r["r2"]]  # the ingest's find first, then the other copy
    assert "found at ingest" in offered[0].reasons and "same text" in offered[0].reasons[-1]
    assert {o.id for o in offered} == {r["r1"], r["r2"]}
    by_id = {o.id: o for o in likely_originals(ws, r["r1"])}
    assert by_id[r["r2"]].reasons == ["same text"]
    assert "same text" in by_id[r["r3"]].reasons[0] and by_id[r["r3"]].reasons[0] != "same text"  # near: "9x% same text"
    assert by_id[r["r4"]].reasons == ["same title"]  # case aside
    assert r["r5"] not in by_id and r["r1"] not in by_id
    assert [o.id for o in likely_originals(ws, r["r4"])] == [r["r1"]]
    assert likely_originals(ws, r["r5"]) == []


def test_the_original_chosen_is_recorded_shown_exported_and_undone(ws: Workspace) -> None:
    r = ids_by_date(ws)
    ws.set_status(r["r4"], "duplicate", duplicate_of=r["r1"])
    view = ws.article(r["r4"])
    assert view.status == "duplicate" and view.duplicate_of == r["r1"]
    assert article_doc(view)["duplicate_of"] == r["r1"]
    assert ws.history()[-1].args["duplicate_of"] == r["r1"]
    ws.undo()
    assert ws.article(r["r4"]).duplicate_of is None
    with pytest.raises(CurationError, match="itself"):
        ws.set_status(r["r4"], "duplicate", duplicate_of=r["r4"])
    with pytest.raises(CurationError, match="no article"):
        ws.set_status(r["r4"], "duplicate", duplicate_of="nope")
    with pytest.raises(CurationError, match="only a duplicate"):
        ws.set_status(r["r4"], "reviewed", duplicate_of=r["r1"])
    # A status set later (not a duplicate) forgets the original named.
    ws.set_status(r["r4"], "duplicate", duplicate_of=r["r1"])
    ws.set_status(r["r4"], "reviewed")
    assert ws.article(r["r4"]).duplicate_of is None


def test_apply_carries_the_original_named_to_another_copy_of_the_archive(tmp_path: Path) -> None:
    from curator.curation.replay import apply_history

    archive = records(tmp_path / "archive")
    with Workspace(tmp_path / "one") as one:
        one.ingest([archive])
        r = ids_by_date(one)
        one.set_status(r["r4"], "duplicate", duplicate_of=r["r1"])
        made = one.history()
    with Workspace(tmp_path / "two") as two:
        two.ingest([archive])
        apply_history(two, made)
        assert two.article(r["r4"]).duplicate_of == r["r1"]
        assert len(two.history()) == 1
        apply_history(two, made)  # the same again changes nothing
        assert len(two.history()) == 1
