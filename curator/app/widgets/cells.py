"""Text fitted to table cells: cut or padded to a column's width, and whole lines.

A cut keeps what tells values apart: a name cut in the middle keeps its end
("Sở Thông tin…tỉnh Bắc Giang" and "…tỉnh Bắc Ninh" stay different), and a
header keeps its sort arrow whatever the label loses.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.strip import Strip
from rich.style import Style

def fit_line(segments: list[Segment], used: int, width: int, style: Style) -> Strip:
    """A strip of ``width`` cells from segments known to take ``used`` cells."""
    if used > width:
        return Strip(segments).adjust_cell_length(width, style)  # a narrow table: cut
    if used < width:
        segments.append(Segment(" " * (width - used), style))
    return Strip(segments, width)


# Printable ASCII, Latin-1 (less the soft hyphen), Latin Extended-A/B and Latin
# Extended Additional (Vietnamese letters with their marks, precomposed).
_ONE_CELL_EACH = re.compile("[\x20-\x7e\xa0-\xac\xae-\u024f\u1e00-\u1eff]*").fullmatch


def fit(text: str, width: int, justify: str = "left", cut: str = "end") -> str:
    """Pad or cut ``text`` to exactly ``width`` cells (wide characters counted right).

    ``cut="middle"``: a longer text keeps its start and its end around "…" (names
    that differ only at the end stay apart); ``"end"``: it keeps its start."""
    if width <= 0:
        return ""
    length = len(text) if _ONE_CELL_EACH(text) else cell_len(text)
    if length > width:
        # Latin script, Vietnamese included, is one cell per character: a slice is
        # the cut. Rich's ``set_cell_size`` walks graphemes, needed only for wide,
        # combining or joined ones.
        if _ONE_CELL_EACH(text):
            if cut == "middle" and width >= MIDDLE_CUT_MIN:
                end = (width - 1) // 2
                return text[: width - 1 - end] + "…" + text[len(text) - end :]
            return text[: width - 1] + "…"
        if _ONE_CELL_EACH(text, 0, width):
            return text[: width - 1] + "…"
        return set_cell_size(text, width - 1) + "…"
    if justify == "right":
        return " " * (width - length) + text
    return text + " " * (width - length)


MIDDLE_CUT_MIN = 9  # narrower, a middle cut leaves too little of either end to read


def header_label(label: str, width: int, justify: str, arrow: str | None) -> str:
    """A column's header cut to ``width``, with the sort ``arrow`` (None: not sorted
    by it) always shown: the label gives way, never the arrow."""
    if arrow is None:
        return fit(label, width, justify)
    if width < 3:
        return fit(arrow, width, justify)
    room = width - 2
    short = label if cell_len(label) <= room else fit(label, room)
    return fit(f"{short} {arrow}", width, justify)
