"""Hostile single articles at 0.1, 1 and 4 MB: does the cost of one article grow linearly?

Two shapes that once made one article cost minutes and gigabytes (issue 15, item 12):

* ``dates``: one paragraph with the same date repeated (the date chooser compared every
  candidate with every other);
* ``names``: one article of distinct "Trung tâm ..." names, one in fifty of them
  8 KB long and alike (rapidfuzz over a whole (head, place) block, and every
  suggestion between two long names stored both in full).

``python -m curator.bench hostile`` writes each file, runs ``ingest``, ``resolve`` and
``export`` on it as a user would (a child process each, wall time and the child's peak
memory), and puts the table into ``docs/benchmarks.md`` between two markers.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from curator.bench.run import Child, run_measured

KINDS = ("dates", "names")
STAGES = ("ingest", "resolve", "export")
START = "<!-- hostile:start -->"
END = "<!-- hostile:end -->"

_CONSONANTS = "bcdghklmnpqrstvx"
_VOWELS = "aeiouy"
_ENDINGS = "bdklqrsvx"


def _word(rng: random.Random) -> str:
    # Capitalised made-up syllables ending in a letter no Vietnamese syllable ends in:
    # never a family name, head noun or place, so the extractor reads a run of them as
    # one organisation's body.
    return (rng.choice(_CONSONANTS) + rng.choice(_VOWELS) + rng.choice(_ENDINGS)).capitalize()


def hostile_text(kind: str, size: int, seed: int = 1) -> str:
    """An article of about ``size`` bytes (UTF-8) of the given hostile ``kind``."""
    rng = random.Random(seed)
    parts = ["Bản tin tổng hợp", ""]
    total = sum(len(p.encode()) + 1 for p in parts)
    if kind == "dates":
        unit = "Sáng ngày 28/7/2023, hội nghị tiếp tục phiên làm việc theo chương trình đã định. "
        step = len(unit.encode())
        parts.append(unit * max(1, (size - total) // step))
        return "\n".join(parts) + "\n"
    if kind == "names":
        names: list[str] = []
        # The long names share one body of ~2,000 words and differ in their last four:
        # every pair of them is "similar", as copies of one boilerplate are.
        shared = " ".join(_word(rng) for _ in range(2000))
        while total < size:
            tail = " ".join(_word(rng) for _ in range(4))
            name = f"Trung tâm {shared} {tail}" if rng.random() < 0.02 else f"Trung tâm {tail}"
            names.append(name)
            total += len(name.encode()) + 2
        parts.append("Các đơn vị tham dự gồm " + ", ".join(names) + ".")
        return "\n".join(parts) + "\n"
    raise ValueError(f"unknown hostile kind {kind!r} (known: {', '.join(KINDS)})")


def measure(kinds: Sequence[str], sizes_mb: Sequence[float], work: Path, code: Path | None = None,
            timeout: float = 900) -> list[dict[str, Any]]:
    """Run every stage on every hostile file; one row per (kind, size, stage)."""
    rows = []
    for kind in kinds:
        for mb in sizes_mb:
            folder = work / f"{kind}-{mb:g}MB"
            archive, db, out = folder / "archive", folder / "db", folder / "export.json"
            archive.mkdir(parents=True, exist_ok=True)
            text = hostile_text(kind, int(mb * 1_000_000))
            (archive / f"{kind}.txt").write_text(text, encoding="utf-8")
            commands = {
                "ingest": ["ingest", str(archive)],
                "resolve": ["resolve"],
                "export": ["export", "-o", str(out)],
            }
            failed = False
            for stage in STAGES:
                if failed:
                    rows.append({"kind": kind, "mb": mb, "stage": stage, "seconds": None, "rss_mb": None,
                                 "note": "not run"})
                    continue
                child = _curator([*["--db", str(db)], *commands[stage]], code, timeout)
                note = "" if child.returncode == 0 else _failure(child, timeout)
                failed = bool(note)
                extra = _sizes(db, out) if stage != "ingest" else {}
                rows.append({"kind": kind, "mb": mb, "stage": stage, "seconds": round(child.seconds, 2),
                             "rss_mb": round(child.rss_mb), "note": note, **extra})
                print(f"{kind} {mb:g} MB {stage}: {child.seconds:.2f} s, {child.rss_mb:.0f} MB {note}",
                      file=sys.stderr, flush=True)
    return rows


def _curator(args: list[str], code: Path | None, timeout: float) -> Child:
    # ``python -m curator`` puts the working folder first on sys.path: running it from
    # another checkout measures that checkout's code.
    cwd = os.getcwd()
    try:
        if code is not None:
            os.chdir(code)
        return run_measured([sys.executable, "-m", "curator", *args], timeout=timeout)
    finally:
        os.chdir(cwd)


def _failure(child: Child, timeout: float) -> str:
    if child.seconds >= timeout:
        return f"killed after {timeout:.0f} s"
    tail = (child.stderr.strip().splitlines() or [f"exit {child.returncode}"])[-1]
    return f"failed: {tail[:120]}"


def _sizes(db: Path, out: Path) -> dict[str, float]:
    found = {}
    resolution = db / "resolution.json"
    if resolution.exists():
        found["resolution_mb"] = round(resolution.stat().st_size / 1e6, 2)
    if out.exists():
        found["export_mb"] = round(out.stat().st_size / 1e6, 2)
    return found


def growth(rows: list[dict[str, Any]]) -> dict[tuple[str, str], float | None]:
    """Per (kind, stage): seconds at the largest size over seconds at the next smaller one,
    divided by the ratio of their sizes. About 1 (or below) is linear; the smallest sizes are
    left out of it because start-up time dominates them."""
    out: dict[tuple[str, str], float | None] = {}
    for kind in sorted({r["kind"] for r in rows}):
        for stage in STAGES:
            mine = sorted((r for r in rows if r["kind"] == kind and r["stage"] == stage), key=lambda r: r["mb"])
            if len(mine) < 2 or not mine[-2]["seconds"] or mine[-1]["seconds"] is None or mine[-1]["note"]:
                out[(kind, stage)] = None
                continue
            out[(kind, stage)] = round(
                (mine[-1]["seconds"] / mine[-2]["seconds"]) / (mine[-1]["mb"] / mine[-2]["mb"]), 2
            )
    return out


def section(runs: list[dict[str, Any]]) -> str:
    """The whole hostile section of benchmarks.md from the saved runs."""
    body = [
        "## One hostile article, growing",
        "",
        "Written by `python -m curator.bench hostile` (do not edit by hand; run it again). One file per row, "
        "ingested, resolved and exported by the real CLI in a child process; seconds are wall time, peak MB the "
        "child's own peak RSS. `growth` is (seconds at the largest size / seconds at the next smaller) divided by "
        "the size ratio: about 1 or below is linear, 4 would be quadratic; n/a where a stage was killed.",
        "",
    ]
    for run in runs:
        body.append(markdown(run["rows"], run["title"]))
        g = growth(run["rows"])
        body.append("growth: " + ", ".join(f"{k} {s} {'n/a' if v is None else v}" for (k, s), v in g.items()) + "\n")
    return "\n".join(body)


def markdown(rows: list[dict[str, Any]], title: str) -> str:
    """The table of one run, as a markdown section."""
    lines = [
        f"### {title}",
        "",
        "| file | MB | stage | seconds | peak MB | resolution.json MB | export MB | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['kind']} | {r['mb']:g} | {r['stage']} | {_v(r['seconds'])} | {_v(r['rss_mb'])} | "
            f"{_v(r.get('resolution_mb'))} | {_v(r.get('export_mb'))} | {r['note']} |"
        )
    return "\n".join(lines) + "\n"


def _v(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def write_section(path: Path, body: str) -> None:
    """Put ``body`` between the hostile markers of ``path`` (appended the first time)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"{START}\n{body.rstrip()}\n{END}\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Sections measured by hand (their own commands, written in the section), kept by ``bench run`` too.
BY_HAND = (
    ("<!-- streaming-export:start -->", "<!-- streaming-export:end -->"),
    ("<!-- extraction-speed:start -->", "<!-- extraction-speed:end -->"),
    ("<!-- search-bodies:start -->", "<!-- search-bodies:end -->"),
)


def keep_section(old: str) -> str:
    """The hostile section of an existing benchmarks.md, and the sections measured by
    hand (so that ``bench run`` keeps them), or ''."""
    kept = []
    for start, end in ((START, END), *BY_HAND):
        if start in old and end in old:
            kept.append(start + old.split(start, 1)[1].split(end, 1)[0] + end + "\n")
    return "\n".join(kept)
