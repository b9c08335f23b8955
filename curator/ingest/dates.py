"""Vietnamese publication dates: a small explicit set of patterns, then a choice.

News pages carry several dates: the page's print or crawl stamp
("Thứ ba, 30/04/2024 13:39:33", the glued "Thứ 204072022"), a labelled
update line ("Cập nhật | 28-07-2023"), a dateline under the title
("19:35 25/06/2021"), an archive stamp of the month ("date 2021-01"), the lead
sentence ("Sáng ngày 28/7/2023", "Chiều 24/11" without a year) and a trailing
byline ("Minh Hiền, Công an nhân dân, 24/11/2021"). The parser turns each into
a :class:`DateCandidate` with a kind-based confidence; :func:`choose_date`
completes day-month partials from a candidate that supplies the year, rewards
agreement, and returns the best as an ISO string (``YYYY-MM-DD`` or
``YYYY-MM``). dateparser was not used: it knows neither the glued stamps nor
the difference between a page stamp and an article date, and the patterns
here are few and tested with hypothesis.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field

# Base confidence by where a date was found.
CONFIDENCE = {
    "labelled": 0.9,  # "Cập nhật | 28-07-2023", "Ngày đăng: ..."
    "dateline": 0.85,  # a date line right under the title
    "byline": 0.85,  # "Name, Outlet, 24/11/2021" at the end
    "lead": 0.75,  # a full date in the first paragraphs
    "lead-partial": 0.4,  # "Chiều 24/11": day and month only
    "month-stamp": 0.5,  # "date 2021-01"
    "page-stamp": 0.2,  # "Thứ ba, 30/04/2024 13:39:33" above the title
    "glued-stamp": 0.15,  # "Thứ 204072022"
}

_DMY = r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)"
_YMD = r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"
_LONG = r"[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
# No IGNORECASE here: Unicode case folding at every position made this the
# slowest step of ingest.
FULL_DATE = re.compile(rf"{_DMY}|{_YMD}|{_LONG}")
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
WEEKDAY = r"(?:Thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s*nhật|CN)"
# A whole line that is only a date stamp, with optional weekday and time.
STAMP_LINE = re.compile(
    rf"^\s*(?:{WEEKDAY}\s*,?\s*)?(?:{TIME}\s*,?\s*)?(?:ngày\s*)?{_DMY}\s*(?:[,|\-–]?\s*{TIME})?\s*(?:\(?GMT[+\-]\d+\)?)?\s*$",
    re.IGNORECASE,
)
GLUED_STAMP = re.compile(r"^\s*Thứ\s*([2-7])\s*(\d{2})(\d{2})(\d{4})\s*$", re.IGNORECASE)
LABELLED = re.compile(
    rf"^\s*(?:Cập\s*nhật|Ngày\s*đăng|Đăng\s*(?:lúc|ngày)?|Ngày\s*cập\s*nhật|Xuất\s*bản)\s*[|:\-]?\s*(?:{TIME}\s*)?(?:{WEEKDAY}\s*,?\s*)?({_DMY}|{_YMD})",
    re.IGNORECASE,
)
MONTH_STAMP = re.compile(r"(?<!\w)date\s+(\d{4})-(\d{1,2})(?![\d\-])", re.IGNORECASE)
# Day and month without a year, introduced by a time-of-day word: "Chiều 24/11", "Ngày 22/1".
PARTIAL = re.compile(
    r"(?<!\w)(?:(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng\s+sáng)\s+(?:ngày\s+)?|(?:[Hh]ôm\s+nay,\s*)?[Nn]gày\s+)(\d{1,2})/(\d{1,2})(?![/\d])"
)


@dataclass(slots=True)
class DateCandidate:
    """One date seen in an article, with the exact text it came from."""

    year: int | None
    month: int
    day: int | None
    raw: str
    kind: str
    confidence: float = field(default=0.0)
    start: int = 0  # position in the article's text, for ties

    @property
    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def valid(year: int | None, month: int, day: int | None) -> bool:
    """True when the parts make a real calendar date (year 1900-2100 when known)."""
    if not 1 <= month <= 12:
        return False
    if year is not None and not 1900 <= year <= 2100:
        return False
    if day is None:
        return True
    try:
        _dt.date(year if year is not None else 2000, month, day)  # 2000: a leap year
    except ValueError:
        return False
    return True


def _full(m: re.Match[str]) -> tuple[int, int, int]:
    g = m.groups()
    if g[0] is not None:
        return int(g[2]), int(g[1]), int(g[0])
    if g[3] is not None:
        return int(g[3]), int(g[4]), int(g[5])
    return int(g[8]), int(g[7]), int(g[6])


def full_dates(text: str, kind: str, offset: int = 0) -> list[DateCandidate]:
    """Every complete, valid date in ``text`` as candidates of ``kind``."""
    out = []
    for m in FULL_DATE.finditer(text):
        y, mo, d = _full(m)
        if valid(y, mo, d):
            out.append(DateCandidate(y, mo, d, m.group(0), kind, CONFIDENCE[kind], offset + m.start()))
    return out


def partial_dates(text: str, offset: int = 0) -> list[DateCandidate]:
    """"Chiều 24/11"-style day-month dates (no year) in ``text``."""
    out = []
    for m in PARTIAL.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if valid(None, mo, d):
            out.append(DateCandidate(None, mo, d, m.group(0), "lead-partial", CONFIDENCE["lead-partial"], offset + m.start()))
    return out


def stamp_line(line: str) -> DateCandidate | None:
    """A line that is nothing but a date stamp (page stamp or dateline), else None."""
    m = STAMP_LINE.match(line)
    if m:
        for cand in full_dates(line, "dateline"):
            cand.raw = line.strip()
            return cand
        return None
    g = GLUED_STAMP.match(line)
    if g:
        d, mo, y = int(g.group(2)), int(g.group(3)), int(g.group(4))
        if valid(y, mo, d):
            return DateCandidate(y, mo, d, line.strip(), "glued-stamp", CONFIDENCE["glued-stamp"])
    return None


def labelled_date(line: str) -> DateCandidate | None:
    """"Cập nhật | 28-07-2023" and similar labelled lines."""
    m = LABELLED.match(line)
    if not m:
        return None
    for cand in full_dates(m.group(1), "labelled"):
        cand.raw = line.strip()
        return cand
    return None


def month_stamp(text: str) -> DateCandidate | None:
    """An archive stamp of the month: "date 2021-01"."""
    m = MONTH_STAMP.search(text)
    if m and valid(int(m.group(1)), int(m.group(2)), None):
        return DateCandidate(int(m.group(1)), int(m.group(2)), None, m.group(0), "month-stamp", CONFIDENCE["month-stamp"], m.start())
    return None


def choose_date(candidates: list[DateCandidate]) -> tuple[DateCandidate | None, list[str]]:
    """The article's own date among ``candidates`` and notes on what was set aside.

    Partials take their year from a full date with the same day and month, or
    from a month stamp of the same month; each other candidate that agrees
    adds confidence. Page stamps keep their low confidence, so any real
    article date wins over them. Agreement is counted by key, so the cost is
    linear in the number of candidates (a page repeating one date 20,000
    times must not compare every repetition with every other).
    """
    fulls = [c for c in candidates if c.year is not None and c.day is not None]
    months = [c for c in candidates if c.year is not None and c.day is None]
    partials = [c for c in candidates if c.year is None]
    article_days = {(c.month, c.day) for c in fulls if c.kind not in _STAMPS}
    first_stamp: dict[int, DateCandidate] = {}
    for s in months:
        first_stamp.setdefault(s.month, s)
    pool: list[DateCandidate] = list(fulls)
    for p in partials:
        if (p.month, p.day) in article_days:
            continue  # counted as agreement below
        stamp = first_stamp.get(p.month)
        if stamp is not None:
            joined = DateCandidate(stamp.year, p.month, p.day, p.raw, "month-stamp+lead", 0.8, p.start)
            pool.append(joined)
    by_iso = Counter(o.iso for o in fulls)
    by_day = Counter((p.month, p.day) for p in partials)
    by_month = Counter((s.year, s.month) for s in months)
    scored: list[tuple[float, int, DateCandidate]] = []
    for n, c in enumerate(pool):
        agree = by_iso[c.iso] - (1 if n < len(fulls) else 0)  # the others, not c itself
        agree += by_day[(c.month, c.day)]
        agree += by_month[(c.year, c.month)]
        conf = c.confidence if c.kind in _STAMPS else min(0.99, c.confidence + 0.05 * agree)
        scored.append((conf, -c.start, c))
    if not scored:
        scored = [(m.confidence, -m.start, m) for m in months]
    if not scored:
        return None, []
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    conf, _, best = scored[0]
    chosen = DateCandidate(best.year, best.month, best.day, best.raw, best.kind, conf, best.start)
    set_aside = [c for c in candidates if c.kind in _STAMPS and c.iso != chosen.iso]
    notes = [
        f"date candidate set aside: page stamp {c.raw!r} ({c.iso}, confidence {c.confidence:.2f})"
        for c in set_aside[:_MAX_NOTES]
    ]
    if len(set_aside) > _MAX_NOTES:
        notes.append(f"{len(set_aside) - _MAX_NOTES} more page stamps set aside")
    return chosen, notes


_STAMPS = ("page-stamp", "glued-stamp")
_MAX_NOTES = 10  # notes are read by a person; a page of 20,000 stamps gets a count


def parse_date(text: str) -> str | None:
    """The first complete date in free text as ``YYYY-MM-DD`` (None if none).

    Never raises; accepts d/m/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd and
    "ngày d tháng m năm yyyy".
    """
    found = full_dates(text, "lead")
    return found[0].iso if found else None
