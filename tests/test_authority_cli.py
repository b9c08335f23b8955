"""The authority commands end to end, as a curator runs them: real processes, real files.

The story of issue 17: import a CSV with an English name and a code, resolve, and
the article that names the body only in English is linked to the canonical entity,
with the authority file as the reason. Then: export and import into another
database, and the files a careless or hostile user might give.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent
MOH = "https://moh.gov.vn/"
CIPHER = "https://example.org/h04"  # a test's own source: the seeds define the code in their text

# Short articles written for this test: one names the ministry in Vietnamese, one only in
# English, one the department by its full name, one only by its code.
ARTICLES = {
    "a1.txt": "Bộ Y tế họp báo về sốt xuất huyết\n\nHà Nội - Chiều 5/8, Bộ Y tế tổ chức họp báo về tình hình sốt xuất huyết tại các tỉnh phía Bắc.\n",
    "a2.txt": "Dengue cases rise in the north\n\nHANOI - The Ministry of Health said on Monday that dengue cases rose in northern provinces.\n",
    "a3.txt": "Tập huấn an toàn thông tin\n\nCục Viễn thông và Cơ yếu tổ chức lớp tập huấn cho cán bộ các đơn vị.\n",
    "a4.txt": "Kiểm tra mạng chuyên dùng\n\nĐoàn kiểm tra của H04 làm việc tại Đà Nẵng trong hai ngày.\n",
    "a5.txt": "Phối hợp bảo đảm thông tin\n\nCục H04 phối hợp với các đơn vị bảo đảm thông tin liên lạc trong dịp lễ.\n",
}
CSV = (
    "canonical,type,alias,kind,from_year,until_year,source\n"
    f"Bộ Y tế,organization,Ministry of Health,english,,,{MOH}\n"
    f"Cục Viễn thông và Cơ yếu,organization,H04,code,,,{CIPHER}\n"
)


def curator(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env=dict(os.environ),
    )


def ok(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out.stdout


def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("authority")
    db = tmp / "db"
    ok(curator("ingest", str(archive(tmp)), db=db))
    ok(curator("authority", "default", "off", db=db))  # what the curator's own file does, alone
    (tmp / "authority.csv").write_text(CSV, encoding="utf-8")
    said = ok(curator("authority", "import", str(tmp / "authority.csv"), db=db))
    assert "2 entries added" in said and "Run 'curator resolve'" in said
    ok(curator("resolve", db=db))
    return db, orjson.loads(ok(curator("export", db=db)))


def _entity_of(data: dict, source_file: str, text: str) -> dict:
    article = next(a for a in data["articles"] if a["source_file"] == source_file)
    mention = next(m for m in article["mentions"] if m["text"] == text)
    return next(e for e in data["entities"] if e["id"] == mention["entity_id"])


def test_an_article_naming_the_body_only_in_english_is_linked_to_its_canonical_entity(resolved: tuple[Path, dict]) -> None:
    from curator.export import validate_export

    _, data = resolved
    assert validate_export(data) == []
    english = _entity_of(data, "a2.txt", "Ministry of Health")
    vietnamese = _entity_of(data, "a1.txt", "Bộ Y tế")
    assert english["id"] == vietnamese["id"] and english["name"] == "Bộ Y tế"
    merge = next(h for h in data["history"] if h["op"] == "auto_merge" and "Ministry of Health" in h["args"]["names"])
    assert merge["reasons"] == [f"listed in the authority file ({MOH})"]


def test_an_article_naming_the_body_only_by_its_code_gets_that_mention_linked(resolved: tuple[Path, dict]) -> None:
    _, data = resolved
    code = _entity_of(data, "a4.txt", "H04")
    assert code["name"] == "Cục Viễn thông và Cơ yếu" and code["type"] == "organization"
    assert code["id"] == _entity_of(data, "a3.txt", "Cục Viễn thông và Cơ yếu")["id"]


def test_the_curators_split_stands_above_the_authority_file(resolved: tuple[Path, dict], tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "db"
    shutil.copytree(resolved[0], db)
    ok(curator("split", "Bộ Y tế", "Ministry of Health", db=db))
    ok(curator("resolve", db=db))  # the file says the same again: the curator's split holds
    data = orjson.loads(ok(curator("export", db=db)))
    english = _entity_of(data, "a2.txt", "Ministry of Health")
    assert english["id"] != _entity_of(data, "a1.txt", "Bộ Y tế")["id"]
    assert english["name"] == "Ministry of Health" and _entity_of(data, "a1.txt", "Bộ Y tế")["name"] == "Bộ Y tế"


def test_the_shipped_default_links_an_english_name_without_any_import(tmp_path: Path) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    said = ok(curator("authority", "list", db=db))
    assert said.startswith("default authority: on (") and "imported: 0 entries" in said
    ok(curator("resolve", db=db))
    data = orjson.loads(ok(curator("export", db=db)))
    assert _entity_of(data, "a2.txt", "Ministry of Health")["name"] == "Bộ Y tế"
    merge = next(h for h in data["history"] if h["op"] == "auto_merge" and "Ministry of Health" in h["args"]["names"])
    assert merge["reasons"][0].startswith("listed in the authority file (https://")
    ok(curator("authority", "default", "off", db=db))
    ok(curator("resolve", db=db))
    data = orjson.loads(ok(curator("export", db=db)))
    assert not any(m["text"] == "Ministry of Health" for a in data["articles"] for m in a["mentions"])


def test_export_gives_the_file_back_and_another_database_learns_from_it(resolved: tuple[Path, dict], tmp_path: Path) -> None:
    db, _ = resolved
    out = tmp_path / "authority.json"
    ok(curator("authority", "export", "-o", str(out), db=db))
    doc = orjson.loads(out.read_bytes())
    by_name = {e["canonical"]: e for e in doc["entities"]}
    assert [a["name"] for a in by_name["Bộ Y tế"]["aliases"]] == ["Ministry of Health"]
    csv_out = ok(curator("authority", "export", "--format", "csv", db=db))
    assert csv_out.splitlines()[0] == "canonical,type,alias,kind,from_year,until_year,source"
    # A second archive: the exported file is all it needs.
    other = tmp_path / "db2"
    ok(curator("ingest", str(archive(tmp_path)), db=other))
    ok(curator("authority", "import", str(out), db=other))
    ok(curator("resolve", db=other))
    data = orjson.loads(ok(curator("export", db=other)))
    assert _entity_of(data, "a2.txt", "Ministry of Health")["name"] == "Bộ Y tế"


def test_the_curators_merge_is_exported_as_an_entry_for_the_next_archive(tmp_path: Path) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    ok(curator("authority", "default", "off", db=db))  # the curator's knowledge only
    ok(curator("resolve", db=db))
    ok(curator("merge", "Cục H04", "Cục Viễn thông và Cơ yếu", "--name", "Cục Viễn thông và Cơ yếu", db=db))
    doc = orjson.loads(ok(curator("authority", "export", db=db)))
    assert len(doc["entities"]) == 1
    entry = doc["entities"][0]
    assert (entry["canonical"], [a["name"] for a in entry["aliases"]]) == ("Cục Viễn thông và Cơ yếu", ["Cục H04"])
    assert entry["aliases"][0]["kind"] == "abbreviation"
    assert entry["aliases"][0]["source"].startswith("curator:decision/1 (merge")
    # the next archive: that knowledge links the code there without a curator
    other = tmp_path / "db2"
    (tmp_path / "curated.json").write_bytes(orjson.dumps(doc))
    ok(curator("ingest", str(tmp_path / "archive"), db=other))
    ok(curator("authority", "default", "off", db=other))
    ok(curator("authority", "import", str(tmp_path / "curated.json"), db=other))
    ok(curator("resolve", db=other))
    data = orjson.loads(ok(curator("export", db=other)))
    assert _entity_of(data, "a5.txt", "Cục H04")["name"] == "Cục Viễn thông và Cơ yếu"


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("wrong.csv", "name,alias\nBộ Y tế,BYT\n", "line 1: the columns must be canonical,type,alias,kind"),
        ("bad.json", '{"format": "curator-authority", "version": 1, "entities": [{"id": 1}]}', "entry 1"),
        ("ctl.csv", "canonical,type,alias,kind,from_year,until_year,source\nBộ Y tế,organization,B\x07YT,abbreviation,,,x\n", "line 2: alias holds control characters"),
    ],
)
def test_a_bad_file_is_refused_in_one_line_and_the_database_is_left_as_it_was(tmp_path: Path, name: str, content: str, said: str) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    (tmp_path / "good.csv").write_text(CSV, encoding="utf-8")
    ok(curator("authority", "import", str(tmp_path / "good.csv"), db=db))
    before = (db / "authority.json").read_bytes()
    (tmp_path / name).write_text(content, encoding="utf-8")
    out = curator("authority", "import", str(tmp_path / name), db=db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"curator: error: {tmp_path / name}") and said in out.stderr
    assert (db / "authority.json").read_bytes() == before


def test_importing_into_a_folder_without_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text(CSV, encoding="utf-8")
    out = curator("authority", "import", str(tmp_path / "good.csv"), db=tmp_path / "none")
    assert out.returncode == 1 and "no curator database" in out.stderr and not (tmp_path / "none").exists()


def match(*args: str, names: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "match", "--json", *args], input=names,
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ),
    )


def test_match_joins_the_names_an_authority_file_lists_and_says_so(tmp_path: Path) -> None:
    names = "Cục Viễn thông và Cơ yếu\nH04\nMinistry of Health\nBộ Y tế\nBộ Tài chính\n"
    (tmp_path / "a.csv").write_text(CSV, encoding="utf-8")
    plain = orjson.loads(ok(match("--no-default-authority", names=names)))
    assert all(len(c["members"]) == 1 for c in plain["clusters"])
    joined = orjson.loads(ok(match("--no-default-authority", "--authority", str(tmp_path / "a.csv"), names=names)))
    by_name = {c["name"]: c for c in joined["clusters"]}
    assert by_name["Bộ Y tế"]["members"] == ["Bộ Y tế", "Ministry of Health"]
    assert by_name["Bộ Y tế"]["authority"] == [f"listed in the authority file ({MOH})"]
    assert by_name["Bộ Y tế"]["reasons"][0] == f"listed in the authority file ({MOH})"
    assert by_name["Cục Viễn thông và Cơ yếu"]["members"] == ["Cục Viễn thông và Cơ yếu", "H04"]
    assert by_name["Bộ Tài chính"]["members"] == ["Bộ Tài chính"] and "authority" not in by_name["Bộ Tài chính"]
    # the shipped default knows the ministry's English name too
    default = orjson.loads(ok(match(names="Bộ Y tế\nMinistry of Health\n")))
    assert [c["members"] for c in default["clusters"]] == [["Bộ Y tế", "Ministry of Health"]]


def test_match_with_a_bad_authority_file_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("name,alias\n", encoding="utf-8")
    out = match("--authority", str(tmp_path / "bad.csv"), names="Bộ Y tế\n")
    assert out.returncode == 1 and out.stderr.startswith(f"curator: error: {tmp_path / 'bad.csv'}: line 1")


def test_a_damaged_authority_file_stops_resolve_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    ok(curator("resolve", db=db))
    before = ok(curator("export", db=db))
    (db / "authority.json").write_bytes(b'{"kind": "curator.authority", "format": 1, "entities": [')
    out = curator("resolve", db=db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert f"{db / 'authority.json'}: is not valid JSON" in out.stderr and "import your authority file again" in out.stderr
    assert ok(curator("export", db=db)) == before


@pytest.mark.parametrize("where", ["group", "command"])
def test_the_authority_commands_take_db_before_or_after_their_name(tmp_path: Path, where: str) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    (tmp_path / "a.csv").write_text(CSV, encoding="utf-8")
    args = ["authority", "--db", str(db), "import"] if where == "group" else ["authority", "import", "--db", str(db)]
    out = subprocess.run([sys.executable, "-m", "curator", *args, str(tmp_path / "a.csv")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0 and (db / "authority.json").exists(), out.stderr
    for command in ("import", "export", "list", "default"):
        shown = subprocess.run([sys.executable, "-m", "curator", "authority", command, "--help"],
                               capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "--db" in shown.stdout, command


def test_remove_takes_an_imported_entry_out_and_refuses_an_unknown_or_default_id(tmp_path: Path) -> None:
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    (tmp_path / "a.csv").write_text(CSV, encoding="utf-8")
    ok(curator("authority", "import", str(tmp_path / "a.csv"), db=db))
    before = (db / "authority.json").read_bytes()
    out = curator("authority", "remove", "org.bo-y-te", "vn.bo-cong-an", db=db)
    assert out.returncode == 1 and "'vn.bo-cong-an' (an entry of the shipped default: use 'authority default off')" in out.stderr
    assert (db / "authority.json").read_bytes() == before  # nothing removed
    said = ok(curator("authority", "remove", "org.bo-y-te", db=db))
    assert "removed 1 entries; the database's authority holds 1" in said
    assert "imported: 1 entries" in ok(curator("authority", "list", db=db))
    doc = orjson.loads(ok(curator("authority", "export", db=db)))
    assert [e["id"] for e in doc["entities"]] == ["org.cuc-vien-thong-va-co-yeu"]


def test_a_name_the_authority_lists_is_found_in_the_title_too(tmp_path: Path) -> None:
    # Found by eyes17: the lookup read the body only, so an article naming the body by its
    # English name only in its title had no mention of it.
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "t.txt").write_text(
        "Ministry of Health warns of dengue in the north\n\n"
        "Các tỉnh phía Bắc ghi nhận số ca sốt xuất huyết tăng trong tuần qua.\n", encoding="utf-8")
    db = tmp_path / "db"
    ok(curator("ingest", str(folder), db=db))
    ok(curator("resolve", db=db))
    data = orjson.loads(ok(curator("export", db=db)))
    mention = next(m for m in data["articles"][0]["mentions"] if m["text"] == "Ministry of Health")
    assert mention["field"] == "title" and mention["start"] == 0
    assert next(e for e in data["entities"] if e["id"] == mention["entity_id"])["name"] == "Bộ Y tế"


def test_an_alias_that_is_another_entrys_name_is_named_on_import(tmp_path: Path) -> None:
    # Found by eyes17: one line listing "Bộ Y tế" as a variant of another body silently undid the
    # default's link of "Ministry of Health" to "Bộ Y tế" (a name listed under two entries links nothing).
    db = tmp_path / "db"
    ok(curator("ingest", str(archive(tmp_path)), db=db))
    poison = tmp_path / "p.csv"
    poison.write_text(
        "canonical,type,alias,kind,from_year,until_year,source\n"
        f"Cục Thử nghiệm,organization,Bộ Y tế,variant,,,{MOH}\n", encoding="utf-8")
    out = curator("authority", "import", str(poison), db=db)
    ok(out)
    assert f"{poison}: 'Bộ Y tế' is listed under 2 entries (org.cuc-thu-nghiem, vn.bo-y-te): it links nothing" in out.stderr
    matched = subprocess.run([sys.executable, "-m", "curator", "match", "--authority", str(poison)],
                             input="Bộ Y tế\nMinistry of Health\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "'Bộ Y tế' is listed under 2 entries" in matched.stderr
    clean = tmp_path / "c.csv"
    clean.write_text(CSV.replace(f"Bộ Y tế,organization,Ministry of Health,english,,,{MOH}\n", ""), encoding="utf-8")
    assert "listed under" not in ok_err(curator("authority", "import", str(clean), db=db))


def ok_err(out: subprocess.CompletedProcess[str]) -> str:
    ok(out)
    return out.stderr
