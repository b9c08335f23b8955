"""The curation log: record, undo, redo, the commands and their validation.

Every command (``edit_field``, ``merge``, ``relink_mention``...) checks its
request, builds the decision's arguments and goes through ``record``: the
decision is saved durably (``Store.append_decision``) before anything changes in
memory, then kept in the :class:`~curator.workspace.history.History` and applied
to the entity book (entity decisions) or the article overlay, and the catalog
mends the rows it touched. Undo and redo go the same way: saved first, then
memory. This is the only part of the workspace that changes the others.

Cache rule: none of its own; it tells the entity book and the catalog what
changed (see theirs).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from curator.curation.decisions import ENTITY_OPS, alias_node, changes_entities, mention_spot, now_iso, validate
from curator.curation.records import record_problem
from curator.models import EDITABLE_FIELDS, Decision
from curator.store import Store
from curator.store.backups import BACKUP_EVERY, take_backup
from curator.text import one_line
from curator.workspace.catalog import ArticleCatalog
from curator.workspace.entity_book import EntityBook
from curator.workspace.errors import CurationError, NothingToChange
from curator.workspace.history import History
from curator.workspace.keys import _key
from curator.yielding import WatchedLock

Request = tuple[str, dict[str, Any], list[str]]  # (op, args, reasons), checked but not saved
# ``progress(done, total, what)``: how many of a batch's decisions are checked, then applied.
Progress = Callable[[int, int, str], None]
STEP = 250  # a batch's progress is told every this many decisions


class CurationLog:
    """Records the curator's decisions and takes them back (see the module docstring)."""

    def __init__(self, store: Store, lock: WatchedLock, history: History, book: EntityBook, catalog: ArticleCatalog) -> None:
        self.store = store
        self._lock = lock
        self._history = history
        self._book = book
        self._catalog = catalog
        # While a batch is being gathered (``gathering``): the requests the commands
        # check and build, to be saved together; nothing is saved or applied meanwhile.
        self._gathering: list[Request] | None = None
        # While several decisions are applied together: the clusters they changed, whose
        # entities are made again once, at their end (see ``_changes_once``).
        self._deferred: set[int] | None = None

    # -- recording ---------------------------------------------------------------
    def record(self, op: str, args: dict[str, Any], reasons: Sequence[str] = ()) -> Decision:
        with self._lock:
            validate(op, args)
            if self._gathering is not None:
                self._gathering.append((op, args, list(reasons)))
                return Decision(seq=0, op=op, args=args, at="", reasons=list(reasons))
            decision = self._checked_decision(self._history.next_seq(), op, args, reasons)
            if changes_entities(op):
                self._book.load()
            self.store.append_decision(decision)  # durable before anything changes in memory
            self._apply_saved(decision)
            self._backup_if_due()
            return decision

    @contextmanager
    def gathering(self) -> Iterator[list[Request]]:
        """Collect the requests the commands build inside, instead of recording them."""
        requests: list[Request] = []
        self._gathering = requests
        try:
            yield requests
        finally:
            self._gathering = None

    def record_batch(self, requests: Sequence[Request], progress: Progress | None = None) -> list[Decision]:
        """Save the requests as one batch (one write), then apply them in order."""
        if not requests:
            return []
        tell = progress or (lambda done, total, what: None)
        total = len(requests)
        for op, args, _ in requests:
            validate(op, args)
        first = self._history.next_seq()
        batch = first if len(requests) > 1 else None
        decisions = []
        for i, (op, args, reasons) in enumerate(requests):
            if i % STEP == 0:
                tell(i, total, "checking")
            decisions.append(self._checked_decision(first + i, op, args, reasons, batch))
        if any(changes_entities(d.op) for d in decisions):
            self._book.load()
        tell(0, total, "saving")
        self.store.append_decisions(decisions)  # durable, whole, before anything changes in memory
        with self._changes_once():
            for i, decision in enumerate(decisions):
                if i % STEP == 0:
                    tell(i, total, "saved; applying")
                self._apply_saved(decision)
        tell(total, total, "saved")
        self._backup_if_due()
        return decisions

    @staticmethod
    def _checked_decision(seq: int, op: str, args: dict[str, Any], reasons: Sequence[str], batch: int | None = None) -> Decision:
        decision = Decision(seq=seq, op=op, args=args, at=now_iso(), reasons=list(reasons), batch=batch)
        problem = record_problem(decision.to_dict())
        if problem is not None:  # never save a record the next open would refuse
            raise CurationError(f"{op}: {problem}")
        return decision

    def _apply_saved(self, decision: Decision) -> None:
        """Apply a decision just saved to memory (the overlay or the partition)."""
        op, args = decision.op, decision.args
        book = self._book
        touched = book.touched_clusters(op, args) if op == "relink" else set()
        self._history.append(decision)
        if op in ENTITY_OPS:
            self._entities_changed(book.apply_entity(decision))
        elif op == "relink":
            book.refresh(touched | book.touched_clusters(op, args), relink=True)
        elif "article_id" in args:
            self._catalog.refresh_rows([args["article_id"]])

    def _entities_changed(self, clusters: set[int]) -> None:
        if self._deferred is not None:
            self._deferred |= clusters
        else:
            self._book.refresh(clusters)

    @contextmanager
    def _changes_once(self) -> Iterator[None]:
        """Make each entity and article row that several decisions applied together
        change again once, at their end, not once per decision (a merge of a batch
        touches hundreds of rows, often the same ones)."""
        if self._deferred is not None:  # already inside one
            yield
            return
        clusters: set[int] = set()
        self._deferred = clusters
        with self._catalog.rows_once():
            try:
                yield
            finally:
                self._deferred = None
                if clusters:
                    self._book.refresh(clusters)

    def _rebuild(self, entities: bool) -> None:
        """Make the curated state anew from the history (an undo or a redo that could
        not be taken back in place). ``entities=False``: only articles changed."""
        self._history.replay_articles()
        if entities and self._book.loaded:
            self._book.rebuild()
        else:
            self._catalog.recount_pending()

    def history(self) -> list[Decision]:
        return list(self._history.decisions)

    def _backup_if_due(self) -> None:
        """A backup after decisions too, not only at open, at most every ``BACKUP_EVERY``
        seconds: an hour's work is not lost with a file damaged later.

        The file was checked whole at open, and every record saved since was checked
        before it was written (``record``), so it is not checked again here (checking
        it all would cost far more than the decision it follows)."""
        take_backup(self.store.root, min_age=BACKUP_EVERY, checked=True)

    # -- undo and redo -------------------------------------------------------------
    def batch_of(self, decision: Decision) -> list[Decision]:
        """The decisions made together with ``decision`` (itself included), in order."""
        if decision.batch is None:
            return [decision]
        return [d for d in self._history.decisions if d.batch == decision.batch]

    def undo(self) -> Decision | None:
        """Undo the latest decision still in effect, with the rest of its batch (one
        write: all of them or none); None when there is none. Returns the latest."""
        with self._lock:
            decisions = self._history.decisions
            for decision in reversed(decisions):
                if not decision.undone:
                    newest = decisions[-1].seq
                    undoing = [d for d in self.batch_of(decision) if not d.undone]
                    self.store.set_undone([d.seq for d in undoing], True, undone_after=newest)
                    with self._changes_once():
                        rebuild = self._undo_each(undoing, newest)
                    if rebuild:
                        self._rebuild(entities=any(changes_entities(d.op) for d in undoing))
                    self._backup_if_due()
                    return decision
            return None

    def _undo_each(self, undoing: list[Decision], newest: int) -> bool:
        """Take back each decision in memory, latest first; True when the state must be
        made again from the history (a snapshot was missing)."""
        rebuild = False
        for d in reversed(undoing):  # latest first: each snapshot is the top one
            d.undone_after = newest
            if not rebuild and d.op in ENTITY_OPS:
                changed = self._book.restore_before(d)
                if changed is not None:
                    d.undone = True
                    self._entities_changed(changed)
                    continue
            rebuild = True
            self._before_rebuild(d)
            d.undone = True
        return rebuild

    def _before_rebuild(self, decision: Decision) -> None:
        """Note the articles a decision about to change touched (their rows need recounting)."""
        book = self._book
        if book.loaded and changes_entities(decision.op):
            self._catalog.count_later(book.articles_of(book.touched_clusters(decision.op, decision.args)))
        elif "article_id" in decision.args:
            self._catalog.count_later([decision.args["article_id"]])

    def redoable(self) -> list[Decision]:
        """What redo can take back, next first: the decisions undone since the newest
        decision was made, like an editor's redo stack. A new decision empties it.
        The stack lives in ``curation.json`` (``Decision.undone_after``), so it is
        the same after a restart and for the app and the command line."""
        with self._lock:
            newest = self._history.newest_seq()
            if newest is None:
                return []
            # Undo takes the latest decision in effect, so the most recent undo is the
            # lowest seq among those undone since ``newest`` was made.
            return [d for d in self._history.decisions if d.undone and d.undone_after == newest]

    def redo(self) -> Decision | None:
        """Redo the most recent undo (the whole of its batch), unless a decision was made
        since; None when none. Returns its first decision."""
        with self._lock:
            stack = self.redoable()
            if not stack:
                return None
            decision = stack[0]
            redoing = [d for d in stack if d.batch == decision.batch] if decision.batch is not None else [decision]
            self.store.set_undone([d.seq for d in redoing], False)
            quick = self._book.loaded and all(d.op in ENTITY_OPS for d in redoing) and not self._history.overlay.relinks
            with self._changes_once():
                for d in redoing:
                    d.undone_after = None
                    if quick:  # applied again on top of the state it was undone from
                        d.undone = False
                        self._entities_changed(self._book.apply_entity(d))
                    else:
                        self._before_rebuild(d)
                        d.undone = False
            if not quick:
                self._rebuild(entities=any(changes_entities(d.op) for d in redoing))
            self._backup_if_due()
            return decision

    # -- the commands --------------------------------------------------------------
    def edit_field(self, article_id: str, field_name: str, value: str | None) -> Decision:
        self._require_article(article_id)
        if field_name not in EDITABLE_FIELDS:
            raise CurationError(f"'{field_name}' cannot be edited (editable: {', '.join(EDITABLE_FIELDS)})")
        value = one_line(value) if value is not None else None
        if field_name == "published" and value:
            value = _check_date(value)
        old = self._catalog.value(article_id, field_name)
        if (value or None) == (old or None):
            shown = f"'{one_line(old, 60)}'" if old else "empty"
            raise NothingToChange(f"nothing to change: the {field_name} of {article_id} is already {shown}")
        return self.record("edit", {"article_id": article_id, "field": field_name, "value": value or None, "old": old})

    def set_status(self, article_id: str, status: str, duplicate_of: str | None = None) -> Decision:
        """``duplicate_of``: with the status ``duplicate``, the article this one copies
        (the export's ``duplicate_of``)."""
        self._require_article(article_id)
        old = self._catalog.status(article_id)
        # Naming the original the ingest found is not nothing: the curator's choice is kept
        # whatever a later ingest finds. Naming the one the curator named already is.
        if status == old and (duplicate_of is None or duplicate_of == self._history.overlay.duplicate_of.get(article_id)):
            already = f"a duplicate of {duplicate_of}" if duplicate_of else status
            raise NothingToChange(f"nothing to change: {article_id} is already {already}")
        args: dict[str, Any] = {"article_id": article_id, "status": status, "old": old}
        if duplicate_of is not None:
            if status != "duplicate":
                raise CurationError(f"only a duplicate names the article it duplicates, not a {status} one")
            if duplicate_of == article_id:
                raise CurationError(f"article {article_id} cannot duplicate itself")
            self._require_article(duplicate_of)
            args["duplicate_of"] = duplicate_of
        return self.record("status", args)

    def _require_article(self, article_id: str) -> None:
        if not self._catalog.has_article(article_id):
            raise CurationError(f"no article with id '{article_id}'")

    def accept_mention(self, article_id: str, start: int, end: int, field: str = "text") -> Decision:
        """Accept one mention as extracted; ``field="title"`` for a mention in the title."""
        m = self._require_mention(article_id, start, end, field)
        if mention_spot(article_id, start, end, field) in self._history.overlay.accepted:
            raise NothingToChange(f"nothing to change: '{one_line(m.text, 60)}' is already accepted")
        args: dict[str, Any] = {"article_id": article_id, "start": start, "end": end, "text": m.text, "type": m.type}
        if field != "text":
            args["field"] = field
        return self.record("accept_mention", args)

    def relink_mention(self, article_id: str, start: int, end: int, entity_id: str | None, field: str = "text") -> Decision:
        """Link one mention to another entity, or unlink it (``entity_id=None``);
        ``field="title"`` for a mention in the title."""
        m = self._require_mention(article_id, start, end, field)
        args: dict[str, Any] = {"article_id": article_id, "start": start, "end": end, "text": m.name, "type": m.type}
        if field != "text":
            args["field"] = field
        if entity_id is not None:
            target = self._book.entity_by_id(entity_id)
            args["to_type"] = target.type
            args["to_name"] = self._book.anchor_name(target.id)
            args["to_entity"] = target.name
        else:
            args["to_name"] = None
            if self._history.overlay.relinks.get(mention_spot(article_id, start, end, field), "") is None:
                raise NothingToChange(f"nothing to change: '{one_line(m.name, 60)}' is already unlinked")
        return self.record("relink", args)

    def _require_mention(self, article_id: str, start: int, end: int, field: str = "text") -> Any:
        self._require_article(article_id)
        for m in self.store.mentions(article_id):
            if m.start == start and m.end == end and m.field == field:
                return m
        where = "" if field == "text" else f" of its {field}"
        raise CurationError(f"article {article_id} has no mention at {start}-{end}{where}")

    def merge(self, entity_ids: Sequence[str], name: str | None = None, reasons: Sequence[str] = ()) -> Decision:
        """Merge entities into one, named ``name`` or else by the canonical-name rule
        (``merged_name``)."""
        ents = [self._book.entity_by_id(e) for e in dict.fromkeys(entity_ids)]
        if len(ents) < 2:
            raise CurationError("merge needs at least two different entities")
        types = {e.type for e in ents}
        if len(types) > 1:
            raise CurationError(f"cannot merge entities of different types ({', '.join(sorted(types))})")
        canonical = one_line(name) if name and one_line(name) else self._book.merged_name([e.id for e in ents])  # typed: no control chars
        args = {
            "type": ents[0].type,
            "names": [self._book.anchor_name(e.id) for e in ents],
            "entities": [e.name for e in ents],
            "canonical": canonical,
        }
        return self.record("merge", args, reasons or ["merged by the curator"])

    def reject(self, a_id: str, b_id: str, reasons: Sequence[str] = ()) -> Decision:
        """The two entities are different and must never be merged."""
        a, b = self._book.entity_by_id(a_id), self._book.entity_by_id(b_id)
        if a.id == b.id:
            raise CurationError("an entity cannot be rejected against itself; split an alias instead")
        if self._book.separated(a.id, b.id):
            raise NothingToChange(f"nothing to change: {one_line(a.name, 60)} and {one_line(b.name, 60)} are already recorded as different")
        args = {"type": a.type, "a": self._book.anchor_name(a.id), "b": self._book.anchor_name(b.id), "entities": [a.name, b.name]}
        return self.record("reject", args, reasons or ["rejected by the curator"])

    def split(self, entity_id: str, alias: str, new_name: str | None = None) -> Decision:
        """Take one alias (with every spelling that shares its key) out into a new entity."""
        ent = self._book.entity_by_id(entity_id)
        if alias not in ent.aliases:
            raise CurationError(f"'{alias}' is not an alias of {ent.name} (aliases: {', '.join(sorted(ent.aliases))})")
        node = alias_node(ent.type, alias, _key)
        cid = self._book.cluster_of_entity(ent.id)
        if self._book.partition.members[cid] == {node}:
            raise CurationError(f"'{alias}' is the only name of {ent.name}; there is nothing to split")
        others = [n for n in self._book.partition.members[cid] if n != node]
        other_forms: Counter[str] = Counter()
        for n in others:
            other_forms.update(self._book.nodes.get(n, {}).get("forms", {}))
        anchor = min(other_forms, key=lambda f: (-other_forms[f], f)) if other_forms else None
        args = {"type": ent.type, "alias": alias, "entity": ent.name, "from_anchor": anchor, "new_name": new_name}
        return self.record("split", args, [f"'{alias}' split out of {ent.name} by the curator"])

    def rename(self, entity_id: str, name: str) -> Decision:
        ent = self._book.entity_by_id(entity_id)
        name = one_line(name)
        if not name:
            raise CurationError("the new name is empty")
        if name == ent.name:
            raise NothingToChange(f"nothing to change: the name is already '{one_line(name, 60)}'")
        other = self._book.entity_named(name, besides=ent.id)
        if other is not None:  # two entities of one name: every later reference to it is ambiguous
            raise CurationError(
                f"'{one_line(name, 80)}' is already the name of {other.id} ({other.type}): "
                f"merge the two instead (curator merge {ent.id} {other.id}, or m on Entities)"
            )
        args = {"type": ent.type, "anchor": self._book.anchor_name(ent.id), "old": ent.name, "name": name}
        return self.record("rename", args)


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str) -> str:
    from datetime import date

    value = value.strip()
    if not _DATE.match(value):
        # Typed as Vietnamese pages write it: 27/07/2023, 27-7-2023, 27.7.2023, "ngày 27 tháng 7 năm 2023".
        from curator.ingest.dates import full_dates

        found = full_dates(value, "lead")
        if len(found) == 1 and found[0].raw == value and found[0].iso:
            return found[0].iso
        raise CurationError(f"'{value}' is not a date: use YYYY-MM-DD or DD/MM/YYYY, YYYY-MM or YYYY")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise CurationError(f"'{value}' is not a valid date ({exc})") from None
    return value
