"""Vietnamese-aware comparison keys for names.

``name_key`` makes two spellings of one name equal when they differ only in
case, Unicode form, old/new tone placement (Hoà = Hòa, Thuỷ = Thủy), the
connector ("và" = "&" = "-" = "–"), spacing or punctuation. Different marks
stay different (Hùng ≠ Hưng). ``fold`` drops every mark (and đ -> d), for
names typed without diacritics.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_CONNECTOR = re.compile(r"\s*(?:&|–|—|\s-\s|\s-|-\s)\s*")
_WORD = re.compile(r"[\w\u0300-\u036f]+", re.UNICODE)  # keep non-Vietnamese marks on their letter ("l̄")


_MARKS = re.compile("[\u0300-\u036f]+")
_NON_ASCII = re.compile("[^\x00-\x7f]+")


def _strip_marks(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def fold(s: str) -> str:
    """Lower-case, no diacritics, đ -> d.

    Fast on long text (a whole column at once): decompose, drop the common
    marks with one regular expression, and look at the few characters left.
    """
    s = unicodedata.normalize("NFC", s).lower()
    if s.isascii():
        return s
    s = _MARKS.sub("", unicodedata.normalize("NFD", s)).replace("đ", "d")
    if not s.isascii():  # other letters, or marks outside the common block
        s = _NON_ASCII.sub(_strip_marks, s)
    return s


@lru_cache(maxsize=65536)
def _syllable(word: str) -> str:
    """A syllable with its tone moved to the end as a digit: hòa, hoà -> hoa2."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    letters = []
    for c in decomposed:
        if c in _TONES:
            tone = _TONES[c]
        else:
            letters.append(c)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


def words(name: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", name).lower().replace("_", " "))


# Keys are identities (alias node ids, stored in every link and decision) and the
# strings rapidfuzz compares, so their length is capped: the longest real name in
# the seeds and the generated archives is under 80 characters, while a run of
# capitalised words in a hostile page makes "names" of 10 KB. A longer key keeps
# its first MAX_KEY characters and a digest of the whole, so it stays unique.
MAX_KEY = 200
_DIGEST = 8  # bytes of BLAKE2b: 16 hex digits


@lru_cache(maxsize=262144)
def name_key(name: str, type: str = "organization") -> str:
    """The exact-equivalence key of a name (see module docstring), at most
    ``MAX_KEY`` + 17 characters long."""
    text = unicodedata.normalize("NFC", name)
    text = _CONNECTOR.sub(" và ", text)
    key = " ".join(_syllable(w) for w in words(text))
    if len(key) > MAX_KEY:
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=_DIGEST).hexdigest()
        key = f"{key[:MAX_KEY]}…{digest}"
    return key


def has_marks(name: str) -> bool:
    """True when the name carries any Vietnamese diacritic (or đ)."""
    return fold(name) != unicodedata.normalize("NFC", name).lower()


def _letter_marks(c: str) -> frozenset[str]:
    """The marks on one letter: its combining marks, and the stroke of "đ"."""
    marks = set(unicodedata.normalize("NFD", c)[1:])
    if c == "đ":
        marks.add("stroke")
    return frozenset(marks)


def marks_dropped(a: str, b: str) -> bool:
    """Whether one name is the other written with some of its marks left out ("Nguyên Manh Hung" /
    "Nguyễn Mạnh Hùng", "Dương" / "Đương"): the same letters, and every mark of the one on the same
    letter of the other. Names equal but for their marks only otherwise differ in a mark ("Hùng" /
    "Hưng"): not this."""
    a, b = unicodedata.normalize("NFC", a).lower(), unicodedata.normalize("NFC", b).lower()
    if a == b or len(a) != len(b) or fold(a) != fold(b):
        return False
    a_in_b = b_in_a = True
    for x, y in zip(a, b):
        if x != y:
            mx, my = _letter_marks(x), _letter_marks(y)
            a_in_b &= mx <= my
            b_in_a &= my <= mx
            if not (a_in_b or b_in_a):
                return False
    return a_in_b or b_in_a
