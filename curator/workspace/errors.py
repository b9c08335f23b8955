"""What a curation request that cannot be carried out raises."""

from __future__ import annotations


class CurationError(ValueError):
    """A curation request that cannot be carried out (unknown entity, bad value)."""
