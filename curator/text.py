"""Text hygiene applied at the door: NFC, newlines, no terminal control characters.

Everything read from the archive passes through :func:`clean_text` before it is
stored, and everything shown in a terminal may pass through :func:`safe_display`
again (cheap, idempotent) as a second line of defence.
"""

from __future__ import annotations

import re
import unicodedata

# The longest payload an OSC/DCS/SOS/PM/APC sequence may carry and still be removed
# whole. Real ones are short: a window title (``ESC ]0;title BEL``) is a few dozen
# characters, an OSC 8 hyperlink holds one URL (rarely over 300). A longer run is
# not a sequence but article text after a stray introducer, and is kept.
MAX_PAYLOAD = 512
# CSI parameters ("1;31", "38;2;255;0;0") and intermediates are a handful of bytes.
_MAX_PARAMS = 32
_MAX_INTERMEDIATES = 4
# The most characters one removed sequence can span: introducer (2), payload, terminator (2).
MAX_SEQUENCE = 2 + MAX_PAYLOAD + 2

# A payload is printable text on one line: a control character (a newline, another
# ESC) inside means the introducer was stray, and only the introducer goes.
_PAYLOAD = rf"[^\x00-\x1f\x7f-\x9f]{{0,{MAX_PAYLOAD}}}"
# ESC-introduced and 8-bit (C1) sequences, each only when complete and bounded:
# CSI (ESC [ / U+009B ... final byte), OSC (ESC ] / U+009D ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ or U+0090/98/9E/9F ... ST), then a two-character
# escape (ESC x), which also takes an unterminated "ESC ]" or "ESC [" as itself.
# A lone C1 introducer is left to _CONTROL, which removes that one character.
_ESCAPE_SEQ = re.compile(
    rf"""
    (?:\x1b\[|\x9b)[0-?]{{0,{_MAX_PARAMS}}}[ -/]{{0,{_MAX_INTERMEDIATES}}}[@-~]  # CSI
    | (?:\x1b\]|\x9d){_PAYLOAD}(?:\x07|\x1b\\|\x9c)                               # OSC
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]){_PAYLOAD}(?:\x07|\x1b\\|\x9c)             # DCS, SOS, PM, APC
    | \x1b[ -/]{{0,{_MAX_INTERMEDIATES}}}[0-~]?                                     # ESC x, or a lone ESC
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
    and invisible bidi/zero-width characters. A sequence is removed whole only
    when it is complete and at most :data:`MAX_SEQUENCE` characters long;
    otherwise only its introducer goes. Idempotent.
    """
    return clean_text_counted(text)[0]


def clean_text_counted(text: str) -> tuple[str, int]:
    """:func:`clean_text` and how many characters control sequences and
    control characters took with them (newline unification, invisible
    characters and NFC are not counted: they lose no content)."""
    text = _NEWLINES.sub("\n", text)
    before = len(text)
    text = _ESCAPE_SEQ.sub("", text)
    text = _CONTROL.sub("", text)
    removed = before - len(text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text), removed


def safe_display(text: str) -> str:
    """Text safe to hand to a terminal widget: no control characters at all.

    Newlines and tabs are kept; use :func:`one_line` for table cells.
    """
    return clean_text(text)


def without_diacritics(word: str) -> str:
    """``word`` without its diacritics, case kept: "Nguyễn" -> "Nguyen", "Đặng" -> "Dang".

    For words whose capitals still matter (a family name in running text). To compare
    names or match what was typed, use ``curator.resolve.keys.fold``, which also
    lower-cases."""
    nfd = unicodedata.normalize("NFD", word)
    return "".join(c for c in nfd if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


def one_line(text: str, limit: int | None = None) -> str:
    """Clean text collapsed to a single line (for table cells and titles)."""
    flat = " ".join(clean_text(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


# The escapes of :func:`shown_path`, each of a fixed length after its letter.
_PATH_ESCAPE = re.compile(r"\\(?:(\\)|([ntr])|x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")
_PATH_CONTROLS = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}


def shown_path(name: str) -> str:
    """A path (as ``os.fsdecode`` gives it) as one printable line that tells every
    two paths apart, as Python writes a string literal: ``\\\\`` for a backslash,
    ``\\n``, ``\\t``, ``\\r``, ``\\xNN`` for other unprintable ASCII and for a byte
    that is not UTF-8 (``surrogateescape``), ``\\uNNNN`` / ``\\UNNNNNNNN`` for any
    other character that is not printable (controls, bidi overrides, zero-width
    and other format characters, spaces other than " ", line separators).
    Nothing is normalised. :func:`path_from_shown` gives the path back."""
    if name.isprintable() and "\\" not in name:
        return name
    return "".join(_shown_char(ch) for ch in name)


def _shown_char(ch: str) -> str:
    if ch in _PATH_CONTROLS:
        return _PATH_CONTROLS[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x80 or 0xDC80 <= code <= 0xDCFF:  # (an undecodable byte is never below 0x80)
        return f"\\x{code & 0xFF:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def path_from_shown(shown: str) -> str:
    """The path :func:`shown_path` showed as ``shown`` (``os.fsencode`` gives its bytes)."""

    def raw(m: re.Match[str]) -> str:
        backslash, letter, byte, u4, u8 = m.groups()
        if backslash:
            return "\\"
        if letter:
            return {"n": "\n", "t": "\t", "r": "\r"}[letter]
        if byte:
            code = int(byte, 16)
            return chr(code if code < 0x80 else 0xDC00 + code)
        return chr(int(u4 or u8, 16))

    return _PATH_ESCAPE.sub(raw, shown)
