"""Hostile and broken input through ingest, resolution and export: no crash, no
traceback, one clear line per bad file, no control sequence survives, markup stays text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.export import validate_export
from curator.ingest import decode_bytes, parse_document
from curator.ingest.decode import UndecodableFile
from tests.hostile_corpus import MARKUP_TITLE, build, cases

ROOT = Path(__file__).resolve().parent.parent
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict, Path]:
    base = tmp_path_factory.mktemp("hostile")
    folder = build(base / "corpus")
    db = base / "db"
    env = {**os.environ}
    ingest = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), "ingest", str(folder), "--resolve"],
        capture_output=True, text=True, cwd=ROOT, timeout=600, env=env,
    )
    export = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), "export"], capture_output=True, cwd=ROOT, timeout=600
    )
    assert export.returncode == 0, export.stderr
    return ingest, orjson.loads(export.stdout), folder


def test_ingest_goes_on_past_every_bad_file(hostile_run) -> None:
    ingest, data, folder = hostile_run
    assert ingest.returncode == 0, ingest.stderr
    assert "Traceback" not in ingest.stderr + ingest.stdout
    problems = [l for l in ingest.stderr.splitlines() if l.strip() and not l.startswith("\r")]
    for bad in ("empty.txt", "whitespace only.txt", "binary.txt", "huge 50MB.txt"):
        lines = [l for l in problems if bad in l]
        assert len(lines) == 1, (bad, problems)
    sources = {a["source_file"] for a in data["articles"]}
    for good in ("utf16 bom.txt", "utf16 no bom.txt", "nfd.txt", "markup.txt", "escapes.txt", "mixed newlines.txt", "windows1258.txt"):
        assert good in sources, good


def test_export_stays_valid_and_clean(hostile_run) -> None:
    _, data, _ = hostile_run
    assert validate_export(data) == []
    for art in data["articles"]:
        for value in (art["text"], art["title"] or "", art["author"] or ""):
            assert not CONTROL.search(value), (art["source_file"], CONTROL.search(value))
        for m in art["mentions"]:  # a title's mentions point into the title as ingested
            into = art["extracted"]["title"]["value"] if m["field"] == "title" else art["text"]
            assert into[m["start"]:m["end"]] == m["text"]


def test_markup_is_kept_as_literal_text(hostile_run) -> None:
    _, data, _ = hostile_run
    art = next(a for a in data["articles"] if a["source_file"] == "markup.txt")
    assert art["title"] == MARKUP_TITLE
    assert "[link=file:///etc/passwd]x[/link]" in art["text"]


def test_nfd_and_utf16_read_as_the_same_vietnamese(hostile_run) -> None:
    _, data, _ = hostile_run
    by = {a["source_file"]: a for a in data["articles"]}
    assert by["nfd.txt"]["title"] == "Tin NFD về Cục Viễn thông & Cơ yếu"
    assert by["utf16 no bom.txt"]["title"] == "Tin UTF-16 không BOM"
    assert by["windows1258.txt"]["title"] == "Tin Windows-1258 về Cục Viễn thông"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_decoding_and_parsing_never_raise_on_arbitrary_bytes(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except UndecodableFile:
        return
    for art in parse_document(decoded.text, "x.txt"):
        assert not CONTROL.search(art.text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_parsing_never_raises_on_arbitrary_text(text: str) -> None:
    for art in parse_document(text, "x.txt"):
        assert not CONTROL.search(art.text)
        assert art.id


def test_static_corpus_matches_the_builder() -> None:
    folder = ROOT / "tests" / "data" / "hostile"
    for name, content in cases().items():
        assert (folder / name).read_bytes() == content, name
