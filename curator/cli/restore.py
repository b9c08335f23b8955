"""``curator import`` (a curated state from an export file) and ``curator restore`` (the curation
file from a backup)."""

from __future__ import annotations

from pathlib import Path

import click

from curator.cli.errors import friendly_errors
from curator.cli.root import main


@main.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds articles or decisions.")
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, replace: bool) -> None:
    """Restore a curated state from an export file (into an empty database)."""
    from curator.importer import import_export, read_export
    from curator.store import Store

    with friendly_errors():
        data = read_export(file)
        with Store(ctx.obj["db"], write=True, command="curator import") as store:
            counts = import_export(store, data, replace=replace)
    click.echo(
        f"imported {counts['articles']} articles, {counts['auto_merges']} automatic merges and "
        f"{counts['decisions']} decisions from {file}"
    )


@main.command()
@click.option("--empty", is_flag=True, help="With no sound backup: start with no decisions (the damaged file is kept).")
@click.option("--list", "list_them", is_flag=True, help="List the backups: name, time taken, decisions.")
@click.option("--backup", "name", default=None, help="Put back this backup (from --list), even over a sound file.")
@click.pass_context
def restore(ctx: click.Context, empty: bool, list_them: bool, name: str | None) -> None:
    """Replace a damaged curation file with the newest sound backup.

    Refused when curation.json is sound. Says what the backup lacks, and keeps the
    damaged file beside it. --list shows the backups; --backup NAME puts back one of
    them even over a sound file (after an unwanted import --replace), keeping the
    file it replaces.
    """
    from curator.store.recovery import list_backups, restore_backup, restore_latest_backup

    with friendly_errors():
        if list_them:
            found = list_backups(ctx.obj["db"])
            for backup, taken, count in found:
                click.echo(f"{backup}  taken {taken}  " + (f"{count} decisions" if count is not None else "damaged"))
            if not found:
                click.echo("no backups")
            return
        message = restore_backup(ctx.obj["db"], name) if name else restore_latest_backup(ctx.obj["db"], empty=empty)
    click.echo(message)
