"""Bytes -> text: every encoding met in Vietnamese archives, or a clear refusal.

Order of checks (cheap and certain first):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. magic bytes of common binary formats (a PNG renamed ``.txt``);
3. BOM-less UTF-16, recognised by NUL bytes on every other position;
4. other NUL-rich or control-rich data: binary;
5. strict UTF-8; UTF-8 with a handful of damaged bytes (replaced, noted);
6. Windows-1258, the legacy Vietnamese code page (its combining tones are
   composed to NFC); charset-normalizer when Windows-1258 cannot decode.

The result is always passed through :func:`curator.text.clean_text` (NFC,
``\\n`` newlines, no control or invisible characters). Text that decodes but
is really TCVN3 (ABC) or VNI read through a Western code page, or UTF-8 read
as Windows-1252 ("mojibake"), is detected: double-encoded UTF-8 is repaired,
TCVN3/VNI is reported in ``Decoded.warning`` (not converted: capitals in
those font encodings are ambiguous and a wrong guess would be silent).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from curator.text import clean_text_counted

SAMPLE = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# (offset, magic, description). Checked before anything else: these never start text.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive or Office document"),
    (0, b"\x1f\x8b\x08", "gzip archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"wOFF", "web font"),
    (0, b"\x00\x00\x01\x00", "icon image"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (8, b"WEBP", "WebP image"),
    (8, b"WAVE", "WAV audio"),
    (8, b"AVI ", "AVI video"),
)


# Anything clean_text would change: controls (ESC, CR included), C1, invisible
# format characters, odd newlines. Without these (and in NFC) it is a no-op.
_DIRTY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u2028\u2029]")


# More characters than this lost to cleaning is worth a person's look: a stray
# control byte or two is noise, a colour code or a window title is a sequence
# of 5-20, and anything longer means the file held terminal output or an attack.
REPORT_REMOVED = 8


def needs_cleaning(text: str) -> bool:
    """False when :func:`clean_text` would return ``text`` unchanged (cheap check)."""
    return bool(_DIRTY.search(text)) or not unicodedata.is_normalized("NFC", text)


class UndecodableFile(ValueError):
    """The bytes are not text in any encoding we accept; ``str(exc)`` says why."""


@dataclass(slots=True)
class Decoded:
    """Decoded text (clean, NFC) with the encoding used and what was noticed.

    ``notes`` are informational (kept on the article); ``warning`` is set when
    the text is probably damaged and a person should look (reported as a
    problem, the file is still ingested).
    """

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    warning: str | None = None


def decode_bytes(data: bytes) -> Decoded:
    """Decode one archive file's bytes. Raises :class:`UndecodableFile` only."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _finish(text, encoding, _replacement_note(text))
    kind = sniff_binary(data)
    if kind:
        raise UndecodableFile(f"binary file (looks like {kind})")
    utf16 = _bomless_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        if not _plausible(text):
            raise UndecodableFile("binary file (contains NUL bytes)")
        return _finish(text, utf16, ["no byte-order mark; UTF-16 recognised by its NUL bytes", *_replacement_note(text)])
    sample = data[:SAMPLE]
    if sample.count(0) > max(2, len(sample) // 100):
        raise UndecodableFile("binary file (contains NUL bytes)")
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    if controls > max(4, len(sample) // 20):
        raise UndecodableFile("binary file (control bytes, not text)")
    nul_notes = []
    if b"\x00" in data:
        # A few NULs in otherwise plain text stand where spaces were (seen in
        # damaged exports); read as spaces so words do not run together.
        nul_notes = [f"{data.count(0)} NUL byte(s) read as spaces"]
        data = data.replace(b"\x00", b" ")
    try:
        return _finish(data.decode("utf-8"), "utf-8", nul_notes)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if bad <= max(3, len(text) // 1000) and multibyte > 4 * bad:
        return _finish(text, "utf-8", [*nul_notes, f"{bad} damaged UTF-8 byte sequence(s) replaced with U+FFFD"])
    try:
        legacy = data.decode("cp1258")
        encoding = "cp1258"
    except UnicodeDecodeError:
        legacy, encoding = _charset_normalizer(data)
    if not _plausible(legacy):
        raise UndecodableFile("not text in any known encoding (UTF-8, UTF-16, Windows-1258)")
    return _finish(legacy, encoding, [*nul_notes, f"legacy encoding: decoded as {encoding}"])


_BINARY_CONTROLS = bytes([*range(0, 8), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20)])


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format recognised by its magic bytes, if any."""
    for offset, magic, name in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[: SAMPLE & ~1]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # ASCII letters, digits and spaces put a NUL in the high byte: Vietnamese
    # text is well over a third ASCII even with every tone mark.
    if odd > half * 0.25 and even < half * 0.02:
        return "utf-16-le"
    if even > half * 0.25 and odd < half * 0.02:
        return "utf-16-be"
    return None


def _charset_normalizer(data: bytes) -> tuple[str, str]:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best), best.encoding
    except Exception:  # noqa: BLE001 - a guesser's failure just means "undecodable"
        pass
    return data.decode("cp1258", errors="replace"), "cp1258"


def _replacement_note(text: str) -> list[str]:
    bad = text.count("\ufffd")
    return [f"{bad} undecodable character(s) replaced with U+FFFD"] if bad else []


_ORDINARY_PUNCT = set(" \n\t\r.,;:!?-–—()[]\"'“”‘’…/%&+*=#@_«»°\xa0")


def _plausible(text: str) -> bool:
    if not text:
        return True
    good = 0
    for ch in text:
        if ch in _ORDINARY_PUNCT or unicodedata.category(ch)[0] in "LNM":
            good += 1
    return good >= 0.85 * len(text)


def _finish(text: str, encoding: str, notes: list[str]) -> Decoded:
    repaired = repair_double_utf8(text)  # before clean_text: it needs the C1 bytes
    if repaired is not None:
        text = repaired
        notes = [*notes, "repaired UTF-8 that had been read as Windows-1252 (mojibake)"]
    removed = 0
    if needs_cleaning(text):
        text, removed = clean_text_counted(text)
    warnings = []
    if removed > REPORT_REMOVED:
        warnings.append(f"{removed} characters of terminal control sequences and control characters removed")
    if len(_MOJIBAKE_UTF8.findall(text[:100_000])) >= 3:
        warnings.append("text looks like UTF-8 read as Windows-1252 (e.g. 'Viá»‡t') and could not be repaired; ingested as is")
    else:
        legacy = detect_font_encoding(text)
        if legacy:
            warnings.append(
                f"text looks like {legacy} Vietnamese read with a Western code page "
                f"(e.g. {', '.join(repr(w) for w in _examples(text))}); ingested as is, re-save it as Unicode"
            )
    warning = "; ".join(warnings) or None
    return Decoded(text, encoding, [*notes, *warnings], warning)


# -- damaged text ------------------------------------------------------------------
# Characters that TCVN3 (ABC) lowercase letters turn into under Windows-1252 and
# that never occur in Unicode Vietnamese words: ơ->¬, đ->®, à->µ, á->¸, ả->¶,
# ã->·, ạ->¹, ă->¨, â->©, ê->ª, ô->«, ệ->Ö ...
_TCVN3_MARKS = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞß«¬å÷þ¡¢§£¤¥¦")
# VNI-Windows writes a base letter followed by a tone/shape byte: ệ -> eä,
# à -> aø, ạ -> aï, đ -> ñ, ư -> ö, ỏ -> oû.
_VNI_MARKS = set("øïäñöûëåæçÑÖØÏ")
_ANY_MARK = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKS | _VNI_MARKS))) + "]")
_VN_ONLY = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_WORD = re.compile(r"\w*[\u00a0-\u00ff]\w*|\w+")
_MOJIBAKE_UTF8 = re.compile(r"(?:Ã[\u0080-\u00bf]|á[º»][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]|Ä[‘\u0090-\u00bf]|Æ[°¡¯ ])")


def detect_font_encoding(text: str) -> str | None:
    """``"TCVN3 (ABC)"`` or ``"VNI"`` when the text looks like that legacy font
    encoding shown through Windows-1252, else None."""
    sample = text[:200_000]
    if len(_ANY_MARK.findall(sample)) < 3:
        return None  # the common case, decided by one regex pass
    tcvn = vni = 0
    for word in _WORD.findall(sample):
        if len(word) < 2:
            continue
        inner = [ch for ch in word if "\u00a0" <= ch <= "\u00ff"]
        if not inner:
            continue
        if any(ch in _TCVN3_MARKS for ch in inner):
            tcvn += 1
        if any(ch in _VNI_MARKS for ch in inner):
            vni += 1
    real = len(_VN_ONLY.findall(sample))
    if max(tcvn, vni) < 3 or max(tcvn, vni) <= real:
        return None
    return "TCVN3 (ABC)" if tcvn >= vni else "VNI"


def _examples(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text[:50_000]):
        if any(ch in _TCVN3_MARKS or ch in _VNI_MARKS for ch in word) and word not in out:
            out.append(word)
            if len(out) == 3:
                break
    return out


def repair_double_utf8(text: str) -> str | None:
    """Undo UTF-8 that was decoded as Windows-1252 ("Viá»‡t" -> "Việt"), if the
    whole text round-trips; None when there is nothing (safe) to repair."""
    if len(_MOJIBAKE_UTF8.findall(text[:100_000])) < 3:
        return None
    try:
        fixed = text.translate(_CP1252_BYTES).encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed


# Windows-1252 characters back to their byte (as a latin-1 character); the five
# bytes it leaves undefined come through as C1 controls and map to themselves.
_CP1252_BYTES = {
    ord(bytes([b]).decode("cp1252")): chr(b) for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
