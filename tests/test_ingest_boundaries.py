"""Ingest reads the folder it is given and nothing beyond it (issue 15, item 10):
links out of the folder are skipped with one line, files that are not text are
counted, not read, unless named on the command line; links inside still work.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_file_identity import SEED, curator, export_of, ok

SECRET = "MẬT KHẨU BÍ MẬT root:x:0:0 không được ra khỏi máy"


def test_a_link_out_of_the_folder_is_skipped_with_one_line_and_never_exported(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shadow").write_text(f"Tiêu đề bí mật của máy chủ\n\n{SECRET}\n", "utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "leak.txt").write_text(f"Một tiêu đề khác bị lộ ra\n\n{SECRET}\n", "utf-8")
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    shutil.copy(SEED["001"], archive / "sub" / "real.txt")
    (archive / "shadow.txt").symlink_to(outside / "shadow")
    (archive / "passwd").symlink_to("/etc/passwd")
    (archive / "escape").symlink_to(outside / "more", target_is_directory=True)
    (archive / "up").symlink_to("../outside", target_is_directory=True)
    (archive / "inside.txt").symlink_to(archive / "sub" / "real.txt")  # inside: still read (once)
    (archive / "linked_dir").symlink_to(archive / "sub", target_is_directory=True)
    (archive / "loop").symlink_to(archive, target_is_directory=True)  # link-loop protection stays
    shutil.copy(SEED["002"], archive / "002.txt")
    db = tmp_path / "db"
    out = ok("ingest", str(archive), db=db)
    lines = out.stderr.strip().split("\n")
    out_of = [line for line in lines if "symbolic link out of" in line]
    assert sorted(Path(line.split(":")[0]).name for line in out_of) == ["escape", "passwd", "shadow.txt", "up"], out.stderr
    assert any(line.startswith(str(archive / "loop")) and "loop" in line for line in lines), out.stderr
    assert len(lines) == 5, out.stderr  # one line each, nothing else
    exported = ok("export", db=db).stdout
    assert "MẬT KHẨU" not in exported and "root:" not in exported
    assert sorted(a["author"] for a in export_of(db)) == ["Giang Phạm", "Tâm Phạm"]


def test_files_that_are_not_text_are_counted_in_one_line_unless_named(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "2021").mkdir(parents=True)
    shutil.copy(SEED["000"], archive / "2021" / "bai-viet.txt")
    shutil.copy(SEED["003"], archive / "2021" / "index.xml")
    for i in range(40):
        (archive / "2021" / f"anh-{i}.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (archive / "data.pdf").write_bytes(b"%PDF-1.4\n")
    db = tmp_path / "db"
    out = ok("ingest", str(archive), db=db)
    [line] = out.stderr.strip().split("\n")
    assert line == (f"{archive}: 42 files not read, not text-like (40 .jpg, 1 .pdf, 1 .xml); "
                    "name a file on the command line to read it"), line
    assert [a["source_file"] for a in export_of(db)] == ["2021/bai-viet.txt"]
    named = ok("ingest", str(archive / "2021" / "index.xml"), db=db)
    assert "1 ingested" in named.stdout and named.stderr == "", (named.stdout, named.stderr)
    assert sorted(a["source_file"] for a in export_of(db)) == ["2021/bai-viet.txt", "index.xml"]


def test_html_pages_and_records_files_in_a_folder_are_read(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED["003"], archive / "index.html")  # a text page, whatever its name
    (archive / "data.csv").write_text("title,text\nMột bài,Nội dung của một bài báo ngắn.\n", "utf-8")
    out = ok("ingest", str(archive), db=tmp_path / "db")
    assert out.stderr == "" and "2 ingested" in out.stdout, (out.stdout, out.stderr)
    assert sorted(a["source_file"] for a in export_of(tmp_path / "db")) == ["data.csv", "index.html"]


def test_a_folder_of_nothing_but_images_says_why_nothing_was_read(tmp_path: Path) -> None:
    archive = tmp_path / "photos"
    archive.mkdir()
    (archive / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = curator("ingest", str(archive), db=tmp_path / "db")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().split("\n") == [
        f"{archive}: 1 file not read, not text-like (1 .png); name a file on the command line to read it",
        f"curator: error: no archive files found in {archive}",
    ]


def test_a_link_swapped_to_the_outside_after_the_walk_is_not_read(tmp_path: Path) -> None:
    """The walk checks where a link leads; the read checks it is still that file
    (an archive being written to while ingest runs could swap a link between the two)."""
    from curator.ingest.prepare import read_file
    from curator.ingest.sources import collect_files

    outside = tmp_path / "secret.txt"
    outside.write_text(SECRET, "utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED["001"], archive / ".page")  # hidden: reached only through the link
    (archive / "page.txt").symlink_to(".page")
    targets, problems, _ = collect_files([archive])
    assert problems == [] and [t.source_file for t in targets] == ["page.txt"]
    assert read_file(targets[0].path, targets[0].inode)[0] == SEED["001"].read_bytes()
    (archive / "page.txt").unlink()
    (archive / "page.txt").symlink_to(outside)  # swapped after the walk
    data, why = read_file(targets[0].path, targets[0].inode)
    assert data is None and why is not None and "another file" in why


def test_the_databases_own_files_are_never_ingested_as_articles(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SEED["000"], archive / "a.txt")
    db = tmp_path / "db"
    ok("ingest", str(archive), db=db)
    before = (db / "curation.json").read_bytes()
    out = curator("ingest", str(archive), str(db / "curation.json"), str(db / "texts" / ".." / "commit.json"), db=db)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert out.stderr.count("is inside the database folder, skipped") == 2, out.stderr
    assert [a["source_file"] for a in export_of(db)] == ["a.txt"]
    alone = curator("ingest", str(db), db=db)
    assert alone.returncode == 1 and "inside the database folder" in alone.stderr
    assert (db / "curation.json").read_bytes() == before
