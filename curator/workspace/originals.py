"""The articles a duplicate likely copies, for the curator to name one.

Found with the ingest's own signatures (``curator.ingest.duplicates``): the
original the ingest found, the same body (``content_hash``), the same title
(folded), and a near-identical body (the MinHash sketch's Jaccard estimate at
``NEAR_THRESHOLD`` or more). Reading every body is a background thread's work:
only the documents whose bytes hold half of a dozen of the article's 3-word
shingles, as written, are parsed and sketched (a copy at that similarity shares
most of its shingles).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from curator.ingest.duplicates import NEAR_THRESHOLD, DuplicateIndex, similarity
from curator.workspace.keys import _fold

PROBES = 12  # shingles looked for in each body's bytes
# A body is parsed and sketched when it holds half of them: a copy at NEAR_THRESHOLD
# holds about that share of every shingle, boilerplate shared by all holds few.
PROBES_NEEDED = 0.5
_WORD = re.compile(r"\S+")


@dataclass
class LikelyOriginal:
    """An article the duplicate may copy, and why it is offered."""

    id: str
    title: str
    published: str
    position: int  # in the ingest order: the earlier copy is the likelier original
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0

    def label(self) -> str:
        return f"{self.id}  {self.published or '—'}  {self.title or '(no title)'}  ({', '.join(self.reasons)})"


def likely_originals(ws: Any, article_id: str, cancelled: Callable[[], bool] = lambda: False) -> list[LikelyOriginal] | None:
    """The articles ``article_id`` likely duplicates, the likeliest first (found at
    ingest, the same body, then by similarity, then the same title; earlier before
    later). None when ``cancelled`` said so."""
    rows = ws.article_rows()
    here = rows.position(article_id)
    if here is None:
        return []
    row = rows[here]
    found: dict[str, LikelyOriginal] = {}

    def offer(i: int | None, reason: str, sim: float = 0.0) -> None:
        if i is None or i == here:
            return
        other = rows[i]
        hit = found.setdefault(other.id, LikelyOriginal(other.id, other.title, other.published, i))
        if reason not in hit.reasons:
            hit.reasons.append(reason)
        hit.similarity = max(hit.similarity, sim)

    if row.duplicate_of:
        offer(rows.position(row.duplicate_of), "found at ingest")
    for i in _same_title(rows, row.title):
        offer(i, "same title")
    art = ws.store.article(article_id)
    if art is not None and art.text.strip():
        near = _near_bodies(ws.store.iter_text_documents(), article_id, art.text, art.content_hash, cancelled)
        if near is None:
            return None
        for other_id, sim in near.items():
            offer(rows.position(other_id), "same text" if sim >= 1.0 else f"{sim:.0%} same text", sim)
    rank = {"found at ingest": 0}
    return sorted(found.values(), key=lambda o: (min(rank.get(r, 1) for r in o.reasons), -o.similarity, "same title" not in o.reasons, o.position))


def _same_title(rows: Any, title: str) -> list[int]:
    """Rows whose curated title is ``title``, accents and case aside."""
    folded = " ".join(_fold(title).split())
    if not folded:
        return []
    candidates = rows.search(folded.split()).nonzero()[0].tolist()
    return [i for i in candidates if " ".join(_fold(rows[i].title).split()) == folded]


def _near_bodies(
    documents: Any, article_id: str, text: str, content_hash: str, cancelled: Callable[[], bool]
) -> dict[str, float] | None:
    """Id -> similarity of every other body the same as ``text`` (1.0) or near it."""
    index = DuplicateIndex()
    sketch = index.sketch(text)
    same_hash = f'"content_hash":"{content_hash}"'.encode() if content_hash else None
    probes = [p.encode() for p in _probes(text)] if sketch is not None else []
    needed = max(1, round(len(probes) * PROBES_NEEDED))
    out: dict[str, float] = {}
    for n, (other_id, raw) in enumerate(documents, 1):
        if n % 500 == 0 and cancelled():
            return None
        if other_id == article_id:
            continue
        if same_hash is not None and same_hash in raw:
            out[other_id] = 1.0
            continue
        if not probes:
            continue
        if sum(p in raw for p in probes) < needed:
            continue
        doc = orjson.loads(raw)
        other = index.sketch(doc.get("text") or "") if isinstance(doc, dict) else None
        if other is not None:
            sim = similarity(sketch, other)  # type: ignore[arg-type]
            if sim >= NEAR_THRESHOLD:
                out[other_id] = min(sim, 0.99)  # the same body is told by its hash
    return out


def _probes(text: str) -> list[str]:
    """A few of the text's 3-word shingles, spread over it, as they appear in a stored
    document's bytes (none with a character JSON escapes)."""
    words = list(_WORD.finditer(text))
    shingles = []
    for first, last in zip(words, words[2:]):
        piece = text[first.start() : last.end()]
        if piece.count(" ") == 2 and len(piece.split()) == 3 and '"' not in piece and "\\" not in piece:
            shingles.append(piece)
    if not shingles:
        return []
    step = max(1, len(shingles) // PROBES)
    return list(dict.fromkeys(shingles[::step][:PROBES]))
