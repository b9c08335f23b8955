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


# -- BlobIndex: the article list's search over the listing's UTF-8 bytes ---------------

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from hypothesis import note, settings  # noqa: E402

from curator.store.listing import Listing  # noqa: E402
from curator.text_index import _SPARSE, BlobIndex  # noqa: E402

# Repeated letters (so that many rows share bytes), Vietnamese letters of two and three
# bytes, a combining mark, a CJK letter, an emoji (four bytes), a lone surrogate (what
# a badly encoded file decodes to) and a space.
LETTERS = ["a", "a", "a", "n", "g", "ệ", "đ", "ư", "ơ", "é", "\u0301", "中", "🙂", "\udcff", " "]
TEXT = st.text(alphabet=st.sampled_from(LETTERS), max_size=8)
TEXTS = st.lists(TEXT, max_size=12)
# Far more bytes than the texts (at most 12 * 8 * 4) hold, and none of their letters:
# every byte of a token is then rare, so the index checks candidates one by one.
FILLER = "0123456789" * 2000


class WatchedIndex(BlobIndex):
    """A BlobIndex that counts its whole-blob passes (the dense path)."""

    dense_runs = 0

    def _dense(self, token: Any) -> Any:
        self.dense_runs += 1
        return super()._dense(token)


def blob_index(texts: list[str]) -> WatchedIndex:
    """The search index of rows with these search texts, made as the listing makes it."""
    listing = Listing.from_columns({"id": [str(i) for i in range(len(texts))], "search": texts})
    made = listing.search_index()
    return WatchedIndex(made.blob, made.offsets)


def whole_blob_compared(token: str, texts: list[str]) -> bool:
    """Whether a first search for ``token`` should compare the whole blob: its rarest byte
    is at least one in ``_SPARSE`` of the blob (below that, candidates are checked one by one)."""
    blob = "".join(texts).encode("utf-8", "surrogatepass")
    needle = token.encode("utf-8", "surrogatepass")
    return len(needle) <= len(blob) and min(blob.count(b) for b in needle) * _SPARSE >= len(blob)


@st.composite
def texts_and_tokens(draw: st.DrawFn, mode: str, count: int = 3) -> tuple[list[str], list[str]]:
    """Texts, and tokens that often occur in them: inside one text, across two
    neighbouring texts (which must not count), or made of random letters."""
    texts = draw(TEXTS)
    joined = "".join(texts)
    tokens = []
    for _ in range(count):
        choice = draw(st.integers(0, 3))
        if choice == 0 and joined:  # any stretch of the joined texts, often across a boundary
            start = draw(st.integers(0, len(joined) - 1))
            tokens.append(joined[start : draw(st.integers(start + 1, min(len(joined), start + 6)))])
        elif choice == 1 and any(texts):  # a stretch of one text
            text = draw(st.sampled_from([t for t in texts if t]))
            start = draw(st.integers(0, len(text) - 1))
            tokens.append(text[start : draw(st.integers(start + 1, len(text)))])
        elif choice == 2:  # one letter: one to four bytes
            tokens.append(draw(st.sampled_from(LETTERS)))
        else:
            tokens.append(draw(st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=4)))
    if mode == "sparse":
        texts.insert(draw(st.integers(0, len(texts))), FILLER)
    return texts, tokens


@pytest.mark.parametrize("mode", ["dense", "sparse"])
@settings(max_examples=50)  # per mode: each test stays under a second
@given(data=st.data())
def test_blob_search_finds_exactly_what_in_finds(mode: str, data: st.DataObject) -> None:
    texts, tokens = data.draw(texts_and_tokens(mode))
    for token in tokens:
        index = blob_index(texts)  # a new index: no earlier token to start from
        found = index.contains(token).tolist()
        note(f"token {token!r}: {'whole blob' if index.dense_runs else 'candidates'}")
        assert found == [token in t for t in texts]
        assert index.dense_runs == whole_blob_compared(token, texts)
        if mode == "sparse":
            assert not index.dense_runs


@pytest.mark.parametrize("mode", ["dense", "sparse"])
@settings(max_examples=50)  # per mode: each test stays under a second
@given(data=st.data())
def test_typing_a_word_letter_by_letter_finds_what_in_finds_at_each_step(mode: str, data: st.DataObject) -> None:
    texts, tokens = data.draw(texts_and_tokens(mode, count=2))
    index = blob_index(texts)
    for token in tokens:
        # Each prefix extends the one searched just before: it is looked for where that one was.
        for end in range(1, len(token) + 1):
            prefix = token[:end]
            assert index.contains(prefix).tolist() == [prefix in t for t in texts], prefix
    for token in reversed(tokens):  # backspace: shorter tokens again, from the cache
        assert index.contains(token[:1]).tolist() == [token[:1] in t for t in texts]
        assert index.contains(token).tolist() == [token in t for t in texts]


@pytest.mark.parametrize("mode", ["dense", "sparse"])
@settings(max_examples=50)  # per mode: each test stays under a second
@given(data=st.data())
def test_rows_holding_every_word_are_those_in_finds(mode: str, data: st.DataObject) -> None:
    texts, tokens = data.draw(texts_and_tokens(mode))
    if data.draw(st.booleans()):
        tokens.append("")  # an empty word rules nothing out
    index = blob_index(texts)
    for n in range(1, len(tokens) + 1):
        words = tokens[:n]
        assert index.contains_all(words).tolist() == [all(w in t for w in words) for t in texts], words


def test_common_and_rare_words_take_different_paths_and_both_find_exactly() -> None:
    # Forty rows of "a"s and "b"s: "a" and "b" are everywhere (whole-blob comparison),
    # "ab" is in every row once (its places are kept), "đ" in one row only.
    texts = ["a" * 30 + "b" * 30] * 40 + ["xđy", "", "ba", "aab"]
    index = blob_index(texts)
    assert index.contains("a").tolist() == ["a" in t for t in texts]
    assert index.dense_runs == 1
    for word in ("ab", "abb", "abbb", "aabb", "ba", "bx"):  # "ba" and "bx" only across rows, or in "ba"
        assert index.contains(word).tolist() == [word in t for t in texts], word
    assert index.contains("đ").tolist() == ["đ" in t for t in texts]
    assert index.contains("đy").tolist() == ["đy" in t for t in texts]
    # Whole-blob passes for "a", "ab", "aabb" and "ba"; "abb" and "abbb" are looked for
    # only where "ab" was; "bx", "đ" and "đy" hold a rare byte.
    assert index.dense_runs == 4


def test_a_word_searched_long_ago_is_still_found_exactly() -> None:
    texts = [f"tin so {i} nguyen" for i in range(100)] + ["nguyễn văn a"]
    index = blob_index(texts)
    for i in range(100):  # more words than the index remembers
        index.contains(f"so {i} ")
    for word in ("so 1 ", "so 99 ", "nguy", "nguyen", "nguyễn", "ễn v"):
        assert index.contains(word).tolist() == [word in t for t in texts], word


@pytest.mark.parametrize("texts, token", [(["ab", ""], "b"), (["xab", "", ""], "ab"), (["nguyễn", ""], "ễn")])
def test_a_word_ending_the_last_text_before_empty_ones_is_found(texts: list[str], token: str) -> None:
    assert blob_index(texts).contains(token).tolist() == [token in t for t in texts]
