"""Where an export may be written, and writing it there.

A regular file (or a new one) is replaced atomically: temporary file, fsync,
rename, so a reader never sees half an export. Anything else is written to as
it is, by streaming, never by rename: a rename would put a regular file in the
place of a device node, a named pipe or a link such as ``/dev/stdout`` for
every program on the machine. Like bash, ``-``, ``/dev/stdout``, ``/dev/stderr``
and ``/dev/fd/N`` (and links to them) mean this process's own descriptors.

Refused before any work: a path inside the database folder (the export would
overwrite the database's own files), a folder, a block device, a missing
parent folder (it is not created), and, from the app, the terminal.

CSV and parquet tables go to a folder (``tables_folder``): written beside it
and swapped in (``replace_folder``); only a new or empty folder, or one holding
nothing but an earlier export's tables, is accepted, since it is replaced whole.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.store.storage import atomic_write_chunks

STDOUT = "-"
_DESCRIPTOR = re.compile(r"^/(?:dev/fd|proc/(?:self|thread-self|(\d+))/fd)/(\d+)$")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_MAX_LINKS = 40  # as the kernel's own limit on a chain of links
_BLOCK = 1 << 20  # bytes gathered per write to a stream


class ExportTargetError(ValueError):
    """An export target that is refused, or a stream that failed; names the path."""


@dataclass(frozen=True)
class ExportTarget:
    """A checked place to write an export: a descriptor, a stream or a file."""

    shown: str  # the path as the user gave it, for messages
    fd: int | None = None  # this process's descriptor (``-``, /dev/stdout, /dev/fd/N)
    stream: Path | None = None  # a device node, named pipe or socket: opened and written to
    file: Path | None = None  # a regular file (or a new one), links resolved: replaced atomically


def _own_descriptor(name: str) -> int | None:
    if name in _STANDARD:
        return _STANDARD[name]
    m = _DESCRIPTOR.match(name)
    if m is None or (m.group(1) is not None and int(m.group(1)) != os.getpid()):
        return None
    return int(m.group(2))


def _descriptor_behind(path: str) -> int | None:
    """The descriptor ``path`` names, directly or through links (bash's rule), else None."""
    name = path
    for _ in range(_MAX_LINKS):
        fd = _own_descriptor(os.path.normpath(name) if name.startswith("/") else name)
        if fd is not None:
            return fd
        try:
            link = os.readlink(name)
        except OSError:  # not a link (or no such file): the chain ends here
            return None
        name = os.path.join(os.path.dirname(name), link)
    return None


def inside_folder(path: Path, root: Path) -> bool:
    """Whether ``path`` (links resolved) is ``root`` or lies under it, compared by
    device and inode so that case, ``..``, links and bind mounts cannot hide it."""
    try:
        root_stat = os.stat(root)
    except OSError:
        return False  # no database folder: nothing to protect
    for place in (path, *path.parents):
        try:
            if os.path.samestat(os.stat(place), root_stat):
                return True
        except OSError:
            continue  # a part that does not exist yet
    return False



def _outside_database(shown: str, db_root: Path | str) -> Path:
    """The real path behind ``shown``, refused when it (or the link itself) is inside the database folder."""
    real = Path(os.path.realpath(shown))
    given = Path(os.path.realpath(Path(shown).parent), Path(shown).name)  # the last link unresolved
    if inside_folder(real, Path(db_root)) or inside_folder(given, Path(db_root)):
        raise ExportTargetError(
            f"{shown}: inside the database folder {db_root}; the export would overwrite "
            f"the database's own files, so write it somewhere else"
        )
    return real

def export_target(path: Path | str, db_root: Path | str, *, terminal_in_use: bool = False) -> ExportTarget:
    """Check where an export is to go, before any work; raise ``ExportTargetError`` if refused.

    ``terminal_in_use`` (the app): standard streams and terminals are refused,
    since the app draws on them.
    """
    shown = str(path)
    if shown == STDOUT:
        fd: int | None = 1
    else:
        fd = _descriptor_behind(shown)
    if fd is not None:
        if terminal_in_use:
            raise ExportTargetError(f"{shown}: the app's own output; give a file name")
        return ExportTarget(shown, fd=fd)
    real = _outside_database(shown, db_root)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise ExportTargetError(f"{shown}: the folder {real.parent} does not exist") from None
        return ExportTarget(shown, file=real)
    except OSError as exc:
        raise ExportTargetError(f"{shown}: cannot be used ({exc.strerror or exc})") from None
    if stat.S_ISREG(mode):
        return ExportTarget(shown, file=real)
    if stat.S_ISDIR(mode):
        raise ExportTargetError(f"{shown}: is a folder; give a file name")
    if stat.S_ISBLK(mode):
        raise ExportTargetError(f"{shown}: is a block device (a disk); refusing to write onto it")
    if terminal_in_use and stat.S_ISCHR(mode) and _is_terminal(real):
        raise ExportTargetError(f"{shown}: is a terminal; give a file name")
    return ExportTarget(shown, stream=real)


def _is_terminal(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def write_export(target: ExportTarget, chunks: Iterable[bytes]) -> bool:
    """Write ``chunks`` to ``target``; False when a pipe's reader stopped early
    (``| head``: not an error). Raises ``SaveFailed`` for a file, ``ExportTargetError``
    for a stream that fails (a full device, an I/O error)."""
    if target.file is not None:
        atomic_write_chunks(target.file, chunks)
        return True
    try:
        if target.fd is not None:
            replaced = _replaced_standard_stream(target.fd)
            if replaced is not None:
                for chunk in chunks:
                    replaced.write(chunk)
                replaced.flush()
                return True
            return _stream(target.fd, chunks)
        assert target.stream is not None
        # No O_TRUNC: a device or pipe has nothing to truncate. O_NOCTTY: a terminal
        # written to must not become this process's controlling terminal.
        fd = os.open(target.stream, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            return _stream(fd, chunks)
        finally:
            os.close(fd)
    except BrokenPipeError:
        return False
    except OSError as exc:
        raise ExportTargetError(f"{target.shown}: could not write the export ({exc.strerror or exc})") from None


def _replaced_standard_stream(fd: int) -> Any:
    """Python's standard output (or error) when a caller replaced it with a stream
    that is not ``fd`` (a test runner, an embedding program): written there, the
    export reaches whoever reads it. None when it is the descriptor itself."""
    stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
    if stream is None:
        return None
    try:
        if stream.fileno() == fd:
            stream.flush()  # what Python buffered goes before the export
            return None
    except (AttributeError, OSError, ValueError):
        pass
    return getattr(stream, "buffer", None)


def _stream(fd: int, chunks: Iterable[bytes]) -> bool:
    pending = bytearray()
    for chunk in chunks:
        pending += chunk
        if len(pending) >= _BLOCK:
            _write_all(fd, pending)
            pending.clear()
    _write_all(fd, pending)
    return True


def _write_all(fd: int, data: bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# -- folders (CSV and parquet tables) ---------------------------------------------------
@dataclass(frozen=True)
class FolderTarget:
    """A checked folder to hold an export's tables: new, empty, or one an export wrote."""

    shown: str
    path: Path  # links resolved


def is_stream(path: str) -> bool:
    """Whether ``path`` is written to as a stream: ``-``, a descriptor, a device or pipe."""
    if path == STDOUT or _descriptor_behind(path) is not None:
        return True
    try:
        mode = os.stat(os.path.realpath(path)).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def tables_folder(path: Path | str, db_root: Path | str, own_files: frozenset[str]) -> FolderTarget:
    """Check a folder for an export's tables before any work; raise ``ExportTargetError``.

    Refused: a path inside the database folder, a stream, a file, a folder that holds
    anything but the files such an export writes (``own_files``: it will be replaced
    whole), a missing parent folder."""
    shown = str(path)
    if is_stream(shown):
        raise ExportTargetError(f"{shown}: these tables are written as a folder of files; give a folder name")
    real = _outside_database(shown, db_root)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise ExportTargetError(f"{shown}: the folder {real.parent} does not exist") from None
        return FolderTarget(shown, real)
    except OSError as exc:
        raise ExportTargetError(f"{shown}: cannot be used ({exc.strerror or exc})") from None
    if not stat.S_ISDIR(mode):
        raise ExportTargetError(f"{shown}: is a file; these tables are written as a folder, give a folder name")
    try:
        found = set(os.listdir(real))
    except OSError as exc:
        raise ExportTargetError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    strangers = sorted(found - own_files)
    if strangers:
        raise ExportTargetError(
            f"{shown}: holds {len(strangers)} file(s) an export did not write ({strangers[0]!r}...); "
            "the folder is replaced whole, so give a new or empty folder"
        )
    return FolderTarget(shown, real)


def _folder_mode(place: Path) -> int:
    """The mode of the folder replaced, or of a new folder under the process's umask."""
    try:
        return os.stat(place).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o777 & ~mask


def replace_folder(target: FolderTarget, fill: Callable[[Path], None]) -> None:
    """Write a folder's files into a new folder beside it (``fill``), then swap it in.

    Readers see the old folder or the new one, whole: the old one is renamed aside,
    the new one renamed into its place, then the old one removed. A failure while
    writing leaves the old folder untouched."""
    import shutil
    import tempfile

    from curator.store.storage import fsync_dir

    place, parent = target.path, target.path.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{place.name}.", suffix=".tmp", dir=parent))
    old: Path | None = None
    try:
        os.chmod(tmp, _folder_mode(place))  # mkdtemp makes it private: give it a folder's usual mode
        fill(tmp)
        fsync_dir(tmp)
        if place.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{place.name}.", suffix=".old", dir=parent))
            os.rename(place, old / place.name)
        os.rename(tmp, place)
        fsync_dir(parent)
    except OSError as exc:
        if old is not None and (old / place.name).exists() and not place.exists():
            os.rename(old / place.name, place)  # put the old one back
        raise ExportTargetError(f"{target.shown}: could not write the export ({exc.strerror or exc})") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
