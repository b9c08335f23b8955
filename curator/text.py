"""Text hygiene applied at the door: NFC, newlines, no terminal control characters.

Everything read from the archive passes through :func:`clean_text` before it is
stored, and everything shown in a terminal may pass through :func:`safe_display`
again (cheap, idempotent) as a second line of defence.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ESC \), and two-character escapes (ESC x).
_ESCAPE_SEQ = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC, terminated by BEL or ST (or cut off)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                   # other two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]?             # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?     # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible format characters that can reorder or hide text in a terminal:
# zero-width space/joiners, bidi marks, embeddings, overrides and isolates, BOM.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def clean_text(text: str) -> str:
    """Return ``text`` as NFC with ``\\n`` newlines and no control characters.

    Removes complete ANSI/OSC escape sequences (not just the ESC byte, so no
    ``]0;title`` residue remains), C0/C1 controls other than tab and newline,
    and invisible bidi/zero-width characters. Idempotent.
    """
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPE_SEQ.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def safe_display(text: str) -> str:
    """Text safe to hand to a terminal widget: no control characters at all.

    Newlines and tabs are kept; use :func:`one_line` for table cells.
    """
    return clean_text(text)


def one_line(text: str, limit: int | None = None) -> str:
    """Clean text collapsed to a single line (for table cells and titles)."""
    flat = " ".join(clean_text(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat
