"""``python -m curator.bench generate|names|run`` (see ``curator/bench/__init__.py``)."""

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


if __name__ == "__main__":
    main()
