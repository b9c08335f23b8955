"""Archive text is data: control sequences never survive the door, Vietnamese stays NFC."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from curator.text import clean_text, one_line, path_from_shown, shown_path

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


# A path as os.fsdecode gives it: any characters, and bytes that are not UTF-8 as
# lone surrogates U+DC80..U+DCFF; backslashes and escape-like text on purpose.
_PATHS = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from("\\xun\n\t\x1b\u202e\u00a0"),
              st.integers(0xDC80, 0xDCFF).map(chr))
)


@given(_PATHS, _PATHS)
def test_a_shown_path_is_printable_tells_paths_apart_and_reads_back(a: str, b: str) -> None:
    shown = shown_path(a)
    assert shown.isprintable()
    assert path_from_shown(shown) == a
    assert (shown_path(a) == shown_path(b)) == (a == b)


def test_a_shown_path_writes_what_a_terminal_would_act_on_as_escapes() -> None:
    assert shown_path("a\nb.txt") == "a\\nb.txt"
    assert shown_path("a\\nb.txt") == "a\\\\nb.txt"
    assert shown_path("\x1b]0;PWNED\x07\u202egpj.txt\u200b") == "\\x1b]0;PWNED\\x07\\u202egpj.txt\\u200b"
    assert shown_path("caf\udce9 \u0085 \xa0") == "caf\\xe9 \\u0085 \\u00a0"  # a byte, then characters
    assert shown_path("Cục Viễn thông/bài viết 1.txt") == "Cục Viễn thông/bài viết 1.txt"


def test_without_diacritics_keeps_the_case_and_fold_lowers_it() -> None:
    """The two foldings differ only in case: a family name keeps its capital."""
    from curator.resolve.keys import fold
    from curator.text import without_diacritics

    assert without_diacritics("Nguyễn Đặng Thị Hoà") == "Nguyen Dang Thi Hoa"
    assert fold("Nguyễn Đặng Thị Hoà") == "nguyen dang thi hoa"
