"""Textual's private names are reached from curator.app.textual_compat only, and are still there.

When Textual renames one, the first test names it; the second fails when another
module of the app starts reaching into Textual again; the last ones check that
each helper still does its job in a running app.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual import events, messages
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input, Static

import curator.app
from curator.app import textual_compat
from curator.app.textual_compat import PRIVATE_NAMES
from curator.app.widgets.text_view import TextView

APP_DIR = Path(curator.app.__file__).parent


def _owner(name: str) -> Any:
    return {"App": App(), "Screen": Screen(), "Widget": Widget(), "messages": messages}[name]


@pytest.mark.parametrize(("owner", "name"), PRIVATE_NAMES, ids=[f"{o}.{n}" for o, n in PRIVATE_NAMES])
def test_every_private_textual_name_the_app_relies_on_is_still_there(owner: str, name: str) -> None:
    assert hasattr(_owner(owner), name), f"Textual no longer has {owner}.{name}: see curator/app/textual_compat.py"


def test_the_compat_module_uses_no_private_name_it_does_not_declare() -> None:
    declared = {name for _, name in PRIVATE_NAMES}
    source = inspect.getsource(textual_compat)
    used = {node.attr for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute) and _private(node.attr)}
    used |= {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef) and _private(node.name)}
    textual_privates = _textual_privates(App) | _textual_privates(Screen) | _textual_privates(Widget)
    assert (used & textual_privates) <= declared


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _textual_privates(textual_class: type) -> set[str]:
    """Private names of a Textual class and of an instance of it (attributes set in __init__)."""
    names = {n for n in dir(textual_class) if _private(n)}
    try:
        names |= {n for n in dir(textual_class()) if _private(n)}
    except Exception:  # needs arguments or a running app: the class's names only
        pass
    return names


def _app_modules() -> list[str]:
    """Every module of the app and of the benchmark (which drives the app), but the compat one."""
    names = [m.name for m in pkgutil.walk_packages([str(APP_DIR)], "curator.app.")]
    names += [m.name for m in pkgutil.walk_packages([str(APP_DIR.parent / "bench")], "curator.bench.")]
    return [n for n in names if n != "curator.app.textual_compat"]


# The Textual classes the app builds on or reaches into (their private names, and
# their instances').
TEXTUAL_CLASSES = (App, Screen, Widget, ScrollView, Input, Static, Message, events.Key)


def _reaches(module_name: str) -> list[str]:
    """Where a module names a private attribute of a Textual class or instance, or
    overrides one in a class of its own (``from textual import messages`` included)."""
    privates = set().union(*(_textual_privates(c) for c in TEXTUAL_CLASSES))
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    # ``self._x`` in a class of our own that is not built on Textual is its own business.
    own: set[int] = set()
    for cls_node in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        mro = getattr(getattr(module, cls_node.name, None), "__mro__", ())
        if mro and not any(c.__module__.startswith("textual") for c in mro):
            own |= {id(n) for n in ast.walk(cls_node) if isinstance(n, ast.Attribute) and ast.unparse(n.value) == "self"}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in privates and id(node) not in own:
            found.append(f"{module_name}: {ast.unparse(node)}")
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in privates:
                    found.append(f"{module_name}: {node.name}.{item.name} overrides Textual's")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr"):
            named = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            if named and named[0] in privates:
                found.append(f"{module_name}: {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom) and node.module == "textual" and any(a.name == "messages" for a in node.names):
            found.append(f"{module_name}: imports textual.messages")
    return found


def test_no_other_module_of_the_app_reaches_a_private_textual_name() -> None:
    found = [line for name in _app_modules() for line in _reaches(name)]
    assert found == []


def test_the_check_sees_a_private_name_when_one_is_used() -> None:
    """The scan above must be able to fail: it finds each of the compat module's own uses."""
    found = "\n".join(_reaches("curator.app.textual_compat"))
    missing = {name for _, name in PRIVATE_NAMES if name not in found}
    assert missing <= {"Update"}  # a class of textual.messages
    assert "imports textual.messages" in found


# -- the helpers still do their job ---------------------------------------------------------
class Spare(Screen[None]):
    def compose(self) -> ComposeResult:
        yield TextView(id="text")


class Keys(Static, can_focus=True):
    def __init__(self) -> None:
        super().__init__("", id="keys")
        self.keys: list[str] = []

    def on_key(self, event: events.Key) -> None:
        self.keys.append(event.key)


class Lab(App[None]):
    def compose(self) -> ComposeResult:
        yield Keys()


async def test_a_screen_shown_and_closed_within_one_batch_stays_composed_and_laid_out() -> None:
    """What ``CuratorApp._prepare_screens`` relies on, with Textual's public API only
    (Textual writes no frame during a batch: not seen in a headless test)."""
    app = Lab()
    async with app.run_test(size=(60, 20)) as pilot:
        spare = Spare()
        app.install_screen(spare, name="spare")
        first = app.screen
        await pilot.pause()
        with app.batch_update():
            await app.push_screen(spare)
            drawn = asyncio.Event()
            spare.call_after_refresh(drawn.set)
            await asyncio.wait_for(drawn.wait(), 2.0)
            assert spare.query_one(TextView).size.width > 0  # laid out
            await app.pop_screen()
        assert app.screen is first and spare.is_mounted and not spare.is_current
        assert app.query_one(Keys).has_focus
        await pilot.press("x")
        assert app.query_one(Keys).keys == ["x"]
        app.push_screen("spare")  # composed once: shown as it is
        await pilot.pause()
        assert app.screen is spare and spare.query_one(TextView).size.width > 0


async def test_a_quiet_virtual_size_change_moves_the_scrollbar_without_a_layout() -> None:
    app = Lab()
    async with app.run_test(size=(40, 10)) as pilot:
        view = TextView()
        await app.mount(view)
        await pilot.pause()
        textual_compat.set_virtual_size_quietly(view, Size(view.size.width, 500))
        assert view.virtual_size.height == 500
        assert view.max_scroll_y > 0
