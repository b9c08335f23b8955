"""Finding authority names in article text: a word trie, linear in the text.

The names no rule can find are looked up: codes, abbreviations and brands
("H04", "EVN", "Vinaphone") and English names ("Ministry of Health"). Each is
cut into words the way an article is (``curator.extract.tokens``) and put in a
trie keyed by words. An Aho-Corasick automaton finds the places where a name's
first word occurs (whole words; one pass in C); from each, the trie is followed
word by word as far as the text matches, so the work per place is bounded by
the longest name (in words), never by the number of names. Hits are whole
words, leftmost-longest, never across a line break and never inside a mention
the extractor already found. A code right after its head noun is found with it
("Cục A05").

Vietnamese canonical, former and variant names are left to the extractor, which
finds names by their head noun; the resolver links what it finds by the name's
key. Looked up as text, a common-noun name is found where it is no name
("Chính phủ" in "Chính phủ điện tử", e-government), and every "Bộ" and "Cục" of
an article would be a place to look (a third of the extraction's time).

Case: codes, abbreviations and brands match only as written, and a one-word one
in capitals not among other words in capitals (an English abbreviation such as
"MOST" is a word in a headline in capitals); English names in any case, but
the hit must start with a capital or a digit (a name, not a phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import ahocorasick

from curator.authority.entries import CASED_KINDS, AuthorityEntry
from curator.extract.tokens import Tokens
from curator.models import Mention

# (spacing, word) as ``curator.extract.tokens`` cuts an article into words.
_NEXT_WORD = re.compile(r"(\s*)([^\W\d_][\w&]*|\d+|[^\w\s]|_)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w&]*)[ \t]*[^\w\s]?[ \t]*$")
_END = ""  # trie key of "a name ends here" (no word is empty)
LOOKED_UP = CASED_KINDS | {"english"}
# Names longer than this (in words) are not looked up in text: no real name is.
MAX_WORDS = 24


@cache
def _head_before() -> re.Pattern[str]:
    """A head noun as written ("Cục", "Tổng cục") right before a name, on its line."""
    from curator.extract.lexicon import ORG_HEADS

    heads = "|".join(re.escape(h) for h in sorted(ORG_HEADS, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{heads})[ \t]+$")


def _in_capitals(text: str, start: int, stop: int) -> bool:
    """Whether the word at ``start:stop`` stands among words written in capitals (the word
    before or after it on its line has two or more letters, all capitals)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _NEXT_WORD.match(text, stop)
    for m, word in ((before, before.group(1) if before else ""), (after, after.group(2) if after else "")):
        if m is not None and "\n" not in m.group(0) and len(word) >= 2 and word.isalpha() and word.isupper():
            return True
    return False


def _words(name: str) -> tuple[str, ...]:
    return tuple(Tokens(name).words)


class AuthorityLookup:
    """Two word tries (words as written; words in lower case), each leaf holding the name's type,
    and an automaton of the words a name may start with, to find where to look."""

    def __init__(self, entries: Iterable[AuthorityEntry]) -> None:
        self.cased: dict[str, dict] = {}
        self.folded: dict[str, dict] = {}
        self.size = 0
        for entry in entries:
            names = [(a.name, a.kind in CASED_KINDS) for a in entry.aliases if a.kind in LOOKED_UP]
            for name, cased in names:
                words = _words(name)
                if not words or len(words) > MAX_WORDS:
                    continue
                if cased:
                    self._put(self.cased, words, entry.type)
                else:
                    self._put(self.folded, tuple(w.lower() for w in words), entry.type)
        # A name found in any case must still start with a capital (or a digit) in the text.
        firsts = set(self.cased)
        for w in self.folded:
            firsts.update((w[:1].upper() + w[1:], w.upper()) if not w[:1].isdigit() else (w,))
        # Where a first word occurs: an Aho-Corasick automaton, one pass over the text in C
        # (a regular expression of the same words cost a third of the extraction).
        self._first: ahocorasick.Automaton | None = None
        if firsts:
            self._first = ahocorasick.Automaton()
            for w in firsts:
                self._first.add_word(w, w)
            self._first.make_automaton()

    def _put(self, trie: dict[str, dict], words: tuple[str, ...], type_: str) -> None:
        node = trie
        for w in words:
            node = node.setdefault(w, {})
        node.setdefault(_END, type_)  # the first entry's type wins for a name listed twice
        self.size += 1

    def __bool__(self) -> bool:
        return self.size > 0

    def find(self, text: str, taken: Iterable[Mention] = ()) -> list[Mention]:
        """Mentions of authority names in ``text`` that overlap none of ``taken``.

        Only where a word that starts a name occurs is the text cut into words, and from
        there at most ``MAX_WORDS`` words: the work is linear in the text."""
        if self._first is None:
            return []
        busy = [(m.start, m.end) for m in taken]
        busy.sort()
        found: list[Mention] = []
        b = 0  # the first taken span that may still overlap
        done = 0  # the end of the last hit: hits never overlap
        size = len(text)
        # Hits come in the order of their ends; whole words never overlap, so that is
        # the order of their starts too.
        for last, word in self._first.iter(text):
            start, stop = last + 1 - len(word), last + 1
            if start < done:
                continue
            if start and ((ch := text[start - 1]).isalnum() or ch in "_&"):
                continue  # inside a word (the tokeniser's words: letters, digits, "_", "&")
            if stop < size and ((ch := text[stop]).isalnum() or ch in "_&"):
                continue
            while b < len(busy) and busy[b][1] <= start:
                b += 1
            if b < len(busy) and busy[b][0] <= start:
                continue  # inside a mention already found
            end, type_ = self._longest(text, word, stop)
            if end < 0:
                continue
            if b < len(busy) and busy[b][0] < end:
                continue  # across a mention already found: not ours
            if end == stop and word.isupper() and _in_capitals(text, start, stop):
                continue  # "MOST", "GI" in a headline written in capitals: a word, not a code
            head = _head_before().search(text, max(0, start - 40), start)
            if head is not None and (b == 0 or busy[b - 1][1] <= head.start()) and head.start() >= done:
                start = head.start()  # "Cục A05": the code with its head noun is the name written
            surface = text[start:end]
            found.append(Mention(start, end, surface, type_, surface))
            done = end
        return found

    def _longest(self, text: str, word: str, stop: int) -> tuple[int, str]:
        """The end of the longest name whose first word is ``word``, ending at ``stop``
        (-1 if none), and its type."""
        best_end, best_type = -1, ""
        for trie, fold in ((self.cased, False), (self.folded, True)):
            node = trie.get(word.lower() if fold else word)
            end = stop
            count = 1
            while node is not None:
                if _END in node and end > best_end:
                    best_end, best_type = end, node[_END]
                if count >= MAX_WORDS:
                    break
                nxt = _NEXT_WORD.match(text, end)
                if nxt is None or "\n" in nxt.group(1):
                    break  # a name never runs over a line break
                w = nxt.group(2)
                node = node.get(w.lower() if fold else w)
                end = nxt.end()
                count += 1
        return best_end, best_type


def add_authority_mentions(text: str, mentions: list[Mention], lookup: AuthorityLookup | None) -> list[Mention]:
    """``mentions`` with the authority's names found in ``text`` added, sorted by start."""
    if not lookup:
        return mentions
    extra = lookup.find(text, mentions)
    if not extra:
        return mentions
    return sorted([*mentions, *extra], key=lambda m: m.start)
