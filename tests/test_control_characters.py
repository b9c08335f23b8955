"""A stray control character costs the article one character, never the rest of it.

Issue 15 item 4: a lone U+009D (or ``ESC ]``) was read as the start of an OSC
sequence and everything up to a BEL or U+009C went with it, silently.
"""

from __future__ import annotations

import os
import unicodedata
import subprocess
import sys
from pathlib import Path

import orjson
from hypothesis import example, given
from hypothesis import strategies as st

from curator.text import MAX_PAYLOAD, MAX_SEQUENCE, clean_text

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = [
    "Sáng 28/7/2023, Cục Viễn thông tổ chức hội nghị tổng kết công tác năm.",
    "Hội nghị có sự tham dự của đại diện Bộ Thông tin và Truyền thông và các đơn vị trực thuộc.",
    "Phát biểu kết luận, lãnh đạo Cục đề nghị các đơn vị tiếp tục đẩy mạnh chuyển đổi số.",
]
ARTICLE = "Tin tức hội nghị\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def curator(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env=dict(os.environ),
    )


def ingest_and_export(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess[str], str]:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "bai-viet.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "db"
    ingested = curator("ingest", str(archive), db=db)
    assert ingested.returncode == 0, ingested.stderr
    exported = curator("export", db=db)
    assert exported.returncode == 0, exported.stderr
    (article,) = orjson.loads(exported.stdout)["articles"]
    return ingested, article["text"]


def test_a_stray_osc_introducer_in_an_article_costs_one_character_not_the_rest(tmp_path: Path) -> None:
    # one U+009D after the first sentence, a BEL in the last paragraph
    damaged = ARTICLE.replace("công tác năm.", "công tác năm.\x9d").replace("các đơn vị tiếp", "các đơn vị\x07 tiếp")
    ingested, text = ingest_and_export(tmp_path, damaged)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "\x9d" not in text and "\x07" not in text
    assert "characters of terminal control" not in ingested.stderr  # two characters lost: not worth a warning


def test_an_unterminated_escape_bracket_removes_only_itself(tmp_path: Path) -> None:
    damaged = ARTICLE.replace("Hội nghị có", "\x1b]Hội nghị có")
    _, text = ingest_and_export(tmp_path, damaged)
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_an_article_that_loses_text_to_cleaning_is_named_in_the_ingest_summary(tmp_path: Path) -> None:
    title = "\x1b]0;" + "x" * 40 + "\x07"  # a real window-title sequence: removed whole, and reported
    ingested, text = ingest_and_export(tmp_path, ARTICLE.replace("Hội nghị có", title + "Hội nghị có"))
    assert "x" * 40 not in text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    lines = [line for line in ingested.stderr.splitlines() if "characters of terminal control" in line]
    assert len(lines) == 1, ingested.stderr
    assert "bai-viet.txt" in lines[0] and f"{len(title)} characters" in lines[0]


# -- the rule itself, on arbitrary text ------------------------------------------------------------

CONTROLS = "\x1b\x07\x9b\x9c\x9d\x90\x98\x9e\x9f\x00\x08\x0b\x7f\x85\r"
# Introducers of string sequences (OSC, DCS, SOS, PM, APC). A CSI always ends at its first final byte
# (any of @A-Z[\\]^_`a-z{|}~), so a stray one takes one character with it: covered by the bound above.
INTRODUCERS = ["\x1b]", "\x9d", "\x1bP", "\x90", "\x1bX", "\x98", "\x1b^", "\x9e", "\x1b_", "\x9f"]
PRINTABLE = st.characters(
    # letters, digits, punctuation and spaces as they occur in articles; no combining marks, so NFC never
    # shortens the text and every lost character was lost to cleaning
    whitelist_categories=("Lu", "Ll", "Nd", "Po", "Ps", "Pe", "Pd", "Zs", "Sm", "Sc"),
    blacklist_characters="\u00ad\u2028\u2029",
    max_codepoint=0x1EFF,
)
PLAIN = st.text(PRINTABLE, max_size=40)
ARBITRARY = st.text(st.one_of(PRINTABLE, st.sampled_from(CONTROLS), st.sampled_from(list("[];0P\\\n"))), max_size=300)


def _controls(text: str) -> int:
    return sum(1 for c in text if ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F)


@given(ARBITRARY)
def test_cleaning_is_idempotent_and_lets_no_control_character_through(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert _controls(once) == 0


@given(ARBITRARY, st.integers(0, 3 * MAX_SEQUENCE), st.integers(0, 300))
@example("one\x9d two", 2 * MAX_SEQUENCE, 8)  # the stray U+009D before a long paragraph
@example("\x1b]0;", MAX_SEQUENCE, 4)
def test_cleaning_never_removes_more_than_one_sequence_per_control_character(text: str, pad: int, at: int) -> None:
    text = text[:at] + "a" * pad + text[at:]  # long runs of text after (or before) a stray control
    removed = len(text) - len(clean_text(text))
    assert removed <= MAX_SEQUENCE * _controls(text)


@given(st.lists(PLAIN, min_size=1, max_size=6), st.lists(st.sampled_from(INTRODUCERS), max_size=6))
def test_printable_text_around_stray_introducers_is_all_kept(chunks: list[str], stray: list[str]) -> None:
    # no terminator anywhere: each introducer is stray and goes alone
    text = "".join(c + (stray[i] if i < len(stray) else "") for i, c in enumerate(chunks))
    assert clean_text(text) == unicodedata.normalize("NFC", "".join(chunks))


@given(
    st.lists(PLAIN, min_size=2, max_size=5),
    st.sampled_from(["\x1b]0;", "\x9d8;;", "\x1bP", "\x90", "\x9e", "\x1b_"]),
    st.sampled_from(["\x07", "\x1b\\", "\x9c"]),
    st.text(PRINTABLE, max_size=MAX_PAYLOAD),
)
def test_complete_sequences_are_removed_whole_and_nothing_else(chunks: list[str], intro: str, end: str, payload: str) -> None:
    text = (intro + payload + end).join(chunks)
    assert clean_text(text) == unicodedata.normalize("NFC", "".join(chunks))


def test_a_payload_longer_than_the_bound_is_text_not_a_sequence() -> None:
    long = "a" * (MAX_PAYLOAD + 1)
    assert clean_text("x\x9d" + long + "\x07y") == "x" + long + "y"
    assert clean_text("x\x9d" + long[1:] + "\x07y") == "xy"


def test_a_sequence_never_reaches_past_the_end_of_a_line() -> None:
    assert clean_text("one\x9d two\nthree\x07 four") == "one two\nthree four"
