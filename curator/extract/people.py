"""People: full names anywhere in running text, names after titles, foreign names.

A Vietnamese full name is a family name from a closed list followed by one to
three capitalised syllables ("Nguyễn Văn An"), also written without
diacritics ("Nguyen Tan Thuyet"). Capitalisation is informative inside a
sentence; at a sentence's start a family name that is also a common word
("Từ", "Mai", "Cao") needs a longer name after it. Places ("Lâm Đồng",
"Bà Rịa – Vũng Tàu", "Thái Lan"), streets ("đường Nguyễn Huệ") and
organisation heads are not people.

After a title, a rank or an honorific ("ông", "chị", "Thượng tá", "Bộ
trưởng", "HLV") any capitalised name is a person: a given name alone ("ông
Ninh"), a Southern nickname ("ông Ba Phước") or a foreign name ("ông Thomas
Good"). A capitalised name right before a verb of speech ("... Jonathan Miller
cho biết") is a person too. A name written again later in the article is in
``curator.extract.repeats``; bylines and photo credits in ``curator.extract.bylines``.

The word lists are data (``curator/data/words/person_titles.json``,
``family_names.json``, ``person_context.json``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from curator.extract.lexicon import DISTRICTS, FAMILY_NAMES, PERSON_TITLES, PROVINCES, STANDALONE_ORGS, load
from curator.extract.organizations import HEADS, PLACE_HEAD_TABLE, head_at, is_cap, is_code, org_end
from curator.extract.tokens import PhraseTable, Tokens
from curator.text import without_diacritics as fold  # case kept: not ``curator.resolve.keys.fold``

_titles = load("words/person_titles")
_family = load("words/family_names")
_ctx = load("words/person_context")


TITLES = PhraseTable(PERSON_TITLES, fold_case=True)
_HONORIFIC_WORDS: tuple[str, ...] = tuple(_titles["honorifics"])
HONORIFICS = PhraseTable(_HONORIFIC_WORDS)
# "Ông Ba Phước vóc người nhỏ nhắn": capitalised, an honorific only at a sentence's start.
HONORIFICS_CAP = PhraseTable(w[:1].upper() + w[1:] for w in _HONORIFIC_WORDS)
STRONG_FAMILY = frozenset(_family["strong"])
PLAIN_FAMILY = frozenset(fold(f) for f in FAMILY_NAMES)  # "Nguyen", "Tran", "Le"
VOCATIVES = frozenset(_ctx["vocatives"])
SPEECH = PhraseTable([*_ctx["speech_verbs"], *VOCATIVES], fold_case=True)
CUES = PhraseTable(_ctx["name_cues"], fold_case=True)
NOT_NAMES = PhraseTable(_ctx["not_names"])
_PLACE_BEFORE = [tuple(p.lower().split()) for p in _ctx["place_before"]]
_PLACE_BEFORE_1 = frozenset(p[0] for p in _PLACE_BEFORE if len(p) == 1)
_PLACE_BEFORE_2 = frozenset(p for p in _PLACE_BEFORE if len(p) == 2)
_ABBREVIATED = frozenset({"tp", "q", "p", "h", "tx", "tt"})  # "TP. Hồ Chí Minh", "Q. Phú Nhuận"
_districts = [d.split(" (")[0] for d in DISTRICTS]
PLACES = PhraseTable(dict.fromkeys([*PROVINCES, *_districts, *(fold(p) for p in PROVINCES)]))
_ORG_BEFORE = [tuple(p.lower().split()) for p in _ctx["org_before"]]
_ORG_BEFORE_1 = frozenset(p[0] for p in _ORG_BEFORE if len(p) == 1)
_ORG_BEFORE_2 = frozenset(p for p in _ORG_BEFORE if len(p) == 2)
FUNCTION_WORDS = frozenset(_ctx["function_words"])
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxzđ")
_SENTENCE_END = frozenset({".", "!", "?", "…", ":", "“", '"', "(", "-", "–", "”", "'"})
_APPOSITION = frozenset({",", "-", "–", "là"})
# A syllable Vietnamese spelling allows (on the folded, lower-case word): tells "Hoàng" from "Thomas".
_VN_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")

# First words (as written) and first words in lower case that may start a person: the main loop's fast path.
FIRST_WORDS = frozenset(FAMILY_NAMES) | frozenset(PLAIN_FAMILY) | frozenset(HONORIFICS_CAP.table)
FIRST_LOWER = frozenset(TITLES.table) | frozenset(HONORIFICS.table) | frozenset(SPEECH.table) | frozenset(CUES.table)
# Words after which a name may have come before ("Jonathan Miller cho biết") and before a role (", giám đốc").
SPEECH_FIRST = frozenset(SPEECH.table)
APPOSITION_BEFORE = frozenset({",", "-", "–", "(", "là"})
ADVERBS = frozenset({"cũng", "đã", "vừa", "từng", "thì", "lại"})
CUE_FIRST = frozenset(CUES.table)
# The fast path's lower-case test: a one-word phrase's word, or the first two words of a longer one
# ("thông báo" is a verb of speech, "thông" alone starts nothing).
_LOWER_PHRASES = [
    seq
    for table in (TITLES, HONORIFICS, SPEECH, CUES)
    for seqs in table.table.values()
    for seq in (tuple(w.lower() for w in s) for s in seqs)
]
LOWER_SINGLES = frozenset(seq[0] for seq in _LOWER_PHRASES if len(seq) == 1)
# Where a title can start (lower case): a one-word title, or the first two words of a longer one.
TITLE_SINGLES = frozenset(seq[0] for seqs in TITLES.table.values() for seq in seqs if len(seq) == 1)
TITLE_PAIRS = frozenset(seq[:2] for seqs in TITLES.table.values() for seq in seqs if len(seq) > 1)
LOWER_PAIRS = frozenset(seq[:2] for seq in _LOWER_PHRASES if len(seq) > 1)
# Lower-case first words of titles and honorifics: where title_chain can start.
TITLE_FIRST = frozenset(TITLES.table) | frozenset(HONORIFICS.table) | frozenset(w.lower() for w in HONORIFICS_CAP.table)


@lru_cache(maxsize=1 << 16)
def is_name_word(w: str) -> bool:
    """A capitalised word of letters: "Ninh", "Đặng" (not "BĐTW", "H04", "đã")."""
    return (
        len(w) > 1
        and w[0].isupper()
        and w[1:].islower()
        and w.isalpha()
        and any(c not in _CONSONANTS for c in w.lower())
    )


def is_initial(w: str) -> bool:
    """An abbreviated name before a dot: "D", "Tr", "Nh" (a capital and no vowel, or one capital)."""
    if not (w.isalpha() and w[0].isupper()):
        return False
    return len(w) == 1 or (w[1:].islower() and all(c in _CONSONANTS for c in w.lower()))


def initials_end(tok: Tokens, k: int) -> int:
    """Word index past initials at k ("D.", "H.D.", "K. T."), or k when none."""
    j = k
    while j + 1 < tok.n and is_initial(tok.words[j]) and tok.words[j + 1] == "." and (j == k or not tok.nl[j]):
        j += 2
    return j


def ends_with_initial(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends with an initial and its dot ("Nguyễn Văn D.", "Tr.")."""
    if end - start < 2 or text[end - 1] != ".":
        return False
    k = end - 1
    while k > start and text[k - 1].isalpha():
        k -= 1
    return k < end - 1 and is_initial(text[k : end - 1]) and (k == start or not text[k - 1].isalnum())


def is_vietnamese(w: str) -> bool:
    """A word spelled as a Vietnamese syllable ("Hoàng", "Minh"), not "Thomas" or "Good"."""
    if not w.isascii():
        return all(c.isalpha() for c in w) and bool(_VN_SYLLABLE.fullmatch(fold(w).lower()))
    return bool(_VN_SYLLABLE.fullmatch(w.lower()))


def sentence_start(tok: Tokens, i: int) -> bool:
    """Word i opens a sentence, a line, a quotation or a clause after a dash."""
    return i == 0 or tok.nl[i] or tok.words[i - 1] in _SENTENCE_END


_PROVINCE_MARKERS = frozenset({"tỉnh", "tp"})


def after_place_word(tok: Tokens, i: int, provinces_listed: bool = False) -> bool:
    """ "đường Nguyễn Huệ", "TP. Hồ Chí Minh", "số 5 Lê Lợi": a name here is a place.

    With ``provinces_listed`` a province marker does not count: provinces are all known, so
    "UBND tỉnh Nguyễn Văn Sơn" is the committee, then a person."""
    if i == 0 or tok.nl[i]:
        return False
    prev = tok.low[i - 1]
    if provinces_listed and (prev in _PROVINCE_MARKERS or (prev == "phố" and i >= 2 and tok.low[i - 2] == "thành")):
        return False
    if prev in _PLACE_BEFORE_1 or prev[:1].isdigit():
        return True
    if i >= 2 and not tok.nl[i - 1]:
        if (tok.low[i - 2], prev) in _PLACE_BEFORE_2:
            return True
        if len(prev) == 1 and prev.isalpha() and tok.words[i - 2].isdigit():
            return True  # "277D Lê Thánh Tôn": a house number
        if prev == "." and tok.low[i - 2] in _ABBREVIATED:
            return True
    return False


def name_end(tok: Tokens, i: int, max_words: int = 4) -> int:
    """Word index just past a run of capitalised name words at i (stops at heads, titles, line breaks)."""
    j = i
    words, low, nl, n = tok.words, tok.low, tok.nl, tok.n
    while j < n and j - i < max_words:
        w = words[j]
        if not (is_name_word(w) or _initial(tok, j, i)) or w in STANDALONE_ORGS:
            break
        if j > i:
            # (each table is consulted only when the word can start one of its phrases: this runs on every name)
            if nl[j] or (w in NOT_NAMES.table and NOT_NAMES.match(tok, j) > 1):
                break
            t = TITLES.match(tok, j) if low[j] in TITLES.table else 0
            if t > 1 and not all(is_cap(x) for x in words[j : j + t]):
                break  # "... Phó Chủ tịch", "... Cục trưởng"; but "Huỳnh Anh Hùng" is a name, not "Anh hùng"
            h = head_at(tok, j) if w in HEADS.table else 0
            # "Trung tâm", "Công ty" end a name; "Vụ" does only when a body follows ("Nguyễn Vụ nhớ lại").
            if h > 1 or (h == 1 and j + 1 < n and is_cap(words[j + 1]) and not nl[j + 1]):
                break
        j += 1
    return j


def _initial(tok: Tokens, j: int, i: int) -> bool:
    """A one-letter syllable inside a name ("Ngô Y Linh", "Nguyễn Văn A"), not an initial ("D.")."""
    w = tok.words[j]
    return j > i and len(w) == 1 and w.isupper() and w.isalpha() and tok.word(j + 1) != "."


_MIDDLE = frozenset({"Thị", "Văn"})  # never the last word of a name


def full_name(tok: Tokens, i: int, titled: bool = False) -> int:
    """End of a Vietnamese full name at word i ("Nguyễn Văn An", "Nguyen Tan Thuyet"), or i when none."""
    w = tok.words[i]
    plain = w not in FAMILY_NAMES
    if plain and not (w.isascii() and w in PLAIN_FAMILY):
        return i
    e = name_end(tok, i)
    if e - i < 2 or (w in NOT_NAMES.table and NOT_NAMES.match(tok, i)):
        return i
    if tok.words[e - 1] in _MIDDLE:
        nxt = tok.word(e)
        ie = initials_end(tok, e) if e < tok.n and not tok.nl[e] else e
        if ie > e:
            e = ie  # "Nguyễn Văn D."
        elif e < tok.n and not tok.nl[e] and nxt[:1].isupper() and nxt.isalpha() and tok.word(e + 1) != ".":
            e += 1  # "Ngô Thị BiBi"
        else:
            return i  # "Nguyễn Văn D.": an initial, not a name we can write out
    if plain:
        # Written without diacritics: every syllable must be Vietnamese, and without a title three of them.
        if not all(tok.words[k].isascii() and is_vietnamese(tok.words[k]) for k in range(i + 1, e)):
            return i
        if e - i < 3 and not titled:
            return i
    p = PLACES.match(tok, i) if w in PLACES.table else 0
    if p:
        if p < e - i:
            return i  # "Hà Nội Nguyễn ...": the place comes first
        # A place named after a person ("Hồ Chí Minh", "Trần Văn Thời") is the person unless a place word precedes.
        if p < 3:
            return i
    return e


def person_at(tok: Tokens, i: int) -> int:
    """A full name anywhere in running text at word i: its end, or i."""
    if after_place_word(tok, i) and (PLACES.match(tok, i) or after_place_word(tok, i, provinces_listed=True)):
        return i
    e = full_name(tok, i)
    if e == i:
        return i
    if i > 0 and not tok.nl[i] and is_name_word(tok.words[i - 1]) and not sentence_start(tok, i - 1):
        # Inside a run of capitals ("đường Âu Dương Lân", "Mậu Thân"): only a common family name and a long
        # name start a person there ("... cửa khẩu Lao Bảo Lê Chí Dụng").
        if tok.words[i] not in STRONG_FAMILY or e - i < 3:
            return i
    if sentence_start(tok, i) and tok.words[i] not in STRONG_FAMILY:
        # "Từ Hà Nội", "Cao Bằng", "Mai Anh ..." at a sentence's start: capitals say less there.
        if e - i < 3 or PLACES.match(tok, i + 1) or NOT_NAMES.match(tok, i + 1) or head_at(tok, i + 1):
            return i
    return e


def title_chain(tok: Tokens, i: int) -> tuple[int, str | None, bool]:
    """Words taken by titles and honorifics at i ("cố soạn giả", "đồng chí Thiếu tướng"), the last one,
    and whether the chain holds an honorific or a rank (after which any name goes)."""
    if tok.low[i] not in TITLES.table:
        # An honorific only ("anh", "em", "bà": common words): something capitalised or a title must follow.
        nxt = i + 1
        if nxt >= tok.n:
            return 0, None, False
        after = tok.words[nxt]
        if not (after[:1].isupper() or tok.low[nxt] in TITLES.table or after in HONORIFICS.table):
            return 0, None, False
    k = i
    role = None
    any_name = False
    while k < tok.n:
        if k > i and tok.nl[k]:
            break
        if role and role.lower().endswith("tướng") and tok.low[k] == "tướng":
            k += 1  # "Thiếu tướng tướng": a typo in the source
            continue
        low = tok.low[k]
        t = TITLES.match(tok, k) if low in TITLES.table else 0
        h = HONORIFICS.match(tok, k) if tok.words[k] in HONORIFICS.table else 0
        if not h and k == i and tok.words[k] in HONORIFICS_CAP.table and sentence_start(tok, k):
            h = HONORIFICS_CAP.match(tok, k)
        if h > t:
            if PLACES.match(tok, k):
                break  # "Bà Rịa"
            role = tok.text[tok.starts[k] : tok.ends[k + h - 1]]
            any_name = True
            k += h
        elif t:
            if not is_cap(tok.words[k]) and k == i and PLACES.match(tok, k):
                break
            role = tok.text[tok.starts[k] : tok.ends[k + t - 1]]
            k += t
            any_name = any_name or _is_rank(role)
        else:
            break
    return k - i, role, any_name


RANKS = frozenset(r.lower() for r in _titles["ranks"])


def _is_rank(role: str) -> bool:
    return role.lower() in RANKS


def person_after_title(tok: Tokens, k: int, role: str, any_name: bool = True) -> int:
    """End of a person's name at word k after ``role``, or k when there is none."""
    if k >= tok.n or tok.nl[k]:
        return k
    e = full_name(tok, k, titled=True)
    if e > k:
        return e
    w = tok.words[k]
    ie = initials_end(tok, k)
    if ie > k and not PLACES.match(tok, k):
        return ie  # "chị Tr.", "anh H.D.": a name its writer abbreviated
    if not is_name_word(w) or is_code(w) or head_at(tok, k) or NOT_NAMES.match(tok, k) or PLACES.match(tok, k):
        return k
    if HONORIFICS_CAP.match(tok, k) or TITLES.match(tok, k) or PLACE_HEAD_TABLE.match(tok, k) or org_end(tok, k) > k:
        return k
    e = name_end(tok, k)
    if e - k >= 2 and (w in FAMILY_NAMES or w in PLAIN_FAMILY):
        return k  # a family name that did not make a full name ("Nguyễn Văn D.")
    for j in range(k + 1, e + 1):
        if j < tok.n and not tok.nl[j] and full_name(tok, j, titled=True) > j:
            return k  # "tổng giám đốc Pepsi Phạm Phú Ngọc Trai": a brand between the role and the person
    if any_name:
        return e  # "ông Ninh", "ông Ba Phước", "ông Thomas Good", "Thượng tá Park Ji Hoon"
    # After a role: a Vietnamese given name ("Bộ trưởng Dũng") or a foreign name of two words or more.
    viet = [is_vietnamese(tok.words[j]) for j in range(k, e)]
    if all(viet) or (e - k >= 2 and not any(viet[:1])):
        return e
    return k


def person_after_cue(tok: Tokens, i: int) -> tuple[int, int]:
    """ "tôi là Lisa Black", "bút danh: Hưởng Triều", "gặp Steve Maxner": the name after a cue at word i
    (start, end), or (i, i)."""
    c = CUES.match(tok, i)
    if not c:
        return i, i
    k = i + c
    if tok.word(k) == ":":
        k += 1
    if k >= tok.n or tok.nl[k]:
        return i, i
    e = person_after_title(tok, k, "", True)
    if e == k or (e - k == 1 and sentence_start(tok, k)):
        return i, i
    return k, e


def named_before(tok: Tokens, i: int, taken: bytearray) -> tuple[int, int]:
    """Start of a name that a verb of speech or a role at word i says is a person ("Jonathan Miller cho biết",
    "Lisa Black, giám đốc ...") as (start, end), or (i, i) when none."""
    j = i - 1
    if j < 0 or tok.nl[i]:
        return i, i
    if tok.low[j] in ADVERBS and j > 0 and not tok.nl[j] and tok.low[i] in SPEECH_FIRST:
        j -= 1  # "Jonathan Miller cũng cho biết"
    if tok.low[j] not in APPOSITION_BEFORE and not is_name_word(tok.words[j]):
        return i, i
    if tok.low[j] in _APPOSITION:
        if not TITLES.match(tok, i):
            return i, i
        j -= 1
    elif tok.words[j] == "(":
        if not HONORIFICS.match(tok, i):
            return i, i
        j -= 1  # "Robert Whitehurst (anh trai của Fred)"
    elif not SPEECH.match(tok, i):
        return i, i
        if j < 0 or tok.nl[j + 1]:
            return i, i
    end = j + 1
    while j >= 0 and end - j <= 4 and is_name_word(tok.words[j]) and not is_code(tok.words[j]):
        if tok.nl[j + 1] and j + 1 < end:
            break
        j -= 1
    s = j + 1
    if s >= end or taken[tok.starts[s]] or taken[tok.ends[end - 1] - 1]:
        return i, i
    if end < i and tok.low[end] in ADVERBS and not is_name_word(tok.words[end - 1]):
        return i, i
    if sentence_start(tok, s):
        while s < end and (tok.words[s] in FUNCTION_WORDS or HONORIFICS_CAP.match(tok, s)):
            s += 1  # "Rồi Khiêm kể", "Bác Lâm kể": not part of the name
        if tok.low[i] in VOCATIVES and tok.word(i + 1) == "là":
            return i, i  # "Mừng ơi là mừng": an exclamation
        if end - s < 2 and sentence_start(tok, s) and tok.low[i] not in VOCATIVES:
            return i, i  # "Nghe nói", "Thư viết": one capitalised word opening a sentence says nothing
    if s >= end:
        return i, i
    if s > 0 and not tok.nl[s]:
        p1 = tok.low[s - 1]
        if p1 in _ORG_BEFORE_1 or (s > 1 and (tok.low[s - 2], p1) in _ORG_BEFORE_2):
            return i, i  # "báo Thanh Niên viết"
    if HONORIFICS_CAP.match(tok, s) and s + 1 < end:
        s += 1
    if NOT_NAMES.match(tok, s) or PLACES.match(tok, s) or HONORIFICS_CAP.match(tok, s) or head_at(tok, s):
        return i, i
    if TITLES.match(tok, s) or after_place_word(tok, s):
        return i, i
    if j >= 0 and not tok.nl[j + 1] and (HONORIFICS.match(tok, j) or TITLES.match(tok, j)):
        return i, i  # after a title: the main loop took it, or chose not to
    return (s, end) if end > s else (i, i)


__all__ = [
    "FIRST_LOWER",
    "FIRST_WORDS",
    "TITLES",
    "ends_with_initial",
    "full_name",
    "is_cap",
    "named_before",
    "person_after_cue",
    "SPEECH_FIRST",
    "APPOSITION_BEFORE",
    "CUE_FIRST",
    "LOWER_PAIRS",
    "LOWER_SINGLES",
    "TITLE_FIRST",
    "person_after_title",
    "person_at",
    "person_inside",
    "title_chain",
]


def person_inside(tok: Tokens, k: int, oe: int) -> int:
    """End of an organisation found at k..oe after a title, cut before a full name that a place word took for
    a commune ("Chủ tịch UBND tỉnh Nguyễn Xuân Phúc" is the province's committee, then the person)."""
    for j in range(k + 2, oe):
        if tok.words[j] in FAMILY_NAMES and tok.low[j - 1] in _PLACE_BEFORE_1 and full_name(tok, j, True) >= oe:
            return j
    return oe
