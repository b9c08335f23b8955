"""The hostile and broken input corpus (issue: reliability), built into a folder.

Small cases are also kept as files under tests/data/hostile/ (see
``write_static_corpus``); big ones (50 MB, a 5 MB line) are generated on the fly.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "002_32261b4a297eff0a.txt").read_text("utf-8")
BODY = SEED.split("\n", 3)[3]

MARKUP_TITLE = "Tin [bold]đậm[/] và [link=file:///etc/passwd]liên kết[/link] [/foo]"
ESCAPES = "\x1b[31mđỏ\x1b[0m \x1b]0;PWNED\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x1b[H \x07"


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tones combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += (base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258")
    return bytes(out)


def cases() -> dict[str, bytes]:
    """name -> file content (small cases)."""
    return {
        "empty.txt": b"",
        "whitespace only.txt": b"   \n\t\n  \r\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "nul bytes.txt": ("Tiêu đề\n\n" + BODY).encode("utf-8").replace(b" ", b"\x00", 50),
        "invalid utf8 middle.txt": ("Tiêu đề hỏng\n\n" + BODY[:800]).encode("utf-8") + b"\xff\xfe\xc3\x28" + BODY[800:1600].encode("utf-8"),
        "utf16 bom.txt": ("Tin UTF-16 có BOM\n\n" + BODY).encode("utf-16"),
        "utf16 no bom.txt": ("Tin UTF-16 không BOM\n\n" + BODY).encode("utf-16-le"),
        "windows1258.txt": to_cp1258("Tin Windows-1258 về Cục Viễn thông\n\n" + BODY),
        "nfd.txt": unicodedata.normalize("NFD", "Tin NFD về Cục Viễn thông & Cơ yếu\n\n" + BODY).encode("utf-8"),
        "mixed newlines.txt": ("Tin xuống dòng lẫn lộn\r\n\r\n" + BODY.replace("\n\n", "\r\r", 3)).encode("utf-8"),
        "zero width & bidi.txt": ("Tin \u200bẩn\u202e ngược\u2066 \n\n" + BODY).encode("utf-8"),
        "markup.txt": (MARKUP_TITLE + "\n\n" + BODY + "\n[bold]Cục [/]Viễn thông[/bold] [link=file:///etc/passwd]x[/link]\n").encode("utf-8"),
        "escapes.txt": ("Tin có mã điều khiển " + ESCAPES + "\n\n" + ESCAPES + BODY).encode("utf-8"),
        "long name.txt": ("Tin tên rất dài\n\nCục " + "Viễn thông " * 500 + "tổ chức hội nghị.\n\n" + BODY).encode("utf-8"),
        "many mentions.txt": ("Tin nhiều lần nhắc\n\n" + "Cục Viễn thông và Cơ yếu tổ chức hội nghị. " * 10000).encode("utf-8"),
        "quote's \"and\" ký tự.txt": ("Tin tên tệp lạ\n\n" + BODY).encode("utf-8"),
    }


def build(folder: Path, big: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in cases().items():
        (folder / name).write_bytes(content)
    if big:
        with open(folder / "huge 50MB.txt", "wb") as handle:
            block = (BODY + "\n").encode("utf-8")
            for _ in range(50 * 1024 * 1024 // len(block) + 1):
                handle.write(block)
        (folder / "one 5MB line.txt").write_bytes(("Tin một dòng\n\n" + "chữ " * (5 * 1024 * 1024 // 5)).encode("utf-8"))
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    try:
        os.symlink("..", loop / "back", target_is_directory=True)
    except (OSError, FileExistsError):
        pass
    return folder
