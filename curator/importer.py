"""``curator import``: restore a curated state from an export file.

The export carries everything needed: articles (text and the extractor's raw
fields), mentions, the resolver's automatic merges and the curator's history.
Importing and exporting again gives back the same export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from curator.curation.partition import node_id
from curator.curation.records import check_records
from curator.curation.replay import curator_entries
from curator.export import validate_export
from curator.models import Article, Decision, ExtractedField, Mention
from curator.resolve.pipeline import build_nodes
from curator.store import Store


class ImportProblem(ValueError):
    pass


def read_export(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(Path(path).read_bytes())
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except orjson.JSONDecodeError as exc:
        raise ImportProblem(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ImportProblem(f"{path}: not a curator export (top level is not an object)")
    if isinstance(data.get("history"), list):  # named record by record, as in curation.json
        check_records(path, curator_entries(data["history"]))
    problems = validate_export(data)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ImportProblem(f"{path}: not a valid curator export: {'; '.join(problems[:3])}{more}")
    return data


def import_export(store: Store, data: dict[str, Any], *, replace: bool = False) -> dict[str, int]:
    """Lay the export's state into ``store`` (which must be empty unless ``replace``)."""
    from curator.resolve.keys import name_key

    if not replace and (store.article_count() or store.history()):
        raise ImportProblem(f"{store.root}: the database is not empty; use --replace to overwrite it")
    stamp = data.get("exported_at")
    articles: list[Article] = []
    files: dict[str, dict[str, Any]] = {}
    mentions: dict[str, list[Mention]] = {}
    for row in data["articles"]:
        extracted = row.get("extracted", {})
        art = Article(
            id=row["id"],
            source_file=row["source_file"],
            file_index=row.get("file_index", 0),
            text=row["text"],
            duplicate_of=row.get("duplicate_of"),
            encoding=row.get("encoding", "utf-8"),
            notes=list(row.get("notes", [])),
        )
        for name in ("title", "published", "author", "outlet"):
            raw = extracted.get(name)
            setattr(art, name, ExtractedField.from_dict(raw) if raw else ExtractedField(row.get(name), None, 1.0))
        articles.append(art)
        entry = files.setdefault(
            art.source_file,
            {"source_file": art.source_file, "sha256": "", "size": 0, "article_ids": [], "ingested_at": stamp or ""},
        )
        entry["article_ids"].append(art.id)
        mentions[art.id] = [
            Mention(m["start"], m["end"], m["text"], m.get("type", "organization"), m.get("name") or m["text"], m.get("role"))
            for m in row["mentions"]
        ]
    nodes = build_nodes(mentions)
    links = []
    resolved_at = None
    for h in data["history"]:
        if h.get("op") == "auto_merge":
            t = h["args"].get("type", "organization")
            a, b = h["args"]["names"][:2]
            links.append(
                {
                    "a": node_id(t, name_key(a, t)),
                    "b": node_id(t, name_key(b, t)),
                    "outcome": "merge",
                    "score": float(h.get("score", 100.0)),
                    "reasons": list(h.get("reasons", [])),
                }
            )
            resolved_at = h.get("at") or resolved_at
    decisions = [Decision.from_dict(h) for h in data["history"] if h.get("by", "curator") == "curator"]
    store.save_articles(articles, list(files.values()), remove_ids=[a.id for a in store.articles()])
    store.save_mentions(mentions)
    store.save_resolution(
        {"aliases": [nodes[n] for n in sorted(nodes)], "links": links, "runs": [{"at": resolved_at}] if resolved_at else []}
    )
    store.replace_history(decisions)
    return {"articles": len(articles), "decisions": len(decisions), "auto_merges": len(links)}
