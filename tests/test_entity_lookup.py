"""Naming an entity as people write it: "đồng chí Phạm Hồng Hải", "Cục H04 (Bộ Công an)".

``curator merge/reject/split/rename`` take a name with a title, an honorific, a parent body or an
abbreviation around it, say in one line how they took it, and still refuse a name that fits more
than one entity."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from curator.cli import main
from curator.models import Entity
from curator.names.lookup import LookupForm, find_named, lookup_forms
from curator.resolve.keys import name_key
from curator.workspace import Workspace
from tests.builders import build_small_db


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_small_db(tmp_path / "db")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def entity_names(db: Path, name: str) -> set[str]:
    with Workspace(db) as ws:
        return set(ws.find_entity(name).aliases)


# -- the command line ------------------------------------------------------------------
def test_merge_takes_a_person_written_with_an_honorific_and_says_so(db: Path) -> None:
    out = run(db, "merge", "đồng chí Phạm Hồng Hải", "Phạm Hải")
    assert out.exit_code == 0, out.output
    assert out.stderr.splitlines() == [
        "'đồng chí Phạm Hồng Hải' taken as 'Phạm Hồng Hải' (set aside: honorific “đồng chí”)"
    ]  # one line, and none for "Phạm Hải", found as typed
    assert out.stdout.startswith("saved #1: merge")
    assert entity_names(db, "Phạm Hải") == {"Phạm Hải", "Phạm Hồng Hải"}


def test_rename_takes_a_person_written_with_a_title(db: Path) -> None:
    out = run(db, "rename", "Bộ trưởng Phạm Hồng Hải", "Phạm Hồng Hải (Bộ trưởng)")
    assert out.exit_code == 0, out.output
    assert "taken as 'Phạm Hồng Hải' (set aside: title “Bộ trưởng”)" in out.stderr
    with Workspace(db) as ws:
        assert ws.find_entity("Phạm Hồng Hải").name == "Phạm Hồng Hải (Bộ trưởng)"


@pytest.mark.parametrize("ref", ["Cục H04 (Bộ Công an)", "Cục Viễn thông và Cơ yếu (Cục H04)", "Cục H04 - Bộ Công an"])
def test_an_organisation_is_found_without_its_parent_body_or_by_its_abbreviation(db: Path, ref: str) -> None:
    out = run(db, "reject", ref, "Cục Viễn thông")
    assert out.exit_code == 0, out.output
    assert f"'{ref}' taken as " in out.stderr
    with Workspace(db) as ws:
        assert ws.separated(ws.find_entity("Cục H04").id, ws.find_entity("Cục Viễn thông").id)


def test_a_name_and_an_abbreviation_naming_two_entities_is_refused_with_both(db: Path) -> None:
    # "Cục Viễn thông" and "Cục H04" are two entities here: which one is meant is the user's to say.
    out = run(db, "rename", "Cục Viễn thông (Cục H04)", "X")
    assert out.exit_code == 1
    assert "is ambiguous" in out.stderr and "Cục Viễn thông (organization)" in out.stderr
    assert "Cục Viễn thông và Cơ yếu (organization)" in out.stderr
    with Workspace(db) as ws:
        assert ws.history() == []


def test_a_name_typed_without_diacritics_finds_the_entity_and_says_so(db: Path) -> None:
    out = run(db, "merge", "dong chi Pham Hong Hai", "Pham Hai")
    assert out.exit_code == 0, out.output
    assert out.stderr.splitlines() == [
        "'dong chi Pham Hong Hai' taken as 'Phạm Hồng Hải' (typed without diacritics; set aside: honorific “dong chi”)",
        "'Pham Hai' taken as 'Phạm Hải' (typed without diacritics)",
    ]
    assert entity_names(db, "Phạm Hải") == {"Phạm Hải", "Phạm Hồng Hải"}


def test_a_rename_to_another_entitys_name_is_refused_and_the_name_stays_unambiguous(db: Path) -> None:
    # Issue 19: a rename to another entity's exact name was saved, and every later command
    # naming it failed as ambiguous; it is refused now, offering the merge.
    out = run(db, "rename", "Phạm Hải", "Phạm Hồng Hải")
    assert out.exit_code == 1
    assert "already the name of" in out.stderr and "curator merge" in out.stderr
    for ref in ("Phạm Hồng Hải", "ông Phạm Hồng Hải"):
        assert "ambiguous" not in run(db, "rename", ref, f"Y {ref}").stderr, ref
    with Workspace(db) as ws:
        assert len(ws.history()) == 2


REFUSED = [
    ("", "no entity named '': the name is empty"),
    ("ông", "no entity named or numbered 'ông'"),  # a title alone
    ("ông Phạm", "no entity named or numbered 'ông Phạm'"),  # an honorific and a family name
    ("[b]Bộ[/b]", "no entity named or numbered '[b]Bộ[/b]'"),
    ("đồng chí\x1b]0;PWNED\x07\x07 Nguyễn Văn Z", "no entity named or numbered 'đồng chí Nguyễn Văn Z'"),
]


def test_a_reference_naming_nothing_is_one_clean_line_and_saves_nothing(db: Path) -> None:
    for ref, shown in REFUSED:
        out = run(db, "rename", ref, "X")
        assert out.exit_code == 1, ref
        assert out.stderr == f"curator: error: {shown}\n"
        assert "Traceback" not in out.output and "\x1b" not in out.output and "\x07" not in out.output
    with Workspace(db) as ws:
        assert ws.history() == []


def test_control_characters_in_a_reference_never_reach_the_terminal(db: Path) -> None:
    # (A new name: renaming to the name it has is refused as changing nothing.)
    out = run(db, "rename", "ông\x1b]0;PWNED\x07 Phạm Hải", "Phạm Hải (nhà báo)")
    assert out.exit_code == 0, out.output
    assert out.stderr == "'ông Phạm Hải' taken as 'Phạm Hải' (set aside: honorific “ông”)\n"


# -- the core lookup ---------------------------------------------------------------------
def test_lookup_forms_give_the_name_proper_and_what_was_set_aside() -> None:
    assert lookup_forms("đồng chí Trần Duy Ninh") == (LookupForm("Trần Duy Ninh", "honorific “đồng chí”"),)
    assert lookup_forms("Thứ trưởng Nguyễn Văn A") == (LookupForm("Nguyễn Văn A", "title “Thứ trưởng”"),)
    assert lookup_forms("Cục H04 (Bộ Công an)") == (LookupForm("Cục H04", "parent body “Bộ Công an”"),)
    assert lookup_forms("Cục Viễn thông và Cơ yếu (Cục H04)") == (
        LookupForm("Cục Viễn thông và Cơ yếu", "abbreviation “Cục H04”"),
        LookupForm("Cục H04", "the name it abbreviates “Cục Viễn thông và Cơ yếu”"),
    )


@pytest.mark.parametrize("typed", ["", "   ", "ông", "Trần Duy Ninh", "Cục Viễn thông", "[b]Bộ[/b]", "\x1b]0;x\x07"])
def test_lookup_forms_are_empty_when_nothing_is_set_aside(typed: str) -> None:
    assert lookup_forms(typed) == ()


def _entity(i: int, name: str, type_: str = "person", *aliases: str) -> Entity:
    return Entity(f"e{i}", type_, name, {a: 1 for a in (name, *aliases)}, [])


def test_the_lookup_reads_every_name_once_whatever_the_forms() -> None:
    # 30,000 entities and more: each name's key is computed once, not once per analysed form.
    ents = [_entity(i, f"Nguyễn Văn {i}", "person", f"Nguyễn V. {i}") for i in range(2000)]
    ents.append(_entity(9999, "Cục Viễn thông và Cơ yếu", "organization", "Cục H04"))
    calls: list[str] = []

    def key(name: str, type_: str) -> str:
        calls.append(name)
        return name_key(name, type_)

    typed = "Cục Viễn thông và Cơ yếu (Cục H04)"
    found = find_named(typed, ents, key)
    assert [e.id for e in found.matches] == ["e9999"]
    assert found.taken_as == f"'{typed}' taken as 'Cục Viễn thông và Cơ yếu' (set aside: abbreviation “Cục H04”)"
    names = sum(len(e.aliases) for e in ents)
    assert len(calls) <= names + 1 + len(lookup_forms(typed))


def test_a_name_as_typed_wins_over_its_analysed_form() -> None:
    # An entity really named with its title is found as typed, with no note, before the bare name.
    ents = [_entity(1, "Trần Duy Ninh"), _entity(2, "Bộ trưởng Trần Duy Ninh")]
    found = find_named("Bộ trưởng Trần Duy Ninh", ents, name_key)
    assert [e.id for e in found.matches] == ["e2"] and found.taken_as == ""
