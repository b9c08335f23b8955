"""Authority entries: canonical entities with the aliases a source states for them.

An entry is one entity as the curator's knowledge holds it: an id, a type, the
canonical name, and aliases of a kind (abbreviation, code, English, former,
brand or variant name), each with the source that states it and, for former
names, the years it was used. The file format is described by
``curator/data/authority/authority.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from curator.resolve.keys import name_key

KINDS = ("abbreviation", "code", "english", "former", "brand", "variant")
TYPES = ("organization", "person", "event")
# Kinds written the same way wherever they appear ("H04", "EVN", "Vinaphone"):
# looked up in text with their case; the others in any case.
CASED_KINDS = frozenset({"abbreviation", "code", "brand"})


FORMAT = "curator-authority"
VERSION = 1
# Fields curator reads; any other field the schema allows (category, parent, successors,
# notes, an alias's shared_reason) is kept as it is and written back on export.
_ALIAS_FIELDS = ("name", "kind", "source", "from_year", "until_year")
_ENTRY_FIELDS = ("id", "type", "canonical", "aliases", "sources")


@dataclass(frozen=True)
class Alias:
    name: str
    kind: str
    source: str
    from_year: int | None = None
    until_year: int | None = None
    extra: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.from_year is not None:
            out["from_year"] = self.from_year
        if self.until_year is not None:
            out["until_year"] = self.until_year
        out["source"] = self.source
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alias:
        extra = tuple((k, v) for k, v in data.items() if k not in _ALIAS_FIELDS)
        return cls(data["name"], data["kind"], data["source"], data.get("from_year"), data.get("until_year"), extra)


@dataclass
class AuthorityEntry:
    id: str
    type: str
    canonical: str
    aliases: list[Alias] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "canonical": self.canonical}
        out.update(self.extra)
        out["aliases"] = [a.to_dict() for a in self.aliases]
        out["sources"] = list(self.sources)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuthorityEntry:
        return cls(
            data["id"],
            data["type"],
            data["canonical"],
            [Alias.from_dict(a) for a in data.get("aliases", [])],
            list(data.get("sources", [])),
            {k: v for k, v in data.items() if k not in _ENTRY_FIELDS},
        )

    def copy(self) -> AuthorityEntry:
        return AuthorityEntry(self.id, self.type, self.canonical, list(self.aliases), list(self.sources), dict(self.extra))

    def key(self) -> tuple[str, str]:
        """The entry as a name: its type and the comparison key of its canonical name."""
        return self.type, name_key(self.canonical, self.type)

    def source(self) -> str:
        """The source of the entry as a whole (its first), or of its first alias."""
        if self.sources:
            return self.sources[0]
        return self.aliases[0].source if self.aliases else "no source given"


@dataclass
class MergeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases_added: int = 0


def _alias_id(alias: Alias, type_: str) -> tuple[str, str]:
    return name_key(alias.name, type_), alias.kind


def document(entries: list[AuthorityEntry], description: str | None = None) -> dict[str, Any]:
    """Entries as an authority file (the schema's format), sorted by id."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if description:
        doc["description"] = description
    doc["entities"] = [e.to_dict() for e in sorted(entries, key=lambda e: e.id)]
    return doc


def merge_entries(existing: list[AuthorityEntry], incoming: list[AuthorityEntry]) -> tuple[list[AuthorityEntry], MergeReport]:
    """``incoming`` folded into ``existing`` without losing anything there.

    An incoming entry is the existing one with the same id, or else with the same
    type and canonical name (by comparison key); its aliases and sources are added
    to that entry's. A changed canonical name replaces the old one, which stays as
    a ``variant`` alias. Entries are returned sorted by id."""
    report = MergeReport()
    by_id = {e.id: e.copy() for e in existing}
    by_key = {e.key(): e for e in by_id.values()}
    for new in incoming:
        old = by_id.get(new.id) or by_key.get(new.key())
        if old is None:
            copy = new.copy()
            by_id[copy.id] = copy
            by_key[copy.key()] = copy
            report.added += 1
            report.aliases_added += len(copy.aliases)
            continue
        changed = False
        have = {_alias_id(a, old.type) for a in old.aliases}
        if name_key(new.canonical, new.type) != name_key(old.canonical, old.type) and new.type == old.type:
            kept = Alias(old.canonical, "variant", old.source())
            if _alias_id(kept, old.type) not in have and name_key(kept.name, old.type) not in {_alias_id(a, old.type)[0] for a in new.aliases}:
                old.aliases.append(kept)
                have.add(_alias_id(kept, old.type))
            old.canonical = new.canonical
            ckey = name_key(new.canonical, old.type)
            old.aliases = [a for a in old.aliases if name_key(a.name, old.type) != ckey]  # never the name itself
            have = {_alias_id(a, old.type) for a in old.aliases}
            by_key[old.key()] = old
            changed = True
        for alias in new.aliases:
            if _alias_id(alias, old.type) not in have and name_key(alias.name, old.type) != name_key(old.canonical, old.type):
                old.aliases.append(alias)
                have.add(_alias_id(alias, old.type))
                report.aliases_added += 1
                changed = True
        for source in [*new.sources, *(a.source for a in new.aliases)]:
            if source not in old.sources:
                old.sources.append(source)
                changed = True
        for k, v in new.extra.items():
            if k not in old.extra:
                old.extra[k] = v
                changed = True
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return sorted(by_id.values(), key=lambda e: e.id), report
