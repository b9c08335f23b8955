"""The resolution file, ``resolution.json``: what the last resolve (or import) found.

Rebuildable: ``curator resolve`` writes it anew, and it is committed with the
mentions and entity counts of the same run (see ``Store.transaction``). A TinyDB
file (see ``file_format``) with these tables, each document one row:

``aliases``
    one alias node each: ``{"node": "organization:cuc vien thong", "type":
    "organization", "forms": {"Cục Viễn thông": 3}}``; the place of a node in
    this table is its number in ``article_nodes``. Written by an older layout
    (and by ``curator import``), a node also lists its ``articles``.
``links``
    the resolver's verdict on a pair of nodes: ``{"a", "b", "outcome"
    ("merge" | "suggest"), "score", "reasons"}``.
``authority_names``
    ``{"node", "name"}``: the canonical name the authority file gives a node.
``article_nodes``
    ``{"ids": [article ids], "nodes": [[node numbers of each]]}``, in pieces of
    ``ARTICLE_NODES_CHUNK`` articles, so that reading it back yields between
    pieces instead of holding the interpreter for one long call.
``runs``
    one document per resolve: ``{"at", "articles", "mentions", "nodes",
    "merges", "suggestions", "seconds"}`` (an import records only ``at``).

:class:`ResolutionData` is that content, typed; the store reads and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from curator.store.file_format import META

ARTICLE_NODES_CHUNK = 2000


class AliasNode(TypedDict):
    node: str
    type: str
    forms: dict[str, int]
    articles: NotRequired[list[str]]  # only in the older layout (see the module docstring)


class Link(TypedDict):
    a: str
    b: str
    outcome: str
    score: float
    reasons: list[str]


class ArticleNodes(TypedDict):
    ids: list[str]
    nodes: list[list[int]]


@dataclass
class ResolutionData:
    """The content of ``resolution.json`` (see the module docstring)."""

    aliases: list[AliasNode] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    authority_names: dict[str, str] = field(default_factory=dict)  # node -> canonical name
    article_nodes: list[ArticleNodes] = field(default_factory=list)  # pieces (see ``chunked``)
    runs: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def chunked(article_ids: list[str], article_nodes: list[list[int]]) -> list[ArticleNodes]:
        """Each article's node numbers in pieces of ``ARTICLE_NODES_CHUNK`` articles."""
        step = ARTICLE_NODES_CHUNK
        return [
            {"ids": article_ids[i : i + step], "nodes": article_nodes[i : i + step]}
            for i in range(0, len(article_ids), step)
        ]

    @property
    def resolved_at(self) -> str | None:
        """When the last run was (None: never resolved)."""
        return self.runs[-1].get("at") if self.runs else None

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The file's tables, in the order they are written."""
        return {
            "aliases": list(self.aliases),  # type: ignore[arg-type]
            "links": list(self.links),  # type: ignore[arg-type]
            "authority_names": [{"node": n, "name": self.authority_names[n]} for n in sorted(self.authority_names)],
            "article_nodes": list(self.article_nodes),  # type: ignore[arg-type]
            "runs": list(self.runs),
        }

    @classmethod
    def from_tables(cls, tables: dict[str, list[dict[str, Any]]]) -> ResolutionData:
        return cls(
            aliases=tables.get("aliases", []),  # type: ignore[arg-type]
            links=tables.get("links", []),  # type: ignore[arg-type]
            authority_names={d["node"]: d["name"] for d in tables.get("authority_names", [])},
            article_nodes=tables.get("article_nodes", []),  # type: ignore[arg-type]
            runs=tables.get("runs", []),
        )


class ResolutionFile:
    """The store's reading and writing of ``resolution.json`` (part of ``Store``)."""

    def load_resolution(self) -> ResolutionData:
        data = self.resolution.storage.read() or {}
        return ResolutionData.from_tables({name: list(docs.values()) for name, docs in data.items() if name != META})

    def save_resolution(self, data: ResolutionData) -> None:
        self._require_write()
        self._replace("resolution.json", data.tables())  # its own commit, unless in a transaction
