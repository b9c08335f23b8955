"""Scriptable curation: merge, reject, split, rename, edit, undo, redo, the history, and a
history applied from an export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.database import open_workspace
from curator.cli.errors import Failure, friendly_errors
from curator.cli.root import main
from curator.curation.decisions import describe


def _curate(ctx: click.Context, command: str, action: Callable[[Any], Any]) -> None:
    with open_workspace(ctx, write=True, command=f"curator {command}") as ws:
        with friendly_errors():
            decision = action(ws)
    if decision is not None:
        click.echo(f"saved #{decision.seq}: {describe(decision.to_dict())}")


def _entity_id(ws: Any, ref: str) -> str:
    """The id of the entity ``ref`` names; when it was found through the name analyser ("đồng chí
    Trần Duy Ninh" taken as "Trần Duy Ninh"), one line on standard error says how."""
    entity, taken_as = ws.lookup_entity(ref)
    if taken_as:
        click.echo(taken_as, err=True)
    return str(entity.id)


@main.command()
@click.argument("entities", nargs=-1, required=True)
@click.option("--name", default=None, help="Canonical name of the merged entity.")
@click.pass_context
def merge(ctx: click.Context, entities: tuple[str, ...], name: str | None) -> None:
    """Merge entities (names or ids), named by --name or by the canonical-name rule."""
    if len(entities) < 2:
        raise Failure("merge needs at least two entities")
    _curate(ctx, "merge", lambda ws: ws.merge([_entity_id(ws, e) for e in entities], name=name))


@main.command()
@click.argument("a")
@click.argument("b")
@click.pass_context
def reject(ctx: click.Context, a: str, b: str) -> None:
    """Record that two entities are different (never suggested again)."""
    _curate(ctx, "reject", lambda ws: ws.reject(_entity_id(ws, a), _entity_id(ws, b)))


@main.command()
@click.argument("entity")
@click.argument("alias")
@click.option("--name", default=None, help="Name of the new entity.")
@click.pass_context
def split(ctx: click.Context, entity: str, alias: str, name: str | None) -> None:
    """Split ALIAS out of ENTITY into an entity of its own."""
    _curate(ctx, "split", lambda ws: ws.split(_entity_id(ws, entity), alias, new_name=name))


@main.command()
@click.argument("entity")
@click.argument("new_name")
@click.pass_context
def rename(ctx: click.Context, entity: str, new_name: str) -> None:
    """Give an entity a new canonical name."""
    _curate(ctx, "rename", lambda ws: ws.rename(_entity_id(ws, entity), new_name))


@main.command()
@click.argument("article_id")
@click.argument("field", type=click.Choice(["title", "published", "author", "outlet", "status"]))
@click.argument("value")
@click.pass_context
def edit(ctx: click.Context, article_id: str, field: str, value: str) -> None:
    """Correct an article's field (or set its status)."""
    if field == "status":
        _curate(ctx, "edit", lambda ws: ws.set_status(article_id, value))
    else:
        _curate(ctx, "edit", lambda ws: ws.edit_field(article_id, field, value or None))


@main.command()
@click.pass_context
def undo(ctx: click.Context) -> None:
    """Undo the latest decision still in effect."""
    with open_workspace(ctx, write=True, command="curator undo") as ws:
        with friendly_errors():
            d = ws.undo()
            more = _with_it(ws, d)
    click.echo(f"undone #{d.seq}: {describe(d.to_dict())}{more}" if d else "nothing to undo")


@main.command()
@click.pass_context
def redo(ctx: click.Context) -> None:
    """Redo the most recent undo (a new decision ends what can be redone)."""
    with open_workspace(ctx, write=True, command="curator redo") as ws:
        with friendly_errors():
            d = ws.redo()
            more = _with_it(ws, d)
    click.echo(f"redone #{d.seq}: {describe(d.to_dict())}{more}" if d else "nothing to redo")


def _with_it(ws: Any, d: Any) -> str:
    """The rest of a decision's batch, which undo and redo take with it."""
    others = len(ws.batch_of(d)) - 1 if d is not None else 0
    return f" (and the {others} other decisions of batch #{d.batch})" if others else ""


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def history(ctx: click.Context, as_json: bool) -> None:
    """Every curation decision, in order (undone ones marked)."""
    with open_workspace(ctx, write=False, command="curator history") as ws:
        decisions = [d.to_dict() for d in ws.history()]
    if as_json:
        click.echo(orjson.dumps(decisions, option=orjson.OPT_INDENT_2).decode())
        return
    if not decisions:
        click.echo("no decisions yet")
    for d in decisions:
        mark = " (undone)" if d["undone"] else ""
        batch = f"  [batch #{d['batch']}]" if d.get("batch") else ""
        click.echo(f"#{d['seq']:<4} {d['at'][:19]}  {describe(d)}{batch}{mark}")


@main.command(name="apply")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_context
def apply_cmd(ctx: click.Context, file: Path) -> None:
    """Replay the curation decisions of an export's history onto this database."""
    from curator.curation.replay import apply_history, load_export_history

    with friendly_errors():
        decisions = load_export_history(file)
    with open_workspace(ctx, write=True, command="curator apply") as ws:
        with friendly_errors():
            report = apply_history(ws, decisions)
    for line in report.not_applied:
        click.echo(f"not applied: {line}", err=True)
    click.echo(
        f"{report.applied} applied, {report.already} already in effect, "
        f"{len(report.not_applied)} no longer apply (of {report.total} decisions in {file})"
    )
