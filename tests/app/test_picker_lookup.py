"""The pickers find an entity typed as people write it: "đồng chí Phạm Hải", "Cục H04 (Bộ Công an)",
and say in the hint line what they set aside."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label, OptionList

from curator.app import CuratorApp
from curator.app.display import plain
from curator.app.screens.entities import EntitiesScreen
from curator.app.widgets.prompts import PickerScreen
from tests.app.test_flows import SIZE, history, ready, show, type_text


def labels(picker: PickerScreen) -> list[str]:
    options = picker.query_one(OptionList)
    return [plain(options.get_option_at_index(i).prompt).plain for i in range(options.option_count)]


def hint(picker: PickerScreen) -> str:
    return str(picker.query_one("#picker-hint", Label).render())


async def open_link_picker(app: CuratorApp, pilot, mention_type: str) -> PickerScreen:
    await pilot.press("enter")  # the first article
    await pilot.pause()
    article = app.screen
    while article._current() is not None and article._current().type != mention_type:
        await pilot.press("j")
        await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, PickerScreen)
    return app.screen


async def test_the_link_picker_finds_a_body_written_with_its_parent(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        picker = await open_link_picker(app, pilot, "organization")
        await type_text(pilot, "Cục H04 (Bộ Công an)")
        await pilot.pause()
        assert [x.rsplit(" (", 1)[0] for x in labels(picker)] == ["Cục Viễn thông và Cơ yếu"]
        assert hint(picker) == "nothing named so: showing 'Cục H04' (set aside: parent body “Bộ Công an”)"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view.mentions[0].entity_name == "Cục Viễn thông và Cơ yếu"
    assert [d.args.get("to_entity") for d in history(small_db) if d.op == "relink"] == ["Cục Viễn thông và Cơ yếu"]


async def test_the_link_picker_finds_a_person_written_with_an_honorific_with_or_without_marks(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        picker = await open_link_picker(app, pilot, "person")
        box = picker.query_one(Input)
        for typed, aside in (("đồng chí Phạm Hồng Hải", "“đồng chí”"), ("dong chi Pham Hong Hai", "“dong chi”")):
            box.value = typed
            await pilot.pause()
            assert [x.rsplit(" (", 1)[0] for x in labels(picker)] == ["Phạm Hồng Hải"], typed
            assert aside in hint(picker), typed
        box.value = "Phạm"  # matches as typed: the usual hint comes back
        await pilot.pause()
        assert hint(picker) == "enter picks the highlighted line"
        assert len(labels(picker)) == 2


async def test_the_picker_shows_nothing_for_titles_markup_and_control_characters(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        picker = await open_link_picker(app, pilot, "person")
        box = picker.query_one(Input)
        for typed in ("bà", "đồng chí", "bà Phạm Văn Z", "[b]Bộ[/b]", "[/]", "\x1b]0;PWNED\x07ông Lê"):
            box.value = typed
            await pilot.pause()
            assert labels(picker) == [], typed
            assert hint(picker) == "enter picks the highlighted line", typed
        box.value = "ông\x1b]0;PWNED\x07 Phạm Hải"
        await pilot.pause()
        assert [x.rsplit(" (", 1)[0] for x in labels(picker)] == ["Phạm Hải", "Phạm Hồng Hải"]
        assert hint(picker) == "nothing named so: showing 'Phạm Hải' (set aside: honorific “ông”)"
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert history(small_db) == []


async def test_the_merge_dialog_shows_the_name_under_a_title_unhighlighted_and_down_picks_it(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "2", EntitiesScreen)
        await pilot.press("slash")
        await type_text(pilot, "nguyen")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "space", "m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one(Input).value = "Thượng tướng Nguyễn Văn Thành"
        await pilot.pause()
        assert labels(picker) == ["Nguyễn Văn Thành"]
        assert picker.query_one(OptionList).highlighted is None  # enter would keep the typed text
        assert hint(picker).startswith("nothing named so: showing 'Nguyễn Văn Thành' (set aside: title “Thượng tướng”)")
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.name for e in screen.table.rows] == ["Nguyễn Văn Thành"]
    assert [(d.op, d.args.get("name") or d.args.get("canonical")) for d in history(small_db)] == [("merge", "Nguyễn Văn Thành")]
