"""What users do today, as baselines for the benchmarks.

* OpenRefine's fingerprint clustering: strip accents (đ -> d), lower-case, drop
  punctuation, sort the unique tokens; equal fingerprints form a cluster.
* A hand-written rapidfuzz threshold: token_set_ratio >= 85 between every pair
  (``process.cdist``), joined with union-find.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from rapidfuzz import fuzz, process

from curator.resolve.keys import fold
from curator.resolve.matcher import NameRecord
from curator.resolve.unionfind import DisjointSet

_PUNCT = re.compile(r"[^\w\s]")


def fingerprint(name: str) -> str:
    return " ".join(sorted(set(_PUNCT.sub(" ", fold(name)).split())))


def fingerprint_clusters(names: Sequence[NameRecord]) -> list[list[int]]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(names):
        groups[(r.type, fingerprint(r.text))].append(i)
    return sorted(groups.values())


def token_set_clusters(names: Sequence[NameRecord], threshold: float = 85) -> list[list[int]]:
    sets = DisjointSet(len(names))
    texts = [r.text for r in names]
    for start in range(0, len(texts), 2000):
        block = texts[start : start + 2000]
        scores = process.cdist(block, texts, scorer=fuzz.token_set_ratio, score_cutoff=threshold, workers=-1)
        rows, cols = scores.nonzero()
        for x, y in zip(rows.tolist(), cols.tolist()):
            i = start + x
            if i != y and names[i].type == names[y].type:
                sets.union(i, y)
    return sorted(sets.groups())


def _pairs(clusters: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    out = set()
    for c in clusters:
        out.update(combinations(sorted(c), 2))
    return out


def pairwise_prf(pred_clusters: Sequence[Sequence[int]], gold_clusters: Sequence[Sequence[int]]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against the gold one."""
    pred, gold = _pairs(pred_clusters), _pairs(gold_clusters)
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
