"""Hostile archive text in every notice, dialog, title and palette entry (issue 15, item 9).

An article title, author, outlet or an entity's name is data: whatever brackets
or escape sequences it holds, the app shows exactly its characters (cleaned of
control characters) and keeps running. Each story reads what Textual rendered:
the notification's content, the dialog's labels, the title line, the palette's
entries; with the old ``notify`` (markup on), ``[/]`` ended the app and
``[@click=app.quit]TQ[/] [reverse]REV[/]`` showed as a styled "TQ REV".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Input, Label, OptionList

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.app.widgets.prompts import PickerScreen, PromptScreen
from curator.app.widgets.title_line import TitleLine
from curator.text import one_line, safe_display
from tests.app.test_flows import SIZE, history, ready, show, type_text
from tests.hostile_corpus import ESCAPES, MARKUP_TITLE

# (text, a word of it the palette finds it by)
HOSTILE = [
    ("Tin về [link=file:///etc/passwd]y[/link]", "passwd"),  # the MarkupError
    ("[@click=app.quit]TQ[/] [reverse]REV[/]", "rev"),  # the styled "TQ REV"
    ("a [/] b [/ c [b]d", "[b]d"),  # unbalanced closers; escape() fails on "[/" (textual #6155)
    (MARKUP_TITLE, "foo"),
    ("Tin \\[x] $name [on red]đỏ[/] " + ESCAPES, "name"),  # an escaped bracket, a template variable, escapes
]
IDS = ["link", "click-reverse", "unbalanced", "corpus-markup", "escapes"]


def literal(text: str) -> str:
    """What the app must show for ``text``: its characters, on one line, no controls."""
    return one_line(text)


def plain(visual: Any) -> str:
    return visual.plain if isinstance(visual, Content) or hasattr(visual, "plain") else str(visual)


def notices(app: CuratorApp) -> list[tuple[str, str]]:
    """(title, message) of each notification on screen, as Textual renders it.

    A message's own styling shows as spans past the title line: there must be
    none (a link, a click action or reverse video from the archive text)."""
    shown = []
    for toast in app.screen.query("Toast"):
        content = toast.render()
        assert isinstance(content, Content)
        title, _, message = content.plain.partition("\n") if "\n" in content.plain else ("", "", content.plain)
        title_end = len(title) + 1 if title else 0
        styled = [span for span in content.spans if span.end > title_end]
        assert not styled, f"the notification's text was styled: {styled} in {content.plain!r}"
        shown.append((title, message))
    return shown


async def last_notice(app: CuratorApp, pilot: Any) -> tuple[str, str]:
    """The newest notification, once Textual has mounted and drawn it."""
    await pilot.pause()
    await pilot.pause()
    shown = notices(app)
    assert shown, "no notification on screen"
    return shown[-1]


def dialog_text(screen: Any) -> str:
    """Every label of a dialog, as rendered, and the value of its box."""
    labels = [plain(label.render()) for label in screen.query(Label)]
    return "\n".join([*labels, screen.query_one(Input).value])


def title_line(app: CuratorApp) -> str:
    return app.screen.query_one(TitleLine).render().plain


async def answer(app: CuratorApp, pilot: Any, value: str) -> None:
    """Type ``value`` into the open dialog's box (as pasted) and press enter."""
    assert isinstance(app.screen, (PromptScreen, PickerScreen))
    app.screen.query_one(Input).value = value
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def palette_entries(app: CuratorApp, pilot: Any, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    app.screen.query_one(Input).value = query
    await pilot.pause(0.5)
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)
    options = app.screen.query_one(OptionList)
    entries = [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return entries


@pytest.mark.parametrize(("hostile", "word"), HOSTILE, ids=IDS)
async def test_an_article_field_edited_to_hostile_text_shows_as_typed_in_every_notice_and_dialog(
    small_db: Path, hostile: str, word: str
) -> None:
    shown = literal(hostile)
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "enter", ArticleScreen)
        old_title = screen.view.fields["title"].value
        for key, field in (("t", "title"), ("A", "author"), ("O", "outlet")):
            await pilot.press(key)
            await pilot.pause()
            await answer(app, pilot, hostile)
            assert app.screen is screen and screen.view.fields[field].value == shown
            title, message = await last_notice(app, pilot)
            assert title == "Saved" and shown in message, message
            # Opened again, the dialog quotes the value as it is.
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PromptScreen)
            assert app.screen.query_one(Input).value == shown
            await pilot.press("escape")
            await pilot.pause()
        assert shown in plain(screen.query_one("#article-meta").render())
        # A date that is not one is refused in its dialog, which quotes it literally.
        await pilot.press("D")
        await pilot.pause()
        await answer(app, pilot, hostile)
        assert isinstance(app.screen, PromptScreen)
        refusal = app.screen.query_one("#prompt-hint").content
        quoted = plain(refusal).split("' is not a date")[0].removeprefix("'").removesuffix("…")
        assert "not a date" in plain(refusal) and quoted and shown.startswith(quoted), plain(refusal)
        assert not getattr(refusal, "spans", None)  # no markup of the archive's applied
        await pilot.press("escape")
        await pilot.pause()
        # Undo and redo say what they undid, literally.
        await pilot.press("u", "u", "u")
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Undone" and shown in message and old_title in message, message
        assert screen.view.fields["title"].value == old_title
        await pilot.press("U")
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Redone" and shown in message, message
        assert screen.view.fields["title"].value == shown
        # The palette finds the article by a word of its title and shows the title as it is.
        entries = await palette_entries(app, pilot, word)
        assert any(e.startswith("article ") and shown[:80] in e for e in entries), entries
        await pilot.pause(3.5)  # the old failure came when the notification was drawn
        assert app.is_running and isinstance(app.screen, ArticleScreen)
    assert app.return_code in (None, 0) and app.error_message is None
    # Three edits, three undone, the title's redone: what is in effect is the title as typed.
    assert [(d.op, d.args["field"], d.args["value"]) for d in history(small_db)] == [("edit", "title", shown)]


@pytest.mark.parametrize(("hostile", "word"), HOSTILE, ids=IDS)
async def test_an_entity_renamed_or_merged_to_hostile_text_shows_as_typed(small_db: Path, hostile: str, word: str) -> None:
    shown = literal(hostile)
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        screen = await show(app, pilot, "2", EntitiesScreen)
        await pilot.press("slash")
        await type_text(pilot, "h04")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        await pilot.press("r")
        await pilot.pause()
        await answer(app, pilot, hostile)
        title, message = await last_notice(app, pilot)
        assert title == "Saved" and shown in message, message
        assert shown[:100] in title_line(app)
        # The rename dialog, opened again, quotes the name as it is.
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        text = dialog_text(app.screen)
        assert f"Rename {one_line(hostile, 60)}" in text and shown in text, text
        await pilot.press("escape")
        await pilot.pause()
        # So does the picker of "merge with…", and the palette.
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is screen
        entries = await palette_entries(app, pilot, word)
        assert any(e.startswith("entity ") and shown[:80] in e for e in entries), entries
        # Two people merged under the hostile name.
        await pilot.press("slash")
        await type_text(pilot, "nguyen")
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.table.rows) == 2
        await pilot.press("space", "space", "m")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await answer(app, pilot, hostile)
        title, message = await last_notice(app, pilot)
        assert title == "Saved" and shown in message, message
        assert [e.name for e in screen.table.rows] == [shown]
        await pilot.press("u")
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Undone" and shown in message, message
        await pilot.press("U")
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Redone" and shown in message, message
        # The picker lists the entities by their names as they are.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        while article._current() is not None and article._current().type != "person":
            await pilot.press("j")
            await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        labels = [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(label.startswith(shown) for label in labels), labels
        await pilot.press("escape")
        await pilot.pause(3.5)
        assert app.is_running
    assert app.return_code in (None, 0) and app.error_message is None
    assert [d.op for d in history(small_db)] == ["rename", "merge"]


async def test_an_error_about_a_path_with_brackets_quotes_the_path(small_db: Path, tmp_path: Path) -> None:
    # Folders named so that the path reads "tin [b]x[/b] [/] [@click=app.quit]q".
    blocker = tmp_path / "tin [b]x[" / "b] [" / "] [@click=app.quit]q"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("a file, not a folder", encoding="utf-8")
    target = blocker / "out.json"
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await answer(app, pilot, str(target))
        await app.workers.wait_for_complete()
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Export failed" and "tin [b]x[/b] [/] [@click=app.quit]q" in message, message
        await pilot.pause(1)
        assert app.is_running
    assert app.return_code in (None, 0) and app.error_message is None


async def test_a_notice_with_markup_from_any_screen_shows_its_characters(small_db: Path) -> None:
    # A widget's own notify() goes through the app's: no screen can forget it.
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        odd = ["[", "]", "\\", "[b", "tab\there", "\u202engược\u202c [/]", "[link=x]" * 2000]
        for hostile in [h for h, _ in HOSTILE] + odd:
            app.screen.notify(hostile, title=hostile)
            await pilot.pause()
            title, message = await last_notice(app, pilot)
            assert title == one_line(hostile, 120)
            expected = safe_display(hostile).strip()
            assert message == (expected if len(expected) <= 1000 else expected[:999] + "…")
            app.clear_notifications()
        await pilot.press("ctrl+c")  # Textual's own "press q to quit" hint, said plainly
        await pilot.pause()
        title, message = await last_notice(app, pilot)
        assert title == "Do you want to quit?" and re.fullmatch(r"Press \S+ to quit the app", message), message
        assert app.is_running


async def test_an_unexpected_error_ends_the_app_with_one_line_and_exit_code_one(
    small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ArticleScreen) -> None:
        raise RuntimeError("boom [/] [link=file:///etc/passwd]x[/link] \x1b]0;PWNED\x07")

    monkeypatch.setattr(ArticleScreen, "_draw", broken)
    app = CuratorApp(db_path=small_db)
    with pytest.raises(RuntimeError):  # the test harness re-raises what ended the app
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await ready(app, pilot)
            await pilot.press("enter")
            await pilot.pause()
    assert app.return_code == 1
    message = app.error_message
    assert message is not None and "\n" not in message and "\x1b" not in message and "\x07" not in message
    assert message.startswith("the app stopped on an unexpected error (RuntimeError: boom [/] [link=file:///etc/passwd]x[/link]")
    details = Path(message.rsplit("details in ", 1)[1])
    try:
        assert "RuntimeError" in details.read_text(encoding="utf-8")
    finally:
        details.unlink()
    # Textual's traceback is not printed after the one line: the private names
    # curator.app.crash relies on are still there, and did their part.
    from textual.app import App

    assert "_handle_exception" in vars(App)
    assert app._exit_renderables == []
