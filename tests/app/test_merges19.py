"""Pilot stories for issue 19 items 1 and 2: the automatic merges reviewed on Review
(grouped by rule, the evidence, ``d`` splits one back out, undoable), and the
canonical name (the rule on accept, ``A`` for the other side's name, the merge
dialog taking the typed name, rename refused onto another entity's name)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from curator.app import CuratorApp
from curator.app.screens.review import ReviewScreen
from curator.app.widgets.prompts import PickerScreen
from curator.store import Store
from curator.workspace import AutomaticMerge, MergeRule, Workspace
from tests.app.factory import LINKS, SMALL, Spec, build
from tests.app.test_flows import SIZE, history, ready, type_text


def _static_text(widget: Static) -> str:
    content = widget.content
    return str(getattr(content, "plain", content))


async def test_v_on_review_lists_the_automatic_merges_by_rule_with_evidence_and_d_splits_one_out(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.showing_merges
        table = screen.query_one("#merges-table")
        rows = list(table.rows)
        assert isinstance(rows[0], MergeRule)  # a rule heads its merges
        merges = [r for r in rows if isinstance(r, AutomaticMerge)]
        assert {(m.a, m.b) for m in merges} == {
            ("Cục Viễn thông và Cơ yếu", "Cục H04"), ("Cục Bưu điện Trung ương", "Cục BĐTW")
        }
        assert {r.rule for r in rows if isinstance(r, MergeRule)} == {"defined in the text", "acronym of the name"}
        # d on a rule's line splits nothing and says where to go.
        await pilot.press("d")
        await pilot.pause()
        assert history(small_db) == []
        assert any("Move to a merge" in n.message for n in app._notifications)
        # The suggestion's keys do nothing here: the suggestion is not on screen.
        await pilot.press("a", "x")
        await pilot.pause()
        assert history(small_db) == []
        # To the H04 merge: its evidence is shown in full below the list.
        target = next(i for i, r in enumerate(table.rows) if isinstance(r, AutomaticMerge) and r.b == "Cục H04")
        table.cursor = target
        await pilot.pause()
        evidence = _static_text(screen.query_one("#merge-evidence", Static))
        assert "defined in the text" in evidence and "Cục H04" in evidence
        await pilot.press("d")
        await pilot.pause()
        done = history(small_db)
        assert [(d.op, d.args["alias"]) for d in done] == [("split", "Cục H04")]
        assert not any(isinstance(r, AutomaticMerge) and r.b == "Cục H04" for r in table.rows)
        await pilot.press("u")
        await pilot.pause()
        assert history(small_db) == []
        assert any(isinstance(r, AutomaticMerge) and r.b == "Cục H04" for r in table.rows)
        # v again: the suggestions, whose keys work again.
        await pilot.press("v")
        await pilot.pause()
        assert not screen.showing_merges and screen.current is not None


def _lam_db(root: Path) -> Path:
    """"Mai Duy Lam" (met first, one article) and "Mai Duy Lâm" (three), suggested as one."""
    specs = [
        Spec("b01", "Tin một", "2021-01-01", "VnExpress", None, "Ông Mai Duy Lam phát biểu.", [("Mai Duy Lam", "person")]),
        *[
            Spec(f"b0{i}", f"Tin {i}", "2021-01-0{i}", "VnExpress", None, "Ông Mai Duy Lâm phát biểu.", [("Mai Duy Lâm", "person")])
            for i in (2, 3, 4)
        ],
    ]
    links = [("Mai Duy Lam", "Mai Duy Lâm", "person", "suggest", 80.0, ["same name written without diacritics"])]
    return build(root, [*SMALL, *specs], [*LINKS, *links])


def _entity_names(db: Path) -> set[str]:
    with Workspace(db, write=False) as ws:
        return {e.name for e in ws.entities()}


async def test_accept_keeps_the_marked_name_and_A_keeps_the_other_side(tmp_path: Path) -> None:
    db = _lam_db(tmp_path / "db")
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while screen.current is not None and {screen.workspace.entity_by_id(x).name for x in (screen.current.suggestion.a, screen.current.suggestion.b)} != {"Mai Duy Lam", "Mai Duy Lâm"}:
            await pilot.press("s")
            await pilot.pause()
        assert screen.current is not None
        shown = _static_text(screen.query_one("#review-reasons", Static))
        assert "a keeps “Mai Duy Lâm”" in shown and "A keeps “Mai Duy Lam”" in shown
        await pilot.press("a")
        await pilot.pause()
        names = _entity_names_live(app)
        assert "Mai Duy Lâm" in names and "Mai Duy Lam" not in names
        await pilot.press("u")
        await pilot.pause()
        while screen.current is not None and {screen.workspace.entity_by_id(x).name for x in (screen.current.suggestion.a, screen.current.suggestion.b)} != {"Mai Duy Lam", "Mai Duy Lâm"}:
            await pilot.press("s")
            await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        names = _entity_names_live(app)
        assert "Mai Duy Lam" in names and "Mai Duy Lâm" not in names
    assert [d.args["canonical"] for d in history(db)] == ["Mai Duy Lam"]


def _entity_names_live(app: CuratorApp) -> set[str]:
    assert app.workspace is not None
    return {e.name for e in app.workspace.entities()}


async def test_the_merge_dialog_takes_the_typed_name_when_an_existing_name_starts_with_it(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.table
        for name in ("Cục Bưu điện Trung ương", "Bộ Công an"):
            table.cursor = next(i for i, e in enumerate(table.rows) if e.name == name)
            await pilot.press("space")
            await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "Cục Bưu điện")
        await pilot.press("enter")
        await pilot.pause()
    assert [d.args["canonical"] for d in history(small_db)] == ["Cục Bưu điện"]


async def test_rename_onto_another_entitys_name_is_refused_offering_a_merge(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.table
        table.cursor = next(i for i, e in enumerate(table.rows) if e.name == "Cục Viễn thông")
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Bộ Công an")
        await pilot.press("enter")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("already the name of" in n and "merge" in n for n in notes), notes
        # The merge is offered, the name asked for first; escape leaves both as they were.
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert history(small_db) == []
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Bộ Công an")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the merge, named as asked
        await pilot.pause()
    assert [(d.op, d.args["canonical"]) for d in history(small_db)] == [("merge", "Bộ Công an")]


async def test_markup_in_merged_names_and_evidence_shows_as_typed(tmp_path: Path) -> None:
    hostile = "Cục [bold]Mật mã[/]"
    short = "Cục [/]MM"
    text = f"{hostile} ({short}) họp. {short} phát biểu."
    specs = [Spec("h01", "Tin", "2021-01-01", None, None, text, [(hostile, "organization"), (short, "organization")])]
    reason = f"defined in the text: “{hostile} ({short})”"
    db = build(tmp_path / "db", [*SMALL, *specs], [*LINKS, (hostile, short, "organization", "merge", 95.0, [reason])])
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "v")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#merges-table")
        table.cursor = next(i for i, r in enumerate(table.rows) if isinstance(r, AutomaticMerge) and hostile in (r.a, r.b))
        await pilot.pause()
        evidence = _static_text(screen.query_one("#merge-evidence", Static))
        assert hostile in evidence and short in evidence and reason in evidence
        await pilot.press("d")
        await pilot.pause()
    assert [d.op for d in history(db)] == ["split"]
