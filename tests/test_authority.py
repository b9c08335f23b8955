"""The authority file: what a curator who imports one sees, and what it must refuse.

Reading (CSV and JSON, checked against the schema), hostile files, merging an
import into what the database holds, finding names in text, and the resolver's
evidence: a name the file lists is merged with its entity, with the source as
the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.authority.entries import Alias, AuthorityEntry, merge_entries
from curator.authority.lookup import AuthorityLookup, add_authority_mentions
from curator.authority.reading import MAX_FILE_BYTES, AuthorityFileError, read_authority_file
from curator.models import Mention
from curator.resolve.authority import authority_links
from curator.store.authority import AUTHORITY_FILE, StoredAuthority, read_authority, write_authority
from curator.store.errors import CorruptDatabase
from curator.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
HEADER = "canonical,type,alias,kind,from_year,until_year,source\n"
MOH = "https://moh.gov.vn/"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def entry(id_: str, canonical: str, *aliases: tuple[str, str], source: str = MOH) -> AuthorityEntry:
    return AuthorityEntry(id_, "organization", canonical, [Alias(n, k, source) for n, k in aliases], [source])


# -- reading ---------------------------------------------------------------------------
def test_a_csv_file_gives_one_entry_per_canonical_name_with_its_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.csv",
        HEADER
        + f"Bộ Y tế,organization,Ministry of Health,english,,,{MOH}\n"
        + f"Bộ Y tế,organization,BYT,abbreviation,,,{MOH}\n"
        + "Bộ Văn hóa, Thể thao và Du lịch,organization,Bộ Văn hóa - Thông tin,former,1992,2007,https://bvhttdl.gov.vn/\n".replace(
            "Bộ Văn hóa, Thể thao và Du lịch", '"Bộ Văn hóa, Thể thao và Du lịch"'
        ),
    )
    result = read_authority_file(path)
    by_name = {e.canonical: e for e in result.entries}
    assert [(a.name, a.kind) for a in by_name["Bộ Y tế"].aliases] == [("Ministry of Health", "english"), ("BYT", "abbreviation")]
    former = by_name["Bộ Văn hóa, Thể thao và Du lịch"].aliases[0]
    assert (former.name, former.from_year, former.until_year) == ("Bộ Văn hóa - Thông tin", 1992, 2007)
    assert result.ignored == []


def test_a_json_file_is_checked_against_the_schema_and_errors_name_the_entry_and_alias(tmp_path: Path) -> None:
    doc = {"format": "curator-authority", "version": 1, "entities": [
        {"id": "moh", "type": "organization", "canonical": "Bộ Y tế", "aliases": [{"name": "MOH", "kind": "abbreviation", "source": MOH}], "sources": [MOH]},
        {"id": "mof", "type": "organization", "canonical": "Bộ Tài chính", "aliases": [{"name": "MOF", "kind": "acronym", "source": MOH}], "sources": [MOH]},
    ]}
    path = write(tmp_path, "a.json", json.dumps(doc, ensure_ascii=False))
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(path)
    message = str(err.value)
    assert str(path) in message and "entry 2 (id 'mof'), alias 1" in message and "acronym" in message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("name,alias\nBộ Y tế,BYT\n", "line 1: the columns must be canonical,type,alias,kind,from_year,until_year,source"),
        (HEADER + f"Bộ Y tế,organization,BYT,acronym,,,{MOH}\n", "line 2: kind 'acronym' is not one of"),
        (HEADER + f"Bộ Y tế,ministry,BYT,abbreviation,,,{MOH}\n", "line 2: type 'ministry' is not one of"),
        (HEADER + f"Bộ Y tế,organization,Bộ Y tế cũ,former,19x0,,{MOH}\n", "line 2: from_year '19x0' is not a year"),
        (HEADER + f"Bộ Y tế,organization,Bộ Y tế cũ,former,2007,1992,{MOH}\n", "from_year 2007 is after until_year 1992"),
        (HEADER + f"Bộ Y tế,organization,B\x1b]0;PWNED\x07YT,abbreviation,,,{MOH}\n", "line 2: alias holds control characters"),
        (HEADER + "Bộ Y tế,organization,BYT,abbreviation,,\n", "line 2: 6 fields, the header has 7"),
        (HEADER + "Bộ Y tế,organization,BYT,abbreviation,,,\n", "line 2: an alias needs a kind and a source"),
        (HEADER, "holds no entries"),
        (HEADER + "Bộ Y tế,organization,BYT,abbreviation,,,my notes\n", "line 2: source: 'my notes' is not valid"),
        ("", "is empty"),
    ],
)
def test_a_bad_csv_is_refused_naming_the_file_line_and_problem(tmp_path: Path, text: str, said: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(path)
    assert str(err.value).startswith(str(path)) and said in str(err.value)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b'{"entities": [', "is not valid JSON"),
        (b'[{"id": "x", "type": "organization", "canonical": "A B", "sources": ["https://a.vn/"]}]', "entry 1 (id 'x'): 'aliases' is a required property"),
        (b'{"entities": []}', "'format' is a required property"),
        (
            b'[{"id": "x", "type": "organization", "canonical": "A B", "aliases": [], "sources": ["https://a.vn/"]},'
            b' {"id": "x", "type": "organization", "canonical": "C D", "aliases": [], "sources": ["https://a.vn/"]}]',
            "entry 2 (id 'x'): the id is also entry 1's",
        ),
        (
            b'[{"id": "x", "type": "organization", "canonical": "A B", "sources": ["https://a.vn/"],'
            b' "aliases": [{"name": "AB", "kind": "code", "source": "my notes"}]}]',
            "entry 1 (id 'x'), alias 1, source: 'my notes' is not valid",
        ),
    ],
)
def test_a_bad_json_file_is_refused_with_one_clear_line(tmp_path: Path, raw: bytes, said: str) -> None:
    path = write(tmp_path, "bad.json", raw)
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(path)
    assert said in str(err.value)


def test_aliases_that_would_be_found_everywhere_are_left_out_with_a_line_each(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.csv",
        HEADER
        + f"Bộ Y tế,organization,,,,,{MOH}\n"  # the entity alone: no alias, no line
        + f"Bộ Y tế,organization,Bộ,variant,,,{MOH}\n"
        + f"Bộ Y tế,organization,B,abbreviation,,,{MOH}\n"
        + f"Bộ Y tế,organization,  ,abbreviation,,,{MOH}\n"
        + f"Bộ Y tế,organization,Hà Nội,variant,,,{MOH}\n"
        + f"Bộ Y tế,organization,BYT,abbreviation,,,{MOH}\n"
        + f"Bộ Công an,organization,Công an,variant,,,{MOH}\n"  # generic without its place
        + f"Tập đoàn Công nghiệp - Viễn thông Quân đội,organization,Viettel,brand,,,{MOH}\n",  # a brand: a name
    )
    result = read_authority_file(path)
    assert [[a.name for a in e.aliases] for e in result.entries] == [["BYT"], [], ["Viettel"]]
    assert [line.split(": it ")[0] for line in result.ignored] == [
        f"{path} line 3: alias 'Bộ' left out",
        f"{path} line 4: alias 'B' left out",
        f"{path} line 5: alias '' left out",
        f"{path} line 6: alias 'Hà Nội' left out",
        f"{path} line 8: alias 'Công an' left out",
    ]


@pytest.mark.parametrize(
    ("alias", "kind"),
    [("The", "english"), ("Health", "english"), ("Việt Nam", "variant"), ("Vietnam", "english"),
     ("Nhà nước", "brand"), ("Trung ương", "abbreviation"), ("of", "english"), ("MOST", "english")],
)
def test_the_country_and_everyday_words_are_never_an_alias(tmp_path: Path, alias: str, kind: str) -> None:
    # Found by eyes17: these were imported, then found in every article ("The" at the start of an
    # English sentence, "Việt Nam" everywhere) and merged into the entry.
    path = write(tmp_path, "a.csv", HEADER + f"Cục Thử nghiệm,organization,{alias},{kind},,,{MOH}\n"
                 + f"Cục Thử nghiệm,organization,Department of Testing,english,,,{MOH}\n")
    result = read_authority_file(path)
    assert [a.name for a in result.entries[0].aliases] == ["Department of Testing"]
    assert len(result.ignored) == 1 and f"alias {alias!r} left out" in result.ignored[0]
    found = AuthorityLookup(result.entries).find(f"{alias} said on Monday. Most said so. Việt Nam và Nhà nước. The Department of Testing.")
    assert [m.text for m in found] == ["Department of Testing"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(path)
    assert "the most an authority file may be" in str(err.value)


def test_a_device_is_refused_not_read_forever() -> None:
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(Path("/dev/zero"))
    assert str(err.value) == "/dev/zero: is not a regular file (a device or a pipe); give a file"


def test_every_problem_is_listed_up_to_twenty(tmp_path: Path) -> None:
    rows = "".join(f"Cơ quan {i},organization,CQ{i},bogus,,,{MOH}\n" for i in range(30))
    path = write(tmp_path, "many.csv", HEADER + rows)
    with pytest.raises(AuthorityFileError) as err:
        read_authority_file(path)
    text = str(err.value)
    assert "30 problems, nothing imported" in text and "... and 10 more" in text and "line 21:" in text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_a_csv_gives_entries_or_a_clear_error_never_a_crash(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(HEADER + text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else None
        if not path.exists():
            return
        try:
            result = read_authority_file(path)
        except AuthorityFileError as exc:
            assert str(exc).startswith(str(path))
            return
        for e in result.entries:
            for a in e.aliases:
                assert len(a.name.strip()) >= 2


# -- keeping it in the database ------------------------------------------------------------
def test_an_import_adds_to_what_is_there_and_loses_nothing() -> None:
    old = [entry("moh", "Bộ Y tế", ("BYT", "abbreviation")), entry("mof", "Bộ Tài chính", ("MOF", "abbreviation"))]
    new = [
        entry("org.bo-y-te", "Bộ Y tế", ("Ministry of Health", "english")),  # another id, same name
        entry("mof", "Bộ Tài chính Việt Nam", ("Ministry of Finance", "english")),  # same id, a new canonical name
        entry("evn", "Tập đoàn Điện lực Việt Nam", ("EVN", "abbreviation")),
    ]
    merged, report = merge_entries(old, new)
    by_id = {e.id: e for e in merged}
    assert sorted(by_id) == ["evn", "mof", "moh"]
    assert [a.name for a in by_id["moh"].aliases] == ["BYT", "Ministry of Health"]
    assert by_id["mof"].canonical == "Bộ Tài chính Việt Nam" and "Bộ Tài chính" in [a.name for a in by_id["mof"].aliases]
    assert {a.name for a in by_id["mof"].aliases} == {"MOF", "Bộ Tài chính", "Ministry of Finance"}
    assert (report.added, report.updated, report.unchanged) == (1, 2, 0)
    again, report = merge_entries(merged, new)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in merged] and report.unchanged == 3


def test_the_stored_authority_survives_a_reopen_and_a_damaged_file_is_named(tmp_path: Path) -> None:
    stored = StoredAuthority([entry("moh", "Bộ Y tế", ("BYT", "abbreviation"))], use_default=False)
    write_authority(tmp_path, stored)
    back = read_authority(tmp_path)
    assert back.use_default is False and [e.to_dict() for e in back.entries] == [e.to_dict() for e in stored.entries]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    (tmp_path / AUTHORITY_FILE).write_bytes(b'{"kind": "curator.authority", "format": 1, "entities": [')
    with pytest.raises(CorruptDatabase) as err:
        read_authority(tmp_path)
    assert AUTHORITY_FILE in str(err.value) and "import your authority file again" in str(err.value)


# -- finding names in text ---------------------------------------------------------------------
LOOKUP = AuthorityLookup([
    entry("moh", "Bộ Y tế", ("Ministry of Health", "english"), ("BYT", "abbreviation")),
    entry("h04", "Cục Viễn thông và Cơ yếu", ("H04", "code")),
])


def found(text: str, taken: list[Mention] = []) -> list[str]:  # noqa: B006 - read only
    return [m.text for m in LOOKUP.find(text, taken)]


def test_an_english_name_and_a_code_are_found_as_whole_words() -> None:
    text = "The Ministry of Health and unit H04 met. H045 and AH04 and H04x are other codes."
    assert found(text) == ["Ministry of Health", "H04"]
    m = LOOKUP.find(text)[0]
    assert (text[m.start : m.end], m.type) == ("Ministry of Health", "organization")


def test_a_code_after_its_head_noun_is_found_with_it() -> None:
    text = "ông A, Phó Cục trưởng Cục H04, và Bộ BYT"
    assert found(text) == ["Cục H04", "Bộ BYT"]
    assert found("Cục H04", [Mention(0, 3, "Cục", "organization", "Cục")]) == ["H04"]


def test_vietnamese_names_are_left_to_the_extractor_not_looked_up_as_text() -> None:
    # "Chính phủ điện tử" is e-government, not the Government: a common-noun name found as
    # text would be wrong there. The extractor finds names by their head noun instead.
    lookup = AuthorityLookup([entry("gov", "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam", ("Chính phủ", "variant"), ("Bộ cũ", "former"))])
    assert lookup.find("phát triển Chính phủ điện tử và Bộ cũ") == []


def test_codes_keep_their_case_and_names_start_with_a_capital() -> None:
    assert found("byt h04 and the ministry of health") == []
    assert found("THE MINISTRY OF HEALTH said; Byt; BYT") == ["MINISTRY OF HEALTH", "BYT"]


def test_an_abbreviation_that_is_an_english_word_is_not_found_in_a_headline_in_capitals() -> None:
    lookup = AuthorityLookup([entry("most", "Bộ Khoa học và Công nghệ", ("MOST", "abbreviation"))])
    assert [m.text for m in lookup.find("THE MOST IMPORTANT NEWS OF THE WEEK")] == []
    assert [m.text for m in lookup.find("Đại diện MOST cho biết; MOST, Bộ Y tế")] == ["MOST", "MOST"]


def test_no_hit_inside_a_mention_already_found_nor_across_a_line_break() -> None:
    text = "Cục H04 làm việc. Ministry of\nHealth."
    assert found(text, [Mention(0, 7, "Cục H04", "organization", "Cục H04")]) == []
    merged = add_authority_mentions("Bộ Y tế và H04", [Mention(0, 7, "Bộ Y tế", "organization", "Bộ Y tế")], LOOKUP)
    assert [(m.start, m.text) for m in merged] == [(0, "Bộ Y tế"), (11, "H04")]


class CountingDict(dict):
    steps = 0

    def get(self, key, default=None):  # type: ignore[override]
        CountingDict.steps += 1
        return super().get(key, default)


def _counting(trie: dict) -> CountingDict:
    return CountingDict({k: (_counting(v) if isinstance(v, dict) else v) for k, v in trie.items()})


def test_the_lookup_work_grows_linearly_with_the_text_even_on_near_misses() -> None:
    # Names of 20 words that all start alike: a text of those words repeated makes every
    # position walk deep into the trie. The work must still be bounded per word.
    words = [f"Xa{i}" for i in range(20)]
    lookup = AuthorityLookup([entry(f"e{k}", " ".join(["Xa0"] * 19 + [f"End{k}"])) for k in range(500)] + [entry("w", " ".join(words))])
    lookup.folded = _counting(lookup.folded)
    lookup.cased = _counting(lookup.cased)

    def steps(n: int) -> int:
        CountingDict.steps = 0
        lookup.find(" ".join(["Xa0"] * n))
        return CountingDict.steps

    small, large = steps(5000), steps(10000)
    assert large <= 2.1 * small


# -- evidence for the resolver ------------------------------------------------------------------
def test_names_the_file_lists_for_one_entity_are_merged_with_its_source_as_reason() -> None:
    from curator.resolve.keys import name_key

    nodes = [f"organization:{name_key(n)}" for n in ("Bộ Y tế", "Ministry of Health", "BYT", "Cục H04")]
    suggested = [{"a": min(nodes[0], nodes[2]), "b": max(nodes[0], nodes[2]), "outcome": "suggest", "score": 60.0, "reasons": ["acronym fits several names"]}]
    links, names = authority_links(nodes, suggested, [entry("moh", "Bộ Y tế", ("Ministry of Health", "english"), ("BYT", "abbreviation"))])
    merged = {(l["a"], l["b"]): l for l in links}
    assert len(links) == 2 and all(l["outcome"] == "merge" for l in links)
    assert all(l["reasons"] == [f"listed in the authority file ({MOH})"] for l in links)
    assert names == {nodes[0]: "Bộ Y tế", nodes[1]: "Bộ Y tế", nodes[2]: "Bộ Y tế"}
    assert not any(nodes[3] in pair for pair in merged)


def test_a_former_name_with_its_years_stays_linked_to_its_body() -> None:
    from curator.resolve.keys import name_key

    culture = AuthorityEntry(
        "vhttdl", "organization", "Bộ Văn hóa, Thể thao và Du lịch",
        [Alias("Bộ Văn hóa - Thông tin", "former", MOH, 1990, 2007)], [MOH],
    )
    nodes = [f"organization:{name_key(n)}" for n in ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa - Thông tin")]
    links, names = authority_links(nodes, [], [culture])
    assert [(l["outcome"], l["reasons"]) for l in links] == [("merge", [f"listed in the authority file ({MOH})"])]
    assert set(names.values()) == {"Bộ Văn hóa, Thể thao và Du lịch"}


def test_a_name_listed_under_two_entries_links_nothing() -> None:
    from curator.resolve.keys import name_key

    # A code reused over the years (invented names): which body an article means is unknown.
    nodes = [f"organization:{name_key(n)}" for n in ("X99", "Cục Thứ nhất", "Cục Thứ hai")]
    entries = [entry("x", "Cục Thứ nhất", ("X99", "code")), entry("y", "Cục Thứ hai", ("X99", "code"))]
    links, _ = authority_links(nodes, [], entries)
    assert links == []


def test_the_shipped_default_passes_the_import_rules_whole() -> None:
    # The default is read without being checked again at every resolve: it must pass the
    # checks an imported file passes, with no alias left out.
    from importlib.resources import files

    from curator.authority import default_entries

    path = Path(str(files("curator") / "data" / "authority" / "default.json"))
    result = read_authority_file(path)
    assert result.ignored == []
    assert [e.to_dict() for e in result.entries] == [e.to_dict() for e in default_entries()]


def test_a_full_disk_leaves_the_stored_authority_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from curator.store.errors import SaveFailed

    first = StoredAuthority([entry("moh", "Bộ Y tế", ("BYT", "abbreviation"))])
    write_authority(tmp_path, first)
    before = (tmp_path / AUTHORITY_FILE).read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(SaveFailed) as err:
        write_authority(tmp_path, StoredAuthority([*first.entries, entry("mof", "Bộ Tài chính", ("MOF", "abbreviation"))]))
    assert "No space left on device" in str(err.value)
    monkeypatch.undo()
    assert (tmp_path / AUTHORITY_FILE).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_authority_list_reads_and_checks_the_stored_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by eyes17: with 200,000 aliases (the most import takes) 'authority list' took 17.7 s, half of
    # it reading and checking authority.json a second time.
    from click.testing import CliRunner

    import curator.store.authority as store_authority
    from curator.cli import main

    db = tmp_path / "db"
    with Workspace(db, write=True):
        pass
    write_authority(db, StoredAuthority([AuthorityEntry("org.x", "organization", "Cục X", [Alias("X01", "code", MOH)], [MOH])]))
    calls = []
    real = store_authority.read_authority
    monkeypatch.setattr(store_authority, "read_authority", lambda root: calls.append(root) or real(root))
    out = CliRunner().invoke(main, ["--db", str(db), "authority", "list"])
    assert out.exit_code == 0, out.output
    assert "org.x  Cục X (organization): X01" in out.output
    assert len(calls) == 1


@pytest.mark.parametrize(("name", "sep"), [("semi.csv", ";"), ("tabs.tsv", "\t"), ("tabs.csv", "\t")])
def test_a_spreadsheets_csv_with_semicolons_or_tabs_is_read(tmp_path: Path, name: str, sep: str) -> None:
    # Found by eyes17: a spreadsheet on a Vietnamese system saves CSV with ';' (the comma is the decimal
    # mark); such a file was refused as having none of the columns.
    row = ["Bộ Y tế", "organization", "Ministry of Health", "english", "", "", MOH]
    header = "canonical,type,alias,kind,from_year,until_year,source".split(",")
    path = tmp_path / name
    path.write_bytes(("\ufeff" + sep.join(h.title() for h in header) + "\r\n" + sep.join(row) + "\r\n").encode())
    result = read_authority_file(path)
    assert [(e.canonical, [a.name for a in e.aliases]) for e in result.entries] == [("Bộ Y tế", ["Ministry of Health"])]


def big_authority(n: int) -> StoredAuthority:
    return StoredAuthority([
        AuthorityEntry(f"org.dn{i}", "organization", f"Công ty TNHH Số {i}",
                       [Alias(f"Công ty Cũ Số {i} Đợt {k}", "former", MOH) for k in range(10)], [MOH])
        for i in range(n)
    ])


def count_schema_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import curator.authority.reading as reading

    calls: list[int] = []
    real = reading._schema_errors
    monkeypatch.setattr(reading, "_schema_errors", lambda doc: calls.append(1) or real(doc))
    return calls


def test_an_authority_file_curator_wrote_is_not_checked_again_at_every_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by fix17: with 199,000 aliases, resolving 5 articles took 13 s, authority.json checked again
    # against the schema (and every alias against the common words) at every read.
    import curator.store.authority as store_authority

    stored = big_authority(2000)
    stored.entries.sort(key=lambda e: e.id)  # as written
    write_authority(tmp_path, stored)
    store_authority._READ.clear()  # as a new process would
    calls = count_schema_checks(monkeypatch)
    back = read_authority(tmp_path)
    assert calls == []
    assert [e.to_dict() for e in back.entries] == [e.to_dict() for e in stored.entries]
    back.entries[0].aliases.append(Alias("Công ty Mới", "variant", MOH))  # the caller's copy
    assert [e.to_dict() for e in read_authority(tmp_path).entries] == [e.to_dict() for e in stored.entries]
    assert calls == []


def test_a_hand_edited_authority_file_is_checked_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_authority(tmp_path, big_authority(3))
    read_authority(tmp_path)
    path = tmp_path / AUTHORITY_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["entities"][1]["aliases"].append({"name": "Công ty Sửa Tay", "kind": "variant", "source": MOH})
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    calls = count_schema_checks(monkeypatch)
    assert "Công ty Sửa Tay" in [a.name for a in read_authority(tmp_path).entries[1].aliases]
    assert calls == [1]  # the digest no longer matches: checked, and valid
    doc["entities"][1]["aliases"][-1]["kind"] = "nickname"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(CorruptDatabase) as err:
        read_authority(tmp_path)
    assert AUTHORITY_FILE in str(err.value) and "kind" in str(err.value) and "import your authority file again" in str(err.value)
    doc.pop("digest", None)
    doc["entities"][1]["aliases"][-1]["kind"] = "variant"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert "Công ty Sửa Tay" in [a.name for a in read_authority(tmp_path).entries[1].aliases]  # no digest: checked


_PIECES = ["ĐH", "BV", "NH", "TNHH", "TMCP", "Cty", "Trường", "Công ty", "Ngân hàng", "Bộ", "Y tế", "Hà Nội", "X",
           "ð", "ƣ", "(", ")", "(TCT)", "-", "&", ",", "Đại học", "nh", "đh"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=7), st.lists(st.sampled_from(["", " ", "  "]), min_size=7, max_size=7))
def test_a_name_said_to_need_no_spelling_out_has_none(pieces: list[str], gaps: list[str]) -> None:
    # the authority's names are analysed only when they may have a spelled-out form (may_spell)
    from curator.names.analyse import analyse, may_spell

    name = "".join(p + g for p, g in zip(pieces, gaps)).strip()
    if not may_spell(name):
        assert analyse(name, "organization").spelled == ""


def test_resolving_with_a_big_authority_analyses_only_the_names_that_may_be_spelled_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by fix17: every one of 199,000 aliases was analysed at each resolve (13 s of it)
    import curator.resolve.authority as resolve_authority

    calls: list[str] = []
    real = resolve_authority.analyse
    monkeypatch.setattr(resolve_authority, "analyse", lambda name, type_: calls.append(name) or real(name, type_))
    entries = big_authority(300).entries + [entry("hust", "Trường Đại học Bách khoa Hà Nội", ("Trường ĐH Bách khoa Hà Nội", "abbreviation"))]
    from curator.resolve.keys import name_key

    node = "organization:" + name_key("Trường Đại học Bách khoa Hà Nội")
    _, canonical = authority_links([node], [], entries)
    assert canonical == {node: "Trường Đại học Bách khoa Hà Nội"}
    assert calls == ["Trường ĐH Bách khoa Hà Nội"]
