"""Score a clustering of names against the generator's truth (name -> entity id).

Pairwise precision/recall/F1 are counted, not enumerated (a baseline that
merges thousands of names into one cluster would give millions of pairs), and
wrong merges are counted as pairs of distinct gold entities put together,
split into the two kinds that must never happen: bodies of different
provinces, and different people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_clusters(
    clusters: Sequence[Sequence[str]], truth: Mapping[str, str], kinds: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """P/R/F1 of ``clusters`` (lists of names) over the names ``truth`` knows, and wrong merges."""
    seen: set[str] = set()
    pred_pairs = tp = 0
    wrong = provinces = people = 0
    gold_sizes: Counter[str] = Counter()
    for cluster in clusters:
        names = [n for n in dict.fromkeys(cluster) if n in truth and n not in seen]
        seen.update(names)
        ids = Counter(truth[n] for n in names)
        for eid, k in ids.items():
            gold_sizes[eid] += k
        pred_pairs += _pairs(len(names))
        tp += sum(_pairs(k) for k in ids.values())
        distinct = list(ids)
        wrong += _pairs(len(distinct))
        persons = sum(1 for e in distinct if kinds.get(e, {}).get("type") == "person")
        people += _pairs(persons)
        per_province = Counter(
            kinds[e].get("province") for e in distinct if kinds.get(e, {}).get("kind") == "provincial"
        )
        provinces += _pairs(sum(per_province.values())) - sum(_pairs(k) for k in per_province.values())
    gold_pairs = sum(_pairs(k) for k in gold_sizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "clusters": sum(1 for c in clusters if any(n in truth for n in c)),
        "wrong_merges": wrong,
        "wrong_merges_provinces": provinces,
        "wrong_merges_people": people,
    }
