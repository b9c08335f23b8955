"""The default authority file is well formed and every fact in it can be traced to a page.

default.json is data a curator relies on for automatic merges, so a broken entry
(an alias without a source, one alias pointing at two bodies for no stated
reason, years that contradict each other) would merge bodies that are not the
same. The checks below read the file as a user of the format would: through
its JSON Schema, then through the rules the schema cannot say.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest

DATA = Path(__file__).resolve().parents[1] / "curator" / "data" / "authority"
SCHEMA = json.loads((DATA / "authority.schema.json").read_text(encoding="utf-8"))
DEFAULT = json.loads((DATA / "default.json").read_text(encoding="utf-8"))

_SPACE = re.compile(r"\s+")


def alias_key(name: str) -> str:
    """How two written names are compared for a clash: NFC, case-folded, spaces collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold()


def schema_errors(doc: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def rule_problems(doc: dict[str, Any]) -> list[str]:
    """Problems the schema cannot express, one readable line each."""
    problems: list[str] = []
    entities = doc["entities"]
    ids = [e["id"] for e in entities]
    by_id = {e["id"]: e for e in entities}
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"id {dup} is used by more than one entity")

    owners: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        eid = e["id"]
        texts = [e["canonical"], e.get("note", "")]
        for a in e["aliases"]:
            texts += [a["name"], a.get("note", ""), a.get("shared_reason", "")]
        for t in texts:
            if t != unicodedata.normalize("NFC", t):
                problems.append(f"{eid}: {t!r} is not NFC")

        owners[alias_key(e["canonical"])].add(eid)
        seen: set[str] = {alias_key(e["canonical"])}
        for a in e["aliases"]:
            n = a["name"]
            k = alias_key(n)
            if k in seen:
                problems.append(f"{eid}: alias {n!r} is listed twice or repeats the canonical")
            seen.add(k)
            owners[k].add(eid)
            if not re.match(r"^https?://\S+$", a.get("source", "")):
                problems.append(f"{eid}: alias {n!r} has no http(s) source")
            elif a["source"] not in e["sources"]:
                problems.append(f"{eid}: source of alias {n!r} is not in the entry's sources")
            fy, uy = a.get("from_year"), a.get("until_year")
            if fy is not None and uy is not None and fy > uy:
                problems.append(f"{eid}: alias {n!r} runs from {fy} to {uy}")
            efy, euy = e.get("from_year"), e.get("until_year")
            if uy is not None and efy is not None and uy < efy:
                problems.append(f"{eid}: alias {n!r} ends in {uy}, before the entity ({efy})")
            if fy is not None and euy is not None and fy > euy:
                problems.append(f"{eid}: alias {n!r} begins in {fy}, after the entity ({euy})")
            if a["kind"] == "former" and uy is None and "note" not in a:
                problems.append(f"{eid}: former name {n!r} has neither until_year nor note")

        efy, euy = e.get("from_year"), e.get("until_year")
        if efy is not None and euy is not None and efy > euy:
            problems.append(f"{eid}: entity runs from {efy} to {euy}")
        parent = e.get("parent")
        if parent is not None and parent not in by_id:
            problems.append(f"{eid}: parent {parent} is not in the file")
        if parent == eid:
            problems.append(f"{eid}: is its own parent")
        for s in e.get("successors", []):
            if s["id"] not in by_id or s["id"] == eid:
                problems.append(f"{eid}: successor {s['id']} is not another entity of the file")
            if s.get("year") is not None and euy is not None and s["year"] != euy:
                problems.append(f"{eid}: ends in {euy} but its successor takes over in {s['year']}")
            if s["source"] not in e["sources"]:
                problems.append(f"{eid}: source of successor {s['id']} not in the sources")

    # parents form a forest: following parent links never comes back
    for e in entities:
        walked, cur = set(), e["id"]
        while cur in by_id and by_id[cur].get("parent") is not None:
            if cur in walked:
                problems.append(f"{e['id']}: parent chain loops through {cur}")
                break
            walked.add(cur)
            cur = by_id[cur]["parent"]

    # one written form, two bodies: only when every entry carrying it says why
    for key, eids in sorted(owners.items()):
        if len(eids) < 2:
            continue
        for eid in sorted(eids):
            e = by_id[eid]
            if alias_key(e["canonical"]) == key:
                others = sorted(eids - {eid})
                problems.append(f"{eid}: canonical name {e['canonical']!r} also names {others}")
            for a in e["aliases"]:
                if alias_key(a["name"]) == key and not a.get("shared_reason"):
                    others = sorted(eids - {eid})
                    msg = f"alias {a['name']!r} also names {others}, says nothing of why"
                    problems.append(f"{eid}: {msg}")
    return problems


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_default_file_matches_the_schema() -> None:
    assert schema_errors(DEFAULT) == []


def test_default_file_keeps_the_rules_the_schema_cannot_say() -> None:
    assert rule_problems(DEFAULT) == []


def test_default_file_covers_the_central_bodies() -> None:
    """The structures before and after 1 March 2025 are both there, linked by their mergers."""
    by_id = {e["id"]: e for e in DEFAULT["entities"]}
    mic = by_id["vn.bo-thong-tin-va-truyen-thong"]
    assert mic["until_year"] == 2025
    assert mic["successors"][0]["id"] == "vn.bo-khoa-hoc-va-cong-nghe"
    names = {alias_key(a["name"]): e["id"] for e in DEFAULT["entities"] for a in e["aliases"]}
    assert names[alias_key("Ministry of Health")] == "vn.bo-y-te"
    assert names[alias_key("Tổng cục Thuế")] == "vn.cuc-thue"
    assert names[alias_key("A05")] == "vn.bca.a05"
    assert len(DEFAULT["entities"]) >= 150


def _first_alias(doc: dict[str, Any], eid: str) -> dict[str, Any]:
    return next(e for e in doc["entities"] if e["id"] == eid)["aliases"][0]


def _break(change: str) -> dict[str, Any]:
    doc = copy.deepcopy(DEFAULT)
    ents = doc["entities"]
    health = next(e for e in ents if e["id"] == "vn.bo-y-te")
    if change == "no-source":
        del health["aliases"][0]["source"]
    elif change == "ftp-source":
        health["aliases"][0]["source"] = "ftp://example.org/x"
    elif change == "nfd":
        health["canonical"] = unicodedata.normalize("NFD", health["canonical"])
    elif change == "dup-id":
        ents.append(copy.deepcopy(health))
        ents[-1]["canonical"] = "Bộ Y tế (bản sao)"
        ents[-1]["aliases"] = []
    elif change == "clash":
        health["aliases"].append(
            {"name": "moj", "kind": "abbreviation", "source": health["sources"][0]}
        )
    elif change == "years":
        health["aliases"][0].update(from_year=2020, until_year=2010)
    elif change == "bad-kind":
        health["aliases"][0]["kind"] = "nickname"
    elif change == "control":
        health["aliases"][0]["name"] = "Bộ\x1b]0;x\x07 Y tế"
    elif change == "successor-year":
        mic = next(e for e in ents if e["id"] == "vn.bo-thong-tin-va-truyen-thong")
        mic["successors"][0]["year"] = 2024
    elif change == "dangling-parent":
        health["parent"] = "vn.khong-co"
    return doc


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("no-source", "source"),
        ("ftp-source", "source"),
        ("nfd", "NFC"),
        ("dup-id", "used by more than one entity"),
        ("clash", "says nothing of why"),
        ("years", "runs from 2020 to 2010"),
        ("bad-kind", "nickname"),
        ("control", "does not match"),
        ("successor-year", "successor takes over in 2024"),
        ("dangling-parent", "not in the file"),
    ],
)
def test_each_kind_of_broken_entry_is_reported(change: str, expected: str) -> None:
    doc = _break(change)
    found = schema_errors(doc)
    if not found:
        found = rule_problems(doc)
    assert any(expected in line for line in found), found


def test_an_alias_shared_for_a_stated_reason_is_accepted() -> None:
    doc = copy.deepcopy(DEFAULT)
    ents = {e["id"]: e for e in doc["entities"]}
    for eid in ("vn.bo-y-te", "vn.bo-tu-phap"):
        ents[eid]["aliases"].append(
            {
                "name": "X99",
                "kind": "code",
                "source": ents[eid]["sources"][0],
                "shared_reason": "test: same code, two bodies",
            }
        )
    assert schema_errors(doc) == []
    assert rule_problems(doc) == []
