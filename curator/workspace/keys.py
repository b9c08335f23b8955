"""Comparison keys and folding, imported when first used (the resolver is heavy)."""

from __future__ import annotations


def _key(name: str, type_: str) -> str:
    from curator.resolve.keys import name_key

    return name_key(name, type_)


def _fold(text: str) -> str:
    from curator.resolve.keys import fold

    return fold(text)
