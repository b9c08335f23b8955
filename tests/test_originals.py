"""Naming the article a duplicate copies: the likely originals (the ingest's signatures)
and the choice recorded, shown and exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.export import article_doc
from curator.workspace import CurationError, Workspace
from curator.workspace.originals import likely_originals

BODY = (
    "Sáng nay tại Hà Nội, Bộ Thông tin và Truyền thông tổ chức hội nghị toàn quốc về chuyển đổi số "
    "với sự tham dự của đại diện các bộ, ngành và sáu mươi ba tỉnh, thành phố. Hội nghị đánh giá kết quả "
    "năm qua, chỉ ra những hạn chế trong việc kết nối dữ liệu giữa các cơ quan nhà nước và đề ra nhiệm vụ "
    "trọng tâm cho năm tới, trong đó có việc hoàn thiện cơ sở dữ liệu quốc gia về dân cư."
)
NEAR = BODY.replace("Sáng nay", "Chiều qua").replace("sáu mươi ba", "nhiều").replace("năm tới", "năm sau")
OTHER = "Một bài khác hẳn: " + " ".join(f"từ{i}" for i in range(60))
TITLE = "Hội nghị toàn quốc về chuyển đổi số"


def records(folder: Path) -> Path:
    folder.mkdir()
    lines = [
        {"id": "r1", "title": TITLE, "published": "2023-01-10", "outlet": "Báo A", "text": BODY},
        {"id": "r2", "title": "Bản tin chiều", "published": "2023-01-11", "outlet": "Báo B", "text": BODY},
        {"id": "r3", "title": "Tin tổng hợp", "published": "2023-01-12", "outlet": "Báo C", "text": NEAR},
        {"id": "r4", "title": TITLE.upper(), "published": "2023-01-13", "outlet": "Báo D", "text": OTHER},
        {"id": "r5", "title": "Chuyện khác", "published": "2023-01-14", "outlet": "Báo E", "text": OTHER[::-1]},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    return folder


@pytest.fixture
def ws(tmp_path: Path):
    with Workspace(tmp_path / "db") as ws:
        ws.ingest([records(tmp_path / "archive")])
        yield ws


def ids_by_date(ws: Workspace) -> dict[str, str]:
    """r1..r5 -> article id (the records are dated one day apart)."""
    rows = ws.article_rows()
    return {f"r{int(rows[i].published[-2:]) - 9}": rows[i].id for i in range(len(rows))}


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
