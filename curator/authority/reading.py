"""Reading an authority file (JSON or CSV), checked against its JSON Schema.

A file that cannot be used as a whole (not UTF-8, not JSON, wrong CSV columns,
a value the schema refuses, too big) is refused with every problem named by
file and line or entry. An alias that would do harm (empty, one character, a
common word such as "Bộ", a place name alone) is left out with one line saying
why; the rest of the file is used.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson

from curator.authority.entries import FORMAT, KINDS, TYPES, VERSION, Alias, AuthorityEntry

CSV_COLUMNS = ("canonical", "type", "alias", "kind", "from_year", "until_year", "source")
MAX_FILE_BYTES = 20 * 1024 * 1024  # the default file is about 100 KB; a big national list a few MB
MAX_ALIASES = 200_000
MAX_PROBLEMS = 20  # problems listed before "... and N more"
# A name: printable, one line (a tab, newline or control character is not part of one).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_ID = re.compile(r"[^a-z0-9]+")


class AuthorityFileError(ValueError):
    """The file cannot be used; the message names it and every problem (up to 20)."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = f"\n  ... and {len(problems) - MAX_PROBLEMS} more" if len(problems) > MAX_PROBLEMS else ""
        if len(shown) == 1:
            message = f"{path}: {shown[0]}"
        else:
            message = f"{path}: {len(problems)} problems, nothing imported:\n" + "\n".join(f"  {p}" for p in shown) + more
        super().__init__(message)


@dataclass
class ReadResult:
    entries: list[AuthorityEntry] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # "FILE line N: alias 'Bộ' left out: ..."


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads((files("curator") / "data" / "authority" / "authority.schema.json").read_bytes())
    return data


@cache
def _common_words() -> tuple[frozenset[str], frozenset[str]]:
    """Names that are everyday words or places on their own: never an alias. Second, the
    heads that name a body only with a place after them ("Công an", "Bưu điện", "Viettel"):
    generic alone, except as a brand or an abbreviation ("Viettel", "VNPT" are names)."""
    from curator.extract.lexicon import ORG_HEADS, PERSON_TITLES, PLACE_HEADS, PROVINCES, STOP_WORDS, load

    def casefolded(words: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
        return frozenset(unicodedata.normalize("NFC", w).casefold() for w in words)

    never = load("words/not_aliases")
    common = (*ORG_HEADS, *STOP_WORDS, *PERSON_TITLES, *PROVINCES, *never["names"], *never["english_words"])
    return casefolded(common), casefolded(PLACE_HEADS)


def alias_problem(name: str, canonical: str, kind: str = "variant") -> str | None:
    """Why ``name`` must not be an alias (it would link or find what it should not), or None."""
    stripped = name.strip()
    if not stripped:
        return "is empty"
    if len(stripped) < 2:
        return "is one character (it would be found everywhere)"
    common, place_heads = _common_words()
    key = stripped.casefold()
    if key in common or (key in place_heads and kind not in ("brand", "abbreviation", "code")):
        return "is a common word or a place on its own (it would be found everywhere)"
    if not any(c.isalnum() for c in stripped):
        return "holds no letter or digit"
    if kind == "english" and " " not in stripped:
        # English names are found in any case: one such word ("Health", "WHO" as "Who") starts many sentences.
        return ("is one English word, found in any case (it would be found at the start of sentences); "
                "list it as an abbreviation, code or brand, found only as written")
    return None


def _has_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


def make_id(type_: str, canonical: str) -> str:
    """An id for an entry read without one (CSV): its type and folded canonical name."""
    from curator.resolve.keys import fold

    slug = _ID.sub("-", fold(canonical.lower())).strip("-")[:80] or "entry"
    return f"{type_[:3]}.{slug}"


def read_authority_file(path: Path) -> ReadResult:
    """Entries of a JSON or CSV authority file (by its suffix; other files by their first character)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # /dev/zero, a pipe: no end to read to
            raise AuthorityFileError(path, ["is not a regular file (a device or a pipe); give a file"])
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # read no more than allowed, even if it grew
        if len(raw) > MAX_FILE_BYTES:
            raise AuthorityFileError(path, [f"is over {MAX_FILE_BYTES:,} bytes, the most an authority file may be"])
    except IsADirectoryError:
        raise AuthorityFileError(path, ["is a folder, not an authority file"]) from None
    except FileNotFoundError:
        raise AuthorityFileError(path, ["no such file"]) from None
    except OSError as exc:
        raise AuthorityFileError(path, [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AuthorityFileError(path, [f"is not UTF-8 text (byte {exc.start})"]) from None
    text = unicodedata.normalize("NFC", text)
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "[")):
        return read_json_text(text, path)
    return read_csv_text(text, path)


def read_json_text(text: str, path: Path | str) -> ReadResult:
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise AuthorityFileError(path, [f"is not valid JSON ({exc})"]) from None
    if isinstance(doc, list):  # a bare list of entities
        doc = {"format": FORMAT, "version": VERSION, "entities": doc}
    problems = [_json_problem(doc, error) for error in _schema_errors(doc)]
    if problems:
        raise AuthorityFileError(path, problems)
    result = ReadResult()
    seen: dict[str, int] = {}
    total = 0
    for n, item in enumerate(doc["entities"], start=1):
        where = f"entry {n} (id {item['id']!r})"
        if item["id"] in seen:
            problems.append(f"{where}: the id is also entry {seen[item['id']]}'s")
            continue
        seen[item["id"]] = n
        entry, own = _entry(item, where, result.ignored, path)
        problems += own
        total += len(entry.aliases)
        result.entries.append(entry)
    if total > MAX_ALIASES:
        problems.append(f"holds {total:,} aliases; at most {MAX_ALIASES:,} are read")
    if problems:
        raise AuthorityFileError(path, problems)
    return result


@cache
def _is_valid() -> Any:
    """A fast yes/no: fastjsonschema compiles the schema to Python once (a file of 100,000
    aliases took jsonschema 20 s); jsonschema then says what is wrong, only when something is."""
    import fastjsonschema

    check = fastjsonschema.compile(schema())

    def is_valid(doc: Any) -> bool:
        try:
            check(doc)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def _schema_errors(doc: Any) -> Iterator[Any]:
    if _is_valid()(doc):
        return iter(())
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return iter(sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]))


def _json_problem(doc: Any, error: Any) -> str:
    """A schema error said as "entry 3 (id 'x'), alias 2, kind: ..."."""
    path = list(error.absolute_path)
    parts = []
    if len(path) >= 2 and path[0] == "entities" and isinstance(path[1], int):
        entry = doc["entities"][path[1]]
        ident = entry.get("id") if isinstance(entry, dict) else None
        parts.append(f"entry {path[1] + 1}" + (f" (id {ident!r})" if isinstance(ident, str) else ""))
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "aliases" and isinstance(rest[1], int):
            parts.append(f"alias {rest[1] + 1}")
            rest = rest[2:]
        if rest:
            parts.append(".".join(str(p) for p in rest))
    elif path:
        parts.append(".".join(str(p) for p in path))
    message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
    return (", ".join(parts) + ": " if parts else "") + message


def _entry(item: dict[str, Any], where: str, ignored: list[str], path: Path | str) -> tuple[AuthorityEntry, list[str]]:
    problems = []
    canonical = item["canonical"].strip()
    for label, value in (("id", item["id"]), ("canonical name", canonical)):
        if _has_control(value):
            problems.append(f"{where}: the {label} holds control characters")
    if not canonical:
        problems.append(f"{where}: the canonical name is empty")
    aliases = []
    for k, a in enumerate(item.get("aliases", []), start=1):
        name = a["name"].strip()
        at = f"{where}, alias {k}"
        if _has_control(name) or _has_control(a["source"]):
            problems.append(f"{at}: holds control characters")
            continue
        problem = alias_problem(name, canonical, a["kind"])
        if problem:
            ignored.append(f"{path}: {at}: alias {name!r} left out: it {problem}")
            continue
        f, u = a.get("from_year"), a.get("until_year")
        if f is not None and u is not None and f > u:
            problems.append(f"{at}: from_year {f} is after until_year {u}")
            continue
        aliases.append(Alias.from_dict({**a, "name": name}))
    entry = AuthorityEntry.from_dict({**item, "canonical": canonical, "aliases": []})
    entry.aliases = aliases
    return entry, problems


def read_csv_text(text: str, path: Path | str) -> ReadResult:
    """One row per alias: canonical,type,alias,kind,from_year,until_year,source (a header line first).

    Separated by commas, or by semicolons or tabs when the header is (a spreadsheet saved as CSV where
    the comma is the decimal mark, as in Vietnamese; a .tsv file)."""
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = next((d for d in (";", "\t") if first.count(d) == len(CSV_COLUMNS) - 1), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise AuthorityFileError(path, [f"line 1: not CSV ({exc})"]) from None
    if header is None:
        raise AuthorityFileError(path, ["is empty (expected a header: " + ",".join(CSV_COLUMNS) + ")"])
    names = [h.strip().lower() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in names]
    unknown = [h for h in names if h not in CSV_COLUMNS]
    if missing or unknown:
        said = []
        if missing:
            said.append("missing " + ", ".join(missing))
        if unknown:
            said.append("unknown " + ", ".join(repr(u[:40]) for u in unknown[:5]))
        raise AuthorityFileError(
            path, [f"line 1: the columns must be {','.join(CSV_COLUMNS)} ({'; '.join(said)})"]
        )
    col = {name: i for i, name in enumerate(names)}
    problems: list[str] = []
    result = ReadResult()
    entries: dict[tuple[str, str], AuthorityEntry] = {}
    lines: dict[tuple[str, str], list[int]] = {}  # entity -> the line of each alias (its first line first)
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ALIASES:
                problems.append(f"holds more than {MAX_ALIASES:,} rows")
                break
            if len(row) != len(names):
                problems.append(f"line {line}: {len(row)} fields, the header has {len(names)}")
                continue
            cell = {name: row[i].strip() for name, i in col.items()}
            entry_problem = _csv_row_problem(cell)
            if entry_problem:
                problems.append(f"line {line}: {entry_problem}")
                continue
            years: list[int | None] = []
            for name in ("from_year", "until_year"):
                value = cell[name]
                if not value:
                    years.append(None)
                elif value.isdigit() and 1800 <= int(value) <= 2200:
                    years.append(int(value))
                else:
                    problems.append(f"line {line}: {name} {value[:20]!r} is not a year")
                    years.append(None)
            if years[0] is not None and years[1] is not None and years[0] > years[1]:
                problems.append(f"line {line}: from_year {years[0]} is after until_year {years[1]}")
            key = (cell["type"], cell["canonical"])
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = AuthorityEntry(make_id(cell["type"], cell["canonical"]), cell["type"], cell["canonical"])
                lines[key] = [line]
            if cell["source"] and cell["source"] not in entry.sources:
                entry.sources.append(cell["source"])
            problem = alias_problem(cell["alias"], cell["canonical"], cell["kind"])
            if problem:
                if cell["alias"] or cell["kind"]:  # a row with no alias names the entity only
                    result.ignored.append(f"{path} line {line}: alias {cell['alias']!r} left out: it {problem}")
                continue
            if not cell["kind"] or not cell["source"]:
                problems.append(f"line {line}: an alias needs a kind and a source")
                continue
            entry.aliases.append(Alias(cell["alias"], cell["kind"], cell["source"], years[0], years[1]))
            lines[key].append(line)
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: not CSV ({exc})")
    if problems:
        raise AuthorityFileError(path, problems)
    if not entries:
        raise AuthorityFileError(path, ["holds no entries (only a header)"])
    result.entries = list(entries.values())
    # What the rows made is checked against the schema too (a source that is no web
    # address, a name with spaces inside its ends...), said by line.
    doc = {"format": FORMAT, "version": VERSION, "entities": [e.to_dict() for e in result.entries]}
    keys = list(entries)
    for error in _schema_errors(doc):
        at = list(error.absolute_path)
        line = None
        if len(at) >= 2 and at[0] == "entities" and isinstance(at[1], int):
            own = lines[keys[at[1]]]
            line = own[0]
            if len(at) >= 4 and at[2] == "aliases" and isinstance(at[3], int):
                line = own[at[3] + 1]
            field_ = next((str(p) for p in reversed(at) if isinstance(p, str) and p not in ("entities", "aliases")), "")
            if field_ == "sources":
                field_ = "source"
        else:
            field_ = ".".join(str(p) for p in at)
        message = error.message if len(error.message) <= 160 else error.message[:160] + "…"
        problems.append(f"line {line}: {field_}: {message}" if line else f"{field_}: {message}")
    if problems:
        raise AuthorityFileError(path, problems)
    return result


def _csv_row_problem(cell: dict[str, str]) -> str | None:
    for name in CSV_COLUMNS:
        if _has_control(cell[name]):
            return f"{name} holds control characters"
    if not cell["canonical"]:
        return "the canonical name is empty"
    if cell["type"] not in TYPES:
        return f"type {cell['type'][:30]!r} is not one of {', '.join(TYPES)}"
    if cell["kind"] and cell["kind"] not in KINDS:
        return f"kind {cell['kind'][:30]!r} is not one of {', '.join(KINDS)}"
    for name, limit in (("canonical", 300), ("alias", 300), ("source", 2000)):
        if len(cell[name]) > limit:
            return f"{name} is {len(cell[name])} characters long (at most {limit})"
    return None
