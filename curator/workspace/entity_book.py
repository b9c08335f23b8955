"""The entity book: entities from the partition, their order, lookups, relinks.

Owns what ``load_entities`` reads from the resolution (the alias nodes, each
article's names, the links, the authority's names), the curated partition with
its undo snapshots, the open suggestions, and the entities made from the
partition (an :class:`EntitySet`).

Cache rule: the entities are made for the partition in use and carry a
``version`` that moves with every change of any entity. A decision that changes
a few clusters mends the set in place (``refresh``: those entities made again,
the order mended); a rebuild (a new partition) or a relink drops the set, made
again when next read. Whatever another part makes from the entities (the
filters' indexes, the automatic merges) is made for one ``version``. Undo
snapshots are kept for the partition in use only: a rebuild drops them.

The book changes only when the curation log tells it to (``apply_entity``,
``restore_before``, ``refresh``, ``rebuild``); the articles whose entity count
may have changed are told to ``counts_changed`` (the catalog).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from curator.curation.decisions import alias_node, changes_entities, apply_entity_op, mention_spot
from curator.curation.entities import Naming, curated_partition, relink_effects
from curator.curation.partition import Partition, Saved
from curator.curation.suggestions import OpenSuggestions
from curator.models import Decision, Entity, MergeSuggestion
from curator.names.canonical import canonical_name
from curator.store import Store
from curator.text import clean_text, one_line
from curator.workspace.errors import CurationError
from curator.workspace.history import History
from curator.workspace.keys import _key
from curator.yielding import WatchedLock

# Versions are never reused, not even by the book a reload makes: a cache made for
# the old book's entities can never pass for the new one's.
_versions = itertools.count(1)

# ``counts_changed(article_ids, rebuilt)``: these articles' entity counts may have
# changed; ``rebuilt``: the partition was made anew (see ``ArticleCatalog.counts_changed``).
CountsChanged = Callable[[Iterable[str], bool], None]


class EntitySet:
    """The entities of one partition: by cluster, by id, and most mentioned first (the
    order made when first asked, then mended with the set)."""

    def __init__(self, by_cluster: dict[int, Entity]) -> None:
        self.by_cluster = by_cluster
        self.cluster_of = {ent.id: cid for cid, ent in by_cluster.items()}
        self._keys: list[tuple[int, str, str, str]] | None = None
        self._ordered: list[Entity] = []

    def ordered(self) -> list[Entity]:
        if self._keys is None:
            pairs = sorted((_entity_order(e), e) for e in self.by_cluster.values())
            self._keys, self._ordered = [k for k, _ in pairs], [e for _, e in pairs]
        return self._ordered

    def remove(self, cid: int) -> Entity | None:
        old = self.by_cluster.pop(cid, None)
        if old is not None:
            self.cluster_of.pop(old.id, None)
            if self._keys is not None:
                at = bisect_left(self._keys, _entity_order(old))
                del self._keys[at], self._ordered[at]
        return old

    def add(self, cid: int, ent: Entity) -> None:
        self.by_cluster[cid] = ent
        self.cluster_of[ent.id] = cid
        if self._keys is not None:
            key = _entity_order(ent)
            at = bisect_left(self._keys, key)
            self._keys.insert(at, key)
            self._ordered.insert(at, ent)


class EntityBook:
    """Entities from the curated partition (see the module docstring)."""

    def __init__(self, store: Store, lock: WatchedLock, history: History, counts_changed: CountsChanged) -> None:
        self.store = store
        self._pace = store.pace  # how long loops step aside for the caller's UI
        self._lock = lock
        self._history = history
        self._counts_changed = counts_changed
        self.loaded = False
        self.ready = False  # set last by ``load``, read without the lock (see there)
        self.version = next(_versions)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.article_nodes: dict[str, list[str]] = {}
        self.links: list[dict[str, Any]] = []
        self.partition = Partition()
        self._set: EntitySet | None = None
        self._snapshots: list[tuple[int, Saved]] = []  # (decision seq, the clusters before it)
        self._open: OpenSuggestions | None = None
        self._naming: Naming | None = None
        self._authority_names: Any = None
        self._resolved_at: str | None = None

    # -- loading -------------------------------------------------------------------
    def load(self) -> None:
        """Load aliases, links and the curated partition (idempotent)."""
        if self.ready:
            return  # without the lock: a thread building the filters holds it for seconds
        with self._lock:
            if self.loaded:
                return
            res = self.store.load_resolution()
            nodes: dict[str, dict[str, Any]] = {}
            for n in self._pace.stepwise(res.aliases, 2000):
                nodes[n["node"]] = {"node": n["node"], "type": n["type"], "forms": n["forms"], "articles": list(n.get("articles", []))}
            order = [n["node"] for n in res.aliases]
            article_nodes: dict[str, list[str]] = {}
            for table in self._pace.stepwise(res.article_nodes, 1):
                for art_id, positions in zip(table["ids"], table["nodes"]):
                    own = article_nodes[art_id] = [order[i] for i in positions]
                    for node in own:
                        nodes[node]["articles"].append(art_id)
            if not article_nodes:  # an older layout kept the article lists on the aliases
                for node, data in nodes.items():
                    for art_id in data["articles"]:
                        article_nodes.setdefault(art_id, []).append(node)
            self.nodes = nodes
            self.article_nodes = article_nodes
            self.links = res.links  # type: ignore[assignment]
            self._authority_names = res.authority_names
            self._open = OpenSuggestions(self.links, self._pace)
            self._resolved_at = res.resolved_at
            self.loaded = True
            self.rebuild()
            # The entities too, before ``ready``: a screen that finds the state ready
            # never makes them itself, in the UI thread, beside the loading thread.
            self._entities()
            self.ready = True  # set last: read without the lock (see above)

    def rebuild(self) -> None:
        """Make the partition anew from the resolver's links and the decisions in effect."""
        active = self._history.active()
        partition = curated_partition(self.nodes, self.links, active, _key, self._pace)
        self.partition = partition
        self._snapshots.clear()  # kept for the partition just replaced
        self._set = None
        self.version = next(_versions)
        # The index holds each article's count under the resolver's merges; only
        # articles the curator's decisions touched need counting again.
        affected: set[str] = set()
        for decision in active:
            if changes_entities(decision.op):
                for node in decision_nodes(decision.op, decision.args):
                    for member in partition.members.get(partition.cluster_of.get(node, -1), ()):
                        affected.update(self.nodes.get(member, {}).get("articles", ()))
            if decision.op == "relink":
                affected.add(decision.args["article_id"])
        self._counts_changed(affected, True)

    # -- changes (told by the curation log) -------------------------------------------
    def apply_entity(self, decision: Decision) -> set[int]:
        """Apply an entity decision to the partition in place, keeping what it changes
        for a quick undo; the clusters to make again (see ``refresh``)."""
        touched = self.touched_clusters(decision.op, decision.args)
        saved = self.partition.save(touched)
        apply_entity_op(self.partition, decision, _key)
        self._snapshots.append((decision.seq, saved))
        return touched | self.touched_clusters(decision.op, decision.args)

    def restore_before(self, decision: Decision) -> set[int] | None:
        """Undo the latest entity decision by putting back the clusters it changed, as
        they were; the clusters to make again. None when that state was not kept:
        made before this session, or a rebuild has made a new partition since."""
        snapshots = self._snapshots
        if not (self.loaded and snapshots and snapshots[-1][0] == decision.seq):
            return None
        if self._history.overlay.relinks:  # entities then come from a full pass (see _apply_relinks)
            return None
        return self.partition.restore(snapshots.pop()[1])

    def refresh(self, clusters: set[int], relink: bool = False) -> None:
        """Make again only the entities of these clusters (and tell which articles' counts
        may have changed); ``relink``: the set is dropped instead."""
        self.version = next(_versions)
        # Each article naming the touched clusters' nodes, once per node it names.
        named: Counter[str] = Counter()
        for cid in clusters:
            for node in self.partition.members.get(cid, ()):
                named.update(self.nodes.get(node, {}).get("articles", ()))
        affected: set[str] = set(named)
        if relink:
            self._set = None
        entities = self._set
        if entities is not None:
            for cid in clusters:
                old = entities.remove(cid)
                if old is not None:
                    affected.update(old.article_ids)
            made: dict[int, Entity] = {}
            for cid in clusters:
                members = self.partition.members.get(cid)
                ent = self._make_entity(cid, members) if members else None
                if ent is not None:
                    made[cid] = ent
            # The curator's relinks move mentions outside their names: the entities made
            # again carry them as a full pass (``_entities``) gives them.
            self._apply_relinks(made)
            for cid, ent in made.items():
                entities.add(cid, ent)
                affected.update(ent.article_ids)
        if self._open is not None:
            self._open.touched(clusters)
        # An article naming one node of these clusters still names one entity, so its
        # count cannot change: only articles naming two or more of their nodes (or with
        # relinked mentions) are counted again.
        relinked = {spot[0] for spot in self._history.overlay.relinks}
        self._counts_changed([a for a in affected if named[a] > 1 or a in relinked], False)

    def touched_clusters(self, op: str, args: dict[str, Any]) -> set[int]:
        """The clusters a decision changes (as the partition is now)."""
        cluster_of = self.partition.cluster_of
        clusters = {cluster_of[n] for n in decision_nodes(op, args) if n in cluster_of}
        if op == "relink":
            clusters |= self.clusters_named(args["article_id"])
        return clusters

    def articles_of(self, clusters: Iterable[int]) -> set[str]:
        """The articles naming any name of these clusters."""
        out: set[str] = set()
        for cid in clusters:
            for node in self.partition.members.get(cid, ()):
                out.update(self.nodes.get(node, {}).get("articles", ()))
        return out

    # -- entities ----------------------------------------------------------------
    def _make_entity(self, cid: int, nodes: set[str]) -> Entity | None:
        naming = self._naming
        if naming is None or naming.partition is not self.partition:
            naming = self._naming = Naming(self.partition, self._authority_names)
        return naming.entity(cid, nodes, self.nodes)

    def _entities(self) -> EntitySet:
        self.load()
        if self._set is None:
            out: dict[int, Entity] = {}
            for cid, nodes in self._pace.stepwise(self.partition.members.items(), 500):
                ent = self._make_entity(cid, nodes)
                if ent is not None:
                    out[cid] = ent
            self._apply_relinks(out)
            self._set = EntitySet(out)
            self.version = next(_versions)
        return self._set

    def by_cluster(self) -> dict[int, Entity]:
        """Cluster -> its entity (do not change it)."""
        return self._entities().by_cluster

    def cluster_of_id(self) -> dict[str, int]:
        """Entity id -> its cluster (do not change it)."""
        return self._entities().cluster_of

    def _apply_relinks(self, entities: dict[int, Entity]) -> None:
        """Adjust article lists for mentions the curator moved or unlinked."""
        overlay = self._history.overlay
        if not overlay.relinks:
            return
        named = relink_effects(overlay, self.partition.cluster_of, entities, self.store.mentions, _key)
        for (art_id, cid), names in named.items():
            ent = entities[cid]
            if names and art_id not in ent.article_ids:
                ent.article_ids = sorted([*ent.article_ids, art_id])
            elif not names and art_id in ent.article_ids:
                ent.article_ids = [a for a in ent.article_ids if a != art_id]

    def entities(self) -> list[Entity]:
        """All canonical entities, most mentioned first.

        The order is kept and mended one decision at a time (``refresh``): a
        decision moves only the entities it touched, never sorts them all again."""
        return list(self._entities().ordered())

    def cluster_of_entity(self, entity_id: str) -> int:
        cid = self._entities().cluster_of.get(entity_id)
        if cid is None:
            raise CurationError(f"no entity with id '{entity_id}'")
        return cid

    def entity_by_id(self, entity_id: str) -> Entity:
        return self._entities().by_cluster[self.cluster_of_entity(entity_id)]

    def entity_of_node(self, node: str) -> Entity | None:
        self.load()
        cid = self.partition.cluster_of.get(node)
        return self._entities().by_cluster.get(cid) if cid is not None else None

    def lookup_entity(self, ref: str) -> tuple[Entity, str]:
        """The entity ``ref`` names, and how ``ref`` was taken when not as typed ("'đồng chí
        Trần Duy Ninh' taken as 'Trần Duy Ninh' (set aside: ...)"; empty otherwise).

        An id first, then ``curator.names.lookup.find_named``. A reference naming several
        entities is refused with the list, never guessed."""
        from curator.names.lookup import find_named

        entities = self._entities()
        cid = entities.cluster_of.get(ref)
        if cid is not None and cid in entities.by_cluster:
            return entities.by_cluster[cid], ""
        shown = one_line(ref, 80)
        if not clean_text(ref).strip():
            raise CurationError(f"no entity named '{shown}': the name is empty")
        found = find_named(clean_text(ref), list(entities.by_cluster.values()), _key)
        if len(found.matches) == 1:
            return found.matches[0], found.taken_as
        if not found.matches:
            raise CurationError(f"no entity named or numbered '{shown}'")
        listing = "; ".join(f"{e.id} {one_line(e.name, 60)} ({e.type})" for e in found.matches[:5])
        raise CurationError(f"'{shown}' is ambiguous: {listing}. Use an entity id.")

    def merged_name(self, entity_ids: list[str]) -> str:
        """The name a merge of these entities takes when the curator names none: the
        canonical-name rule (``curator.names.canonical``) over their names, each weighted
        by its entity's mentions."""
        weights: Counter[str] = Counter()
        for entity_id in entity_ids:
            ent = self.entity_by_id(entity_id)
            weights[ent.name] += sum(ent.aliases.values()) or 1
        return canonical_name(weights)

    def entity_named(self, name: str, besides: str | None = None) -> Entity | None:
        """An entity (other than ``besides``) whose canonical name is exactly ``name``."""
        wanted = clean_text(name).strip()
        for ent in self._entities().by_cluster.values():
            if ent.name == wanted and ent.id != besides:
                return ent
        return None

    def separated(self, a_id: str, b_id: str) -> bool:
        """True when the curator has said these two entities are different."""
        return self.partition.conflicts(self.cluster_of_entity(a_id), self.cluster_of_entity(b_id))

    def entity_for_name(self, type_: str, name: str) -> Entity | None:
        """The entity whose cluster holds the alias ``name`` (by comparison key)."""
        return self.entity_of_node(alias_node(type_, name, _key))

    def anchor_name(self, entity_id: str) -> str:
        """A surface form that names the entity's cluster (an alias node exists for it)."""
        cid = self.cluster_of_entity(entity_id)
        forms: Counter[str] = Counter()
        for node in self.partition.members[cid]:
            forms.update(self.nodes.get(node, {}).get("forms", {}))
        return min(forms, key=lambda f: (-forms[f], f))

    def clusters_named(self, art_id: str) -> set[int]:
        """The clusters whose names an article names (relinks aside)."""
        cluster_of = self.partition.cluster_of
        return {cluster_of[n] for n in self.article_nodes.get(art_id, ()) if n in cluster_of}

    def count_entities(self, art_id: str) -> int:
        """Distinct entities an article mentions, under the current partition."""
        cluster_of = self.partition.cluster_of
        relinks = self._history.overlay.relinks
        if any(spot[0] == art_id for spot in relinks):
            clusters = set()
            for m in self.store.mentions(art_id):
                spot = mention_spot(art_id, m.start, m.end, m.field)
                node = relinks[spot] if spot in relinks else alias_node(m.type, m.name, _key)
                if node in cluster_of:
                    clusters.add(cluster_of[node])
            return len(clusters)
        return len(self.clusters_named(art_id))

    def suggestions(self) -> list[MergeSuggestion]:
        """Open merge suggestions between different entities, most impactful first
        (after a decision, only those of the entities it touched are worked out again)."""
        with self._lock:
            ents = self._entities().by_cluster  # loads the entity state
            assert self._open is not None
            return self._open.current(ents, self.partition)

    @property
    def resolved_at(self) -> str | None:
        self.load()
        return self._resolved_at


def decision_nodes(op: str, args: dict[str, Any]) -> list[str]:
    """The alias nodes a decision names."""
    t = args.get("type", "organization")
    names = list(args.get("names", [])) + [args.get(k) for k in ("a", "b", "alias", "anchor", "from_anchor")]
    nodes = [alias_node(t, n, _key) for n in names if n]
    if op == "relink":
        nodes.append(alias_node(t, args.get("text", ""), _key))
        if args.get("to_name"):
            nodes.append(alias_node(args.get("to_type") or t, args["to_name"], _key))
    return nodes


def _entity_order(e: Entity) -> tuple[int, str, str, str]:
    """Most mentioned first, then by type, name and id (ids are unique: no ties)."""
    return (-len(e.article_ids), e.type, e.name, e.id)
