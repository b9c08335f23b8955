"""A stand-in for ``curator.resolve.keys`` while that module is being written.

Installed only when the real module cannot be imported, so the app's tests run
against the real keys as soon as they exist.
"""

from __future__ import annotations

import re
import sys
import types
import unicodedata

_MARKS = re.compile(r"[\u0300-\u036f]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return _MARKS.sub("", text).lower()


def _name_key(name: str, type_: str) -> str:
    return " ".join(_fold(name).replace("&", " va ").split())


def install() -> None:
    try:
        import curator.resolve.keys  # noqa: F401
    except ImportError:
        module = types.ModuleType("curator.resolve.keys")
        module.fold = _fold  # type: ignore[attr-defined]
        module.name_key = _name_key  # type: ignore[attr-defined]
        sys.modules["curator.resolve.keys"] = module
        import curator.resolve

        curator.resolve.keys = module  # type: ignore[attr-defined]
