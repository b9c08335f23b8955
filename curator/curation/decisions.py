"""The curator's decisions: what each operation means, and replaying them.

A decision is stored as a :class:`~curator.models.Decision` in ``curation.json``
the moment it is made. Operations name entities by their aliases (type and
surface name), never by row positions or internal ids, so a history replays
onto a re-ingested archive or a colleague's database (``curator apply``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from curator.curation.partition import Partition, node_id
from curator.models import ARTICLE_STATUSES, EDITABLE_FIELDS, Decision
from curator.text import one_line

ENTITY_OPS = ("merge", "reject", "split", "rename")


def changes_entities(op: str) -> bool:
    """Whether a decision of this kind changes entities: an entity decision, or a relink
    (it moves a mention from one entity to another)."""
    return op in ENTITY_OPS or op == "relink"
ARTICLE_OPS = ("edit", "status", "relink", "accept_mention")
ALL_OPS = ENTITY_OPS + ARTICLE_OPS

KeyFunc = Callable[[str, str], str]


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def alias_node(type_: str, name: str, key: KeyFunc) -> str:
    return node_id(type_, key(name, type_))


# Where a mention is, for the curator's decisions about it: (article id, start, end) for the
# body, as always recorded; a title mention adds its field, so its offsets never meet the body's.
Spot = tuple[Any, ...]


def mention_spot(article_id: str, start: int, end: int, field: str = "text") -> Spot:
    """The key of a mention in an article's body (``field="text"``) or title."""
    return (article_id, start, end) if field == "text" else (article_id, start, end, field)


@dataclass
class ArticleOverlay:
    """The curator's corrections to articles, replayed from history."""

    fields: dict[str, dict[str, str | None]] = field(default_factory=dict)  # id -> field -> value
    status: dict[str, str] = field(default_factory=dict)
    duplicate_of: dict[str, str] = field(default_factory=dict)  # id -> the article it copies, as the curator named it
    relinks: dict[Spot, str | None] = field(default_factory=dict)  # -> node or None
    accepted: set[Spot] = field(default_factory=set)

    def original_of(self, article_id: str, found: str | None) -> str | None:
        """The article ``article_id`` copies: the one the curator named, else ``found``
        (the ingest's). The app, the workspace export and the streamed export all ask here."""
        return self.duplicate_of.get(article_id) or found


def apply_entity_op(partition: Partition, decision: Decision, key: KeyFunc) -> None:
    """Apply one entity decision to the partition (in place)."""
    args = decision.args
    type_ = args.get("type", "organization")
    if decision.op == "merge":
        nodes = [alias_node(type_, n, key) for n in args["names"]]
        for other in nodes[1:]:
            partition.union(nodes[0], other, force=True)
        if args.get("canonical"):
            partition.rename(nodes[0], args["canonical"])
    elif decision.op == "reject":
        partition.separate(alias_node(type_, args["a"], key), alias_node(type_, args["b"], key))
    elif decision.op == "split":
        alias = alias_node(type_, args["alias"], key)
        partition.detach(alias)
        if args.get("new_name"):
            partition.rename(alias, args["new_name"])
    elif decision.op == "rename":
        partition.rename(alias_node(type_, args["anchor"], key), args["name"])


def apply_article_op(overlay: ArticleOverlay, decision: Decision, key: KeyFunc) -> None:
    args = decision.args
    if decision.op == "edit":
        overlay.fields.setdefault(args["article_id"], {})[args["field"]] = args["value"]
    elif decision.op == "status":
        overlay.status[args["article_id"]] = args["status"]
        if args.get("duplicate_of") and args["status"] == "duplicate":
            overlay.duplicate_of[args["article_id"]] = args["duplicate_of"]
        else:
            overlay.duplicate_of.pop(args["article_id"], None)
    elif decision.op == "relink":
        spot = mention_spot(args["article_id"], int(args["start"]), int(args["end"]), args.get("field") or "text")
        target = args.get("to_name")
        overlay.relinks[spot] = (
            alias_node(args.get("to_type") or args.get("type", "organization"), target, key)
            if target
            else None
        )
    elif decision.op == "accept_mention":
        overlay.accepted.add(mention_spot(args["article_id"], int(args["start"]), int(args["end"]), args.get("field") or "text"))


def cannot_links(history: Iterable[Decision], key: KeyFunc) -> list[tuple[str, str]]:
    """Pairs the curator rejected anywhere in the active history.

    Automatic merges that would join them are skipped before replay, so a new
    resolver link can never silently undo a rejection. A split is not among
    them: it is replayed in its turn, after the automatic merges, as it was
    made (it then keeps the alias away from every name of its old entity).
    Skipping the merge of the split alias with one name there had also broken
    the chains through that alias that held the rest of the entity together:
    the entity shown after a restart was not the one the curator had left.
    """
    pairs = []
    for d in history:
        if d.undone:
            continue
        t = d.args.get("type", "organization")
        if d.op == "reject":
            pairs.append((alias_node(t, d.args["a"], key), alias_node(t, d.args["b"], key)))
    return pairs


def validate(op: str, args: dict[str, Any]) -> None:
    """Reject a malformed operation before it is saved (a clear message, not a KeyError)."""
    if op not in ALL_OPS:
        raise ValueError(f"unknown operation '{op}'")
    required = {
        "merge": ("type", "names"),
        "reject": ("type", "a", "b"),
        "split": ("type", "alias"),
        "rename": ("type", "anchor", "name"),
        "edit": ("article_id", "field", "value"),
        "status": ("article_id", "status"),
        "relink": ("article_id", "start", "end"),
        "accept_mention": ("article_id", "start", "end"),
    }[op]
    missing = [k for k in required if k not in args]
    if missing:
        raise ValueError(f"{op}: missing {', '.join(missing)}")
    if op == "merge" and len(args["names"]) < 2:
        raise ValueError("merge: needs at least two entities")
    if op == "edit" and args["field"] not in EDITABLE_FIELDS:
        raise ValueError(f"edit: '{args['field']}' is not an editable field")
    if op == "status" and args["status"] not in ARTICLE_STATUSES:
        raise ValueError(f"status: '{args['status']}' is not one of {', '.join(ARTICLE_STATUSES)}")


def _value(value: Any, limit: int) -> str:
    """A field's value in a one-line description, cut to ``limit`` characters (the
    old value short enough that it never hides the new one); a field with no value
    says so."""
    return "(empty)" if value is None else f"'{one_line(str(value), limit)}'"


def describe(d: dict[str, Any]) -> str:
    """One line saying what a decision did, in the curator's terms."""
    a = d.get("args", {})
    op = d.get("op")
    if op == "merge":
        text = f"merge {' + '.join(a.get('entities') or a.get('names', []))} as '{a.get('canonical')}'"
    elif op == "auto_merge":
        text = f"auto-merge {' = '.join(a.get('names', []))}"
    elif op == "reject":
        text = f"reject {' ≠ '.join(a.get('entities') or [a.get('a'), a.get('b')])}"
    elif op == "split":
        text = f"split '{a.get('alias')}' out of {a.get('entity')}"
    elif op == "rename":
        text = f"rename {a.get('old')} to '{a.get('name')}'"
    elif op == "edit":
        text = f"edit {a.get('field')} of {a.get('article_id')}: {_value(a.get('old'), 60)} -> {_value(a.get('value'), 120)}"
    elif op == "status":
        text = f"mark {a.get('article_id')} {a.get('status')}"
        if a.get("duplicate_of"):
            text += f" of {a.get('duplicate_of')}"
    elif op == "relink":
        target = a.get("to_entity") or a.get("to_name")
        text = f"link '{a.get('text')}' in {a.get('article_id')} to {target}" if target else f"unlink '{a.get('text')}' in {a.get('article_id')}"
    elif op == "accept_mention":
        text = f"accept '{a.get('text')}' in {a.get('article_id')}"
    else:
        text = str(op)
    return one_line(text, 240)
