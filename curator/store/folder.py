"""Which folders hold a curator database, and where a new one may be made.

A database is recognised by its files, not by a fixed list of names: a JSON file
at the top of the folder (or a backup of the curation file) that carries
curator's ``_meta`` header (``{"_meta": {"1": {"kind": "curator.…"``). A new
database is made only in a folder that does not exist yet or holds nothing but
what a fresh checkout puts in ``db/`` (README.md, .gitkeep) and curator's own
lock and temporary files: never among other files, whose names it could take.

This is the one place the rule lives: the store applies it when it opens a
folder, and the command line applies it before a command starts work.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from curator.store.errors import StoreError

# Curator writes the header first (orjson, compact); the pattern also allows
# spaces and other header fields before the kind, as a hand-formatted file has.
_HEADER = re.compile(rb'"_meta"\s*:\s*\{\s*"1"\s*:\s*\{[^{}]*?"kind"\s*:\s*"curator\.')
# The commit record (``commit.py``) is a plain object with its kind at the top level:
# a first ingest killed right after writing it leaves a database of nothing else.
_COMMIT_HEADER = re.compile(rb'"kind"\s*:\s*"curator\.commit"')
_HEAD_BYTES = 4096
# What a folder may hold and still count as empty: a fresh checkout's db/ (and
# the Finder's .DS_Store), the
# lock files of a run stopped before it wrote anything, and the temporary file
# of a first write killed before its rename (mkstemp's ".name.json.XXXX.tmp").
_EMPTY_OK = frozenset({"README.md", ".gitkeep", ".gitignore", ".DS_Store", ".curator.lock", ".curator.lock.json"})
PRECIOUS = "curation.json"
_OWN_TEMP = re.compile(r"^\.[^/]+\.json\.[^./]+\.tmp$")


class NoDatabase(StoreError):
    """The folder holds no curator database (and the command may not make one)."""

    def __init__(self, root: Path, problem: str) -> None:
        self.root = root
        super().__init__(f"{root}: {problem}")


def _has_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:  # unreadable, a folder named *.json, …: not a curator file
        return False
    return _HEADER.search(head) is not None or (path.name == "commit.json" and _COMMIT_HEADER.search(head) is not None)


def _entries(root: Path) -> list[str]:
    try:
        return sorted(os.listdir(root))
    except NotADirectoryError:
        raise NoDatabase(root, "is a file, not a database folder") from None
    except OSError as exc:
        raise NoDatabase(root, f"cannot be read ({exc.strerror or exc})") from None


def holds_database(root: Path) -> bool:
    """Whether ``root`` holds a curator database (by its files' headers).

    A folder with a ``curation.json`` counts whatever the file's state: damage to
    the precious file is reported by name when the store opens it (before it
    writes anything), never passed off as "no database here".
    """
    names = _entries(Path(root))
    if PRECIOUS in names:
        return True
    candidates = [Path(root, n) for n in names if n.endswith(".json") and not n.startswith(".")]
    candidates += sorted(Path(root, "backups").glob("curation-*.json"))
    return any(_has_header(path) for path in candidates)


def _parts() -> set[str]:
    """The subfolders a database keeps its shards and backups in."""
    from curator.store.file_format import SHARD_KINDS  # not at the top: the store imports this module

    return {*SHARD_KINDS, "backups"}


def _quietly_holds_database(folder: Path) -> bool:
    try:
        return holds_database(folder)
    except NoDatabase:  # an unreadable parent: nothing known about it
        return False


def is_empty_folder(root: Path) -> bool:
    """Whether ``root`` holds nothing a new database could clash with."""
    return all(name in _EMPTY_OK or _OWN_TEMP.match(name) for name in _entries(Path(root)))


def check_database_folder(root: Path | str, *, create: bool) -> None:
    """Raise ``NoDatabase`` unless ``root`` holds a curator database, or, with
    ``create``, is a new or empty folder where one may be made.

    Nothing is created or changed here: the caller makes the folder.
    """
    root = Path(root)
    real = root.resolve()
    if real.name in _parts() and _quietly_holds_database(real.parent):
        # texts/, mentions/ and backups/ hold curator files too: they are part of
        # the database above them, never a database of their own.
        raise NoDatabase(root, f"is part of the curator database {real.parent}; give --db {real.parent}")
    if os.path.islink(root) and not root.exists():
        raise NoDatabase(root, "is a link to a folder that does not exist")
    if not root.exists():
        if create:
            return
        raise NoDatabase(root, "no such folder, so no curator database here (run 'curator ingest' first)")
    if not root.is_dir():
        raise NoDatabase(root, "is a file, not a database folder")
    if holds_database(root):
        return
    if not create:
        raise NoDatabase(root, "no curator database here (run 'curator ingest' first)")
    if not is_empty_folder(root):
        raise NoDatabase(
            root,
            "holds other files and no curator database; a new database is made only "
            "in a new or empty folder (give --db a new folder)",
        )
