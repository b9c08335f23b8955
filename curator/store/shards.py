"""Article text shards and mention shards: ``texts/NN.json`` and ``mentions/NN.json``.

An article's id picks its shard (``shard_of``: one byte of its blake2b hash, 64
shards), so opening one article reads one file of a few MB, not the archive.
Both families are TinyDB files (see ``file_format``) with one table:

``texts/NN.json``, table ``articles``
    one document per article, ``Article.to_dict()``: ``{"id", "source_file",
    "file_index", "text", "title"/"published"/"author"/"outlet": {"value",
    "raw", "confidence"}, "duplicate_of", "content_hash", ...}``.
``mentions/NN.json``, table ``mentions``
    one document per article: ``{"id", "mentions": [Mention.to_dict(), ...]}``
    (rebuildable: ``resolve`` writes them all anew).

How they are read, and what each cache keeps:

- one article: the shard's bytes are kept (``_raw``, every shard once read, about
  the size of the files) with where each document lies (``byte_layout``); only
  that document is parsed. A shard in another layout is parsed whole instead.
- bulk work (resolve, export): ``_bulk_shards`` parses one shard at a time and
  keeps none, so the archive is never in memory at once; ``iter_article_documents``
  holds one shard's bytes and parses a document at a time.
- ``_shards``: parsed shards, the ``OPEN_SHARDS`` of each family used last (all
  of them, parsed, would take gigabytes at 100,000 articles).

Every write drops both caches' entries for that shard and bumps ``_shard_writes``;
a read that began before a write ended is used once and not kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB

from curator.models import Article, Mention
from curator.store.storage import AtomicJSONStorage, Tables, encode_tables, read_tables
from curator.store.file_format import SHARD_KINDS, _check_meta, _stamp, _with_meta
from curator.store.byte_layout import _index_shard, append_documents, shard_spans_in_windows
from curator.store.errors import CorruptDatabase

SHARDS = 64
OPEN_SHARDS = 16  # per family, kept parsed in memory (see ``Store._shard``)


def shard_of(article_id: str) -> str:
    return f"{hashlib.blake2b(article_id.encode(), digest_size=1).digest()[0] % SHARDS:02x}"


def _title_value(doc: dict[str, Any]) -> Any:
    """The title an article document was ingested with (what title mentions point into)."""
    title = doc.get("title")
    return title.get("value") if isinstance(title, dict) else None


@dataclass
class _Tail:
    """What a store knows of a text shard it wrote: its ids, its last key, its stamp."""

    ids: set[str]
    count: int
    stamp: tuple[int, int] | None


class ArticleShards:
    """The store's reading and writing of the shards (part of ``Store``)."""

    def _shard(self, family: str, shard: str) -> TinyDB:
        """A shard, read on first use and kept while among the ``OPEN_SHARDS`` of its
        family used most recently (all 64 of a 100,000-article archive, parsed, take
        gigabytes)."""
        key = (family, shard)
        db = self._shards.get(key)
        if db is not None:
            with self._shard_lock:
                if self._shards.get(key) is db:  # most recently used goes last
                    del self._shards[key]
                    self._shards[key] = db
            return db
        stamp = self._shard_writes
        logical = f"{family}/{shard}.json"
        data = self._read_part(logical, SHARD_KINDS[family])
        path = self._path(logical) or self.root / logical
        db = TinyDB(
            path, storage=AtomicJSONStorage, read_only=True, preload=data if data is not None else {}, pace=self.pace
        )
        with self._shard_lock:
            if self._shard_writes == stamp:
                db = self._shards.setdefault(key, db)
                same = [k for k in self._shards if k[0] == family]
                for old in same[: max(0, len(same) - OPEN_SHARDS)]:
                    del self._shards[old]
        return db

    def articles(self) -> list[Article]:
        """All articles' full metadata, in ingest order (``text`` is empty).

        Reads every text shard: meant for bulk work (ingest, export), not the UI.
        """
        order = {art_id: i for i, art_id in enumerate(self.article_index()["id"])}
        out = []
        for doc in self._article_docs():
            art = Article.from_dict(doc)
            art.text = ""
            out.append(art)
        out.sort(key=lambda a: order.get(a.id, len(order)))
        return out

    def _article_docs(self) -> Iterator[dict[str, Any]]:
        """Every stored article document, shard by shard (none kept)."""
        for _, tables in self._bulk_shards(("texts",)):
            yield from tables["texts"].get("articles", {}).values()

    def article_text(self, article_id: str) -> str:
        art = self.article(article_id)
        return art.text if art is not None else ""

    def iter_texts(self) -> Iterator[tuple[str, str]]:
        """Every article's (id, text), shard by shard (for bulk work like resolve).

        Shards are read one at a time and not kept: the whole archive is never
        in memory at once.
        """
        for doc in self._article_docs():
            yield doc["id"], doc.get("text", "")

    def iter_titles_and_texts(self) -> Iterator[tuple[str, str | None, str]]:
        """Every article's (id, title as ingested, text), shard by shard (for resolve:
        the title's names are mentions too)."""
        for doc in self._article_docs():
            title = doc.get("title") or {}
            yield doc["id"], title.get("value") if isinstance(title, dict) else None, doc.get("text", "")

    def iter_articles_with_mentions(self) -> Iterator[tuple[Article, list[Mention]]]:
        """Every article of the index with its mentions, shard by shard, in no
        particular order (bulk work like export; shards are read one at a time and
        not kept). A document the index does not list (left by a version before
        commit records, interrupted) is not an article: stats would not count it."""
        listed = self.article_listing().positions()
        for _, doc, mentions in self.iter_article_documents():
            if doc.get("id") not in listed:
                continue
            yield Article.from_dict(doc), [Mention.from_dict(m) for m in mentions]

    def iter_article_documents(self) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        """Every stored article document with its stored mentions, as (shard, document,
        mentions), shard after shard, listed in the index or not.

        A shard in the layout curator writes is read a window at a time to find where
        its documents lie, then each document is read and parsed alone (a shard is
        never held, as bytes or parsed); another is parsed whole, which names any damage."""
        record = self._record.copy()  # the state when the walk began, to its end
        for shard in sorted(set(record.shards("texts")) | set(record.shards("mentions"))):
            with ExitStack() as files:
                texts = self._shard_documents(record, "texts", shard, "articles", files)
                mentions = self._shard_documents(record, "mentions", shard, "mentions", files)
                by_id = {doc_id: at for at, (doc_id, _) in enumerate(mentions)}  # the last of an id wins
                for doc_id, text in texts:
                    doc = text()
                    at = by_id.get(doc_id) if isinstance(doc_id, str) else None
                    yield shard, doc, mentions[at][1]().get("mentions", []) if at is not None else []

    def _shard_documents(
        self, record: Any, family: str, shard: str, table: str, files: ExitStack
    ) -> list[tuple[Any, Callable[[], dict[str, Any]]]]:
        """A shard's documents as (id, parse it), in the file's order (see
        ``iter_article_documents``); ``files``: where the open shard is kept."""
        logical = f"{family}/{shard}.json"
        if logical not in record.files:
            return []
        path = self.root / record.files[logical]
        spans = shard_spans_in_windows(path, SHARD_KINDS[family], pace=self.pace)
        try:
            fd = files.enter_context(open(path, "rb")).fileno() if spans is not None else -1
        except OSError:
            spans = None
        if spans is None:
            data = read_tables(path, self.pace)
            if data is None:
                raise self._vanished(path)
            _check_meta(path, data, SHARD_KINDS[family])
            return [(doc.get("id"), lambda doc=doc: doc) for doc in data.get(table, {}).values()]

        def parse(start: int, end: int) -> dict[str, Any]:
            try:
                doc = orjson.loads(os.pread(fd, end - start, start))
            except orjson.JSONDecodeError:
                doc = None
            if not isinstance(doc, dict):
                read_tables(path, self.pace)  # raises, naming the damage
                raise CorruptDatabase(path, "is not in the layout curator writes")
            return doc

        return [
            (raw_id.decode("utf-8", "surrogatepass"), lambda start=start, end=end: parse(start, end))
            for raw_id, start, end in spans
        ]

    def drop_read_cache(self) -> None:
        """Let go of the shards kept from single-article reads (``article``, ``mentions``)."""
        with self._shard_lock:
            self._raw.clear()
            self._shards.clear()

    def _bulk_shards(self, families: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Tables]]]:
        """Each shard name with the tables of each family, read now and not cached
        (a shard already open is taken from memory)."""
        record = self._record.copy()  # the state when the walk began, to its end
        names = sorted({shard for family in families for shard in record.shards(family)})
        for shard in names:
            tables: dict[str, Tables] = {}
            for family in families:
                logical = f"{family}/{shard}.json"
                open_db = self._shards.get((family, shard))
                if open_db is not None and record.files.get(logical) == self._record.files.get(logical):
                    data = open_db.storage.read() or {}
                elif logical in record.files:
                    path = self.root / record.files[logical]
                    found = read_tables(path, self.pace)
                    if found is None:
                        raise self._vanished(path)
                    _check_meta(path, found, SHARD_KINDS[family])
                    data = found
                else:
                    data = {}
                tables[family] = data
            yield shard, tables

    def article(self, article_id: str) -> Article | None:
        """One article in full, with its text (reads one shard)."""
        doc = self._doc("texts", "articles", article_id)
        return Article.from_dict(doc) if doc is not None else None

    def _doc(self, family: str, table: str, doc_id: str) -> dict[str, Any] | None:
        """The document of ``doc_id`` in its shard.

        Through the shard's bytes (``_raw_index``): only that document is parsed.
        A shard in another layout (written by another tool) is parsed whole and
        scanned, as every shard was before.
        """
        shard = shard_of(doc_id)
        raw = self._raw_index(family, shard)
        if raw is not None:
            data, spans = raw
            span = spans.get(doc_id)
            if span is None:
                return None
            try:
                found_doc = orjson.loads(data[span[0] : span[1]])
            except orjson.JSONDecodeError:
                found_doc = None
            if isinstance(found_doc, dict) and found_doc.get("id") == doc_id:
                return found_doc
        return next((d for d in self._rows(self._shard(family, shard), table) if d.get("id") == doc_id), None)

    def _raw_index(self, family: str, shard: str) -> tuple[memoryview, dict[str, tuple[int, int]]] | None:
        """A shard's bytes and where each document lies in them (None: read it whole).

        Kept for every shard once read, until that shard is written: bytes take
        about what the file does, parsed documents many times that.
        """
        key = (family, shard)
        with self._shard_lock:
            if key in self._raw:
                return self._raw[key]
            stamp = self._shard_writes
        path = self._path(f"{family}/{shard}.json")
        found = _index_shard(path, SHARD_KINDS[family], self.pace) if path is not None else None
        with self._shard_lock:
            if self._shard_writes == stamp:  # not rewritten meanwhile
                self._raw[key] = found
        return found

    def iter_text_documents(self) -> Iterator[tuple[str, bytes]]:
        """Every article document as (id, its JSON bytes), shard by shard, unparsed where
        the shard's layout allows (searching every body parses only the documents that
        may hold what is looked for). Uses and fills the shards' byte cache."""
        for shard in list(self._record.shards("texts")):
            raw = self._raw_index("texts", shard)
            if raw is not None:
                data, spans = raw
                for doc_id, (start, end) in spans.items():
                    yield doc_id, bytes(data[start:end])
                continue
            for doc in self._rows(self._shard("texts", shard), "articles"):
                if isinstance(doc.get("id"), str):
                    yield doc["id"], orjson.dumps(doc)

    def warm_shards(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Read every text and mention shard's bytes ahead, so opening an article reads
        no file (for a background thread: reading the files leaves the UI running)."""
        for family in ("texts", "mentions"):
            for shard in self.pace.stepwise(self._record.shards(family), 1):
                if cancelled():
                    return
                self._raw_index(family, shard)

    def _save_text_shard(self, shard: str, docs: dict[str, dict[str, Any] | None]) -> set[str]:
        """Write one text shard with ``docs`` added, replaced or (None) removed; returns
        the ids of replaced articles whose text is not what it was.

        A shard this store wrote itself, unchanged since, that only gains new
        articles is extended as bytes: the file is copied with the new documents
        before its closing braces, without parsing or encoding what it held.
        Ingest adds thousands of articles per batch to every shard, so this keeps
        a 100,000-article ingest linear. Anything else decodes and rewrites it.
        """
        path = self._path(f"texts/{shard}.json")
        tail = self._tails.get(shard)
        if (
            path is not None
            and tail is not None
            and None not in docs.values()
            and tail.ids.isdisjoint(docs)
            and tail.stamp == _stamp(path)
        ):
            grown = append_documents(path.read_bytes(), tail.count, docs.values())  # type: ignore[arg-type]
            if grown is not None:
                path = self._write_shard("texts", shard, grown)
                tail.ids.update(docs)
                tail.count += len(docs)
                tail.stamp = _stamp(path)
                return set()
        rows = self._rows(self._shard("texts", shard), "articles")
        # Mentions point into the text and into the title as ingested: either changed, they are stale.
        changed = {
            d["id"] for d in rows
            if d.get("id") in docs and docs[d["id"]] is not None
            and (docs[d["id"]].get("text") != d.get("text") or _title_value(docs[d["id"]]) != _title_value(d))  # type: ignore[arg-type]
        }
        keep = [d for d in rows if d.get("id") not in docs]
        keep.extend(d for d in docs.values() if d is not None)
        path = self._replace_shard("texts", shard, {"articles": keep})
        self._tails[shard] = _Tail({d["id"] for d in keep}, len(keep), _stamp(path))
        return changed

    def _drop_mentions(self, article_ids: set[str]) -> None:
        """Withhold the stored mentions of these articles (in the open transaction)."""
        by_shard: dict[str, set[str]] = {}
        for art_id in article_ids:
            by_shard.setdefault(shard_of(art_id), set()).add(art_id)
        for shard, ids in by_shard.items():
            if f"mentions/{shard}.json" not in self._record.files:
                continue
            rows = self._rows(self._shard("mentions", shard), "mentions")
            keep = [d for d in rows if d.get("id") not in ids]
            if len(keep) != len(rows):
                self._replace_shard("mentions", shard, {"mentions": keep})

    def _replace_shard(self, family: str, shard: str, tables: dict[str, list[dict[str, Any]]]) -> Path:
        return self._write_shard(family, shard, encode_tables(_with_meta(SHARD_KINDS[family], tables)))

    def _write_shard(self, family: str, shard: str, payload: bytes) -> Path:
        """Write a shard's new version in the open transaction; returns its path."""
        with self._shard_lock:
            self._shard_writes += 1
            db = self._shards.pop((family, shard), None)
            self._raw.pop((family, shard), None)
        path = self._write_part(f"{family}/{shard}.json", payload)
        with self._shard_lock:
            self._shard_writes += 1  # a read that began before the write ended is not kept
            stale = self._shards.pop((family, shard), None)
            self._raw.pop((family, shard), None)
        for old in (db, stale):
            if old is not None:
                old.close()
        return path

    # -- mentions and resolution (rebuildable) -------------------------------
    def mentions(self, article_id: str) -> list[Mention]:
        doc = self._doc("mentions", "mentions", article_id)
        return [Mention.from_dict(m) for m in doc.get("mentions", [])] if doc is not None else []

    def save_mentions(self, by_article: dict[str, list[Mention]]) -> None:
        """Replace every article's mentions (a full rebuild)."""
        self.save_mention_docs({art_id: [m.to_dict() for m in ms] for art_id, ms in by_article.items()})

    def save_mention_docs(self, by_article: dict[str, list[dict[str, Any]] | bytes]) -> None:
        """``save_mentions`` with each article's mentions in their stored form
        (``Mention.to_dict``), or that list already encoded as JSON."""
        with self.transaction():
            self._save_mention_docs(by_article)

    def _save_mention_docs(self, by_article: dict[str, list[dict[str, Any]] | bytes]) -> None:
        by_shard: dict[str, list[dict[str, Any]]] = {}
        for art_id in sorted(by_article):
            docs = by_article[art_id]
            stored = orjson.Fragment(docs) if isinstance(docs, bytes) else docs
            by_shard.setdefault(shard_of(art_id), []).append({"id": art_id, "mentions": stored})
        existing = set(self._record.shards("mentions"))
        for shard in existing | set(by_shard):
            self._replace_shard("mentions", shard, {"mentions": by_shard.get(shard, [])})
