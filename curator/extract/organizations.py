"""Where an organisation name starts and ends.

A name is a head noun ("Cục", "Sở", "Công an tỉnh") followed by a body. The
body's first word is capitalised; the second syllable of a compound is not
("Bưu điện"), and official names may continue in lower case ("Cục An ninh
chính trị nội bộ") or with inner connectors ("Vụ Kế hoạch - Tài chính"). A
connector followed by a new head starts a new organisation ("Bộ Công an - Bộ
Thông tin và Truyền thông"). A place ("tỉnh Nghệ An") ends the name.
"""

from __future__ import annotations

from curator.extract.lexicon import (
    AFTER_VA_LOWER,
    FAMILY_NAMES,
    GENERIC_BODIES,
    KNOWN_BODIES,
    KNOWN_ORGS,
    NAME_LOWER,
    ORG_HEADS,
    PLACE_HEADS,
    PLACE_MARKERS,
    PROVINCES,
    STANDALONE_ORGS,
    STOP_WORDS,
    TITLE_TAILS,
)
from curator.extract.tokens import PhraseTable, Tokens

HEADS = PhraseTable(ORG_HEADS)
PLACE_HEAD_TABLE = PhraseTable(PLACE_HEADS)
MARKERS = PhraseTable(PLACE_MARKERS)
PROVINCE_TABLE = PhraseTable(PROVINCES, fold_case=True)
BODIES = PhraseTable(KNOWN_BODIES, fold_case=True)
KNOWN = PhraseTable(KNOWN_ORGS, fold_case=True)
_CONNECTORS = frozenset({"và", "&", "-", "–"})


def is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def is_code(word: str) -> bool:
    """An acronym or code: BĐTW, TT&TT, H04, VNPost (not a capitalised ordinary word)."""
    if word in STANDALONE_ORGS:
        return True
    # Upper-case first letter and another upper-case letter or a digit later on.
    return len(word) >= 2 and word[0].isupper() and not word[1:].islower()


def starts_person(tok: Tokens, i: int) -> bool:
    """A family name followed by a capitalised word on the same line."""
    return (
        tok.word(i) in FAMILY_NAMES
        and i + 1 < tok.n
        and not tok.nl[i + 1]
        and is_cap(tok.words[i + 1])
        and tok.words[i + 1].isalpha()
        and not is_code(tok.words[i + 1])
        and not PROVINCE_TABLE.match(tok, i)
    )


def head_at(tok: Tokens, i: int) -> int:
    """Length of an organisation head at word i (0 when none or when it is a title: "Cục trưởng")."""
    k = HEADS.match(tok, i)
    if k and i + k < tok.n and tok.low[i + k] in TITLE_TAILS:
        return 0
    return k


def place_end(tok: Tokens, j: int) -> int:
    """Word index just past "tỉnh Nghệ An" / "thành phố Hà Nội" at j, or j when none."""
    m = MARKERS.match(tok, j)
    if not m:
        return j
    k = j + m
    if k < tok.n and tok.nl[k]:
        return j
    p = PROVINCE_TABLE.match(tok, k)
    if p:
        return k + p
    # Districts and communes are not listed: up to three capitalised words.
    e = k
    while e < tok.n and e - k < 3 and is_cap(tok.words[e]) and tok.words[e].isalpha() and not tok.nl[e]:
        if e > k and (head_at(tok, e) or starts_person(tok, e)):
            break
        e += 1
    return e if e > k else j


def org_end(tok: Tokens, i: int) -> int:
    """Word index just past an organisation starting at word i, or i when there is none."""
    n = tok.n
    words = tok.words
    k = KNOWN.match(tok, i)
    if k:
        return place_end(tok, i + k)
    ph = PLACE_HEAD_TABLE.match(tok, i)
    if ph:
        e = place_end(tok, i + ph)
        if e > i + ph:
            return e  # "Công an tỉnh Hà Tĩnh", "Ủy ban nhân dân tỉnh Khánh Hòa"
    hl = head_at(tok, i)
    if not hl:
        return i
    j = i + hl
    body = 0  # words of body so far
    lower_run = 0
    while j < n:
        if tok.nl[j]:
            break
        w = words[j]
        low = tok.low[j]
        if body == 0 and j + 1 < n and f"{low} {tok.low[j + 1]}" in GENERIC_BODIES:
            return i  # "Ban Lãnh đạo", "Ban chỉ đạo": a generic noun, not a name
        kb = BODIES.match(tok, j)
        if kb and (body == 0 or is_cap(w)):
            j += kb
            body += kb
            lower_run = 0
            continue
        if body and starts_person(tok, j):
            break  # "Bộ TT&TT Nguyễn Huy Dũng": the ministry, then a person
        if is_code(w) or (is_cap(w) and w.isalpha()):
            if body and (head_at(tok, j) or PLACE_HEAD_TABLE.match(tok, j) and place_end(tok, j + 1) > j + 1):
                # "Văn phòng Bộ Công an" continues (no body yet); "Cục X Bộ Y" does not.
                break
            body += 1
            lower_run = 0
            j += 1
            continue
        if body:
            pe = place_end(tok, j)
            if pe > j:
                j = pe
                break  # a place ends the name
        if w.isalpha() and w.islower() and body and low not in STOP_WORDS:
            prev = words[j - 1]
            if (lower_run == 0 and is_cap(prev) and not is_code(prev)) or (0 < lower_run < 4 and low in NAME_LOWER):
                lower_run += 1
                j += 1
                continue
            break
        if w in _CONNECTORS and body and j + 1 < n and not tok.nl[j + 1]:
            nxt = words[j + 1]
            if HEADS.match(tok, j + 1) or starts_person(tok, j + 1) or nxt in STANDALONE_ORGS:
                break
            if is_cap(nxt) or (w == "và" and tok.low[j + 1] in AFTER_VA_LOWER):
                j += 1
                lower_run = 0
                if not is_cap(nxt):
                    lower_run = 1  # "và nghiệp vụ": vocabulary words only
                continue
        break
    if body == 0:
        return i  # a bare "Cục" / "Văn phòng" referring back
    while j > i + hl and words[j - 1] in _CONNECTORS:
        j -= 1
    return j
