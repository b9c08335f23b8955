"""Pilot stories for issue 19's app items: keys act where the curator looks, the date
editor keeps what was typed, ingest names its problem files, and the small things
(plurals, feedback, the theme kept)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.screens.articles import ArticlesScreen
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.app.widgets.virtual_table import VirtualTable
from curator.app.widgets.prompts import PromptScreen
from tests.app.test_flows import SIZE, history, ready, type_text


def label_text(label: Label) -> str:
    content = label.content
    return str(getattr(content, "plain", content))


async def _edit_date(app: CuratorApp, pilot, typed: str) -> None:
    await pilot.press("enter", "D")
    await pilot.pause()
    await pilot.press("ctrl+u")
    await type_text(pilot, typed)
    await pilot.press("enter")
    await pilot.pause()


async def test_an_invalid_date_keeps_the_box_open_with_what_was_typed_and_says_why(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _edit_date(app, pilot, "31/02/2023")
        assert isinstance(app.screen, PromptScreen), "the date box closed on an invalid date"
        assert app.screen.query_one(Input).value == "31/02/2023"
        reason = label_text(app.screen.query_one("#prompt-hint", Label))
        assert "28 days" in reason and "use" not in reason  # not told to use the format it is in
        # Corrected in place, it is saved.
        await pilot.press("ctrl+u")
        await type_text(pilot, "28/02/2023")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.view.fields["published"].value == "2023-02-28"
    assert [d.args["value"] for d in history(small_db)] == ["2023-02-28"]


async def test_a_month_and_year_typed_as_mm_yyyy_is_saved_as_yyyy_mm(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _edit_date(app, pilot, "01/2021")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.view.fields["published"].value == "2021-01"
    assert [d.args["value"] for d in history(small_db)] == ["2021-01"]


async def test_s_on_the_entity_detail_splits_nothing_while_the_articles_list_has_the_focus(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2", "slash")
        await type_text(pilot, "h04")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, EntityScreen) and len(detail.detail.aliases) > 1
        await pilot.press("tab")  # the focus is on the Articles list now
        await pilot.pause()
        assert app.focused is detail.query_one("#entity-articles", VirtualTable)
        await pilot.press("s")
        await pilot.pause()
        assert history(small_db) == []
        assert any("Aliases list" in n.message for n in app._notifications)
        # On the Aliases list, s splits the highlighted alias (the second one here).
        await pilot.press("shift+tab")
        await pilot.press("down")
        await pilot.pause()
        aliases = detail.query_one("#entity-aliases", VirtualTable)
        assert app.focused is aliases
        chosen = aliases.current_row[0]
        await pilot.press("s")
        await pilot.pause()
    assert [(d.op, d.args["alias"]) for d in history(small_db)] == [("split", chosen)]


async def test_a_mode_key_shows_that_modes_list_not_the_article_open_before(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")  # open a01
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("2", "1")
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        await pilot.press("f")  # the list's status filter, not a flag on a01
        await pilot.pause()
        assert app.screen.status_filter == "new"
        # The same for an entity detail and the 2 key.
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        await pilot.press("3", "2")
        await pilot.pause()
        assert isinstance(app.screen, EntitiesScreen)
    assert history(small_db) == []


async def test_the_ingest_summary_names_each_file_with_a_problem_and_why(small_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "tin-moi.txt").write_text(
        "Bộ Công an họp báo\n\nNgày 12/03/2022, Bộ Công an họp báo về an ninh mạng.\n", encoding="utf-8"
    )
    (folder / "hong.jsonl").write_text('{"title": "x"\n', encoding="utf-8")
    (folder / "[bold]lạ[i].csv").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x01")
    app = CuratorApp(db_path=small_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.action_ingest()  # the palette's "Ingest a folder…"
        await pilot.pause()
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Ingest"]
    assert len(said) == 1, [n.message for n in app._notifications]
    summary = said[0]
    assert "hong.jsonl: " in summary and "[bold]lạ[i].csv: " in summary  # named, as the characters they are
    assert "tin-moi.txt" not in summary
    assert "2 files with problems" in summary
    assert "1 article added" in summary  # not "1 articles"


def shown_lines(widget, count: int) -> list[str]:
    """The first ``count`` lines a widget draws, as plain text."""
    return [widget.render_line(y).text for y in range(count)]


async def test_a_sorted_columns_arrow_shows_even_when_its_header_is_cut(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        while screen.table.sort_column != "aliases":
            await pilot.press("s")
            await pilot.pause()
        header = shown_lines(screen.table, 1)[0]
        assert "▼" in header, header  # "Aliases" fills its 7 cells: the arrow had been cut off
        assert "Alia" in header


async def test_names_that_differ_only_at_the_end_stay_apart_in_a_narrow_column(small_db: Path) -> None:
    from curator.workspace import Workspace

    with Workspace(small_db, write=True) as ws:
        ws.load_entities()
        ws.rename(ws.find_entity("Cục Viễn thông").id, "Cục Viễn thông và Cơ yếu phía Nam")
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=(44, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("2", "slash")
        await type_text(pilot, "cuc vien")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.table
        assert sorted(e.name for e in table.rows) == ["Cục Viễn thông và Cơ yếu", "Cục Viễn thông và Cơ yếu phía Nam"]
        name_cells = [line.split(" org ")[0] for line in shown_lines(table, 3)[1:]]
        assert all("…" in name for name in name_cells), name_cells  # the column is narrower than the names
        assert len(set(name_cells)) == 2, name_cells  # cut alike at the end, they looked the same


async def test_an_alias_count_on_review_shows_however_long_the_name(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=(60, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        view = screen.current
        assert view is not None
        for side, aliases in (("a", view.a_aliases), ("b", view.b_aliases)):
            options = screen.query_one(f"#aliases-{side}")
            lines = shown_lines(options, options.virtual_size.height)
            for form, count in aliases:
                assert any(f"×{count}" in line and form[:8] in line for line in lines), (form, lines)


async def test_each_deciding_key_on_the_article_screen_says_what_it_saved(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        line = screen.query_one("#article-mention")

        def said() -> str:
            return str(getattr(line.content, "plain", line.content))

        assert "Saved" not in said()
        first = screen.view.mentions[0].text
        for key, expected in (
            ("a", f"Saved: accept '{first}' in a01"),
            ("x", "Saved: unlink '"),
            ("r", "Saved: mark a01 reviewed"),
            ("f", "Saved: mark a01 flagged"),
            ("d", "Saved: mark a01 duplicate"),
        ):
            await pilot.press(key)
            await pilot.pause()
            if key == "d":  # d offers the likely originals first: none here, "none of these" is picked
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press("enter")
                await pilot.pause()
            assert expected in said(), (key, said())
        await pilot.press("n")  # the next article starts with nothing said
        await pilot.pause()
        assert "Saved" not in said()
    assert len(history(small_db)) == 5


async def test_enter_on_an_alias_says_what_can_be_done_and_the_footer_offers_no_open(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, EntityScreen)
        assert app.focused is detail.query_one("#entity-aliases")
        footer = detail.query_one("KeyBar").render().plain
        assert "Open" not in footer, footer
        alias = detail.detail.aliases[0][0]
        await pilot.press("enter")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(alias in m and "s splits it out" in m for m in said), said
        assert app.screen is detail
        # The title counts in the singular for one.
        title = detail.query_one("#title-line").render().plain
        n = len(detail.detail.articles)
        assert (f"{n} article " in title + " ") if n == 1 else f"{n} articles" in title
        assert "1 aliases" not in title and "1 articles" not in title


async def test_the_theme_chosen_is_kept_after_a_restart(small_db: Path, own_settings: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme != "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Theme: nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    again = CuratorApp(db_path=small_db)
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.theme == "nord"
    assert (own_settings / "curator" / "settings.json").is_file()
    assert not (small_db / "settings.json").exists()  # the archive's folder holds only its data


async def test_a_damaged_settings_file_means_the_default_theme_not_a_failed_start(small_db: Path, own_settings: Path) -> None:
    (own_settings / "curator").mkdir(parents=True)
    (own_settings / "curator" / "settings.json").write_text('{"theme": "nord"', encoding="utf-8")
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        default = app.theme
        app.theme = "nord" if default != "nord" else "gruvbox"  # and choosing one repairs it
        await pilot.pause()
    import json

    assert json.loads((own_settings / "curator" / "settings.json").read_text(encoding="utf-8")) == {"theme": app.theme}
