"""Canonical entities from alias nodes, the resolver's links and the curator's history.

One set of rules for everyone who makes entities: the workspace (which keeps them
and mends them decision by decision) and the streaming export (which makes them
once, without the articles' lists held in memory). Both must give the same
entities, names and ids, or an export would depend on how it was made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from curator.curation.decisions import (
    ENTITY_OPS,
    ArticleOverlay,
    KeyFunc,
    alias_node,
    apply_entity_op,
    cannot_links,
    mention_spot,
)
from curator.curation.partition import Partition, entity_id_for
from curator.models import Decision, Entity, Mention
from curator.names.canonical import canonical_name
from curator.yielding import NO_PACE, Pace



def curated_partition(
    nodes: Iterable[str], links: list[dict[str, Any]], history: list[Decision], key: KeyFunc,
    pace: Pace = NO_PACE,
) -> Partition:
    """The partition the curator sees: every node alone, the resolver's automatic merges
    (strongest first, none across a rejection anywhere in the active history), then the
    curator's entity decisions in order. ``pace``: how a background thread steps aside."""
    active = [d for d in history if not d.undone]
    partition = Partition()
    for node in pace.stepwise(sorted(nodes), 2000):
        partition.add(node)
    for a, b in cannot_links(active, key):
        partition.forbid(a, b)
    merges = sorted((l for l in links if l["outcome"] == "merge"), key=lambda l: (-l["score"], l["a"], l["b"]))
    for link in pace.stepwise(merges, 2000):
        partition.union(link["a"], link["b"])
    for decision in active:
        if decision.op in ENTITY_OPS:
            apply_entity_op(partition, decision, key)
    return partition


class Naming:
    """Where an entity's name comes from: the curator's (rename, merge with a name),
    else the authority file's, else the form used most."""

    def __init__(self, partition: Partition, authority_names: Mapping[str, str]) -> None:
        self.partition = partition
        self.authority_names = authority_names
        self.authority_nodes: dict[str, list[str]] = {}  # canonical name -> the nodes listed for it
        for node, listed_name in authority_names.items():
            self.authority_nodes.setdefault(listed_name, []).append(node)

    def authority_name(self, nodes: Iterable[str]) -> str | None:
        """The authority file's canonical name for a cluster: when it holds names listed for
        one entry only, and every name listed for it (a curator's split makes two entities
        of one entry: then neither takes its name)."""
        listed = {self.authority_names[n] for n in nodes if n in self.authority_names}
        if len(listed) != 1:
            return None
        name = next(iter(listed))
        cluster_of = self.partition.cluster_of
        return name if len({cluster_of.get(n) for n in self.authority_nodes.get(name, ())}) == 1 else None

    def entity(
        self, cid: int, nodes: set[str], node_data: Mapping[str, Mapping[str, Any]], articles: bool = True
    ) -> Entity | None:
        """The entity of one cluster; None when no article mentions any of its names.
        ``articles=False``: without its article ids (the caller counts them its own way)."""
        forms: Counter[str] = Counter()
        article_ids: set[str] = set()
        type_ = ""
        for node in nodes:
            data = node_data.get(node)
            if data is None:
                continue
            type_ = data["type"]
            forms.update(data["forms"])
            if articles:
                article_ids.update(data["articles"])
        if not forms:
            return None  # a node named by a decision that no article mentions
        name = self.partition.names.get(cid) or self.authority_name(nodes) or canonical_name(forms)
        return Entity(entity_id_for(nodes), type_, name, dict(forms), sorted(article_ids))


def relink_effects(
    overlay: ArticleOverlay, cluster_of: Mapping[str, int], entities: Mapping[int, Entity],
    mentions_of: Callable[[str], list[Mention]], key: KeyFunc,
) -> dict[tuple[str, int], bool]:
    """What the curator's relinks and unlinks change: each relinked mention's text is
    counted as an alias of the entity it now names (``entities`` is changed in place),
    and the returned map says, for each (article, cluster) the relinks touch, whether
    the article now names that cluster."""
    named: dict[tuple[str, int], bool] = {}
    for art_id in {spot[0] for spot in overlay.relinks}:
        counts: Counter[int] = Counter()
        base: Counter[int] = Counter()
        for m in mentions_of(art_id):
            node = alias_node(m.type, m.name, key)
            cid = cluster_of.get(node)
            if cid is not None:
                base[cid] += 1
            spot = mention_spot(art_id, m.start, m.end, m.field)
            if spot in overlay.relinks:
                node = overlay.relinks[spot]
                cid = cluster_of.get(node) if node else None
                if cid is not None and cid in entities:
                    forms = entities[cid].aliases
                    forms[m.text] = forms.get(m.text, 0) + 1
            if cid is not None:
                counts[cid] += 1
        for cid in set(base) | set(counts):
            if cid in entities:
                named[art_id, cid] = counts[cid] > 0
    return named


def resolver_merge_records(
    links: Iterable[dict[str, Any]], node_data: Mapping[str, Mapping[str, Any]], partition: Partition
) -> Iterable[dict[str, Any]]:
    """The resolver's automatic merges, each with whether it is still in effect."""
    from curator.resolve.pipeline import representative

    for link in links:
        if link["outcome"] != "merge":
            continue
        a, b = node_data.get(link["a"]), node_data.get(link["b"])
        if a is None or b is None:
            continue
        yield {
            "type": a["type"],
            "a": representative(a["forms"]),
            "b": representative(b["forms"]),
            "score": link["score"],
            "reasons": link["reasons"],
            "in_effect": partition.same(link["a"], link["b"]),
        }
