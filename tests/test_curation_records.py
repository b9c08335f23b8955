"""The rule behind record checks: the fast checker (fastjsonschema) says what jsonschema says."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.curation.records import _decision_schema, _is_valid, record_problem

SOUND = [
    {"seq": 1, "op": "edit", "args": {"article_id": "a1", "field": "published", "value": "2023-07-28", "old": None},
     "at": "2026-01-01T00:00:00Z", "by": "curator", "reasons": [], "undone": False},
    {"seq": 2, "op": "merge", "args": {"type": "organization", "names": ["Cục H04", "Cục Viễn thông"],
     "entities": ["Cục H04", "Cục Viễn thông"], "canonical": "Cục Viễn thông"},
     "at": "2026", "by": "curator", "reasons": ["merged by the curator"], "undone": True, "undone_after": 2},
    {"seq": 3, "op": "relink", "args": {"article_id": "a1", "start": 4, "end": 9, "text": "Bộ", "type": "organization",
     "to_name": None}, "at": "x", "by": "curator", "reasons": [], "undone": False},
    {"seq": 4, "op": "split", "args": {"type": "person", "alias": "Hải", "entity": "Phạm Hải", "from_anchor": None,
     "new_name": None}, "at": "x", "reasons": []},
    {"seq": 5, "op": "status", "args": {"article_id": "a1", "status": "flagged", "old": "new"}, "at": "x"},
    {"seq": 6, "op": "reject", "args": {"type": "event", "a": "A", "b": "B"}, "at": "x"},
    {"seq": 7, "op": "rename", "args": {"type": "organization", "anchor": "A", "name": "B", "old": "C"}, "at": "x"},
    {"seq": 8, "op": "accept_mention", "args": {"article_id": "a1", "start": 0, "end": 3}, "at": "x"},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["merge", "edit", "relink", "published", "title", "organization", "person", "flagged", "curator", "2023-07", "07/2023"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "names", "start", "field", "value", "a"]), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, prefix + (i,))
    return found


@st.composite
def mutated_records(draw: st.DrawFn) -> Any:
    """A sound record with one place replaced, removed, or a key added."""
    import copy

    record = copy.deepcopy(draw(st.sampled_from(SOUND)))
    path = draw(st.sampled_from(_paths(record)))
    new = draw(json_values)
    if not path:
        return new
    parent = record
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "remove" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["op", "seq", "args", "field", "start", "undone_after", "extra"]))] = new
    else:
        parent[path[-1]] = new
    return record


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_records())
def test_the_fast_checker_agrees_with_jsonschema_on_any_record(record: Any) -> None:
    reference = jsonschema.Draft202012Validator(_decision_schema()).is_valid(record)
    assert _is_valid()(record) == reference
    assert (record_problem(record) is None) == reference


def test_every_sound_example_is_sound_and_names_nothing() -> None:
    assert [record_problem(r) for r in SOUND] == [None] * len(SOUND)

