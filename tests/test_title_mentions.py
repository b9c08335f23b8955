"""An article's title is text like any other: the names in it are mentions, with
offsets into the title, through ingest, resolve, curation, export and import."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from curator.export import validate_export
from curator.extract import extract_article
from curator.workspace import Workspace
from tests.test_cli import ROOT, curator

SEED = "000_fe690cd7fa25748b.txt"  # its title names "Cục Viễn thông - Cơ yếu", found nowhere else


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed 000 alone, through the real commands: ingest, then resolve."""
    root = tmp_path_factory.mktemp("title")
    (root / "in").mkdir()
    shutil.copy(ROOT / "seeds" / SEED, root / "in" / SEED)
    db = root / "db"
    for args in (("ingest", str(root / "in")), ("resolve",)):
        out = curator(*args, db=db)
        assert out.returncode == 0, out.stderr
    return db


def _export(db: Path) -> dict:
    out = curator("export", db=db)
    assert out.returncode == 0, out.stderr
    return orjson.loads(out.stdout)


def test_a_name_only_in_the_title_is_exported_in_the_entity_of_its_other_spelling(resolved: Path) -> None:
    data = _export(resolved)
    assert validate_export(data) == []
    (art,) = data["articles"]
    title = art["extracted"]["title"]["value"]
    in_title = [m for m in art["mentions"] if m["field"] == "title"]
    assert [m["text"] for m in in_title] == ["Cục Bưu điện Trung ương", "Cục Viễn thông - Cơ yếu"]
    for m in in_title:
        assert title[m["start"] : m["end"]] == m["text"]
    for m in art["mentions"]:
        if m["field"] == "text":
            assert art["text"][m["start"] : m["end"]] == m["text"]
    entity = {e["id"]: e for e in data["entities"]}[in_title[1]["entity_id"]]
    assert "Cục Viễn thông và Cơ yếu" in entity["aliases"] and "Cục Viễn thông - Cơ yếu" in entity["aliases"]


def test_accepting_a_title_mention_leaves_the_body_mention_at_the_same_offsets_alone(resolved: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    shutil.copytree(resolved, db)
    with Workspace(db) as ws:
        (art_id,) = ws.article_ids()
        view = ws.article(art_id)
        title_m = next(m for m in view.mentions if m.field == "title" and m.text == "Cục Viễn thông - Cơ yếu")
        ws.accept_mention(art_id, title_m.start, title_m.end, "title")
        ws.relink_mention(art_id, title_m.start, title_m.end, None, "title")
        with pytest.raises(Exception, match="no mention at"):
            ws.accept_mention(art_id, title_m.start, title_m.end)  # nothing in the body there
    with Workspace(db, write=False) as ws:  # replayed from the saved history
        view = ws.article(art_id)
        marked = [(m.field, m.text) for m in view.mentions if m.accepted or m.relinked]
        assert marked == [("title", "Cục Viễn thông - Cơ yếu")]
        assert next(m for m in view.mentions if m.field == "title" and m.start == title_m.start).entity_id is None


def test_an_export_with_title_mentions_imports_back(resolved: Path, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    exported.write_bytes(orjson.dumps(_export(resolved)))
    out = curator("import", str(exported), db=tmp_path / "again")
    assert out.returncode == 0, out.stderr
    again = _export(tmp_path / "again")
    (art,) = again["articles"]
    assert [m["text"] for m in art["mentions"] if m["field"] == "title"] == ["Cục Bưu điện Trung ương", "Cục Viễn thông - Cơ yếu"]


def test_a_person_named_in_the_title_gives_the_body_his_given_name() -> None:
    result = extract_article(
        "Bộ trưởng Nguyễn Mạnh Hùng làm việc với Bưu điện tỉnh Nghệ An",
        "Phát biểu tại buổi làm việc, ông Hùng đề nghị đẩy mạnh chuyển đổi số.",
    )
    hung = [m for m in result.mentions if m.type == "person"]
    assert [(m.field, m.text, m.name) for m in hung] == [
        ("title", "Nguyễn Mạnh Hùng", "Nguyễn Mạnh Hùng"),
        ("text", "Hùng", "Nguyễn Mạnh Hùng"),
    ]


def test_a_title_that_is_a_bare_name_is_not_taken_for_a_byline() -> None:
    result = extract_article("Nguyễn Văn Thành", "Bài viết về một nhà giáo.")
    assert [(m.field, m.text, m.role) for m in result.mentions] == [("title", "Nguyễn Văn Thành", None)]


def test_a_title_mention_that_does_not_slice_the_title_is_refused_by_import(resolved: Path, tmp_path: Path) -> None:
    data = _export(resolved)
    (art,) = data["articles"]
    n, mention = next((n, m) for n, m in enumerate(art["mentions"], start=1) if m["field"] == "title")
    mention["start"] += 1
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(data))
    out = curator("import", str(bad), db=tmp_path / "new")
    assert out.returncode != 0
    assert f"mention {n} ({mention['start']}-{mention['end']}) does not slice to its text" in out.stderr
    assert "(the title there is" in out.stderr


def test_a_decision_about_a_mention_names_its_field_as_text_or_title_or_is_refused() -> None:
    from curator.curation.records import record_problem

    base = {"seq": 1, "op": "accept_mention", "at": "2026-01-01T00:00:00", "by": "curator", "reasons": [], "undone": False,
            "args": {"article_id": "a1", "start": 0, "end": 3, "text": "Bộ", "type": "organization"}}
    assert record_problem(base) is None  # a body mention, as recorded before titles had mentions
    assert record_problem({**base, "args": {**base["args"], "field": "title"}}) is None
    assert record_problem({**base, "args": {**base["args"], "field": 5}}) is not None
    assert record_problem({**base, "op": "relink", "args": {**base["args"], "field": "headline"}}) is not None


def test_a_title_changed_and_ingested_again_without_resolve_never_exports_a_stale_title_span(tmp_path: Path) -> None:
    archive = tmp_path / "in"
    archive.mkdir()
    text = (ROOT / "seeds" / SEED).read_text(encoding="utf-8")
    (archive / SEED).write_text(text, encoding="utf-8")
    db = tmp_path / "db"
    assert curator("ingest", "--resolve", str(archive), db=db).returncode == 0
    assert any(m["field"] == "title" for m in _export(db)["articles"][0]["mentions"])
    # Only the title changes: words before its names move them right.
    (archive / SEED).write_text(text.replace("Ký Quy chế phối hợp giữa", "Chính thức ký Quy chế phối hợp giữa", 1), encoding="utf-8")
    out = curator("ingest", str(archive), db=db)
    assert out.returncode == 0 and "1 updated" in out.stdout, out.stdout + out.stderr
    (art,) = _export(db)["articles"]
    assert art["extracted"]["title"]["value"].startswith("Chính thức ký")
    assert art["mentions"] == []  # withheld until resolution runs again
    assert curator("resolve", db=db).returncode == 0
    (art,) = _export(db)["articles"]
    title = art["extracted"]["title"]["value"]
    in_title = [m for m in art["mentions"] if m["field"] == "title"]
    assert in_title and all(title[m["start"] : m["end"]] == m["text"] for m in in_title)


def test_a_suggestion_shows_the_title_as_context_for_a_name_only_in_titles(tmp_path: Path) -> None:
    from curator.models import MergeSuggestion

    archive = tmp_path / "in"
    archive.mkdir()
    (archive / "tin.txt").write_text(
        "Hội Nông dân tỉnh Quảng Nam tổng kết năm\n\n"
        "Sáng 12/1, hội nghị tổng kết được tổ chức tại Tam Kỳ với sự tham dự của Sở Nông nghiệp tỉnh Quảng Nam.\n",
        encoding="utf-8",
    )
    db = tmp_path / "db"
    assert curator("ingest", "--resolve", str(archive), db=db).returncode == 0
    with Workspace(db, write=False) as ws:
        by_name = {e.name: e for e in ws.entities()}
        hoi, so = by_name["Hội Nông dân tỉnh Quảng Nam"], by_name["Sở Nông nghiệp tỉnh Quảng Nam"]
        view = ws.suggestion_view(MergeSuggestion(hoi.id, so.id, hoi.name, so.name, 50.0, ["test"]))
        assert view.a_context is not None and view.a_context.sentence.startswith("Hội Nông dân tỉnh Quảng Nam tổng kết")
        assert view.b_context is not None and "Sở Nông nghiệp tỉnh Quảng Nam" in view.b_context.sentence
