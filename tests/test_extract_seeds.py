"""The five archive seeds, annotated by hand: extraction plus matching finds the same entities.

The gold (tests/data/annotations/seeds.json) lists every organisation, person
and event mention with an entity id. Mentions are clustered the way the
resolve pipeline does it: in-article name, then the matcher's automatic merges
over all distinct names.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from curator.extract import extract
from curator.resolve.baselines import pairwise_prf
from curator.resolve.keys import name_key
from curator.resolve.matcher import NameRecord, match
from curator.resolve.unionfind import DisjointSet

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests/data/annotations/seeds.json").read_text(encoding="utf-8"))["files"]


def _run() -> tuple[list[tuple], dict, list[list[int]], list[list[int]], list]:
    """Predicted and gold clusterings over the union of predicted and gold mentions."""
    items: dict[tuple[str, int, int], int] = {}
    gold_of: dict[int, str] = {}
    pred_name: dict[int, tuple[str, str]] = {}
    definitions = []
    for fname, rows in GOLD.items():
        text = (ROOT / "seeds" / fname).read_text(encoding="utf-8")
        result = extract(text)
        definitions += result.definitions
        for m in result.mentions:
            assert text[m.start : m.end] == m.text
            i = items.setdefault((fname, m.start, m.end), len(items))
            pred_name[i] = (m.type, m.name)
        for r in rows:
            i = items.setdefault((fname, r["start"], r["end"]), len(items))
            gold_of[i] = r["entity"]
    # distinct names grouped by key, then the matcher's merges
    nodes: dict[tuple[str, str], int] = {}
    records: list[NameRecord] = []
    for t, name in sorted(set(pred_name.values())):
        k = (t, name_key(name, t))
        if k not in nodes:
            nodes[k] = len(records)
            records.append(NameRecord(name, t))
    links = match(records, definitions)
    sets = DisjointSet(len(records))
    for link in links:
        if link.outcome == "merge":
            sets.union(link.a, link.b)
    find = sets.find
    pred: dict[object, list[int]] = defaultdict(list)
    gold: dict[object, list[int]] = defaultdict(list)
    for i in items.values():
        if i in pred_name:
            t, name = pred_name[i]
            pred[find(nodes[(t, name_key(name, t))])].append(i)
        else:
            pred[("missed", i)].append(i)
        gold[gold_of.get(i, ("extra", i))].append(i)
    # wrong automatic merges: a merge link between names whose gold entities differ
    entities_of_node: dict[int, set[str]] = defaultdict(set)
    for i, (t, name) in pred_name.items():
        if i in gold_of:
            entities_of_node[nodes[(t, name_key(name, t))]].add(gold_of[i])
    wrong = [
        (records[lk.a].text, records[lk.b].text)
        for lk in links
        if lk.outcome == "merge"
        and entities_of_node[lk.a]
        and entities_of_node[lk.b]
        and not (entities_of_node[lk.a] & entities_of_node[lk.b])
    ]
    spans = [(k, gold_of.get(i), pred_name.get(i)) for k, i in items.items()]
    return spans, gold_of, list(pred.values()), list(gold.values()), wrong


@pytest.fixture(scope="module")
def run():
    return _run()


def test_every_annotated_mention_is_found_and_nothing_else(run) -> None:
    spans, *_ = run
    missed = [(k, g) for k, g, p in spans if p is None]
    extra = [(k, p) for k, g, p in spans if g is None]
    found = len(spans) - len(missed) - len(extra)
    precision = found / (found + len(extra))
    recall = found / (found + len(missed))
    assert precision >= 0.97 and recall >= 0.97, (missed, extra)


def test_mentions_cluster_into_the_annotated_entities(run) -> None:
    _, _, pred, gold, _ = run
    p, r, f = pairwise_prf(pred, gold)
    assert f >= 0.97, (p, r, f)


def test_no_wrong_automatic_merge_on_the_seeds(run) -> None:
    *_, wrong = run
    assert wrong == []


def test_types_agree_with_the_annotation() -> None:
    for fname, rows in GOLD.items():
        text = (ROOT / "seeds" / fname).read_text(encoding="utf-8")
        got = {(m.start, m.end): m.type for m in extract(text).mentions}
        for r in rows:
            if (r["start"], r["end"]) in got:
                assert got[(r["start"], r["end"])] == r["type"], r
