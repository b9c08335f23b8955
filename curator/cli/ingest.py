"""``curator ingest`` and ``curator resolve``: archive files into the database, and the names
in them resolved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from curator.cli.database import open_workspace
from curator.cli.errors import Failure
from curator.cli.progress import Progress, ctrl_c_stops_gently
from curator.cli.root import DEFAULT_SEEDS, main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--resolve/--no-resolve", default=False, help="Run resolution afterwards.")
@click.option(
    "--field", "field_options", multiple=True, metavar="OURS=THEIRS",
    help="For JSON Lines and CSV files: the record's field that holds one of ours "
    "(text, title, published, author, outlet, url; id: the record's own stable key), "
    "e.g. --field title=headline. Repeatable.",
)
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], resolve: bool, field_options: tuple[str, ...]) -> None:
    """Read archive files (default: seeds/) into the database.

    Text pages, HTML pages (known by their content), JSON Lines (.jsonl,
    .ndjson) and CSV (.csv, .tsv) files of one article per record. Bad files
    are reported one line each and skipped, bad records one line each (file,
    line, reason); the exit code is non-zero only when nothing could be
    ingested. Ctrl-C stops at the next file (in a records file, at the next few
    hundred records; that file is not saved), saves what was read and says so
    (exit code 130); running the same command again completes the ingest.
    """
    from curator.ingest.records import FieldMapError, parse_field_options

    try:
        fields = parse_field_options(field_options)
    except FieldMapError as exc:
        raise Failure(str(exc)) from None
    targets = list(paths) or [DEFAULT_SEEDS]
    with open_workspace(ctx, write=True, command="curator ingest") as ws:
        bar = Progress("ingest")
        # Ctrl-C pressed again while the stop is said (the ingest may end at once after
        # the first press) still only stops gently: the one line below is what is said.
        with ctrl_c_stops_gently() as stop:
            try:
                report = ws.ingest(targets, progress=bar, cancelled=stop.is_set, fields=fields)
            finally:
                bar.close()
            for line in report.unread:
                click.echo(f"{line.path}: {line.message}", err=True)
            for problem in report.problems:
                click.echo(f"{problem.path}: {problem.message}", err=True)
            if report.cancelled:
                click.echo(f"curator: {_interrupted_line(report)}", err=True)
                ctx.exit(130)  # the shell's code for "stopped by Ctrl-C"
        click.echo(
            f"{report.files_seen} files: {report.files_ingested} ingested, "
            f"{report.files_unchanged} unchanged, {report.files_updated} updated, "
            f"{len({p.path for p in report.problems})} with problems; articles: {report.articles_added} added, "
            f"{report.articles_updated} updated, {report.articles_removed} removed, "
            f"{report.duplicates_marked} marked duplicate ({report.seconds:.2f} s)"
        )
        if report.files_seen and report.files_ingested + report.files_unchanged + report.files_updated == 0:
            raise Failure("nothing could be ingested")
        if not report.files_seen:
            raise Failure(f"no archive files found in {', '.join(str(t) for t in targets)}")
        if resolve:
            _resolve(ws)
        elif report.articles_added + report.articles_updated:
            # New and changed articles have no names yet (a changed one's were withheld:
            # their places in the text moved): entities and counts wait for resolve.
            click.echo("run 'curator resolve' to find the names in the new and changed articles")


def _interrupted_line(report: Any) -> str:
    saved = f"{report.files_saved} new or changed file{'' if report.files_saved == 1 else 's'} saved"
    return f"interrupted: {saved}; run the same command again to complete the ingest"


def _resolve(ws: Any) -> None:
    bar = Progress("resolve")
    try:
        report = ws.resolve(progress=bar)
    except KeyboardInterrupt:
        # A resolve is one commit: stopped before it, nothing of it was saved.
        bar.close()
        click.echo(
            "curator: interrupted: resolution stopped before saving anything; the database is as it was. "
            "Run 'curator resolve' again to resolve.",
            err=True,
        )
        raise SystemExit(130) from None
    finally:
        bar.close()
    for line in report.merged_examples[:15]:
        click.echo(f"  merged: {line}")
    if report.merges > 15:
        click.echo(f"  ... and {report.merges - 15} more automatic merges")
    counts = ws.resolution_counts(report)  # the same counts the app and `curator stats` show
    click.echo(
        f"{report.articles} articles, {report.mentions} mentions, {report.nodes} distinct names: "
        f"{counts.merges} merged automatically, {counts.to_review} suggestions wait for review "
        f"({report.seconds:.2f} s)"
    )


@main.command()
@click.pass_context
def resolve(ctx: click.Context) -> None:
    """Extract entities and resolve name variants over the whole database."""
    with open_workspace(ctx, write=True, command="curator resolve") as ws:
        _resolve(ws)
