"""``curator authority ...``: the database's authority file, imported, exported, listed, removed,
and the shipped default turned on or off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.database import DB_HELP, CuratorGroup, open_workspace, take_db
from curator.cli.errors import Failure, friendly_errors
from curator.cli.root import main
from curator.export_target import STDOUT


@main.group(cls=CuratorGroup)
@click.option("--db", type=click.Path(path_type=Path), default=None, expose_value=False, callback=take_db, help=DB_HELP)
def authority() -> None:
    """The authority file: canonical entities and their known aliases (codes,
    abbreviations, English, former and brand names), each with its source.

    An alias it lists links the name to its entity as an automatic merge, and is
    looked up in article text, at the next 'curator resolve'. The shipped default
    (curator/data/authority/default.json) applies unless 'authority default off'.
    """



@authority.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def authority_import(ctx: click.Context, file: Path) -> None:
    """Add the entries of a JSON or CSV authority file to the database's.

    Nothing there is lost: an entry with the same id (or the same type and
    canonical name) gets the new aliases and sources added. Aliases that would do
    harm (empty, one character, a common word, a place alone) are left out, one
    line each; a file with any other problem is refused whole.
    """
    from curator.authority import merge_entries
    from curator.authority.reading import read_authority_file
    from curator.store import Store
    from curator.store.authority import read_authority, write_authority

    with friendly_errors():
        result = read_authority_file(file)
        with Store(ctx.obj["db"], write=True, command="curator authority import", create=False):
            stored = read_authority(ctx.obj["db"])
            stored.entries, report = merge_entries(stored.entries, result.entries)
            write_authority(ctx.obj["db"], stored)
    for line in result.ignored:
        click.echo(line, err=True)
    _warn_shared(file, stored.entries, stored.use_default, result.entries)
    aliases = sum(len(e.aliases) for e in stored.entries)
    click.echo(
        f"{file}: {report.added} entries added, {report.updated} updated, {report.unchanged} unchanged "
        f"({report.aliases_added} aliases added, {len(result.ignored)} left out); the database's authority "
        f"holds {len(stored.entries)} entries and {aliases} aliases. Run 'curator resolve' to use them."
    )


def _warn_shared(file: Path, stored: list[Any], use_default: bool, incoming: list[Any]) -> None:
    """One line for each name of ``incoming`` that the authority now lists under two entries: it
    links nothing (a reused code may be meant; an alias that is another entry's name is a mistake)."""
    from curator.authority import default_entries, merge_entries
    from curator.resolve.authority import shared_names

    entries = merge_entries(list(default_entries()), stored)[0] if use_default else stored
    for name, ids in shared_names(entries, incoming):
        click.echo(f"{file}: {name!r} is listed under {len(ids)} entries ({', '.join(ids)}): it links nothing", err=True)


@authority.command(name="export")
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True), default=None,
              help="File to write (default or '-': standard output); never inside the database folder.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default=None,
              help="json (the schema's format) or csv (one row per alias); default: by the file's suffix, else json.")
@click.option("--with-default", is_flag=True, help="Include the shipped default entries too.")
@click.pass_context
def authority_export(ctx: click.Context, output: Path | None, fmt: str | None, with_default: bool) -> None:
    """Write the database's authority: the entries imported, plus the curator's own
    merges and renames as entries, in the format 'authority import' reads."""
    from curator.authority.export import encode, export_entries
    from curator.export_target import export_target, write_export
    from curator.store.authority import read_authority

    where = output if output is not None else Path(STDOUT)
    if fmt is None:
        fmt = "csv" if where.suffix.lower() == ".csv" else "json"
    with friendly_errors():
        target = export_target(where, ctx.obj["db"])
    with open_workspace(ctx, write=False, command="curator authority export") as ws:
        with friendly_errors():
            entries = export_entries(ws, read_authority(ws.root).entries, with_default)
            write_export(target, [encode(entries, fmt)])
    if output is not None and str(output) != STDOUT:
        click.echo(f"{len(entries)} entries exported to {output}", err=True)


@authority.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="The entries as JSON.")
@click.pass_context
def authority_list(ctx: click.Context, as_json: bool) -> None:
    """The entries a resolve uses: the default (unless off) and the imported ones."""
    from curator.authority import default_entries, effective_entries
    from curator.authority.export import authority_document
    from curator.store.authority import read_authority
    from curator.text import one_line

    with friendly_errors():
        stored = read_authority(ctx.obj["db"])
        entries = effective_entries(ctx.obj["db"], stored)
    if as_json:
        click.echo(orjson.dumps(authority_document(entries), option=orjson.OPT_INDENT_2).decode())
        return
    default = f"on ({len(default_entries())} entries)" if stored.use_default else "off"
    click.echo(f"default authority: {default}; imported: {len(stored.entries)} entries")
    for e in entries:
        names = ", ".join(one_line(a.name, 40) for a in e.aliases[:6]) + (" …" if len(e.aliases) > 6 else "")
        click.echo(f"{e.id}  {one_line(e.canonical, 80)} ({e.type}): {names}")


@authority.command(name="remove")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def authority_remove(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Remove imported entries by id (as 'authority list' shows them). The shipped
    default's entries are not removed one by one: 'authority default off' turns it off."""
    from curator.authority import default_entries
    from curator.store import Store
    from curator.store.authority import read_authority, write_authority

    with friendly_errors():
        with Store(ctx.obj["db"], write=True, command="curator authority remove", create=False):
            stored = read_authority(ctx.obj["db"])
            have = {e.id for e in stored.entries}
            missing = [i for i in ids if i not in have]
            if missing:
                shipped = {e.id for e in default_entries()}
                said = [f"'{i}'" + (" (an entry of the shipped default: use 'authority default off')" if i in shipped else "") for i in missing]
                raise Failure(f"{ctx.obj['db']}: no imported entry with the id {', '.join(said)}; nothing removed")
            stored.entries = [e for e in stored.entries if e.id not in set(ids)]
            write_authority(ctx.obj["db"], stored)
    click.echo(f"removed {len(set(ids))} entries; the database's authority holds {len(stored.entries)}. "
               "Run 'curator resolve' to apply it.")


@authority.command(name="default")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.pass_context
def authority_default(ctx: click.Context, state: str) -> None:
    """Whether the shipped default authority applies to this database (it does unless off)."""
    from curator.store import Store
    from curator.store.authority import read_authority, write_authority

    with friendly_errors():
        with Store(ctx.obj["db"], write=True, command="curator authority default", create=False):
            stored = read_authority(ctx.obj["db"])
            stored.use_default = state == "on"
            write_authority(ctx.obj["db"], stored)
    click.echo(f"the shipped default authority is {state} for {ctx.obj['db']}; run 'curator resolve' to apply it")
