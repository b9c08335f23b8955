"""Turn a benchmark run into ``benchmarks.md``, a chart and a verdict on each target."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

METHODS = ("curator matcher", "fingerprint (OpenRefine)", "token_set_ratio >= 85")


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def _stage(results: dict[str, Any], n: int, stage: str, field: str = "seconds") -> float | None:
    return _num(results["sizes"].get(str(n), {}).get(stage, {}).get(field))


def _target(name: str, value: float | None, limit: float, unit: str, where: str) -> dict[str, Any]:
    if value is None:
        return {"target": name, "where": where, "limit": f"< {limit:g} {unit}", "value": None,
                "met": None, "shown": "not measured"}
    shown = f"{value:.2f} {unit}" if value < 10 else f"{value:.1f} {unit}"
    return {"target": name, "where": where, "limit": f"< {limit:g} {unit}", "value": value,
            "met": value < limit, "shown": shown}


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 5 (and the matcher's from issue 3), measured or 'not measured'."""
    out: list[dict[str, Any]] = []

    def ingest_resolve(n: int) -> float | None:
        a, b = _stage(results, n, "ingest"), _stage(results, n, "resolve")
        return a + b if a is not None and b is not None else None

    out.append(_target("ingest + resolve", ingest_resolve(10_000), 30, "s", "10,000 articles"))
    out.append(_target("ingest + resolve", ingest_resolve(100_000), 300, "s", "100,000 articles"))
    rss = [_stage(results, 100_000, s, "rss_mb") for s in ("ingest", "resolve", "export")]
    rss_known = [r for r in rss if r is not None]
    out.append(_target("peak memory (any stage)", max(rss_known) if rss_known else None, 2048, "MB", "100,000 articles"))
    t10, t100 = ingest_resolve(10_000), ingest_resolve(100_000)
    ratio = (t100 / t10) / 10 if t10 and t100 else None
    out.append(_target("growth 10k -> 100k vs linear", ratio, 2, "x linear", "ingest + resolve"))
    for field, limit, unit, label in (
        ("first_screen_s", 1.5, "s", "app first screen"),
        ("cursor_ms", 50, "ms", "app cursor move"),
        ("filter_ms", 100, "ms", "app filter keystroke"),
        ("open_article_ms", 100, "ms", "app open an article (the first, entities loading)"),
        ("open_again_ms", 100, "ms", "app open an article (again, entities loading)"),
        ("next_article_ms", 100, "ms", "app next article n (entities loading)"),
        ("open_idle_ms", 100, "ms", "app open an article (loading done)"),
        ("next_idle_ms", 100, "ms", "app next article n (loading done)"),
    ):
        out.append(_target(label, _stage(results, 100_000, "app", field), limit, unit, "100,000 articles"))
    out.append(_target("decision save p95", _stage(results, 100_000, "save", "p95_ms"), 50, "ms", "100,000 articles"))
    names = results.get("names", {})
    if "50000" in names:
        out.append(_target("matcher, 50,000 names", _num(names["50000"].get("curator matcher", {}).get("seconds")),
                           10, "s", "50,000 names"))
    for label, block in [("seed names", results.get("seed_names", {}))] + [
        (f"{int(k):,} generated names", v) for k, v in names.items()
    ]:
        ours = block.get("curator matcher")
        if not ours:
            continue
        others = [block[m]["f1"] for m in METHODS[1:] if m in block]
        if others:
            best = max(others)
            out.append({"target": "F1 above both baselines", "where": label, "limit": f"> {best:.3f}",
                        "value": ours["f1"], "met": ours["f1"] > best, "shown": f"{ours['f1']:.3f}"})
        wrong = ours.get("wrong_merges_provinces", 0) + ours.get("wrong_merges_people", 0)
        out.append({"target": "wrong merges across provinces / people", "where": label, "limit": "0",
                    "value": wrong, "met": wrong == 0, "shown": str(wrong)})
    return out


def _log_axes(ax: Any, xlabel: str, title: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("seconds")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)


def write_chart(results: dict[str, Any], path: Path) -> Path | None:
    """Time against archive size (log-log, with a linear reference), and the matcher against name count."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    sizes = sorted(int(n) for n in results["sizes"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for stage, style in (("floor", ":"), ("ingest", "-"), ("resolve", "-"), ("export", "-")):
        pts = [(n, _stage(results, n, stage)) for n in sizes]
        pts = [(n, s) for n, s in pts if s]
        if pts:
            left.plot([p[0] for p in pts], [p[1] for p in pts], style, marker="o", label=stage)
    if sizes:
        base_n = sizes[0]
        base = (_stage(results, base_n, "ingest") or 0) + (_stage(results, base_n, "resolve") or 0)
        if base:
            left.plot(sizes, [base * n / base_n for n in sizes], "--", color="grey", linewidth=0.8,
                      label="linear (ingest+resolve)")
    _log_axes(left, "articles", "CLI stages against archive size")
    names = results.get("names", {})
    counts = sorted(int(k) for k in names)
    for method in METHODS:
        pts = [(k, _num(names[str(k)].get(method, {}).get("seconds"))) for k in counts]
        pts = [(k, s) for k, s in pts if s]
        if pts:
            right.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=method)
    _log_axes(right, "distinct names", "Name resolution against name count")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _f(value: Any, fmt: str = "{:.2f}") -> str:
    v = _num(value)
    return "—" if v is None else fmt.format(v)


def write_markdown(results: dict[str, Any], path: Path, chart: Path | None) -> None:
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `python -m curator.bench run` (do not edit by hand; run it again).",
        "",
        f"Machine: {m.get('processor', '?')}, {m.get('cpus', '?')} CPUs, {m.get('memory_gb', '?')} GB; "
        f"Python {m.get('python')}, Textual {m.get('textual', '?')}, TinyDB {m.get('tinydb', '?')}, "
        f"rapidfuzz {m.get('rapidfuzz', '?')}; commit {m.get('commit', '?')}. "
        f"Each stage is the median of {results['repeats']} runs ({results.get('large_repeats', 1)} from 50,000 articles up) "
        "on a generated archive "
        f"(seed {results['seed']}); the whole run took {results.get('seconds', 0) / 60:.1f} min.",
        "",
        "## Targets",
        "",
        "| target | where | limit | measured | |",
        "|---|---|---|---|---|",
    ]
    for t in results.get("targets", []):
        mark = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['target']} | {t['where']} | {t['limit']} | {t['shown']} | {mark} |")
    lines += [
        "",
        "## Ingest, resolve, export",
        "",
        "Each stage is the real `curator` command in a child process; peak RSS is that child's. "
        "The floor reads every file and writes the same text as one JSON file, nothing else; "
        "`x floor` is a stage's time as a multiple of it.",
        "",
        "| articles | files | MB | floor s | stage | seconds | articles/s | x floor | peak RSS MB |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for n in sorted(int(k) for k in results["sizes"]):
        r = results["sizes"][str(n)]
        gen = r.get("generate", {})
        for i, stage in enumerate(("ingest", "resolve", "export")):
            s = r.get(stage, {})
            head = (f"| {n:,} | {gen.get('files', '—')} | {_f(gen.get('mb'), '{:.1f}')} | "
                    f"{_f(r.get('floor', {}).get('seconds'))} " if i == 0 else "| | | | ")
            if "skipped" in s:
                lines.append(head + f"| {stage} | {s['skipped']} | | | |")
            else:
                lines.append(head + f"| {stage} | {_f(s.get('seconds'))} | {_f(s.get('per_second'), '{:,.0f}')} | "
                             f"{_f(s.get('floor_multiple'), '{:.1f}')} | {_f(s.get('rss_mb'), '{:,.0f}')} |")
    lines += ["", "Extraction and resolution measured against the generator's gold file (every surface form "
              "it wrote, and which entity it belongs to):", "",
              "| articles | exported | duplicates marked / planted | gold names found | pairwise P | R | F1 | wrong merges (provinces / people) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sorted(int(k) for k in results["sizes"]):
        q = results["sizes"][str(n)].get("quality")
        if q:
            lines.append(
                f"| {n:,} | {q['articles_exported']:,} | {q['duplicates_marked']} / {q['duplicates_in_gold']} | "
                f"{q['gold_names_found']:,} of {q['gold_names']:,} | {q['precision']:.3f} | {q['recall']:.3f} | "
                f"{q['f1']:.3f} | {q['wrong_merges']} ({q['wrong_merges_provinces']} / {q['wrong_merges_people']}) |")
    lines += ["", "## The app, headless", "",
              "`CuratorApp.run_test(size=(120, 40))` in a fresh process on the database the stages above built; "
              "key latency is from the key press to the last screen update it caused that changed what is on screen "
              "(within the burst of updates that follows the key: one 0.15 s or more later, such as the loading thread "
              "finishing, is not the key's; an update that repaints what is already there is not counted). "
              "Cursor moves are timed "
              "right after the first screen, while the entities and the article files are still being loaded in the "
              "background; opening is timed then and again once that loading is done, then the review loop (the Review "
              "screen shown the first time, then reject, undo, accept, undo; *undo* is the slower of the two), then "
              "an entity's detail: the most named entity first (the first detail shown, and the slowest: it is "
              "named in about a third of the articles), then one named in a single article. "
              "*First screen* counts from "
              "the app's start; *with imports* adds importing Textual and the app (what a user waits after pressing "
              "enter, less the interpreter's own start).", "",
              "| articles | first screen s (with imports) | cursor ms (p50 / p95) | filter ms (p50 / max) | open article ms (first / again / next n) | once loaded: open / n ms (loaded after s) | review ms (first / reject / accept / undo) | entity detail ms (most named / one of the least) | app peak RSS MB | decision save ms (p50 / p95) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sorted(int(k) for k in results["sizes"]):
        a = results["sizes"][str(n)].get("app", {})
        sv = results["sizes"][str(n)].get("save", {})
        if "skipped" in a:
            app_cells = f"{a['skipped']} | | | | | | | |"
        else:
            app_cells = (f"{_f(a.get('first_screen_s'))} ({_f(a.get('first_screen_with_import_s'))}) | "
                         f"{_f(a.get('cursor_ms'), '{:.0f}')} / {_f(a.get('cursor_p95_ms'), '{:.0f}')} | "
                         f"{_f(a.get('filter_ms'), '{:.0f}')} / {_f(a.get('filter_max_ms'), '{:.0f}')} | "
                         f"{_f(a.get('open_article_ms'), '{:.0f}')} / {_f(a.get('open_again_ms'), '{:.0f}')} / "
                         f"{_f(a.get('next_article_ms'), '{:.0f}')} | "
                         f"{_f(a.get('open_idle_ms'), '{:.0f}')} / {_f(a.get('next_idle_ms'), '{:.0f}')} "
                         f"({_f(a.get('background_done_s'), '{:.0f}')}) | "
                         f"{_f(a.get('review_first_ms'), '{:.0f}')} / {_f(a.get('review_reject_ms'), '{:.0f}')} / "
                         f"{_f(a.get('review_accept_ms'), '{:.0f}')} / {_f(a.get('review_undo_ms'), '{:.0f}')} | "
                         f"{_f(a.get('entity_top_ms'), '{:.0f}')} / {_f(a.get('entity_small_ms'), '{:.0f}')} | "
                         f"{_f(a.get('rss_mb'), '{:.0f}')} |")
        save = "—" if "skipped" in sv else f"{_f(sv.get('p50_ms'), '{:.1f}')} / {_f(sv.get('p95_ms'), '{:.1f}')}"
        lines.append(f"| {n:,} | {app_cells} {save} |")
    again = sorted({str(a["measured_at_commit"]) for k in results["sizes"]
                    if "measured_at_commit" in (a := results["sizes"][k].get("app", {}))})
    if again:
        lines += ["", f"The app rows were measured again after the run, at commit {', '.join(again)} "
                      "(`python -m curator.bench.probes app DB` on the same databases)."]
    lines += ["", "## Name resolution against the baselines", "",
              "The same names for every method. *fingerprint* is OpenRefine's key collision (fold accents, "
              "sort words); *token_set_ratio >= 85* is rapidfuzz with union-find. Only automatic merges count "
              "(curator's suggestions are not merges). Wrong merges count pairs of distinct gold entities put "
              "together; the two kinds that must never happen are shown apart.", "",
              "| names | method | precision | recall | F1 | seconds | wrong merges | across provinces | between people |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    blocks = [("seeds (hand annotation)", results.get("seed_names", {}))] + [
        (f"{int(k):,} generated", v) for k, v in sorted(results.get("names", {}).items(), key=lambda kv: int(kv[0]))]
    for label, block in blocks:
        for method in METHODS:
            r = block.get(method)
            if r:
                lines.append(f"| {label} | {method} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                             f"{r['seconds']:.2f} | {r['wrong_merges']} | {r['wrong_merges_provinces']} | "
                             f"{r['wrong_merges_people']} |")
    lines.append("")
    lines.append("token_set_ratio is run only up to 20,000 names (it compares every pair).")
    if chart is not None:
        lines += ["", "## Time against size", "", f"![time against archive size]({chart.name})", ""]
    from curator.bench.hostile import keep_section

    # The hostile-file table is written by ``bench hostile``, a separate run: keep it.
    kept = keep_section(path.read_text(encoding="utf-8")) if path.exists() else ""
    path.write_text("\n".join(lines) + "\n" + ("\n" + kept if kept else ""), encoding="utf-8")
