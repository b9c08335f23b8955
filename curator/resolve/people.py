"""People: the same family and given name with a middle name missing ("Phạm Hải" / "Phạm Hồng
Hải"), suggested, never merged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from curator.resolve.name_features import NameFeatures

MIDDLE_MISSING = "same family and given name, middle name missing: may be two people"


def link_people(feats: list[NameFeatures], order: list[int], put: Callable[..., None]) -> None:
    """"Phạm Hải" / "Phạm Hồng Hải": suggested, never merged."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in order:
        n = feats[i]
        if n.type == "person" and n.family:
            blocks[(n.family, n.given)].append(i)
    for members in blocks.values():
        short = [i for i in members if not feats[i].middle]
        if not short or len(members) < 2:
            continue
        full = [i for i in members if feats[i].middle]
        for i in short:
            for j in full:
                put(i, j, "suggest", 70.0, MIDDLE_MISSING)
