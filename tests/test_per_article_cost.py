"""One article never costs more than its size: hostile repetition grows the work linearly.

Issue 15 item 12. These tests count work, not seconds: how often the date chooser looks
at a candidate, how many name pairs rapidfuzz is asked to score. The CLI tests use
sizes at which the old code was pathological (minutes) and the new one takes seconds,
under a subprocess timeout far from both.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from curator.bench.hostile import hostile_text
from curator.ingest.dates import DateCandidate, choose_date

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
