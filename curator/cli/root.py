"""``curator`` itself: the group every command belongs to, and the review app when no command
is given."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curator.cli.database import DB_HELP, CuratorGroup
from curator.cli.errors import Failure, friendly_errors
from curator.store import default_db_path

DEFAULT_SEEDS = Path("seeds")


@click.group(cls=CuratorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(path_type=Path), default=None, help=DB_HELP)
@click.version_option(package_name="curator")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """curator: curate an archive of Vietnamese news articles.

    With no command, opens the review app (ingesting and resolving seeds/ on
    the first run).
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db if db is not None else default_db_path()
    ctx.obj["db_given"] = db
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj["db"])


def run_app(db: Path) -> None:
    """Open the review app on ``db`` (the first run makes the database and ingests ``seeds/``)."""
    try:
        from curator.app import CuratorApp
    except ImportError as exc:  # the app layer is optional for the core
        raise Failure(f"the review app is not available ({exc})") from None
    from curator.store.folder import check_database_folder

    with friendly_errors():
        check_database_folder(db, create=True)  # the first run makes the database
        app = CuratorApp(db_path=db, seeds=DEFAULT_SEEDS)
        app.run()
    if getattr(app, "error_message", None):
        raise Failure(app.error_message)
    if app.return_code:  # an app that stopped on a failure never reports success
        sys.exit(app.return_code)
