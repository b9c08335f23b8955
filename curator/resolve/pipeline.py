"""``curator resolve``: extract mentions from every article and link their names.

articles -> mentions (saved per article) -> alias nodes (one per comparison key)
-> links from the matcher (automatic merges and suggestions) -> resolution.json.
Everything written here is rebuildable; the curator's decisions are applied on
top when the workspace loads (see ``curator.curation``).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from curator.curation.partition import node_id
from curator.models import Definition, Mention
from curator.process_pool import quiet_pool, sigint_blocked
from curator.store import Store
from curator.store.resolution import ResolutionData
from curator.resolve.unionfind import DisjointSet

if TYPE_CHECKING:
    from curator.authority.lookup import AuthorityLookup
    from curator.extract import Extraction

Progress = Callable[[int, int, str], None]


@dataclass
class ResolveReport:
    articles: int = 0
    mentions: int = 0
    nodes: int = 0
    merges: int = 0
    suggestions: int = 0
    seconds: float = 0.0
    merged_examples: list[str] = field(default_factory=list)
    cancelled: bool = False


_Row = tuple[str, bytes, dict[tuple[str, str], int], list[tuple[str, str, str, str]]]
# (article id, title as ingested or None, body text)
ArticleText = tuple[str, str | None, str]


def _extract_batch(batch: list[ArticleText], lookup: AuthorityLookup | None = None) -> list[_Row]:
    """Per article: its mentions already encoded as stored, how often each
    (node, name) occurs, and the definitions.

    Runs in a worker process, so the comparison keys and the JSON are made in
    parallel, and the parent holds compact counts instead of ~20 mention
    objects per article (millions at 100,000 articles).
    """
    from curator.authority.lookup import add_authority_mentions
    from curator.extract import extract_article

    out = []
    for art_id, title, text in batch:
        result = extract_article(title, text)
        if lookup:
            # Names the authority lists ("Ministry of Health", "H04") that the rules did not find, in the
            # title and in the body (a name in the title is a mention too).
            in_title, in_text = split_by_field(result.mentions)
            if title:
                in_title = add_authority_mentions(title, in_title, lookup)
                for m in in_title:
                    m.field = "title"
            result.mentions = in_title + add_authority_mentions(text, in_text, lookup)
        link_in_article(text, result, title or "")
        out.append(
            (
                art_id,
                orjson.dumps([m.to_dict() for m in result.mentions]),
                name_counts(result.mentions),
                [(d.long, d.short, d.type, d.evidence) for d in result.definitions],
            )
        )
    return out


def split_by_field(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The title's mentions and the body's, each with offsets into its own text."""
    in_title = [m for m in mentions if m.field == "title"]
    return in_title, [m for m in mentions if m.field != "title"]


def link_in_article(text: str, result: Extraction, title: str = "") -> None:
    """Links the extractor leaves to resolution, inside one article: back-references ("UBND tỉnh" -> the
    article's one "UBND tỉnh Nghệ An") and a short name in brackets after another mention, read as its
    definition ("Tập đoàn Điện lực Việt Nam (EVN)")."""
    from curator.resolve.references import bracket_definitions, link_back_references

    link_back_references(result.mentions)
    known = {(d.long, d.short) for d in result.definitions}
    in_title, in_text = split_by_field(result.mentions)
    found = bracket_definitions(title, in_title) + bracket_definitions(text, in_text)
    result.definitions += [d for d in found if (d.long, d.short) not in known]


@dataclass
class Extracted:
    """Every article's mentions (encoded, as stored), their (node, name) counts, and the definitions."""

    mentions: dict[str, bytes] = field(default_factory=dict)
    counts: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    definitions: list[Definition] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())


def extract_all(
    texts: list[ArticleText],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    lookup: AuthorityLookup | None = None,
) -> Extracted:
    """Run the extractor over all texts, in parallel processes when it pays."""
    out = Extracted()
    total = len(texts)
    chunk = 500
    batches = [texts[i : i + chunk] for i in range(0, total, chunk)]
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)

    def take(results: list[_Row]) -> None:
        for art_id, encoded, counts, defs in results:
            out.mentions[art_id] = encoded
            out.counts[art_id] = counts
            out.definitions.extend(Definition(*d) for d in defs)

    done = 0
    if workers > 1 and total > 2000:
        pool = quiet_pool(workers)
        try:
            with sigint_blocked():
                found = pool.map(functools.partial(_extract_batch, lookup=lookup), batches)
            for results in found:
                take(results)
                done += len(results)
                if progress:
                    progress(done, total, "extracting")
                if cancelled and cancelled():
                    break
        finally:
            # Cancelled, or a Ctrl-C: the queued batches are dropped, not waited for.
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for batch in batches:
            take(_extract_batch(batch, lookup))
            done += len(batch)
            if progress:
                progress(done, total, "extracting")
            if cancelled and cancelled():
                break
    return out


def build_nodes(mentions: dict[str, list[Mention]]) -> dict[str, dict[str, Any]]:
    """Alias nodes: one per (type, comparison key), with surface forms and articles."""
    return nodes_from({art_id: name_counts(ms) for art_id, ms in mentions.items()})


def name_counts(mentions: list[Mention]) -> dict[tuple[str, str], int]:
    """How often each (alias node, surface name) occurs among one article's mentions."""
    counts: dict[tuple[str, str], int] = {}
    for m, node in zip(mentions, mention_nodes(mentions)):
        counts[node, m.name] = counts.get((node, m.name), 0) + 1
    return counts


def nodes_from(counts: dict[str, dict[tuple[str, str], int]]) -> dict[str, dict[str, Any]]:
    """Alias nodes from each article's (node, name) counts."""
    nodes: dict[str, dict[str, Any]] = {}
    for art_id in sorted(counts):
        for (node, name), n in counts[art_id].items():
            entry = nodes.get(node)
            if entry is None:
                entry = nodes[node] = {"node": node, "type": node.split(":", 1)[0], "forms": {}, "articles": []}
            forms = entry["forms"]
            forms[name] = forms.get(name, 0) + n
            if not entry["articles"] or entry["articles"][-1] != art_id:
                entry["articles"].append(art_id)
    return nodes


def mention_nodes(mentions: list[Mention]) -> list[str]:
    """The alias node of each mention: its type and the comparison key of its name."""
    return [_node_of(m.type, m.name) for m in mentions]


@functools.lru_cache(maxsize=262144)
def _node_of(type_: str, name: str) -> str:
    """The alias node of a name of ``type_`` (the same names recur in every article)."""
    from curator.resolve.keys import name_key

    return node_id(type_, name_key(name, type_))


def entity_counts(
    article_ids: list[str], article_nodes: list[list[int]], links: list[dict[str, Any]], position: dict[str, int]
) -> dict[str, int]:
    """Distinct entities per article under the automatic merges (the list's first view)."""
    sets = DisjointSet(len(position))
    for link in links:
        if link["outcome"] == "merge":
            sets.union(position[link["a"]], position[link["b"]])
    find = sets.find
    return {art_id: len({find(n) for n in ns}) for art_id, ns in zip(article_ids, article_nodes)}


def representative(forms: dict[str, int]) -> str:
    """The form a node is shown by: most frequent, then longest, then first in order."""
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def link_nodes(nodes: dict[str, dict[str, Any]], definitions: list[Definition]) -> list[dict[str, Any]]:
    from curator.resolve.matcher import NameRecord, match

    order = sorted(nodes)
    records = [
        NameRecord(representative(nodes[n]["forms"]), nodes[n]["type"], sum(nodes[n]["forms"].values()))
        for n in order
    ]
    links = []
    for link in match(records, definitions):
        links.append(
            {
                "a": order[link.a],
                "b": order[link.b],
                "outcome": link.outcome,
                "score": round(float(link.score), 1),
                "reasons": list(link.reasons),
            }
        )
    return links


def resolve_store(
    store: Store,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ResolveReport:
    """Extract and resolve over the whole database; saves mentions and links."""
    started = time.perf_counter()
    report = ResolveReport()
    if progress:
        progress(0, 1, "reading articles")
    texts = list(store.iter_titles_and_texts())
    report.articles = len(texts)
    from curator.authority import effective_entries
    from curator.authority.lookup import AuthorityLookup
    from curator.resolve.authority import authority_links

    authority = effective_entries(store.root)
    extracted = extract_all(texts, progress, cancelled, lookup=AuthorityLookup(authority) if authority else None)
    mentions = extracted.mentions
    if cancelled and cancelled():
        report.cancelled = True
        return report
    if progress:
        progress(len(texts), len(texts), "matching names")
    nodes = nodes_from(extracted.counts)
    links, authority_names = authority_links(nodes, link_nodes(nodes, extracted.definitions), authority)
    if cancelled and cancelled():
        report.cancelled = True
        return report
    if progress:
        progress(len(texts), len(texts), "saving")
    store.save_mention_docs(mentions)
    report.mentions = extracted.mention_count
    report.nodes = len(nodes)
    report.merges = sum(1 for link in links if link["outcome"] == "merge")
    report.suggestions = sum(1 for link in links if link["outcome"] == "suggest")
    at = time.strftime("%Y-%m-%dT%H:%M:%S")
    for link in links:
        if link["outcome"] == "merge" and len(report.merged_examples) < 30:
            a = representative(nodes[link["a"]]["forms"])
            b = representative(nodes[link["b"]]["forms"])
            report.merged_examples.append(f"{a}  =  {b}   ({'; '.join(link['reasons'])})")
    order = sorted(nodes)
    position = {n: i for i, n in enumerate(order)}
    article_ids = sorted(mentions)
    article_nodes = [
        sorted({position[n] for n, _ in extracted.counts[art_id]}) for art_id in article_ids
    ]
    report.seconds = time.perf_counter() - started
    store.save_resolution(
        ResolutionData(
            aliases=[{"node": n, "type": nodes[n]["type"], "forms": nodes[n]["forms"]} for n in order],
            links=links,
            # The canonical name the authority gives each name it lists (the entity's name).
            authority_names=authority_names,
            article_nodes=ResolutionData.chunked(article_ids, article_nodes),
            runs=[
                {
                    "at": at,
                    "articles": report.articles,
                    "mentions": report.mentions,
                    "nodes": report.nodes,
                    "merges": report.merges,
                    "suggestions": report.suggestions,
                    "seconds": round(report.seconds, 3),
                }
            ],
        )
    )
    store.save_entity_counts(entity_counts(article_ids, article_nodes, links, position))
    return report
