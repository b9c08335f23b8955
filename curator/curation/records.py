"""Every decision record is checked against one schema before curator trusts it.

The schema is the export's own (``curator/schema/export.schema.json``,
``$defs/decision``): the records of ``curation.json`` and the curator's entries
in an export's history are the same records. A record with a wrong type inside
valid JSON (``args: 42``, a ``seq`` of 10**30) is named with its file, its
number and its field, before any command acts on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curator.text import one_line

if TYPE_CHECKING:
    import jsonschema


class BadRecord(ValueError):
    """A decision record that does not match the schema: which one, and what is wrong."""

    def __init__(self, path: Path, number: int | str, problem: str) -> None:
        self.path = path
        self.number = number
        self.problem = problem
        super().__init__(f"{path}: record {number}: {problem}")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    """jsonschema's validator for one decision: the reference, and the error messages
    (imported only when a record is bad: it takes a while to import)."""
    import jsonschema

    return jsonschema.Draft202012Validator(_decision_schema())


@lru_cache(maxsize=1)
def _decision_schema() -> dict[str, Any]:
    from curator.export import export_schema  # not at the top: export imports the store, which imports this

    return {"$ref": "#/$defs/decision", "$defs": export_schema()["$defs"]}


Check = Callable[[Any], bool]


@lru_cache(maxsize=1)
def _is_valid() -> Check:
    """A fast yes/no for one record: every record is checked at every open, and
    jsonschema walks the schema anew for each record (3 s for 10,000 decisions);
    fastjsonschema compiles it to Python once (about 0.25 s for 10,000). A test
    holds the two to the same answer on generated records."""
    import fastjsonschema

    check = fastjsonschema.compile(_decision_schema())

    def is_valid(record: Any) -> bool:
        try:
            check(record)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def record_problem(record: Any) -> str | None:
    """What is wrong with one decision record (``field: message``), or None when it is sound."""
    if _is_valid()(record):  # the common case, and jsonschema is not called at all
        return None
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(record), key=_deepest)
    if error is None:  # cannot happen while the two agree (a test holds them to it)
        return None
    where = [str(p) for p in error.absolute_path]
    message = error.message
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = next((k for k in error.validator_value if k not in error.instance), None)
        if missing is not None:  # name the field itself, not the object it is missing from
            where.append(str(missing))
            message = "missing"
    field = ".".join(where) or "record"
    return one_line(f"{field}: {message}", 300)


def _deepest(error: jsonschema.ValidationError) -> tuple[int, ...]:
    """Prefer the error about the innermost field (``args.start``, not ``args``)."""
    return (len(error.absolute_path),)


def check_records(path: Path, records: Iterable[tuple[int | str, Any]]) -> int:
    """Raise :class:`BadRecord` for the first unsound record of ``path``; else the count.

    ``records``: (number shown to the user, record). Two records with one ``seq``
    are refused too: undo and redo find decisions by it.
    """
    seen: dict[int, int | str] = {}
    count = 0
    for number, record in records:
        problem = record_problem(record)
        if problem is not None:
            raise BadRecord(path, number, problem)
        seq = record["seq"]
        if seq in seen:
            raise BadRecord(path, number, f"seq: {seq} is the seq of record {seen[seq]} too")
        seen[seq] = number
        count += 1
    return count


def check_history_table(path: Path, tables: Mapping[str, Mapping[str, Any]] | None) -> int:
    """Check every record of a ``curation.json`` (as read: TinyDB's tables); the count.

    Raises ``CorruptDatabase`` (a store error: the commands and the app report it,
    leave the file untouched and point at ``curator restore``)."""
    from curator.store.errors import CorruptDatabase  # the store imports this module

    history = (tables or {}).get("history", {})
    for key in history:
        if not (key.isascii() and key.isdigit()):  # TinyDB numbers its documents
            raise CorruptDatabase(path, f"record {key!r}: the record's key is not a number")
    try:
        return check_records(path, ((int(k), doc) for k, doc in history.items()))
    except BadRecord as exc:
        raise CorruptDatabase(path, f"record {exc.number}: {exc.problem}") from None
