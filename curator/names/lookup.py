"""Finding an entity from a name as a user types it: "đồng chí Trần Duy Ninh", "Bộ trưởng Tô Lâm",
"Cục Viễn thông và Cơ yếu (Cục H04)", "Cục H04 (Bộ Công an)".

The name analyser (``curator.names.analyse``) reads the typed name as a person and as an
organisation; what it sets aside (honorifics, titles, a parent body, an abbreviation, a qualifier)
is not part of the name, so the name proper is looked up instead, and an abbreviation written with
a name is looked up as well ("Cục H04" is the same body). Each form carries a description of what
was set aside, so that whoever shows the result can say how the typed name was taken: a lookup
through an analysed form is never silent. The command line (``Workspace.lookup_entity``) and the
app's pickers both use :func:`lookup_forms`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from curator.models import Entity
from curator.names.analyse import analyse
from curator.resolve.keys import fold, has_marks
from curator.text import clean_text, one_line

__all__ = ["EntityLookup", "LookupForm", "alternative_names", "find_named", "lookup_forms"]


@dataclass(frozen=True, slots=True)
class LookupForm:
    """A name to look up in place of the typed one, and what was set aside to get it."""

    text: str
    aside: str  # "honorific “đồng chí”", "parent body “Bộ Công an”"


@lru_cache(maxsize=256)
def lookup_forms(typed: str) -> tuple[LookupForm, ...]:
    """The names to look up when ``typed`` names nothing as written, most telling first.

    For each reading (person, organisation) that sets something aside: the name proper, then an
    abbreviation written with it. Empty when nothing is set aside (a bare name, an empty string, a
    title alone such as "ông"): the typed name is then all there is."""
    text = " ".join(clean_text(typed).split())
    forms: dict[str, str] = {}
    for type_ in ("person", "organization"):
        parts = analyse(text, type_)
        if not parts.has_aside:
            continue
        name = parts.name.text.strip()
        if name and name != text:
            forms.setdefault(name, parts.describe())
        abbreviation = parts.abbreviation.text.strip() if parts.abbreviation else ""
        if name and abbreviation and abbreviation != text:
            forms.setdefault(abbreviation, f"the name it abbreviates “{name}”")
    return tuple(LookupForm(t, aside) for t, aside in forms.items())


def alternative_names(typed: str) -> list[tuple[str, str]]:
    """:func:`lookup_forms` as (name, what was set aside) pairs, for a picker to filter by."""
    return [(form.text, form.aside) for form in lookup_forms(typed)]


@dataclass(frozen=True, slots=True)
class EntityLookup:
    """The entities a typed reference names, and how it was taken (empty when as typed)."""

    matches: list[Entity]
    taken_as: str = ""


def find_named(
    ref: str, entities: Iterable[Entity], key: Callable[[str, str], str]
) -> EntityLookup:
    """The entities ``ref`` names, by the first rule that finds any.

    1. its exact name or one of its aliases; 2. the comparison key (``key``) of the name or an
    alias; 3. the key of a form from :func:`lookup_forms`; 4. for a reference typed without any
    diacritic, the name or an alias with its diacritics taken off, as typed or as a form.
    Rules 2 and 3 are checked in one pass over the entities (each name's key computed once, whatever
    the number of forms), rule 4 in one more; ``matches`` holds every entity the winning rule found,
    so that a caller reports ambiguity rather than guess.
    """
    ents = entities if isinstance(entities, list) else list(entities)
    exact = [e for e in ents if e.name == ref or ref in e.aliases]
    if exact:
        return EntityLookup(exact)
    forms = lookup_forms(ref)
    ref_key = key(ref, "organization")
    form_keys: dict[str, int] = {}  # key -> index of the first form with it
    for i, form in enumerate(forms):
        form_keys.setdefault(key(form.text, "organization"), i)
    by_key: list[Entity] = []
    by_form: dict[str, tuple[Entity, int]] = {}  # entity id -> the entity, its most telling form
    for e in ents:
        for name in _names(e):
            k = key(name, e.type)
            if k == ref_key:
                by_key.append(e)
                break
            i = form_keys.get(k)
            if i is not None and i < by_form.get(e.id, (e, len(forms)))[1]:
                by_form[e.id] = (e, i)
    if by_key:
        return EntityLookup(by_key)
    shown = one_line(ref, 80)
    if by_form:
        found = [e for e, _ in by_form.values()]
        form = forms[next(iter(by_form.values()))[1]]
        note = f"'{shown}' taken as '{one_line(form.text, 80)}' (set aside: {one_line(form.aside, 120)})"
        return EntityLookup(found, note if len(found) == 1 else "")
    if any(c.isalpha() for c in ref) and not has_marks(ref):
        return _by_folded_names(ref, shown, forms, ents)
    return EntityLookup([])


def _names(e: Entity) -> Iterable[str]:
    return e.aliases if e.name in e.aliases else (e.name, *e.aliases)


def _by_folded_names(ref: str, shown: str, forms: tuple[LookupForm, ...], ents: list[Entity]) -> EntityLookup:
    """The entities with a name that is ``ref`` or one of its forms once diacritics are taken off
    both (``ref`` has none). Every name is folded in one call: ``fold`` is fast on a whole column."""
    wanted: dict[str, LookupForm | None] = {" ".join(fold(ref).split()): None}
    for form in forms:
        wanted.setdefault(" ".join(fold(form.text).split()), form)
    owners = [(e, name) for e in ents for name in _names(e)]
    folded = fold("\n".join(name.replace("\n", " ") for _, name in owners)).split("\n")
    found: dict[str, tuple[Entity, LookupForm | None, str]] = {}
    for (e, name), f in zip(owners, folded):
        if e.id not in found and " ".join(f.split()) in wanted:
            found[e.id] = (e, wanted[" ".join(f.split())], name)
    if not found:
        return EntityLookup([])
    _, form, name = next(iter(found.values()))
    aside = f"; set aside: {one_line(form.aside, 120)}" if form is not None else ""
    note = f"'{shown}' taken as '{one_line(name, 80)}' (typed without diacritics{aside})"
    return EntityLookup([e for e, _, _ in found.values()], note if len(found) == 1 else "")
