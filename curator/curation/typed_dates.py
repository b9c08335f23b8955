"""A date as a curator types it, turned into the value saved (``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``), or a one-line reason it is not a date.

Accepted: ``2023-07-28``, ``28/07/2023`` (also with ``-`` or ``.``, one-digit
day or month), ``ngày 28 tháng 7 năm 2023``, ``2023-07`` or ``07/2023`` (month
and year), ``2023`` (a year). A date in one of these forms that the calendar
does not hold ("31/02/2023") is refused for that reason, not for its form.
"""

from __future__ import annotations

import calendar
import re

from curator.ingest.dates import _DMY, _LONG, _YMD
from curator.text import one_line

_FULL = re.compile(rf"^\s*(?:{_DMY}|{_YMD}|{_LONG})\s*$")
_MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})\s*[/.\-]\s*(\d{4}))\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
FORMATS = "YYYY-MM-DD or DD/MM/YYYY, YYYY-MM or MM/YYYY, or YYYY"


class NotADate(ValueError):
    """The text is not a date the curator can set (the message says why)."""


def _check_month(year: int, month: int, typed: str) -> None:
    if year < 1:
        raise NotADate(f"'{typed}': there is no year {year}")
    if not 1 <= month <= 12:
        raise NotADate(f"'{typed}': there is no month {month}")


def typed_date(value: str) -> str:
    """The ISO form of the date typed in ``value``; raises :class:`NotADate`."""
    typed = one_line(value, 60)  # quoted in the reason: one line, cut
    if m := _FULL.match(value):
        g = m.groups()
        if g[0] is not None:
            year, month, day = int(g[2]), int(g[1]), int(g[0])
        elif g[3] is not None:
            year, month, day = int(g[3]), int(g[4]), int(g[5])
        else:
            year, month, day = int(g[8]), int(g[7]), int(g[6])
        _check_month(year, month, typed)
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise NotADate(f"'{typed}': {calendar.month_name[month]} {year} has {last} days, not {day}")
        return f"{year:04d}-{month:02d}-{day:02d}"
    if m := _MONTH.match(value):
        year, month = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        _check_month(year, month, typed)
        return f"{year:04d}-{month:02d}"
    if m := _YEAR.match(value):
        _check_month(int(m.group(1)), 1, typed)
        return f"{int(m.group(1)):04d}"
    raise NotADate(f"'{typed}' is not a date: use {FORMATS}")
