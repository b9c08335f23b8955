"""The domain objects that flow through curator.

files -> :class:`Article` -> :class:`Mention` -> :class:`Entity` ->
:class:`Decision` -> export. Plain dataclasses: the core stores them as JSON
dicts (``to_dict`` / ``from_dict``) and the app only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["organization", "person", "event"]
ENTITY_TYPES: tuple[str, ...] = ("organization", "person", "event")
ArticleStatus = Literal["new", "reviewed", "flagged", "duplicate"]
ARTICLE_STATUSES: tuple[str, ...] = ("new", "reviewed", "flagged", "duplicate")
EDITABLE_FIELDS: tuple[str, ...] = ("title", "published", "author", "outlet")


@dataclass(slots=True)
class ExtractedField:
    """One extracted metadata value, with the raw text it came from.

    ``confidence`` is 0..1: 1.0 for an explicit labelled value, lower for a
    guess. ``value`` is None when nothing trustworthy was found.
    """

    value: str | None = None
    raw: str | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "raw": self.raw, "confidence": round(self.confidence, 3)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ExtractedField:
        if not data:
            return cls()
        return cls(data.get("value"), data.get("raw"), float(data.get("confidence", 0.0)))


@dataclass(slots=True)
class Article:
    """One article as ingested from the archive (rebuildable from the files)."""

    id: str
    source_file: str
    file_index: int
    text: str
    title: ExtractedField = field(default_factory=ExtractedField)
    published: ExtractedField = field(default_factory=ExtractedField)
    author: ExtractedField = field(default_factory=ExtractedField)
    outlet: ExtractedField = field(default_factory=ExtractedField)
    content_hash: str = ""
    duplicate_of: str | None = None
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)
    # The folder given to ``ingest`` (its real path, shown form); ``source_file`` is
    # the path inside it. None for articles stored before folders were recorded.
    source_folder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_file": self.source_file,
            "source_folder": self.source_folder,
            "file_index": self.file_index,
            "text": self.text,
            "title": self.title.to_dict(),
            "published": self.published.to_dict(),
            "author": self.author.to_dict(),
            "outlet": self.outlet.to_dict(),
            "content_hash": self.content_hash,
            "duplicate_of": self.duplicate_of,
            "encoding": self.encoding,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            source_file=data["source_file"],
            file_index=int(data.get("file_index", 0)),
            text=data.get("text", ""),
            title=ExtractedField.from_dict(data.get("title")),
            published=ExtractedField.from_dict(data.get("published")),
            author=ExtractedField.from_dict(data.get("author")),
            outlet=ExtractedField.from_dict(data.get("outlet")),
            content_hash=data.get("content_hash", ""),
            duplicate_of=data.get("duplicate_of"),
            encoding=data.get("encoding", "utf-8"),
            notes=list(data.get("notes", [])),
            source_folder=data.get("source_folder"),
        )


def file_record_key(record: dict[str, Any]) -> str:
    """What identifies an ingested file's record: its ``source_key`` (the file's real
    location, see ``curator.ingest.sources``), or for a record written before
    locations were kept, its ``source_file``."""
    key = record.get("source_key")
    return key if isinstance(key, str) and key else record["source_file"]


@dataclass(slots=True)
class Mention:
    """A span of an article's text that names an entity.

    ``text`` is the surface form exactly as in the article; ``name`` is the
    name it stands for after in-article resolution (``"ông Ninh"`` ->
    ``"Trần Duy Ninh"``; usually equal to ``text``); ``role`` is a title or
    rank seen with a person ("Cục trưởng", "Thiếu tướng"). ``field`` is the
    text the offsets point into: ``"text"`` (the body) or ``"title"`` (the
    title as ingested).
    """

    start: int
    end: int
    text: str
    type: str
    name: str
    role: str | None = None
    field: str = "text"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "name": self.name,
            "role": self.role,
        }
        if self.field != "text":  # body mentions are stored as they always were
            data["field"] = self.field
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(
            int(data["start"]),
            int(data["end"]),
            data["text"],
            data["type"],
            data.get("name") or data["text"],
            data.get("role"),
            data.get("field") or "text",
        )


@dataclass(slots=True)
class Definition:
    """An alias defined in the text: ``"Cục Viễn thông và cơ yếu (Cục H04)"``."""

    long: str
    short: str
    type: str
    evidence: str  # the sentence fragment that defines it


@dataclass(slots=True)
class Entity:
    """A canonical entity: a cluster of aliases after resolution and curation."""

    id: str
    type: str
    name: str
    aliases: dict[str, int]  # surface form -> number of mentions
    article_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": sorted(self.aliases),
            "article_ids": sorted(self.article_ids),
        }


@dataclass(slots=True)
class MergeSuggestion:
    """Two entities the resolver thinks may be one; the curator decides."""

    a: str  # entity id
    b: str
    a_name: str
    b_name: str
    score: float  # 0..100
    reasons: list[str]
    impact: float = 0.0  # articles affected x uncertainty, for ordering


def _json_copy(value: Any) -> Any:
    """A copy of JSON-like data, as ``asdict`` copies it (scalars as they are)."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_json_copy(v) for v in value)
    return value


@dataclass(slots=True)
class Decision:
    """One curation operation as recorded in the history."""

    seq: int
    op: str
    args: dict[str, Any]
    at: str
    by: str = "curator"
    reasons: list[str] = field(default_factory=list)
    undone: bool = False
    # The seq of the newest decision when this one was undone. It can be redone only
    # while that is still the newest: a new decision ends what can be redone (see
    # ``Workspace.redo``). None when in effect, or undone by a curator that did not
    # record it (such a decision is not redone).
    undone_after: int | None = None
    # The seq of the first decision of the batch this one was made in (several made
    # at once, saved together, undone and redone together); None when made alone.
    batch: int | None = None

    def to_dict(self) -> dict[str, Any]:
        # What ``asdict`` gives (a copy all through, keys in field order), made directly:
        # a batch of 10,000 decisions is turned into records twice.
        data: dict[str, Any] = {
            "seq": self.seq, "op": self.op, "args": _json_copy(self.args), "at": self.at, "by": self.by,
            "reasons": list(self.reasons), "undone": self.undone,
        }
        if self.undone_after is not None:  # files and exports stay as they were for decisions never undone
            data["undone_after"] = self.undone_after
        if self.batch is not None:
            data["batch"] = self.batch
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        return cls(
            seq=int(data["seq"]),
            op=data["op"],
            args=dict(data.get("args", {})),
            at=data.get("at", ""),
            by=data.get("by", "curator"),
            reasons=list(data.get("reasons", [])),
            undone=bool(data.get("undone", False)),
            undone_after=data.get("undone_after"),
            batch=data.get("batch"),
        )
