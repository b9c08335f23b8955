"""Exact and near-duplicate articles, found in one pass over the archive.

Exact: the same normalised body (``Article.content_hash``). Near: MinHash by
one-permutation hashing over 3-word shingles (64 bins, 32-bit values), with
LSH banding (16 bands of 4 bins) to find candidates and the sketch's
Jaccard estimate to confirm them (>= ``NEAR_THRESHOLD``). Shingle hashes are
built from CRC-32 word ids mixed in numpy with fixed 64-bit constants, so the
result is the same in every run and process (Python's ``hash`` of a string is
not). The first copy wins: articles are added in ingest order and a later
article points at the earliest earlier match.

datasketch was considered: its MinHash hashes every shingle with SHA-1 in
Python, about ten times slower than this at 100,000 articles.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import chain
from operator import eq

import numpy as np

BINS = 64
BAND_ROWS = 4
NEAR_THRESHOLD = 0.7
MIN_WORDS = 25  # shorter bodies are compared exactly only
BUCKET_SCAN = 16  # per band: at 100,000 articles 64 found 1 more duplicate in 98,794 at twice the cost
SAMPLE_ABOVE = 300  # words; longer bodies are sketched from a sample of their shingles
_EMPTY = 0xFFFFFFFF
_P0, _P1, _P2 = (np.uint64(p) for p in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_U3, _U27, _U30, _U31, _U32 = (np.uint64(n) for n in (3, 27, 30, 31, 32))
_BIN_MASK = np.uint64(BINS - 1)
_NONE = np.zeros(0, dtype=np.int64)


class _WordIds(dict[str, int]):
    """Word -> CRC-32, filled on first sight (a lookup per word is cheaper than a CRC)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode())
        return value


class DuplicateIndex:
    """Articles seen so far, in ingest order; answers "is this a copy of one?"."""

    def __init__(self) -> None:
        self._word_ids = _WordIds()
        self._by_hash: dict[str, tuple[int, str]] = {}
        self._bands: list[dict[bytes, list[int]]] = [{} for _ in range(BINS // BAND_ROWS)]  # per band: key -> positions
        # The same sketches as rows of one matrix (row = position), so a query
        # compares all its candidates at once in numpy instead of one by one.
        self._matrix = np.zeros((1024, BINS), dtype=np.uint32)
        self._present = np.zeros(1024, dtype=bool)
        self._ids: dict[int, str] = {}
        self._hash_at: dict[int, str] = {}
        self._position: dict[str, int] = {}
        self._next = 0

    def __len__(self) -> int:
        return len(self._position)

    def sketch(self, text: str) -> array | None:
        """The MinHash sketch of a body (None when too short to compare loosely)."""
        # Whitespace words, punctuation attached: much cheaper than a regex and
        # consistent between copies, which is all a sketch needs.
        words = text.casefold().split()
        if len(words) < MIN_WORDS:
            return None
        ids = np.array(list(map(self._word_ids.__getitem__, words)), dtype=np.uint64)
        a, b, c = ids[:-2], ids[1:-1], ids[2:]
        if len(words) > SAMPLE_ABOVE:
            # Content-defined sampling: keep shingles whose first word falls in a
            # fixed quarter of the vocabulary. Copies keep the same ones, so the
            # Jaccard estimate holds, at a quarter of the cost.
            keep = (a & _U3) == 0
            a, b, c = a[keep], b[keep], c[keep]
        # One 64-bit hash per 3-word shingle (wrapping arithmetic, then the
        # splitmix64 finaliser): the low bits pick the bin, the high 32 the value.
        h = a * _P0 + b * _P1 + c * _P2
        h ^= h >> _U30
        h *= _M1
        h ^= h >> _U27
        h *= _M2
        h ^= h >> _U31
        mins = np.full(BINS, _EMPTY, dtype=np.uint32)
        np.minimum.at(mins, (h & _BIN_MASK).astype(np.intp), (h >> _U32).astype(np.uint32))
        return array("I", mins.tobytes())

    def find(self, content_hash: str, sketch: array | None, before: int | None = None) -> str | None:
        """The id of the earliest indexed article this one duplicates, if any.

        ``before``: only articles at an earlier position count (an updated
        article keeps its place in the ingest order).
        """
        limit = self._next if before is None else before
        hit = self._by_hash.get(content_hash)
        best: tuple[int, str] | None = hit if hit is not None and hit[0] < limit else None
        if sketch is not None:
            # A crowded bucket is shared boilerplate; its earliest entries are
            # the ones that could win anyway. The earliest candidate at or
            # above the threshold wins (as would a scan in position order).
            hits = [bucket[:BUCKET_SCAN] for bucket in map(dict.get, self._bands, _bands(sketch)) if bucket]
            cand = np.fromiter(chain.from_iterable(hits), dtype=np.int64) if hits else _NONE
            if len(cand):
                bound = limit if best is None else min(limit, best[0])
                cand = cand[cand < bound]
                cand = cand[self._present[cand]]
            if len(cand):
                query = np.frombuffer(sketch, dtype=np.uint32)
                rows = self._matrix[cand]
                same = (rows == query).sum(axis=1)
                if _EMPTY in sketch:  # bins empty on both sides are not evidence
                    both = BINS - (rows[:, query == _EMPTY] == _EMPTY).sum(axis=1)
                    same = same - (BINS - both)
                    sims = np.where(both > 0, same / np.maximum(both, 1), 0.0)
                else:
                    sims = same / BINS
                good = cand[sims >= NEAR_THRESHOLD]  # a candidate may repeat: the earliest wins
                if len(good):
                    pos = int(good.min())
                    best = (pos, self._ids[pos])
        return best[1] if best is not None else None

    def add(self, article_id: str, content_hash: str, sketch: array | None, position: int | None = None) -> int:
        """Index an article (at the end of the order, or at ``position``)."""
        pos = self._next if position is None else position
        self._next = max(self._next, pos + 1)
        self._position[article_id] = pos
        self._ids[pos] = article_id
        self._hash_at[pos] = content_hash
        if content_hash not in self._by_hash or self._by_hash[content_hash][0] > pos:
            self._by_hash[content_hash] = (pos, article_id)
        if pos >= len(self._present):
            size = max(pos + 1, 2 * len(self._present))
            matrix = np.zeros((size, BINS), dtype=np.uint32)
            matrix[: len(self._matrix)] = self._matrix
            present = np.zeros(size, dtype=bool)
            present[: len(self._present)] = self._present
            self._matrix, self._present = matrix, present
        self._present[pos] = sketch is not None
        if sketch is not None:
            self._matrix[pos] = np.frombuffer(sketch, dtype=np.uint32)
            for bucket, key in zip(self._bands, _bands(sketch)):
                bucket.setdefault(key, []).append(pos)
        return pos

    def remove(self, article_id: str) -> int | None:
        """Forget an article (its file changed or lost it); returns its old position."""
        pos = self._position.pop(article_id, None)
        if pos is None:
            return None
        self._ids.pop(pos, None)
        if pos < len(self._present):
            self._present[pos] = False
        # band lists keep the stale position; find() skips it (not present)
        h = self._hash_at.pop(pos, None)
        if h is not None and self._by_hash.get(h, (None,))[0] == pos:
            del self._by_hash[h]  # a later copy with the same hash is found through its sketch, or not at all
        return pos

    def position(self, article_id: str) -> int | None:
        return self._position.get(article_id)


_BAND_BYTES = BAND_ROWS * 4


def _bands(sketch: array) -> list[bytes]:
    """The sketch's band keys, band by band (4 bins = 16 bytes each)."""
    raw = sketch.tobytes()
    return [raw[k : k + _BAND_BYTES] for k in range(0, len(raw), _BAND_BYTES)]


def similarity(a: array, b: array) -> float:
    """Estimated Jaccard similarity of two sketches' shingle sets."""
    same = sum(map(eq, a, b))  # in C: this runs for every LSH candidate
    if _EMPTY in a or _EMPTY in b:
        empty = sum(1 for x, y in zip(a, b) if x == _EMPTY and y == _EMPTY)
        same -= empty
        both = len(a) - empty
    else:
        both = len(a)
    return same / both if both else 0.0
