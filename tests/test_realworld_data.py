"""The real-world development set (tests/data/realworld) is well formed.

These files are the measure of name resolution on names nobody on the team
wrote, so a broken offset, a dangling id or a variant without its source
would silently bend every number measured on them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

HERE = Path(__file__).parent / "data" / "realworld"


def load(name: str) -> Any:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entities() -> dict[str, Any]:
    return load("entities.json")


@pytest.fixture(scope="module")
def excerpts() -> dict[str, Any]:
    return load("excerpts.json")


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in all_strings(k) + all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


@pytest.mark.parametrize("data,schema", [("entities.json", "entities.schema.json"),
                                         ("excerpts.json", "excerpts.schema.json")])
def test_files_match_their_schema(data: str, schema: str) -> None:
    jsonschema.validate(load(data), load(schema))


@pytest.mark.parametrize("data", ["entities.json", "excerpts.json"])
def test_every_string_is_nfc_without_control_characters(data: str) -> None:
    for s in all_strings(load(data)):
        assert unicodedata.is_normalized("NFC", s), s
        bad = [c for c in s if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n"]
        assert not bad, (s, bad)


def test_entity_ids_are_unique_and_variants_are_distinct_with_sources(entities: dict[str, Any]) -> None:
    ids = [e["id"] for e in entities["entities"]]
    assert len(ids) == len(set(ids))
    for e in entities["entities"]:
        texts = [v["text"] for v in e["variants"]]
        assert len(texts) == len(set(texts)), e["id"]
        for v in e["variants"]:
            assert v["sources"], (e["id"], v["text"])
            assert all(re.match(r"https?://\S+$", u) for u in v["sources"]), (e["id"], v["text"])
            assert v["text"] == v["text"].strip(), (e["id"], v["text"])


def test_a_form_shared_by_two_entities_is_a_short_form_or_a_former_name(entities: dict[str, Any]) -> None:
    # "Ông Long" names two ministers; "Bộ Nội vụ" was a name of Bộ Công an and is today's
    # Ministry of Home Affairs. Any other shared form is a copy-and-paste mistake.
    owners: dict[str, list[tuple[str, str]]] = {}
    for e in entities["entities"]:
        for v in e["variants"]:
            owners.setdefault(v["text"], []).append((e["id"], v["form"]))
    for text, where in owners.items():
        if len({eid for eid, _ in where}) > 1:
            assert any(form in ("short", "former") for _, form in where), (text, where)


def test_hard_negatives_join_two_distinct_listed_entities_once(entities: dict[str, Any]) -> None:
    ids = {e["id"] for e in entities["entities"]}
    seen: set[frozenset[str]] = set()
    for n in entities["hard_negatives"]:
        assert n["a"] in ids and n["b"] in ids, n
        assert n["a"] != n["b"], n
        pair = frozenset((n["a"], n["b"]))
        assert pair not in seen, n
        seen.add(pair)


def test_the_set_is_as_large_and_as_broad_as_promised(entities: dict[str, Any],
                                                     excerpts: dict[str, Any]) -> None:
    ents = entities["entities"]
    types = Counter(e["type"] for e in ents)
    assert len(ents) >= 45 and types["person"] >= 10
    assert sum(len(e["variants"]) for e in ents) >= 400
    assert len(entities["hard_negatives"]) >= 40
    kinds = {e["kind"] for e in ents}
    assert {"ministry", "hospital", "university", "newspaper", "state_group"} <= kinds
    assert len(excerpts["excerpts"]) >= 20
    sectors = {x["sector"] for x in excerpts["excerpts"]}
    assert {"health", "education", "finance", "transport", "province"} <= sectors


def test_excerpt_offsets_slice_to_the_mention_text(excerpts: dict[str, Any]) -> None:
    for x in excerpts["excerpts"]:
        text = x["text"]
        previous_end = 0
        for m in x["mentions"]:
            assert 0 <= m["start"] < m["end"] <= len(text), (x["id"], m)
            assert text[m["start"]:m["end"]] == m["text"], (x["id"], m)
            assert m["start"] >= previous_end, (x["id"], "mentions overlap or are out of order", m)
            previous_end = m["end"]


def test_excerpt_mentions_point_to_listed_or_described_entities(entities: dict[str, Any],
                                                                excerpts: dict[str, Any]) -> None:
    types = {e["id"]: e["type"] for e in entities["entities"]}
    for x in excerpts["excerpts"]:
        local = x.get("local_entities", {})
        for m in x["mentions"]:
            if m["entity"].startswith("local:"):
                assert m["entity"] in local, (x["id"], m)
            else:
                assert types.get(m["entity"]) == m["type"], (x["id"], m)
        assert set(local) <= {m["entity"] for m in x["mentions"]}, x["id"]


def test_not_same_pairs_name_two_mentions_of_different_entities(excerpts: dict[str, Any]) -> None:
    for x in excerpts["excerpts"]:
        ms = x["mentions"]
        for p in x["not_same"]:
            assert 0 <= p["a"] < len(ms) and 0 <= p["b"] < len(ms), (x["id"], p)
            assert ms[p["a"]]["entity"] != ms[p["b"]]["entity"], (x["id"], p)
