"""Results where analysts use them: JSON Lines, CSV and parquet exports read back."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import orjson
import pytest

from tests.test_cli import ROOT, curator, export_of

TABLES = ("articles", "entities", "aliases", "mentions")


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the HTML pages, resolved, with a merge and an edit."""
    db = tmp_path_factory.mktemp("exports") / "db"
    out = curator("ingest", "--resolve", "seeds", "tests/data/ingest/html/news_meta.html", db=db)
    assert out.returncode == 0, out.stderr
    data = export_of(db)
    people = [e for e in data["entities"] if e["type"] == "person"]
    assert curator("merge", people[0]["id"], people[1]["id"], db=db).returncode == 0
    assert curator("edit", data["articles"][0]["id"], "title", 'Tiêu đề "mới", có dấu phẩy', db=db).returncode == 0
    return db


@pytest.fixture(scope="module")
def reference(curated: Path) -> dict:
    return export_of(curated)


def _counts(data: dict) -> dict[str, object]:
    return {
        "articles": [a["id"] for a in data["articles"]],
        "entities": sorted(e["id"] for e in data["entities"]),
        "mentions": sum(len(a["mentions"]) for a in data["articles"]),
    }


def test_jsonl_is_one_record_a_line_and_imports_back_to_the_same_export(curated: Path, reference: dict, tmp_path: Path) -> None:
    out = curator("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), db=curated)
    assert out.returncode == 0, out.stderr
    lines = [orjson.loads(l) for l in (tmp_path / "x.jsonl").read_bytes().splitlines()]
    kinds = [l["kind"] for l in lines]
    assert kinds[0] == "export" and lines[0]["schema_version"] == 1
    assert kinds == ["export"] + ["article"] * len(reference["articles"]) + ["entity"] * len(reference["entities"]) + ["history"] * len(reference["history"]) + ["end"]
    assert lines[-1] == {"kind": "end", "articles": len(reference["articles"]), "entities": len(reference["entities"]), "history": len(reference["history"])}
    assert [l["id"] for l in lines if l["kind"] == "article"] == [a["id"] for a in reference["articles"]]
    # streamed: standard output gives the same bytes
    assert curator("export", "--format", "jsonl", db=curated).stdout.encode() == (tmp_path / "x.jsonl").read_bytes()
    out = curator("import", str(tmp_path / "x.jsonl"), db=tmp_path / "db2")
    assert out.returncode == 0, out.stderr
    assert curator("export", db=tmp_path / "db2").stdout == curator("export", db=curated).stdout


def _read_csv_tables(read: callable, bom: bool = False) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for name in TABLES:
        raw = read(f"{name}.csv")
        assert raw.startswith(b"\xef\xbb\xbf") == bom, name
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return tables


def _check_tables(tables: dict[str, list[dict]], reference: dict) -> None:
    want = _counts(reference)
    assert [r["id"] for r in tables["articles"]] == want["articles"]
    assert sorted(r["id"] for r in tables["entities"]) == want["entities"]
    assert len(tables["mentions"]) == want["mentions"]
    by_id = {a["id"]: a for a in reference["articles"]}
    for row in tables["articles"]:
        art = by_id[row["id"]]
        assert (row["title"] or None, row["published"] or None, row["text"]) == (art["title"], art["published"], art["text"])
    aliases = {(r["alias"], r["entity_id"]) for r in tables["aliases"]}
    assert aliases == {(alias, e["id"]) for e in reference["entities"] for alias in e["aliases"]}
    names = {e["id"]: e["name"] for e in reference["entities"]}
    assert all(names[r["entity_id"]] == r["canonical_name"] and int(r["count"]) >= 1 for r in tables["aliases"])


def test_csv_folder_holds_the_same_articles_entities_and_aliases(curated: Path, reference: dict, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    out = curator("export", "--format", "csv", "-o", str(folder), db=curated)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    _check_tables(_read_csv_tables(lambda n: (folder / n).read_bytes()), reference)
    # again, over the folder it wrote: replaced whole, with a BOM this time
    out = curator("export", "--format", "csv", "--bom", "-o", str(folder), db=curated)
    assert out.returncode == 0, out.stderr
    _check_tables(_read_csv_tables(lambda n: (folder / n).read_bytes(), bom=True), reference)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary folder left behind"


def test_csv_to_standard_output_is_a_zip(curated: Path, reference: dict, tmp_path: Path) -> None:
    import subprocess
    import sys

    raw = subprocess.run([sys.executable, "-m", "curator", "--db", str(curated), "export", "--format", "csv"],
                         capture_output=True, cwd=ROOT, timeout=300).stdout
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert zf.namelist() == [f"{t}.csv" for t in TABLES]
        _check_tables(_read_csv_tables(zf.read), reference)
    out = curator("export", "--format", "csv", "-o", str(tmp_path / "t.zip"), db=curated)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "t.zip").read_bytes() == raw


def test_aliases_alone(curated: Path, reference: dict) -> None:
    out = curator("export", "--aliases", db=curated)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout, newline="")))
    assert list(rows[0]) == ["alias", "entity_id", "canonical_name", "count", "type"]
    assert len(rows) == sum(len(e["aliases"]) for e in reference["entities"])
    merged = next(e for e in reference["entities"] if e["type"] == "person" and len(e["aliases"]) > 1)
    assert {r["alias"] for r in rows if r["entity_id"] == merged["id"]} == set(merged["aliases"])


def test_parquet_tables_read_back_with_pyarrow(curated: Path, reference: dict, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the optional extra curator[parquet]")
    folder = tmp_path / "pq"
    out = curator("export", "--format", "parquet", "-o", str(folder), db=curated)
    assert out.returncode == 0, out.stderr
    tables = {t: pq.read_table(folder / f"{t}.parquet").to_pylist() for t in TABLES}
    _check_tables({k: [{c: ("" if v is None else v) for c, v in r.items()} for r in rows] for k, rows in tables.items()}, reference)
    assert all(isinstance(r["file_index"], int) and isinstance(r["title_edited"], bool) for r in tables["articles"])


def test_csv_and_parquet_tables_read_back_by_duckdb_with_the_json_exports_counts_and_ids(
    curated: Path, reference: dict, tmp_path: Path
) -> None:
    """What an analyst does next: DuckDB's read_csv_auto and read_parquet over the tables."""
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is in the test extra")
    for fmt, ext, reader in (("csv", "csv", "read_csv_auto"), ("parquet", "parquet", "read_parquet")):
        folder = tmp_path / fmt
        out = curator("export", "--format", fmt, "-o", str(folder), db=curated)
        assert out.returncode == 0, out.stderr
        con = duckdb.connect()

        def ids(table: str, column: str = "id") -> list[str]:
            rows = con.execute(f"SELECT {column} FROM {reader}('{folder / table}.{ext}')").fetchall()
            return [str(r[0]) for r in rows]

        assert ids("articles") == [a["id"] for a in reference["articles"]], fmt
        assert sorted(ids("entities")) == sorted(e["id"] for e in reference["entities"]), fmt
        assert len(ids("mentions", "article_id")) == sum(len(a["mentions"]) for a in reference["articles"]), fmt
        assert len(ids("aliases", "alias")) == sum(len(e["aliases"]) for e in reference["entities"]), fmt
        titles = dict(con.execute(f"SELECT id, title FROM {reader}('{folder}/articles.{ext}')").fetchall())
        assert titles == {a["id"]: a["title"] for a in reference["articles"]}, fmt  # Vietnamese text intact


def test_parquet_without_pyarrow_is_one_clear_line(curated: Path, tmp_path: Path) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text("import sys\nsys.modules['pyarrow'] = None\n")
    out = curator("export", "--format", "parquet", "-o", str(tmp_path / "pq"), db=curated, env={"PYTHONPATH": f"{shim}:{ROOT}"})
    assert out.returncode == 1
    assert out.stderr.strip() == "curator: error: the parquet format needs pyarrow, which is not installed: pip install 'curator[parquet]'"
    assert not (tmp_path / "pq").exists()


def test_table_folders_are_never_written_where_they_do_harm(curated: Path, tmp_path: Path) -> None:
    inside = curator("export", "--format", "csv", "-o", str(curated / "tables"), db=curated)
    assert inside.returncode == 1 and "inside the database folder" in inside.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("my notes")
    out = curator("export", "--format", "csv", "-o", str(other), db=curated)
    assert out.returncode == 1 and "holds 1 file(s) an export did not write" in out.stderr
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    out = curator("export", "--format", "parquet", "-o", "-", db=curated)
    assert out.returncode == 1 and "folder" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_a_bom_asked_for_a_format_that_has_none_is_refused_not_left_out(curated: Path, tmp_path: Path, fmt: str) -> None:
    # --bom was silently ignored: a user opening the JSON Lines in a spreadsheet got no BOM.
    target = tmp_path / f"out.{fmt}"
    out = curator("export", "--format", fmt, "--bom", "-o", str(target), db=curated)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == (
        f"curator: error: --bom is for CSV (--format csv or --aliases); the {fmt} format is read as UTF-8 without one"
    )
    assert not target.exists()
    bom = curator("export", "--aliases", "--bom", db=curated)
    assert bom.returncode == 0 and bom.stdout.startswith("\ufeffalias,")


def test_a_json_lines_export_cut_short_at_a_line_end_is_refused_by_import(curated: Path, reference: dict, tmp_path: Path) -> None:
    # A copy or a download that stopped between two lines is valid JSON Lines: it was
    # imported as the whole state, its missing entities and decisions gone without a word.
    full = curator("export", "--format", "jsonl", db=curated).stdout.splitlines(keepends=True)
    for keep in (len(full) - 1, 1 + len(reference["articles"]), 3):
        cut = tmp_path / f"cut{keep}.jsonl"
        cut.write_text("".join(full[:keep]), "utf-8")
        out = curator("import", str(cut), db=tmp_path / f"db{keep}")
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert f"{cut}: cut short: no end line after" in out.stderr and "export it again" in out.stderr
        assert not (tmp_path / f"db{keep}" / "commit.json").exists()
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(full[:-1]) + full[1] + full[-1], "utf-8")  # one article twice
    out = curator("import", str(extra), db=tmp_path / "db-extra")
    assert out.returncode == 1 and "its end line counts" in out.stderr, out.stderr


def test_apply_reads_a_json_lines_export_as_it_reads_a_json_one(curated: Path, tmp_path: Path) -> None:
    # apply read JSON only: "not a JSON export (unexpected content after document ...)".
    lines = tmp_path / "curated.jsonl"
    assert curator("export", "--format", "jsonl", "-o", str(lines), db=curated).returncode == 0
    as_json = tmp_path / "curated.json"
    assert curator("export", "-o", str(as_json), db=curated).returncode == 0
    results = []
    for name, source in (("from-json", as_json), ("from-jsonl", lines)):
        db = tmp_path / name
        assert curator("ingest", "--resolve", "seeds", "tests/data/ingest/html/news_meta.html", db=db).returncode == 0
        out = curator("apply", str(source), db=db)
        assert out.returncode == 0 and "2 applied" in out.stdout, out.stdout + out.stderr
        results.append(orjson.loads(curator("export", db=db).stdout)["entities"])
    assert results[0] == results[1]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines.read_text("utf-8").splitlines(keepends=True)[:-1]), "utf-8")
    out = curator("apply", str(cut), db=tmp_path / "from-json")
    assert out.returncode == 1 and f"{cut}: cut short" in out.stderr, out.stderr
