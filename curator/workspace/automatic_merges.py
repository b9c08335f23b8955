"""The resolver's automatic merges as the curator reviews them: grouped by the rule
that made each one, biggest impact first, with the evidence the resolver kept.

Each merge link in effect (its two names still in one entity) is one
:class:`AutomaticMerge`: the rule is the first of the link's reasons without its
evidence ("defined in the text", "acronym of the syllable initials with the head
noun kept", "listed in the authority file"); the evidence is what the reasons
quote (the definition sentence, the acronym, the authority's source). The impact
is how many articles name either of the two names. Splitting one back out is the
ordinary ``split`` decision of the side named in fewer articles (``split_alias``).

Cache rule: the list is made for one version of the entities
(``EntityBook.version``: every decision moves it) and made again when next asked
after a change; what the links alone give is made once (they are loaded once).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from curator.curation.entities import resolver_merge_records
from curator.names.canonical import canonical_name
from curator.workspace.entity_book import EntityBook
from curator.yielding import WatchedLock

# Where a reason's rule ends and its evidence begins: "rule (EVIDENCE)", "rule: “EVIDENCE”",
# "rule; more of the rule" (the first clause names it).
_RULE_END = re.compile(r" \(|: |; ")


@dataclass(frozen=True)
class AutomaticMerge:
    """One automatic merge in effect."""

    type: str
    a: str  # the two names the resolver joined (each its forms' canonical name)
    b: str
    rule: str
    evidence: tuple[str, ...]  # every reason as the resolver kept it, the rule's first
    articles: int  # articles that name either name
    entity_id: str  # the entity both are in now
    entity_name: str
    split_alias: str  # the name ``split`` takes out to undo it: the side in fewer articles
    score: float


@dataclass(frozen=True)
class MergeRule:
    """The automatic merges one rule made, biggest impact first."""

    rule: str
    merges: tuple[AutomaticMerge, ...]
    articles: int  # the articles its merges touch (added up, one merge at a time)


def rule_of(reason: str) -> str:
    """The rule a reason names, without its evidence."""
    return _RULE_END.split(reason, maxsplit=1)[0].strip() or reason


class AutomaticMerges:
    """The automatic merges in effect (see the module docstring)."""

    def __init__(self, lock: WatchedLock, book: EntityBook) -> None:
        self._lock = lock
        self._book = book
        self._made: tuple[int, list[MergeRule]] | None = None  # (the entities' version, the list)
        self._links: list[tuple[str, str, str, AutomaticMerge]] | None = None

    def automatic_merges(self) -> list[MergeRule]:
        """The resolver's merges in effect, grouped by rule, the rule touching most
        articles first; inside a rule, the merge touching most articles first."""
        with self._lock:
            book = self._book
            entities = book.by_cluster()  # loads the entity state
            made = self._made
            if made is not None and made[0] == book.version:
                return made[1]
            cluster_of = book.partition.cluster_of
            groups: dict[str, list[AutomaticMerge]] = {}
            for a_node, b_node, smaller, merge in self._automatic_links():
                cid = cluster_of.get(a_node)
                if cid is None or cid != cluster_of.get(b_node) or cid not in entities:
                    continue  # split or rejected by the curator: not in effect
                ent = entities[cid]
                alias = _alias_in(merge.split_alias, book.nodes[smaller], ent.aliases)
                m = merge
                groups.setdefault(m.rule, []).append(
                    AutomaticMerge(m.type, m.a, m.b, m.rule, m.evidence, m.articles, ent.id, ent.name, alias, m.score)
                )
            out = [MergeRule(rule, tuple(merges), sum(m.articles for m in merges)) for rule, merges in groups.items()]
            out.sort(key=lambda g: (-g.articles, g.rule))
            self._made = (book.version, out)
            return out

    def resolver_merges(self) -> list[dict[str, Any]]:
        """The resolver's automatic merges that are in effect, for the history export."""
        self._book.load()
        return list(resolver_merge_records(self._book.links, self._book.nodes, self._book.partition))

    def _automatic_links(self) -> list[tuple[str, str, str, AutomaticMerge]]:
        """Every merge link with what never changes until the next resolution (its
        names, rule, evidence, articles touched), the biggest first: made once (the
        links are loaded once), so a decision costs only the check of what is still
        in effect. Each: (node a, node b, the node split takes out, the merge without its entity)."""
        if self._links is not None:
            return self._links
        nodes: dict[str, dict[str, Any]] = self._book.nodes
        names: dict[str, str] = {}  # node -> its canonical form (made once a node)
        out = []
        for link in self._book.links:
            if link["outcome"] != "merge":
                continue
            a_node, b_node = link["a"], link["b"]
            a, b = nodes.get(a_node), nodes.get(b_node)
            if a is None or b is None:
                continue
            for node, data in ((a_node, a), (b_node, b)):
                if node not in names:
                    names[node] = canonical_name(Counter(data["forms"]))
            a_arts, b_arts = a["articles"], b["articles"]
            reasons = [r for r in link["reasons"] if not r.startswith("set aside in ")] or list(link["reasons"])
            smaller = b_node if len(b_arts) <= len(a_arts) else a_node
            merge = AutomaticMerge(
                type=a["type"], a=names[a_node], b=names[b_node],
                rule=rule_of(reasons[0]) if reasons else "no reason given",
                evidence=tuple(link["reasons"]), articles=len(set(a_arts).union(b_arts)), entity_id="",
                entity_name="", split_alias=names[smaller], score=float(link["score"]),
            )
            out.append((a_node, b_node, smaller, merge))
        out.sort(key=lambda t: (-t[3].articles, t[3].a, t[3].b))
        self._links = out
        return out


def _alias_in(name: str, node: dict[str, Any], aliases: dict[str, int]) -> str:
    """A form of ``node`` the entity lists among its aliases (``split`` takes one)."""
    if name in aliases:
        return name
    return next((f for f in node["forms"] if f in aliases), name)
