"""Curation stories: every decision is a saved fact that survives restarts,
compounds (transitive merges and rejections), and can be undone."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from curator.export import export_workspace, validate_export
from curator.store import SaveFailed
from curator.workspace import CurationError, Workspace
from tests.builders import build_small_db


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def ent(ws: Workspace, name: str):
    return ws.find_entity(name)


def test_automatic_merges_form_entities_with_all_aliases(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        h04 = ent(ws, "Cục H04")
        assert set(h04.aliases) == {"Cục Viễn thông và Cơ yếu", "Cục Viễn thông & Cơ yếu", "Cục H04"}
        assert h04.name == "Cục Viễn thông và Cơ yếu"  # a full form, not the code
        assert set(h04.article_ids) == {"a1", "a2"}
        assert ent(ws, "Cục Viễn thông").id != h04.id  # a distinct agency


def test_the_entities_are_made_before_the_state_says_it_is_ready(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A screen reads ``entities_loaded`` without the lock: once it says yes, the
    # entities must exist, or the UI thread makes them too, while the loading
    # thread does (seconds at 100,000 articles).
    from curator.workspace import entity_book

    made_when_loaded: list[bool] = []
    original = entity_book.EntitySet.__init__

    def watched(self, by_cluster):  # type: ignore[no-untyped-def]
        made_when_loaded.append(ws.entities_loaded)
        original(self, by_cluster)

    monkeypatch.setattr(entity_book.EntitySet, "__init__", watched)
    with Workspace(ws_path, write=False) as ws:
        ws.load_entities()
        assert ws.entities_loaded and made_when_loaded == [False]
        ws.entities()
        ws.find_entity("Cục H04")
        assert made_when_loaded == [False]  # made once, before the state said it was ready


def test_accepting_a_suggestion_merges_and_survives_a_restart(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        first = next(s for s in ws.suggestions() if {s.a_name, s.b_name} == {"Phạm Hải", "Phạm Hồng Hải"})
        assert "middle name missing" in first.reasons[0]
        ws.merge([first.a, first.b], name="Phạm Hồng Hải")
        assert all({s.a_name, s.b_name} != {"Phạm Hải", "Phạm Hồng Hải"} for s in ws.suggestions())
    with Workspace(ws_path) as ws:
        person = ent(ws, "Phạm Hải")
        assert person.name == "Phạm Hồng Hải"
        assert set(person.article_ids) == {"a1", "a2", "a3"}


def test_rejected_pair_is_never_suggested_again_and_rejection_is_transitive(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.reject(ent(ws, "Bộ Công an").id, ent(ws, "Văn phòng Bộ Công an").id)
        assert all("Bộ Công an" not in (s.a_name, s.b_name) for s in ws.suggestions())
    with Workspace(ws_path) as ws:
        assert ws.separated(ent(ws, "Bộ Công an").id, ent(ws, "Văn phòng Bộ Công an").id)
        # Cục Viễn thông ≠ Cục H04 cluster; Cục Viễn thông = (new) X; then X ≠ Cục H04
        ws.reject(ent(ws, "Cục Viễn thông").id, ent(ws, "Cục H04").id)
        ws.merge([ent(ws, "Cục Viễn thông").id, ent(ws, "Cục BĐTW").id])
        assert ws.separated(ent(ws, "Cục BĐTW").id, ent(ws, "Cục H04").id)


def test_split_takes_an_alias_out_and_it_stays_out(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        h04 = ent(ws, "Cục H04")
        ws.split(h04.id, "Cục H04")
        assert ent(ws, "Cục H04").id != ent(ws, "Cục Viễn thông và Cơ yếu").id
    with Workspace(ws_path) as ws:  # the resolver's merge link is still there; the split wins
        assert ent(ws, "Cục H04").id != ent(ws, "Cục Viễn thông và Cơ yếu").id
        assert ws.separated(ent(ws, "Cục H04").id, ent(ws, "Cục Viễn thông và Cơ yếu").id)


def test_rename_and_edit_are_saved(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.rename(ent(ws, "Cục H04").id, "Cục Viễn thông và Cơ yếu (Bộ Công an)")
        ws.edit_field("a3", "published", "28/7/2023")  # as Vietnamese pages write it
        assert ws.article("a3").fields["published"].value == "2023-07-28"
        for bad in ("28/13/2023", "hôm qua", "28/7/2023 và 29/7/2023"):
            with pytest.raises(CurationError, match="not a date"):
                ws.edit_field("a3", "published", bad)
        ws.set_status("a3", "flagged")
    with Workspace(ws_path, write=False) as ws:
        assert ent(ws, "Cục H04").name == "Cục Viễn thông và Cơ yếu (Bộ Công an)"
        row = next(r for r in ws.article_rows() if r.id == "a3")
        assert (row.published, row.status) == ("2023-07-28", "flagged")
        view = ws.article("a3")
        assert view.fields["published"].edited and view.fields["published"].raw == "15/03/2021"


def test_a_merge_name_typed_with_control_characters_is_saved_clean(ws_path: Path) -> None:
    # The CLI's `merge --name` and the app's merge dialog both reach Workspace.merge.
    with Workspace(ws_path) as ws:
        ws.merge([ent(ws, "Cục H04").id, ent(ws, "Cục Viễn thông").id], name="Cục \x1b]0;PWNED\x07Viễn\x9b2J thông\nmới")
    with Workspace(ws_path, write=False) as ws:
        merged = ent(ws, "Cục H04")
        assert merged.name == "Cục Viễn thông mới"
        assert ws.history()[-1].args["canonical"] == "Cục Viễn thông mới"


def test_undo_to_the_very_first_decision_and_redo_across_restarts(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.edit_field("a1", "title", "Một")
        ws.merge([ent(ws, "Phạm Hải").id, ent(ws, "Phạm Hồng Hải").id])
        ws.split(ent(ws, "Cục H04").id, "Cục H04")
    for expected in ("split", "merge", "edit"):
        with Workspace(ws_path) as ws:
            undone = ws.undo()
            assert undone is not None and undone.op == expected
    with Workspace(ws_path) as ws:
        assert ws.undo() is None
        assert ent(ws, "Phạm Hải").id != ent(ws, "Phạm Hồng Hải").id
        assert next(r for r in ws.article_rows() if r.id == "a1").title == "Tin a1"
    for expected in ("edit", "merge", "split"):
        with Workspace(ws_path) as ws:
            redone = ws.redo()
            assert redone is not None and redone.op == expected
    with Workspace(ws_path) as ws:
        assert ws.redo() is None
        assert ent(ws, "Phạm Hải").id == ent(ws, "Phạm Hồng Hải").id
        assert ent(ws, "Cục H04").id != ent(ws, "Cục Viễn thông và Cơ yếu").id


def test_a_failed_save_changes_nothing(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace(ws_path) as ws:
        a, b = ent(ws, "Phạm Hải").id, ent(ws, "Phạm Hồng Hải").id

        def full(*args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(SaveFailed):
            ws.merge([a, b])
        monkeypatch.undo()
        assert ent(ws, "Phạm Hải").id != ent(ws, "Phạm Hồng Hải").id
        assert ws.history() == []
        ws.merge([a, b])  # after the fault clears, work continues
        assert len(ws.history()) == 1


def test_relink_and_unlink_a_mention(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        view = ws.article("a3")
        vt = next(m for m in view.mentions if m.text == "Cục Viễn thông")
        target = ent(ws, "Cục H04")
        ws.relink_mention("a3", vt.start, vt.end, target.id)
        assert "a3" in ent(ws, "Cục H04").article_ids
        moved = next(m for m in ws.article("a3").mentions if m.start == vt.start)
        assert moved.entity_id == ent(ws, "Cục H04").id and moved.relinked
        bdtw = next(m for m in view.mentions if m.text == "Cục BĐTW")
        ws.relink_mention("a3", bdtw.start, bdtw.end, None)
        assert "a3" not in ent(ws, "Cục Bưu điện Trung ương").article_ids


def test_export_is_deterministic_valid_and_carries_history(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.merge([ent(ws, "Phạm Hải").id, ent(ws, "Phạm Hồng Hải").id])
        one = export_workspace(ws)
        two = export_workspace(ws)
    assert one == two
    data = orjson.loads(one)
    assert validate_export(data) == []
    ops = [(h["op"], h["by"]) for h in data["history"]]
    assert ("merge", "curator") in ops and ("auto_merge", "resolver") in ops
    art = next(a for a in data["articles"] if a["id"] == "a1")
    for m in art["mentions"]:  # a title's mentions point into the title as ingested
        into = art["extracted"]["title"]["value"] if m["field"] == "title" else art["text"]
        assert into[m["start"]:m["end"]] == m["text"]


def test_apply_replays_decisions_onto_another_database(ws_path: Path, tmp_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.merge([ent(ws, "Phạm Hải").id, ent(ws, "Phạm Hồng Hải").id], name="Phạm Hồng Hải")
        ws.reject(ent(ws, "Bộ Công an").id, ent(ws, "Văn phòng Bộ Công an").id)
        ws.edit_field("a2", "author", "Minh Hiền")
        export = tmp_path / "export.json"
        export_workspace(ws, export)
    other = build_small_db(tmp_path / "other")
    from curator.curation.replay import apply_history, load_export_history

    with Workspace(other) as ws:
        report = apply_history(ws, load_export_history(export))
        assert (report.applied, report.not_applied) == (3, [])
        assert ent(ws, "Phạm Hải").name == "Phạm Hồng Hải"
        again = apply_history(ws, load_export_history(export))
        assert (again.applied, again.already) == (0, 3)  # nothing recorded twice


def test_export_then_import_gives_back_the_same_export(ws_path: Path, tmp_path: Path) -> None:
    from curator.importer import import_export
    from curator.store import Store

    with Workspace(ws_path) as ws:
        ws.merge([ent(ws, "Phạm Hải").id, ent(ws, "Phạm Hồng Hải").id], name="Phạm Hồng Hải")
        ws.split(ent(ws, "Cục H04").id, "Cục H04")
        ws.edit_field("a1", "published", "2023-07-28")
        ws.undo()
        original = export_workspace(ws)
    restored = tmp_path / "restored"
    with Store(restored, write=True) as store:
        import_export(store, orjson.loads(original))
    with Workspace(restored, write=False) as ws:
        assert export_workspace(ws) == original


def test_article_list_counts_follow_merges_and_undo(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        rows = {r.id: r for r in ws.article_rows()}
        assert rows["a1"].entity_count == 4  # Cục H04 and Cục Viễn thông và Cơ yếu are one
        assert rows["a3"].entity_count == 3
        ws.merge([ent(ws, "Cục Viễn thông").id, ent(ws, "Cục BĐTW").id])
        assert rows["a3"].entity_count == 2  # the same row object, updated in place
        ws.undo()
        assert {r.id: r for r in ws.article_rows()}["a3"].entity_count == 3
        assert ws.articles_mentioning("bdtw") == {"a1", "a3"}
        assert "tin a2" in {r.id: r for r in ws.article_rows()}["a2"].search


def test_an_edited_title_is_searchable_after_later_merges_and_undos(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        ws.edit_field("a3", "title", "Hội nghị Đà Lạt")
        row = {r.id: r for r in ws.article_rows()}["a3"]
        assert "hoi nghi da lat" in row.search
        ws.merge([ent(ws, "Cục Viễn thông").id, ent(ws, "Cục BĐTW").id])
        assert "hoi nghi da lat" in row.search and row.entity_count == 2
        ws.undo()  # the merge
        ws.undo()  # the edit: the old title is searched again
        assert "hoi nghi da lat" not in row.search and row.title != "Hội nghị Đà Lạt"


def test_an_article_opened_while_entities_load_shows_at_once_then_with_its_links(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        early = ws.article("a1", wait=False)  # nothing has loaded the entity state yet
        assert early.entities_pending
        assert early.article.text.startswith("Cục Viễn thông và Cơ yếu")
        assert [m.entity_id for m in early.mentions] == [None] * len(early.mentions)
        assert early.entities == []
        ws.load_entities()
        ready = ws.article("a1", wait=False)
        assert not ready.entities_pending
        h04 = ent(ws, "Cục H04")
        assert h04.id in {m.entity_id for m in ready.mentions}
        assert h04.id in {e.id for e in ready.entities}
        # The command line never sees a view without links: it waits.
    with Workspace(ws_path) as ws:
        assert not ws.article("a1").entities_pending


# -- the article list's arrays: sort orders, search, status and counts ------------------

from curator.models import ARTICLE_STATUSES, Article, ExtractedField  # noqa: E402
from curator.store import Store  # noqa: E402

# id, title, published, outlet, duplicate_of: dates and outlets (case aside) tie,
# titles sort differently folded than as written, some fields are missing.
VARIED = [
    ("w01", "Đà Lạt mùa hoa", "2021-03-01", "Báo Nhân Dân", None),
    ("w02", "an ninh mạng", "2021-01-15", "báo nhân dân", None),
    ("w03", "Ăn Tết", "2021-03-01", None, None),
    ("w04", "Bình Định", None, "VnExpress", None),
    ("w05", "Zalo", "2020-12-31", "VnExpress", "w02"),
    ("w06", "Ánh sáng", "2021-03-01", "VNEXPRESS", None),
    ("w07", "đường sắt", "2021-02-01", "Tuổi Trẻ", "w01"),
    ("w08", "Đà Nẵng", None, "Báo Nhân Dân", None),
]
# What the list's columns sort by (as the articles screen's columns say).
SORT_KEYS = {
    "published": lambda r: r.published,
    "title": lambda r: r.search,
    "outlet": lambda r: r.outlet.lower(),
    "status": lambda r: ARTICLE_STATUSES.index(r.status),
    "entities": lambda r: r.entity_count,
}


def _field(value: str | None) -> ExtractedField:
    return ExtractedField(value, value, 0.8 if value else 0.0)


@pytest.fixture
def varied_path(tmp_path: Path) -> Path:
    root = tmp_path / "db"
    with Store(root, write=True) as store:
        store.save_articles([
            Article(id=i, source_file=f"{i}.txt", file_index=0, text=f"Bài {i}.", title=_field(t), published=_field(p),
                    author=_field("Vân Anh" if n % 2 else None), outlet=_field(o), duplicate_of=d)
            for n, (i, t, p, o, d) in enumerate(VARIED)
        ])
        store.save_entity_counts({"w01": 3, "w02": 1, "w03": 3, "w05": 0, "w06": 1})  # the rest: never counted
    return root


@pytest.mark.parametrize("curated", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("column", list(SORT_KEYS))
def test_each_column_sorts_like_a_stable_sort_of_the_rows_shown(varied_path: Path, column: str, reverse: bool, curated: bool) -> None:
    with Workspace(varied_path) as ws:
        if curated:
            ws.edit_field("w04", "title", "Zê cuối")
            ws.edit_field("w02", "outlet", "Aaa")
            ws.edit_field("w08", "published", "2019-05-05")
            ws.set_status("w03", "flagged")
            ws.set_status("w06", "reviewed")
            ws.set_status("w05", "new")
        rows = ws.article_rows()
        shown = list(rows)
        key = SORT_KEYS[column]
        expected = sorted(range(len(shown)), key=lambda i: key(shown[i]), reverse=reverse)
        assert rows.sort_order(column, reverse).tolist() == expected
    assert rows.sort_order("no such column") is None


def test_the_title_sort_ignores_accents_and_case(varied_path: Path) -> None:
    with Workspace(varied_path) as ws:
        rows = ws.article_rows()
        titles = [rows[i].title for i in rows.sort_order("title")]
        assert titles[:4] == ["an ninh mạng", "Ăn Tết", "Ánh sáng", "Bình Định"]
        assert titles[-1] == "Zalo"


@pytest.mark.parametrize("searched_before", [False, True])
def test_an_edited_title_is_found_by_its_new_words_and_not_its_old_ones(varied_path: Path, searched_before: bool) -> None:
    with Workspace(varied_path) as ws:
        rows = ws.article_rows()
        w01 = rows.position("w01")
        if searched_before:
            assert rows.search(["da", "lat"]).tolist() == [r.id == "w01" for r in rows]
        ws.edit_field("w01", "title", "Hội nghị Cần Thơ")
        assert not rows.search(["da", "lat"]).any()
        assert rows.search(["can", "tho"]).tolist() == [i == w01 for i in range(len(rows))]
        assert rows.search(["hoi nghi", "nhan dan"])[w01]  # its outlet is still searched
        ws.undo()
        assert rows.search(["da", "lat"]).tolist() == [i == w01 for i in range(len(rows))]
        assert not rows.search(["can", "tho"]).any()
    with Workspace(varied_path) as ws:  # after a restart, the edit is undone still
        assert ws.article_rows().search(["da", "lat"]).tolist() == [r.id == "w01" for r in ws.article_rows()]


def test_status_codes_follow_set_status_and_its_undo(varied_path: Path) -> None:
    with Workspace(varied_path) as ws:
        rows = ws.article_rows()

        def codes() -> dict[str, str]:
            return {rows[i].id: ARTICLE_STATUSES[c] for i, c in enumerate(rows.status_codes().tolist())}

        assert codes() == {i: "duplicate" if d else "new" for i, _, _, _, d in VARIED}
        ws.set_status("w03", "flagged")
        ws.set_status("w05", "new")  # a duplicate, kept after all
        assert codes()["w03"] == "flagged" and codes()["w05"] == "new"
        assert codes() == {r.id: r.status for r in rows}
        ws.undo()
        assert codes()["w05"] == "duplicate" and codes()["w03"] == "flagged"
    with Workspace(varied_path) as ws:
        rows = ws.article_rows()
        assert rows.status_codes()[rows.position("w03")] == ARTICLE_STATUSES.index("flagged")


def test_entity_counts_follow_a_merge_and_its_undo(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        a3 = rows.position("a3")
        before = rows.counts().tolist()
        assert before[a3] == 3
        ws.merge([ent(ws, "Cục Viễn thông").id, ent(ws, "Cục BĐTW").id])
        after = rows.counts().tolist()
        assert after[a3] == 2
        assert after == [r.entity_count for r in rows]
        ws.undo()
        assert rows.counts().tolist() == before == [r.entity_count for r in rows]


from datetime import date  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402

from curator.workspace import _check_date  # noqa: E402


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["{d}/{m}/{y}", "{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{d:02d}.{m:02d}.{y}", "ngày {d} tháng {m} năm {y}",
                        "{y}-{m:02d}-{d:02d}", " {d:02d}/{m:02d}/{y} "]))
def test_a_typed_date_in_any_usual_form_is_saved_as_iso(day: date, form: str) -> None:
    assert _check_date(form.format(d=day.day, m=day.month, y=day.year)) == day.isoformat()


@given(st.text(max_size=30))
def test_anything_typed_as_a_date_is_a_date_or_a_clear_refusal(text: str) -> None:
    try:
        value = _check_date(text)
    except CurationError as exc:
        assert "date" in str(exc)
    else:
        date.fromisoformat(value + "-01-01"[len(value) - 4:] if len(value) < 10 else value)


def _shown(rows, mask) -> set[str]:
    return {rows[i].id for i in range(len(rows))} if mask is None else {rows[int(i)].id for i in mask.nonzero()[0]}


def test_the_article_filter_finds_articles_by_any_alias_of_an_entity_they_name(ws_path: Path) -> None:
    from curator.workspace.filters import ArticleFilter

    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        f = ArticleFilter()
        # "Cục H04" is named in a1 only, but it is one entity with the names of a1 and a2.
        assert _shown(rows, f.mask(ws, rows, "cuc h04", None, True)) == {"a1", "a2"}
        assert _shown(rows, f.mask(ws, rows, "CỤC VIỄN THÔNG & CƠ", None, True)) == {"a1", "a2"}
        assert _shown(rows, f.mask(ws, rows, "Cục Viễn thông", None, True)) == {"a1", "a2", "a3"}
        assert _shown(rows, f.mask(ws, rows, "cuc h04", None, False)) == set()  # names not ready: titles only
        assert _shown(rows, f.mask(ws, rows, "tin a2", None, True)) == {"a2"}  # every word in the title
        assert f.mask(ws, rows, "  ", None, True) is None


def test_a_longer_query_typed_after_a_shorter_one_shows_what_it_shows_alone(ws_path: Path) -> None:
    from curator.workspace.filters import ArticleFilter

    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        typed = ArticleFilter()
        for i in range(2, len("cuc vien thong & co yeu") + 1):
            query = "cuc vien thong & co yeu"[:i]
            assert _shown(rows, typed.mask(ws, rows, query, None, True)) == _shown(rows, ArticleFilter().mask(ws, rows, query, None, True)), query


def test_the_article_filter_follows_statuses_and_merges_after_a_reset(ws_path: Path) -> None:
    from curator.workspace.filters import ArticleFilter

    with Workspace(ws_path) as ws:
        rows = ws.article_rows()
        f = ArticleFilter()
        ws.set_status("a3", "flagged")
        assert _shown(rows, f.mask(ws, rows, "", "flagged", True)) == {"a3"}
        assert _shown(rows, f.mask(ws, rows, "pham hong hai", "new", True)) == {"a1"}
        ws.merge([ent(ws, "Phạm Hồng Hải").id, ent(ws, "Phạm Hải").id])
        f.reset()
        assert _shown(rows, f.mask(ws, rows, "pham hong hai", None, True)) == {"a1", "a2", "a3"}


def test_a_relinked_mention_stays_where_it_was_linked_when_another_decision_remakes_the_entity(ws_path: Path) -> None:
    with Workspace(ws_path) as ws:
        m = next(m for m in ws.article("a3").mentions if m.text == "Cục Viễn thông")
        linked = ws.relink_mention("a3", m.start, m.end, ent(ws, "Cục H04").id)
        assert "a3" in ent(ws, "Cục H04").article_ids
        # The link holds on to one name of the entity; splitting that name out takes it along.
        ws.split(ent(ws, "Cục H04").id, linked.args["to_name"])
        holder = ent(ws, linked.args["to_name"])
        assert "a3" in holder.article_ids and holder.aliases.get("Cục Viễn thông") == 1
        assert "a3" not in next(e for e in ws.entities() if e.name == "Cục Viễn thông").article_ids
        now = sorted(ws.entities(), key=lambda e: e.id)
    with Workspace(ws_path, write=False) as again:  # what a restart works out from the history
        assert sorted(again.entities(), key=lambda e: e.id) == now
