"""Evidence from the authority file: names it lists for one entity are that entity.

Each alias node (a type and a comparison key) that is the canonical name or an
alias of exactly one authority entry is linked to the entry's other nodes as an
automatic merge, with the reason "listed in the authority file (SOURCE)". The
authority is the curator's knowledge, so it overrides the matcher's guards
(a code has no head noun; an English name shares no word); only the curator's
own "not the same" decisions stand above it (they are applied after, as
cannot-links). A name listed under two entries (a code reused over the years)
says nothing and links nothing. Former names with their years stay linked: the
body is the same entity under another name.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from curator.authority.entries import AuthorityEntry
from curator.names.analyse import analyse, may_spell
from curator.resolve.keys import name_key

AUTHORITY_SCORE = 100.0


def reason(source: str) -> str:
    return f"listed in the authority file ({source})"


def _nodes_of(name: str, type: str) -> list[str]:
    """The nodes a name is looked up by: its own, and that of its spelled-out form when the name is
    nothing but its name proper with words in short ("Ngân hàng TMCP X" = "Ngân hàng thương mại cổ
    phần X", "ĐH X" = "Đại học X"; see ``curator.names.analyse``)."""
    own = f"{type}:{name_key(name, type)}"
    if type == "person" or not may_spell(name):
        return [own]  # most names: no need to analyse them (199,000 aliases took 13 s)
    parts = analyse(name, type)
    if type == "person" or not parts.spelled or parts.has_aside:
        return [own]
    spelled = f"{type}:{name_key(parts.spelled, type)}"
    return [own] if spelled == own else [own, spelled]


def _index(
    entries: Iterable[AuthorityEntry], nodes: dict[tuple[str, str], str] | None = None
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, AuthorityEntry]]:
    """node -> [(entry id, source)] and entry id -> entry; ``nodes``, when given, gets the node of
    each (type, name)."""
    # The cycle collector's passes over the index's 200,000 new lists (none are cycles) took a second.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index(entries, nodes)
    finally:
        if enabled:
            gc.enable()


def _build_index(
    entries: Iterable[AuthorityEntry], nodes: dict[tuple[str, str], str] | None
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, AuthorityEntry]]:
    by_node: dict[str, dict[str, str]] = defaultdict(dict)
    by_id: dict[str, AuthorityEntry] = {}
    for e in entries:
        by_id[e.id] = e
        for name, source in ((e.canonical, e.source()), *((a.name, a.source) for a in e.aliases)):
            own = _nodes_of(name, e.type)
            for node in own:
                by_node[node].setdefault(e.id, source)
            if nodes is not None:
                nodes[(e.type, name)] = own[0]
    return {n: list(ids.items()) for n, ids in by_node.items()}, by_id


def _hits(
    by_node: dict[str, list[tuple[str, str]]], node: str, names: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """The entries a node (and the names it stands for) is listed under, one hit per entry."""
    found: dict[str, str] = dict(by_node.get(node, ()))
    type_ = node.split(":", 1)[0]
    for name in names:
        for n in _nodes_of(name, type_)[1:]:
            for entry_id, source in by_node.get(n, ()):
                found.setdefault(entry_id, source)
    return list(found.items())


def shared_names(entries: Iterable[AuthorityEntry], among: Iterable[AuthorityEntry]) -> list[tuple[str, list[str]]]:
    """The names of ``among`` (as written there) that ``entries`` list under two or more entries, each
    with those entries' ids: such a name links nothing."""
    nodes: dict[tuple[str, str], str] = {}
    by_node, _ = _index(entries, nodes)
    out: dict[str, tuple[str, list[str]]] = {}
    for e in among:
        for name in (e.canonical, *(a.name for a in e.aliases)):
            node = nodes.get((e.type, name)) or f"{e.type}:{name_key(name, e.type)}"
            hits = by_node.get(node, [])
            if len(hits) > 1 and node not in out:
                out[node] = (name, sorted(i for i, _ in hits))
    return list(out.values())


def authority_links(
    nodes: Iterable[str] | Mapping[str, dict[str, Any]], links: list[dict[str, Any]], entries: Iterable[AuthorityEntry]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """``links`` with the authority's merges added (a suggestion between two listed names
    becomes a merge), sorted as the resolver sorts them; and the canonical name of each
    node the authority knows (for the entity's name)."""
    by_node, by_id = _index(entries)
    listed: dict[str, list[tuple[str, str]]] = defaultdict(list)  # entry id -> [(node, source)]
    for node in sorted(nodes):
        forms = nodes[node].get("forms", {}) if isinstance(nodes, Mapping) else {}
        hits = _hits(by_node, node, forms)
        if hits and len(hits) == 1:
            entry_id, source = hits[0]
            listed[entry_id].append((node, source))
    canonical: dict[str, str] = {}
    extra: dict[tuple[str, str], str] = {}
    for entry_id, members in listed.items():
        entry = by_id[entry_id]
        for node, _ in members:
            canonical[node] = entry.canonical
        if len(members) < 2:
            continue
        anchor_key = f"{entry.type}:{name_key(entry.canonical, entry.type)}"
        anchor = next((n for n, _ in members if n == anchor_key), members[0][0])
        for node, source in members:
            if node != anchor:
                a, b = sorted((anchor, node))
                extra[(a, b)] = reason(source)
    if not extra:
        return links, canonical
    out = []
    for link in links:
        why = extra.pop((link["a"], link["b"]), None)
        if why is None:
            out.append(link)
        elif link["outcome"] == "merge":
            out.append({**link, "reasons": [why, *link["reasons"]]})
        else:  # the matcher only suggested it, or its guards held it back: the authority knows
            out.append({**link, "outcome": "merge", "score": AUTHORITY_SCORE, "reasons": [why]})
    for (a, b), why in extra.items():
        out.append({"a": a, "b": b, "outcome": "merge", "score": AUTHORITY_SCORE, "reasons": [why]})
    out.sort(key=lambda link: (link["a"], link["b"]))
    return out, canonical


def join_clusters(result: dict[str, Any], entries: Iterable[AuthorityEntry]) -> dict[str, Any]:
    """``curator match``'s clusters (see ``matcher.cluster``) with those whose names the
    authority lists for one entry joined, the reason under ``"authority"`` (and first in
    ``"reasons"``, after which come the joined clusters' own); suggestions inside a joined
    cluster are dropped. The joined cluster is named by the entry's
    canonical name when it is one of its names."""
    by_node, by_id = _index(entries)
    clusters = result["clusters"]
    parent = list(range(len(clusters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    why: dict[str, set[str]] = {}
    for i, c in enumerate(clusters):
        for member in c["members"]:
            hits = _hits(by_node, f"{c['type']}:{name_key(member, c['type'])}", [member])
            if not hits or len(hits) != 1:
                continue
            entry_id, source = hits[0]
            why.setdefault(entry_id, set()).add(reason(source))
            if entry_id in first:
                a, b = find(first[entry_id]), find(i)
                if a != b:
                    parent[b] = a
            else:
                first[entry_id] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(clusters)):
        groups.setdefault(find(i), []).append(i)
    joined = []
    for root, members in groups.items():
        if len(members) == 1:
            joined.append(clusters[root])
            continue
        names = sorted({m for i in members for m in clusters[i]["members"]})
        entries_here = {e for e, i in first.items() if find(i) == root}
        canon = [by_id[e].canonical for e in sorted(entries_here) if by_id[e].canonical in names]
        biggest = max(members, key=lambda i: (len(clusters[i]["members"]), -i))
        listed = sorted(set().union(*(why[e] for e in entries_here)))
        own = {r for i in members for r in clusters[i].get("reasons", [])}
        joined.append({
            **clusters[biggest],
            "name": canon[0] if canon else clusters[biggest]["name"],
            "members": names,
            "reasons": [*listed, *sorted(own - set(listed))],
            "authority": listed,
        })
    joined.sort(key=lambda c: (c["type"], c["name"], c["members"]))
    where: dict[str, set[int]] = defaultdict(set)
    for n, c in enumerate(joined):
        for m in c["members"]:
            where[m].add(n)
    suggestions = [s for s in result["suggestions"] if not where[s["a"]] & where[s["b"]]]
    return {**result, "clusters": joined, "suggestions": suggestions}
