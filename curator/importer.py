"""``curator import``: restore a curated state from an export file.

The export carries everything needed: articles (text and the extractor's raw
fields), mentions, the resolver's automatic merges and the curator's history.
Importing and exporting again gives back the same export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from curator.curation.partition import node_id
from curator.curation.records import check_records
from curator.curation.replay import curator_entries
from curator.export import validate_export
from curator.models import EDITABLE_FIELDS, Article, Decision, ExtractedField, Mention
from curator.resolve.pipeline import build_nodes
from curator.store import Store
from curator.store.resolution import ResolutionData
from curator.text import clean_text, path_from_shown, shown_path


class ImportProblem(ValueError):
    pass


def read_export(path: Path) -> dict[str, Any]:
    """An export file, JSON or JSON Lines (``export --format jsonl``), checked."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = export_document(path, raw)
    except orjson.JSONDecodeError as exc:
        raise ImportProblem(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ImportProblem(f"{path}: not a curator export (top level is not an object)")
    if isinstance(data.get("history"), list):  # named record by record, as in curation.json
        check_records(path, curator_entries(data["history"]))
    problems = validate_export(data)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ImportProblem(f"{path}: not a valid curator export: {'; '.join(problems[:3])}{more}")
    check_articles(path, data["articles"])
    return data


_LINE_KINDS = {"article": "articles", "entity": "entities", "history": "history"}


def export_document(path: Path, raw: bytes) -> Any:
    """An export file's bytes as the JSON document: a JSON export as it is, a JSON
    Lines export (its first line an ``export`` header) gathered into one. Raises
    ``orjson.JSONDecodeError`` for a JSON document that is not valid, ``ImportProblem``
    for a bad JSON Lines file."""
    if raw.startswith(b'{"') and b'"kind":"export"' in raw[: raw.find(b"\n")]:
        return _from_lines(path, raw)
    return orjson.loads(raw)


def _from_lines(path: Path, raw: bytes) -> dict[str, Any]:
    """A JSON Lines export (header, articles, entities, history) as the one document
    the JSON export is; a line of an unknown kind is named."""
    lines = raw.split(b"\n")
    data: dict[str, Any] = {key: [] for key in _LINE_KINDS.values()}
    end: dict[str, Any] | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ImportProblem(f"{path}: line {number}: not valid JSON ({exc})") from None
        kind = record.pop("kind", None) if isinstance(record, dict) else None
        if end is not None:
            raise ImportProblem(f"{path}: line {number}: a record after the export's end line")
        if number == 1 and kind == "export":
            data.update(record)
        elif kind in _LINE_KINDS:
            data[_LINE_KINDS[kind]].append(record)
        elif kind == "end" and number > 1:
            end = record
        else:
            raise ImportProblem(f"{path}: line {number}: not a record of a curator export (kind {kind!r})")
    found = {key: len(data[key]) for key in _LINE_KINDS.values()}
    if end is None:
        raise ImportProblem(
            f"{path}: cut short: no end line after {found['articles']} articles, {found['entities']} entities "
            f"and {found['history']} history records (a copy or download that stopped?); export it again"
        )
    if any(end.get(key) != n for key, n in found.items()):
        said = ", ".join(f"{end.get(key)} {key}" for key in found)
        raise ImportProblem(f"{path}: its end line counts {said}, the file holds {', '.join(f'{n} {k}' for k, n in found.items())}")
    return data


def check_articles(path: Path, rows: list[dict[str, Any]]) -> None:
    """Refuse an export whose articles break what the database promises, naming the
    first bad one (numbered from 1): an id used twice, a text that is not clean
    (``clean_text``: it is refused, not cleaned, since cleaning would move the spans),
    a mention whose span does not slice to its own text."""
    first_with: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{path}: article {number} (id {shown_path(row['id'])})"
        earlier = first_with.setdefault(row["id"], number)
        if earlier != number:
            raise ImportProblem(f"{where}: the same id as article {earlier}")
        for name in ("id", "source_file", "source_folder"):  # one line, shown as such
            if (ch := _unsafe(row.get(name), one_line=True)) is not None:
                raise ImportProblem(f"{where}: its {name} holds {shown_path(ch)}, which no path or id curator makes holds")
        for name in EDITABLE_FIELDS:
            extracted = row.get("extracted", {}).get(name) or {}
            for label, value in ((name, row[name]), (f"extracted {name}", extracted.get("value")), (f"extracted {name} raw", extracted.get("raw"))):
                if (ch := _unsafe(value)) is not None:
                    raise ImportProblem(f"{where}: its {label} holds {shown_path(ch)}, which curator never stores")
        text = row["text"]
        if clean_text(text) != text:
            raise ImportProblem(f"{where}: {_unclean(text)}")
        ingested_title = (row.get("extracted", {}).get("title") or {}).get("value") or ""
        for m_number, m in enumerate(row["mentions"], start=1):
            start, end = m["start"], m["end"]
            # A title mention's offsets point into the title as ingested (the extracted value).
            field, into = ("title", ingested_title) if m.get("field") == "title" else ("text", text)
            if not start <= end <= len(into):
                raise ImportProblem(f"{where}: mention {m_number} ({start}-{end}) is not inside its {field} ({len(into)} characters)")
            if into[start:end] != m["text"]:
                raise ImportProblem(
                    f'{where}: mention {m_number} ({start}-{end}) does not slice to its text "{shown_path(m["text"])}" '
                    f'(the {field} there is "{shown_path(into[start:end])}")'
                )
            for name in ("name", "role", "entity_id"):
                if (ch := _unsafe(m.get(name), one_line=True)) is not None:
                    raise ImportProblem(f"{where}: mention {m_number}: its {name} holds {shown_path(ch)}, which curator never stores")


def _unsafe(value: object, *, one_line: bool = False) -> str | None:
    """The first character of ``value`` that cleaning at the door removes (a control or
    invisible character; a line break too when ``one_line``), or None. Only these:
    a field an older version stored, not NFC or with a no-break space, is still good."""
    if not isinstance(value, str) or (value.isprintable() and "\r" not in value):
        return None
    for ch in value:
        cleaned = clean_text(ch)
        if not cleaned or (cleaned == "\n" and (one_line or ch != "\n")) or (one_line and ch == "\t"):
            return ch
    return None


def _unclean(text: str) -> str:
    """What cleaning would change in ``text``, in words."""
    for offset, ch in enumerate(text):
        if clean_text(ch) != ch:
            return (
                f"its text holds {shown_path(ch)} (character {offset}), which curator never stores "
                "(control and invisible characters are removed at the door; refused, not removed, "
                "as removing it would move the mentions)"
            )
    return "its text is not in the form curator stores (Unicode NFC)"


def _locate(record: dict[str, Any], art: Article, ids: set[str] | None = None, span: int = 0) -> None:
    """Give an imported file record its location, so that ingesting the archive
    again updates these articles instead of adding copies (when the shown folder
    and name are the real ones), and the id base its ids were made from.

    Without ``ids`` the article's own id is made from its place. With them (the
    file's ids), any of indexes ``0 .. span - 1`` may have made one: the records
    of a JSON Lines or CSV file keep their ids when they move (a record inserted
    above the others), so none may be at its first place."""
    from curator.ingest.parse import article_id
    from curator.ingest.sources import portable_name, source_key

    assert art.source_folder is not None
    # The shown forms are read back into the paths they show (an export of an older
    # version may show a path otherwise: then it is taken as it is).
    shown = (art.source_folder, art.source_file)
    for folder, name in dict.fromkeys([(path_from_shown(shown[0]), path_from_shown(shown[1])), shown]):
        key = source_key(folder, name)
        for id_base in (portable_name(folder, name), key, art.source_file):
            made = (
                article_id(id_base, art.file_index) == art.id if ids is None
                else any(article_id(id_base, k) in ids for k in range(span))
            )
            if made:
                record.update(source_key=key, source_folder=art.source_folder, id_base=id_base)
                return
    # Ids made some other way: left without a location, a later ingest adds the
    # file anew rather than replacing these articles under ids it cannot make.


def import_export(store: Store, data: dict[str, Any], *, replace: bool = False) -> dict[str, int]:
    """Lay the export's state into ``store`` (which must be empty unless ``replace``)."""
    from curator.resolve.keys import name_key

    if not replace and (store.article_count() or store.history()):
        raise ImportProblem(f"{store.root}: the database is not empty; use --replace to overwrite it")
    stamp = data.get("exported_at")
    articles: list[Article] = []
    files: dict[str, dict[str, Any]] = {}
    mentions: dict[str, list[Mention]] = {}
    firsts: dict[int, tuple[dict[str, Any], Article]] = {}  # an unlocated file's record and first article
    spans: dict[int, int] = {}
    for row in data["articles"]:
        extracted = row.get("extracted", {})
        art = Article(
            id=row["id"],
            source_file=row["source_file"],
            file_index=row.get("file_index", 0),
            text=row["text"],
            duplicate_of=row.get("duplicate_of"),
            encoding=row.get("encoding", "utf-8"),
            notes=list(row.get("notes", [])),
            source_folder=row.get("source_folder"),
        )
        for name in ("title", "published", "author", "outlet"):
            raw = extracted.get(name)
            setattr(art, name, ExtractedField.from_dict(raw) if raw else ExtractedField(row.get(name), None, 1.0))
        articles.append(art)
        # One record per file: the same name in two folders is two files.
        entry = files.setdefault(
            f"{art.source_folder}\x00{art.source_file}",
            {"source_file": art.source_file, "sha256": "", "size": 0, "article_ids": [], "ingested_at": stamp or ""},
        )
        if art.source_folder is not None and "source_key" not in entry:
            _locate(entry, art)
            firsts.setdefault(id(entry), (entry, art))
        entry["article_ids"].append(art.id)
        spans[id(entry)] = max(spans.get(id(entry), 0), art.file_index + 1)
        mentions[art.id] = [
            Mention(
                m["start"], m["end"], m["text"], m.get("type", "organization"), m.get("name") or m["text"], m.get("role"),
                "title" if m.get("field") == "title" else "text",
            )
            for m in row["mentions"]
        ]
    for key, (entry, art) in firsts.items():
        if "source_key" not in entry:  # moved records: look for their ids among the file's indexes
            ids = set(entry["article_ids"])
            _locate(entry, art, ids, spans[key] + len(ids))
    nodes = build_nodes(mentions)
    links = []
    resolved_at = None
    for h in data["history"]:
        if h.get("op") == "auto_merge":
            t = h["args"].get("type", "organization")
            a, b = h["args"]["names"][:2]
            links.append(
                {
                    "a": node_id(t, name_key(a, t)),
                    "b": node_id(t, name_key(b, t)),
                    "outcome": "merge",
                    "score": float(h.get("score", 100.0)),
                    "reasons": list(h.get("reasons", [])),
                }
            )
            resolved_at = h.get("at") or resolved_at
    decisions = [Decision.from_dict(h) for h in data["history"] if h.get("by", "curator") == "curator"]
    # The entity names the authority file gave, as resolve saves them (the links stay as exported): a
    # name this database's authority file gives a node is kept where the export's entity has that name.
    from curator.authority import effective_entries
    from curator.resolve.authority import authority_links

    exported_name = {
        node_id(e["type"], name_key(alias, e["type"])): e["name"] for e in data["entities"] for alias in e["aliases"]
    }
    _, listed = authority_links(nodes, links, effective_entries(store.root))
    authority_names = {n: name for n, name in listed.items() if exported_name.get(n) == name}
    with store.transaction():  # the archive part becomes visible whole, or not at all
        store.save_articles(articles, list(files.values()), remove_ids=[a.id for a in store.articles()])
        store.save_mentions(mentions)
        store.save_resolution(
            ResolutionData(
                aliases=[nodes[n] for n in sorted(nodes)],  # with their articles: the older layout
                links=links,
                authority_names=authority_names,
                runs=[{"at": resolved_at}] if resolved_at else [],
            )
        )
    store.replace_history(decisions)
    return {"articles": len(articles), "decisions": len(decisions), "auto_merges": len(links)}
