"""A tokenised article: words with offsets, and fast lookups of multi-word phrases."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

# A word starts with a letter ("H04", "TT&TT", "VNPost") or is a run of digits;
# "-0Bộ" (glued page furniture) splits into "-", "0", "Bộ".
_TOKEN = re.compile(r"[^\W\d_][\w&]*|\d+|[^\w\s]|_", re.UNICODE)
_SPACED = re.compile(r"(\s*)([^\W\d_][\w&]*|\d+|[^\w\s]|_)", re.UNICODE)


class Tokens:
    """Words of a text with character offsets; ``nl[i]`` is True when a line break precedes word i."""

    __slots__ = ("text", "words", "low", "starts", "ends", "nl", "n")

    def __init__(self, text: str) -> None:
        self.text = text
        # findall over (spacing, word) pairs is several times faster than finditer;
        # offsets follow from the lengths.
        pairs = _SPACED.findall(text)
        words = [w for _, w in pairs]
        ends = list(accumulate(len(s) + len(w) for s, w in pairs))
        self.words = words
        self.low = [w.lower() for w in words]
        self.starts = [e - len(w) for e, w in zip(ends, words)]
        self.ends = ends
        n = len(words)
        # A line break is never inside a word: each one marks the first word after it.
        nl = [False] * n
        at = text.find("\n")
        while at != -1:
            k = bisect_right(self.starts, at)
            if k < n:
                nl[k] = True
            at = text.find("\n", at + 1)
        if n:
            nl[0] = False
        self.nl = nl
        self.n = n

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.n else ""


class PhraseTable:
    """Multi-word phrases indexed by their first word, longest first.

    ``match(tok, i)`` returns the length in words of the longest phrase
    starting at word i (0 if none). Case-insensitive when ``fold_case``.
    """

    def __init__(self, phrases: Iterable[str], fold_case: bool = False) -> None:
        self.fold_case = fold_case
        table: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            words = tuple(w.group() for w in _TOKEN.finditer(p.lower() if fold_case else p))
            table.setdefault(words[0], []).append(words)
        for seqs in table.values():
            seqs.sort(key=len, reverse=True)
        self.table = table
        # The same phrases as lists, with their lengths: compared to a slice of the words
        # without building a tuple (match runs on most words of every article).
        self._lists = {w: [(len(seq), list(seq)) for seq in seqs] for w, seqs in table.items()}

    def match(self, tok: Tokens, i: int, no_break: bool = True) -> int:
        if i >= tok.n or i < 0:
            return 0 if i >= tok.n else self._match_from_end(tok, i, no_break)
        words = tok.low if self.fold_case else tok.words
        seqs = self._lists.get(words[i])
        if seqs is None:
            return 0
        for k, seq in seqs:
            if k == 1:
                return 1  # longest first: a one-word phrase is the last to try
            if words[i : i + k] == seq:
                if no_break and True in tok.nl[i + 1 : i + k]:
                    continue
                return k
        return 0

    def _match_from_end(self, tok: Tokens, i: int, no_break: bool) -> int:
        """``match`` at a negative index (counted from the end), as slices read it."""
        words = tok.low if self.fold_case else tok.words
        seqs = self.table.get(words[i])
        if not seqs:
            return 0
        for seq in seqs:
            k = len(seq)
            if i + k <= tok.n and tuple(words[i : i + k]) == seq:
                if no_break and any(tok.nl[i + 1 : i + k]):
                    continue
                return k
        return 0
