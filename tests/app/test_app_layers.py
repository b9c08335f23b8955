"""Screens and widgets do not know the app: they post requests and use the controller.

A screen that imported ``curator.app.app`` (or called a member of ``CuratorApp``
through ``self.app``) could not be reused or tested without the whole app, and
the app could not change without the screens.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.app import App

import curator.app

APP_DIR = Path(curator.app.__file__).parent
SCREEN_AND_WIDGET_FILES = sorted([*(APP_DIR / "screens").glob("*.py"), *(APP_DIR / "widgets").glob("*.py")])


def _imports_the_app(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "curator.app.app"]
        elif isinstance(node, ast.ImportFrom):
            if node.module == "curator.app.app":
                found.append(node.module)
            elif node.module == "curator.app" and any(a.name == "app" for a in node.names):
                found.append("curator.app.app")
    return found


def _app_members_used(tree: ast.AST) -> list[str]:
    """``self.app.X`` / ``something.app.X`` where X is not part of Textual's App."""
    textual = set(dir(App)) | set(dir(App()))  # attributes set in __init__ too (console)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "app":
            if node.attr not in textual:
                found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("path", SCREEN_AND_WIDGET_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_screen_or_widget_module_does_not_import_the_app(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _imports_the_app(tree) == []
    assert _app_members_used(tree) == []


def test_the_check_finds_an_import_of_the_app_and_a_call_into_it() -> None:
    tree = ast.parse(
        "from curator.app.app import CuratorApp\n"
        "if TYPE_CHECKING:\n    from curator.app import app\n"
        "def f(self):\n    self.app.open_article('a1')\n    self.app.push_screen(x)\n"
    )
    assert _imports_the_app(tree) == ["curator.app.app", "curator.app.app"]
    assert _app_members_used(tree) == ["self.app.open_article"]


def test_every_screen_and_widget_file_is_checked() -> None:
    assert {p.name for p in SCREEN_AND_WIDGET_FILES} >= {"article.py", "articles.py", "base.py", "entities.py", "help.py",
                                                         "review.py", "prompts.py", "virtual_table.py"}
