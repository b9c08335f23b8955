"""The database folder of a command: ``--db`` before or after the command's name, the folder
checked before the command starts, and the Workspace opened on it."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from curator.cli.errors import Failure, friendly_errors


@contextmanager
def open_workspace(ctx: click.Context, *, write: bool, command: str) -> Iterator[Any]:
    """The Workspace on the command's database folder, closed when the command is done."""
    from curator.workspace import Workspace

    with friendly_errors():
        ws = Workspace(ctx.obj["db"], write=write, command=command, create=ctx.obj.get("may_create", False))
        try:
            yield ws
        finally:
            ws.close()


# Only these commands (and the app's first run) may make a new database, and only
# in a new or empty folder; every other command needs one there already.
CREATES_DATABASE = frozenset({"ingest", "import"})
NEEDS_NO_DATABASE = frozenset({"match", "authority"})  # "authority": its own commands check the folder
DB_HELP = "Database folder (default: $CURATOR_DB or db/)."


def take_db(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """``--db`` after the command: the same as before it (given both ways, they must agree)."""
    if value is None:
        return
    given = ctx.obj.get("db_given")
    if given is not None and os.path.abspath(given) != os.path.abspath(value):
        raise Failure(f"--db given twice, as {given} and as {value}: give it once")
    ctx.obj["db"] = ctx.obj["db_given"] = value


def _checking_folder(callback: Callable[..., Any], create: bool) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        from curator.store.folder import check_database_folder

        obj = click.get_current_context().obj
        with friendly_errors():
            check_database_folder(obj["db"], create=create)
        obj["may_create"] = create  # the store checks again as it opens the folder
        return callback(*args, **kwargs)

    return run


class CuratorGroup(click.Group):
    """Every command that uses a database takes ``--db`` after its name as well as
    before, and has its folder checked before it starts (``check_database_folder``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Click would say "Aborted!"; say what that means for the database. Every
            # save is whole (commit.json, curation.json's atomic writes), so whatever
            # was cut off is simply not there.
            click.echo("curator: interrupted: what was saved before is kept, what was under way is not", err=True)
            ctx.exit(130)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.name not in NEEDS_NO_DATABASE and cmd.callback is not None:
            cmd.params.append(
                click.Option(["--db"], type=click.Path(path_type=Path), default=None, expose_value=False,
                             callback=take_db, help=DB_HELP)
            )
            cmd.callback = _checking_folder(cmd.callback, create=cmd.name in CREATES_DATABASE)
        super().add_command(cmd, name)
