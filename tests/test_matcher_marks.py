"""A person's name typed with some of its diacritics left out is suggested as the same person, never merged;
names that differ in a mark ("Hùng" / "Hưng") stay apart, not even suggested."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from curator.resolve.keys import fold, marks_dropped
from curator.resolve.matcher import NameRecord, cluster


def _people(*names: str) -> dict:
    return cluster([NameRecord(n, "person") for n in names])


def test_a_name_with_marks_left_out_is_suggested_not_merged() -> None:
    for a, b in [("Nguyễn Mạnh Hùng", "Nguyên Manh Hung"), ("Dương Đức Hùng", "TS Đương Đức Hùng")]:
        result = _people(a, b)
        assert all(len(c["members"]) == 1 for c in result["clusters"])
        assert [(s["a"], s["b"]) for s in result["suggestions"]] == [tuple(sorted((a, b)))]
        assert any("diacritics left out" in r for r in result["suggestions"][0]["reasons"])


def test_names_that_differ_in_a_mark_stay_apart() -> None:
    for a, b in [("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"), ("Nguyên Mạnh Hung", "Nguyễn Manh Hùng")]:
        result = _people(a, b)
        assert len(result["clusters"]) == 2 and result["suggestions"] == []


SYLLABLES = ["Nguyễn", "Dương", "Đức", "Mạnh", "Hùng", "Thị", "Thủy", "Lê", "Phạm", "Hồng", "Ánh", "Trần"]


@given(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4), st.data())
def test_leaving_out_marks_of_some_letters_is_marks_dropped(words: list[str], data: st.DataObject) -> None:
    name = " ".join(words)
    keep = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    typed = "".join(c if k else fold(c) if c.lower() == c else fold(c).upper() for c, k in zip(name, keep))
    assert marks_dropped(typed, name) == (typed != name)
    assert marks_dropped(name, typed) == (typed != name)


def test_a_suggestion_of_marks_left_out_ranks_below_a_missing_middle_name() -> None:
    """'Võ Văn Thanh' / 'Võ Văn Thành' are as often two people: the queue shows them after likelier pairs."""
    result = _people("Võ Văn Thanh", "Võ Văn Thành", "Phạm Hải", "Phạm Hồng Hải")
    order = [(s["a"], s["b"]) for s in result["suggestions"]]
    assert order == [("Phạm Hải", "Phạm Hồng Hải"), ("Võ Văn Thanh", "Võ Văn Thành")]
