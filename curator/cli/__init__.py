"""The command line: the same core the app uses, one command per job.

Every command takes ``--db DIR`` before or after its name (or ``CURATOR_DB``;
default ``db/``). Only ``ingest``, ``import`` and the app's first run make a new
database, and only in a new or empty folder; every other command refuses a folder
without one (``curator.store.folder``). Errors are one line naming the file and
the problem, never a traceback.

``root`` is ``curator`` itself (and the app when no command is given); the commands
live by job: ``ingest`` (ingest, resolve), ``export``, ``stats``, ``match``,
``curation`` (merge, reject, split, rename, edit, undo, redo, history, apply),
``restore`` (import, restore) and ``authority``. ``database`` is the ``--db`` option,
the folder check and the Workspace a command opens; ``errors`` and ``progress`` are
what every command shows.
"""

from __future__ import annotations

# Each module below adds its commands to ``main`` as it is imported.
from curator.cli import authority, curation, export, ingest, match, restore, stats  # noqa: F401
from curator.cli.root import main

__all__ = ["main"]
