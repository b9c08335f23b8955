"""One article never costs more than its size: hostile repetition grows the work linearly.

Issue 15 item 12. These tests count work, not seconds: how often the date chooser looks
at a candidate, how many name pairs rapidfuzz is asked to score. The CLI tests use
sizes at which the old code was pathological (minutes) and the new one takes seconds,
under a subprocess timeout far from both.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from curator.bench.hostile import _word, hostile_text
from curator.ingest.dates import DateCandidate, choose_date
from curator.resolve import matcher, similarity
from curator.resolve.keys import MAX_KEY, name_key
from curator.resolve.matcher import NameRecord
from curator.store.commit import committed_path

ROOT = Path(__file__).resolve().parent.parent


def curator(*args: str, db: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=dict(os.environ),
    )


class CountedCandidate(DateCandidate):
    """A candidate that counts how often the chooser reads its date."""

    reads = 0

    @property
    def iso(self) -> str | None:
        CountedCandidate.reads += 1
        return super().iso


def reads_to_choose(repeats: int) -> int:
    cands = [CountedCandidate(2023, 7, 28, "28/7/2023", "lead", 0.75, 40 * i) for i in range(repeats)]
    cands += [CountedCandidate(None, 7, 28, "Sáng 28/7", "lead-partial", 0.4, 40 * i + 20) for i in range(repeats)]
    CountedCandidate.reads = 0
    chosen, _ = choose_date(cands)
    assert chosen is not None and chosen.iso == "2023-07-28"
    return CountedCandidate.reads


def test_choosing_among_twice_the_repeated_dates_takes_twice_the_work() -> None:
    # the old chooser compared every candidate with every other: 4x the reads for 2x the dates
    small, large = reads_to_choose(1000), reads_to_choose(2000)
    assert large <= 2.2 * small, (small, large)


def test_a_page_repeating_one_date_thirty_thousand_times_ingests_in_seconds(tmp_path: Path) -> None:
    # 2.6 MB, one paragraph, the date ~30,000 times: the old code needed more than ten minutes
    # (2,000 repetitions took 8.5 s and the work grew with the square); now a few seconds.
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "lap-lai.txt").write_text(hostile_text("dates", 2_600_000), encoding="utf-8")
    db = tmp_path / "db"
    ingested = curator("ingest", str(archive), db=db)
    assert ingested.returncode == 0, ingested.stderr
    exported = curator("export", db=db)
    (article,) = orjson.loads(exported.stdout)["articles"]
    assert article["published"] == "2023-07-28"


# -- resolve: one block of thousands of names, names of thousands of words ------------------------

def block_of_names(n: int, seed: int = 3) -> list[NameRecord]:
    """``n`` distinct "Trung tâm ..." organisations: one (head, place) block."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        seen.add("Trung tâm " + " ".join(_word(rng) for _ in range(4)))
    return [NameRecord(name, "organization") for name in sorted(seen)]


def scored_pairs(names: list[NameRecord], monkeypatch: pytest.MonkeyPatch) -> int:
    """How many name pairs rapidfuzz is asked to score while matching ``names``."""
    cells = 0
    real = similarity.process.cdist

    def counting(rows: Any, cols: Any, **kw: Any) -> Any:
        nonlocal cells
        cells += len(rows) * len(cols)
        return real(rows, cols, **kw)

    monkeypatch.setattr(similarity.process, "cdist", counting)
    matcher.match(names)
    return cells


def test_twice_the_names_in_one_block_cost_twice_the_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    # the old matcher scored every pair of a (head, place) block: 4x the work for 2x the names
    small, large = scored_pairs(block_of_names(4000), monkeypatch), scored_pairs(block_of_names(8000), monkeypatch)
    assert large <= 2.2 * small, (small, large)
    assert large <= 2 * similarity._MAX_BLOCK * 8000  # no name pays more than in the largest block compared whole


def test_a_typo_in_a_huge_block_is_still_suggested() -> None:
    names = block_of_names(5000)
    typo = names[1234].text[:-1] + ("x" if names[1234].text[-1] != "x" else "y")
    first = names[4321].text[len("Trung tâm ")]
    early = "Trung tâm " + ("Q" if first != "Q" else "Z") + names[4321].text[len("Trung tâm Q"):]  # body's first letter
    result = matcher.cluster([*names, NameRecord(typo, "organization"), NameRecord(early, "organization")])
    pairs = {(s["a"], s["b"]) for s in result["suggestions"]}
    assert tuple(sorted((names[1234].text, typo))) in pairs
    assert tuple(sorted((names[4321].text, early))) in pairs


def test_keys_of_huge_names_are_capped_yet_stay_distinct() -> None:
    rng = random.Random(5)
    body = " ".join(_word(rng) for _ in range(2000))
    a, b = "Trung tâm " + body, "Trung tâm " + body + " Mới"
    assert name_key(a) != name_key(b)
    assert name_key(a) == name_key(a.upper().replace("TRUNG TÂM", "Trung tâm"))
    assert len(name_key(a)) <= MAX_KEY + 17
    assert "…" not in name_key("Trung tâm " + " ".join(body.split()[:30]))  # real names are untouched


def test_resolving_a_page_of_distinct_names_keeps_resolution_small(tmp_path: Path) -> None:
    # 1 MB, one article of distinct "Trung tâm ..." names, 1 in 50 of them ~10 KB long: the old
    # code stored both full names in every link (a 1.6 GB resolution.json at 4 MB)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "danh-sach.txt").write_text(hostile_text("names", 1_000_000), encoding="utf-8")
    db = tmp_path / "db"
    assert curator("ingest", str(archive), db=db).returncode == 0
    resolved = curator("resolve", db=db)
    assert resolved.returncode == 0, resolved.stderr
    resolution = orjson.loads(committed_path(db, "resolution.json").read_bytes())
    links = resolution["links"]
    links = list(links.values()) if isinstance(links, dict) else links
    assert links and max(len(link["a"]) + len(link["b"]) for link in links) <= 2 * (MAX_KEY + 40)
    assert committed_path(db, "resolution.json").stat().st_size < 5_000_000  # 3.9 MB now, 57 MB before
    exported = curator("export", "-o", str(tmp_path / "out.json"), db=db)
    assert exported.returncode == 0, exported.stderr


def crowd_of_look_alikes(n: int) -> list[NameRecord]:
    """``n`` long names that are one boilerplate with a different ending: all alike."""
    rng = random.Random(7)
    shared = " ".join(_word(rng) for _ in range(300))
    tails: set[str] = set()
    while len(tails) < n:
        tails.add(" ".join(_word(rng) for _ in range(3)))
    return [NameRecord(f"Trung tâm {shared} {tail}", "organization") for tail in sorted(tails)]


def test_a_crowd_of_look_alike_names_costs_links_in_proportion_to_its_size() -> None:
    # every pair is similar: the old matcher stored n * (n - 1) / 2 suggestions
    small, large = len(matcher.match(crowd_of_look_alikes(200))), len(matcher.match(crowd_of_look_alikes(400)))
    assert large <= 2.2 * small, (small, large)
    assert large <= similarity._MAX_SIMILAR * 400
