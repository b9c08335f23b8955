"""``curator stats``: counts of articles, entities, mentions and decisions."""

from __future__ import annotations

import click
import orjson

from curator.cli.database import open_workspace
from curator.cli.root import main


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of articles, duplicates, entities and pending reviews."""
    with open_workspace(ctx, write=False, command="curator stats") as ws:
        s = ws.stats()
    if as_json:
        click.echo(orjson.dumps(s.__dict__, option=orjson.OPT_SORT_KEYS).decode())
        return
    click.echo(f"database:         {ctx.obj['db']}")
    click.echo(f"articles:         {s.articles}")
    # One line per status; "duplicate" is the duplicates' count (see curator.workspace.counts).
    for status, n in sorted(s.by_status.items()):
        click.echo(f"  {status + ':':<15} {n}")
    click.echo(f"entities:         {sum(s.entities.values())}")
    for t, n in s.entities.items():
        click.echo(f"  {t + ':':<15} {n}")
    click.echo(f"mentions:         {s.mentions}")
    click.echo(f"to review:        {s.pending_reviews}")
    click.echo(f"decisions:        {s.decisions}")
