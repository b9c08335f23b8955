"""A file is where it is, not what it is called: the curator's work on one file
never lands on another file of the same name (issue 15, item 1).

Driven as a user does: the command line in a subprocess, on copies of the seeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import io
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}
# The last commit before files were identified by location: its databases must
# keep their articles, ids and decisions.
PREVIOUS_VERSION = "ef1c2a16fdce7c1959a52bc69ff0bf5617f98a12"


def curator(*args: str, db: Path, code: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``curator --db DB ARGS`` run from ``code`` (the package found there is the one run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=code, timeout=300, env=env,
    )


def ok(*args: str, db: Path, code: Path = ROOT) -> subprocess.CompletedProcess[str]:
    out = curator(*args, db=db, code=code)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out


def export_of(db: Path) -> list[dict]:
    return orjson.loads(ok("export", db=db).stdout)["articles"]


def title_of(path: Path) -> str:
    return path.read_text("utf-8").split("\n", 1)[0]


def folder_with(tmp_path: Path, name: str, files: dict[str, Path | str]) -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True)
    for file_name, source in files.items():
        if isinstance(source, Path):
            shutil.copy(source, folder / file_name)
        else:
            (folder / file_name).write_text(source, "utf-8")
    return folder


def test_an_edited_article_survives_ingesting_another_folder_with_a_file_of_the_same_name(tmp_path: Path) -> None:
    a = folder_with(tmp_path, "A", {"x.txt": SEED["000"]})
    b = folder_with(tmp_path, "B", {"x.txt": SEED["004"]})
    db = tmp_path / "db"
    ok("ingest", str(a), db=db)
    [first] = export_of(db)
    ok("edit", first["id"], "title", "Tiêu đề đã sửa", db=db)
    second = ok("ingest", str(b), db=db)
    assert "1 ingested" in second.stdout and "0 updated" in second.stdout, second.stdout
    arts = {a_["source_folder"]: a_ for a_ in export_of(db)}
    assert sorted(arts) == [str(a), str(b)]
    assert arts[str(a)]["id"] == first["id"] and arts[str(a)]["title"] == "Tiêu đề đã sửa"
    assert arts[str(a)]["text"] == first["text"]
    assert arts[str(b)]["id"] != first["id"] and arts[str(b)]["source_file"] == "x.txt"
    assert "Bộ Công an" in arts[str(b)]["title"]


def test_one_run_over_two_folders_reads_both_files_of_the_same_name(tmp_path: Path) -> None:
    a = folder_with(tmp_path, "A", {"x.txt": SEED["000"]})
    b = folder_with(tmp_path, "B", {"x.txt": SEED["004"]})
    db = tmp_path / "db"
    out = ok("ingest", str(a), str(b), db=db)
    assert "same name" not in out.stderr and "2 ingested" in out.stdout, (out.stdout, out.stderr)
    arts = export_of(db)
    assert [(x["source_folder"], x["source_file"]) for x in arts] == [(str(a), "x.txt"), (str(b), "x.txt")]
    assert len({x["id"] for x in arts}) == 2


def test_a_name_with_a_newline_and_the_same_name_with_a_space_are_two_files(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "arc", {"a\nb.txt": SEED["001"], "a b.txt": SEED["002"]})
    db = tmp_path / "db"
    out = ok("ingest", str(folder), db=db)
    assert "2 ingested" in out.stdout and "same name" not in out.stderr, (out.stdout, out.stderr)
    arts = export_of(db)
    # shown apart: the newline as the two characters \n, as Python writes it
    assert [(x["source_file"], x["author"]) for x in arts] == [("a b.txt", "Tâm Phạm"), ("a\\nb.txt", "Giang Phạm")]
    again = ok("ingest", str(folder), db=db)
    assert "2 unchanged" in again.stdout and "0 updated" in again.stdout, again.stdout
    assert export_of(db) == arts


def test_a_changed_file_is_the_same_article_only_at_the_same_path(tmp_path: Path) -> None:
    a = folder_with(tmp_path, "A", {"x.txt": SEED["000"]})
    db = tmp_path / "db"
    ok("ingest", str(a), db=db)
    [first] = export_of(db)
    ok("edit", first["id"], "author", "Biên tập viên", db=db)
    (a / "x.txt").write_text((a / "x.txt").read_text("utf-8").replace("Cục Bưu điện Trung ương", "Cục Bưu điện TW"), "utf-8")
    # the same folder by another spelling of its path: still the same file
    alias = tmp_path / "alias"
    alias.symlink_to(a, target_is_directory=True)
    changed = ok("ingest", str(alias / "."), db=db)
    assert "1 updated" in changed.stdout, changed.stdout
    [art] = export_of(db)
    assert art["id"] == first["id"] and art["author"] == "Biên tập viên" and "Cục Bưu điện TW" in art["text"]
    # the same bytes at another path are another file (marked as a duplicate of the first)
    c = folder_with(tmp_path, "C", {"x.txt": a / "x.txt"})
    ok("ingest", str(c), db=db)
    arts = {x["source_folder"]: x for x in export_of(db)}
    assert arts[str(a)]["author"] == "Biên tập viên"
    assert arts[str(c)]["duplicate_of"] == first["id"] and arts[str(c)]["id"] != first["id"]


def test_export_and_import_keep_two_files_of_the_same_name_apart_byte_for_byte(tmp_path: Path) -> None:
    a = folder_with(tmp_path, "A", {"x.txt": SEED["000"]})
    b = folder_with(tmp_path, "B", {"x.txt": SEED["004"]})
    db = tmp_path / "db"
    ok("ingest", "--resolve", str(a), str(b), db=db)
    [first, _] = export_of(db)
    ok("edit", first["id"], "title", "Sửa", db=db)
    exported = tmp_path / "export.json"
    ok("export", "-o", str(exported), db=db)
    copy = tmp_path / "copy"
    ok("import", str(exported), db=copy)
    assert ok("export", db=copy).stdout.encode() == exported.read_bytes()
    # ingesting the archive into the imported database finds the files it came from
    again = ok("ingest", str(a), str(b), db=copy)
    assert "2 updated" in again.stdout and "0 ingested" in again.stdout, again.stdout
    arts = {x["source_folder"]: x for x in export_of(copy)}
    assert arts[str(a)]["id"] == first["id"] and arts[str(a)]["title"] == "Sửa" and len(arts) == 2


@pytest.fixture(scope="module")
def previous_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as it was before this change, unpacked from the repository's history."""
    try:
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS_VERSION, "curator"],
                             capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError) as exc:  # pragma: no cover - a copy without history
        pytest.skip(f"the previous version is not in this checkout's history ({exc})")
    code = tmp_path_factory.mktemp("previous")
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(code, filter="data")
    return code


def test_a_database_of_the_previous_version_keeps_articles_ids_and_decisions(tmp_path: Path, previous_version: Path) -> None:
    archive = tmp_path / "seeds"
    shutil.copytree(SEEDS, archive)
    db = tmp_path / "db"
    ok("ingest", str(archive), db=db, code=previous_version)
    before = export_of(db)
    target = next(x for x in before if x["source_file"].startswith("000_"))
    ok("edit", target["id"], "title", "Quyết định của người biên tập", db=db, code=previous_version)
    # the same folder again, with this version: nothing lost, nothing duplicated
    again = ok("ingest", str(archive), db=db)
    assert "5 unchanged" in again.stdout and "0 ingested" in again.stdout, again.stdout
    after = export_of(db)
    assert [x["id"] for x in after] == [x["id"] for x in before]
    assert next(x for x in after if x["id"] == target["id"])["title"] == "Quyết định của người biên tập"
    # a file of the same name in another folder is another article now
    other = folder_with(tmp_path, "other", {target["source_file"]: SEED["004"]})
    ok("ingest", str(other), db=db)
    arts = export_of(db)
    assert len(arts) == 6
    assert next(x for x in arts if x["id"] == target["id"])["title"] == "Quyết định của người biên tập"
    # and the file taken over keeps its ids when it changes later
    page = archive / target["source_file"]
    page.write_text(page.read_text("utf-8").replace("THVP", "Hoàng Nam"), "utf-8")
    changed = ok("ingest", str(archive), db=db)
    assert "1 updated" in changed.stdout and "0 ingested" in changed.stdout, changed.stdout
    kept = next(x for x in export_of(db) if x["id"] == target["id"])
    assert kept["author"] == "Hoàng Nam" and kept["title"] == "Quyết định của người biên tập"
    history = orjson.loads(ok("history", "--json", db=db).stdout)
    assert [h["undone"] for h in history] == [False]


def test_a_file_changed_since_the_previous_version_ingested_it_is_added_and_the_edited_article_kept(
    tmp_path: Path, previous_version: Path
) -> None:
    """The previous version kept only the name: changed bytes could be the same file
    edited or another file of that name, so the edited article is never replaced."""
    archive = tmp_path / "seeds"
    shutil.copytree(SEEDS, archive)
    db = tmp_path / "db"
    ok("ingest", str(archive), db=db, code=previous_version)
    target = next(x for x in export_of(db) if x["source_file"].startswith("000_"))
    ok("edit", target["id"], "title", "Quyết định của người biên tập", db=db, code=previous_version)
    page = archive / target["source_file"]
    page.write_text(SEED["004"].read_text("utf-8"), "utf-8")
    out = ok("ingest", str(archive), db=db)
    assert "1 ingested" in out.stdout and "4 unchanged" in out.stdout, out.stdout
    [line] = out.stderr.strip().split("\n")
    assert line.startswith(f"{page}: changed since an earlier curator version") and "earlier articles are kept" in line
    arts = export_of(db)
    kept = next(x for x in arts if x["id"] == target["id"])
    assert kept["title"] == "Quyết định của người biên tập" and kept["text"] == target["text"]
    new = next(x for x in arts if x["source_folder"] == str(archive))
    assert new["source_file"] == target["source_file"] and new["id"] != target["id"] and "Bộ Công an" in new["title"]
    assert len(arts) == 6


def test_the_same_archive_in_two_places_gets_the_same_ids_so_an_exports_decisions_apply(tmp_path: Path) -> None:
    # A colleague's clone holds the same archive at another path: decisions exported
    # there name the same articles here.
    here = folder_with(tmp_path / "here", "seeds", {"a.txt": SEED["000"], "b.txt": SEED["004"]})
    there = folder_with(tmp_path / "there" / "deeper", "seeds", {"a.txt": SEED["000"], "b.txt": SEED["004"]})
    ok("ingest", str(here), db=tmp_path / "db1")
    ok("ingest", str(there), db=tmp_path / "db2")
    ids1 = sorted(a["id"] for a in export_of(tmp_path / "db1"))
    ids2 = sorted(a["id"] for a in export_of(tmp_path / "db2"))
    assert ids1 == ids2
    first = next(a for a in export_of(tmp_path / "db1") if a["source_file"] == "a.txt")
    ok("edit", first["id"], "title", "Tiêu đề của đồng nghiệp", db=tmp_path / "db1")
    exported = tmp_path / "colleague.json"
    ok("export", "-o", str(exported), db=tmp_path / "db1")
    ok("apply", str(exported), db=tmp_path / "db2")
    mine = next(a for a in export_of(tmp_path / "db2") if a["source_file"] == "a.txt")
    assert mine["title"] == "Tiêu đề của đồng nghiệp"


def test_two_folders_of_the_same_name_from_two_places_are_two_files(tmp_path: Path) -> None:
    one = folder_with(tmp_path / "2021", "x", {"1.txt": SEED["000"]})
    two = folder_with(tmp_path / "2022", "x", {"1.txt": SEED["004"]})
    db = tmp_path / "db"
    ok("ingest", str(one), db=db)
    ok("ingest", str(two), db=db)
    ok("ingest", str(one), str(two), db=db)  # again: both unchanged, nothing replaced
    articles = export_of(db)
    assert len({a["id"] for a in articles}) == len(articles) == 2
    assert len({a["text"] for a in articles}) == 2


def test_a_name_with_terminal_controls_or_a_bidi_override_is_shown_escaped_in_the_export_and_the_summary(
    tmp_path: Path,
) -> None:
    folder = folder_with(tmp_path, "arc", {
        "red\x1b[31m.txt": SEED["001"],  # would turn the terminal red
        "\u202egpj.txt": SEED["002"],  # would show as "txt.jpg"
        "back\\slash.txt": SEED["003"],  # a backslash shows doubled: no name can pass for another
    })
    (folder / "title\x1b]0;PWNED\x07.txt").symlink_to(tmp_path / "gone.txt")  # a problem line names it
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(SEED["004"].read_bytes())  # not UTF-8
    db = tmp_path / "db"
    out = ok("ingest", str(folder), db=db)
    assert "4 ingested" in out.stdout, out.stdout
    assert f"{folder}/title\\x1b]0;PWNED\\x07.txt: broken symbolic link, skipped" in out.stderr, out.stderr
    assert "\x1b" not in out.stdout + out.stderr and "\u202e" not in out.stdout + out.stderr
    arts = export_of(db)
    assert sorted(x["source_file"] for x in arts) == sorted(
        ["red\\x1b[31m.txt", "\\u202egpj.txt", "back\\\\slash.txt", "caf\\xe9.txt"]
    )
    assert {x["source_folder"] for x in arts} == {str(folder)}
    # shown as such, and still the same files next time
    again = ok("ingest", str(folder), db=db)
    assert "4 unchanged" in again.stdout, again.stdout


def test_the_ids_of_a_normal_archive_do_not_change(tmp_path: Path) -> None:
    """Ids are made from raw names, never from how a name is shown: the seeds keep
    the ids every earlier version gave them (and that exports in use carry)."""
    db = tmp_path / "db"
    ok("ingest", str(SEEDS), db=db)
    assert [(x["id"], x["source_file"], x["file_index"]) for x in export_of(db)] == [
        ("a7214aa212561", "000_fe690cd7fa25748b.txt", 0),
        ("a5ceb8605dc3d", "001_ee13dd08ff92c338.txt", 0),
        ("a7bc465dd5727", "002_32261b4a297eff0a.txt", 0),
        ("afb39a2b1186b", "003_cc0263cae94b30f3.txt", 0),
        ("a4fb7f7e3a9bd", "004_9a09a93ff963686b.txt", 0),
    ]


def test_files_with_escaped_names_survive_export_and_import_and_are_found_again_by_ingest(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "arc", {"a\nb.txt": SEED["001"], "a b.txt": SEED["002"], "x\\ny.txt": SEED["003"]})
    db = tmp_path / "db"
    ok("ingest", str(folder), db=db)
    exported = tmp_path / "export.json"
    ok("export", "-o", str(exported), db=db)
    copy = tmp_path / "copy"
    ok("import", str(exported), db=copy)
    assert ok("export", db=copy).stdout.encode() == exported.read_bytes()
    # the shown names are read back into the real ones: the same three files, not three more
    again = ok("ingest", str(folder), db=copy)
    assert "3 updated" in again.stdout and "0 ingested" in again.stdout, again.stdout
    assert [x["id"] for x in export_of(copy)] == [x["id"] for x in export_of(db)]


def test_a_file_whose_name_the_previous_version_showed_otherwise_is_still_found_with_its_ids_and_decisions(
    tmp_path: Path, previous_version: Path
) -> None:
    """The previous version showed a newline as a space (and kept files by that
    name): its record is still found by that form, ids and decisions hold, and the
    name shows as such once the file is read again."""
    folder = folder_with(tmp_path, "arc", {"a\nb.txt": SEED["001"], "tab\there.txt": SEED["002"]})
    db = tmp_path / "db"
    ok("ingest", str(folder), db=db, code=previous_version)
    before = {x["source_file"]: x for x in export_of(db)}
    assert sorted(before) == ["a b.txt", "tab here.txt"]
    edited = before["a b.txt"]["id"]
    ok("edit", edited, "title", "Quyết định của người biên tập", db=db, code=previous_version)
    again = ok("ingest", str(folder), db=db)
    assert "2 unchanged" in again.stdout and "0 ingested" in again.stdout, again.stdout
    assert sorted(x["id"] for x in export_of(db)) == sorted(x["id"] for x in before.values())
    page = folder / "a\nb.txt"
    page.write_text(page.read_text("utf-8").replace("Giang Phạm", "Hoàng Nam"), "utf-8")
    changed = ok("ingest", str(folder), db=db)
    assert "1 updated" in changed.stdout and "0 ingested" in changed.stdout, changed.stdout
    after = {x["id"]: x for x in export_of(db)}
    assert sorted(after) == sorted(x["id"] for x in before.values())
    assert after[edited]["source_file"] == "a\\nb.txt" and after[edited]["author"] == "Hoàng Nam"
    assert after[edited]["title"] == "Quyết định của người biên tập"
