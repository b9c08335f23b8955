"""Pilot stories: each drives the app like a curator and checks what reached the database."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from pathlib import Path
from typing import TypeVar

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static
from textual.worker import WorkerFailed

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.screens.articles import ArticlesScreen
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.app.screens.review import ReviewScreen
from curator.app.widgets.text_view import TextView
from curator.app.widgets.virtual_table import VirtualTable
from curator.store import Store
from curator.workspace import Workspace
from tests.app.waiting import wait_until

SIZE = (120, 40)


T = TypeVar("T")


async def ready(app: CuratorApp, pilot: Pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def show(app: CuratorApp, pilot: Pilot, key: str, screen_class: type[T]) -> T:
    """Press ``key`` and return the screen it opens, checking it is a ``screen_class``."""
    await pilot.press(key)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, screen_class)
    return screen


def history(db: Path) -> list:
    with Store(db) as store:
        return [d for d in store.history() if not d.undone]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_opens_on_articles_with_every_article(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert [r.id for r in app.screen.table.rows] == ["a01", "a02", "a03", "a04", "a05", "a06"]


async def test_filter_folds_accents_and_matches_entity_names(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "bao mat")
        await pilot.pause()
        assert [r.id for r in app.screen.table.rows] == ["a02"]
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "pham hai")  # a person named in a02 and a03, not in their titles
        await pilot.pause()
        assert {r.id for r in app.screen.table.rows} == {"a02", "a03"}
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.table.rows) == 6


async def test_sort_and_status_filter(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("s", "S", "home")  # by date, newest first
        await pilot.pause()
        assert app.screen.table.rows[0].id == "a06"
        await pilot.press("enter", "f", "escape")  # flag a06
        await pilot.pause()
        await pilot.press("f", "f", "f")  # status filter: new -> reviewed -> flagged
        await pilot.pause()
        assert [r.id for r in app.screen.table.rows] == ["a06"]
    assert history(small_db)[-1].args["status"] == "flagged"


async def test_open_edit_date_and_step_to_next_article(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == "a01"
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "2021-01-16")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view.fields["published"].value == "2021-01-16"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.article_id == "a02"
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.screen.article_id == "a01"
    with Workspace(small_db, write=False) as ws:
        assert ws.article("a01").fields["published"].value == "2021-01-16"
        assert ws.article("a01").fields["published"].edited


def shown_article(screen: ArticleScreen) -> tuple[str, str]:
    """The article screen's metadata block and body, as plain text."""
    meta = screen.query_one("#article-meta", Static).content
    body = screen.query_one("#article-body", TextView).content
    return str(getattr(meta, "plain", meta)), str(getattr(body, "plain", body))


async def test_the_second_article_opened_from_the_list_shows_its_own_text_and_fields(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        first = await show(app, pilot, "enter", ArticleScreen)
        await pilot.press("escape", "down")
        await pilot.pause()
        second = await show(app, pilot, "enter", ArticleScreen)
        assert second is first  # one screen, reused: only its content changes
        assert second.article_id == "a02"
        expected = app.workspace.article("a02")
        meta, body = shown_article(second)
        assert expected.fields["title"].value in meta
        assert body == expected.article.text
        assert body != app.workspace.article("a01").article.text
        assert [e.id for e in second.query_one("#article-entities", VirtualTable).rows] == [e.id for e in expected.entities]


async def test_an_edited_title_shows_when_the_article_is_opened_again(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await show(app, pilot, "enter", ArticleScreen)
        await pilot.press("t", "ctrl+u")
        await type_text(pilot, "Tựa đề đã sửa")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "down")
        await pilot.pause()
        await show(app, pilot, "enter", ArticleScreen)
        await pilot.press("escape", "up")
        await pilot.pause()
        screen = await show(app, pilot, "enter", ArticleScreen)
        assert screen.article_id == "a01"
        assert "Tựa đề đã sửa" in shown_article(screen)[0]
        await pilot.press("n")  # the next one is drawn fresh too, and p comes back to the edit
        await pilot.pause()
        assert screen.article_id == "a02" and "Tựa đề đã sửa" not in shown_article(screen)[0]
        await pilot.press("p")
        await pilot.pause()
        assert "Tựa đề đã sửa" in shown_article(screen)[0]


async def test_bad_date_is_refused_and_nothing_saved(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "D")
        await pilot.pause()
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "hôm qua")
        await pilot.press("enter")
        await pilot.pause()
        hint = app.screen.query_one("#prompt-hint", Label).content
        assert "not a date" in str(getattr(hint, "plain", hint))
        await pilot.press("escape")
        await pilot.pause()
    assert history(small_db) == []


async def test_accept_unlink_and_link_mentions(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")  # accept the first mention, move to the second
        await pilot.press("x")  # unlink the second (Cục Bưu điện Trung ương)
        await pilot.pause()
        assert app.screen.view.mentions[0].accepted
        assert app.screen.view.mentions[1].entity_id is None
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, "bdtw")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view.mentions[1].entity_name == "Cục Bưu điện Trung ương"
    ops = [d.op for d in history(small_db)]
    assert ops == ["accept_mention", "relink", "relink"]


async def test_link_picker_typed_fast_picks_what_was_typed(small_db: Path) -> None:
    # "l", a name and enter sent at once: enter comes before the list has caught up
    # with the letters, and still picks from what was typed.
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "down")  # the second mention, Cục Bưu điện Trung ương
        await pilot.pause()
        burst(app, ["x", "l", *"bdtw", "enter"])
        await wait_until(lambda: len([d for d in history(small_db) if d.op == "relink"]) == 2, pilot=pilot, what="the unlink and the link")
        await pilot.pause()
        assert app.screen.view.mentions[1].entity_name == "Cục Bưu điện Trung ương"
    relinks = [d.args.get("to_entity") for d in history(small_db) if d.op == "relink"]
    assert relinks == [None, "Cục Bưu điện Trung ương"]


async def test_review_accept_reject_skip_and_undo(small_db: Path) -> None:
    with Workspace(small_db, write=False) as ws:
        expected = [(s.a_name, s.b_name) for s in ws.suggestions()]
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "3", ReviewScreen)
        assert (screen.current.suggestion.a_name, screen.current.suggestion.b_name) == expected[0]
        await pilot.press("x")  # different
        await pilot.pause()
        assert (screen.current.suggestion.a_name, screen.current.suggestion.b_name) == expected[1]
        await pilot.press("s")  # skip
        await pilot.pause()
        third = screen.current.suggestion
        assert (third.a_name, third.b_name) == expected[2]
        await pilot.press("a")  # same entity
        await pilot.pause()
        assert screen.decided == 2
        await pilot.press("u")
        await pilot.pause()
        assert any(n.title == "Undone" and third.a_name in n.message for n in app._notifications)
        assert screen.decided == 1  # the progress line takes the undone one back
        assert "decided 1" in str(screen.query_one("#title-line").render())
    decisions = history(small_db)
    assert [(d.op, d.args["entities"]) for d in decisions] == [("reject", list(expected[0]))]
    with Workspace(small_db, write=False) as ws:
        names = {e.name for e in ws.entities()}
        assert set(expected[2]) <= names  # the undone merge is not in effect


async def test_accepted_suggestion_survives_a_restart(small_db: Path) -> None:
    with Workspace(small_db, write=False) as ws:
        first = ws.suggestions()[0]
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "a")
        await pilot.pause()
    with Workspace(small_db, write=False) as ws:
        merged = ws.find_entity(first.b_name)
        assert {first.a_name, first.b_name} <= set(merged.aliases) | {merged.name}
        assert ws.find_entity(first.a_name).id == merged.id


async def test_review_drop_alias_splits_it_out(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        while screen.current.suggestion.b_name != "Cục Viễn thông và Cơ yếu":
            await pilot.press("s")
            await pilot.pause()
        await pilot.press("tab")  # the other side, as the footer of Help says
        await pilot.pause()
        assert app.focused is screen.query_one("#aliases-b")
        aliases = [f for f, _ in screen.current.b_aliases]
        assert aliases[0] == "Cục H04"
        await pilot.press("d")
        await pilot.pause()
    split = history(small_db)[-1]
    assert split.op == "split" and split.args["alias"] == "Cục H04"
    with Workspace(small_db, write=False) as ws:
        assert set(ws.find_entity("Cục H04").aliases) == {"Cục H04"}


async def test_entity_detail_lists_open_an_article_and_another_entity(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await show(app, pilot, "2", EntitiesScreen)
        detail = await show(app, pilot, "enter", EntityScreen)
        entity = detail.detail.entity
        articles = detail.query_one("#entity-articles", VirtualTable)
        assert {r.id for r in articles.rows} == set(entity.article_ids)  # every one, not the first 2,000
        assert len(articles.rows) == len(entity.article_ids) > 1
        await pilot.press("tab")  # to the articles
        await pilot.pause()
        assert app.focused is articles
        await pilot.press("down")
        opened = await show(app, pilot, "enter", ArticleScreen)
        assert opened.view.article.id == articles.rows[1].id
        await pilot.press("n")  # n steps through this entity's articles
        await pilot.pause()
        if len(articles.rows) > 2:
            assert opened.view.article.id == articles.rows[2].id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail
        await pilot.press("tab")  # to the entities it appears with
        await pilot.pause()
        others = detail.query_one("#entity-cooc", VirtualTable)
        assert app.focused is others
        other = others.rows[0][0]
        assert other.id != entity.id
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.detail.entity.id == other.id


async def test_detail_screens_opened_one_over_another_are_distinct_and_reused_by_depth(small_db: Path) -> None:
    """An article, an entity from it, an article from that: three screens (named by
    their depth on the stack); back on the list, the ones composed at start serve
    every mode."""
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        prepared = app.get_screen("article-1"), app.get_screen("entity-1")
        article = await show(app, pilot, "enter", ArticleScreen)
        await pilot.press("tab")  # to the entities it mentions
        await pilot.pause()
        entity = await show(app, pilot, "enter", EntityScreen)
        await pilot.press("tab")  # to the entity's articles
        await pilot.pause()
        nested = await show(app, pilot, "enter", ArticleScreen)
        assert (article, entity, nested) == (prepared[0], app.get_screen("entity-2"), app.get_screen("article-3"))
        assert nested is not article and nested.view.article.id in entity.detail.entity.article_ids
        for screen in (entity, article):
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen) and article.view is not None
        await show(app, pilot, "2", EntitiesScreen)
        assert await show(app, pilot, "enter", EntityScreen) is prepared[1]
        await pilot.press("tab")  # to the entity's articles
        await pilot.pause()
        opened = await show(app, pilot, "enter", ArticleScreen)
        assert opened is app.get_screen("article-2") and opened is not article


async def test_entities_rename_split_and_merge(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "2", EntitiesScreen)
        await pilot.press("slash")
        await type_text(pilot, "h04")
        await pilot.press("enter")
        await pilot.pause()
        assert [e.name for e in screen.table.rows] == ["Cục Viễn thông và Cơ yếu"]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+u") if False else None
        app.screen.query_one("Input").value = ""
        await type_text(pilot, "Cục H04 (Bộ Công an)")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.table.rows[0].name == "Cục H04 (Bộ Công an)"
        await pilot.press("enter")  # detail
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        detail = app.screen.detail
        assert [f for f, _ in detail.aliases][0] == "Cục H04"
        await pilot.press("down", "s")  # split the second alias out
        await pilot.pause()
        split_alias = history(small_db)[-1].args["alias"]
        await pilot.press("escape", "escape")  # back to the list, clear the filter
        await pilot.pause()
        # merge two people by marking them
        await pilot.press("slash")
        await type_text(pilot, "nguyen")
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.table.rows) == 2
        await pilot.press("space", "space", "m")
        await pilot.pause()
        app.screen.query_one("Input").value = ""
        await type_text(pilot, "Nguyễn Văn Thành")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.table.marked
        assert "marked" not in screen.query_one("#title-line").render().plain  # the header forgets the marks too
    ops = [(d.op, d.args.get("name") or d.args.get("alias") or d.args.get("canonical")) for d in history(small_db)]
    assert ops == [("rename", "Cục H04 (Bộ Công an)"), ("split", split_alias), ("merge", "Nguyễn Văn Thành")]
    with Workspace(small_db, write=False) as ws:
        assert set(ws.find_entity("Nguyễn Thành").aliases) == {"Nguyễn Thành", "Nguyễn Văn Thành"}


async def test_undo_again_and_again(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter", "r", "n", "f", "escape")
        await pilot.pause()
        assert len(history(small_db)) == 2
        await pilot.press("u", "ctrl+z")
        await pilot.pause()
        assert history(small_db) == []
        await pilot.press("u")
        await pilot.pause()
        assert app._notifications and list(app._notifications)[-1].message == "Nothing to undo."
        assert [r.status for r in app.screen.table.rows[:2]] == ["new", "new"]


async def test_export_from_the_palette(small_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("3", "a")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    import orjson

    data = orjson.loads(target.read_bytes())
    assert "Văn phòng Bộ Công an" in target.read_text(encoding="utf-8")
    assert data


async def test_open_entity_by_name_from_the_palette(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "cuc bdtw")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        assert app.screen.detail.entity.name == "Cục Bưu điện Trung ương"


async def test_failed_save_is_reported_and_not_shown_as_done(small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from curator.store import SaveFailed

    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)

        def broken(decision: object) -> None:
            raise SaveFailed(small_db / "curation.json", OSError(28, "No space left on device"))

        monkeypatch.setattr(app.workspace.store, "append_decision", broken)
        await pilot.press("enter", "r")
        await pilot.pause()
        assert app.screen.view.status == "new"
        assert any(n.title == "Not saved" and "No space left" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.rows[0].status == "new"
    assert history(small_db) == []


async def test_locked_database_exits_with_the_message(small_db: Path) -> None:
    with Workspace(small_db, write=True, command="curator ingest"):
        app = CuratorApp(db_path=small_db)
        async with app.run_test(size=SIZE) as pilot:
            # The open worker fails (that is the point); waiting on it re-raises its error.
            with contextlib.suppress(WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.error_message and "in use by" in app.error_message


async def test_quit_releases_the_lock(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    with Workspace(small_db, write=True):
        pass


async def test_the_app_takes_the_interpreter_back_sooner_and_restores_the_setting_on_quit(small_db: Path) -> None:
    # The thread that answers keys asks for the interpreter back after 1 ms, not
    # Python's 5 ms, while workers load; whoever runs the app gets the setting back.
    import sys

    from curator.app.process_settings import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
        await pilot.press("q")
        await pilot.pause()
    assert before != pytest.approx(SWITCH_INTERVAL_S)
    assert sys.getswitchinterval() == pytest.approx(before)


async def test_help_lists_every_binding_with_an_id(small_db: Path) -> None:
    from curator.app.screens.help import HelpScreen

    for screen_class in [CuratorApp, *CuratorApp.help_screens()]:
        for binding in screen_class.BINDINGS:
            assert binding.id, f"{screen_class.__name__}: {binding.key} has no id"
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(app.screen._render_help())
        out = console.export_text()
        for needle in ["Same entity", "Split alias", "Next article", "Undo", "Merge marked"]:
            assert needle in out


async def test_quitting_during_an_export_finishes_the_file_first(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import curator.export as export_module

    target = tmp_path / "out.json"
    app = CuratorApp(db_path=small_db)
    running_when_written: list[bool] = []
    real_export = export_module.export_workspace
    quit_asked = threading.Event()

    def slow_export(ws: Workspace, path: Path | None = None, progress=None):  # noqa: ANN001
        quit_asked.wait(10)  # an export of a big archive takes a while: still under way when q is pressed
        out = real_export(ws, path, progress=progress)
        running_when_written.append(app.is_running)
        return out

    monkeypatch.setattr(export_module, "export_workspace", slow_export)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.action_export()
        await pilot.pause()
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter", "q")  # q straight after starting the export
        await wait_until(lambda: any("Finishing the export" in n.message for n in app._notifications), pilot=pilot)
        quit_asked.set()
        await wait_until(lambda: not app.is_running, what="the app quits once the file is written")
    await wait_until(lambda: running_when_written, what="the export wrote its file")
    assert running_when_written == [True]  # the app waited for the file before quitting
    assert json.loads(target.read_text(encoding="utf-8"))["articles"]


async def test_the_last_column_shows_beside_a_scrollbar(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=(100, 10)) as pilot:  # fewer lines than entities: the list scrolls
        await ready(app, pilot)
        screen = await show(app, pilot, "2", EntitiesScreen)
        await pilot.pause()
        table = screen.table
        assert table.max_scroll_y > 0 and table.scrollbar_size_vertical > 0
        line = table.render_line(0)
        visible = table.scrollable_content_region.width  # what the scrollbar leaves
        assert line.cell_length <= visible
        assert line.text.rstrip().endswith("Articles"), line.text


async def test_progress_line_shows_file_names_literally(small_db: Path) -> None:
    # The progress line names the file being read: a name from the archive is data,
    # so "[/]" must neither crash the app nor turn into styling.
    from textual.widgets import Label

    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.work_state = ("Ingesting [b]x[/b]", 3, 10, "tin/[/]bài [bold]một[/bold].txt")
        await pilot.pause()
        shown = str(app.screen.query_one("#work-what", Label).render())
        assert "tin/[/]bài [bold]một[/bold].txt" in shown
        assert "Ingesting [b]x[/b]" in str(app.screen.query_one("#work-title", Label).render())


async def test_a_mode_key_pressed_while_the_database_opens_is_not_lost(small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import curator.workspace as workspace_module

    opening = threading.Event()  # the database opens only when the test says so
    real = workspace_module.Workspace

    class SlowToOpen(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            opening.wait(10)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workspace_module, "Workspace", SlowToOpen)
    app = CuratorApp(db_path=small_db)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("3")
            await pilot.pause()
            assert app.workspace is None  # the key surely came before the database was open
            opening.set()
            await ready(app, pilot)
            assert app.workspace is not None
            assert isinstance(app.screen, ReviewScreen)
    finally:
        opening.set()


async def test_a_reused_article_screen_takes_a_theme_chosen_while_it_was_hidden(small_db: Path) -> None:
    # Reopening skips Textual's restyling of the whole screen unless the CSS changed:
    # a theme switched while the screen was hidden must still show.
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        first = await show(app, pilot, "enter", ArticleScreen)
        body = first.query_one("#article-body", TextView)
        dark = body.styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        again = await show(app, pilot, "enter", ArticleScreen)
        assert again is first
        assert body.has_focus
        assert body.styles.background == Color.parse(app.current_theme.to_color_system().generate()["surface"])
        assert body.styles.background != dark


async def test_the_screens_composed_at_start_take_a_theme_chosen_before_they_are_first_shown(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.theme = "textual-light"
        await pilot.pause()
        surface = Color.parse(app.current_theme.to_color_system().generate()["surface"])
        article = await show(app, pilot, "enter", ArticleScreen)
        assert article is app.get_screen("article-1")
        assert article.query_one("#article-body", TextView).styles.background == surface
        await pilot.press("escape")
        await show(app, pilot, "2", EntitiesScreen)
        entity = await show(app, pilot, "enter", EntityScreen)
        assert entity is app.get_screen("entity-1")
        assert entity.query_one("#entity-aliases", VirtualTable).styles.background == app.screen_stack[0].query_one(VirtualTable).styles.background


async def test_the_first_article_opened_is_drawn_on_a_screen_prepared_unseen(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        prepared = app.get_screen("article-1")
        assert isinstance(prepared, ArticleScreen)
        assert prepared.is_mounted and prepared.view is None  # composed, no article yet
        screen = await show(app, pilot, "enter", ArticleScreen)
        assert screen is prepared
        meta, body = shown_article(screen)
        expected = app.workspace.article("a01")
        assert expected.fields["title"].value in meta and body == expected.article.text
        assert "…" not in meta


async def test_while_entities_load_the_filter_matches_titles_without_waiting_then_names(small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        ws = app.workspace
        screen = app.screen
        assert isinstance(screen, ArticlesScreen)
        # As while the background thread still builds the name index: not ready, loading.
        monkeypatch.setattr(type(ws), "entity_filters_ready", lambda self: False)
        monkeypatch.setattr(type(app), "loading_entities", property(lambda self: True))
        waited: list[str] = []
        monkeypatch.setattr(type(ws), "entity_text_index", lambda self: waited.append("index"))
        monkeypatch.setattr(type(ws), "entity_article_pairs", lambda self: waited.append("pairs"))
        await pilot.press("slash")
        await type_text(pilot, "pham hai")  # a person named in a02 and a03, not in their titles
        await pilot.pause()
        assert waited == []  # no keystroke waited for the name index
        assert [r.id for r in screen.table.rows] == []  # titles, authors, outlets only
        monkeypatch.undo()
        app.data_changed()  # what the app does when loading ends
        await pilot.pause()
        assert screen.query_text == "pham hai"
        assert {r.id for r in screen.table.rows} == {"a02", "a03"}  # the names joined in


async def test_a_filter_keystroke_shows_the_box_and_the_list_in_one_frame(small_db: Path) -> None:
    """The typed letter and the rows it leaves come to the terminal together: no frame
    with the new letter above the old list (Textual painted the box a frame early)."""
    from curator.bench import probes

    probes._hook_frames()
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        for key, rows in (("c", 6), ("u", 5), ("c", 5), ("space", 5), ("a", 3), ("backspace", 5)):
            await asyncio.sleep(0.05)  # the last key's frames are drawn: not counted for this one
            probes._played()
            await pilot.press(key)
            await wait_until(lambda: len(app.screen.table.rows) == rows, pilot=pilot)  # noqa: B023
            # Not a wait for a state: the window in which a second frame, the one this
            # test is about, would come (Textual draws at most every 1/60 s).
            await asyncio.sleep(0.1)
            changing = [cells for _, cells in probes._played() if cells]
            assert len(app.screen.table.rows) == rows, key
            assert len(changing) == 1, (key, changing)


def burst(app: CuratorApp, keys: list[str]) -> None:
    """Keys typed faster than the app handles them (as tmux or a fast typist sends them)."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, {"slash": "/", "space": " "}.get(key, key if len(key) == 1 else None)))


async def test_keys_typed_right_after_slash_go_into_the_filter_and_never_act(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.screen.table.cursor = 0
        await pilot.press("3", "x")  # a decision that "u" would undo
        await pilot.pause()
        assert len(history(small_db)) == 1
        burst(app, ["1", "slash", "c", "u", "c", "space", "a", "n"])
        await wait_until(lambda: isinstance(app.screen, ArticlesScreen) and len(app.screen.table.rows) == 3, pilot=pilot)
        assert isinstance(app.screen, ArticlesScreen)
        assert app.screen.query_one("#filter").value == "cuc an"
        assert len(app.screen.table.rows) == 3
        assert len(history(small_db)) == 1  # "u" was a letter of the filter, not an undo


async def test_enter_typed_right_after_the_enter_that_closes_the_filter_opens_the_article(small_db: Path) -> None:
    # "/cuc an", enter (the filter box closes, the list takes the focus), enter (open
    # the row under the cursor), sent at once: the second enter is the list's, and it
    # opens a row of the filtered list.
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        burst(app, ["slash", "c", "u", "c", "space", "a", "n", "enter", "enter"])
        await wait_until(lambda: isinstance(app.screen, ArticleScreen) and app.screen.view is not None, pilot=pilot)
        assert isinstance(app.screen, ArticleScreen)
        articles = app.screen_stack[0]
        assert isinstance(articles, ArticlesScreen)
        assert articles.query_one("#filter").value == "cuc an"  # the enter did not go into the box
        assert len(articles.table.rows) == 3  # filtered
        assert app.screen.view.article.id == articles.table.current_row.id  # the row under the cursor
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is articles


async def test_a_key_typed_right_after_a_prompt_enter_goes_to_the_screen_below(small_db: Path) -> None:
    # "D", a date, enter, "r", sent at once: the date is saved and the article marked
    # reviewed; "r" did not go into the closing prompt.
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.screen.table.cursor = 0
        article_id = app.screen.table.current_row.id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        burst(app, ["D", *"27/07/2023", "enter", "r"])
        await wait_until(lambda: len(history(small_db)) == 2, pilot=pilot, what="the edit and the status")
        assert isinstance(app.screen, ArticleScreen)
        saved = [(d.op, d.args) for d in history(small_db)]
        assert saved == [
            ("edit", {"article_id": article_id, "field": "published", "old": "2021-01-15", "value": "2023-07-27"}),
            ("status", {"article_id": article_id, "old": "new", "status": "reviewed"}),
        ]


async def test_a_key_that_moves_the_focus_each_time_it_comes_back_is_given_on_a_few_times_only(small_db: Path) -> None:
    """A key that came back unused after the focus moved is handed to the widget focused
    now; one that moves the focus every time would go round for ever."""

    class Hop(Static, can_focus=True):
        other: Static
        seen = 0

        def on_key(self) -> None:
            Hop.seen += 1
            self.screen.set_focus(self.other)  # and the key is left unused

    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        first, second = Hop(), Hop()
        first.other, second.other = second, first
        await app.screen.mount(first, second)
        app.screen.set_focus(first)
        await pilot.pause()
        await pilot.press("z")  # bound to nothing
        await pilot.pause()
        assert Hop.seen == 4  # handed on three times after the first
        assert isinstance(app.screen, ArticlesScreen)


async def test_enter_typed_right_after_m_picks_the_merged_name_and_opens_nothing(small_db: Path) -> None:
    # space, space, m, enter sent at once: the enter is the name picker's (the first
    # name), not the list's (which would open an entity's detail).
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "2", EntitiesScreen)
        await pilot.press("slash")
        await type_text(pilot, "nguyen")
        await pilot.press("enter")
        await pilot.pause()
        names = [e.name for e in screen.table.rows]
        assert len(names) == 2
        burst(app, ["space", "space", "m", "enter"])
        await wait_until(lambda: any(d.op == "merge" for d in history(small_db)), pilot=pilot, what="the merge")
        await pilot.pause()
        assert app.screen is screen
    merges = [d.args for d in history(small_db) if d.op == "merge"]
    assert len(merges) == 1 and merges[0]["canonical"] in names
