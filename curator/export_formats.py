"""``curator export --format jsonl|csv|parquet`` and ``--aliases``: the curated archive
for the tools analysts open next.

- ``jsonl``: one JSON object a line, each starting with its ``kind`` (then its
  keys sorted): first the ``export``
  header (``schema_version``, ``exported_at``, ``generator``), then one
  ``article`` a line (the JSON export's article, same keys), then ``entity``
  and ``history`` records, and last an ``end`` record with the number of each
  (a file cut short at a line's end is refused). ``curator import`` reads it back.
- ``csv``: four tables, ``articles.csv``, ``entities.csv``, ``aliases.csv``
  (alias, entity id, canonical name, count) and ``mentions.csv``, written to a
  folder, or a zip when the name ends in ``.zip`` or the output is a stream
  (``-``). UTF-8, with a byte-order mark on request (``--bom``: spreadsheets
  then read the Vietnamese letters right).
- ``parquet``: the same four tables as ``.parquet`` files in a folder (needs
  pyarrow: ``pip install 'curator[parquet]'``).

Every format holds the same articles, in the JSON export's order (folder,
file, place in the file), read shard by shard and spilled to temporary files:
memory holds one shard and a few numbers per article. ``curator export`` gives
these formats a store, read without a workspace (``export_stream``), so the
workspace's own state (its article rows, the entities' article lists) is not held
either; given a workspace, they are made from its state, the same bytes. Files are replaced
atomically (``export_target``); a folder is written beside its place and
swapped in.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from curator.export import _rest, article_doc
from curator.export_target import ExportTarget, export_target, write_export
from curator.models import EDITABLE_FIELDS

if TYPE_CHECKING:
    from curator.export_stream import CuratedState
    from curator.models import Entity
    from curator.store import Store
    from curator.workspace import ArticleView, Workspace

FORMATS = ("json", "jsonl", "csv", "parquet")
Progress = Callable[[int, int, str], None]

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "source_folder", "source_file", "file_index", "title", "published", "author", "outlet",
    "status", "duplicate_of", "encoding", "mention_count", "text", "notes",
    *(f"{name}_{part}" for name in EDITABLE_FIELDS for part in ("raw", "confidence", "edited")),
)
MENTION_COLUMNS = ("article_id", "start", "end", "text", "name", "type", "role", "entity_id", "accepted")
ENTITY_COLUMNS = ("id", "type", "name", "article_count", "alias_count", "mention_count")
ALIAS_COLUMNS = ("alias", "entity_id", "canonical_name", "count", "type")
TABLES = ("articles", "entities", "aliases", "mentions")
_BATCH_ROWS = 2000


class ExportFormatError(ValueError):
    """An export that cannot be made as asked (a missing optional package, a stream
    for a folder format); one line saying what to do."""


# -- rows --------------------------------------------------------------------------
def article_row(view: ArticleView) -> list[Any]:
    doc = article_doc(view)
    row = [
        doc["id"], doc["source_folder"], doc["source_file"], doc["file_index"], doc["title"], doc["published"],
        doc["author"], doc["outlet"], doc["status"], doc["duplicate_of"], doc["encoding"], len(doc["mentions"]),
        doc["text"], "\n".join(doc["notes"]),
    ]
    for name in EDITABLE_FIELDS:
        ex = doc["extracted"][name]
        row += [ex["raw"], ex["confidence"], ex["edited"]]
    return row


def mention_rows(view: ArticleView) -> list[list[Any]]:
    art_id = view.article.id
    return [[art_id, m.start, m.end, m.text, m.name, m.type, m.role, m.entity_id, m.accepted] for m in view.mentions]


def entity_tables(source: Workspace | CuratedState) -> tuple[list[list[Any]], list[list[Any]]]:
    """(entities, aliases) rows, in the JSON export's entity order (type, name, id);
    an entity's aliases most mentioned first, then by name."""
    from curator.export_stream import CuratedState

    if isinstance(source, CuratedState):
        counted: Iterable[tuple[Entity, int]] = ((e, len(ids)) for e, ids in source.entities_with_articles())
    else:
        counted = ((e, len(e.article_ids)) for e in sorted(source.entities(), key=lambda e: (e.type, e.name, e.id)))
    ent_rows, alias_rows = [], []
    for e, articles in counted:
        ent_rows.append([e.id, e.type, e.name, articles, len(e.aliases), sum(e.aliases.values())])
        for alias, count in sorted(e.aliases.items(), key=lambda kv: (-kv[1], kv[0])):
            alias_rows.append([alias, e.id, e.name, count, e.type])
    return ent_rows, alias_rows


# -- articles in export order, spilled -----------------------------------------------
@dataclass
class _Spill:
    """Per-article blobs of several streams, spilled to temporary files, read back in
    the export's order."""

    files: list[Any]
    places: list[tuple[tuple[str, str, int, str], list[tuple[int, int]]]]

    def stream(self, k: int) -> Iterator[bytes]:
        fd = self.files[k].fileno()
        for _, spots in self.places:
            at, size = spots[k]
            if size:
                yield os.pread(fd, size, at)


def _spill(
    ws: Workspace, render: Callable[[ArticleView], Sequence[bytes]], streams: int, stack: ExitStack,
    progress: Progress | None,
) -> _Spill:
    files = [stack.enter_context(tempfile.TemporaryFile(prefix="curator-export-")) for _ in range(streams)]
    offsets = [0] * streams
    places = []
    total = len(ws.article_ids())
    for count, view in enumerate(ws.iter_export_articles(), start=1):
        spots = []
        for k, blob in enumerate(render(view)):
            files[k].write(blob)
            spots.append((offsets[k], len(blob)))
            offsets[k] += len(blob)
        art = view.article
        places.append(((art.source_folder or "", art.source_file, art.file_index, art.id), spots))
        if progress and count % 500 == 0:
            progress(count, total, "exporting articles")
    for f in files:
        f.flush()
    places.sort(key=lambda p: p[0])
    return _Spill(files, places)


def _source(source: Workspace | Store) -> Workspace | CuratedState:
    """What the tables are made from: a workspace as it is, a store read as it is
    written (``export_stream``: memory that does not grow with the articles)."""
    from curator.export_stream import CuratedState
    from curator.store import Store

    return CuratedState(source) if isinstance(source, Store) else source


def _spill_of(
    source: Workspace | CuratedState, render: Callable[[ArticleView], Sequence[bytes]], streams: int, stack: ExitStack,
    progress: Progress | None,
) -> Any:
    from curator.export_stream import CuratedState, spill

    if isinstance(source, CuratedState):
        return spill(source, render, streams, stack, progress)
    return _spill(source, render, streams, stack, progress)


# -- jsonl ---------------------------------------------------------------------------
def iter_jsonl(ws: Workspace, progress: Progress | None = None) -> Iterator[bytes]:
    """The export as JSON Lines (see the module's docstring) from a workspace's state;
    keys sorted, so two exports of the same state are byte-identical. ``curator export``
    writes it from the store instead (``export_stream``, the same bytes in flat memory);
    this is the reference that one is checked against."""
    rest = _rest(ws)
    header = {k: rest[k] for k in ("exported_at", "generator", "schema_version")}
    yield b'{"kind":"export",' + orjson.dumps(header, option=orjson.OPT_SORT_KEYS)[1:] + b"\n"
    with ExitStack() as stack:
        # "kind" first, then the article's own keys sorted ("kind" is not among them)
        spill = _spill(
            ws, lambda v: (b'{"kind":"article",' + orjson.dumps(article_doc(v), option=orjson.OPT_SORT_KEYS)[1:] + b"\n",),
            1, stack, progress,
        )
        yield from _gathered(spill.stream(0))
        articles = len(spill.places)
    for kind, key in (("entity", "entities"), ("history", "history")):
        for record in rest[key]:
            yield b'{"kind":"' + kind.encode() + b'",' + orjson.dumps(record, option=orjson.OPT_SORT_KEYS)[1:] + b"\n"
    # The last line says how many records came: a copy cut at a line's end is known for one.
    counts = {"articles": articles, "entities": len(rest["entities"]), "history": len(rest["history"])}
    yield b'{"kind":"end",' + orjson.dumps(counts, option=orjson.OPT_SORT_KEYS)[1:] + b"\n"


def _gathered(chunks: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Small pieces joined into blocks of about ``size`` bytes (fewer writes)."""
    pending: list[bytes] = []
    held = 0
    for chunk in chunks:
        pending.append(chunk)
        held += len(chunk)
        if held >= size:
            yield b"".join(pending)
            pending, held = [], 0
    if pending:
        yield b"".join(pending)


# -- csv -----------------------------------------------------------------------------
class _CsvLines:
    """Rows -> CSV bytes (RFC 4180 quoting, ``\\r\\n`` line ends as spreadsheets expect)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __call__(self, rows: Iterable[Sequence[Any]]) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows([_csv_value(v) for v in row] for row in rows)
        return self._buffer.getvalue().encode("utf-8")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _header(columns: Sequence[str], bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + _CsvLines()([columns])


def iter_aliases_csv(source: Workspace | Store, bom: bool = False) -> Iterator[bytes]:
    """``aliases.csv`` alone: the variant -> canonical map other tools want most."""
    _, aliases = entity_tables(_source(source))
    lines = _CsvLines()
    yield _header(ALIAS_COLUMNS, bom)
    for start in range(0, len(aliases), _BATCH_ROWS):
        yield lines(aliases[start : start + _BATCH_ROWS])


def _csv_tables(source: Workspace | Store, stack: ExitStack, bom: bool, progress: Progress | None) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Each table's bytes, to be pulled one table after another."""
    lines = _CsvLines()
    made = _source(source)
    spill = _spill_of(made, lambda v: (lines([article_row(v)]), lines(mention_rows(v))), 2, stack, progress)
    entities, aliases = entity_tables(made)
    small = _CsvLines()

    def table(columns: Sequence[str], body: Callable[[], Iterable[bytes]]) -> Callable[[], Iterator[bytes]]:
        def chunks() -> Iterator[bytes]:
            yield _header(columns, bom)
            yield from _gathered(body())
        return chunks

    def rows(data: list[list[Any]]) -> Callable[[], Iterator[bytes]]:
        return lambda: (small(data[i : i + _BATCH_ROWS]) for i in range(0, len(data), _BATCH_ROWS))

    return {
        "articles": table(ARTICLE_COLUMNS, lambda: spill.stream(0)),
        "entities": table(ENTITY_COLUMNS, rows(entities)),
        "aliases": table(ALIAS_COLUMNS, rows(aliases)),
        "mentions": table(MENTION_COLUMNS, lambda: spill.stream(1)),
    }


class _Collect:
    """A write-only file for zipfile whose bytes are taken out as they come (no seek:
    zipfile then writes data descriptors, so the zip streams)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def iter_csv_zip(source: Workspace | Store, bom: bool = False, progress: Progress | None = None) -> Iterator[bytes]:
    """The four CSV tables as one zip, produced as a stream."""
    with ExitStack() as stack:
        tables = _csv_tables(source, stack, bom, progress)
        out = _Collect()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in TABLES:
                info = zipfile.ZipInfo(f"{name}.csv", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as entry:
                    for chunk in tables[name]():
                        entry.write(chunk)
                        if piece := out.take():
                            yield piece
        yield out.take()


# -- parquet -------------------------------------------------------------------------
def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportFormatError(
            "the parquet format needs pyarrow, which is not installed: pip install 'curator[parquet]'"
        ) from None
    return pyarrow


def _schemas(pa: Any) -> dict[str, Any]:
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    article_types = [s, s, s, i, s, s, s, s, s, s, s, i, s, s] + [s, f, b] * len(EDITABLE_FIELDS)
    return {
        "articles": pa.schema(list(zip(ARTICLE_COLUMNS, article_types))),
        "mentions": pa.schema(list(zip(MENTION_COLUMNS, [s, i, i, s, s, s, s, s, b]))),
        "entities": pa.schema(list(zip(ENTITY_COLUMNS, [s, s, s, i, i, i]))),
        "aliases": pa.schema(list(zip(ALIAS_COLUMNS, [s, s, s, i, s]))),
    }


def write_parquet_tables(source: Workspace | Store, folder: Path, progress: Progress | None = None) -> None:
    """The four tables as ``<table>.parquet`` in ``folder`` (which exists and is empty)."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schemas = _schemas(pa)

    def write(name: str, batches: Iterable[list[list[Any]]]) -> None:
        schema = schemas[name]
        with pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd") as writer:
            wrote = False
            for rows in batches:
                if rows:
                    columns = list(zip(*rows))
                    writer.write_table(pa.table([pa.array(c, t.type) for c, t in zip(columns, schema)], schema=schema))
                    wrote = True
            if not wrote:
                writer.write_table(schema.empty_table())

    made = _source(source)
    with ExitStack() as stack:
        dump = orjson.dumps
        spill = _spill_of(made, lambda v: (dump(article_row(v)) + b"\n", b"".join(dump(r) + b"\n" for r in mention_rows(v))), 2, stack, progress)
        write("articles", _decoded_batches(spill.stream(0)))
        write("mentions", _decoded_batches(spill.stream(1)))
    entities, aliases = entity_tables(made)
    write("entities", (entities[i : i + _BATCH_ROWS] for i in range(0, len(entities), _BATCH_ROWS)))
    write("aliases", (aliases[i : i + _BATCH_ROWS] for i in range(0, len(aliases), _BATCH_ROWS)))
    for name in TABLES:
        _fsync(folder / f"{name}.parquet")


def _decoded_batches(blobs: Iterable[bytes]) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    for blob in blobs:
        for line in blob.splitlines():
            batch.append(orjson.loads(line))
        if len(batch) >= _BATCH_ROWS:
            yield batch
            batch = []
    yield batch


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- where it goes ---------------------------------------------------------------------
def check_options(fmt: str, *, bom: bool = False, aliases_only: bool = False) -> None:
    """Refuse options that do not fit the format, before any work."""
    if bom and not aliases_only and fmt != "csv":
        # Asked for and silently left out, a spreadsheet would show the letters garbled.
        raise ExportFormatError(f"--bom is for CSV (--format csv or --aliases); the {fmt} format is read as UTF-8 without one")
    if aliases_only and fmt not in ("csv", "json"):  # json: the default when --format is not given
        raise ExportFormatError("--aliases writes aliases.csv: use it without --format or with --format csv")


def export_jsonl(store: Store, output: str, progress: Progress | None = None) -> str:
    """The JSON Lines export of a store, read as it is written (``export_stream``: no
    workspace, memory that does not grow with the articles); same rules for the
    target as every export."""
    from curator.export_stream import iter_jsonl_stream

    write_export(export_target(output, store.root), iter_jsonl_stream(store, progress))
    return "JSON Lines"


def export_as(
    source: Workspace | Store, fmt: str, output: str, *, bom: bool = False, aliases_only: bool = False,
    progress: Progress | None = None,
) -> str:
    """Write one export; returns what was written, for the summary line. From a store
    (every format but ``json``), the tables are read as they are written
    (``export_stream``); from a workspace, from its state.

    Targets are checked before any work (``export_target``): never inside the
    database folder. A zip, a JSON Lines file or ``aliases.csv`` is one file
    (replaced atomically) or a stream; a CSV or parquet folder is written beside
    its place and swapped in (``export_target.replace_folder``).
    """
    from curator.export import export_workspace
    from curator.export_target import STDOUT, is_stream, replace_folder, tables_folder
    from curator.store import Store

    check_options(fmt, bom=bom, aliases_only=aliases_only)
    if aliases_only:
        target = export_target(output, source.root)
        write_export(target, iter_aliases_csv(source, bom))
        return "aliases.csv"
    if fmt == "json":
        if isinstance(source, Store):
            raise TypeError("the JSON export is made from a workspace")
        export_workspace(source, output, progress=progress)
        return "JSON"
    if fmt == "jsonl":
        return export_jsonl(source if isinstance(source, Store) else source.store, output, progress)
    if fmt == "csv":
        if output == STDOUT or output.lower().endswith(".zip") or is_stream(output):
            write_export(export_target(output, source.root), iter_csv_zip(source, bom, progress))
            return "CSV tables in a zip"
        place = tables_folder(output, source.root, TABLES_FILES["csv"])
        replace_folder(place, lambda tmp: _write_csv_folder(source, tmp, bom, progress))
        return "CSV tables in a folder"
    if fmt == "parquet":
        _pyarrow()  # before any work: a missing package is one line, not a half-made folder
        if is_stream(output):
            raise ExportFormatError("parquet is written as a folder of .parquet files: give a folder name with -o")
        place = tables_folder(output, source.root, TABLES_FILES["parquet"])
        replace_folder(place, lambda tmp: write_parquet_tables(source, tmp, progress))
        return "parquet tables in a folder"
    raise ExportFormatError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")


TABLES_FILES = {ext: frozenset(f"{t}.{ext}" for t in TABLES) for ext in ("csv", "parquet")}


def _write_csv_folder(source: Workspace | Store, folder: Path, bom: bool, progress: Progress | None) -> None:
    with ExitStack() as stack:
        tables = _csv_tables(source, stack, bom, progress)
        for name in TABLES:
            path = folder / f"{name}.csv"
            with open(path, "wb") as fh:
                for chunk in tables[name]():
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())


__all__ = [
    "ExportFormatError", "ExportTarget", "FORMATS", "check_options", "export_as", "export_jsonl", "iter_aliases_csv",
    "iter_csv_zip", "iter_jsonl",
]
