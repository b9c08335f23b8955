"""Archive text is data: control sequences never survive the door, Vietnamese stays NFC."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from curator.text import clean_text, one_line

HOSTILE = "A\x1b[31mred\x1b[0m \x1b]0;PWNED\x07title \x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ bell\x07 \x9b2J end"


def test_escape_sequences_are_removed_whole() -> None:
    assert clean_text(HOSTILE) == "Ared title link bell  end"


def test_markup_is_left_as_plain_characters() -> None:
    text = "[bold]x[/] [link=file:///etc/passwd]y[/link]"
    assert clean_text(text) == text


def test_nfd_vietnamese_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Cục Viễn thông và Cơ yếu")
    assert clean_text(nfd) == "Cục Viễn thông và Cơ yếu"


def test_newlines_are_unified_and_bidi_controls_dropped() -> None:
    assert clean_text("a\r\nb\rc\u202ed\u200be") == "a\nb\ncde"


def test_one_line_flattens_and_truncates() -> None:
    assert one_line("  Tin\n\ntức \t khác  ", 6) == "Tin t…"


@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_controls(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not any(
        (unicodedata.category(c) == "Cc" and c not in "\n\t") for c in once
    )
