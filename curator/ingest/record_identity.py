"""Which stored article a record of a changed JSON Lines or CSV file is: by its own key, by
what it says, or by its place in the file, so that decisions follow the story when records move."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import orjson

from curator.ingest.parse import article_id
from curator.ingest.records import KEY_NOTE, URL_NOTE
from curator.models import Article


def record_key(art: Article) -> str | None:
    """The record's own stable key, read from its notes: its id (an ``id`` or ``guid``
    field, or the one named by ``--field id=NAME``), else its URL; None without either."""
    url = None
    for note in art.notes:
        if note.startswith(KEY_NOTE):
            return "id:" + note[len(KEY_NOTE) :]
        if url is None and note.startswith(URL_NOTE):
            url = "url:" + note[len(URL_NOTE) :]
    return url


def record_digest(art: Article) -> str:
    """What a record says, as stored: its text and fields (not its place, id or notes)."""
    parts = [art.text, *(getattr(art, name).to_dict() for name in ("title", "published", "author", "outlet"))]
    return hashlib.blake2b(orjson.dumps(parts), digest_size=16).hexdigest()


@dataclass(slots=True, frozen=True)
class StoredRecord:
    """A record of the file as the last ingest stored it."""

    id: str
    file_index: int
    digest: str
    key: str | None


def _same_story_possible(old: str | None, new: str | None) -> bool:
    """Two keys of one kind that differ are two stories; a missing key says nothing."""
    if old is None or new is None or old.split(":", 1)[0] != new.split(":", 1)[0]:
        return True
    return old == new


def follow_records(articles: list[Article], stored: Sequence[StoredRecord], id_base: str, next_index: int) -> int:
    """Give each record of a changed file (``articles``, in file order, as read) the id
    of the story it holds, so that decisions follow the story when records move.

    In this order, each stored id going to one record at most:
    1. a record with its own key (``record_key``) seen before keeps that record's id
       (a key several records share, in the file or as stored, is not used);
    2. a record whose text and fields are unchanged (``record_digest``) keeps its id,
       wherever it moved (identical records: in file order);
    3. a record changed in place keeps the id of the record stored at its place, unless
       both carry keys of one kind that differ (another story);
    4. any other record is new: it gets ``article_id(id_base, k)`` for the next ``k``
       from ``next_index`` whose id was never given in this file.
    Stored ids no record took are the records that vanished. Returns the next free
    ``k``. Linear: one pass over each list, dicts of keys, digests and places.
    """
    keys = [record_key(a) for a in articles]
    # A key several records share (a site's home page as every record's URL) names none of them.
    shared = {k for k, n in Counter(keys).items() if n > 1} | {
        k for k, n in Counter(rec.key for rec in stored).items() if n > 1
    }
    keys = [None if k in shared else k for k in keys]
    by_key: dict[str, str] = {}
    by_digest: dict[str, list[str]] = {}
    by_place: dict[int, StoredRecord] = {}
    for rec in stored:
        if rec.key is not None and rec.key not in shared:
            by_key[rec.key] = rec.id
        by_digest.setdefault(rec.digest, []).append(rec.id)
        by_place[rec.file_index] = rec
    for ids in by_digest.values():
        ids.reverse()  # popped from the end: the first stored first
    claimed: set[str] = set()
    given: list[str | None] = [None] * len(articles)
    for i, key in enumerate(keys):
        art_id = by_key.get(key) if key is not None else None
        if art_id is not None and art_id not in claimed:
            given[i] = art_id
            claimed.add(art_id)
    for i, art in enumerate(articles):
        if given[i] is None:
            ids = by_digest.get(record_digest(art))
            while ids:
                art_id = ids.pop()
                if art_id not in claimed:
                    given[i] = art_id
                    claimed.add(art_id)
                    break
    for i, art in enumerate(articles):
        rec = by_place.get(art.file_index)
        if given[i] is None and rec is not None and rec.id not in claimed and _same_story_possible(
            None if rec.key in shared else rec.key, keys[i]
        ):
            given[i] = rec.id
            claimed.add(rec.id)
    used = claimed | {rec.id for rec in stored}
    k = next_index
    for i, art in enumerate(articles):
        if given[i] is None:
            while article_id(id_base, k) in used:
                k += 1
            given[i] = article_id(id_base, k)
            used.add(given[i])
            k += 1
        art.id = cast(str, given[i])
    return k


def next_free_index(id_base: str, ids: Sequence[str], places: Sequence[int]) -> int:
    """The next free index of a file whose record does not say it (stored before it was
    kept, or imported from an export): past every place and every index found among
    ``ids`` (new ids are then also checked against the ids present)."""
    present = set(ids)
    n = max([len(ids), *(p + 1 for p in places)])
    found = [k for k in range(n + len(ids)) if article_id(id_base, k) in present]
    return max(n, found[-1] + 1) if found else n
