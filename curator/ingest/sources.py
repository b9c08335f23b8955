"""Which files an ingest reads, and what makes a file the same file next time.

Identity. A file is the file at one real location: the folder given to
``ingest`` resolved to its real path (so ``seeds``, ``./seeds`` and a link to
it are one folder), joined with the path walked inside it, byte for byte. It
is written as a ``file://`` URI (``source_key``): percent-encoding keeps it
exact and printable, so ``a\\nb.txt`` and ``a b.txt`` or a name that is not
valid UTF-8 are distinct keys, and ``A/x.txt`` and ``B/x.txt`` are two files.
For display there are ``source_file``, the path relative to the folder given
(the file name for a file given directly), and ``source_folder``, that folder;
both in a printable form that tells paths apart (``display``: a newline shows
as ``\\n``, a backslash as ``\\\\``), which ``curator.text.path_from_shown`` reads back.

Which files. A file named on the command line is read whatever its name. In a
folder, walked recursively in sorted order, files ending in ``.txt``,
``.html``/``.htm``, ``.jsonl``/``.ndjson`` or ``.csv``/``.tsv`` (any case) and
files without an extension (pages saved by crawlers often have none) are read
(an HTML page is known by its content, whatever its name; records files by
their extension); other files are not read but counted, one summary line per folder given
(an archive may hold thousands of images: one line each would bury the real
problems). Hidden files and folders (a leading ".") are skipped silently.
Symbolic links are followed only while they stay inside the folder given: a
link out of it (``shadow.txt -> /etc/shadow``) is skipped with one line. A
folder already being walked (a link loop) is reported once and not entered
again; the same file reached twice is read once.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_from_bytes

from curator.text import clean_text, shown_path


@dataclass(slots=True)
class FileProblem:
    """One file that could not be ingested (or was ingested with a warning)."""

    path: str
    message: str


@dataclass(slots=True)
class SourceFile:
    """One file to read: where it is, its identity and how it is shown."""

    path: Path
    source_key: str  # identity: file:// URI of the real folder given + the raw path inside it
    source_file: str  # shown: the path relative to the folder given
    source_folder: str  # shown: the real folder given (a file's own folder when given directly)
    inode: tuple[int, int]  # (device, inode) when found: the file read must be this one
    portable: str = ""  # the folder's own name + the raw path inside it: see ``portable_name``
    earlier_shown: str = ""  # ``source_file`` as versions before shown forms were escaped showed it

    @property
    def shown(self) -> str:
        """The path as given, for problem lines."""
        return display(str(self.path))


def display(name: str) -> str:
    """A path as one printable line, safe to store and print, that no other path
    shows as: controls, format characters (bidi overrides, zero-width), bytes that
    are not UTF-8 and backslashes escaped (``a\\nb.txt`` for a newline); see
    ``curator.text.shown_path``. Never an identity: ids and keys use raw names."""
    return shown_path(name)


def earlier_display(name: str) -> str:
    """How versions before :func:`display` escaped showed a path (a newline as a
    space, controls removed): what their records of a file are keyed by."""
    fixed = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(fixed.replace("\n", " ").replace("\t", " "))


def source_key(folder: str, relative: str) -> str:
    """The identity of the file ``relative`` (a normalised relative path) inside
    the real folder ``folder``: ``Path(folder, relative).as_uri()``, made without
    pathlib (its parsing was a third of a re-ingest's time at 2,700 files)."""
    return _folder_uri(folder) + quote_from_bytes(os.fsencode(relative))


def portable_name(folder: str, relative: str) -> str:
    """The file named by its folder's own name and its path inside it (raw bytes,
    percent-encoded): what its article ids are made from, so that the same archive
    ingested on another machine, or in another clone, gets the same ids and an
    export's decisions apply there (``curator apply``). Two files that would share
    one are told apart by the ingest (see ``pipeline._plan``)."""
    return quote_from_bytes(os.fsencode(os.path.basename(folder.rstrip("/")))) + "/" + quote_from_bytes(os.fsencode(relative))


def _folder_uri(folder: str) -> str:
    """The URI prefix of the files inside ``folder`` (ends with a slash)."""
    return "file://" + quote_from_bytes(os.fsencode(folder.rstrip("/"))) + "/"


@dataclass(slots=True)
class _Root:
    """A folder given to ``ingest``, as the walk needs it."""

    real: str  # its real path
    shown_given: str  # as given, for problem lines
    shown: str = ""  # its real path, shown
    uri: str = ""  # the prefix of its files' ``source_key``
    unread: Counter[str] = field(default_factory=Counter)  # files not read, by extension

    def __post_init__(self) -> None:
        self.shown = display(self.real)
        self.uri = _folder_uri(self.real)


READ_EXTENSIONS = frozenset({"txt", "html", "htm", "xhtml", "jsonl", "ndjson", "csv", "tsv"})


def text_like(name: str) -> bool:
    """Read when found in a folder: no extension, or one of :data:`READ_EXTENSIONS`
    (any case): text pages, HTML pages, JSON Lines and CSV files of records."""
    stem, dot, ext = name.rpartition(".")
    return not dot or not stem or ext.lower() in READ_EXTENSIONS


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def _same(real: str, st: os.stat_result) -> bool:
    try:
        found = os.stat(real)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (st.st_dev, st.st_ino)


def collect_files(
    paths: Sequence[Path], cancelled: Callable[[], bool] | None = None
) -> tuple[list[SourceFile], list[FileProblem], list[FileProblem]]:
    """The files to read, in order; the problems met while walking; and one line per
    folder given that held files left unread for their extension. When
    ``cancelled()`` turns true the walk stops (what it found so far is returned)."""
    targets: list[SourceFile] = []
    problems: list[FileProblem] = []
    unread: list[FileProblem] = []
    seen_files: set[tuple[int, int]] = set()

    def add_file(target: SourceFile, st: os.stat_result) -> None:
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            return
        seen_files.add(key)
        targets.append(target)

    def walk(folder: str, rel_folder: str, root: _Root, active: set[tuple[int, int]]) -> None:
        if cancelled is not None and cancelled():
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(FileProblem(display(folder), f"cannot read folder ({os_reason(exc)}), skipped"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            is_link = entry.is_symlink()
            try:
                st = os.stat(entry.path)
            except OSError as exc:
                if is_link and text_like(entry.name):
                    problems.append(FileProblem(display(entry.path), f"{_link_reason(exc)}, skipped"))
                elif not is_link:
                    problems.append(FileProblem(display(entry.path), f"cannot read ({os_reason(exc)}), skipped"))
                continue
            if is_link:
                real = os.path.realpath(entry.path)
                if not _inside(real, root.real) or not _same(real, st):  # (not the same: swapped meanwhile)
                    problems.append(FileProblem(display(entry.path), f"symbolic link out of {root.shown_given} (to {display(real)}), skipped"))
                    continue
            rel = rel_folder + entry.name
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in active:
                    problems.append(FileProblem(display(entry.path), "symbolic link loop (points back into a folder being read), skipped"))
                    continue
                walk(entry.path, rel + "/", root, active | {key})
            elif not text_like(entry.name):
                root.unread[entry.name.rpartition(".")[2].lower()] += 1
            elif not stat.S_ISREG(st.st_mode):
                problems.append(FileProblem(display(entry.path), "not a regular file, skipped"))
            else:
                shown = display(rel)
                target = SourceFile(
                    Path(entry.path), root.uri + quote_from_bytes(os.fsencode(rel)), shown, root.shown,
                    (st.st_dev, st.st_ino), portable_name(root.real, rel), shown if shown == rel else earlier_display(rel),
                )
                add_file(target, st)

    for raw in paths:
        path = Path(raw)
        shown = display(str(path))
        try:
            st = path.stat()
        except OSError as exc:
            msg = _link_reason(exc) if path.is_symlink() else os_reason(exc)
            problems.append(FileProblem(shown, f"{msg}, skipped"))
            continue
        if stat.S_ISDIR(st.st_mode):
            root = _Root(os.path.realpath(path), shown)
            walk(str(path), "", root, {(st.st_dev, st.st_ino)})
            if root.unread:
                unread.append(FileProblem(shown, _unread_line(root.unread)))
        elif stat.S_ISREG(st.st_mode):
            # Named directly: read whatever its name; its identity is its own place
            # (the link itself when it is one: the user named that path).
            real_dir = os.path.realpath(path.parent)
            add_file(
                SourceFile(
                    path, source_key(real_dir, path.name), display(path.name), display(real_dir),
                    (st.st_dev, st.st_ino), portable_name(real_dir, path.name), earlier_display(path.name),
                ),
                st,
            )
        else:
            problems.append(FileProblem(shown, "not a regular file, skipped"))
    return targets, problems, unread


def _unread_line(skipped: Counter[str]) -> str:
    total = sum(skipped.values())
    kinds = ", ".join(f"{n} .{ext}" for ext, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
    if len(skipped) > 8:
        kinds += ", ..."
    files = "file" if total == 1 else "files"
    return f"{total} {files} not read, not text-like ({display(kinds)}); name a file on the command line to read it"


def os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or type(exc).__name__


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link"
    return os_reason(exc)
