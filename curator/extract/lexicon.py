"""Closed vocabularies of Vietnamese news names, read once from ``curator/data``.

Vietnamese official names are a closed-ish vocabulary: a head noun ("Cục",
"Sở", "Công an tỉnh"), a body whose first word is capitalised and whose later
words often are not ("Cục An ninh chính trị nội bộ"), and sometimes a place
("tỉnh Nghệ An"). The lists live in data files, each with its source
(``curator/data/words/*.json``; provinces and districts in
``curator/data/places.json``, written from the ``vietnamadminunits``
package); this module only loads them under the names the rules use. They
are combined (head x body x place), so a body listed once works under every
head and in every province.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib.resources import files
from typing import Any

_DATA = files("curator") / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """One data file of ``curator/data`` (``"words/org_heads"``, ``"places"``), NFC throughout."""
    text = unicodedata.normalize("NFC", (_DATA / f"{name}.json").read_text(encoding="utf-8"))
    data: dict[str, Any] = json.loads(text)
    return data


_heads = load("words/org_heads")
_orgs = load("words/org_names")
_acronyms = load("words/acronyms")
_titles = load("words/person_titles")
_family = load("words/family_names")
_place_words = load("words/place_words")
_places = load("places")

# Organisation heads. "Công an" / "Bưu điện" / "Ủy ban nhân dân" are heads only
# when a place follows (see PLACE_HEADS).
ORG_HEADS: tuple[str, ...] = tuple(_heads["heads"])
PLACE_HEADS: tuple[str, ...] = tuple(_heads["place_heads"])
# "Cục trưởng", "Bộ trưởng": a head followed by these is a title, not an organisation.
TITLE_TAILS = frozenset(_heads["title_tails"])
# After a head these mean a generic body, not a name: "Ban Lãnh đạo", "Ban chỉ đạo".
GENERIC_BODIES = frozenset(_heads["generic_bodies"])
PLACE_MARKERS: tuple[str, ...] = tuple(_place_words["markers"])
# Acronyms and brands that are organisations on their own.
STANDALONE_ORGS = frozenset(_orgs["standalone"])
# Long official names the capitalisation rule cannot delimit on its own (matched anywhere).
KNOWN_ORGS: tuple[str, ...] = tuple(_orgs["known"])
# Bodies (after any head) with lower-case words or inner connectors that belong to them.
KNOWN_BODIES: tuple[str, ...] = tuple(_orgs["known_bodies"])
# Lower-case words that may continue an official name after its first compound.
NAME_LOWER = frozenset(_orgs["name_lower"])
# Lower-case words that may start a body part after "và": "Phòng Chính sách và nghiệp vụ".
AFTER_VA_LOWER = frozenset(_orgs["after_va_lower"])
# Words that end a name however they are written: verbs and function words.
STOP_WORDS = frozenset(load("words/stop_words")["words"])

# Titles, ranks and roles that introduce a person; the last one seen is kept as the role.
PERSON_TITLES: tuple[str, ...] = tuple(_titles["titles"])
# Titles that may be followed by a bare given name ("ông Ninh").
SHORT_NAME_TITLES = frozenset(_titles["short_name_titles"])
FAMILY_NAMES = frozenset(_family["names"])
# Syllables that Vietnamese names carry without any diacritic when written correctly ("Mai Anh Thanh"): a
# name made only of these may be a real unmarked name, not a marked one typed without diacritics.
PLAIN_FAMILY_NAMES = frozenset(_family["plain_family_names"])
PLAIN_NAME_SYLLABLES = frozenset(_family["plain_name_syllables"])

# The 63 provinces and cities before the 2025 merger (the 34 after it are among them), with other
# written forms ("Thừa Thiên Huế", an en dash).
PROVINCES: tuple[str, ...] = tuple(
    dict.fromkeys([*_places["provinces"], *_places["provinces_2025"], *_place_words["former_provinces"]])
)
# Other written forms of a province -> its name in PROVINCES' first part.
FORMER_PROVINCES: dict[str, str] = dict(_place_words["former_provinces"])
# Districts, towns and provincial cities by their short name ("Vinh", "Bà Rịa") -> their provinces.
DISTRICTS: dict[str, list[str]] = _places["districts"]
# Centrally-run cities: "thành phố Hà Nội" is the city itself, while "thành phố Sơn La" is the provincial
# capital, a different place from "tỉnh Sơn La".
CENTRAL_CITIES = frozenset(_places["central_cities"])
# Short forms of a province or city name (after "TP." or alone): "TP.HCM", "TPHCM".
PLACE_ALIASES: dict[str, str] = dict(_place_words["aliases"])
# Acronyms of heads: "UBND tỉnh X" = "Ủy ban nhân dân tỉnh X".
HEAD_ACRONYMS: dict[str, str] = dict(_acronyms["heads"])
# Brands that stand for a head before a place only: "VNPT Hà Nội" is "Viễn thông Hà Nội" (VNPT alone is the group).
PLACE_HEAD_BRANDS: dict[str, str] = dict(_acronyms["place_head_brands"])
# Acronyms whose expansion is not the syllable initials (or has no head noun).
KNOWN_ACRONYMS: dict[str, str] = dict(_acronyms["known"])
