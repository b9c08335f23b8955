"""Exports read straight from the store, article by article (every format but ``json``).

The same bytes as the workspace's exports (``export_formats.iter_jsonl`` and the
tables), made without a :class:`~curator.workspace.Workspace`: memory holds what
there is one of per alias, entity or decision (the curated partition, each entity's
names, the history), a window of a store file at a time (a shard's documents are read
and parsed one by one; ``resolution.json`` and ``files.json`` a piece at a time), and
for each article only its id and the numbers of the alias nodes it names, packed (4
bytes a pair), never a Python object per article.

- The curator's corrections to articles (edits, status, relinks, accepted
  mentions) are few, one per decision: they are replayed from the history and
  applied to each article as it is read.
- Articles are put in the export's order (folder, file, place in the file, id) by
  an external merge: each article's output goes to a temporary file as it is made,
  each shard's sort keys (with where its articles' output lies) are sorted and
  spilled as a run, and the 64 runs are merged, a line at a time.
- An entity's article ids are made from the resolver's article -> alias table
  (as the workspace makes them) when the entity is written, and let go after.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from operator import itemgetter
from typing import IO, Any

import numpy as np
import orjson

from curator import __version__
from curator.curation.decisions import ENTITY_OPS, ArticleOverlay, alias_node, apply_article_op, mention_spot
from curator.curation.entities import Naming, curated_partition, relink_effects, resolver_merge_records
from curator.export import EXPORT_SCHEMA_VERSION, article_doc
from curator.models import EDITABLE_FIELDS, Article, Entity, Mention
from curator.store import Store

Progress = Callable[[int, int, str], None]
_SORT = orjson.OPT_SORT_KEYS


def _key(name: str, type_: str) -> str:
    from curator.resolve.keys import name_key

    return name_key(name, type_)


def _raw_key(name: str, type_: str) -> str:
    from curator.resolve.keys import name_key

    return name_key.__wrapped__(name, type_)  # type: ignore[attr-defined, no-any-return]


class _Ids:
    """Article ids numbered as met, packed in one byte string (no object per id)."""

    def __init__(self) -> None:
        self._blob = bytearray()
        self._ends = array("q")

    def add(self, article_id: str) -> int:
        self._blob += article_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._blob))
        return len(self._ends) - 1

    def get(self, number: int) -> str:
        start = self._ends[number - 1] if number else 0
        return self._blob[start : self._ends[number]].decode("utf-8", "surrogatepass")


class CuratedState:
    """What an export needs besides the articles, read from a store: the history, the
    article overlay, the curated entities, and which articles name each alias node."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.history = store.history()
        self.overlay = ArticleOverlay()
        for decision in self.history:
            if not decision.undone and decision.op not in ENTITY_OPS:
                apply_article_op(self.overlay, decision, _key)
        nodes: dict[str, dict[str, Any]] = {}  # node -> {"type", "forms"}
        links: list[dict[str, Any]] = []
        self.resolved_at: str | None = None
        order: list[str] = []  # alias nodes in the table's order (article_nodes point into it)
        by_position: dict[int, array] = {}  # node's place in ``order`` -> article numbers
        by_node: dict[str, array] = {}  # an older layout: the article ids on the aliases
        authority_names: dict[str, str] = {}
        # Articles are numbered as met, once per node that names them (the same article
        # under two numbers is one id again when an entity's ids are made).
        self._ids = _Ids()
        for table, docs in store.part_pieces("resolution.json"):
            if table == "aliases":
                for doc in docs.values():
                    node = doc["node"]
                    order.append(node)
                    nodes[node] = {"node": node, "type": doc["type"], "forms": doc["forms"]}
                    if doc.get("articles"):
                        by_node[node] = array("i", map(self._ids.add, doc["articles"]))
            elif table == "links":  # the merges: suggestions are for the review screen
                links.extend(link for link in docs.values() if link.get("outcome") == "merge")
            elif table == "authority_names":
                authority_names.update((d["node"], d["name"]) for d in docs.values())
            elif table == "article_nodes":
                for doc in docs.values():
                    for art_id, positions in zip(doc["ids"], doc["nodes"]):
                        number = self._ids.add(art_id)
                        for p in positions:
                            found = by_position.get(p)
                            if found is None:
                                found = by_position[p] = array("i")
                            found.append(number)
            elif table == "runs" and docs:
                self.resolved_at = list(docs.values())[-1].get("at")
        self.node_articles: dict[str, array] = by_node
        for p in list(by_position):
            self.node_articles.setdefault(order[p], array("i")).extend(by_position.pop(p))
        self.partition = curated_partition(nodes, links, self.history, _key, store.pace)
        naming = Naming(self.partition, authority_names)
        self.entities: dict[int, Entity] = {}
        for cid, members in self.partition.members.items():
            ent = naming.entity(cid, members, nodes, articles=False)
            if ent is not None:
                self.entities[cid] = ent
        self.auto_merges = list(resolver_merge_records(links, nodes, self.partition))
        self.relinked = relink_effects(self.overlay, self.partition.cluster_of, self.entities, store.mentions, _key)
        store.drop_read_cache()  # the shards read for the relinked articles
        self._node_memo: dict[tuple[str, str], Entity | None] = {}

    # -- articles ----------------------------------------------------------------------
    def entity_of(self, type_: str, name: str) -> Entity | None:
        """The entity a mention of this name names (unless relinked)."""
        memo = self._node_memo.get((type_, name), False)
        if memo is False:  # the memo is the cache: name_key's own would hold every name twice
            cid = self.partition.cluster_of.get(alias_node(type_, name, _raw_key))
            memo = self._node_memo[type_, name] = self.entities.get(cid) if cid is not None else None
        return memo  # type: ignore[return-value]

    def article_view(self, doc: dict[str, Any], stored: list[dict[str, Any]], duplicate: bool) -> Any:
        """An article as the workspace shows it (``ReadModels.view`` in ``curator.workspace.views``), from its stored
        document and mentions; ``duplicate``: what the index says."""
        from curator.workspace import ArticleView, FieldView, MentionView

        art = Article.from_dict(doc)
        overlay = self.overlay
        edits = overlay.fields.get(art.id, {})
        fields = {}
        for name in EDITABLE_FIELDS:
            extracted = getattr(art, name)
            fields[name] = (
                FieldView(edits[name], extracted.raw, 1.0, True)
                if name in edits
                else FieldView(extracted.value, extracted.raw, extracted.confidence, False)
            )
        mentions = []
        for m in map(Mention.from_dict, stored):
            spot = mention_spot(art.id, m.start, m.end, m.field)
            relinked = spot in overlay.relinks
            if relinked:
                node = overlay.relinks[spot]
                cid = self.partition.cluster_of.get(node) if node else None
                ent = self.entities.get(cid) if cid is not None else None
            else:
                ent = self.entity_of(m.type, m.name)
            mentions.append(
                MentionView(
                    m.start, m.end, m.text, m.type, m.name, m.role, ent.id if ent else None, ent.name if ent else None,
                    spot in overlay.accepted, relinked, m.field,
                )
            )
        status = overlay.status.get(art.id) or ("duplicate" if duplicate else "new")
        return ArticleView(art, fields, status, mentions, [], duplicate_of=overlay.original_of(art.id, art.duplicate_of))

    # -- entities and history -----------------------------------------------------------
    def entities_with_articles(self) -> Iterator[tuple[Entity, set[str]]]:
        """Each entity with the ids of the articles naming it, in the export's order (type,
        name, id); the ids are made as the entity is reached and let go after."""
        members = self.partition.members
        relinked: dict[int, list[tuple[str, bool]]] = {}
        for (art_id, cid), names in self.relinked.items():
            relinked.setdefault(cid, []).append((art_id, names))
        order = sorted(self.entities.items(), key=lambda item: (item[1].type, item[1].name, item[1].id))
        for cid, ent in order:
            found = [self.node_articles[n] for n in members[cid] if n in self.node_articles]
            numbers = np.unique(np.concatenate([np.frombuffer(a, dtype=np.int32) for a in found])) if found else ()
            ids = {self._ids.get(int(n)) for n in numbers}
            for art_id, names in relinked.get(cid, ()):
                (ids.add if names else ids.discard)(art_id)
            yield ent, ids

    def entity_records(self) -> Iterator[dict[str, Any]]:
        """Each entity's export record, in the export's order."""
        for ent, ids in self.entities_with_articles():
            ent.article_ids = list(ids)
            yield ent.to_dict()
            ent.article_ids = []

    def history_records(self) -> Iterator[dict[str, Any]]:
        """The resolver's automatic merges, then every decision, as the export lists them."""
        for merge in self.auto_merges:
            yield {
                "seq": None, "op": "auto_merge", "by": "resolver", "at": self.resolved_at,
                "args": {"type": merge["type"], "names": [merge["a"], merge["b"]]},
                "reasons": merge["reasons"], "score": merge["score"], "in_effect": merge["in_effect"],
            }
        for d in self.history:
            yield d.to_dict()

    def exported_at(self, ingested_at: str | None) -> str | None:
        """The time of the latest change included: decision, resolve or ingest
        (``ingested_at``: the latest, from ``last_ingest``)."""
        stamps = [d.at for d in self.history if d.at] + [s for s in [self.resolved_at, ingested_at] if s]
        return max(stamps) if stamps else None


def last_ingest(store: Store) -> str | None:
    """When the latest source file was ingested (read piece by piece)."""
    latest = None
    for table, docs in store.part_pieces("files.json"):
        if table == "files":
            stamps = [doc["ingested_at"] for doc in docs.values() if doc.get("ingested_at")]
            if stamps and (latest is None or max(stamps) > latest):
                latest = max(stamps)
    return latest


# -- articles in the export's order --------------------------------------------------------
class Spilled:
    """Per-article blobs of several streams in temporary files, and for each shard a
    run: its articles' sort keys with the places of their blobs, sorted (a line each).
    Memory holds the keys of one shard."""

    def __init__(self, files: list[IO[bytes]], runs: list[IO[bytes]], count: int) -> None:
        self.files, self.runs, self.count = files, runs, count

    def stream(self, k: int) -> Iterator[bytes]:
        """Stream ``k``'s blobs in the export's order: the runs merged, a line at a time."""
        fd = self.files[k].fileno()
        for run in self.runs:
            run.seek(0)
        for _, places in heapq.merge(*(map(orjson.loads, run) for run in self.runs), key=itemgetter(0)):
            at, size = places[2 * k], places[2 * k + 1]
            if size:
                yield os.pread(fd, size, at)


def spill(
    state: CuratedState, render: Callable[[Any], Sequence[bytes]], streams: int, stack: ExitStack,
    progress: Progress | None = None,
) -> Spilled:
    """Every article of the index as ``render`` makes it from its view, in ``streams``
    streams, to be read back in the export's order (folder, file, place in the file, id)."""
    listing = state.store.article_listing(columns=())
    total = len(listing)
    ids, rows = listing.sorted_ids()
    duplicate = listing.duplicate
    del listing
    files = [stack.enter_context(tempfile.TemporaryFile(prefix="curator-export-")) for _ in range(streams)]
    offsets = [0] * streams
    runs: list[IO[bytes]] = []
    keys: list[tuple[list[Any], list[int]]] = []
    count = 0
    at_shard = None

    def close_run() -> None:
        run = stack.enter_context(tempfile.TemporaryFile(prefix="curator-export-"))
        keys.sort(key=itemgetter(0))
        run.writelines(orjson.dumps(entry) + b"\n" for entry in keys)
        runs.append(run)
        keys.clear()

    for shard, doc, stored in state.store.iter_article_documents():
        if shard != at_shard and keys:
            close_run()
        at_shard = shard
        art_id = doc.get("id")
        if not isinstance(art_id, str):
            continue
        needle = art_id.encode("utf-8", "surrogatepass")
        at = int(np.searchsorted(ids, needle))
        if at >= len(ids) or ids[at] != needle:
            continue  # not in the index: not an article (see ``Store.iter_articles_with_mentions``)
        view = state.article_view(doc, stored, bool(duplicate[rows[at]]))
        places = []
        for k, blob in enumerate(render(view)):
            files[k].write(blob)
            places += [offsets[k], len(blob)]
            offsets[k] += len(blob)
        art = view.article
        keys.append(([art.source_folder or "", art.source_file, art.file_index, art.id], places))
        count += 1
        if progress and count % 500 == 0:
            progress(count, total, "exporting articles")
    if keys:
        close_run()
    for f in files:
        f.flush()
    return Spilled(files, runs, count)


def iter_jsonl_stream(store: Store, progress: Progress | None = None) -> Iterator[bytes]:
    """The JSON Lines export of a store (see ``export_formats``): byte for byte what the
    workspace's ``iter_jsonl`` writes, in memory that does not grow with the articles."""
    from curator.export_formats import _gathered

    ingested_at = last_ingest(store)
    state = CuratedState(store)
    header = {
        "exported_at": state.exported_at(ingested_at), "generator": f"curator {__version__}",
        "schema_version": EXPORT_SCHEMA_VERSION,
    }
    yield _line("export", header)
    with ExitStack() as stack:
        spilled = spill(state, lambda view: (_line("article", article_doc(view)),), 1, stack, progress)
        yield from _gathered(spilled.stream(0))
        articles = spilled.count
    counts = {"articles": articles}
    for kind, key, records in (
        ("entity", "entities", state.entity_records()), ("history", "history", state.history_records())
    ):
        lines: list[bytes] = []
        size = counts[key] = 0
        for record in records:
            lines.append(_line(kind, record))
            size += len(lines[-1])
            counts[key] += 1
            if len(lines) >= 2000 or size >= 1 << 20:  # an entity's line grows with its articles
                yield b"".join(lines)
                lines.clear()
                size = 0
        yield b"".join(lines)
    # The last line says how many records came: a copy cut at a line's end is known for one.
    yield _line("end", counts)


def _line(kind: str, record: dict[str, Any]) -> bytes:
    """One JSON Lines record: ``kind`` first, then the record's keys sorted."""
    return b'{"kind":"' + kind.encode() + b'",' + orjson.dumps(record, option=_SORT)[1:] + b"\n"
