"""Exact and near-duplicate articles, found in one pass over the archive.

Exact: the same normalised body (``Article.content_hash``). Near: MinHash by
one-permutation hashing over 3-word shingles (64 bins, 32-bit values), with
LSH banding (16 bands of 4 bins) to find candidates and the sketch's
Jaccard estimate to confirm them (>= ``NEAR_THRESHOLD``). Shingle hashes are
built from CRC-32 word ids and int-tuple hashing, so the result is the same in every run (Python's
``hash`` of a string is not). The first copy wins: articles are added in
ingest order and a later article points at the earliest earlier match.

datasketch was considered: its MinHash hashes every shingle with SHA-1 in
Python, about ten times slower than this at 100,000 articles.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import chain, islice
from operator import eq

import numpy as np

BINS = 64
BAND_ROWS = 4
NEAR_THRESHOLD = 0.7
MIN_WORDS = 25  # shorter bodies are compared exactly only
BUCKET_SCAN = 64
SAMPLE_ABOVE = 300  # words; longer bodies are sketched from a sample of their shingles
_EMPTY = 0xFFFFFFFF
_MASK = (1 << 64) - 1


class DuplicateIndex:
    """Articles seen so far, in ingest order; answers "is this a copy of one?"."""

    def __init__(self) -> None:
        self._word_ids: dict[str, int] = {}
        self._by_hash: dict[str, tuple[int, str]] = {}
        self._bands: dict[tuple[int, ...], list[int]] = {}
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
        ids = self._word_ids
        # Whitespace words, punctuation attached: much cheaper than a regex and
        # consistent between copies, which is all a sketch needs.
        words = text.casefold().split()
        if len(words) < MIN_WORDS:
            return None
        seq = []
        for w in words:
            i = ids.get(w)
            if i is None:
                i = ids[w] = zlib.crc32(w.encode())
            seq.append(i)
        # hash() of a tuple of ints is the same in every process (only str hashes are salted).
        shingles = zip(seq, seq[1:], seq[2:])
        if len(seq) > SAMPLE_ABOVE:
            # Content-defined sampling: keep shingles whose first word falls in a
            # fixed quarter of the vocabulary. Copies keep the same ones, so the
            # Jaccard estimate holds, at a quarter of the cost.
            shingles = (t for t in shingles if not t[0] & 3)
        hashes = {hash(t) & _MASK for t in shingles}
        # The smallest hash per bin: sort descending so the last write per bin wins.
        mins = {h & (BINS - 1): h >> 32 for h in sorted(hashes, reverse=True)}
        return array("I", [mins.get(b, _EMPTY) for b in range(BINS)])

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
            buckets = self._bands
            lists = [islice(buckets.get(key, ()), BUCKET_SCAN) for key in _bands(sketch)]
            cand = np.fromiter(chain.from_iterable(lists), dtype=np.int64)
            if len(cand):
                bound = limit if best is None else min(limit, best[0])
                cand = np.unique(cand[cand < bound])
                cand = cand[self._present[cand]]
            if len(cand):
                query = np.frombuffer(sketch, dtype=np.uint32)
                rows = self._matrix[cand]
                same = (rows == query).sum(axis=1)
                both_empty = ((rows == _EMPTY) & (query == _EMPTY)).sum(axis=1)
                both = BINS - both_empty
                same = same - both_empty
                with np.errstate(divide="ignore", invalid="ignore"):
                    sims = np.where(both > 0, same / np.maximum(both, 1), 0.0)
                good = np.flatnonzero(sims >= NEAR_THRESHOLD)
                if len(good):
                    pos = int(cand[good[0]])
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
            for key in _bands(sketch):
                self._bands.setdefault(key, []).append(pos)
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


def _bands(sketch: array) -> list[tuple[int, ...]]:
    return [(b,) + tuple(sketch[b * BAND_ROWS : (b + 1) * BAND_ROWS]) for b in range(BINS // BAND_ROWS)]


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
