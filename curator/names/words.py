"""The words of a name as the readers see them, and the lookups made word by word: a code, a
title, a head noun at a given word."""

from __future__ import annotations

from curator.names.vocabulary import (
    _DASHES,
    _DIGIT,
    _HEAD_ACRONYMS,
    _HEADS_BY_FIRST,
    _HONORIFICS,
    _STANDALONE,
    _SYLLABLE,
    _TITLE_LENGTHS,
    _TITLE_MARKED,
    _TITLES,
    _WORD,
)
from curator.names.parts import Part
from curator.resolve.keys import fold

def is_code(word: str, capitals: bool = False, lower: bool = False) -> bool:
    """An acronym or code ("BĐTW", "TT&TT", "H04", "VNPost"), not a capitalised word.

    In a name written in capitals a Vietnamese syllable ("GIÁO") is a word; in a name written in lower
    case a word that is no Vietnamese syllable ("gd&đt", "tn") is a code."""
    if not word.isalpha() and _DIGIT.search(word):
        return True
    if lower:
        return len(word) >= 2 and ("&" in word or not _SYLLABLE.match(fold(word)))
    if len(word) < 2 or not word[0].isupper() or word[1:].islower():
        return False
    if capitals and word.isupper() and "&" not in word:
        f = fold(word)
        return not (_SYLLABLE.match(f) and (f != word.lower() or len(f) >= 3 and f not in _STANDALONE))
    return True


class _Words:
    """The words of the input with offsets, folded and lower-cased."""

    __slots__ = ("text", "raw", "low", "fold", "starts", "ends", "n", "marked", "lower")

    def __init__(self, text: str) -> None:
        self.text = text
        ms = list(_WORD.finditer(text))
        self.raw = [m.group() for m in ms]
        self.low = [w.lower() for w in self.raw]
        folded = _WORD.findall(fold(text))
        self.fold = folded if len(folded) == len(self.raw) else [fold(w) for w in self.raw]
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]
        self.n = len(ms)
        self.marked = not text.isascii() and any(f != w for f, w in zip(self.fold, self.low))
        self.lower = not any(c.isupper() for c in text)

    def gap(self, i: int) -> str:
        """The text between word i-1 and word i (stripped); a dash inside a word ("GD-ĐT") is no gap."""
        if not 0 < i < self.n:
            return ""
        between = self.text[self.ends[i - 1] : self.starts[i]]
        stripped = between.strip()
        if stripped in _DASHES and stripped == between:
            return "·"
        return stripped

    def part(self, i: int, j: int) -> Part:
        return Part(self.text[self.starts[i] : self.ends[j - 1]], self.starts[i], self.ends[j - 1])

    def cap(self, i: int) -> bool:
        return self.lower or self.raw[i][:1].isupper()

    def at(self, i: int, seq: tuple[str, ...]) -> bool:
        return tuple(self.fold[i : i + len(seq)]) == seq


def _title_at(w: _Words, i: int, stop: int) -> int:
    """Words of the honorific or title at word i (0 if none)."""
    for k in _TITLE_LENGTHS:
        if i + k > stop:
            continue
        f = tuple(w.fold[i : i + k])
        if f not in _TITLES and f not in _HONORIFICS:
            continue
        # With diacritics the title must be spelled as one ("Bà" yes, "Ba" no); without any, folded.
        if w.marked and tuple(w.low[i : i + k]) not in _TITLE_MARKED:
            continue
        return k
    return 0


def _head_at(w: _Words, i: int) -> int:
    for h in _HEADS_BY_FIRST.get(w.fold[i], ()):
        if w.at(i, h) and w.cap(i):
            return len(h)
    if w.fold[i] in _STANDALONE or w.fold[i] in _HEAD_ACRONYMS:
        return 1
    return 0

