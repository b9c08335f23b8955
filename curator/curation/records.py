"""Every decision record is checked against one schema before curator trusts it.

The schema is the export's own (``curator/schema/export.schema.json``,
``$defs/decision``): the records of ``curation.json`` and the curator's entries
in an export's history are the same records. A record with a wrong type inside
valid JSON (``args: 42``, a ``seq`` of 10**30) is named with its file, its
number and its field, before any command acts on it.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=1)
def _is_valid() -> Check:
    return compile_schema(_decision_schema())


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


# -- a compiled checker ------------------------------------------------------------
# Every record is checked at every open, so the check must cost little: jsonschema
# walks the schema anew for each record, about a hundred times the cost of these
# closures. The decision schema uses a handful of keywords; any other stops the
# compilation, so the schema cannot silently outgrow the checker, and a test holds
# the two to the same answer on generated records.
Check = Callable[[Any], bool]
_IGNORED = frozenset({"description", "title", "$schema", "$id", "$defs"})
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _same(a: Any, b: Any) -> bool:
    """JSON equality for the scalars enums hold: true is not 1."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def compile_schema(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Check:
    """A predicate equal to ``jsonschema.Draft202012Validator(schema).is_valid`` for
    the keywords the decision schema uses (ValueError for any other)."""
    root = root if root is not None else schema
    checks: list[Check] = []
    unknown = set(schema) - _IGNORED - {
        "type", "enum", "const", "required", "properties", "items", "minItems", "minLength", "pattern",
        "minimum", "maximum", "$ref", "if", "then", "else", "allOf", "anyOf",
    }
    if unknown:
        raise ValueError(f"the decision checker does not know {', '.join(sorted(unknown))}")
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"the decision checker cannot follow {ref}")
        target = root["$defs"][ref.removeprefix("#/$defs/")]
        compiled: list[Check] = []  # compiled on first use: a schema may refer to itself

        def follow(v: Any) -> bool:
            if not compiled:
                compiled.append(compile_schema(target, root))
            return compiled[0](v)

        checks.append(follow)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        kinds = [_TYPES[n] for n in names]
        checks.append(kinds[0] if len(kinds) == 1 else _any(kinds))
    if "enum" in schema:
        options = list(schema["enum"])
        if all(isinstance(o, str) for o in options):
            strings = frozenset(options)
            checks.append(lambda v: isinstance(v, str) and v in strings)
        else:
            checks.append(lambda v: any(_same(v, o) for o in options))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v: _same(v, const))
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda v: not _number(v) or v >= low)
    if "maximum" in schema:
        high = schema["maximum"]
        checks.append(lambda v: not _number(v) or v <= high)
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search  # JSON Schema patterns are not anchored
        checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "minItems" in schema:
        fewest = schema["minItems"]
        checks.append(lambda v: not isinstance(v, list) or len(v) >= fewest)
    if "required" in schema:
        keys = list(schema["required"])
        checks.append(lambda v: not isinstance(v, dict) or all(k in v for k in keys))
    if "properties" in schema:
        props = [(k, compile_schema(sub, root)) for k, sub in schema["properties"].items()]

        def properties(v: Any) -> bool:
            if isinstance(v, dict):
                for k, c in props:
                    if k in v and not c(v[k]):
                        return False
            return True

        checks.append(properties)
    if "items" in schema:
        item = compile_schema(schema["items"], root)

        def items(v: Any) -> bool:
            if isinstance(v, list):
                for x in v:
                    if not item(x):
                        return False
            return True

        checks.append(items)
    if "if" in schema:
        cond = compile_schema(schema["if"], root)
        then = compile_schema(schema.get("then", {}), root)
        other = compile_schema(schema.get("else", {}), root)
        checks.append(lambda v: then(v) if cond(v) else other(v))
    if "allOf" in schema:
        checks.append(_cases(schema["allOf"], root) or _all([compile_schema(sub, root) for sub in schema["allOf"]]))
    if "anyOf" in schema:
        checks.append(_any([compile_schema(sub, root) for sub in schema["anyOf"]]))
    return _all(checks)


def _cases(parts: list[Any], root: dict[str, Any]) -> Check | None:
    """``allOf`` of ``if KEY is "X" then ...`` for one KEY (the decision's per-operation
    rules): only the matching case is checked, found by a dict. None for other forms."""
    key = None
    table: dict[str, Check] = {}
    for part in parts:
        cond = part.get("if") if isinstance(part, dict) else None
        if not cond or set(part) - {"if", "then"} or set(cond) != {"required", "properties"}:
            return None
        (name,) = cond["required"] if len(cond["required"]) == 1 else (None,)
        prop = cond["properties"].get(name) if name is not None else None
        if len(cond["properties"]) != 1 or not isinstance(prop, dict) or set(prop) != {"const"}:
            return None
        if not isinstance(prop["const"], str) or (key is not None and name != key) or prop["const"] in table:
            return None
        key = name
        table[prop["const"]] = compile_schema(part.get("then", {}), root)
    if key is None:
        return None
    every = _all(list(table.values()))

    def case(v: Any) -> bool:
        if not isinstance(v, dict):
            return every(v)  # each "if" holds for what is not an object: every "then" applies
        found = v.get(key)
        check = table.get(found) if isinstance(found, str) else None
        return True if check is None else check(v)

    return case


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def every(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True

    return every


def _any(checks: list[Check]) -> Check:
    def some(v: Any) -> bool:
        for c in checks:
            if c(v):
                return True
        return False

    return some


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
