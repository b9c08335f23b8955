"""Resolution measured on real names: ``python -m curator.bench realworld``.

The set (``tests/data/realworld/``, see its README) holds entities with every
surface form seen on a public page, hard negatives (distinct entities a
careless matcher would merge) and short article excerpts with the expected
entity of every mention. Measured here, beside the two baselines
(``curator.resolve.baselines``), curator as a user gets it (row "curator": with the
shipped default authority file, as ``curator match`` and ``curator resolve`` use it)
and without it (row "curator, no authority file"). The default authority file and
the set were collected independently (by different people, from public pages);
nothing in the authority file is copied from the set.

* on the names: automatic-merge precision (pairs of forms put in one
  cluster that are one entity), hard negatives merged, distinct entities
  merged, recall of same-entity pairs by automatic merges, and counting the
  review queue (a pair whose clusters a suggestion links);
* on the excerpts: ``curator resolve``'s own steps over all excerpts as one
  archive (extraction, the authority's names looked up in the text, in-article
  links, the matcher, the authority's links), with and without the authority; pairwise link F1 over the expected mentions (two mentions are
  linked when their entities are one), and the "not the same" pairs linked.

The misses are listed by kind (what the analyser set aside, abbreviations,
case, knowledge) so that a fix can be made by kind, not by name.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import orjson

from curator.authority.entries import AuthorityEntry
from curator.models import Definition
from curator.resolve.matcher import NameRecord

__all__ = ["RealWorld", "load", "measure"]


@dataclass
class RealWorld:
    """The real-world set, read: forms with their entity, negatives, excerpts."""

    forms: list[tuple[str, str, str]] = field(default_factory=list)  # (text, type, entity id)
    kinds: dict[str, str] = field(default_factory=dict)  # form text -> its kind ("abbrev", "title", ...)
    negatives: list[tuple[str, str]] = field(default_factory=list)
    context_only: list[tuple[str, str]] = field(default_factory=list)  # people with the same full name
    short_forms: int = 0  # forms left out: resolvable from context only ("ông Long")
    excerpts: list[dict[str, Any]] = field(default_factory=list)  # {"id", "text", "mentions": [(s, e, eid)], "not_same"}


class SetError(ValueError):
    """The set's files are missing or malformed (the message names the file)."""


def _first(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return None


def _read(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise SetError(f"{path}: no such file") from None
    except orjson.JSONDecodeError as e:
        raise SetError(f"{path}: not valid JSON ({e})") from None


def load(folder: Path) -> RealWorld:
    """Read ``entities.json`` and ``excerpts.json`` from ``folder``."""
    out = RealWorld()
    ents = _read(folder / "entities.json")
    entities = ents.get("entities", []) if isinstance(ents, dict) else ents
    if not isinstance(entities, list):
        raise SetError(f"{folder / 'entities.json'}: expected a list of entities")
    seen: dict[tuple[str, str], str] = {}
    shared: set[tuple[str, str]] = set()
    for e in entities:
        eid, type_ = str(_first(e, "id")), str(_first(e, "type") or "organization")
        texts = [(_first(e, "canonical", "name"), "name")]
        for v in _first(e, "variants", "forms", "aliases") or []:
            if isinstance(v, str):
                texts.append((v, "name"))
            else:
                texts.append((_first(v, "text", "surface"), str(v.get("form") or "name")))
        for t, kind in texts:
            if not t:
                continue
            t = unicodedata.normalize("NFC", str(t)).strip()
            if kind == "short":  # "ông Long", "UBND tỉnh": only the context says who
                out.short_forms += 1
                continue
            if (type_, t) in seen:
                if seen[(type_, t)] != eid:
                    shared.add((type_, t))
                continue
            seen[(type_, t)] = eid
            out.kinds.setdefault(t, kind)
            out.forms.append((t, type_, eid))
    # A form two entities share cannot be scored by name alone.
    out.forms = [f for f in out.forms if (f[1], f[0]) not in shared]
    out.short_forms += len(shared)
    for n in (ents.get("hard_negatives", []) if isinstance(ents, dict) else []):
        if isinstance(n, list | tuple):
            a, b, ctx = n[0], n[1], False
        else:
            a, b, ctx = _first(n, "a", "left"), _first(n, "b", "right"), bool(n.get("context_only"))
        if a and b:
            (out.context_only if ctx else out.negatives).append((str(a), str(b)))
    path = folder / "excerpts.json"
    if path.exists():
        data = _read(path)
        items = data.get("excerpts", []) if isinstance(data, dict) else data
        for x in items:
            text = unicodedata.normalize("NFC", x["text"])
            mentions = []
            types = []
            for m in x.get("mentions", []):
                s, e = int(_first(m, "start")), int(_first(m, "end"))
                mentions.append((s, e, str(_first(m, "entity", "entity_id", "id"))))
                types.append(str(m.get("type") or "organization"))
            pairs = []
            for p in _first(x, "not_same", "not_same_pairs") or []:
                if isinstance(p, dict):
                    p = [_first(p, "a"), _first(p, "b")]
                pairs.append((p[0], p[1]))
            out.excerpts.append({"id": str(x.get("id", len(out.excerpts))), "text": text, "mentions": mentions,
                                 "types": types, "not_same": pairs})
    return out


# -- names ----------------------------------------------------------------------
def _score_names(
    clusters: Sequence[Sequence[int]], forms: Sequence[tuple[str, str, str]], negatives: Sequence[tuple[str, str]],
    suggestions: Sequence[tuple[int, int]] = (), context_only: Sequence[tuple[str, str]] = (),
    kinds: dict[str, str] | None = None,
) -> dict[str, Any]:
    cluster_of = {}
    for c, members in enumerate(clusters):
        for i in members:
            cluster_of[i] = c
    gold = [f[2] for f in forms]
    pred_pairs = tp = 0
    merged_entities: set[tuple[str, str]] = set()
    apart = {tuple(sorted(p)) for p in context_only}
    for members in clusters:
        ids = Counter(gold[i] for i in members)
        pred_pairs += len(members) * (len(members) - 1) // 2
        tp += sum(k * (k - 1) // 2 for k in ids.values())
        for a, b in combinations(sorted(ids), 2):
            merged_entities.add((a, b))
            if (a, b) in apart:  # only the context can tell these apart: reported, not counted
                pred_pairs -= ids[a] * ids[b]
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_entity[g].append(i)
    linked = {(min(a, b), max(a, b)) for a, b in ((cluster_of[x], cluster_of[y]) for x, y in suggestions) if a != b}
    gold_pairs = auto = queued = 0
    # The same over pairs that a rule can know: neither form English, a former name, a brand, a code, ...
    rule_pairs = rule_auto = rule_queued = 0
    knowledge = [(kinds or {}).get(f[0], "name") in KNOWLEDGE for f in forms]
    missed: list[tuple[int, int]] = []
    for members in by_entity.values():
        for x, y in combinations(members, 2):
            gold_pairs += 1
            rule = not (knowledge[x] or knowledge[y])
            rule_pairs += rule
            cx, cy = cluster_of[x], cluster_of[y]
            if cx == cy:
                auto += 1
                queued += 1
                rule_auto += rule
                rule_queued += rule
            elif (min(cx, cy), max(cx, cy)) in linked:
                queued += 1
                rule_queued += rule
            else:
                missed.append((x, y))
    negatives = [(a, b) for a, b in negatives if tuple(sorted((a, b))) in merged_entities]
    context = [(a, b) for a, b in context_only if tuple(sorted((a, b))) in merged_entities]
    return {
        "context_only_merged": context,
        "precision": tp / pred_pairs if pred_pairs else 1.0,  # without the pairs of same-name people
        "merged_pairs": pred_pairs,
        "recall_auto": auto / gold_pairs if gold_pairs else 1.0,
        "recall_queue": queued / gold_pairs if gold_pairs else 1.0,
        "gold_pairs": gold_pairs,
        "rule_pairs": rule_pairs,
        "recall_auto_rules": rule_auto / rule_pairs if rule_pairs else 1.0,
        "recall_queue_rules": rule_queued / rule_pairs if rule_pairs else 1.0,
        "distinct_merged": len(merged_entities),
        "distinct_merged_list": sorted(merged_entities),
        "negatives_merged": negatives,
        "missed": missed,
    }


def _curator(
    records: list[NameRecord], entries: Sequence[AuthorityEntry] = ()
) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """``curator match`` as a user runs it: the matcher's clusters, joined by the authority's
    names when ``entries`` are given (the shipped default, as ``match`` uses it by default)."""
    from curator.resolve.authority import join_clusters
    from curator.resolve.matcher import cluster

    result = cluster(records)
    if entries:
        result = join_clusters(result, entries)
    index = {(r.type, r.text): i for i, r in enumerate(records)}
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_text[r.text].append(i)
    clusters = [sorted(index[(c["type"], m)] for m in c["members"]) for c in result["clusters"]]
    suggestions = [
        (x, y)
        for s in result["suggestions"]
        for x in by_text[s["a"]]
        for y in by_text[s["b"]]
        if records[x].type == records[y].type
    ]
    return sorted(clusters), suggestions


# -- excerpts -------------------------------------------------------------------
def _excerpt_links(excerpts: Sequence[dict[str, Any]], entries: Sequence[AuthorityEntry] = ()) -> dict[str, Any]:
    """The excerpts as one archive through ``curator resolve``'s own steps (extraction, the authority's
    names looked up in the text, in-article links, the matcher, the authority's links); pairwise link
    scores."""
    from curator.authority.lookup import AuthorityLookup
    from curator.models import Mention
    from curator.resolve.authority import authority_links
    from curator.resolve.pipeline import extract_all, link_nodes, mention_nodes, nodes_from
    from curator.resolve.unionfind import DisjointSet

    lookup = AuthorityLookup(entries) if entries else None
    extracted = extract_all([(x["id"], None, x["text"]) for x in excerpts], workers=1, lookup=lookup)
    found: dict[str, list[tuple[int, int, str]]] = {}
    for x in excerpts:
        ms = [Mention.from_dict(d) for d in orjson.loads(extracted.mentions[x["id"]])]
        found[x["id"]] = [(m.start, m.end, node) for m, node in zip(ms, mention_nodes(ms))]
    nodes = nodes_from(extracted.counts)
    links, _ = authority_links(nodes, link_nodes(nodes, extracted.definitions), entries)
    order = sorted(nodes)
    position = {n: i for i, n in enumerate(order)}
    sets = DisjointSet(len(order))
    for link in links:
        if link["outcome"] == "merge":
            sets.union(position[link["a"]], position[link["b"]])
    # Each expected mention takes the entity of the found mention that overlaps it most.
    gold: list[tuple[str, int, str]] = []  # (excerpt, mention index, entity)
    pred: list[int | None] = []
    for x in excerpts:
        spans = found[x["id"]]
        for k, (s, e, eid) in enumerate(x["mentions"]):
            best, best_overlap = None, 0
            for fs, fe, node in spans:
                overlap = min(e, fe) - max(s, fs)
                if overlap > best_overlap:
                    best, best_overlap = sets.find(position[node]), overlap
            gold.append((x["id"], k, eid))
            pred.append(best)
    tp = fp = fn = 0
    for a, b in combinations(range(len(gold)), 2):
        same_gold = gold[a][2] == gold[b][2]
        same_pred = pred[a] is not None and pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    index = {(g[0], g[1]): i for i, g in enumerate(gold)}
    violated = total_not_same = 0
    for x in excerpts:
        for a, b in x["not_same"]:
            ia, ib = _mention_index(x, a), _mention_index(x, b)
            if ia is None or ib is None:
                continue
            total_not_same += 1
            pa, pb = pred[index[(x["id"], ia)]], pred[index[(x["id"], ib)]]
            violated += pa is not None and pa == pb
    found_mentions = sum(p is not None for p in pred)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "mentions": len(gold), "mentions_found": found_mentions,
        "not_same": total_not_same, "not_same_violated": violated,
    }


def _expected_mention_links(excerpts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Resolution alone: the expected mentions (as written) linked by the resolver with the text's
    definitions, scored pairwise the same way; what extraction loses is left out."""
    from curator.extract import extract
    from curator.models import Mention
    from curator.resolve.pipeline import link_nodes, mention_nodes, name_counts, nodes_from
    from curator.resolve.references import bracket_definitions, link_back_references
    from curator.resolve.unionfind import DisjointSet

    counts: dict[str, dict[tuple[str, str], int]] = {}
    definitions: list[Definition] = []
    nodes_of: list[str] = []
    gold: list[str] = []
    for x in excerpts:
        ms = [
            Mention(s, e, x["text"][s:e], t, x["text"][s:e], None)
            for (s, e, _), t in zip(x["mentions"], x.get("types") or ["organization"] * len(x["mentions"]))
        ]
        link_back_references(ms)
        counts[x["id"]] = name_counts(ms)
        definitions.extend(extract(x["text"]).definitions)
        definitions.extend(bracket_definitions(x["text"], ms))
        nodes_of += mention_nodes(ms)
        gold += [eid for _, _, eid in x["mentions"]]
    nodes = nodes_from(counts)
    position = {n: i for i, n in enumerate(sorted(nodes))}
    sets = DisjointSet(len(position))
    for link in link_nodes(nodes, definitions):
        if link["outcome"] == "merge":
            sets.union(position[link["a"]], position[link["b"]])
    pred = [sets.find(position[n]) for n in nodes_of]
    tp = fp = fn = 0
    for a, b in combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _mention_index(x: dict[str, Any], ref: Any) -> int | None:
    """A mention named by its index, or by its text, in a "not the same" pair."""
    if isinstance(ref, int):
        return ref if 0 <= ref < len(x["mentions"]) else None
    for k, (s, e, _) in enumerate(x["mentions"]):
        if x["text"][s:e] == ref:
            return k
    return None


# -- all --------------------------------------------------------------------------
def measure(folder: Path, token_set_too: bool = True) -> dict[str, Any]:
    """Every measure of the module docstring, for curator and the baselines."""
    from curator.authority import default_entries
    from curator.resolve import baselines

    rw = load(folder)
    records = [NameRecord(t, ty) for t, ty, _ in rw.forms]
    entries = default_entries()
    methods: dict[str, Callable[[], tuple[list[list[int]], list[tuple[int, int]]]]] = {
        "curator": lambda: _curator(records, entries),
        NO_AUTHORITY: lambda: _curator(records),
        "fingerprint (OpenRefine)": lambda: (baselines.fingerprint_clusters(records), []),
    }
    if token_set_too:
        methods["token_set_ratio >= 85"] = lambda: (baselines.token_set_clusters(records), [])
    rows = {}
    for label, run in methods.items():
        started = time.perf_counter()
        clusters, suggestions = run()
        row = _score_names(clusters, rw.forms, rw.negatives, suggestions, rw.context_only, rw.kinds)
        row["seconds"] = time.perf_counter() - started
        row["has_queue"] = label in ("curator", NO_AUTHORITY)
        rows[label] = row
    out: dict[str, Any] = {
        "forms": len(rw.forms),
        "short_forms_left_out": rw.short_forms,
        "entities": len({f[2] for f in rw.forms}),
        "negatives": len(rw.negatives),
        "context_only": len(rw.context_only),
        "authority_entries": len(entries),
        "names": rows,
        "misses": _misses(rows["curator"]["missed"], rw.forms, rw.kinds),
    }
    if rw.excerpts:
        out["excerpts"] = {"count": len(rw.excerpts), **_excerpt_links(rw.excerpts, entries)}
        out["excerpts"]["no_authority"] = _excerpt_links(rw.excerpts)
        out["excerpts"]["expected_mentions"] = _expected_mention_links(rw.excerpts)
    return out


# The curator row without the shipped default authority file (``curator match --no-default-authority``).
NO_AUTHORITY = "curator, no authority file"

# Kinds of form no rule can know (issue 17: "Knowledge"), reported apart from the rest.
KNOWLEDGE = frozenset({"english", "former", "brand", "code", "misspelling", "translit"})


def _misses(
    missed: Sequence[tuple[int, int]], forms: Sequence[tuple[str, str, str]], kinds: dict[str, str]
) -> dict[str, list[str]]:
    """Missed same-entity pairs by the kind of their forms (the set's "form"), a few examples each."""
    out: dict[str, list[str]] = defaultdict(list)
    for x, y in missed:
        a, b = forms[x][0], forms[y][0]
        ka, kb = kinds.get(a, "name"), kinds.get(b, "name")
        kind = " / ".join(sorted({ka, kb}))
        if {ka, kb} & KNOWLEDGE:
            kind = "knowledge: " + " / ".join(sorted({ka, kb} & KNOWLEDGE))
        out[kind].append(f"{a}  ~  {b}")
    return {k: v for k, v in sorted(out.items(), key=lambda kv: -len(kv[1]))}


