"""Reading an organisation's name: what is written after it (an abbreviation, a qualifier), its
parent body, its head noun and place, and its spelled-out form."""

from __future__ import annotations

import dataclasses

from curator.names.parts import NameParts, Part
from curator.names.places import _find_place, _has_place_after, _province_words
from curator.names.vocabulary import (
    _COUNTRY,
    _DASHES,
    _DIGIT,
    _HEAD_ABBREVIATIONS,
    _HEAD_ACRONYMS,
    _HEADS_BY_FIRST,
    _INNER_CODE,
    _KNOWN_LONG,
    _LOOK_ALIKE,
    _NATIONAL_HEADS,
    _PARENT_HEADS,
    _PARENT_MARKERS,
    _PLACE_ONLY_HEADS,
    _STANDALONE,
    _WORD_ABBREVIATION,
    _WORD_ABBREVIATIONS,
)
from curator.names.words import _head_at, _Words, is_code
from curator.resolve.keys import name_key

def _organization(w: _Words, type: str) -> NameParts:
    n = w.n
    text = w.text
    capitals = n >= 2 and not any(c.islower() for c in text) and sum(len(x) > 1 for x in w.raw) >= 2
    lower = w.lower
    abbreviation: Part | None = None
    parent_in_brackets: Part | None = None
    qualifiers: list[Part] = []
    end = n
    # What is written after the name, from the end: "(ATHT)", "- TTDL", "(Việt Nam)", "(Nghệ An)", "khóa XVIII".
    while end >= 2:
        after = text[w.ends[end - 1] : w.starts[end] if end < n else len(text)].strip()
        if after.startswith(")"):
            open_at = text.rfind("(", 0, w.starts[end - 1])
            first = next((k for k in range(end) if w.starts[k] > open_at), end)
            if not (0 < first < end and open_at >= w.ends[first - 1]):
                break
            inside = range(first, end)
            folded = tuple(w.fold[first:end])
            code_then_parent = first + 1 < end and is_code(w.raw[first]) and w.gap(first + 1) in (*_DASHES, "·")
            if folded == _COUNTRY or _province_words(w.raw[first:end], folded):
                qualifiers.append(w.part(first, end))
            elif abbreviation is None and _is_abbreviation(w, inside):
                abbreviation = w.part(first, end)
            elif abbreviation is None and code_then_parent and _head_at(w, first + 1):
                # "Cục Cảnh sát kinh tế (C15-Bộ Công an)": the unit's code and its parent body
                abbreviation = w.part(first, first + 1)
                parent_in_brackets = w.part(first + 1, end)
            else:
                break
            end = first
        elif (
            abbreviation is None and end >= 3 and w.gap(end - 1) in _DASHES and _is_abbreviation(w, range(end - 1, end))
            and not is_code(w.raw[end - 2]) and w.fold[end - 1] not in _STANDALONE
        ):  # "- TTDL" is the centre's own; "- EVN" is the parent group; "LĐ- TB&XH" one code
            abbreviation = w.part(end - 1, end)
            end -= 1
        elif abbreviation is None and end >= 3 and _own_brand(w, end):
            abbreviation = w.part(end - 1, end)  # "Tập đoàn Công nghiệp - Viễn thông Quân đội - Viettel"
            end -= 1
        elif end >= 3 and w.fold[end - 2] in ("khoa", "nhiem") and (w.raw[end - 1].isdigit() or _roman_word(w.raw[end - 1])):
            qualifiers.append(w.part(end - 2, end))  # "HĐND tỉnh Nghệ An khóa XVIII": the term
            end -= 2
        else:
            break
    head_len = _head_at(w, 0) if n else 0
    if head_len == 1 and w.fold[0] in _STANDALONE and w.fold[0] not in _HEAD_ACRONYMS:
        head_len = 0
    parent: Part | None = parent_in_brackets
    cut = _parent_start(w, head_len, end) if parent is None else None
    if cut is not None:
        s, p = cut
        parent = w.part(p, end)
        end = s
    # "Bộ Công an Việt Nam" = "Bộ Công an": a national body's name with the country after it.
    if head_len and end - head_len >= 3 and tuple(w.fold[end - 2 : end]) == _COUNTRY:
        if any(w.at(0, h) for h in _NATIONAL_HEADS):
            qualifiers.append(w.part(end - 2, end))
            end -= 2
    parts = _org_parts(w, type, end, parent, abbreviation, capitals, tuple(sorted(qualifiers, key=lambda q: q.start)))
    return dataclasses.replace(parts, lower=True) if lower else parts


def _own_brand(w: _Words, end: int) -> bool:
    """The last word is a known brand whose long name is the name before it ("... Quân đội Viettel")."""
    long = _KNOWN_LONG.get(w.fold[end - 1])
    if long is None:
        return False
    before = w.text[: w.starts[end - 1]].rstrip(" -–—,")
    return name_key(before) == long


def _roman_word(word: str) -> bool:
    return word.isupper() and set(word) <= set("IVXLC")


def _is_abbreviation(w: _Words, idx: range) -> bool:
    """"ATHT", "Cục ATHT", "TTDL", "GD & ĐT", "Agribank": an optional head and one code (or a code
    written in pieces, or one capitalised word that is not a place)."""
    if not 1 <= len(idx) <= 4:
        return False
    last = idx[-1]
    if w.raw[last][0].isdigit():
        return False
    if len(idx) == 1:
        word = w.raw[last]
        return is_code(word) or word[0].isupper() and word.isalpha() and len(word) >= 4 and not _province_words(
            [word], (w.fold[last],)
        )
    if all(is_code(w.raw[k]) or w.fold[k] in ("&", "va") for k in idx) and is_code(w.raw[idx[0]]):
        return True  # "GD & ĐT", "GD-ĐT"
    return is_code(w.raw[last]) and _head_at(w, idx[0]) == len(idx) - 1


def _parent_start(w: _Words, head_len: int, end: int) -> tuple[int, int] | None:
    """Where the name proper ends and its parent body starts (word indexes), if a parent follows."""
    if head_len == 0:
        return None
    for k in range(head_len + 1, end):
        gap = w.gap(k)
        p = k
        marker = False
        for m in _PARENT_MARKERS:
            if w.at(k, m) and k + len(m) < end:
                p, marker = k + len(m), True
                break
        if not (gap in (",", "(", "/") or gap in _DASHES or marker or gap == ""):
            continue
        h = _head_at(w, p)
        if gap == "/" and not h and p == end - 1 and is_code(w.raw[p]) and (
            _DIGIT.search(w.raw[p]) or _DIGIT.search(w.raw[p - 1])
        ):
            return k, p  # "Cục A05/BCA": a code of the parent after a slash
        if not h:
            continue
        hf = tuple(w.fold[p : p + h])
        if hf in _PLACE_ONLY_HEADS and not _has_place_after(w, p + h, end):
            continue  # "Cục Cơ yếu - Viễn thông": not "Viễn thông tỉnh X"
        if gap == "" and not marker:
            # No separator: only a higher body ("Cục Quản lý Dược Bộ Y tế"), written with a capital.
            if not any(w.at(p, ph) for ph in _PARENT_HEADS) and hf not in _PLACE_ONLY_HEADS:
                continue
            if not w.raw[p][0].isupper() or p + h >= end:
                continue
            if hf not in _PLACE_ONLY_HEADS and not (w.raw[p + h][0].isupper() or w.raw[p + h].isdigit()):
                continue  # "Công an tỉnh X" has its place after it; "Bộ Y tế" a capital
        if p + h >= end and w.fold[p] not in _STANDALONE:
            continue  # a head with no body after it is a word of the name
        return k, p
    return None


def _org_parts(
    w: _Words, type: str, end: int, parent: Part | None, abbreviation: Part | None, capitals: bool,
    qualifiers: tuple[Part, ...],
) -> NameParts:
    """Head, place and the spelled-out form of the name proper (words [0, end))."""
    name = w.part(0, end)
    spelled = name.text.translate(_LOOK_ALIKE)
    # "Tổng công ty (TCT) Bưu chính Việt Nam": a code in brackets inside the name is its head's short form.
    inner = _INNER_CODE.search(spelled)
    if inner and inner.end() < len(spelled):
        qualifiers = tuple(sorted((*qualifiers, Part(inner.group(1), inner.start(1), inner.end(1))), key=lambda q: q.start))
        spelled = spelled[: inner.start()] + " " + spelled[inner.end() :].lstrip()
    # A head noun in short: "Trường ĐH X" = "Trường Đại học X", "BV Bạch Mai" = "Bệnh viện Bạch Mai".
    k = 1 if end > 2 and w.fold[0] == "truong" else 0
    head_source = None
    if end > k + 1 and w.raw[k] in _HEAD_ABBREVIATIONS:
        long = _HEAD_ABBREVIATIONS[w.raw[k]]
        spelled = spelled[: w.starts[k]] + long + spelled[w.ends[k] :]
        head_source = w.ends[k]
    # A word in short inside the name, after its first word: "Ngân hàng TMCP X" = "Ngân hàng thương mại cổ
    # phần X" ("TMCP" alone stays a code; never in the place, which is read from the end of the spelled form).
    cut = head_source or (w.ends[0] if w.n else 0)
    if _WORD_ABBREVIATION is not None and _WORD_ABBREVIATION.search(spelled, cut):
        spelled = spelled[:cut] + _WORD_ABBREVIATION.sub(lambda m: _WORD_ABBREVIATIONS[m.group(1)], spelled[cut:])
    sw = _Words(spelled) if spelled != name.text else w
    size = end if sw is w else sw.n
    folded = tuple(sw.fold[:size])
    raw = sw.raw[:size]
    hl = 0
    head_id = ""
    for h in _HEADS_BY_FIRST.get(folded[0], ()) if folded else ():
        if folded[: len(h)] == h:
            hl = len(h)
            head_id = _HEAD_ACRONYMS.get(" ".join(h), " ".join(h))
            break
    if not hl and folded and folded[0] in _HEAD_ACRONYMS:
        hl, head_id = 1, _HEAD_ACRONYMS[folded[0]]
    pstart, place_id, place_key = _find_place(raw, folded, hl)
    place = None
    if place_id:  # at the end of the name: as long in the source as in the spelled form
        ps = name.end - (len(spelled) - sw.starts[pstart])
        place = Part(w.text[ps : name.end], ps, name.end)
    head = None
    if hl:
        he = max(head_source or 0, sw.ends[hl - 1] if head_source is None else head_source)
        head = Part(w.text[:he], 0, he)
    return NameParts(
        w.text, type, name, head, head_id, place, place_id, place_key,
        parent=parent, abbreviation=abbreviation, capitals=capitals, qualifiers=qualifiers,
        spelled=spelled if spelled != name.text else "", head_words=hl, place_words=size - pstart if place_id else 0,
    )
