"""Places in names: a province or city at the end of a name, or after a place marker."""

from __future__ import annotations

from collections.abc import Sequence

from curator.names.vocabulary import (
    _CENTRAL,
    _CITY_MARKERS,
    _CONNECT,
    _PLACE_MARKERS,
    _PROVINCE_BY_FOLD,
    _PROVINCE_BY_KEY,
    _PROVINCE_LENGTHS,
)
from curator.names.words import _Words
from curator.resolve.keys import name_key

def _province_words(raw: Sequence[str], folded: tuple[str, ...]) -> str | None:
    """The province or city these words name ("Hoà Bình", "Thừa Thiên - Huế", "Ha Noi", "HCM"), if any."""
    pid = _PROVINCE_BY_FOLD.get(folded)
    if pid is None or len(folded) == 1:
        return pid
    if all(x.lower() == f for x, f in zip(raw, folded)):  # typed without diacritics
        return pid
    return pid if tuple(name_key(x) for x in raw) in _PROVINCE_BY_KEY else None  # Hà Nam is not Hà Nấm


def _find_place(raw: Sequence[str], folded: tuple[str, ...], hl: int) -> tuple[int, str, str]:
    """A place at the end of a name: (where it starts, its id, its key), or (len, "", "").

    "tỉnh X", "X" (a province, no marker) and "thành phố X" / "TP. X" for a centrally-run city are the
    province X; "thành phố X" for any other province is its capital city, a different place.
    """
    size = len(folded)
    for k in range(hl, size):
        for m, mkeys in _PLACE_MARKERS.items():
            e = k + len(m)
            if folded[k:e] != m or e >= size:
                continue
            if any(x.lower() != f and name_key(x) != mk for x, f, mk in zip(raw[k:e], m, mkeys)):
                continue  # "tính", "thành phó": not a marker
            rest = [i for i in range(e, size) if folded[i] not in _CONNECT]
            pid = _province_words([raw[i] for i in rest], tuple(folded[i] for i in rest))
            if pid is not None and (m not in _CITY_MARKERS or pid in _CENTRAL):
                return k, f"P:{pid}", f"P:{pid}"
            if pid is not None:
                return k, f"city:{pid}", f"city:{pid}"
            marker = "thanh pho" if m in _CITY_MARKERS else " ".join(m)
            return (
                k,
                f"{marker} {' '.join(folded[i] for i in rest)}",
                f"{marker} {' '.join(name_key(raw[i]) for i in rest)}",
            )
    for length in _PROVINCE_LENGTHS:
        k = size - length
        if k < max(hl, 1):
            continue
        pid = _province_words(raw[k:], folded[k:])
        if pid is not None:
            return k, f"P:{pid}", f"P:{pid}"
    return size, "", ""


def _has_place_after(w: _Words, i: int, end: int) -> bool:
    """A place marker after word i, or a province ending at ``end``."""
    for k in range(i, end):
        for m, mkeys in _PLACE_MARKERS.items():
            if w.at(k, m) and all(
                x == f or name_key(x) == mk for x, f, mk in zip(w.low[k : k + len(m)], m, mkeys)
            ):
                return True
    return any(
        _province_words(w.raw[end - size : end], tuple(w.fold[end - size : end]))
        for size in _PROVINCE_LENGTHS
        if end - size >= i
    )
