"""The filter's substring search finds exactly what a plain ``in`` test finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from curator.text_index import TextIndex

WORDS = st.text(alphabet="abn gu", max_size=12)


@given(st.lists(WORDS, max_size=60), st.lists(st.text(alphabet="abngu", min_size=1, max_size=3), min_size=1, max_size=3))
def test_matching_all_agrees_with_a_plain_scan(texts: list[str], tokens: list[str]) -> None:
    index = TextIndex(texts)
    expected = [i for i, t in enumerate(texts) if all(tok in t for tok in tokens)]
    assert index.matching_all(tokens) == expected
    within = list(range(0, len(texts), 2))
    assert index.matching_all(tokens, within) == [i for i in expected if i % 2 == 0]


def test_a_rare_word_in_many_rows_is_found_once_per_row() -> None:
    texts = ["nguyen van a nguyen", "tran b", *(["le c"] * 500), "x nguyen"]
    assert TextIndex(texts).matching("nguyen") == [0, 502]
    assert TextIndex(texts).matching("a\nb") == []
