"""The entity book: entities from the partition, their order, lookups, relinks.

Owns what ``load_entities`` reads from the resolution (``_nodes``, ``_article_nodes``,
``_links``, the authority's names), the curated ``_partition`` and what is made
from it: ``_entities`` (cluster -> entity), ``_cid_of`` (entity id -> cluster),
``_ordered`` (the entities most mentioned first), ``_open`` (open suggestions),
``_merges_of``, and ``_entity_version``.

Cache rule: everything made from the partition is made for one ``_entities``
dict. A decision that changes a few clusters mends them in place
(``_refresh_entities``: entities made again, the order mended, the version
bumped); a rebuild or a relink sets ``_entities`` to None, and what was made for
the old dict (``_ordered`` holds the dict it was sorted from) is made again
when next read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Any

import numpy as np

from curator.curation.decisions import ENTITY_OPS, alias_node
from curator.curation.entities import Naming, curated_partition, relink_effects, resolver_merge_records
from curator.curation.suggestions import OpenSuggestions
from curator.models import Entity
from curator.names.canonical import canonical_name
from curator.text import clean_text, one_line
from curator.workspace.keys import _key
from curator.workspace.errors import CurationError


class EntityBook:
    """The entity book's part of :class:`Workspace` (see the module docstring)."""

    def load_entities(self) -> None:
        """Load aliases, links and the curated partition (idempotent)."""
        if self._ready:
            return  # without the lock: a thread building the filters holds it for seconds
        with self._lock:
            if self._loaded:
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
            self._nodes = nodes
            self._article_nodes = article_nodes
            self._links: list[dict[str, Any]] = res.links  # type: ignore[assignment]
            self._merges_of: dict[str, list[int]] | None = None  # node -> its merge links (see merged_because)
            self._authority_names = res.authority_names
            self._naming: Naming | None = None  # made for the partition in use (see _make_entity)
            self._open = OpenSuggestions(self._links, self._pace)
            self._resolved_at: str | None = res.resolved_at
            self._loaded = True
            self._rebuild()
            # The entities too, before ``_ready``: a screen that finds the state ready
            # never makes them itself, in the UI thread, beside the loading thread.
            self._entities_by_cluster()
            self._ready = True  # set last: read without the lock (see ``load_entities``)

    def _rebuild(self, entities: bool = True) -> None:
        """Recompute the curated state from the resolver's links and the history.

        ``entities=False`` (undoing an article edit) keeps the entity partition.
        """
        self._overlay = self._article_overlay()
        if not entities or not self._loaded:
            pending, self._counts_pending = self._counts_pending, set()
            if self._rows is not None:
                self._refresh_rows(pending)
            return
        active = [d for d in self._history if not d.undone]
        partition = curated_partition(self._nodes, self._links, active, _key, self._pace)
        self._partition = partition
        self._saved.clear()  # kept for the partition just replaced
        self._entities = None
        self._entity_version += 1
        # The index holds each article's count under the resolver's merges; only
        # articles the curator's decisions touched need counting again.
        affected: set[str] = set(self._counts_pending)
        self._counts_pending = set()
        for decision in active:
            if decision.op in ENTITY_OPS or decision.op == "relink":
                for node in self._decision_nodes(decision.op, decision.args):
                    for member in partition.members.get(partition.cluster_of.get(node, -1), ()):
                        affected.update(self._nodes.get(member, {}).get("articles", ()))
            if decision.op == "relink":
                affected.add(decision.args["article_id"])
        uncounted = np.flatnonzero(self._listing.entity_counts < 0).tolist()
        if uncounted:  # an index written before any resolve
            ids = self._listing.ids()
            affected.update(ids[i] for i in uncounted if ids[i] not in self._counts)
        self._refresh_rows(affected)

    def _clusters_named(self, art_id: str) -> set[int]:
        """The clusters whose names an article names (relinks aside)."""
        cluster_of = self._partition.cluster_of
        return {cluster_of[n] for n in self._article_nodes.get(art_id, ()) if n in cluster_of}

    def _refresh_entities(self, clusters: set[int], relink: bool) -> None:
        """Recompute only the entities (and article rows) a decision touched."""
        self._entity_version += 1
        # Each article naming the touched clusters' nodes, once per node it names.
        named: Counter[str] = Counter()
        for cid in clusters:
            for node in self._partition.members.get(cid, ()):
                named.update(self._nodes.get(node, {}).get("articles", ()))
        affected_articles: set[str] = set(named)
        if self._entities is not None and relink:
            self._entities = None
        if self._entities is not None:
            ordered = self._ordered if self._ordered is not None and self._ordered[0] is self._entities else None
            for cid in clusters:
                old = self._entities.pop(cid, None)
                if old is not None:
                    self._cid_of.pop(old.id, None)
                    affected_articles.update(old.article_ids)
                    if ordered is not None:
                        at = bisect_left(ordered[1], _entity_order(old))
                        del ordered[1][at], ordered[2][at]
            made: dict[int, Entity] = {}
            for cid in clusters:
                members = self._partition.members.get(cid)
                ent = self._make_entity(cid, members) if members else None
                if ent is not None:
                    made[cid] = ent
            # The curator's relinks move mentions outside their names: the entities made
            # again carry them as a full pass (``_entities_by_cluster``) gives them.
            self._apply_relinks(made)
            for cid, ent in made.items():
                self._entities[cid] = ent
                self._cid_of[ent.id] = cid
                affected_articles.update(ent.article_ids)
                if ordered is not None:
                    key = _entity_order(ent)
                    at = bisect_left(ordered[1], key)
                    ordered[1].insert(at, key)
                    ordered[2].insert(at, ent)
        if self._open is not None:
            self._open.touched(clusters)
        # An article naming one node of these clusters still names one entity, so its
        # count cannot change: only articles naming two or more of their nodes (or with
        # relinked mentions) are counted again.
        relinked = {spot[0] for spot in self._overlay.relinks}
        self._refresh_rows((a for a in affected_articles if named[a] > 1 or a in relinked), text=False)

    # -- entities ----------------------------------------------------------------
    def _make_entity(self, cid: int, nodes: set[str]) -> Entity | None:
        naming = self._naming
        if naming is None or naming.partition is not self._partition:
            naming = self._naming = Naming(self._partition, self._authority_names)
        return naming.entity(cid, nodes, self._nodes)

    def _entities_by_cluster(self) -> dict[int, Entity]:
        self.load_entities()
        if self._entities is None:
            out: dict[int, Entity] = {}
            for cid, nodes in self._pace.stepwise(self._partition.members.items(), 500):
                ent = self._make_entity(cid, nodes)
                if ent is not None:
                    out[cid] = ent
            self._apply_relinks(out)
            self._entities = out
            self._entity_version += 1
            self._cid_of = {ent.id: cid for cid, ent in out.items()}
        return self._entities

    def _apply_relinks(self, entities: dict[int, Entity]) -> None:
        """Adjust article lists for mentions the curator moved or unlinked."""
        if not self._overlay.relinks:
            return
        named = relink_effects(self._overlay, self._partition.cluster_of, entities, self.store.mentions, _key)
        for (art_id, cid), names in named.items():
            ent = entities[cid]
            if names and art_id not in ent.article_ids:
                ent.article_ids = sorted([*ent.article_ids, art_id])
            elif not names and art_id in ent.article_ids:
                ent.article_ids = [a for a in ent.article_ids if a != art_id]

    def entities(self) -> list[Entity]:
        """All canonical entities, most mentioned first.

        The order is kept and mended one decision at a time (``_refresh_entities``):
        a decision moves only the entities it touched, never sorts them all again."""
        ents = self._entities_by_cluster()
        ordered = self._ordered
        if ordered is None or ordered[0] is not ents:
            pairs = sorted((_entity_order(e), e) for e in ents.values())
            ordered = self._ordered = (ents, [k for k, _ in pairs], [e for _, e in pairs])
        return list(ordered[2])

    def _cluster_of_entity(self, entity_id: str) -> int:
        self._entities_by_cluster()
        cid = self._cid_of.get(entity_id)
        if cid is None:
            raise CurationError(f"no entity with id '{entity_id}'")
        return cid

    def entity_by_id(self, entity_id: str) -> Entity:
        return self._entities_by_cluster()[self._cluster_of_entity(entity_id)]

    def _entity_of_node(self, node: str) -> Entity | None:
        self.load_entities()
        cid = self._partition.cluster_of.get(node)
        return self._entities_by_cluster().get(cid) if cid is not None else None

    def find_entity(self, ref: str) -> Entity:
        """An entity by id, exact name, alias, comparison key, or the name proper of a
        reference typed with a title or a parent body (CLI convenience; see ``lookup_entity``)."""
        return self.lookup_entity(ref)[0]

    def lookup_entity(self, ref: str) -> tuple[Entity, str]:
        """The entity ``ref`` names, and how ``ref`` was taken when not as typed ("'đồng chí
        Trần Duy Ninh' taken as 'Trần Duy Ninh' (set aside: ...)"; empty otherwise).

        An id first, then ``curator.names.lookup.find_named``. A reference naming several
        entities is refused with the list, never guessed."""
        from curator.names.lookup import find_named

        ents = self._entities_by_cluster()
        cid = self._cid_of.get(ref)
        if cid is not None and cid in ents:
            return ents[cid], ""
        shown = one_line(ref, 80)
        if not clean_text(ref).strip():
            raise CurationError(f"no entity named '{shown}': the name is empty")
        found = find_named(clean_text(ref), list(ents.values()), _key)
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
        for ent in self._entities_by_cluster().values():
            if ent.name == wanted and ent.id != besides:
                return ent
        return None

    def separated(self, a_id: str, b_id: str) -> bool:
        """True when the curator has said these two entities are different."""
        return self._partition.conflicts(self._cluster_of_entity(a_id), self._cluster_of_entity(b_id))

    def entity_for_name(self, type_: str, name: str) -> Entity | None:
        """The entity whose cluster holds the alias ``name`` (by comparison key)."""
        return self._entity_of_node(alias_node(type_, name, _key))

    def _anchor_name(self, entity_id: str) -> str:
        """A surface form that names the entity's cluster (an alias node exists for it)."""
        cid = self._cluster_of_entity(entity_id)
        forms: Counter[str] = Counter()
        for node in self._partition.members[cid]:
            forms.update(self._nodes.get(node, {}).get("forms", {}))
        return min(forms, key=lambda f: (-forms[f], f))

    def merged_because(self, cid: int) -> list[tuple[str, str, str]]:
        """The resolver's merges in effect inside a cluster, and the curator's merges that
        joined it: the two names and the reasons, in the order of the names."""
        if self._merges_of is None:
            merges_of: dict[str, list[int]] = {}
            for i, link in enumerate(self._links):
                if link["outcome"] == "merge":
                    merges_of.setdefault(link["a"], []).append(i)
            self._merges_of = merges_of
        members = self._partition.members.get(cid, set())
        out = []
        for node in sorted(members):
            for i in self._merges_of.get(node, ()):
                link = self._links[i]
                if link["b"] in members:
                    a, b = self._nodes.get(link["a"]), self._nodes.get(link["b"])
                    if a is not None and b is not None:
                        out.append((canonical_name(Counter(a["forms"])), canonical_name(Counter(b["forms"])), "; ".join(link["reasons"])))
        for d in self._history:
            if d.op == "merge" and not d.undone:
                names = d.args.get("names", [])
                if names and all(alias_node(d.args["type"], n, _key) in members for n in names):
                    out.append((names[0], " = ".join(names[1:]), f"#{d.seq}: " + "; ".join(d.reasons or ["merged by the curator"])))
        return out

    def resolver_merges(self) -> list[dict[str, Any]]:
        """The resolver's automatic merges that are in effect, for the history export."""
        self.load_entities()
        return list(resolver_merge_records(self._links, self._nodes, self._partition))

    @property
    def resolved_at(self) -> str | None:
        self.load_entities()
        return self._resolved_at


def _entity_order(e: Entity) -> tuple[int, str, str, str]:
    """Most mentioned first, then by type, name and id (ids are unique: no ties)."""
    return (-len(e.article_ids), e.type, e.name, e.id)
