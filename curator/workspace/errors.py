"""What a curation request that cannot be carried out raises."""

from __future__ import annotations


class CurationError(ValueError):
    """A curation request that cannot be carried out (unknown entity, bad value)."""


class NothingToChange(CurationError):
    """A decision that would change nothing (flag a flagged article, reject a pair
    already rejected): refused, so it never fills the history or the undo stack."""
