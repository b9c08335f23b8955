"""Deciding in bulk in the app (issue 19 item 5): mark several suggestions on Review,
or several articles, and decide them with one key; one undo takes the batch back."""

from __future__ import annotations

from pathlib import Path

from curator.app import CuratorApp
from curator.app.screens.articles import ArticlesScreen
from curator.app.screens.review import ReviewScreen
from curator.store import Store
from curator.workspace import Workspace
from tests.app.factory import Spec, build
from tests.app.test_flows import SIZE, ready, show, type_text

PROVINCES = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Nghệ An"]


def _sở_db(root: Path) -> Path:
    """Five 'Sở TT&TT X' vs 'Sở VHTTDL X' suggestions (all wrong) and one right one."""
    specs, links = [], []
    for i, place in enumerate(PROVINCES):
        a, b = f"Sở TT&TT {place}", f"Sở VHTTDL {place}"
        specs.append(Spec(f"s{i}", f"Tin {place}", "2022-01-01", "Báo", None, f"{a} và {b} họp.",
                          [(a, "organization"), (b, "organization")]))
        links.append((a, b, "organization", "suggest", 60.0 - i, ["same place, both a Sở"]))
    specs.append(Spec("p1", "Tin người", "2022-01-02", "Báo", None, "Phạm Hải và Phạm Hồng Hải.",
                      [("Phạm Hải", "person"), ("Phạm Hồng Hải", "person")]))
    links.append(("Phạm Hải", "Phạm Hồng Hải", "person", "suggest", 70.0, ["middle name missing"]))
    return build(root, specs, links)


def _in_effect(db: Path) -> list:
    with Store(db) as store:
        return [d for d in store.history() if not d.undone]


def _title(screen) -> str:
    return str(screen.query_one("#title-line").render())


async def test_reject_every_suggestion_the_filter_shows_with_three_keys_and_undo_them_with_one(tmp_path: Path) -> None:
    db = _sở_db(tmp_path / "db")
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "3", ReviewScreen)
        assert len(screen.table.rows) == 6
        await pilot.press("slash")
        await type_text(pilot, "so vhttdl")  # either name, accents optional
        await pilot.press("enter")
        await pilot.pause()
        assert sorted(s.b_name for s in screen.table.rows) == sorted(f"Sở VHTTDL {p}" for p in PROVINCES)
        await pilot.press("asterisk")  # mark all shown
        await pilot.pause()
        assert "5 marked" in _title(screen)
        assert all("●" in line for line in _lines(screen.table, 1, 6))  # the marks are seen
        await pilot.press("x")
        await pilot.pause()
        assert "marked" not in _title(screen)  # marks cleared after the batch
        assert screen.decided == 5
        assert any(n.title == "Saved" and "Rejected 5 suggestions" in n.message for n in app._notifications)
        rejected = _in_effect(db)
        assert [d.op for d in rejected] == ["reject"] * 5  # one decision per pair
        assert {frozenset(d.args["entities"]) for d in rejected} == {
            frozenset((f"Sở TT&TT {p}", f"Sở VHTTDL {p}")) for p in PROVINCES
        }
        assert len({d.batch for d in rejected}) == 1
        await pilot.press("escape")  # the filter off: only the right one is left
        await pilot.pause()
        assert [(s.a_name, s.b_name) for s in screen.table.rows] in ([("Phạm Hải", "Phạm Hồng Hải")], [("Phạm Hồng Hải", "Phạm Hải")])
        await pilot.press("u")  # one undo: the whole batch
        await pilot.pause()
        assert _in_effect(db) == []
        assert len(screen.table.rows) == 6
        assert any(n.title == "Undone" and "4 more decided with it" in n.message for n in app._notifications)
        await pilot.press("U")  # one redo: the whole batch again
        await pilot.pause()
        assert len(_in_effect(db)) == 5


async def test_space_marks_suggestions_one_by_one_and_A_accepts_them_all(tmp_path: Path) -> None:
    db = _sở_db(tmp_path / "db")
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "3", ReviewScreen)
        rows = list(screen.table.rows)
        await pilot.press("space")  # marks the first, the second is shown
        await pilot.pause()
        assert screen.current.suggestion is screen.table.rows[1]
        await pilot.press("space", "space", "space")  # the second, the third, the fourth
        await pilot.press("tab", "tab")  # from the sides to the list
        await pilot.press("up")
        await pilot.press("space")  # the fourth off again
        await pilot.pause()
        assert "3 marked" in _title(screen)
        await pilot.press("a")
        await pilot.pause()
    merged = _in_effect(db)
    assert [d.op for d in merged] == ["merge"] * 3
    with Workspace(db, write=False) as ws:
        for s in rows[:3]:
            assert ws.find_entity(s.a_name).id == ws.find_entity(s.b_name).id
        for s in rows[3:]:
            assert ws.find_entity(s.a_name).id != ws.find_entity(s.b_name).id


async def test_status_of_several_marked_articles_at_once_and_one_undo(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        await pilot.press("space", "space", "down", "space")  # a01, a02, a04
        await pilot.pause()
        assert screen.table.marked == {"a01", "a02", "a04"}
        assert "3 marked" in _title(screen)
        await pilot.press("F")
        await pilot.pause()
        assert not screen.table.marked and "marked" not in _title(screen)
        flagged = _in_effect(small_db)
        assert [(d.op, d.args["article_id"], d.args["status"]) for d in flagged] == [
            ("status", a, "flagged") for a in ("a01", "a02", "a04")
        ]
        assert {r.id for r in screen.table.all_rows if r.status == "flagged"} == {"a01", "a02", "a04"}
        await pilot.press("u")
        await pilot.pause()
        assert _in_effect(small_db) == []
        assert not any(r.status == "flagged" for r in screen.table.all_rows)
        await pilot.press("R")  # nothing marked: the highlighted row alone
        await pilot.pause()
        assert [(d.args["article_id"], d.args["status"]) for d in _in_effect(small_db)] == [(screen.table.current_row.id, "reviewed")]


async def test_mark_all_articles_a_filter_shows(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = app.screen
        await pilot.press("slash")
        await type_text(pilot, "cuc")
        await pilot.press("enter", "asterisk")
        await pilot.pause()
        shown = {r.id for r in screen.table.rows}
        assert 0 < len(shown) < 6 and screen.table.marked == shown
        await pilot.press("asterisk")  # again: unmarked
        await pilot.pause()
        assert not screen.table.marked


def _lines(table, first: int, last: int) -> list[str]:
    return ["".join(seg.text for seg in table.render_line(y)) for y in range(first, last)]


async def test_names_with_markup_and_escapes_are_plain_text_in_the_review_list_and_its_filter(tmp_path: Path) -> None:
    a, b = "Sở [bold]TT&TT[/] \x1b]0;PWNED\x07Huế", "Sở [/] VHTTDL Huế"
    db = build(tmp_path / "db", [Spec("h1", "Tin", "2022-01-01", "Báo", None, f"{a} và {b} họp.",
                                      [(a, "organization"), (b, "organization")])],
               [(a, b, "organization", "suggest", 60.0, ["both a Sở"])])
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "3", ReviewScreen)
        await pilot.press("slash")
        await type_text(pilot, "[/]")
        await pilot.press("enter", "asterisk")
        await pilot.pause()
        assert len(screen.table.rows) == 1 and "1 marked" in _title(screen)
        line = _lines(screen.table, 1, 2)[0]
        assert "[bold]TT&TT[/]" in line and "\x1b" not in line and "\x07" not in line
        await pilot.press("x")
        await pilot.pause()
    assert [d.op for d in _in_effect(db)] == ["reject"]


async def test_help_lists_the_keys_that_decide_in_bulk(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=(160, 120)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from rich.console import Console

        console = Console(width=160, record=True)
        console.print(app.screen._render_help())
        text = console.export_text()
        for words in ("with marks: each marked pair", "Mark all", "Reviewed", "Flagged"):
            assert words in text, words
        assert text.count("with marks: each marked pair") == 2  # a accepts and x rejects the marked ones
