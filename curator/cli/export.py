"""``curator export``: the curated archive as JSON, JSON Lines, CSV or parquet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curator.cli.database import open_workspace
from curator.cli.errors import Failure, friendly_errors
from curator.cli.root import main
from curator.export_target import STDOUT


@main.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, allow_dash=True), default=None,
    help="File to write (default or '-': standard output). Never inside the database folder; "
    "a file is replaced atomically, a device or pipe is written to.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet"]), default="json", show_default=True,
    help="json: one document; jsonl: one record a line; csv: four tables in a folder, or a zip "
    "(a name ending in .zip, or a stream); parquet: four tables in a folder (pip install 'curator[parquet]').",
)
@click.option("--aliases", "aliases_only", is_flag=True, help="Write only aliases.csv: alias, entity id, canonical name, count.")
@click.option("--bom", is_flag=True, help="CSV: start each file with a UTF-8 byte-order mark (for spreadsheets).")
@click.pass_context
def export(ctx: click.Context, output: Path | None, fmt: str, aliases_only: bool, bom: bool) -> None:
    """Write the curated archive (deterministic): JSON by default, or JSON Lines,
    CSV or parquet tables; --aliases writes the variant -> canonical map alone."""
    from curator.export_formats import check_options, export_as
    from curator.store import Store

    target = str(output) if output is not None else STDOUT
    if fmt == "csv" and not aliases_only and target == STDOUT and sys.stdout.isatty():
        raise Failure("--format csv to standard output writes a zip: redirect it, or give -o FOLDER or -o FILE.zip")
    with friendly_errors():
        check_options(fmt, bom=bom, aliases_only=aliases_only)
    if fmt != "json" or aliases_only:
        # Read from the store as it is written: no workspace holding the archive's articles.
        with friendly_errors(), Store(ctx.obj["db"], write=False, command="curator export", create=False) as store:
            what = export_as(store, fmt, target, bom=bom, aliases_only=aliases_only)
    else:
        with open_workspace(ctx, write=False, command="curator export") as ws:
            with friendly_errors():
                what = export_as(ws, fmt, target, bom=bom, aliases_only=aliases_only)
    if target != STDOUT:
        click.echo(f"exported {what} to {output}", err=True)
