"""The benchmark is a tool, not a test: CI only checks that a tiny run works end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from curator.bench.report import evaluate_targets


@pytest.mark.slow
def test_a_small_run_measures_every_stage_and_writes_the_report(tmp_path: Path) -> None:
    out, work = tmp_path / "docs", tmp_path / "work"
    res = subprocess.run(
        [sys.executable, "-m", "curator.bench", "run", "--articles", "24", "--names", "200",
         "--repeats", "1", "--saves", "5", "--out", str(out), "--work", str(work)],
        capture_output=True, text=True, timeout=240,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    data = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))
    size = data["sizes"]["24"]
    for stage in ("ingest", "resolve", "export"):
        assert size[stage]["seconds"] > 0, size[stage]
        assert size[stage]["rss_mb"] > 0
        assert size[stage]["floor_multiple"] > 0
    assert size["quality"]["articles_exported"] >= 24
    assert size["app"]["first_screen_s"] > 0 and size["app"]["opened"] is True
    assert size["app"]["rows"] >= 24
    assert size["save"]["n"] == 5 and size["save"]["p95_ms"] > 0
    for block in (data["seed_names"], data["names"]["200"]):
        for method in ("curator matcher", "fingerprint (OpenRefine)", "token_set_ratio >= 85"):
            assert 0 <= block[method]["f1"] <= 1
    # on the hand-annotated seeds, curator beats both baselines and makes no wrong merge
    seeds = data["seed_names"]
    assert seeds["curator matcher"]["f1"] > seeds["token_set_ratio >= 85"]["f1"]
    assert seeds["curator matcher"]["f1"] > seeds["fingerprint (OpenRefine)"]["f1"]
    assert seeds["curator matcher"]["wrong_merges"] == 0
    md = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert "## Targets" in md and "| 24 |" in md and "token_set_ratio >= 85" in md
    assert "ingest + resolve" in res.stdout


def _results(ingest: float, resolve: float, first_screen: float) -> dict:
    def size(n: int) -> dict:
        return {
            "ingest": {"seconds": ingest * n / 10_000, "rss_mb": 500},
            "resolve": {"seconds": resolve * n / 10_000, "rss_mb": 900},
            "export": {"seconds": 1, "rss_mb": 100},
            "app": {"first_screen_s": first_screen, "cursor_ms": 20, "filter_ms": 60, "open_article_ms": 80},
            "save": {"p95_ms": 12},
        }

    return {"sizes": {"10000": size(10_000), "100000": size(100_000)}, "names": {}, "seed_names": {}}


def test_targets_are_judged_on_the_measured_numbers() -> None:
    good = {(t["target"], t["where"]): t for t in evaluate_targets(_results(10, 15, 1.2))}
    assert good[("ingest + resolve", "10,000 articles")]["met"] is True
    assert good[("app first screen", "100,000 articles")]["met"] is True
    assert good[("growth 10k -> 100k vs linear", "ingest + resolve")]["value"] == pytest.approx(1.0)
    bad = {(t["target"], t["where"]): t for t in evaluate_targets(_results(20, 15, 2.5))}
    assert bad[("ingest + resolve", "10,000 articles")]["met"] is False
    assert bad[("ingest + resolve", "100,000 articles")]["met"] is False
    assert bad[("app first screen", "100,000 articles")]["met"] is False
    missing = {(t["target"], t["where"]): t for t in evaluate_targets({"sizes": {}, "names": {}})}
    assert missing[("ingest + resolve", "10,000 articles")]["met"] is None


def test_the_probe_counts_only_frames_that_change_the_screen() -> None:
    """A frame repeating what the terminal already shows is not what a key's latency ends with."""
    from rich.segment import Segment
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.geometry import Region
    from textual.strip import Strip

    from curator.bench.probes import _Cells

    cells = _Cells()
    lines = [Strip([Segment("Cục Viễn thông")]), Strip([Segment("tin số 2")])]
    assert cells.play(LayoutUpdate([[s] for s in lines], Region(0, 0, 14, 2))) == len("Cục Viễn thông") + len("tin số 2")
    same = ChopsUpdate([{0: lines[0]}, {}], [(0, 0, 14)], [[14], []])
    assert cells.play(same) == 0
    changed = ChopsUpdate([{0: Strip([Segment("Cục Viễn thông & Cơ yếu")])}, {}], [(0, 0, 30)], [[30], []])
    assert cells.play(changed) == len(" & Cơ yếu")
