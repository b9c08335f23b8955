"""The name analyser's vocabulary, read once from ``curator/data/words`` and the lexicon.

Everything here is a table of folded word tuples (or a pattern made from the data): the readers
(``curator.names.person``, ``curator.names.organization``) look words up, they hold no word lists.
"""

from __future__ import annotations

import re
import unicodedata

from curator.extract.lexicon import (
    CENTRAL_CITIES,
    FAMILY_NAMES,
    HEAD_ACRONYMS,
    KNOWN_ACRONYMS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_ALIASES,
    PLACE_HEADS,
    PROVINCES,
    STANDALONE_ORGS,
    load,
)
from curator.resolve.keys import fold, name_key

_PARTS = load("words/name_parts")
_WORD = re.compile(r"[\w&]+")

_HONORIFICS = frozenset(tuple(fold(h).split()) for h in _PARTS["honorifics"])
_NAMESAKE: dict[tuple[str, ...], str] = {
    tuple(fold(h).split()): kind for kind, heads in _PARTS["namesake_heads"].items() for h in heads
}
_NAMESAKE_KIND_NAMES = {
    "press": "a newspaper, magazine or broadcaster",
    "school": "a school or university",
    "hospital": "a hospital or clinic",
    "military": "a military unit",
    "association": "an association or union",
}
# Head nouns as folded word tuples, longest first (the namesake heads are heads too).
HEADS: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(fold(h).split()) for h in (*ORG_HEADS, *PLACE_HEADS)} | set(_NAMESAKE), key=len, reverse=True)
)
_PLACE_ONLY_HEADS = frozenset(tuple(fold(h).split()) for h in PLACE_HEADS) - frozenset(
    tuple(fold(h).split()) for h in ORG_HEADS
)
_HEAD_ACRONYMS = {fold(k): fold(v) for k, v in HEAD_ACRONYMS.items()}
_PARENT_HEADS = tuple(sorted({tuple(fold(h).split()) for h in _PARTS["parent_heads"]}, key=len, reverse=True))
_PARENT_MARKERS = tuple(sorted((tuple(fold(m).split()) for m in _PARTS["parent_markers"]), key=len, reverse=True))
_STANDALONE = frozenset(fold(s) for s in STANDALONE_ORGS)
_FAMILY = frozenset(fold(f) for f in FAMILY_NAMES)
_FAMILY_MARKED = frozenset(FAMILY_NAMES)
_TITLES: dict[tuple[str, ...], bool] = {}  # folded words -> title is written with marks somewhere
for _t in PERSON_TITLES:
    _TITLES[tuple(_WORD.findall(fold(_t)))] = True
_TITLE_MARKED = frozenset(tuple(_WORD.findall(unicodedata.normalize("NFC", t).lower())) for t in PERSON_TITLES) | {
    tuple(h.split()) for h in _PARTS["honorifics"]
}
_TITLE_LENGTHS = sorted({len(t) for t in (*_TITLES, *_HONORIFICS)}, reverse=True)
_CONNECT = {"va", "&"}
_PLACE_MARKERS = {
    tuple(fold(m).split()): tuple(name_key(w) for w in m.split())
    for m in ("tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã")
}
_CITY_MARKERS = {("thanh", "pho"), ("tp",)}
# A Vietnamese syllable: onset, vowels, final. In a name written in capitals a word like this is a
# word ("BỘ", "GIÁO"); one that is not ("GD", "ĐT", "UBND", "VNPT") is a code.
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
_DASHES = {"-", "–", "—"}
_COUNTRY = ("viet", "nam")
_INNER_CODE = re.compile(r"\s*\(\s*([A-ZĐ][A-ZĐ0-9&]+)\s*\)")
_KNOWN_LONG = {fold(k): name_key(v) for k, v in KNOWN_ACRONYMS.items()}
_NATIONAL_HEADS = tuple(tuple(fold(h).split()) for h in _PARTS["national_heads"])
_HEAD_ABBREVIATIONS: dict[str, str] = dict(_PARTS["head_abbreviations"])
_LOOK_ALIKE = str.maketrans(_PARTS["look_alike_letters"])
_WORD_ABBREVIATIONS: dict[str, str] = dict(_PARTS.get("word_abbreviations", {}))
_WORD_ABBREVIATION = (
    re.compile(r"(?<![\w&])(" + "|".join(re.escape(k) for k in sorted(_WORD_ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&])")
    if _WORD_ABBREVIATIONS else None
)
# Anything a name's spelled-out form is made from (see _org_parts): a look-alike letter, a code in
# brackets, a head or a word in short. A name with none of them, anywhere, has no spelled-out form.
_MAY_SPELL = re.compile(
    "|".join(
        [re.escape(c) for c in _PARTS["look_alike_letters"]]
        + [r"\("]
        + [r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in sorted({*_HEAD_ABBREVIATIONS, *_WORD_ABBREVIATIONS}, key=len, reverse=True)) + r")(?![\w&])"]
    )
)
_DIGIT = re.compile(r"\d")
_MAX_WORDS = 64  # the longest real name has under 20 words

_HEADS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _h in HEADS:
    _HEADS_BY_FIRST.setdefault(_h[0], []).append(_h)


def _province_tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], frozenset[str]]:
    """Province names by folded words (-> id) and by comparison keys (-> id); the id is the folded name."""
    by_fold: dict[tuple[str, ...], str] = {}
    by_key: dict[tuple[str, ...], str] = {}
    for p in PROVINCES:
        ws = _WORD.findall(unicodedata.normalize("NFC", p))
        pid = " ".join(fold(x) for x in ws)
        by_fold[tuple(fold(x) for x in ws)] = pid
        by_key[tuple(name_key(x) for x in ws)] = pid
    for short, p in PLACE_ALIASES.items():
        by_fold[(fold(short),)] = " ".join(fold(x) for x in _WORD.findall(p))
    return by_fold, by_key, frozenset(fold(c) for c in CENTRAL_CITIES)


_PROVINCE_BY_FOLD, _PROVINCE_BY_KEY, _CENTRAL = _province_tables()
_PROVINCE_LENGTHS = sorted({len(k) for k in _PROVINCE_BY_FOLD}, reverse=True)
