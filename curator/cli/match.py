"""``curator match``: names read from standard input clustered without a database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import orjson

from curator.cli.errors import Failure, friendly_errors
from curator.cli.root import main

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
