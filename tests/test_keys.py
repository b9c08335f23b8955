"""Comparison keys: spellings of one name meet, different names stay apart."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.resolve.keys import fold, name_key

SYLLABLES = ["Hòa", "Hoà", "Thủy", "Thuỷ", "Nguyễn", "Đặng", "Hùng", "Hưng", "Cục", "Viễn", "thông", "Cơ", "yếu", "Bộ"]


def test_spellings_of_one_name_share_a_key() -> None:
    assert name_key("Hoà Bình") == name_key("Hòa Bình") and name_key("Thuỷ") == name_key("Thủy")
    same = ["Cục Viễn thông và Cơ yếu", "Cục Viễn thông & Cơ yếu", "cục viễn thông – cơ yếu", "CỤC VIỄN THÔNG - CƠ YẾU",
            unicodedata.normalize("NFD", "Cục Viễn thông và Cơ yếu"), "Cục  Viễn thông và Cơ yếu."]
    assert len({name_key(s) for s in same}) == 1


def test_different_marks_are_different_names() -> None:
    assert name_key("Lê Văn Hùng", "person") != name_key("Lê Văn Hưng", "person")
    assert fold("Lê Văn Hùng") == fold("Lê Văn Hưng") == "le van hung"
    assert fold("Đỗ Trí Dũng") == "do tri dung"


def test_keys_unify_spellings_but_not_marks() -> None:
    assert name_key("Hoà", "person") == name_key("Hòa", "person") and name_key("Thuỷ", "person") == name_key("Thủy", "person")
    assert name_key("Cục Viễn thông & Cơ yếu") == name_key("cục viễn thông – cơ yếu")
    assert name_key("Nguyễn Mạnh Hùng") != name_key("Nguyễn Mạnh Hưng")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_keys_are_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert name_key(name_key(text)) == name_key(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=5), st.sampled_from([" và ", " & ", " - ", " – "]))
def test_equivalent_spellings_give_equal_keys(words: list[str], connector: str) -> None:
    name = " ".join(words[:-1]) + (connector if len(words) > 1 else "") + words[-1]
    canonical = " ".join(words[:-1]) + (" và " if len(words) > 1 else "") + words[-1]
    variants = [name, name.upper(), name.lower(), unicodedata.normalize("NFD", name), name.replace("oà", "òa").replace("uỷ", "ủy")]
    assert {name_key(v) for v in variants} == {name_key(canonical)}


def test_a_foreign_mark_stays_on_its_letter() -> None:
    # "Ḹ" keeps a macron after its tone is moved: the key must still be one word, and stable.
    assert name_key(name_key("Ḹ")) == name_key("Ḹ") == "l\u03045"
