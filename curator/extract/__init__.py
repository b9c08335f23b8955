"""Entity extraction from Vietnamese news text: organisations, people, events.

Rule-based: Vietnamese names are a closed-ish vocabulary (head nouns, titles,
family names) with reliable capitalisation (each word of a proper name starts
upper-case; the words after the first syllable of a compound may not).
Mentions carry character offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curator.extract.lexicon import (
    FAMILY_NAMES,
    KNOWN_ORGS,
    ORG_HEADS,
    PERSON_TITLES,
    STANDALONE_ORGS,
    TITLE_TAILS,
)
from curator.models import Definition, Mention

UPPER = "A-ZÀ-ỸĐ"
_TOKEN = re.compile(r"[\w&]+|[-–,;:()\"“”.…!?/]", re.UNICODE)
_STOP = {"và", "của", "cùng", "với", "đã", "là", "tại", "về", "thuộc", "trong", "cho", "được", "có", "các",
         "để", "do", "tổ", "ký", "đến", "từ", "này", "đó", "khi", "sẽ", "cũng", "vừa", "đang", "nhằm", "theo"}
# Lower-case words that continue an official name beyond its first compound.
_NAME_LOWER = {"thông", "tin", "toàn", "nghiệp", "vụ", "cơ", "sở", "yếu", "thuật", "nghệ", "chính", "trị",
               "nội", "bộ", "hành", "xã", "hội", "truyền", "điện", "sách", "chí", "phòng", "mạng", "nước", "vệ", "tinh"}


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _is_code(word: str) -> bool:
    """An acronym or code: BĐTW, TT&TT, H04, VNPost."""
    if word in STANDALONE_ORGS:
        return True
    letters = [c for c in word if c.isalpha()]
    return len(word) >= 2 and bool(letters) and (
        all(c.isupper() for c in letters) or (word[0].isupper() and any(c.isdigit() for c in word))
    )


class _Tokens:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]

    def __len__(self) -> int:
        return len(self.items)

    def word(self, i: int) -> str:
        return self.items[i][0] if 0 <= i < len(self.items) else ""


_HEAD_WORDS = [h.split() for h in ORG_HEADS]
_TITLE_WORDS = [t.split() for t in PERSON_TITLES]
_PLACE = {"tỉnh", "thành"}


def _match_seq(tok: _Tokens, i: int, seqs: list[list[str]]) -> int:
    """Length (in tokens) of the first sequence matching at i, or 0."""
    for seq in seqs:
        if all(tok.word(i + k) == w for k, w in enumerate(seq)):
            return len(seq)
    return 0


def _org_end(tok: _Tokens, i: int, head_len: int) -> int:
    """Token index just past an organisation name whose head starts at i."""
    j = i + head_len
    n_body = 0
    lower_run = 0
    while j < len(tok):
        w = tok.word(j)
        if "\n" in tok.text[tok.items[j - 1][2] : tok.items[j][1]]:
            break  # a name never runs over a line break
        if n_body and _starts_person(tok, j):
            break  # "Bộ TT&TT Nguyễn Huy Dũng": the ministry, then a person
        if _is_code(w) or (_is_cap(w) and w[0].isalpha()):
            if n_body and _match_seq(tok, j, _HEAD_WORDS) and tok.word(j - 1) not in ("và",):
                # "Văn phòng Bộ Công an" continues; "Cục X Bộ Y" does not.
                if not (n_body == 0):
                    break
            n_body += 1
            lower_run = 0
            j += 1
            continue
        if w in ("tỉnh", "thành") and n_body:
            k = j + (2 if w == "thành" and tok.word(j + 1) == "phố" else 1)
            if _is_cap(tok.word(k)):
                j = k
                continue
            break
        if w and w[0].isalpha() and w.islower() and n_body and w not in _STOP:
            # the second syllable of a compound word ("Bưu điện", "Thông tin"), and
            # name vocabulary after it ("An toàn thông tin", "Kỹ thuật nghiệp vụ")
            prev = tok.word(j - 1)
            if (lower_run == 0 and _is_cap(prev) and not _is_code(prev)) or (0 < lower_run < 4 and w in _NAME_LOWER):
                lower_run += 1
                j += 1
                continue
            break
        if w in ("và", "&", "-", "–") and n_body:
            nxt = tok.word(j + 1)
            if _is_cap(nxt) and not _match_seq(tok, j + 1, _HEAD_WORDS) and not _starts_person(tok, j + 1):
                j += 1
                lower_run = 1  # a connector behaves like a lower word for the next step
                lower_run = 0
                continue
        break
    if n_body == 0:
        return i  # a bare "Cục" / "Văn phòng" referring back
    # drop a trailing lower word that is not part of a compound
    return j


def _starts_person(tok: _Tokens, i: int) -> bool:
    return tok.word(i) in FAMILY_NAMES and _is_cap(tok.word(i + 1))


def _person_end(tok: _Tokens, i: int) -> int:
    j = i
    while j < len(tok) and j - i < 4 and _is_cap(tok.word(j)) and tok.word(j).isalpha() and not _is_code(tok.word(j)):
        if j > i and _match_seq(tok, j, _HEAD_WORDS + _TITLE_WORDS):
            break
        j += 1
    return j


_EVENT = re.compile(
    rf"(?:Đại hội(?: [Đđ]ại biểu toàn quốc| Đảng(?: bộ)?| đại biểu)?(?: lần thứ [IVXLC]+| [IVXLC]+\b)(?: của Đảng(?: Cộng sản Việt Nam)?| của Đảng ủy [{UPPER}][\w ]*?(?=[,.;]))?"
    rf"|bầu cử Đại biểu Quốc hội lần thứ [IVXLC]+)"
)
_DEF = re.compile(r"\(\s*((?:Cục |Bộ |Vụ )?[A-ZĐ][A-ZĐ0-9&]+)\s*\)")
_CREDIT = re.compile(r"\(?Ảnh\s*:\s*([A-ZÀ-ỸĐ][\wÀ-ỹ]*(?: [A-ZÀ-ỸĐ][\wÀ-ỹ]*){1,3})")


def extract(text: str) -> Extraction:
    """Mentions of organisations, people and events, with offsets into ``text``."""
    spans: list[Mention] = []
    taken = [False] * (len(text) + 1)

    def add(start: int, end: int, type_: str, role: str | None = None) -> bool:
        while end > start and text[end - 1] in " ,.;:-–":
            end -= 1
        if end <= start or any(taken[start:end]):
            return False
        for k in range(start, end):
            taken[k] = True
        surface = text[start:end]
        spans.append(Mention(start, end, surface, type_, surface, role))
        return True

    for m in _EVENT.finditer(text):
        add(m.start(), m.end(), "event")
    for name in KNOWN_ORGS:
        for m in re.finditer(re.escape(name), text, flags=re.IGNORECASE):
            add(m.start(), m.end(), "organization")
    for m in _CREDIT.finditer(text):
        add(m.start(1), m.end(1), "person", "Ảnh")
    tok = _Tokens(text)
    i = 0
    while i < len(tok):
        word, start, _ = tok.items[i]
        tl = _match_seq(tok, i, _TITLE_WORDS)
        if tl:
            k = i + tl
            while _match_seq(tok, k, _TITLE_WORDS) or tok.word(k) == "tướng":  # "Thiếu tướng tướng"
                k += _match_seq(tok, k, _TITLE_WORDS) or 1
            role = " ".join(tok.word(x) for x in range(i, i + tl))
            if tok.word(k) in FAMILY_NAMES or (role.lower() in ("ông", "bà") and _is_cap(tok.word(k))):
                end = _person_end(tok, k)
                if end > k and (end - k >= 2 or role.lower() in ("ông", "bà", "đồng chí")):
                    add(tok.items[k][1], tok.items[end - 1][2], "person", role)
                    i = end
                    continue
            if not _match_seq(tok, i, _HEAD_WORDS) or tok.word(i + 1) in TITLE_TAILS:
                i += tl
                continue
        hl = _match_seq(tok, i, _HEAD_WORDS)
        if hl and tok.word(i + hl) not in TITLE_TAILS and not (word == "Cục" and tok.word(i + 1) == "trưởng"):
            end = _org_end(tok, i, hl)
            if end > i:
                if add(start, tok.items[end - 1][2], "organization"):
                    i = end
                    continue
        if word in STANDALONE_ORGS:
            add(start, tok.items[i][2], "organization")
        elif _starts_person(tok, i) and tok.word(i - 1) in (",", ":", ";", "") :
            end = _person_end(tok, i)
            if end - i >= 2 and tok.word(end) in (",", ".", "", ")"):
                add(start, tok.items[end - 1][2], "person")
                i = end
                continue
        i += 1
    # A byline: the last short line "Minh Hiền" / "Minh Hiền, Công an nhân dân, 24/11/2021".
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    if lines:
        last = lines[-1]
        head = last.split(",")[0].strip()
        parts = head.split()
        if 2 <= len(parts) <= 4 and all(_is_cap(p) and p.isalpha() for p in parts) and len(last) < 80:
            start = text.rfind(head)
            add(start, start + len(head), "person", "tác giả")
    spans.sort(key=lambda m: m.start)
    _resolve_in_article(spans)
    definitions = _definitions(text, spans)
    return Extraction(spans, definitions)


def _resolve_in_article(spans: list[Mention]) -> None:
    """'ông Ninh' -> the one 'X Y Ninh' in the article; 'Cục' heads keep their text."""
    people = [m for m in spans if m.type == "person" and len(m.text.split()) >= 2]
    for m in spans:
        if m.type == "person" and len(m.text.split()) == 1:
            full = {p.text for p in people if p.text.split()[-1] == m.text}
            if len(full) == 1:
                m.name = full.pop()


def _definitions(text: str, spans: list[Mention]) -> list[Definition]:
    out = []
    orgs = [m for m in spans if m.type == "organization"]
    for d in _DEF.finditer(text):
        before = [m for m in orgs if m.end <= d.start() and d.start() - m.end <= 2]
        if not before:
            continue
        long = before[-1]
        short = d.group(1)
        head = long.text.split()[0]
        if not short.startswith(head) and " " not in short:
            short_name = f"{head} {short}" if head in ("Cục", "Bộ", "Vụ") else short
        else:
            short_name = short
        out.append(Definition(long.text, short_name, "organization", text[long.start : d.end()]))
    return out
