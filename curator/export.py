"""``curator export``: the curated archive as deterministic JSON.

Two exports of the same state are byte-identical: keys are sorted, lists have
a fixed order, and ``exported_at`` is the time of the latest change included
(the last decision, resolve run or ingest), not the wall clock.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from curator import __version__
from curator.models import EDITABLE_FIELDS
from curator.export_target import export_target, write_export

if TYPE_CHECKING:
    from curator.workspace import ArticleView, Workspace

EXPORT_SCHEMA_VERSION = 1


@lru_cache(maxsize=1)
def export_schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package (curator/schema/export.schema.json)."""
    text = resources.files("curator").joinpath("schema/export.schema.json").read_text("utf-8")
    return json.loads(text)


_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2


def article_doc(view: ArticleView) -> dict[str, Any]:
    """One article as exported: the curated fields, the extractor's raw values, the mentions."""
    art, fields = view.article, view.fields
    return {
        "id": art.id,
        "source_file": art.source_file,
        "source_folder": art.source_folder,
        "file_index": art.file_index,
        "title": fields["title"].value,
        "published": fields["published"].value,
        "author": fields["author"].value,
        "outlet": fields["outlet"].value,
        "status": view.status,
        "duplicate_of": view.duplicate_of,
        "text": art.text,
        "encoding": art.encoding,
        "notes": list(art.notes),
        "extracted": {
            name: {
                "value": getattr(art, name).value,
                "raw": getattr(art, name).raw,
                "confidence": round(getattr(art, name).confidence, 3),
                "edited": fields[name].edited,
            }
            for name in EDITABLE_FIELDS
        },
        "mentions": [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "name": m.name,
                "type": m.type,
                "role": m.role,
                "entity_id": m.entity_id,
                "accepted": m.accepted,
                "field": m.field,
            }
            for m in view.mentions
        ],
    }


def _rest(ws: Workspace) -> dict[str, Any]:
    """Everything but the articles: entities, history and the header fields."""
    entities = sorted((e.to_dict() for e in ws.entities()), key=lambda e: (e["type"], e["name"], e["id"]))
    history: list[dict[str, Any]] = []
    resolved_at = ws.resolved_at
    for merge in ws.resolver_merges():
        history.append(
            {
                "seq": None,
                "op": "auto_merge",
                "by": "resolver",
                "at": resolved_at,
                "args": {"type": merge["type"], "names": [merge["a"], merge["b"]]},
                "reasons": merge["reasons"],
                "score": merge["score"],
                "in_effect": merge["in_effect"],
            }
        )
    decisions = ws.history()
    for d in decisions:
        history.append(d.to_dict())
    stamps = [d.at for d in decisions if d.at] + [s for s in [resolved_at] if s]
    stamps += [f.get("ingested_at", "") for f in ws.store.files().values() if f.get("ingested_at")]
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": max(stamps) if stamps else None,
        "generator": f"curator {__version__}",
        "entities": entities,
        "history": history,
    }


def iter_export(ws: Workspace, progress: Callable[[int, int, str], None] | None = None) -> Iterator[bytes]:
    """The export document, piece by piece, never the whole archive in memory.

    The bytes are exactly ``orjson.dumps(document, OPT_SORT_KEYS | OPT_INDENT_2)``
    plus a newline. "articles" sorts first, so it is written first; each
    article is dumped on its own and indented to its depth (JSON strings hold
    no raw line breaks, so indenting every line is safe). Articles are read
    shard by shard and spilled to a temporary file, then copied out in export
    order: memory holds one shard and an offset per article.
    """
    total = len(ws.article_ids())
    with tempfile.TemporaryFile(prefix="curator-export-") as spill:
        places: list[tuple[tuple[str, str, int, str], int, int]] = []
        offset = 0
        for count, view in enumerate(ws.iter_export_articles(), start=1):
            body = orjson.dumps(article_doc(view), option=_OPTIONS).replace(b"\n", b"\n    ")
            spill.write(body)
            art = view.article  # the file's order: by folder, source file, then place in the file
            places.append(((art.source_folder or "", art.source_file, art.file_index, art.id), offset, len(body)))
            offset += len(body)
            if progress and count % 500 == 0:
                progress(count, total, "exporting articles")
        spill.flush()
        places.sort()
        fd = spill.fileno()
        yield b'{\n  "articles": ['
        for i, (_, at, size) in enumerate(places):
            yield (b"\n    " if i == 0 else b",\n    ") + os.pread(fd, size, at)
        yield b"\n  ]," if places else b"],"
    rest = orjson.dumps(_rest(ws), option=_OPTIONS)
    yield rest[1:] + b"\n"  # without its opening brace: the keys continue the top-level object


def export_workspace(
    ws: Workspace, path: Path | str | None = None, progress: Callable[[int, int, str], None] | None = None
) -> bytes | None:
    """Write the export to ``path``, or return the bytes when ``path`` is None.

    The path is checked before any work (see ``export_target``): never inside the
    database folder, never a missing folder; a file is replaced atomically, a
    device, pipe or ``-`` (standard output) is streamed to.
    """
    if path is None:
        return b"".join(iter_export(ws, progress))
    target = export_target(path, ws.root)
    write_export(target, iter_export(ws, progress))
    return None


def validate_export(data: dict[str, Any]) -> list[str]:
    """Schema problems in an export (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(export_schema())
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(top)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
