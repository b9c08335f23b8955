"""The command line: the same core the app uses, one command per job.

Every command takes ``--db DIR`` before or after its name (or ``CURATOR_DB``;
default ``db/``). Only ``ingest``, ``import`` and the app's first run make a new
database, and only in a new or empty folder; every other command refuses a folder
without one (``curator.store.folder``). Errors are one line naming the file and
the problem, never a traceback.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import orjson

from curator.curation.decisions import describe
from curator.export_target import STDOUT
from curator.store import StoreError, default_db_path

DEFAULT_SEEDS = Path("seeds")


class Failure(click.ClickException):
    """An error shown as ``curator: error: ...`` with exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"curator: error: {self.format_message()}", err=True)


@contextmanager
def friendly_errors() -> Iterator[None]:
    from curator.workspace import CurationError

    try:
        yield
    except (StoreError, CurationError, ValueError, OSError) as exc:
        raise Failure(str(exc)) from None


@contextmanager
def open_workspace(ctx: click.Context, *, write: bool, command: str) -> Iterator[Any]:
    from curator.workspace import Workspace

    with friendly_errors():
        ws = Workspace(ctx.obj["db"], write=write, command=command, create=ctx.obj.get("may_create", False))
        try:
            yield ws
        finally:
            ws.close()


class Progress:
    """A progress bar on standard error when it is a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()
        self._last = -1.0

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.tty or total <= 0:
            return
        frac = min(1.0, done / total)
        if frac - self._last < 0.005 and done != total:
            return
        self._last = frac
        width = 30
        bar = "█" * int(frac * width) + "░" * (width - int(frac * width))
        tail = what if len(what) <= 40 else "…" + what[-39:]
        sys.stderr.write(f"\r{self.label} {bar} {done}/{total} {tail:<41}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty and self._last >= 0:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


# -- the database folder -----------------------------------------------------------
# Only these commands (and the app's first run) may make a new database, and only
# in a new or empty folder; every other command needs one there already.
CREATES_DATABASE = frozenset({"ingest", "import"})
NEEDS_NO_DATABASE = frozenset({"match", "authority"})  # "authority": its own commands check the folder
DB_HELP = "Database folder (default: $CURATOR_DB or db/)."


def _take_db(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
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
                             callback=_take_db, help=DB_HELP)
            )
            cmd.callback = _checking_folder(cmd.callback, create=cmd.name in CREATES_DATABASE)
        super().add_command(cmd, name)


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


# -- ingest / resolve / export / stats ---------------------------------------------
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
        try:
            with ctrl_c_stops_gently() as stop:
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


@contextmanager
def ctrl_c_stops_gently() -> Iterator[threading.Event]:
    """While inside, Ctrl-C sets the event: the work stops at the next file and
    saves what it read (a second or two). It never raises: a ``KeyboardInterrupt``
    inside the worker pool's locks can hang the pool's shutdown for good (seen
    with a second Ctrl-C), and one inside a save would cut a batch in two.
    SIGTERM and SIGKILL still stop at once; what is saved is whole."""
    stop = threading.Event()

    def on_sigint(signum: int, frame: Any) -> None:
        stop.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


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
    click.echo(
        f"{report.articles} articles, {report.mentions} mentions, {report.nodes} distinct names: "
        f"{report.merges} merged automatically, {len(ws.suggestions())} suggestions wait for review "
        f"({report.seconds:.2f} s)"
    )


@main.command()
@click.pass_context
def resolve(ctx: click.Context) -> None:
    """Extract entities and resolve name variants over the whole database."""
    with open_workspace(ctx, write=True, command="curator resolve") as ws:
        _resolve(ws)


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
    from curator.export_formats import export_as

    target = str(output) if output is not None else STDOUT
    if fmt == "csv" and not aliases_only and target == STDOUT and sys.stdout.isatty():
        raise Failure("--format csv to standard output writes a zip: redirect it, or give -o FOLDER or -o FILE.zip")
    with open_workspace(ctx, write=False, command="curator export") as ws:
        with friendly_errors():
            what = export_as(ws, fmt, target, bom=bom, aliases_only=aliases_only)
    if target != STDOUT:
        click.echo(f"exported {what} to {output}", err=True)


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
    click.echo(f"  duplicates:     {s.duplicates}")
    for status, n in sorted(s.by_status.items()):
        click.echo(f"  {status + ':':<15} {n}")
    click.echo(f"entities:         {sum(s.entities.values())}")
    for t, n in s.entities.items():
        click.echo(f"  {t + ':':<15} {n}")
    click.echo(f"mentions:         {s.mentions}")
    click.echo(f"pending reviews:  {s.pending_reviews}")
    click.echo(f"decisions:        {s.decisions}")


# -- matcher without articles -----------------------------------------------------
TYPE_ALIASES = {"org": "organization", "organisation": "organization", "organization": "organization",
                "person": "person", "per": "person", "people": "person", "event": "event"}


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print clusters and suggestions as JSON.")
@click.option("--type", "default_type", default="organization", show_default=True, help="Type for lines without one.")
@click.option("--authority", "authority_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="An authority file (JSON or CSV) whose names join clusters; may be given several times.")
@click.option("--no-default-authority", is_flag=True, help="Without the shipped default authority file.")
def match(as_json: bool, default_type: str, authority_files: tuple[Path, ...], no_default_authority: bool) -> None:
    """Cluster names read from standard input (NAME or NAME<TAB>TYPE per line).

    Names the authority lists for one entity (the shipped default, and any
    --authority file) are one cluster; the reason is under "authority".
    """
    from curator.resolve.matcher import NameRecord, cluster
    from curator.text import clean_text

    if default_type.lower() not in TYPE_ALIASES:
        raise Failure(f"--type: unknown type '{default_type}'")
    records = []
    data = sys.stdin.buffer.read()
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise Failure(f"<stdin> line {line}: not UTF-8 text (byte {e.start + 1}); names are read one a line, in UTF-8") from None
    if "\x00" in decoded:
        line = decoded.count("\n", 0, decoded.index("\x00")) + 1
        raise Failure(f"<stdin> line {line}: a NUL character: binary data, not names one a line")
    text = clean_text(decoded)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        name, _, type_ = line.partition("\t")
        if not name.strip():
            continue  # a type with no name ("\tperson"): nothing to cluster, like a blank line
        type_ = type_.strip().lower() or default_type.lower()
        if type_ not in TYPE_ALIASES:
            shown = type_ if len(type_) <= 40 else type_[:40] + "…"
            raise Failure(f"<stdin> line {lineno}: unknown type '{shown}' (organization, person or event)")
        records.append(NameRecord(name.strip(), TYPE_ALIASES[type_]))
    result = cluster(records)
    result = _with_authority(result, authority_files, not no_default_authority)
    if as_json:
        click.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
        return
    for c in result["clusters"]:
        if len(c["members"]) > 1:
            click.echo(f"{c['name']} ({c['type']}): " + " | ".join(c["members"]))
            for reason in c.get("reasons", []):
                click.echo(f"    {reason}")
    for s in result["suggestions"]:
        click.echo(f"? {s['a']}  ~  {s['b']}  [{s['score']:.0f}] " + "; ".join(s["reasons"]))


def _with_authority(result: dict[str, Any], files: tuple[Path, ...], default: bool) -> dict[str, Any]:
    """``match``'s clusters joined by the authority's names (the default and ``files``)."""
    from curator.authority import default_entries, merge_entries
    from curator.authority.reading import read_authority_file
    from curator.resolve.authority import join_clusters, shared_names

    entries = list(default_entries()) if default else []
    with friendly_errors():
        for file in files:
            read = read_authority_file(file)
            for line in read.ignored:
                click.echo(line, err=True)
            entries, _ = merge_entries(entries, read.entries)
            for name, ids in shared_names(entries, read.entries):
                click.echo(f"{file}: {name!r} is listed under {len(ids)} entries ({', '.join(ids)}): it links nothing", err=True)
    return join_clusters(result, entries) if entries else result


# -- scriptable curation ----------------------------------------------------------
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
    """Merge entities (names or ids); the first names the result."""
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
    click.echo(f"undone #{d.seq}: {describe(d.to_dict())}" if d else "nothing to undo")


@main.command()
@click.pass_context
def redo(ctx: click.Context) -> None:
    """Redo the most recent undo (a new decision ends what can be redone)."""
    with open_workspace(ctx, write=True, command="curator redo") as ws:
        with friendly_errors():
            d = ws.redo()
    click.echo(f"redone #{d.seq}: {describe(d.to_dict())}" if d else "nothing to redo")


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
        click.echo(f"#{d['seq']:<4} {d['at'][:19]}  {describe(d)}{mark}")


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


# -- the authority file -------------------------------------------------------------
@main.group(cls=CuratorGroup)
@click.option("--db", type=click.Path(path_type=Path), default=None, expose_value=False, callback=_take_db, help=DB_HELP)
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
