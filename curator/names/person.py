"""Reading a person's name: honorifics and titles before it, a role and its body around it."""

from __future__ import annotations

from curator.names.parts import NameParts, Part
from curator.names.places import _province_words
from curator.names.vocabulary import _FAMILY, _FAMILY_MARKED, _HONORIFICS, _PROVINCE_LENGTHS
from curator.names.words import _head_at, _title_at, _Words

def _plain_person(text: str) -> bool:
    """A bare name ("Nguyễn Văn An"): 2-5 capitalised words from a family name, nothing around them."""
    parts = text.split(" ")
    return (
        2 <= len(parts) <= 5
        and (parts[0] in _FAMILY_MARKED or text.isascii() and parts[0].lower() in _FAMILY)
        and text.istitle()
        and text.replace(" ", "").isalpha()
    )


def _is_family(w: _Words, i: int) -> bool:
    return (w.raw[i] in _FAMILY_MARKED or not w.marked and w.fold[i] in _FAMILY) and w.cap(i)


def _person_span(w: _Words, lo: int, hi: int) -> tuple[int, int] | None:
    """The person's own name in words [lo, hi): the last run of 2-5 capitalised words from a family name."""
    start = None
    first = hi
    for k in range(hi - 1, max(lo, hi - 5) - 1, -1):
        x = w.raw[k]
        if not (w.cap(k) and x.isalpha() and (w.lower or x[1:].islower() or len(x) == 1)):
            break
        province = next(
            (size for size in _PROVINCE_LENGTHS if k + size < hi and _province_words(w.raw[k : k + size], tuple(w.fold[k : k + size]))),
            0,
        )
        if province:  # "Giám đốc Sở Y tế Hà Tĩnh Phan Thị Ninh": the name starts after the place
            if start is None and 2 <= hi - k - province <= 4:
                start = k + province
            break
        first = k
        if k < hi - 1 and _is_family(w, k) and not _title_at(w, k, hi):
            start = k
    if start is None and first == lo and lo > 0 and 2 <= hi - lo <= 4 and not _head_at(w, lo):
        start = lo  # a family name the list lacks, right after a title: "ông Chử Xuân Dũng"
    return (start, hi) if start is not None else None


def _take_titles(w: _Words, j: int, end: int, titles: list[str]) -> int:
    """Titles one after another from word j (before ``end``) appended to ``titles``; the word after them."""
    while j < end:
        k = _title_at(w, j, end)
        if not k:
            break
        titles.append(w.part(j, j + k))
        j += k
    return j

def _person(w: _Words, type: str) -> NameParts:
    n = w.n
    hon: list[Part] = []
    titles: list[Part] = []
    i = 0
    while i < n - 1:
        k = _title_at(w, i, n)
        if not k:
            break
        (hon if tuple(w.fold[i : i + k]) in _HONORIFICS and k < n else titles).append(w.part(i, i + k))
        i += k
    # A role after the name: "Nguyễn Văn A, Giám đốc Sở Y tế", "Nguyễn Văn A (Bộ Y tế)",
    # "bà Đào Hồng Lan - Quyền Bộ trưởng": a separator after a whole name, or before a title or a body.
    stop = n
    for k in range(i + 2, n):
        gap = w.gap(k)
        if gap and gap[-1] in ",(–—-;:" and _person_span(w, i, k) is not None:
            stop = k
            break
    parent: Part | None = None
    span = _person_span(w, i, stop)
    if span is None:
        name = w.part(i, stop) if i < stop else w.part(0, n)
    else:
        s, e = span
        if s > i:
            # Between the titles and the name: more titles and the body of the role.
            j = _take_titles(w, i, s, titles)
            if j < s:
                if _head_at(w, j):
                    parent = w.part(j, s)
                else:  # a role the lists do not know ("Chủ tịch nước"): set aside with the titles
                    titles.append(w.part(j, s))
        name = w.part(s, e)
    if stop < n:
        j = _take_titles(w, stop, n, titles)
        if j < n:
            if _head_at(w, j) and parent is None:
                parent = w.part(j, n)
            else:  # a role the lists do not know ("Quyền Bộ trưởng", "new governor of ..."): with the titles
                titles.append(w.part(j, n))
    return NameParts(w.text, type, name, honorifics=tuple(hon), titles=tuple(titles), parent=parent)
