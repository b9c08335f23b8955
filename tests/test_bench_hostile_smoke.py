"""The hostile-file benchmark is a tool run by hand; CI checks a tiny run end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curator.bench.hostile import END, START, hostile_text, keep_section, write_section

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_tiny_hostile_run_fills_its_section_of_benchmarks_md(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "benchmarks.md").write_text("# Benchmarks\n\nother tables\n", encoding="utf-8")
    write_section(out / "benchmarks.md", "an older run\n")
    res = subprocess.run(
        [sys.executable, "-m", "curator.bench", "hostile", "--sizes", "0.005,0.01", "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, cwd=ROOT, timeout=240,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    md = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert md.startswith("# Benchmarks\n\nother tables\n")
    assert md.count(START) == 1 and md.count(END) == 1 and "an older run" not in md
    for kind in ("dates", "names"):
        for stage in ("ingest", "resolve", "export"):
            assert f"| {kind} | 0.01 | {stage} |" in md
    assert "killed after" not in md and "failed:" not in md
    assert "growth: dates ingest" in md
    # the saved rows render the same section again, without measuring
    (out / "benchmarks.md").write_text("# Benchmarks\n\nother tables\n", encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "curator.bench", "hostile", "--render", "--out", str(out)],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert again.returncode == 0, again.stderr
    assert (out / "benchmarks.md").read_text(encoding="utf-8") == md


def test_hostile_files_have_the_size_asked_for() -> None:
    for kind in ("dates", "names"):
        size = len(hostile_text(kind, 200_000).encode("utf-8"))
        assert 190_000 <= size <= 215_000, (kind, size)


def test_the_archive_benchmark_keeps_the_hostile_section(tmp_path: Path) -> None:
    md = tmp_path / "benchmarks.md"
    write_section(md, "### table\n")
    assert keep_section(md.read_text(encoding="utf-8")) == f"{START}\n### table\n{END}\n"


def test_the_archive_benchmark_keeps_the_sections_measured_by_hand(tmp_path: Path) -> None:
    from curator.bench.hostile import BY_HAND

    start, end = BY_HAND[0]
    md = tmp_path / "benchmarks.md"
    write_section(md, "### table\n")
    md.write_text(md.read_text(encoding="utf-8") + f"\n{start}\n## Streaming export\n| a | b |\n{end}\n", encoding="utf-8")
    kept = keep_section(md.read_text(encoding="utf-8"))
    assert kept == f"{START}\n### table\n{END}\n\n{start}\n## Streaming export\n| a | b |\n{end}\n"
