"""People: names after titles and ranks, in lists, bylines and photo credits."""

from __future__ import annotations

import re

from curator.extract.lexicon import FAMILY_NAMES, PERSON_TITLES, SHORT_NAME_TITLES
from curator.extract.organizations import PROVINCE_TABLE, head_at, is_cap, is_code
from curator.extract.tokens import PhraseTable, Tokens

TITLES = PhraseTable(PERSON_TITLES, fold_case=True)
_SHORT = frozenset(t.lower() for t in SHORT_NAME_TITLES)
# "(Ảnh: Phạm Hải)", "Ảnh:Phạm Hải", "Ảnh: PV"
CREDIT = re.compile(r"Ảnh\s*:\s*([A-ZÀ-ỸĐ][a-zà-ỹđ]+(?: [A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,3})")
# Separators around a name in a list ("gồm các đồng chí: A, Chánh ...; B, ...").
LIST_BEFORE = frozenset({",", ":", ";", "(", "-", "–", ""})
LIST_AFTER = frozenset({",", ".", ";", ")", "-", "–", ":", ""})


def is_name_word(w: str) -> bool:
    """A capitalised word of letters: "Ninh", "Đặng" (not "BĐTW", "H04", "đã")."""
    return len(w) > 1 and w[0].isupper() and w[1:].islower() and w.isalpha()


def title_chain(tok: Tokens, i: int) -> tuple[int, str | None]:
    """Words taken by titles at i ("đồng chí Thiếu tướng", "Thiếu tướng tướng"), and the last title."""
    k = i
    role = None
    while k < tok.n:
        t = TITLES.match(tok, k)
        if t:
            role = " ".join(tok.words[k : k + t])
            k += t
        elif role and tok.low[k] == "tướng":  # "Thiếu tướng tướng": a typo in the source
            k += 1
        else:
            break
    return k - i, role


def name_end(tok: Tokens, i: int, max_words: int = 4) -> int:
    """Word index just past a run of name words at i (stops at heads, titles, line breaks)."""
    j = i
    while j < tok.n and j - i < max_words and is_name_word(tok.words[j]) and not is_code(tok.words[j]):
        if j > i and (tok.nl[j] or head_at(tok, j) or TITLES.match(tok, j)):
            break
        j += 1
    return j


def person_after_title(tok: Tokens, k: int, role: str) -> int:
    """End of a person's name at word k after ``role``, or k when there is none."""
    if k >= tok.n or tok.nl[k]:
        return k
    w = tok.words[k]
    if w in FAMILY_NAMES and not PROVINCE_TABLE.match(tok, k):
        end = name_end(tok, k)
        if end - k >= 2:
            return end
    if role.lower() in _SHORT and is_name_word(w) and not head_at(tok, k):
        end = name_end(tok, k, 1 if w not in FAMILY_NAMES else 4)
        return end
    return k


def person_in_list(tok: Tokens, i: int) -> int:
    """A bare name in a list or before an apposition: "; Phạm Quang Hưởng, Phó Chánh ..."."""
    prev = tok.words[i - 1] if i > 0 and not tok.nl[i] else ""
    if prev not in LIST_BEFORE:
        return i
    if tok.words[i] not in FAMILY_NAMES or PROVINCE_TABLE.match(tok, i):
        return i
    end = name_end(tok, i)
    if end - i < 2:
        return i
    nxt = tok.words[end] if end < tok.n and not tok.nl[end] else ""
    return end if nxt in LIST_AFTER else i


def byline(text: str) -> tuple[int, int, int] | None:
    """The author near the end: "Minh Hiền" / "Minh Hiền, Công an nhân dân, 24/11/2021".

    Returns the name's start and end, and the end of its line (the rest of the
    line is the outlet and date, not mentions).
    """
    end = len(text)
    seen = 0
    while end > 0 and seen < 4:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        end = start - 1
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        head = stripped.split(",")[0].strip()
        parts = head.split()
        if 2 <= len(parts) <= 4 and len(stripped) < 80 and all(is_name_word(p) for p in parts):
            s = start + line.index(head)
            return s, s + len(head), start + len(line)
    return None


__all__ = ["CREDIT", "TITLES", "byline", "is_cap", "person_after_title", "person_in_list", "title_chain"]
