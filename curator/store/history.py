"""The curation log, ``curation.json``: the curator's decisions, the precious file.

A TinyDB file (see ``file_format``) with one table, ``history``: one document per
decision, ``Decision.to_dict()`` (``seq``, ``op``, ``args``, ``at``, ``reasons``,
``undone``, ``undone_after``, ``batch``). Unlike the rebuildable files it keeps one name and
is written through TinyDB's own table API (insert, update) on
``AtomicJSONStorage``: each decision is on disk, whole, before the call returns.
It is checked whole at open (``check_history_table``), and copies of it are kept in
``backups/`` (``backups.py``: the newest sound ones, taken at a writable open,
at most every ``BACKUP_EVERY`` seconds while deciding, and at close).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from curator.models import Decision
from curator.store.backups import take_backup


class CurationFile:
    """The store's reading and writing of ``curation.json`` (part of ``Store``)."""

    # -- backups -------------------------------------------------------------
    def _backup_curation(self) -> None:
        """Keep the last few good copies of the precious file (see ``backups.py``)."""
        take_backup(self.root, checked=True)  # checked just now, under the lock

    def backups(self) -> list[Path]:
        return sorted((self.root / "backups").glob("curation-*.json"), reverse=True)

    # -- curation (precious) -------------------------------------------------
    def history(self) -> list[Decision]:
        docs = self.curation.table("history").all()
        return sorted((Decision.from_dict(d) for d in docs), key=lambda d: d.seq)

    def append_decision(self, decision: Decision) -> None:
        """Save one decision durably; returns only once it is on disk."""
        self._require_write()
        self.curation.table("history").insert(decision.to_dict())

    def append_decisions(self, decisions: list[Decision]) -> None:
        """Save a batch of decisions in one write, durably: all of them or, killed
        before the file's atomic replace (the commit point), none."""
        self._require_write()
        self.curation.table("history").insert_multiple([d.to_dict() for d in decisions])

    def set_undone(self, seqs: Iterable[int], undone: bool, undone_after: int | None = None) -> None:
        """Mark decisions undone (with the newest seq at that moment) or in effect again."""
        self._require_write()
        wanted = set(seqs)
        self.curation.table("history").update(
            {"undone": undone, "undone_after": undone_after if undone else None},
            cond=lambda doc: doc.get("seq") in wanted,
        )

    def replace_history(self, decisions: list[Decision]) -> None:
        self._require_write()
        self._replace("curation.json", {"history": [d.to_dict() for d in decisions]})
