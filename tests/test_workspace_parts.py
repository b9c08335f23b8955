"""The workspace is a facade over parts that are objects of their own (issue 18):
each part reaches another only through that part's public members, never its
private fields, and the numbers anyone can check about the code's layout hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from curator.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
PARTS = sorted((ROOT / "curator" / "workspace").glob("*.py"))


def private_reads(source: str) -> list[str]:
    """Each ``x._name`` where ``x`` is not ``self`` or ``cls`` (another object's private
    field), and each ``self._a._b`` (a private field of a private part)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Name) and owner.id[:1].isupper():
            continue  # a class's own constant or a module's private helper, not another object's state
        found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_the_workspace_inherits_nothing_its_parts_are_objects_it_holds() -> None:
    assert Workspace.__bases__ == (object,)


@pytest.mark.parametrize("path", PARTS, ids=lambda p: p.name)
def test_no_part_of_the_workspace_reads_another_objects_private_fields(path: Path) -> None:
    assert private_reads(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_private_read() -> None:
    assert private_reads("def f(self):\n    return self._book._set\n") == ["line 2: self._book._set"]
    assert private_reads("def f(ws):\n    return ws._entities\n") == ["line 2: ws._entities"]
    assert private_reads("def f(self):\n    return self._book.version\n") == []


def test_no_module_of_curator_is_over_500_lines_and_fold_is_defined_once() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "curator").rglob("*.py")}
    assert {path: n for path, n in sizes.items() if n > 500} == {}
    # As the issue checks it: ``grep -rn "def fold" curator`` finds one line.
    folds = [f"{p}: {line.strip()}" for p in (ROOT / "curator").rglob("*.py") for line in p.read_text(encoding="utf-8").splitlines() if "def fold" in line]
    assert len(folds) == 1, folds
