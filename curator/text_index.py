"""Substring search over many short folded strings, fast enough to run per keystroke.

A filter keystroke at 100,000 articles (or 50,000 entity names) cannot afford a Python function call per
row. :class:`TextIndex` keeps the strings in a list and joined into one string:
a token that few rows hold is found with ``str.find`` jumps through the joined
string (cost grows with the hits), a token that many rows hold with one list
comprehension of ``in`` tests (cost grows with the rows tested). Which of the
two is cheaper is decided per token from ``str.count`` on the joined string.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress, repeat
from operator import contains
from typing import Any

# A hit found by jumping costs about this many ``in`` tests of a list comprehension.
_SCAN_COST = 8
_SEPARATOR = "\n"
# BlobIndex: below one candidate in this many bytes, candidates are checked one by one.
_SPARSE = 40
_RECENT = 64  # tokens whose places a BlobIndex keeps


class TextIndex:
    """The positions of strings that contain a token (strings must not hold newlines)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self._joined: str | None = None
        self._starts: list[int] = []

    def __len__(self) -> int:
        return len(self.texts)

    def prepare(self) -> None:
        """Build the joined string now rather than at the first search."""
        self._prepare()

    def _prepare(self) -> str:
        if self._joined is None:
            self._joined = _SEPARATOR.join(self.texts)
            # Where each string starts in the joined one (plus one past the end).
            self._starts = [0, *accumulate(len(t) + 1 for t in self.texts)]
        return self._joined

    def matching(self, token: str, within: Sequence[int] | None = None) -> list[int]:
        """Positions (ascending) of the strings containing ``token``, among ``within`` if given."""
        texts = self.texts
        if not token:
            return list(within) if within is not None else list(range(len(texts)))
        tested = len(within) if within is not None else len(texts)
        if tested == 0:
            return []
        if _SEPARATOR in token:
            return []
        joined = self._prepare()
        # How many strings hold the token, guessed from a sixteenth of the text.
        sample = len(joined) // 16
        estimate = joined.count(token, 0, sample) * 16 if sample > 10_000 else joined.count(token)
        if estimate * _SCAN_COST < tested:
            hits = self._scan(token)
            if within is None:
                return hits
            keep = bytearray(len(texts))
            for i in within:
                keep[i] = 1
            return [i for i in hits if keep[i]]
        # ``map`` of ``operator.contains``: the ``in`` test without a Python-level loop
        # (about 1.5 times faster than a comprehension, the whole cost of a 1-letter query).
        if within is None:
            return list(compress(range(len(texts)), map(contains, texts, repeat(token))))
        return list(compress(within, map(contains, map(texts.__getitem__, within), repeat(token))))

    def _scan(self, token: str) -> list[int]:
        joined, starts = self._prepare(), self._starts
        find = joined.find
        out: list[int] = []
        pos = find(token)
        while pos >= 0:
            row = bisect_right(starts, pos) - 1
            out.append(row)
            pos = find(token, starts[row + 1])  # on to the next string: one hit per string
        return out

    def matching_all(self, tokens: Sequence[str], within: Sequence[int] | None = None) -> list[int]:
        """Positions of the strings containing every token (rarest-looking first: longest)."""
        found = within
        for token in sorted(set(tokens), key=len, reverse=True):
            found = self.matching(token, found)
            if not found:
                return []
        return list(found) if found is not None else list(range(len(self.texts)))


class BlobIndex:
    """Substring search over many strings stored as one UTF-8 byte array (numpy).

    ``blob`` holds the strings' bytes back to back and ``offsets`` where each
    starts (plus the end), as :class:`curator.store.listing.Listing` keeps them:
    no Python string per row exists, and a search is a few vectorised passes
    over the bytes. A UTF-8 string contains a token exactly when its bytes
    contain the token's bytes, so the result is that of ``token in text``.

    Typing adds a letter at a time: the places a token was found are kept for a
    while, and a token that extends one found before is looked for only there.
    """

    def __init__(self, blob: Any, offsets: Any) -> None:
        self.blob = blob
        self.offsets = offsets
        self._counts: Any = None
        self._step = 1
        self._scratch: tuple[Any, Any] | None = None  # the dense search's work arrays
        # token -> (which strings hold it, where it starts in the blob or None if too many places)
        self._recent: dict[bytes, tuple[Any, Any]] = {}

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def prepare(self) -> None:
        """Do the first search's one-time work now (a background thread at start): the
        byte counts and the work arrays, their memory touched. The first keystroke of a
        filter at 100,000 articles took 0.2-0.3 s, the next ones 20-40 ms. No search
        runs here: the work arrays are the UI thread's once published."""
        import numpy as np

        self._byte_counts()
        if self._scratch is None:
            padded, spare = np.empty(len(self.blob) + 1, dtype=bool), np.empty(len(self.blob), dtype=bool)
            padded.fill(False)
            spare.fill(False)
            self._scratch = (padded, spare)

    def _byte_counts(self) -> None:
        import numpy as np

        if self._counts is None:  # how common each byte is, from a sample (all of it is slow to count)
            self._step = max(1, len(self.blob) // 200_000)
            self._counts = np.bincount(self.blob[:: self._step], minlength=256)

    def contains(self, token: str) -> Any:
        """A numpy bool array: which strings contain ``token`` (do not change it)."""
        import numpy as np

        if not token:
            return np.ones(len(self), dtype=bool)
        needle = token.encode("utf-8", "surrogatepass")
        cached = self._recent.get(needle)
        if cached is None:
            cached = self._search(needle)
            if len(self._recent) >= _RECENT:
                del self._recent[next(iter(self._recent))]
            self._recent[needle] = cached
        return cached[0]

    def _search(self, needle: bytes) -> tuple[Any, Any]:
        import numpy as np

        blob, offsets, k = self.blob, self.offsets, len(needle)
        if k > len(blob):
            return np.zeros(len(self), dtype=bool), np.zeros(0, dtype=np.int64)
        token = np.frombuffer(needle, dtype=np.uint8)
        # A token found before that this one extends: look only where that one starts.
        known = max((p for p, (_, at) in self._recent.items() if at is not None and needle.startswith(p)), key=len, default=None)
        if known is not None:
            starts = self._recent[known][1]
            starts = starts[starts <= len(blob) - k]
            checked = len(known)
        else:
            self._byte_counts()
            anchor = int(np.argmin(self._counts[token]))  # the token's rarest byte
            if self._counts[token[anchor]] * self._step * _SPARSE >= len(blob):
                return self._dense(token)
            same = self._work()[1]
            np.equal(blob, token[anchor], out=same)
            starts = np.flatnonzero(same) - anchor
            starts = starts[(starts >= 0) & (starts <= len(blob) - k)]
            checked = 0
            token_bytes = [j for j in range(k) if j != anchor]
        if known is not None:
            token_bytes = list(range(checked, k))
        for j in token_bytes:
            if not len(starts):
                break
            starts = starts[blob[starts + j] == token[j]]
        found = np.zeros(len(self), dtype=bool)
        if len(starts):
            rows = np.searchsorted(offsets, starts, side="right") - 1
            inside = starts + k <= offsets[rows + 1]  # not across two strings
            starts = starts[inside]
            found[rows[inside]] = True
        return found, starts

    def _work(self) -> tuple[Any, Any]:
        """Two bool arrays the size of the blob (one longer), kept for every search: a
        fresh 9 MB array is thousands of page faults, 50-200 ms on a slow machine."""
        import numpy as np

        if self._scratch is None:
            self._scratch = (np.empty(len(self.blob) + 1, dtype=bool), np.empty(len(self.blob), dtype=bool))
        return self._scratch

    def _dense(self, token: Any) -> tuple[Any, Any]:
        """Many places to check: compare the whole blob once per byte of the token."""
        import numpy as np

        blob, offsets, k = self.blob, self.offsets, len(token)
        span = len(blob) - k + 1
        # False from ``span`` on, one past the end included: every string's start is then
        # a valid index, and the last strings' ranges are not cut short (empty strings at
        # the end clamped them). Written in place: each pass over 9 MB costs 5-10 ms here.
        padded, spare = self._work()
        padded[span:] = False
        at = padded[:span]
        np.equal(blob[:span], token[0], out=at)
        same = spare[:span]
        for j in range(1, k):
            np.equal(blob[j : j + span], token[j], out=same)
            at &= same
        for j in range(1, k):  # a match starting this close to a string's end runs into the next one
            ends = offsets[1:] - j
            at[ends[(ends >= 0) & (ends < span)]] = False
        found = np.logical_or.reduceat(padded, offsets[:-1])
        found &= offsets[1:] - offsets[:-1] >= k  # reduceat gives a string too short its neighbour's answer
        starts = None
        if k > 1 and np.count_nonzero(at) * _SPARSE <= len(blob):  # not too many to be worth keeping
            starts = np.flatnonzero(at)
        return found, starts

    def contains_all(self, tokens: Sequence[str]) -> Any:
        """A numpy bool array: which strings contain every token."""
        import numpy as np

        found = np.ones(len(self), dtype=bool)
        for token in sorted(set(tokens), key=len, reverse=True):
            found &= self.contains(token)
        return found
