"""Measure the real CLI, the app, decision saves and name resolution at several archive sizes.

Every stage runs as a child process of the real CLI (``curator --db DIR
ingest PATH`` and so on); wall time is measured around it and peak memory is
the child's own ``ru_maxrss`` from ``os.wait4``. Each size is also measured
against a floor (read every file, write the same text as JSON, nothing else),
so a stage can be read as "N times the cost of touching the data at all".
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator.bench.generate import generate

STAGES = ("ingest", "resolve", "export")
LARGE = 50_000  # sizes from here on run ``large_repeats`` times (a 100k run takes minutes)


@dataclass
class Child:
    seconds: float
    rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: Sequence[str], timeout: float | None = None) -> Child:
    """Run ``cmd``: wall seconds and the peak RSS (MB) of exactly this child (``os.wait4``).

    Output goes to temporary files instead of pipes so the runner can poll
    ``wait4`` without risking a full pipe.
    """
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, open(os.devnull, "rb") as stdin:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdin=stdin, stdout=out, stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"},
        )
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(
            seconds,
            usage.ru_maxrss / 1024,  # KB on Linux
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def curator_cmd() -> list[str]:
    """The installed ``curator`` console script next to this interpreter, else ``python -m curator``."""
    script = Path(sys.executable).parent / "curator"
    if script.exists():
        return [str(script)]
    found = shutil.which("curator")
    return [found] if found else [sys.executable, "-m", "curator"]


def cli_has(command: str) -> bool:
    try:
        res = subprocess.run([*curator_cmd(), "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return res.returncode == 0 and any(line.split()[:1] == [command] for line in res.stdout.splitlines())


def probe(kind: str, *args: str, timeout: float = 1800) -> tuple[dict[str, Any], Child]:
    child = run_measured([sys.executable, "-m", "curator.bench.probes", kind, *args], timeout=timeout)
    last = child.stdout.strip().splitlines()[-1:] if child.stdout.strip() else []
    if child.returncode != 0 or not last:
        tail = (child.stderr.strip().splitlines() or ["no output"])[-1]
        return {"skipped": f"{kind} probe failed (exit {child.returncode}): {tail}"}, child
    return json.loads(last[0]), child


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["processor"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    for mod in ("tinydb", "rapidfuzz", "textual", "orjson"):
        try:
            from importlib.metadata import version

            info[mod] = version(mod)
        except Exception:  # noqa: BLE001 - a missing package is just not reported
            pass
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent
        ).stdout.strip()
    except OSError:
        pass
    return info


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure_size(n: int, repeats: int, work: Path, seed: int, with_app: bool, save_n: int) -> dict[str, Any]:
    """Every measurement at one archive size."""
    res: dict[str, Any] = {"articles": n}
    gen_dir = work / f"archive-{n}-s{seed}"
    if not (gen_dir / "gold.json").exists():
        shutil.rmtree(gen_dir, ignore_errors=True)
        rep = generate(gen_dir, n, seed)
        res["generate"] = {"seconds": rep.seconds, "files": rep.files, "mb": rep.bytes / 1e6}
        _log(f"[{n}] generated {rep.files} files, {rep.bytes / 1e6:.1f} MB in {rep.seconds:.1f} s")
    else:
        gold = orjson.loads((gen_dir / "gold.json").read_bytes())
        res["generate"] = {"seconds": None, "files": gold["stats"]["files"], "mb": gold["stats"]["bytes"] / 1e6}
    archive = gen_dir / "archive"
    floors = []
    for _ in range(repeats):
        out, child = probe("floor", str(archive), str(work / "floor.json"))
        floors.append((child.seconds, child.rss_mb))
        (work / "floor.json").unlink(missing_ok=True)
    res["floor"] = {"seconds": statistics.median(s for s, _ in floors), "rss_mb": max(m for _, m in floors)}
    _log(f"[{n}] floor {res['floor']['seconds']:.2f} s")
    have = {stage: cli_has(stage) for stage in STAGES}
    runs: dict[str, list[Child]] = {stage: [] for stage in STAGES}
    db = work / f"db-{n}"
    for r in range(repeats):
        shutil.rmtree(db, ignore_errors=True)
        export_file = work / f"export-{n}.json"
        cmds = {
            "ingest": [*curator_cmd(), "--db", str(db), "ingest", str(archive)],
            "resolve": [*curator_cmd(), "--db", str(db), "resolve"],
            "export": [*curator_cmd(), "--db", str(db), "export", "-o", str(export_file)],
        }
        for stage in STAGES:
            if not have[stage]:
                continue
            child = run_measured(cmds[stage], timeout=3600)
            runs[stage].append(child)
            _log(f"[{n}] {stage} #{r + 1}: {child.seconds:.2f} s, {child.rss_mb:.0f} MB, exit {child.returncode}")
            if child.returncode != 0:
                _log(child.stderr[-2000:])
                break
    for stage in STAGES:
        if not have[stage]:
            res[stage] = {"skipped": f"`curator {stage}` not available"}
            continue
        ok = [c for c in runs[stage] if c.returncode == 0]
        if not ok:
            failed = runs[stage][-1] if runs[stage] else None
            res[stage] = {"skipped": f"`curator {stage}` failed" + (f": {failed.stderr.strip()[-300:]}" if failed else "")}
            continue
        secs = statistics.median(c.seconds for c in ok)
        res[stage] = {
            "seconds": secs,
            "per_second": n / secs if secs else None,
            "rss_mb": max(c.rss_mb for c in ok),
            "floor_multiple": secs / res["floor"]["seconds"] if res["floor"]["seconds"] else None,
            "runs": [round(c.seconds, 3) for c in ok],
        }
    ingest_out = runs["ingest"][-1].stdout if runs["ingest"] else ""
    res["ingest_summary"] = ingest_out.strip().splitlines()[-1] if ingest_out.strip() else ""
    export_file = work / f"export-{n}.json"
    if export_file.exists():
        res["quality"] = score_export(export_file, gen_dir / "gold.json")
        export_file.unlink()
    if db.exists():
        if with_app:
            out, child = probe("app", str(db))
            res["app"] = out if "skipped" in out else {**out, "rss_mb": child.rss_mb}
            _log(f"[{n}] app: {out}")
        else:
            res["app"] = {"skipped": "app not measured (--no-app)"}
        out, child = probe("save", str(db), str(save_n))
        res["save"] = out
        _log(f"[{n}] save: {out}")
    else:
        res["app"] = {"skipped": "no database (ingest not available)"}
        res["save"] = {"skipped": "no database (ingest not available)"}
    return res


def score_export(export_file: Path, gold_file: Path) -> dict[str, Any]:
    """How the exported entities compare with the generator's truth.

    Names the gold knows are grouped by the export's entities (each alias in
    one entity) and scored pairwise against the gold entities; wrong merges
    count gold entities that one exported entity joins.
    """
    from curator.bench.scoring import score_clusters

    data = orjson.loads(export_file.read_bytes())
    gold = orjson.loads(gold_file.read_bytes())
    truth: dict[str, str] = {}
    kinds: dict[str, dict[str, Any]] = {}
    for e in gold["entities"]:
        kinds[e["id"]] = e
        for form in e["surface_forms"]:
            truth[form] = e["id"]
    pred: list[list[str]] = []
    found: set[str] = set()
    for ent in data.get("entities", []):
        names = {a for a in ent.get("aliases", []) if a in truth}
        if ent.get("name") in truth:
            names.add(ent["name"])
        if names:
            pred.append(sorted(names))
            found |= names
    scored = score_clusters(pred, truth, kinds)
    articles = data.get("articles", [])
    return {
        "articles_exported": len(articles),
        "articles_in_gold": gold["stats"]["articles"],
        "duplicates_marked": sum(1 for a in articles if a.get("duplicate_of")),
        "duplicates_in_gold": len(gold["duplicates"]),
        "gold_names": len(truth),
        "gold_names_found": len(found),
        **scored,
    }


BASELINE_LIMIT = 20_000  # token_set_ratio compares every pair: 20k names is already 4e8 comparisons


def _compare(records: list[Any], truth: dict[str, str], kinds: dict[str, Any], definitions: Sequence[Any],
             label: str, token_set_too: bool) -> dict[str, Any]:
    """Cluster ``records`` with curator's matcher and the baselines and score each against ``truth``."""
    from curator.bench.scoring import score_clusters
    from curator.resolve import baselines, matcher

    def as_names(clusters: Sequence[Sequence[int]]) -> list[list[str]]:
        return [[records[i].text for i in c] for c in clusters]

    methods = {
        "curator matcher": lambda: as_names(_matcher_clusters(matcher, records, definitions)),
        "fingerprint (OpenRefine)": lambda: as_names(baselines.fingerprint_clusters(records)),
    }
    if token_set_too:
        methods["token_set_ratio >= 85"] = lambda: as_names(baselines.token_set_clusters(records))
    results: dict[str, Any] = {"names": len(records), "entities": len(set(truth.values()))}
    for method, fn in methods.items():
        started = time.perf_counter()
        clusters = fn()
        seconds = time.perf_counter() - started
        results[method] = {"seconds": seconds, **score_clusters(clusters, truth, kinds)}
        _log(f"[{label}] {method}: " + ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in results[method].items()))
    return results


def measure_names(n_names: int, work: Path, seed: int) -> dict[str, Any]:
    """curator's matcher vs the two baselines on a generated name list of ``n_names`` names."""
    from curator.bench.generate import build_entities, generate_names
    from curator.resolve import matcher

    out = work / f"names-{n_names}-s{seed}"
    generate_names(out, n_names, seed)
    rows = [line.split("\t") for line in (out / "names.tsv").read_text(encoding="utf-8").splitlines()]
    truth: dict[str, str] = orjson.loads((out / "names_gold.json").read_bytes())
    kinds = {e.id: {"kind": e.kind, "province": e.province, "type": e.type}
             for e in build_entities(max(300, n_names), seed)}
    records = [matcher.NameRecord(text, type_, 1) for text, type_ in rows]
    return _compare(records, truth, kinds, (), f"names {n_names}", n_names <= BASELINE_LIMIT)


def measure_seed_names() -> dict[str, Any]:
    """The same comparison on the distinct names of the hand annotation of ``seeds/``.

    Every method sees the same distinct (name, type) list; curator's matcher
    also gets the definitions the extractor finds in the seeds' text ("Cục
    Viễn thông và cơ yếu (Cục H04)"), which is evidence the baselines cannot use.
    """
    from curator.extract import extract
    from curator.resolve import matcher

    root = Path(__file__).resolve().parents[2]
    gold_file = root / "tests" / "data" / "annotations" / "seeds.json"
    if not gold_file.exists():
        return {"skipped": f"no annotation at {gold_file}"}
    files = orjson.loads(gold_file.read_bytes())["files"]
    truth: dict[str, str] = {}
    kinds: dict[str, Any] = {}
    types: dict[str, str] = {}
    definitions: list[Any] = []
    for fname, rows in sorted(files.items()):
        text = (root / "seeds" / fname).read_text(encoding="utf-8")
        definitions += extract(text).definitions
        for r in rows:
            truth.setdefault(r["text"], r["entity"])
            types.setdefault(r["text"], r["type"])
            kinds[r["entity"]] = {"type": r["type"]}
    records = [matcher.NameRecord(text, types[text], 1) for text in sorted(truth)]
    return _compare(records, truth, kinds, definitions, "seed names", True)


def _matcher_clusters(matcher: Any, records: list[Any], definitions: Sequence[Any] = ()) -> list[list[int]]:
    """Automatic merges of ``matcher.cluster`` as index lists (suggestions are not merges)."""
    result = matcher.cluster(records, definitions)
    index: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(records):
        index.setdefault((r.type, r.text), []).append(i)
    out = []
    for c in result["clusters"]:
        members = [i for name in c["members"] for i in index.get((c["type"], name), [])]
        out.append(members)
    return out


def run(sizes: Sequence[int], repeats: int, out_dir: Path, work: Path, seed: int, names: Sequence[int],
        with_app: bool = True, save_n: int = 40, large_repeats: int = 1) -> dict[str, Any]:
    """Measure every size (smallest first), the name comparison, then write results and report."""
    work.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "repeats": repeats, "large_repeats": large_repeats,
                               "seed": seed, "sizes": {}}
    for n in sorted(sizes):
        reps = repeats if n < LARGE else min(repeats, large_repeats)
        results["sizes"][str(n)] = measure_size(n, reps, work, seed, with_app, save_n)
        results["sizes"][str(n)]["repeats"] = reps
    results["seed_names"] = measure_seed_names()
    results["names"] = {str(k): measure_names(k, work, seed) for k in sorted(set(names)) if k > 0}
    from curator.bench.report import evaluate_targets, write_chart, write_markdown

    results["targets"] = evaluate_targets(results)
    results["seconds"] = time.perf_counter() - started
    (out_dir / "benchmarks.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    chart = write_chart(results, out_dir / "benchmarks.png")
    write_markdown(results, out_dir / "benchmarks.md", chart)
    return results
