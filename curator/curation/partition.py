"""Entities as a partition of alias nodes, shaped by the resolver and the curator.

An *alias node* is one name as the resolver sees it: ``"organization:<key>"``
where the key is the Vietnamese-aware comparison key, so "Cục Viễn thông và Cơ
yếu" and "Cục Viễn thông & Cơ yếu" are the same node. The resolver proposes
links between nodes (``merge`` = certain, ``suggest`` = ask); the curator's
decisions are facts that override it:

* merge: nodes join (transitively: A = B and B = C puts C with A);
* reject: the two clusters must never be one (and, transitively, nothing joined
  to either later joins the other);
* split: a node leaves its cluster and never rejoins it automatically.

The partition starts from the resolver's automatic merges, skipping any that
would contradict a cannot-link the curator stated anywhere in history, and then
replays the curator's decisions in order. Replay is also how undo works.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field


def node_id(type_: str, key: str) -> str:
    return f"{type_}:{key}"


def entity_id_for(nodes: Iterable[str]) -> str:
    """Stable entity id: derived from the smallest node key in the cluster."""
    anchor = min(nodes)
    return "e" + hashlib.blake2b(anchor.encode(), digest_size=6).hexdigest()


@dataclass
class Saved:
    """Some clusters as they were: their members, names and cannot-links."""

    members: dict[int, set[str]]
    names: dict[int, str]
    cannot: dict[str, set[str] | None]


@dataclass
class Partition:
    """Mutable clusters of node ids with the curator's cannot-links."""

    cluster_of: dict[str, int] = field(default_factory=dict)
    members: dict[int, set[str]] = field(default_factory=dict)
    cannot: dict[str, set[str]] = field(default_factory=dict)  # node -> nodes it must not join
    names: dict[int, str] = field(default_factory=dict)  # cluster -> curator's name
    _next: int = 0

    # -- building ------------------------------------------------------------
    def add(self, node: str) -> int:
        cid = self.cluster_of.get(node)
        if cid is None:
            cid = self._next
            self._next += 1
            self.cluster_of[node] = cid
            self.members[cid] = {node}
        return cid

    def conflicts(self, a: int, b: int) -> bool:
        """True when some node of cluster ``a`` must not join some node of ``b``."""
        small, large = (a, b) if len(self.members[a]) <= len(self.members[b]) else (b, a)
        large_members = self.members[large]
        for node in self.members[small]:
            banned = self.cannot.get(node)
            if banned and not banned.isdisjoint(large_members):
                return True
        return False

    def union(self, a_node: str, b_node: str, *, force: bool = False) -> int | None:
        """Join the clusters of two nodes; None if a cannot-link forbids it.

        ``force`` (a curator's merge) drops the cannot-links between the two
        clusters instead: the newest fact wins.
        """
        a, b = self.add(a_node), self.add(b_node)
        if a == b:
            return a
        if self.conflicts(a, b):
            if not force:
                return None
            self._forget_cannot(self.members[a], self.members[b])
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        for node in self.members[b]:
            self.cluster_of[node] = a
        self.members[a] |= self.members.pop(b)
        name = self.names.pop(b, None)
        if name is not None and a not in self.names:
            self.names[a] = name
        return a

    def _forget_cannot(self, left: set[str], right: set[str]) -> None:
        for node in left:
            if node in self.cannot:
                self.cannot[node] -= right
        for node in right:
            if node in self.cannot:
                self.cannot[node] -= left

    def forbid(self, a_node: str, b_node: str) -> None:
        self.add(a_node)
        self.add(b_node)
        self.cannot.setdefault(a_node, set()).add(b_node)
        self.cannot.setdefault(b_node, set()).add(a_node)

    def separate(self, a_node: str, b_node: str) -> None:
        """The two nodes' clusters are different entities (a rejection)."""
        if self.cluster_of.get(a_node) is not None and self.cluster_of.get(a_node) == self.cluster_of.get(b_node):
            self.detach(b_node)
        self.forbid(a_node, b_node)

    def detach(self, node: str) -> tuple[int, int]:
        """Move ``node`` out of its cluster into a new one; returns (old, new)."""
        old = self.add(node)
        if len(self.members[old]) == 1:
            return old, old
        self.members[old].discard(node)
        new = self._next
        self._next += 1
        self.cluster_of[node] = new
        self.members[new] = {node}
        for other in self.members[old]:
            self.forbid(node, other)
        return old, new

    def save(self, clusters: Iterable[int]) -> Saved:
        """These clusters as they are now, for :meth:`restore`."""
        members = {cid: set(self.members[cid]) for cid in clusters if cid in self.members}
        nodes = set().union(*members.values())
        return Saved(
            members,
            {cid: self.names[cid] for cid in members if cid in self.names},
            {node: set(self.cannot[node]) if node in self.cannot else None for node in nodes},
        )

    def restore(self, saved: Saved) -> set[int]:
        """Put saved clusters back as they were; returns every cluster this changed.

        Right only when everything done since the save touched nothing but those
        clusters' nodes, as one decision does (undoing the latest one).
        """
        nodes = set().union(*saved.members.values())
        current = {self.cluster_of[node] for node in nodes if node in self.cluster_of}
        for cid in current:
            for node in self.members.pop(cid, set()) - nodes:  # made since the save
                del self.cluster_of[node]
                self.cannot.pop(node, None)
            self.names.pop(cid, None)
        for cid, members in saved.members.items():
            self.members[cid] = set(members)
            for node in members:
                self.cluster_of[node] = cid
        self.names.update(saved.names)
        for node, banned in saved.cannot.items():
            if banned is None:
                self.cannot.pop(node, None)
            else:
                self.cannot[node] = set(banned)
        return current | set(saved.members)

    def rename(self, node: str, name: str) -> None:
        self.names[self.add(node)] = name

    def cluster_nodes(self, node: str) -> set[str]:
        return self.members[self.add(node)]

    def same(self, a_node: str, b_node: str) -> bool:
        return self.cluster_of.get(a_node, -1) == self.cluster_of.get(b_node, -2)
