"""The article list in a form that opens in milliseconds: ``index.listing.npz``.

``index.json`` is the record of every article's list row; parsing it means
building a Python string for every cell (900,000 of them at 100,000 articles,
about a second on a slow machine) before the first row can be drawn. The
listing holds the same columns as numpy arrays: each text column is one UTF-8
byte string with the offset of every cell, so opening it reads the file and
creates no per-row object. A cell is decoded when it is shown.

The listing is a cache, never the record. It carries the token that
``index.json`` was written with (in its ``_meta`` header); a listing whose
token differs, or that cannot be read, is ignored and built again from
``index.json``.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from curator.store.storage import atomic_write_bytes
from curator.text_index import BlobIndex
from curator.yielding import NO_PACE, Pace

POSITION_PIECE = 20_000  # ids put in the id -> row map at a time
ID_PIECE = 2048  # ids laid in the sorted id table at a time

LISTING_FILE = "index.listing.npz"
FORMAT = 1
TEXT_COLUMNS = ("id", "source_file", "published", "title", "author", "outlet", "duplicate_of", "search")


class Listing:
    """Every article's list columns, in index order, decoded cell by cell on demand.

    ``value(name, i)`` is one cell; ``column(name)`` the whole column as a list
    (built once, kept); ``position(article_id)`` the row of an id (found in the
    ids' bytes until the id map, ``positions()``, has been built). ``entity_counts`` holds -1 where the index has
    no count. Reading from several threads is safe; building the id map steps aside
    on ``pace``, the store's.
    """

    def __init__(self, arrays: dict[str, np.ndarray], count: int, pace: Pace = NO_PACE) -> None:
        self._arrays = arrays
        self._count = count
        self._pace = pace
        self._columns: dict[str, list[str | None]] = {}
        self._positions: dict[str, int] | None = None
        self._id_bytes: bytes | None = None
        self._search: BlobIndex | None = None
        self._lock = threading.Lock()
        self.entity_counts: np.ndarray = arrays["entity_count"]
        self.duplicate: np.ndarray = ~arrays["duplicate_of.null"] & (np.diff(arrays["duplicate_of.off"]) > 0)

    # -- making and storing --------------------------------------------------------
    @classmethod
    def from_columns(cls, cols: dict[str, Any], pace: Pace = NO_PACE) -> Listing:
        """Build from ``Store.article_index()`` columns."""
        ids = cols.get("id", [])
        arrays: dict[str, np.ndarray] = {}
        for name in TEXT_COLUMNS:
            values = cols.get(name) or [None] * len(ids)
            encoded = [v.encode("utf-8", "surrogatepass") if isinstance(v, str) else b"" for v in values]
            offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
            arrays[f"{name}.blob"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
            arrays[f"{name}.off"] = offsets
            arrays[f"{name}.null"] = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        counts = cols.get("entity_count") or {}
        arrays["entity_count"] = np.fromiter((counts.get(i, -1) for i in ids), dtype=np.int32, count=len(ids))
        return cls(arrays, len(ids), pace)

    def to_bytes(self, token: str) -> bytes:
        buffer = io.BytesIO()
        header = np.frombuffer(f"{FORMAT}:{token}:{self._count}".encode(), dtype=np.uint8)
        np.savez(buffer, header=header, **self._arrays)
        return buffer.getvalue()

    def write(self, path: Path, token: str) -> None:
        """Save atomically (raises ``SaveFailed``)."""
        atomic_write_bytes(path, self.to_bytes(token))

    @classmethod
    def read(
        cls, path: Path, token: str, columns: Sequence[str] = TEXT_COLUMNS, pace: Pace = NO_PACE
    ) -> Listing | None:
        """The listing saved for ``token``; None when it is missing, stale or damaged.
        ``columns``: only these text columns are read (``id`` and ``duplicate_of`` always)."""
        wanted = {"id", "duplicate_of", *columns}
        try:
            with np.load(path, allow_pickle=False) as npz:
                fmt, saved, count = bytes(npz["header"]).decode().split(":")
                if int(fmt) != FORMAT or saved != token:
                    return None
                arrays = {
                    name: npz[name] for name in npz.files
                    if name != "header" and (name == "entity_count" or name.rsplit(".", 1)[0] in wanted)
                }
            n = int(count)
            listing = cls(arrays, n, pace)
            listing._check([c for c in TEXT_COLUMNS if c in wanted])
            return listing
        except Exception:
            # A cache: whatever is wrong with it (a torn or damaged zip raises anything
            # from BadZipFile to NotImplementedError), it is built again from the index.
            return None

    def _check(self, columns: Sequence[str] = TEXT_COLUMNS) -> None:
        """Raise ValueError unless every array has the shape the row count implies."""
        n = self._count
        for name in columns:
            blob, off, null = (self._arrays[f"{name}.{part}"] for part in ("blob", "off", "null"))
            if blob.dtype != np.uint8 or off.dtype != np.int64 or null.dtype != bool:
                raise ValueError(f"column {name} has the wrong type")
            if len(off) != n + 1 or len(null) != n or off[0] != 0 or off[-1] != len(blob):
                raise ValueError(f"column {name} has the wrong length")
            if n and np.any(np.diff(off) < 0):
                raise ValueError(f"column {name} has offsets out of order")
        counts = self._arrays["entity_count"]
        if counts.dtype != np.int32 or len(counts) != n:
            raise ValueError("entity counts have the wrong shape")

    # -- reading -------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    def value(self, name: str, i: int) -> str | None:
        """One cell (``i`` must be in range)."""
        column = self._columns.get(name)
        if column is not None:
            return column[i]
        arrays = self._arrays
        if arrays[f"{name}.null"][i]:
            return None
        off = arrays[f"{name}.off"]
        return arrays[f"{name}.blob"][off[i] : off[i + 1]].tobytes().decode("utf-8", "surrogatepass")

    def empty(self, name: str) -> np.ndarray:
        """A bool array (a new one): which rows have no value, or an empty one, in ``name``."""
        return np.diff(self._arrays[f"{name}.off"]) == 0

    def column(self, name: str) -> list[str | None]:
        """A whole column as strings (built at the first call, then kept)."""
        column = self._columns.get(name)
        if column is None:
            arrays = self._arrays
            blob = arrays[f"{name}.blob"].tobytes()
            off = arrays[f"{name}.off"].tolist()
            column = [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(off, off[1:])]
            for i in np.flatnonzero(arrays[f"{name}.null"]).tolist():
                column[i] = None
            self._columns[name] = column
        return column

    def ids(self) -> list[str]:
        return self.column("id")  # type: ignore[return-value]

    def position(self, article_id: str) -> int | None:
        """The first row of ``article_id``, None if no row has it. Before the id map
        exists the id is looked for in the ids' bytes (one search, no map to build),
        so opening the first article never waits for the map."""
        positions = self._positions
        if positions is not None:
            return positions.get(article_id)
        blob = self._id_bytes
        if blob is None:
            blob = self._id_bytes = self._arrays["id.blob"].tobytes()
        needle = article_id.encode("utf-8", "surrogatepass")
        off = self._arrays["id.off"]
        null = self._arrays["id.null"]
        if not needle:
            empty = np.flatnonzero((np.diff(off) == 0) & ~null)
            return int(empty[0]) if len(empty) else None
        at = blob.find(needle)
        while at >= 0:  # the first whole id that matches: the row the id map gives
            i = int(np.searchsorted(off, at, side="right")) - 1  # the last row starting there: the non-empty one
            if 0 <= i < self._count and off[i] == at and off[i + 1] == at + len(needle) and not null[i]:
                return i
            at = blob.find(needle, at + 1)
        return None

    def positions(self) -> dict[str, int]:
        """Article id -> row (the first row of an id, as ``index.json`` has each once)."""
        positions = self._positions
        if positions is None:
            with self._lock:
                if self._positions is None:
                    ids = self.ids()
                    found: dict[str, int] = {}
                    # From the last rows to the first, so the first row of an id wins; in
                    # pieces of POSITION_PIECE ids, yielding between them.
                    for end in self._pace.stepwise(range(len(ids), 0, -POSITION_PIECE), 1):
                        start = max(0, end - POSITION_PIECE)
                        found.update(zip(reversed(ids[start:end]), range(end - 1, start - 1, -1)))
                    self._positions = found
                positions = self._positions
        return positions

    def sorted_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """Every id as fixed-width bytes, sorted (by code point, as strings sort), and the
        row of each: for looking ids up with ``np.searchsorted`` without a Python object
        per row. An id on several rows is found at its first row first."""
        off = self._arrays["id.off"]
        blob = self._arrays["id.blob"]
        width = max(1, int(np.diff(off).max()) if self._count else 1)
        table = np.zeros((self._count, width), dtype=np.uint8)
        for start in range(0, self._count, ID_PIECE):  # in pieces: the indexes take 8 bytes a byte
            end = min(self._count, start + ID_PIECE)
            lengths = np.diff(off[start : end + 1])
            at = np.arange(off[start], off[end]) - np.repeat(off[start:end], lengths)
            table[np.repeat(np.arange(start, end), lengths), at] = blob[off[start] : off[end]]
        ids = table.view(f"S{width}").ravel()
        order = np.argsort(ids, kind="stable")
        return ids[order], order.astype(np.int32)

    def search_index(self) -> BlobIndex:
        """The folded search text of every row, for substring search."""
        if self._search is None:
            self._search = BlobIndex(self._arrays["search.blob"], self._arrays["search.off"])
        return self._search


def listing_of(values: Sequence[dict[str, Any]]) -> Listing:
    """A listing of rows given as dicts (tests and small tools)."""
    cols: dict[str, Any] = {name: [row.get(name) for row in values] for name in TEXT_COLUMNS}
    cols["entity_count"] = {row["id"]: row["entity_count"] for row in values if "entity_count" in row}
    return Listing.from_columns(cols)
