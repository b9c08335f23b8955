"""Errors the store raises. Each names the file and the problem in plain words."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base for every store problem the CLI and the app report without a traceback."""


RESTORE_ADVICE = "Run 'curator restore' to put back the newest sound backup of your decisions."
REBUILD_ADVICE = (
    "Your decisions (curation.json) are not in this file: to make the archive's files again, "
    "ingest the same folders into a new, empty database folder, copy curation.json into it "
    "and run 'curator resolve'."
)


class CorruptDatabase(StoreError):
    """A file that cannot be used as it is. The advice depends on the file: the
    curator's decisions have backups; every other file can be made again."""

    def __init__(self, path: Path, problem: str, advice: str | None = None) -> None:
        self.path = path
        self.problem = problem
        if advice is None:
            advice = RESTORE_ADVICE if Path(path).name.startswith("curation") else REBUILD_ADVICE
        super().__init__(f"{path}: {problem}. The file was left untouched. {advice}")


class ForeignDatabase(CorruptDatabase):
    pass


class NewerSchema(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path}: written by a newer curator (schema version {found}; this curator "
            f"reads up to {supported}). Upgrade curator; the file was left untouched."
        )


class DatabaseLocked(StoreError):
    def __init__(self, root: Path, holder: str) -> None:
        self.root = root
        self.holder = holder
        super().__init__(
            f"{root}: the database is in use by {holder}. Close it there first "
            f"(only one writer at a time)."
        )


class ReadOnlyStore(StoreError):
    pass


class SaveFailed(StoreError):
    def __init__(self, path: Path, cause: BaseException) -> None:
        self.path = path
        self.cause = cause
        reason = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
        super().__init__(f"could not save {path}: {reason}. Nothing was changed on disk.")


class DatabaseChanged(StoreError):
    """A reader found a file of the state it was reading gone: a writer committed
    newer work meanwhile and removed it. Reading again gives the new state, whole."""

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(
            f"{root}: the database changed while reading (another curator saved new work); run the command again"
        )
