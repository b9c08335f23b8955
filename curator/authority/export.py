"""``curator authority export``: a database's authority, in the format it was imported in.

What is written: the entries imported into the database, plus the curator's own
knowledge as entries of the same kind, so that the next archive starts from it:
every entity the curator merged or renamed (decisions in effect) becomes an
entry whose aliases are the entity's names, each with its decision as source.
An entity that holds a name an imported entry lists is that entry: its new names
are added to it. With ``with_default`` the shipped default is written too.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import orjson

from curator.authority.entries import Alias, AuthorityEntry, document, merge_entries
from curator.authority.reading import CSV_COLUMNS, alias_problem
from curator.resolve.keys import name_key

_CODE = re.compile(r"^(?:[A-ZĐ0-9&]{2,}|[A-ZĐ]+\d+\w*|\w*&\w*)$")
ABOUT = "Exported by curator: the authority entries imported into an archive and the curator's own merges and renames."


def _kind(name: str) -> str:
    """How an archive's own name is classed: a code or abbreviation when its last word is one."""
    words = name.split()
    return "abbreviation" if words and _CODE.match(words[-1]) else "variant"


def curated_entries(ws: Any, imported: list[AuthorityEntry]) -> list[AuthorityEntry]:
    """The curator's merges and renames in effect, as authority entries."""
    by_key: dict[tuple[str, str], AuthorityEntry] = {}
    for e in imported:
        by_key[e.key()] = e
        for a in e.aliases:
            by_key.setdefault((e.type, name_key(a.name, e.type)), e)
    by_entity: dict[str, tuple[Any, list[Any]]] = {}
    for d in ws.history():
        if d.undone or d.op not in ("merge", "rename"):
            continue
        anchor = d.args.get("names", [None])[0] if d.op == "merge" else d.args.get("anchor")
        ent = ws.entity_for_name(d.args["type"], anchor) if anchor else None
        if ent is None:
            continue
        by_entity.setdefault(ent.id, (ent, []))[1].append(d)
    out = []
    for ent, decisions in by_entity.values():
        last = decisions[-1]
        source = f"curator:decision/{last.seq} ({last.op}, {last.at[:10]})"
        renamed = any(d.op == "rename" for d in decisions)
        known = next(
            (by_key[k] for k in [(ent.type, name_key(ent.name, ent.type))] + [(ent.type, name_key(f, ent.type)) for f in sorted(ent.aliases)] if k in by_key),
            None,
        )
        canonical = ent.name if renamed or known is None else known.canonical
        aliases = [
            Alias(form, _kind(form), source)
            for form in sorted(ent.aliases)
            if name_key(form, ent.type) != name_key(canonical, ent.type) and alias_problem(form, canonical, _kind(form)) is None
        ]
        if not aliases and not renamed:
            continue
        ident = known.id if known is not None else f"curated.{ent.id}"
        out.append(AuthorityEntry(ident, ent.type, canonical, aliases, [source]))
    return out


def authority_document(entries: list[AuthorityEntry]) -> dict[str, Any]:
    return document(entries, ABOUT)


def export_entries(ws: Any, imported: list[AuthorityEntry], with_default: bool = False) -> list[AuthorityEntry]:
    from curator.authority import default_entries

    base = list(imported)
    if with_default:
        base, _ = merge_entries(list(default_entries()), base)
    merged, _ = merge_entries(base, curated_entries(ws, base))
    return merged


def encode(entries: list[AuthorityEntry], fmt: str) -> bytes:
    """The entries as JSON (the schema's format) or CSV (one row per alias)."""
    if fmt == "json":
        return orjson.dumps(authority_document(entries), option=orjson.OPT_INDENT_2) + b"\n"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: e.id):
        if not e.aliases:
            writer.writerow([e.canonical, e.type, "", "", "", "", e.source()])
        for a in e.aliases:
            writer.writerow(
                [e.canonical, e.type, a.name, a.kind, a.from_year or "", a.until_year or "", a.source]
            )
    return buffer.getvalue().encode("utf-8")
