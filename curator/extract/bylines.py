"""Bylines and photo credits: the author's name near an article's end, "(Ảnh: Phạm Hải)"."""

from __future__ import annotations

import re

from curator.extract.people import FUNCTION_WORDS, HONORIFICS, NOT_NAMES, PLACES, is_name_word

__all__ = ["CREDIT", "byline"]

# "(Ảnh: Phạm Hải)", "Ảnh:Phạm Hải", "Ảnh: PV"
CREDIT = re.compile(r"Ảnh\s*:\s*([A-ZÀ-ỸĐ][a-zà-ỹđ]+(?: [A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,3})")

_PLACE_NAMES = frozenset(" ".join(seq) for seqs in PLACES.table.values() for seq in seqs)


def _could_sign(head: str) -> bool:
    """A byline's name is not a place or a sentence's first words ("Từ Hà Nội, đoàn xe ...")."""
    parts = head.split()
    if parts[0] in FUNCTION_WORDS or parts[0].lower() in HONORIFICS.table or parts[0] in NOT_NAMES.table:
        return False
    spans = ((a, b) for a in range(len(parts)) for b in range(a + 2, len(parts) + 1))
    return not any(" ".join(parts[a:b]) in _PLACE_NAMES for a, b in spans)


def byline(text: str) -> tuple[int, int, int] | None:
    """The author near the end: "Minh Hiền" / "Minh Hiền, Công an nhân dân, 24/11/2021".

    Returns the name's start and end, and the end of its line (the rest of the
    line is the outlet and date, not mentions).
    """
    end = len(text)
    seen = 0
    while end > 0 and seen < 4:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        end = start - 1
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        head = stripped.split(",")[0].strip()
        parts = head.split()
        if 2 <= len(parts) <= 4 and len(stripped) < 80 and all(is_name_word(p) for p in parts) and _could_sign(head):
            s = start + line.index(head)
            return s, s + len(head), start + len(line)
    return None
