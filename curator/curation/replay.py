"""``curator apply``: replay another database's decisions onto this one.

Decisions name entities by alias (type + surface name) and articles by their
stable ids, so they still apply when the archive was re-ingested or has grown.
What no longer applies (a name nobody mentions any more, an article that is
gone) is reported, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from curator.curation.records import check_records
from curator.models import Decision

if TYPE_CHECKING:
    from curator.workspace import Workspace


@dataclass
class ApplyReport:
    total: int = 0
    applied: int = 0
    already: int = 0
    not_applied: list[str] = field(default_factory=list)


def load_export_history(path: Path) -> list[Decision]:
    """The curator's decisions (in effect) from an export file; clear errors otherwise.

    Every entry but the resolver's is checked as ``curation.json``'s records are
    (``records.py``): a bad one is named, and nothing is applied.
    """
    from curator.importer import export_document  # (it imports this module)

    try:
        data = export_document(Path(path), Path(path).read_bytes())  # JSON or JSON Lines
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"{path}: not a JSON export ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("history"), list):
        raise ValueError(f"{path}: not a curator export (no 'history' list)")
    entries = curator_entries(data["history"])
    check_records(path, entries)
    return [d for d in (Decision.from_dict(entry) for _, entry in entries) if not d.undone]


def curator_entries(history: list[Any]) -> list[tuple[int, Any]]:
    """An export's history entries that are the curator's, numbered from 1 as in the file
    (the resolver's automatic merges are not decisions)."""
    return [
        (number, entry)
        for number, entry in enumerate(history, start=1)
        if not (isinstance(entry, dict) and entry.get("by") == "resolver")
    ]


def apply_history(ws: Workspace, decisions: list[Decision]) -> ApplyReport:
    from curator.workspace.errors import CurationError, NothingToChange

    report = ApplyReport(total=len(decisions))
    for d in decisions:
        try:
            outcome = _apply_one(ws, d)
        except NothingToChange:
            outcome = None  # already in effect here
        except CurationError as exc:
            report.not_applied.append(f"#{d.seq} {d.op}: {exc}")
            continue
        if outcome is None:
            report.already += 1
        elif isinstance(outcome, str):
            report.not_applied.append(f"#{d.seq} {d.op}: {outcome}")
        else:
            report.applied += 1
    return report


def _entity(ws: Workspace, type_: str, name: str | None) -> Any:
    if not name:
        return None
    return ws.entity_for_name(type_, name)


def _apply_one(ws: Workspace, d: Decision) -> Any:
    """Apply one decision: the new Decision, None if already in effect, or a reason string."""
    a = d.args
    t = a.get("type", "organization")
    if d.op == "merge":
        ents = []
        for name in a.get("names", []):
            e = _entity(ws, t, name)
            if e is None:
                return f"no entity named '{name}' here"
            ents.append(e)
        ids = list(dict.fromkeys(e.id for e in ents))
        if len(ids) < 2:
            return None
        return ws.merge(ids, name=a.get("canonical"), reasons=d.reasons)
    if d.op == "reject":
        ea, eb = _entity(ws, t, a.get("a")), _entity(ws, t, a.get("b"))
        if ea is None or eb is None:
            return f"'{a.get('a') if ea is None else a.get('b')}' is not mentioned here"
        if ea.id == eb.id:  # merged here (say, automatically): take b out first
            ws.split(ea.id, a["b"]) if a["b"] in ea.aliases else None
            eb = _entity(ws, t, a.get("b"))
            if eb is None or eb.id == ea.id:
                return f"'{a.get('b')}' could not be separated from '{a.get('a')}'"
        elif ws.separated(ea.id, eb.id):
            return None
        return ws.reject(ea.id, eb.id, reasons=d.reasons)
    if d.op == "split":
        e = _entity(ws, t, a.get("alias"))
        if e is None:
            return f"'{a.get('alias')}' is not mentioned here"
        if len(e.aliases) <= 1 or set(e.aliases) <= {a["alias"]}:
            return None
        alias = a["alias"] if a["alias"] in e.aliases else next(
            (f for f in e.aliases if ws.entity_for_name(t, f) and f == a["alias"]), None
        )
        if alias is None:
            return None
        return ws.split(e.id, alias, new_name=a.get("new_name"))
    if d.op == "rename":
        e = _entity(ws, t, a.get("anchor"))
        if e is None:
            return f"'{a.get('anchor')}' is not mentioned here"
        if e.name == a["name"]:
            return None
        return ws.rename(e.id, a["name"])
    if d.op in ("edit", "status"):
        if a["article_id"] not in ws.article_ids():
            return f"article {a['article_id']} is not in this database"
        view = ws.article(a["article_id"])
        if d.op == "status":
            original = a.get("duplicate_of") if a["status"] == "duplicate" else None
            if original is not None and original not in ws.article_ids():
                original = None  # the original is not here: the status alone carries over
            if view.status == a["status"] and (original is None or view.duplicate_of == original):
                return None
            return ws.set_status(a["article_id"], a["status"], duplicate_of=original)
        if view.fields[a["field"]].value == a.get("value"):
            return None
        return ws.edit_field(a["article_id"], a["field"], a.get("value"))
    if d.op == "relink":
        target = None
        if a.get("to_name"):
            e = _entity(ws, a.get("to_type") or t, a["to_name"])
            if e is None:
                return f"target '{a['to_name']}' is not mentioned here"
            target = e.id
        return ws.relink_mention(a["article_id"], int(a["start"]), int(a["end"]), target, a.get("field") or "text")
    if d.op == "accept_mention":
        return ws.accept_mention(a["article_id"], int(a["start"]), int(a["end"]), a.get("field") or "text")
    return f"unknown operation '{d.op}'"
