"""A date as the curator types it in the app's date box (curator.curation.typed_dates)."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.curation.typed_dates import NotADate, typed_date


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("28/07/2023", "2023-07-28"), ("2023-07-28", "2023-07-28"), (" 28.7.2023 ", "2023-07-28"), ("29/02/2024", "2024-02-29"),
     ("ngày 5 tháng 7 năm 2023", "2023-07-05"), ("2023-07", "2023-07"), ("07/2023", "2023-07"), ("7/2023", "2023-07"), ("2023", "2023")],
)
def test_each_accepted_form_is_saved_in_iso_form(typed: str, saved: str) -> None:
    assert typed_date(typed) == saved


@pytest.mark.parametrize(
    ("typed", "why"),
    [("31/02/2023", "February 2023 has 28 days, not 31"), ("29/02/2023", "has 28 days"), ("13/2021", "no month 13"),
     ("2021-00-10", "no month 0"), ("0000", "no year 0"), ("hôm qua", "is not a date: use")],
)
def test_a_refusal_says_why_not_which_format_to_use_when_the_format_was_right(typed: str, why: str) -> None:
    with pytest.raises(NotADate, match=why) as refused:
        typed_date(typed)
    if "use" not in why:
        assert "use" not in str(refused.value)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789/-. ", max_size=12), st.text(max_size=12)))
def test_any_text_is_a_real_date_or_refused_in_one_line(typed: str) -> None:
    try:
        saved = typed_date(typed)
    except NotADate as exc:
        assert "\n" not in str(exc)
        return
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", saved, re.ASCII)
    parts = [int(p) for p in saved.split("-")] + [1, 1]
    datetime.date(*parts[:3])
