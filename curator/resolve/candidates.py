"""Broad, cheap candidates for the review queue: names that share rare words.

Each name is a bag of tokens (the words of its name proper without marks, its
head noun, its place, the initials of its body and of its whole name, so that
"BYT", "Bộ Y tế" and "Bộ Y Tế" share one). A token weighs its inverse
document frequency inside the type: a word that few names carry says more
than "Cục" or "Việt Nam". Names are blocked by their rarest tokens only (each
name joins the blocks of its ``RARE`` rarest tokens; a block larger than
``MAX_BLOCK`` says nothing and is dropped), so the cost grows with the number
of names, not its square. Pairs in a block are scored by the cosine of their
weighted token sets (or, discounted, the share of the shorter name's weight that the other
holds); each name keeps at most its ``PER_NAME`` best.

Candidates are suggestions only: the rules decide every automatic merge.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

__all__ = ["similar_pairs"]

RARE = 3
MAX_BLOCK = 100
PER_NAME = 8
MIN_COSINE = 0.45
CONTAINED = 0.7
_MADE = ("i:", "f:")  # tokens made from the words (initials), not words


def similar_pairs(
    bags: Sequence[frozenset[str] | None], min_cosine: float = MIN_COSINE
) -> dict[tuple[int, int], tuple[float, list[str]]]:
    """Pairs (i < j) of names whose token bags are similar: cosine and the tokens shared, rarest first.

    ``bags[i]`` is None for a name that takes no part (another type, or nothing to compare)."""
    df: dict[str, int] = defaultdict(int)
    total = 0
    for bag in bags:
        if bag:
            total += 1
            for t in bag:
                df[t] += 1
    if total < 2:
        return {}
    idf = {t: math.log(1 + total / c) for t, c in df.items()}
    # Sums over a bag use math.fsum: exactly rounded, so a score does not depend on the order string
    # hashing gives the set (PYTHONHASHSEED), and tied pairs rank the same in every run.
    norm = [math.sqrt(math.fsum(idf[t] ** 2 for t in bag)) if bag else 0.0 for bag in bags]
    # The share of a name held by the other is counted over its words and head, not the initials made
    # from them ("i:", "f:"), which a shortened name never shares.
    plain = [math.fsum(idf[t] ** 2 for t in bag if t[:2] not in _MADE) if bag else 0.0 for bag in bags]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(bags):
        if not bag:
            continue
        shared = sorted((t for t in bag if 1 < df[t] <= MAX_BLOCK), key=lambda t: (df[t], t))
        for t in shared[:RARE]:
            blocks[t].append(i)
    code = [_code_of(bag) for bag in bags]
    found: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        for x, i in enumerate(members):
            bi = bags[i]
            assert bi is not None
            for j in members[x + 1 :]:
                pair = (i, j) if i < j else (j, i)
                if pair in found:
                    continue
                bj = bags[j]
                assert bj is not None
                dot = math.fsum(idf[t] ** 2 for t in bi & bj)
                if not (norm[i] and norm[j]):
                    continue
                # The cosine, or how much of the shorter name the longer one holds ("Sở Giáo Dục Hà Nội"
                # in "Sở Giáo dục và Đào tạo Hà Nội"), discounted.
                small = min(plain[i], plain[j])
                words = math.fsum(idf[t] ** 2 for t in bi & bj if t[:2] not in _MADE)
                contained = words / small if small else 0.0
                # A code that is the other name's initials ("SYT" / "Sở Y tế Hà Tĩnh"): all of the code is there.
                if not contained and (code[i] & bj or code[j] & bi):
                    contained = 1.0
                found[pair] = max(dot / (norm[i] * norm[j]), CONTAINED * contained)
    # Each name's PER_NAME best, the best pairs first; a pair is kept only when both names have room,
    # so that no name gets more than PER_NAME (a crowd of look-alikes costs pairs in proportion to its size).
    slots: dict[int, int] = defaultdict(int)
    keep: set[tuple[int, int]] = set()
    for pair, cos in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        if cos < min_cosine:
            break
        i, j = pair
        if slots[i] < PER_NAME and slots[j] < PER_NAME:
            keep.add(pair)
            slots[i] += 1
            slots[j] += 1
    out = {}
    for pair in sorted(keep):
        a, b = bags[pair[0]], bags[pair[1]]
        assert a is not None and b is not None
        common = sorted(a & b, key=lambda t: (df[t], t))
        out[pair] = (found[pair], common)
    return out


def _code_of(bag: frozenset[str] | None) -> frozenset[str]:
    """The initials tokens ("f:syt", "i:syt") a name of one word would be found by in another name's bag."""
    if not bag:
        return frozenset()
    words = [t for t in bag if ":" not in t]
    return frozenset((f"f:{words[0]}", f"i:{words[0]}")) if len(words) == 1 else frozenset()
