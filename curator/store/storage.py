"""A TinyDB storage whose every write is atomic and durable.

TinyDB's own ``JSONStorage`` rewrites its file in place (seek, write, truncate):
a crash in the middle leaves a torn file. Here every write goes to a temporary
file in the same folder, is flushed and fsynced, and is renamed over the old
file; the folder is fsynced so the rename itself survives a power cut. A reader
therefore sees either the old or the new file, never a mixture.

The storage keeps the last state it read or wrote in memory: the process that
holds the database lock is the only writer, so re-parsing the file on every
TinyDB query (which is what the stock storage does) would be pure waste. When a
write fails the cache is dropped, so memory falls back to what is on disk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import orjson
from tinydb.storages import Storage

from curator.store.byte_layout import Tables, _loads_stepwise
from curator.store.errors import CorruptDatabase, ReadOnlyStore, SaveFailed
from curator.yielding import NO_PACE, Pace


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's temporary files are 0600


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically and durably, or raise ``SaveFailed``.

    The file keeps the mode it had (a new one gets the usual umask mode, not
    the temporary file's 0600). On failure the old file is untouched and the
    temporary file is removed.
    """
    atomic_write_chunks(path, (payload,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """``atomic_write_bytes`` for a payload produced piece by piece (never all in memory).

    An exception raised while producing the chunks leaves the old file untouched too.
    """
    folder = path.parent
    tmp_name: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            try:
                mode = path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = _NEW_FILE_MODE
            os.fchmod(handle.fileno(), mode)
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(folder)
    except OSError as exc:
        raise SaveFailed(path, exc) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def read_file_bytes(path: Path, what: str = "a database file") -> bytes | None:
    """A database file's bytes; None if it does not exist. Raises ``CorruptDatabase``
    (naming it as ``what``) for a folder in its place or a read that fails."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CorruptDatabase(path, f"is a folder, not {what}") from None
    except OSError as exc:
        raise CorruptDatabase(path, f"cannot be read ({exc.strerror or exc})") from exc


def read_tables(path: Path, pace: Pace = NO_PACE) -> Tables | None:
    """Parse a TinyDB file; None if it does not exist. Raises ``CorruptDatabase``.
    A big file is parsed in pieces, stepping aside on ``pace`` between them."""
    raw = read_file_bytes(path)
    if raw is None:
        return None
    if not raw.strip():
        raise CorruptDatabase(path, "is empty (truncated?)")
    if len(raw) >= STEPWISE_FROM:
        tables = _loads_stepwise(raw, pace=pace)
        if tables is not None:
            return tables  # each piece was checked to be documents as it was read
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptDatabase(path, f"is not valid JSON ({exc}); it may be truncated") from exc
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise CorruptDatabase(path, "is JSON but not a curator database (wrong shape)")
    return data


STEPWISE_FROM = 1 << 20  # bytes: smaller files are parsed in one call


def encode_tables(data: Tables) -> bytes:
    try:
        return orjson.dumps(data)
    except TypeError as exc:  # a value that is not JSON: a bug, never a torn file
        raise ValueError(f"cannot store a non-JSON value: {exc}") from exc


class AtomicJSONStorage(Storage):
    """TinyDB ``Storage``: orjson, write-temp-fsync-rename, in-memory cache."""

    def __init__(
        self, path: str | os.PathLike[str], *, read_only: bool = False, preload: Tables | None = None,
        pace: Pace = NO_PACE,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._pace = pace
        # ``preload``: the caller already parsed the file (to check its header).
        self._cache: Tables | None = preload
        self._loaded = preload is not None

    def read(self) -> Tables | None:
        if not self._loaded:
            self._cache = read_tables(self.path, self._pace)
            self._loaded = True
        return self._cache

    def write(self, data: Tables) -> None:
        if self.read_only:
            raise ReadOnlyStore(f"{self.path}: opened read-only")
        try:
            payload = encode_tables(data)
            atomic_write_bytes(self.path, payload)
        except BaseException:
            # TinyDB mutated the dict it read before handing it back: forget it,
            # so the next read reflects the last good state on disk.
            self._cache = None
            self._loaded = False
            raise
        self._cache = data
        self._loaded = True

    def close(self) -> None:
        self._cache = None
        self._loaded = False
