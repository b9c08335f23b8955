"""The open merge suggestions, kept up to date one decision at a time.

The resolver leaves tens of thousands of ``suggest`` links at 100,000 articles.
Working out the open suggestions from all of them (which entities each link
now joins, whether the curator separated them, how much each matters) took
1-2 s, and the Review screen did it after every key. A decision changes only
the entities it touches, so only the suggestions of those entities are worked
out again; the rest keep their place in the order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from curator.curation.partition import Partition
from curator.models import Entity, MergeSuggestion
from curator.yielding import NO_PACE, Pace

Pair = tuple[int, int]


def _order_key(s: MergeSuggestion, pair: Pair) -> tuple[Any, ...]:
    """Most impactful first, then the surer, then by names (the pair keeps keys unique)."""
    return (-s.impact, -s.score, s.a_name, s.b_name, pair)


class OpenSuggestions:
    """Suggestions between different entities, most impactful first.

    :meth:`current` gives them for an entity map (cluster -> entity) and the
    partition it was made from. Tell :meth:`touched` which clusters a decision
    changed in place; a different entity map (after an undo, a reload) is
    worked out from scratch. ``pace``: how a loading thread working them out steps aside.
    """

    def __init__(self, links: Iterable[Mapping[str, Any]], pace: Pace = NO_PACE) -> None:
        self._pace = pace
        self._links = [link for link in links if link.get("outcome") == "suggest"]
        self._by_node: dict[str, list[Mapping[str, Any]]] = {}
        for link in self._links:
            self._by_node.setdefault(link["a"], []).append(link)
            if link["b"] != link["a"]:
                self._by_node.setdefault(link["b"], []).append(link)
        self._entities: Mapping[int, Entity] | None = None
        self._keys: dict[Pair, tuple[Any, ...]] = {}  # each open pair's place in the order
        self._pairs_of: dict[int, set[Pair]] = {}
        self._order: list[tuple[Any, ...]] = []  # sorted keys
        self._shown: list[MergeSuggestion] = []  # the suggestions, in the same order
        self._dirty: set[int] = set()

    def touched(self, clusters: Iterable[int]) -> None:
        """These clusters changed (joined, split, renamed, separated) or are gone."""
        self._dirty.update(clusters)

    def current(self, entities: Mapping[int, Entity], partition: Partition) -> list[MergeSuggestion]:
        if entities is not self._entities:
            self._entities = entities
            self._dirty.clear()
            self._keys, self._pairs_of = {}, {}
            self._order, self._shown = [], []
            self._add(self._evaluate(self._links, entities, partition))
        elif self._dirty:
            dirty, self._dirty = self._dirty, set()
            for cid in dirty:
                for pair in list(self._pairs_of.get(cid, ())):
                    self._drop(pair)
            links: list[Mapping[str, Any]] = []
            for cid in dirty:
                if cid in entities:
                    for node in partition.members.get(cid, ()):
                        links.extend(self._by_node.get(node, ()))
            self._add(self._evaluate(links, entities, partition))
        return list(self._shown)

    def _evaluate(self, links: Sequence[Mapping[str, Any]], entities: Mapping[int, Entity], partition: Partition) -> dict[Pair, MergeSuggestion]:
        """The best-scored suggestion for each pair of entities these links join."""
        cluster_of = partition.cluster_of
        best: dict[Pair, MergeSuggestion] = {}
        separated: dict[Pair, bool] = {}
        for link in self._pace.stepwise(links, 2000):  # a loading thread steps aside while keys are pressed
            ca, cb = cluster_of.get(link["a"]), cluster_of.get(link["b"])
            if ca is None or cb is None or ca == cb or ca not in entities or cb not in entities:
                continue
            pair = (ca, cb) if ca < cb else (cb, ca)
            apart = separated.get(pair)
            if apart is None:
                apart = separated[pair] = partition.conflicts(*pair)
            if apart:
                continue
            current = best.get(pair)
            if current is None or link["score"] > current.score:
                a, b = entities[pair[0]], entities[pair[1]]
                if (a.name, a.id) > (b.name, b.id):
                    a, b = b, a
                uncertainty = 1.0 - abs(link["score"] - 50.0) / 50.0
                affected = len(a.article_ids) + len(b.article_ids)
                best[pair] = MergeSuggestion(
                    a.id, b.id, a.name, b.name, float(link["score"]), list(link["reasons"]),
                    impact=round(affected * (0.25 + uncertainty), 3),
                )
        return best

    def _add(self, found: dict[Pair, MergeSuggestion]) -> None:
        if not self._order and len(found) > 1:  # from scratch: one sort, not an insertion each
            self._keys = {pair: _order_key(s, pair) for pair, s in found.items()}
            self._order = sorted(self._keys.values())
            self._shown = [found[key[-1]] for key in self._order]
        else:
            for pair, s in found.items():
                key = self._keys[pair] = _order_key(s, pair)
                i = bisect_left(self._order, key)
                self._order.insert(i, key)
                self._shown.insert(i, s)
        for pair in found:
            self._pairs_of.setdefault(pair[0], set()).add(pair)
            self._pairs_of.setdefault(pair[1], set()).add(pair)

    def _drop(self, pair: Pair) -> None:
        i = bisect_left(self._order, self._keys.pop(pair))
        del self._order[i]
        del self._shown[i]
        for cid in pair:
            pairs = self._pairs_of.get(cid)
            if pairs is not None:
                pairs.discard(pair)
                if not pairs:
                    del self._pairs_of[cid]
