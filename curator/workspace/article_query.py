"""What the article list's filter box holds, read into its parts, and how each part matches.

A query is words, phrases in double quotes and ``no:FIELD`` tokens, all of which
must hold for an article to be shown:

- words (outside quotes) match as they always did: folded (accents and case aside)
  in the title, author or outlet, or in the names of an entity the article names;
- a phrase in double quotes (``"Tô Lâm"``; typographic quotes too) matches the
  phrase as written, diacritics included, case aside and any run of spaces or
  line breaks between its words, in the curated title or in the body (in a body,
  the phrase's longest word must be written as typed, in lower, upper or
  capitalised case: "tÔ" is not looked for);
- ``no:title``, ``no:date``, ``no:outlet``, ``no:author``: the article has no value
  for that field (as curated: an edit that cleared it counts, one that set it does not).

A phrase still being typed (its closing quote missing) is a phrase already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

# The ``no:`` tokens and the field each stands for (the index's column names).
MISSING_FIELDS = {"title": "title", "date": "published", "outlet": "outlet", "author": "author"}
MISSING_HELP = "no:title, no:date, no:outlet, no:author"

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"'})
_PHRASE = re.compile(r'"([^"]*)(?:"|$)')
_MISSING = re.compile(r"(?<!\S)no:(\S*)", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleQuery:
    """A filter query in parts (see the module docstring)."""

    words: str  # the text outside quotes and tokens, spaces collapsed
    phrases: tuple[str, ...]  # NFC, spaces collapsed, never empty
    missing: tuple[str, ...]  # index columns that must be empty
    unknown: tuple[str, ...]  # ``no:`` tokens naming no field (they match nothing)

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.missing or self.unknown)


def parse_query(text: str) -> ArticleQuery:
    """Read the filter box's text into its parts."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    phrases = tuple(p for p in (" ".join(m.split()) for m in _PHRASE.findall(text)) if p)
    rest = _PHRASE.sub(" ", text)
    missing: list[str] = []
    unknown: list[str] = []
    for name in _MISSING.findall(rest):
        field = MISSING_FIELDS.get(name.lower())
        if field is None:
            unknown.append(f"no:{name}")
        elif field not in missing:
            missing.append(field)
    words = " ".join(_MISSING.sub(" ", rest).split())
    return ArticleQuery(words, phrases, tuple(missing), tuple(unknown))


@lru_cache(maxsize=256)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as a pattern: its words as written (diacritics matter), case aside,
    any whitespace between them."""
    words = unicodedata.normalize("NFC", phrase).split()
    return re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)


def phrase_probes(phrase: str) -> list[bytes]:
    """The phrase's longest word as a text may write it (as typed, lower case, upper
    case, capitalised), as UTF-8: a text that holds the phrase holds one of them, in
    all but a word written in mixed case (a cheap first test before the pattern)."""
    word = max(unicodedata.normalize("NFC", phrase).split(), key=len, default="")
    return [w.encode("utf-8") for w in dict.fromkeys((word, word.lower(), word.upper(), word.capitalize()))]


def bodies_with_phrase(
    documents: Iterable[tuple[str, bytes]],
    phrase: str,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
) -> set[str] | None:
    """Ids of the articles whose body holds ``phrase`` (see :func:`phrase_pattern`).

    ``documents``: each article's id and stored document as JSON bytes
    (``Store.iter_text_documents``). Only a document whose bytes hold the phrase's
    longest word (:func:`phrase_probes`) is parsed. None when ``cancelled`` said so; ``progress`` is told
    how many documents were read, every 500."""
    import orjson

    pattern, probes = phrase_pattern(phrase), phrase_probes(phrase)
    found: set[str] = set()
    for n, (art_id, raw) in enumerate(documents, 1):
        if n % 500 == 0:
            if cancelled():
                return None
            if progress is not None:
                progress(n)
        if not any(p in raw for p in probes):
            continue
        doc = orjson.loads(raw)
        text = doc.get("text") if isinstance(doc, dict) else None
        if isinstance(text, str) and pattern.search(text):
            found.add(art_id)
    return found


def hits_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, as (start, end) offsets into ``text``, in order.

    Folded by default: accents, đ and case aside, any run of whitespace as one space
    ("to lam" finds "Tô\\nLâm"). In double quotes, the phrase as written (see
    :func:`phrase_pattern`). Occurrences do not overlap."""
    query = unicodedata.normalize("NFC", query).translate(_QUOTES).strip()
    if query.startswith('"'):
        phrase = query.strip('"').strip()
        return [m.span() for m in phrase_pattern(phrase).finditer(text)] if phrase else []
    from curator.workspace.keys import _fold

    needle = " ".join(_fold(query).split())
    if not needle:
        return []
    folded, origin = _folded_with_origin(text)
    out: list[tuple[int, int]] = []
    at = folded.find(needle)
    while at >= 0:
        end = at + len(needle)
        out.append((origin[at], origin[end - 1] + 1))
        at = folded.find(needle, end)
    return out


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` folded a character at a time (whitespace runs as one space), and for
    each folded character the offset in ``text`` of the character it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                pieces.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        folded = _fold_char(ch)
        pieces.append(folded)
        origin.extend([i] * len(folded))
    return "".join(pieces), origin


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    from curator.workspace.keys import _fold

    return _fold(ch)
