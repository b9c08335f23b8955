"""Where an organisation name starts and ends.

A name is a head noun ("Cục", "Sở", "Công ty", "báo", "Công an tỉnh") followed
by a body. The body's first word is capitalised; the second syllable of a
compound is not ("Bưu điện"), and official names may continue in lower case
with the common nouns of official names ("Trung tâm Kiểm soát bệnh tật",
"Cục Quản lý xuất nhập cảnh") or with inner connectors ("Vụ Kế hoạch - Tài
chính"). A connector ("và", a dash) followed by what starts an organisation
starts a second one ("Ban Cơ yếu Chính phủ và Bưu điện Tây Ninh"); a verb or
function word ends a name. A place ("tỉnh Nghệ An", "TP. HCM", "quận 1") ends
the name, and a place is never an organisation ("Đài Loan", "Hội An"). The
word lists are data (``curator/data/words``); every step looks a bounded
number of words ahead, so a text is read in linear time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from curator.extract.lexicon import (
    AFTER_VA_LOWER,
    DISTRICTS,
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
    load,
)
from curator.extract.tokens import PhraseTable, Tokens

# Old and new tone placement ("Hoà Bình" / "Hòa Bình", "Khánh Hoà"): both are written.
_OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
              "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}


def with_tone_variants(names: Iterable[str]) -> list[str]:
    """``names`` and each one written with the other tone placement."""
    out = []
    for name in names:
        out.append(name)
        other = name
        for new, old in _OLD_TONES.items():
            other = other.replace(new, old)
        if other == name:
            for new, old in _OLD_TONES.items():
                other = other.replace(old, new)
        if other != name:
            out.append(other)
    return out


HEADS = PhraseTable(ORG_HEADS)
# A head inside a title, however it is written there ("Phó Chánh Văn Phòng Bộ ...").
HEADS_ANY_CASE = PhraseTable(ORG_HEADS, fold_case=True)
PLACE_HEAD_TABLE = PhraseTable(PLACE_HEADS)
MARKERS = PhraseTable(PLACE_MARKERS)
PROVINCE_TABLE = PhraseTable(with_tone_variants(PROVINCES), fold_case=True)
BODIES = PhraseTable(KNOWN_BODIES, fold_case=True)
KNOWN = PhraseTable(KNOWN_ORGS, fold_case=True)
_CONNECTORS = frozenset({"và", "&", "-", "–"})
_heads = load("words/org_heads")
_places = load("words/place_words")
# Military units named by a number: "Sư đoàn 312".
NUMBER_HEADS = PhraseTable(_heads.get("number_heads", []))
# Dotted short forms that continue a name: "Bệnh viện Mắt T.Ư".
ABBREVIATIONS = PhraseTable(load("words/org_names").get("abbreviations", []))
# "dự báo Bắc Bộ": a lower-case head after these words ends another word.
_NOT_AFTER = {head: frozenset(words) for head, words in _heads.get("lower_head_not_after", {}).items()}
# Verbs in lower case, name parts when capitalised: "Công ty Cổ phần Phát triển Công nghệ".
CAPITALISED_PHRASES = PhraseTable(load("words/org_names").get("capitalised_phrases", []), fold_case=True)
# Heads whose body may begin in lower case before a capitalised word ("Trường dạy nghề marketing IAM").
LOWER_BODY_HEADS = PhraseTable(_heads.get("lower_body_heads", []))
_COMPOUND_TAILS = frozenset(_heads.get("compound_tails", []))
_SENTENCE_END = frozenset({".", "!", "?", ":", ";", "\"", "“", "”", "(", "-", "–"})
# Heads that are also verbs: not at a sentence's start ("Tổ chức Hội nghị tổng kết").
VERB_HEADS = PhraseTable(_heads.get("verb_heads", []))
# Heads that may take a person's whole name as body: "Trường THPT Chu Văn An".
PERSON_NAMED_HEADS = PhraseTable(_heads.get("person_named_heads", []))
# Lower-case words that continue an official name together: "Trung tâm Kiểm soát bệnh tật".
LOWER_PHRASES = PhraseTable(load("words/org_names").get("name_lower_phrases", []), fold_case=True)
# Markers a number may follow: "quận 1", "phường 5".
NUMBERED_MARKERS = frozenset(_places.get("numbered_markers", []))
# Places written as they are ("Đài Loan", "Hội An", "Thanh Hóa"): a place is not an
# organisation even when its first word can head one.
PLACE_NAMES = PhraseTable(with_tone_variants([*PROVINCES, *DISTRICTS, *_places.get("foreign_places", [])]))
DISTRICT_TABLE = PhraseTable(with_tone_variants(DISTRICTS))


def is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


@lru_cache(maxsize=1 << 16)
def is_code(word: str) -> bool:
    """An acronym or code: BĐTW, TT&TT, H04, VNPost (not a capitalised ordinary word)."""
    if word in STANDALONE_ORGS:
        return True
    # Upper-case first letter and another upper-case letter or a digit later on.
    return len(word) >= 2 and word[0].isupper() and not word[1:].islower()


def _plain(word: str) -> str:
    nfd = unicodedata.normalize("NFD", word)
    return "".join(c for c in nfd if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


# Family names typed without diacritics ("Nguyen", "Lam"): a person when three such words follow each other.
_PLAIN_FAMILY = frozenset(_plain(f) for f in FAMILY_NAMES)


def _plain_full_name(tok: Tokens, i: int) -> bool:
    """"Lam Van Tuy": an unmarked family name and two more capitalised unmarked words on the line."""
    if i + 2 >= tok.n or tok.nl[i + 1] or tok.nl[i + 2]:
        return False
    w = tok.words[i]
    return (
        w.isascii()
        and w in _PLAIN_FAMILY
        and all(x.isascii() and x.isalpha() and x[:1].isupper() and x[1:].islower() for x in tok.words[i + 1 : i + 3])
    )


def starts_person(tok: Tokens, i: int) -> bool:
    """A family name followed by a capitalised word on the same line."""
    if _plain_full_name(tok, i):
        return not PROVINCE_TABLE.match(tok, i)
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
    """Length of an organisation head at word i: a head followed on its line by what can
    start a body (a capitalised word, a code, a number). 0 when none, when it is a title
    ("Cục trưởng"), or when the head word is used as a word or name ("Nguyễn Văn Trường")."""
    k = HEADS.match(tok, i)
    if not k:
        return 0
    if tok.words[i].islower() and i > 0 and not tok.nl[i]:
        before = _NOT_AFTER.get(" ".join(tok.words[i : i + k]))
        if before and tok.low[i - 1] in before:
            return 0
    j = i + k
    if j >= tok.n or tok.nl[j] or tok.low[j] in TITLE_TAILS:
        return 0
    w = tok.words[j]
    if not (is_cap(w) or (w.isdigit() and NUMBER_HEADS.match(tok, i) == k)):
        return 0
    return k


def starts_org(tok: Tokens, j: int) -> bool:
    """An organisation starts at word j (a head with a body, a known name, a place head
    before a place): after "và" or a dash it is a second organisation, not the first's body."""
    if j >= tok.n or tok.nl[j]:
        return False
    if head_at(tok, j) or KNOWN.match(tok, j) or tok.words[j] in STANDALONE_ORGS:
        return True
    ph = PLACE_HEAD_TABLE.match(tok, j)
    return bool(ph) and place_end(tok, j + ph, bare=True) > j + ph


def place_end(tok: Tokens, j: int, bare: bool = False) -> int:
    """Word index just past "tỉnh Nghệ An" / "thành phố Hà Nội" / "TP. HCM" / "quận 1" at j,
    or j when none. ``bare``: a province named alone counts too ("Bưu điện Đà Nẵng")."""
    if j >= tok.n or tok.nl[j]:
        return j
    m = MARKERS.match(tok, j) if tok.words[j] in MARKERS.table else 0
    if not m:
        if bare and is_cap(tok.words[j]):
            return j + PROVINCE_TABLE.match(tok, j)
        return j
    k = j + m
    if k >= tok.n or tok.nl[k]:
        return j
    p = PROVINCE_TABLE.match(tok, k)
    if p:
        return k + p
    if tok.words[k].isdigit() and tok.words[j] in NUMBERED_MARKERS:
        return k + 1  # "quận 1", "phường 5"
    d = DISTRICT_TABLE.match(tok, k)
    if d:
        return k + d
    if starts_person(tok, k):
        return j  # "Chủ tịch UBND tỉnh Nguyễn Văn A": a person, not a place
    # Communes are not listed: up to three capitalised words.
    e = k
    while e < tok.n and e - k < 3 and is_cap(tok.words[e]) and tok.words[e].isalpha() and not tok.nl[e]:
        if e > k and (head_at(tok, e) or starts_person(tok, e)):
            break
        e += 1
    return e if e > k else j


def org_end(tok: Tokens, i: int, head: int = 0) -> int:
    """Word index just past an organisation starting at word i, or i when there is none.
    ``head``: the length of a head known to be there, however it is written (in a title)."""
    n = tok.n
    words = tok.words
    if i >= n:
        return i
    if not head and words[i] not in ORG_CAN_START and tok.low[i] not in KNOWN.table:
        return i  # most words reaching here are titles' first words ("vụ", "đại") that start nothing
    w = words[i]
    k = KNOWN.match(tok, i) if tok.low[i] in KNOWN.table else 0
    if k:
        return place_end(tok, i + k)
    ph = PLACE_HEAD_TABLE.match(tok, i) if w in _PLACE_HEAD_FIRST else 0
    if ph:
        e = place_end(tok, i + ph, bare=True)
        if e > i + ph:
            return e  # "Công an tỉnh Hà Tĩnh", "Ủy ban nhân dân tỉnh Khánh Hòa", "Bưu điện Đà Nẵng"
    hl = head or (head_at(tok, i) if w in _HEAD_FIRST else 0)
    lower_run = 0
    if not hl:
        hl, lower_run = lower_body(tok, i) if w in LOWER_BODY_HEADS.table else (0, 0)
        if not hl:
            return i
    if w in PLACE_NAMES.table and PLACE_NAMES.match(tok, i) > 1:
        return i  # "Đài Loan", "Hội An", "Thanh Hóa": a place
    if w in VERB_HEADS.table and VERB_HEADS.match(tok, i) == hl and (i == 0 or tok.nl[i] or tok.words[i - 1] in _SENTENCE_END):
        return i  # "Tổ chức Hội nghị tổng kết": a verb at a sentence's start
    j = i + hl + lower_run
    body = lower_run  # words of body so far
    # Capitalised words in a row: a lower-case syllable may finish a word begun by the
    # only one ("Dịch vụ", "Chính phủ"), not follow a name of several ("Công ty Trường Sơn dựng").
    seg_caps = 0
    nl, lows = tok.nl, tok.low
    # Each table is consulted only where the word can start one of its phrases (this runs on every body word).
    while j < n:
        if nl[j]:
            break
        w = words[j]
        low = lows[j]
        cap = w[0].isupper()
        kb = BODIES.match(tok, j) if low in _BODY_FIRST else 0
        if kb and (body == 0 or cap):
            j += kb
            body += kb
            lower_run = 0
            seg_caps = 0
            continue
        if w in _PERSON_FIRST and starts_person(tok, j):
            if body or head:
                break  # "Bộ TT&TT Nguyễn Huy Dũng": the ministry, then a person; "Chánh Văn phòng Nguyễn ..."
            if PERSON_NAMED_HEADS.match(tok, i) == hl:
                # "Trường THPT Chu Văn An": named after a person, whose whole name is the body
                while j < n and body < 4 and is_cap(words[j]) and words[j].isalpha() and not nl[j]:
                    j += 1
                    body += 1
                break
            # otherwise a body that reads like a name ("Bệnh viện Bạch Mai") goes on as usual
        if body:
            pe = place_end(tok, j) if w in _MARKER_FIRST else j
            if pe > j:
                j = pe
                break  # a place ends the name
            ka = ABBREVIATIONS.match(tok, j) if w in _ABBREVIATION_FIRST else 0
            if ka:
                j += ka  # "Bệnh viện Mắt T.Ư"
                break
        if body == 0 and w.isdigit() and NUMBER_HEADS.match(tok, i) == hl:
            j += 1
            body = 1
            break  # "Sư đoàn 312"
        code = is_code(w) if cap else w in STANDALONE_ORGS
        if cap and not code:
            lp = max(
                LOWER_PHRASES.match(tok, j) if low in _LOWER_PHRASE_FIRST else 0,
                CAPITALISED_PHRASES.match(tok, j) if low in _CAPITALISED_FIRST else 0,
            )
            if lp > 1 and not (body and w in _HEAD_FIRST and head_at(tok, j)):
                j += lp  # "Hãng Hàng không Nhật Bản": a compound whose second syllable is a stop word elsewhere
                body += lp
                lower_run = 0
                seg_caps = 0
                continue
        if code or (cap and w.isalpha()):
            if body and w in _HEAD_FIRST and head_at(tok, j):
                break  # "Văn phòng Bộ Công an" continues (no body yet); "Cục X Bộ Y" does not.
            ph = PLACE_HEAD_TABLE.match(tok, j) if body and w in _PLACE_HEAD_FIRST else 0
            if ph and place_end(tok, j + ph, bare=True) > j + ph:
                break
            body += 1
            lower_run = 0
            seg_caps += 1
            j += 1
            continue
        if w.isalpha() and w.islower() and body and lower_run < 8:  # phrases of an official name, bounded
            lp = LOWER_PHRASES.match(tok, j) if low in _LOWER_PHRASE_FIRST else 0
            if lp:
                lower_run += lp
                seg_caps = 0
                j += lp
                if j < n and words[j].isdigit() and not tok.nl[j]:
                    j += 1  # "Cục Chính trị quân khu 7"
                    break
                continue
        if w.isalpha() and w.islower() and body and low not in STOP_WORDS:
            prev = words[j - 1]
            first_syllable = lower_run == 0 and seg_caps == 1 and is_cap(prev) and not is_code(prev)
            if first_syllable or (0 < lower_run < 4 and low in NAME_LOWER):
                lower_run += 1
                seg_caps = 0
                j += 1
                continue
            break
        if w in _CONNECTORS and body and j + 1 < n and not tok.nl[j + 1]:
            nxt = words[j + 1]
            if nxt.isdigit() and tok.ends[j - 1] == tok.starts[j] and tok.ends[j] == tok.starts[j + 1]:
                j += 2  # "Tổ chức Orbis-1": a number glued by a hyphen
                break
            if HEADS.match(tok, j + 1) or starts_org(tok, j + 1) or starts_person(tok, j + 1):
                break  # "Ban Cơ yếu Chính phủ và Bưu điện Tây Ninh": two organisations
            if w != "và" and is_code(nxt) and not is_code(words[j - 1]):
                break  # "Hãng Hàng không Nhật Bản - JAL": the short name after a dash ("GD - ĐT" is one name)
            if is_cap(nxt) or (w == "và" and tok.low[j + 1] in AFTER_VA_LOWER):
                j += 1
                lower_run = 0
                seg_caps = 0
                if not is_cap(nxt):
                    lower_run = 1  # "và nghiệp vụ": vocabulary words only
                continue
        break
    if body == 0:
        return i  # a bare "Cục" / "Văn phòng" referring back
    while j > i + hl and words[j - 1] in _CONNECTORS:
        j -= 1
    if j < n and words[j] == "." and len(words[j - 1]) == 1 and words[j - 1].isupper() and tok.ends[j - 1] == tok.starts[j]:
        j += 1  # "Hãng F.": an initial keeps its dot
    if " ".join(tok.low[i + hl : j]) in GENERIC_BODIES:
        return i  # "Ban Lãnh đạo", "Ban Giám đốc": a generic noun, not a name
    return j


def lower_body(tok: Tokens, i: int) -> tuple[int, int]:
    """A head whose body begins in lower case and reaches a capitalised word, a code or
    a number within four words ("Công ty báo mất Khai Minh", "Ủy ban kháng chiến Nam bộ"):
    the head's length and the lower-case words' count, or (0, 0). Not at a sentence's
    start, where any word is capitalised."""
    k = LOWER_BODY_HEADS.match(tok, i)
    if not k or i == 0 or tok.nl[i] or tok.words[i - 1] in _SENTENCE_END:
        return 0, 0
    j = i + k
    e = j
    while e < tok.n and e - j < 4 and not tok.nl[e] and tok.words[e].isalpha() and tok.words[e].islower():
        if tok.low[e] in STOP_WORDS or tok.low[e] in TITLE_TAILS or tok.low[e] in _COMPOUND_TAILS or MARKERS.match(tok, e):
            return 0, 0
        e += 1
    if e == j or e >= tok.n or tok.nl[e]:
        return 0, 0
    nxt = tok.words[e]
    if not (is_code(nxt) or (is_cap(nxt) and nxt.isalpha()) or nxt.isdigit()) or head_at(tok, e) or starts_person(tok, e):
        return 0, 0
    return k, e - j


# Every word an organisation may start with (beside a known name, matched in any case).
ORG_CAN_START = frozenset(HEADS.table) | frozenset(PLACE_HEAD_TABLE.table) | frozenset(LOWER_BODY_HEADS.table)
# First words of each table's phrases (lower case where the table folds case): org_end's body loop
# calls a table only on a word that can start one of its phrases.
_BODY_FIRST = frozenset(BODIES.table)
_PERSON_FIRST = FAMILY_NAMES | _PLAIN_FAMILY
_MARKER_FIRST = frozenset(MARKERS.table)
_ABBREVIATION_FIRST = frozenset(ABBREVIATIONS.table)
_LOWER_PHRASE_FIRST = frozenset(LOWER_PHRASES.table)
_CAPITALISED_FIRST = frozenset(CAPITALISED_PHRASES.table)
_HEAD_FIRST = frozenset(HEADS.table)
_PLACE_HEAD_FIRST = frozenset(PLACE_HEAD_TABLE.table)


def org_in_title(tok: Tokens, i: int, k: int) -> tuple[int, int]:
    """The organisation whose head ends the title at words i..k ("Chánh Văn phòng" +
    "Bộ Công an": "Văn phòng Bộ Công an"), as (start, end) word indexes; (k, k) if none."""
    for h in range(i + 1, k):
        if tok.words[h][0].isupper() and HEADS_ANY_CASE.match(tok, h) == k - h:  # "Trưởng phòng X": no "phòng X"
            e = org_end(tok, h, k - h)
            if e > k:
                return h, e
    return k, k
