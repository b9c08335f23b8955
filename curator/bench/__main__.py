"""``python -m curator.bench generate|names|run|hostile|conll`` (see ``curator/bench/__init__.py``)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Synthetic archives and benchmarks at archive scale."""


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--articles", type=int, default=1000, show_default=True, help="Number of articles.")
@click.option("--seed", type=int, default=1, show_default=True)
def generate(out: Path, articles: int, seed: int) -> None:
    """Write a synthetic archive OUT/archive/ and its gold file OUT/gold.json."""
    from curator.bench.generate import generate as run

    report = run(out, articles, seed)
    click.echo(
        f"{report.articles} articles in {report.files} files, {report.bytes / 1e6:.1f} MB, "
        f"{report.seconds:.1f} s -> {out}/archive, {out}/gold.json"
    )


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--names", "n_names", type=int, default=10_000, show_default=True, help="Number of distinct names.")
@click.option("--seed", type=int, default=1, show_default=True)
def names(out: Path, n_names: int, seed: int) -> None:
    """Write OUT/names.tsv (NAME<TAB>TYPE) and OUT/names_gold.json (name -> entity id)."""
    from curator.bench.generate import generate_names

    n, seconds = generate_names(out, n_names, seed)
    click.echo(f"{n} names in {seconds:.1f} s -> {out}/names.tsv, {out}/names_gold.json")


def _ints(value: str) -> list[int]:
    try:
        return [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        raise click.BadParameter(f"expected numbers separated by commas, got {value!r}") from None


@main.command()
@click.option("--articles", default="1000,10000", show_default=True, help="Archive sizes, comma-separated.")
@click.option("--names", "names_", default="5000,50000,100000", show_default=True,
              help="Name-list sizes for the matcher comparison (baselines up to 20,000); 0 to skip.")
@click.option("--repeats", type=int, default=3, show_default=True, help="Runs of each stage (median reported).")
@click.option("--large-repeats", type=int, default=1, show_default=True,
              help="Runs of each stage for sizes of 50,000 articles and more.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"),
              show_default=True, help="Where benchmarks.md, benchmarks.json and benchmarks.png go.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for archives and databases (kept for reuse). Default: a temporary folder.")
@click.option("--no-app", is_flag=True, help="Do not measure the app.")
@click.option("--saves", type=int, default=40, show_default=True, help="Decisions saved per size.")
def run(articles: str, names_: str, repeats: int, large_repeats: int, seed: int, out_dir: Path, work: Path | None,
        no_app: bool, saves: int) -> None:
    """Measure ingest, resolve, export, the app, decision saves and the matcher vs baselines."""
    import tempfile

    from curator.bench.run import run as run_all

    sizes = _ints(articles)
    counts = _ints(names_)
    if work is None:
        with tempfile.TemporaryDirectory(prefix="curator-bench-") as tmp:
            results = run_all(sizes, repeats, out_dir, Path(tmp), seed, counts, not no_app, saves, large_repeats)
    else:
        results = run_all(sizes, repeats, out_dir, work, seed, counts, not no_app, saves, large_repeats)
    for t in results["targets"]:
        mark = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        click.echo(f"{t['target']:<42} {t['where']:<26} {t['limit']:<14} {t['shown']:<14} {mark}")
    click.echo(f"-> {out_dir / 'benchmarks.md'}")


def _floats(value: str) -> list[float]:
    try:
        return [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise click.BadParameter(f"expected numbers separated by commas, got {value!r}") from None


@main.command()
@click.option("--sizes", default="0.1,1,4", show_default=True, help="File sizes in MB, comma-separated.")
@click.option("--kinds", default="dates,names", show_default=True, help="Hostile shapes: dates, names.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"),
              show_default=True, help="Where benchmarks.md is (its hostile section is replaced).")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for the files and databases. Default: a temporary folder.")
@click.option("--compare", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Another checkout of curator (e.g. the code before a change) measured the same way.")
@click.option("--timeout", type=float, default=900, show_default=True, help="Seconds before a stage is killed.")
@click.option("--render", is_flag=True, help="Only rewrite the section from OUT/benchmarks-hostile.json (no measuring).")
def hostile(sizes: str, kinds: str, out_dir: Path, work: Path | None, compare: Path | None, timeout: float,
            render: bool) -> None:
    """Ingest, resolve and export single hostile articles of growing size; table into benchmarks.md."""
    import subprocess
    import tempfile

    import orjson

    from curator.bench import hostile as H

    saved = out_dir / "benchmarks-hostile.json"
    mbs, names = _floats(sizes), [k.strip() for k in kinds.split(",") if k.strip()]
    unknown = [k for k in names if k not in H.KINDS]
    if unknown:
        raise click.BadParameter(f"unknown kind(s) {', '.join(unknown)}; known: {', '.join(H.KINDS)}")

    def commit(path: Path) -> str:
        res = subprocess.run(["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return res.stdout.strip() or f"not a git checkout: {path.name}"

    def measure(tmp: Path) -> list[dict[str, object]]:
        here = Path(__file__).resolve().parent.parent.parent
        runs = [(f"This code ({commit(here)})", None)]
        if compare is not None:
            runs.append((f"Compared: {compare} ({commit(compare)})", compare))
        return [
            {"title": title, "rows": H.measure(names, mbs, tmp / (code.name if code else "this"), code, timeout)}
            for title, code in runs
        ]

    if render:
        if not saved.exists():
            raise click.ClickException(f"{saved}: no saved run to render")
        runs = orjson.loads(saved.read_bytes())
    elif work is None:
        with tempfile.TemporaryDirectory(prefix="curator-hostile-") as tmp:
            runs = measure(Path(tmp))
    else:
        runs = measure(work)
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(orjson.dumps(runs, option=orjson.OPT_INDENT_2))
    text = H.section(runs)
    H.write_section(out_dir / "benchmarks.md", text)
    click.echo(text)
    click.echo(f"-> {out_dir / 'benchmarks.md'}")


@main.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=Path("tests/data/realworld"),
              show_default=True, help="The real-world set (entities.json, excerpts.json).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the result as JSON here.")
@click.option("--no-token-set", is_flag=True, help="Skip the token_set_ratio baseline (all pairs).")
@click.option("--md", "md_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as Markdown here (e.g. docs/benchmarks-realworld.md).")
def realworld(data: Path, out_file: Path | None, no_token_set: bool, md_file: Path | None) -> None:
    """Resolution on real names and excerpts, beside the two baselines (see curator/bench/realworld.py)."""
    import orjson

    from curator.bench import realworld as R
    from curator.bench.realworld_report import report

    try:
        result = R.measure(data, token_set_too=not no_token_set)
    except R.SetError as e:
        raise click.ClickException(str(e)) from None
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    text = report(result)
    if md_file is not None:
        md_file.parent.mkdir(parents=True, exist_ok=True)
        md_file.write_text(
            "# Resolution on the real-world set\n\n"
            f"`python -m curator.bench realworld --data {data}`; see curator/bench/realworld.py for what is measured.\n\n"
            + text,
            encoding="utf-8",
        )
    click.echo(text, nl=False)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--group", type=int, default=25, show_default=True, help="Sentences per article file.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as a JSON document.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the archive, database and export in this new or empty folder.")
@click.option("--errors", "n_errors", type=int, default=0, show_default=True,
              help="Print up to N misses and N false positives per type, with their sentence (terminal only).")
def conll(path: Path, group: int, as_json: bool, keep: Path | None, n_errors: int) -> None:
    """Score people and organisations against a CoNLL NER file (VLSP 2016 format), through the real commands."""
    import tempfile

    import orjson

    from curator.bench import conll as C

    try:
        if keep is not None:
            if keep.exists() and any(keep.iterdir()):
                raise click.ClickException(f"{keep}: --keep needs a new or empty folder")
            keep.mkdir(parents=True, exist_ok=True)
            result, sentences, mapping = C.evaluate(path, group, keep)
        else:
            with tempfile.TemporaryDirectory(prefix="curator-conll-") as tmp:
                result, sentences, mapping = C.evaluate(path, group, Path(tmp))
    except C.ConllError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo(C.table(result))
    if n_errors > 0:
        click.echo(C.errors(sentences, mapping, n_errors), err=as_json)


if __name__ == "__main__":
    main()
