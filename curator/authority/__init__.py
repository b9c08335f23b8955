"""The authority file: the curator's knowledge of names as data.

A list of canonical entities with their known aliases (codes, abbreviations,
English, former and brand names), each with its source (``entries``), read
from JSON or CSV and checked against ``curator/data/authority/authority.schema.json``
(``reading``), kept in the database folder (``curator.store.authority``),
looked up in article text (``lookup``) and used by the resolver as evidence
for automatic merges (``curator.resolve.authority``).

The shipped default (``curator/data/authority/default.json``) applies to every
database unless it is turned off (``curator authority default off``); entries
imported into the database are added to it, and win over it on the same id.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from curator.authority.entries import Alias, AuthorityEntry, merge_entries

if TYPE_CHECKING:
    from curator.store.authority import StoredAuthority

__all__ = ["Alias", "AuthorityEntry", "default_entries", "effective_entries", "merge_entries"]

DEFAULT_NAME = "default.json"


@cache
def default_entries() -> tuple[AuthorityEntry, ...]:
    """The shipped default authority (empty when the package holds none)."""
    import orjson

    resource = files("curator") / "data" / "authority" / DEFAULT_NAME
    if not resource.is_file():
        return ()
    # Shipped with curator and checked against the schema by its own test
    # (tests/test_authority_data.py): read without validating it again (0.3 s).
    doc = orjson.loads(resource.read_bytes())
    return tuple(AuthorityEntry.from_dict(e) for e in doc["entities"])


def effective_entries(root: Path, stored: StoredAuthority | None = None) -> list[AuthorityEntry]:
    """The authority a resolve of the database at ``root`` uses: the shipped default
    (unless turned off) with the database's own entries added (``stored``: the database's
    authority already read, so that a large one is not read and checked twice)."""
    from curator.store.authority import read_authority

    if stored is None:
        stored = read_authority(root)
    base = list(default_entries()) if stored.use_default else []
    if not base:
        return list(stored.entries)
    merged, _ = merge_entries(base, stored.entries)
    return merged
