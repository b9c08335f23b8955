"""Suggestions from similar spelling (rapidfuzz ``ratio`` inside small blocks) and from rare shared
words, and the cap on suggestions per name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from curator.resolve.candidates import similar_pairs
from curator.resolve.keys import MAX_KEY
from curator.resolve.name_features import (
    CONNECTORS,
    MAX_BODY_WORDS,
    NameFeatures,
    body_initials,
    i_for_y,
    unmarked_syllable,
)

if TYPE_CHECKING:
    from curator.resolve.matcher import Link

_FUZZY_CUTOFF = 88.0
_BLOCK_ROWS = 2000
# Blocks up to this many names are compared whole (the largest block of the generated
# 100,000-name list holds 111); a bigger one (30,000 "Công ty TNHH ..." share one head and
# no place) is compared in sorted windows: each name meets the _WINDOW names after it.
_MAX_BLOCK = 500
_WINDOW = 100

# Similar-spelling (and shortened-form) suggestions kept per name, the best scored; a pair is
# kept only when both names have room, so no name gets more than this many of each kind.
_MAX_SIMILAR = 10
# Suggestions of all kinds kept per name, the best scored, both names with room: a crowd of
# look-alikes ("Công ty TNHH An Bình ...") costs suggestions in proportion to its size.
_MAX_SUGGESTIONS = 10


def link_similar_spellings(feats: list[NameFeatures], order: list[int], links: dict[tuple[int, int], Link], put: Callable[..., None]) -> None:
    """Typos and damaged text: rapidfuzz ratio inside small blocks, suggestions only."""
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type == "person":
            if n.family:
                blocks[("person", unmarked_syllable(n.family), unmarked_syllable(n.given))].append(i)
        elif n.type == "organization":
            blocks[("organization", n.head, n.place)].append(i)
        else:
            blocks[(n.type, n.numbers)].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        found: dict[tuple[int, int], float] = {}
        if len(members) <= _MAX_BLOCK:
            _score_pairs(feats, members, [(0, len(members), len(members))], links, found)
        else:
            # A block too big to compare whole (a hostile page of thousands of "Trung tâm ..."
            # names): sorted neighbourhood, twice. Each name meets the _WINDOW names after it
            # in the order of the keys and in the order of the reversed keys, so a typo late or
            # early in a name still finds its partner, and no name costs more than it would in
            # a block of _MAX_BLOCK compared whole.
            for order_key in (lambda i: feats[i].key, lambda i: feats[i].key[::-1]):
                ranked = sorted(members, key=order_key)
                n = len(ranked)
                chunks = [(s, min(s + _WINDOW, n), min(s + 2 * _WINDOW, n)) for s in range(0, n, _WINDOW)]
                _score_pairs(feats, ranked, chunks, links, found, window=_WINDOW)
        for (i, j), score in most_similar(found).items():
            put(i, j, "suggest", score, f"similar spelling (rapidfuzz ratio {score:.0f})")


def _bag(n: NameFeatures) -> frozenset[str] | None:
    """The tokens an organisation's name is compared by in the review queue (see curator.resolve.candidates)."""
    if n.type != "organization" or not (n.body or n.head):
        return None
    out = {i_for_y(w.replace("&", "")) for w in n.body[:MAX_BODY_WORDS] if w not in CONNECTORS}
    if n.head:
        out.add(f"h:{n.head}")
    if n.place:
        out.add(f"p:{n.place}")
    sig = body_initials(n)
    if sig:
        out.add(f"i:{sig[0]}")
        if n.head and not sig[1]:
            out.add("f:" + "".join(w[0] for w in n.head.split()) + sig[0])
    if not n.head and len(n.body) == 1:
        out.add(f"f:{n.body[0].replace('&', '')}")
    return frozenset(out)


def _readable(token: str) -> str:
    kind, _, rest = token.partition(":")
    if not rest:
        return token
    return {"h": "head", "p": "place", "i": "initials", "f": "initials"}.get(kind, kind) + f" {rest}"


def link_shared_words(feats: list[NameFeatures], links: dict[tuple[int, int], Link], put: Callable[..., None]) -> None:
    """Suggestions from rare shared words, so that the review queue misses almost no true variant."""
    for (i, j), (cos, common) in similar_pairs([_bag(n) for n in feats]).items():
        if (i, j) in links:
            continue
        shared = ", ".join(_readable(t) for t in common[:4])
        put(i, j, "suggest", round(30.0 + 50.0 * cos, 1), f"similar names (rare words shared: {shared})")


def most_similar(found: dict[tuple[int, int], float], cap: int = _MAX_SIMILAR) -> dict[tuple[int, int], float]:
    """The pairs to suggest, in the order found: the best scored first, a pair kept only when both
    names have fewer than ``cap`` kept, so that a crowd of look-alikes (copies of one boilerplate)
    costs links in proportion to its size, not its square, and no name gets more than ``cap``."""
    slots: dict[int, int] = defaultdict(int)
    keep = set()
    for (i, j), _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        if slots[i] < cap and slots[j] < cap:
            keep.add((i, j))
            slots[i] += 1
            slots[j] += 1
    return {pair: score for pair, score in found.items() if pair in keep}


def keep_fewest_suggestions(links: dict[tuple[int, int], Link]) -> None:
    """Keep each name's _MAX_SUGGESTIONS best suggestions (both names with room); merges all stay."""
    suggested = {pair: link.score for pair, link in links.items() if link.outcome == "suggest"}
    kept = most_similar(suggested, _MAX_SUGGESTIONS)
    for pair in suggested:
        if pair not in kept:
            del links[pair]


def _score_pairs(
    feats: list[NameFeatures],
    members: list[int],
    chunks: list[tuple[int, int, int]],
    links: dict[tuple[int, int], Link],
    found: dict[tuple[int, int], float],
    window: int | None = None,
) -> None:
    """Score ``members[x]`` against ``members[y]`` for x in [start, stop) and x < y < end (and
    y - x <= window), per chunk (start, stop, end); add the pairs over the cutoff to ``found``."""
    # Keys are capped (curator.resolve.keys.MAX_KEY): compare the readable part, not the digest.
    texts = [feats[i].key[:MAX_KEY] for i in members]
    words: dict[int, frozenset[str]] = {}

    def body(i: int) -> frozenset[str]:
        # Made once per name, and of its first MAX_BODY_WORDS words only, like the key: a
        # crowd of 2,000-word look-alikes must not cost 2,000 lookups per pair.
        got = words.get(i)
        if got is None:
            got = words[i] = frozenset(feats[i].body[:MAX_BODY_WORDS])
        return got
    for start, stop, end in chunks:
        for row in range(start, stop, _BLOCK_ROWS):
            rows_ = texts[row : min(row + _BLOCK_ROWS, stop)]
            cols_ = texts[row:end]
            # threads pay only for big blocks; most blocks are a handful of names
            workers = -1 if len(rows_) * len(cols_) > 200_000 else 1
            scores = process.cdist(rows_, cols_, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, workers=workers)
            xs, ys = scores.nonzero()
            for x, y in zip(xs.tolist(), ys.tolist()):
                if y <= x or (window is not None and y - x > window):
                    continue
                score = float(scores[x, y])
                i, j = members[x + row], members[y + row]
                pair = (min(i, j), max(i, j))
                if pair in links or pair in found:
                    continue
                ta, tb = body(i), body(j)
                if ta and tb and ta != tb and (ta < tb or tb < ta):
                    continue  # one is the other plus distinguishing words
                found[pair] = score
