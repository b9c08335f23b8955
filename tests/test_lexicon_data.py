"""The word lists are data files with their sources, and the places agree with the package they come from."""

from __future__ import annotations

import json
import unicodedata
from importlib.resources import files

import pytest

from curator.data.build_places import build
from curator.extract import lexicon

DATA = files("curator") / "data"
WORD_FILES = sorted(p.name for p in (DATA / "words").iterdir() if p.name.endswith(".json"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", [*WORD_FILES, "places.json"])
def test_every_list_says_what_it_is_and_where_it_comes_from(name: str) -> None:
    path = DATA / name if name == "places.json" else DATA / "words" / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["about"].strip() and doc["source"].strip()
    for s in _strings(doc):
        assert unicodedata.normalize("NFC", s) == s, f"{name}: {s!r} is not NFC"


def test_places_agree_with_the_installed_package() -> None:
    """``python -m curator.data.build_places`` was run with the package installed now."""
    pytest.importorskip("vietnamadminunits")
    written = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    fresh = build()
    for key in ("provinces", "provinces_2025", "central_cities", "districts"):
        assert written[key] == fresh[key], f"places.json is stale: run python -m curator.data.build_places ({key})"


def test_both_periods_of_provinces_are_known() -> None:
    assert len(set(lexicon.PROVINCES)) >= 63 + 1  # the 63, and Huế of the 34 (the others keep old names)
    for old, new in (("Bà Rịa - Vũng Tàu", None), ("Hà Giang", None), ("Huế", None), ("Thừa Thiên Huế", "Huế")):
        assert old in lexicon.PROVINCES
        if new:
            assert lexicon.FORMER_PROVINCES[old] == new
    assert lexicon.DISTRICTS["Bà Rịa"] == ["Bà Rịa - Vũng Tàu"]
