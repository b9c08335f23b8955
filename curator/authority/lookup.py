"""Finding authority names in article text: a word trie, linear in the text.

Every alias and canonical name of the authority is cut into words the way an
article is (``curator.extract.tokens``) and put in a trie keyed by words. The
text is walked once: at each word the trie is followed as far as the words
match, so the work per word is bounded by the longest name (in words), never by
the number of names. Hits are whole words, leftmost-longest, never across a line
break and never inside a mention the extractor already found.

Case: codes, abbreviations and brands ("H04", "EVN", "Vinaphone") match only as
written; canonical, English, former and variant names in any case, but the hit
must start with a capital or a digit in the text (a name, not a phrase).
"""

from __future__ import annotations

from collections.abc import Iterable

from curator.authority.entries import CASED_KINDS, AuthorityEntry
from curator.extract.tokens import Tokens
from curator.models import Mention

_END = ""  # trie key of "a name ends here" (no word is empty)
# Names longer than this (in words) are not looked up in text: no real name is.
MAX_WORDS = 24


def _words(name: str) -> tuple[str, ...]:
    return tuple(Tokens(name).words)


class AuthorityLookup:
    """Two word tries (words as written; words in lower case), each leaf holding the name's type."""

    def __init__(self, entries: Iterable[AuthorityEntry]) -> None:
        self.cased: dict[str, dict] = {}
        self.folded: dict[str, dict] = {}
        self.size = 0
        for entry in entries:
            names = [(entry.canonical, False)] + [(a.name, a.kind in CASED_KINDS) for a in entry.aliases]
            for name, cased in names:
                words = _words(name)
                if not words or len(words) > MAX_WORDS:
                    continue
                if cased:
                    self._put(self.cased, words, entry.type)
                else:
                    self._put(self.folded, tuple(w.lower() for w in words), entry.type)

    def _put(self, trie: dict[str, dict], words: tuple[str, ...], type_: str) -> None:
        node = trie
        for w in words:
            node = node.setdefault(w, {})
        node.setdefault(_END, type_)  # the first entry's type wins for a name listed twice
        self.size += 1

    def __bool__(self) -> bool:
        return self.size > 0

    def find(self, text: str, taken: Iterable[Mention] = ()) -> list[Mention]:
        """Mentions of authority names in ``text`` that overlap none of ``taken``."""
        if not self.size:
            return []
        tok = Tokens(text)
        n = tok.n
        words, low, starts, ends, nl = tok.words, tok.low, tok.starts, tok.ends, tok.nl
        busy = sorted((m.start, m.end) for m in taken)
        found: list[Mention] = []
        b = 0  # the first taken span that may still overlap
        i = 0
        while i < n:
            best_end, best_type = -1, ""
            for trie, seq in ((self.cased, words), (self.folded, low)):
                node = trie.get(seq[i])
                if node is None:
                    continue
                if trie is self.folded and not (words[i][:1].isupper() or words[i][:1].isdigit()):
                    continue
                k = i
                while True:
                    if _END in node and k > best_end:
                        best_end, best_type = k, node[_END]
                    k += 1
                    if k >= n or nl[k]:
                        break
                    node = node.get(seq[k])
                    if node is None:
                        break
            if best_end < 0:
                i += 1
                continue
            start, end = starts[i], ends[best_end]
            # Whole words: the tokeniser splits "H04x" as one word, but "A05-B" as three.
            while b < len(busy) and busy[b][1] <= start:
                b += 1
            if b < len(busy) and busy[b][0] < end:
                i += 1  # inside or across a mention already found: not ours
                continue
            surface = text[start:end]
            found.append(Mention(start, end, surface, best_type, surface))
            i = best_end + 1
        return found


def add_authority_mentions(text: str, mentions: list[Mention], lookup: AuthorityLookup | None) -> list[Mention]:
    """``mentions`` with the authority's names found in ``text`` added, sorted by start."""
    if not lookup:
        return mentions
    extra = lookup.find(text, mentions)
    if not extra:
        return mentions
    return sorted([*mentions, *extra], key=lambda m: m.start)
