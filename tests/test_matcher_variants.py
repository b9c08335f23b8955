"""Variants of real-world kinds: the name proper is compared, the parts around it are evidence.

Every test here failed before the name analyser (each defect kind of issue 17), on our own example names.
"""

from __future__ import annotations

import pytest

from curator.resolve.matcher import NameRecord, cluster

PER, ORG = "person", "organization"


def clusters_of(names: list[str], type_: str = ORG) -> list[set[str]]:
    return [set(c["members"]) for c in cluster([NameRecord(n, type_) for n in names])["clusters"]]


def together(names: list[str], type_: str = ORG) -> bool:
    return set(names) in clusters_of(names, type_)


def linked(a: str, b: str, type_: str = ORG) -> dict | None:
    """The suggestion between a and b, or None."""
    result = cluster([NameRecord(a, type_), NameRecord(b, type_)])
    return next((s for s in result["suggestions"] if {s["a"], s["b"]} == {a, b}), None)


@pytest.mark.parametrize(
    "titled",
    ["Thứ trưởng Lê Thị Thu Hằng", "bà Lê Thị Thu Hằng", "đồng chí Lê Thị Thu Hằng", "Thiếu tướng Lê Thị Thu Hằng",
     "GS.TS Lê Thị Thu Hằng", "Chủ tịch nước Lê Thị Thu Hằng", "Thu truong Le Thi Thu Hang",
     "Bộ trưởng Bộ Nội vụ Lê Thị Thu Hằng", "Lê Thị Thu Hằng, Phó Giám đốc Sở Nội vụ"],
)
def test_titles_honorifics_and_roles_are_not_part_of_a_persons_name(titled: str) -> None:
    assert together(["Lê Thị Thu Hằng", titled], PER)


@pytest.mark.parametrize(
    "with_parent",
    ["Cục Kiểm lâm - Bộ Nông nghiệp", "Cục Kiểm lâm, Bộ Nông nghiệp", "Cục Kiểm lâm – Bộ Nông nghiệp",
     "Cục Kiểm lâm thuộc Bộ Nông nghiệp", "Cục Kiểm lâm (Bộ Nông nghiệp)"],
)
def test_a_parent_body_after_the_name_is_set_aside(with_parent: str) -> None:
    assert together(["Cục Kiểm lâm", with_parent])


def test_different_parent_bodies_are_never_merged_even_through_a_name_without_one() -> None:
    names = ["Vụ Pháp chế - Bộ Nội vụ", "Vụ Pháp chế, Bộ Xây dựng", "Vụ Pháp chế"]
    got = clusters_of(names)
    assert not any({"Vụ Pháp chế - Bộ Nội vụ", "Vụ Pháp chế, Bộ Xây dựng"} <= c for c in got)


def test_the_same_parent_written_as_an_abbreviation_still_agrees() -> None:
    assert together(["Vụ Pháp chế - Bộ GD&ĐT", "Vụ Pháp chế, Bộ Giáo dục và Đào tạo"])


@pytest.mark.parametrize("short", ["Cục KL", "KL"])
def test_an_abbreviation_written_with_the_name_defines_it(short: str) -> None:
    assert together(["Cục Kiểm lâm (KL)", "Cục Kiểm lâm", short])


def test_an_abbreviation_after_a_dash_defines_it() -> None:
    assert together(["Trung tâm Lưu trữ quốc gia - TTLT", "Trung tâm Lưu trữ quốc gia", "TTLT"])


def test_an_abbreviation_defined_in_one_name_applies_to_every_other() -> None:
    # The definition comes with one form; the short form appears alone in another list entry.
    assert together(["Cục Quản lý Lâm sản (Cục QLLS)", "Cục QLLS", "QLLS"])


@pytest.mark.parametrize(
    "spelling", ["Bộ TN&MT", "Bộ TNMT", "Bộ TN-MT", "Bộ TN và MT", "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"],
)
def test_spellings_of_one_abbreviation_and_the_capitals_form_are_one_body(spelling: str) -> None:
    assert together(["Bộ TN&MT", spelling])


def test_two_spellings_of_an_abbreviation_merge_without_the_full_name() -> None:
    assert together(["Sở KH&ĐT tỉnh Lào Cai", "Sở KHĐT tỉnh Lào Cai"])


@pytest.mark.parametrize("long", ["Bộ Nội vụ", "BỘ NỘI VỤ"])
def test_initials_that_include_the_head_noun(long: str) -> None:
    assert together(["BNV", long])


def test_a_code_after_a_slash_is_its_parent() -> None:
    assert together(["Phòng PC02/CATP", "Phòng PC02"])


@pytest.mark.parametrize(
    ("outlet", "body"),
    [("Báo Nông nghiệp", "Nông nghiệp"), ("báo NN", "NN"), ("Tạp chí Tài chính", "Tài chính"),
     ("Trường Cán bộ Thanh tra", "Thanh tra"), ("Bệnh viện Bưu điện", "Bưu điện")],
)
def test_an_outlet_school_or_hospital_is_never_the_body_it_is_named_after(outlet: str, body: str) -> None:
    assert not together([outlet, body])
    s = linked(outlet, body)
    if s is not None:
        assert any(r.startswith("not merged: ") for r in s["reasons"])


def test_a_provincial_unit_is_not_the_national_one_with_the_same_words() -> None:
    names = ["Phòng Cảnh sát kinh tế, Công an tỉnh Thanh Hóa", "Cục Cảnh sát kinh tế"]
    assert not together(names)
    s = linked(*names)
    assert s is not None and "not merged: different head noun" in s["reasons"]


def test_permuted_peoples_names_never_link() -> None:
    assert linked("Trần Minh Quang", "Trần Quang Minh", PER) is None
    assert not together(["Trần Minh Quang", "Trần Quang Minh"], PER)


def test_the_review_queue_suggests_a_body_with_and_without_its_head() -> None:
    s = linked("Kho bạc", "Tổng cục Kho bạc")
    assert s is not None
    assert any(r.startswith("similar names (rare words shared: ") for r in s["reasons"])
    assert "not merged: different head noun" in s["reasons"]


def test_every_suggestion_says_what_kept_it_from_merging() -> None:
    names = ["Kho bạc", "Tổng cục Kho bạc", "Phạm Hải", "Phạm Hồng Hải", "Cục Kiểm lâm", "Chi cục Kiểm lâm tỉnh Sơn La"]
    result = cluster([NameRecord(n, PER if n.startswith("Phạm") else ORG) for n in names])
    assert result["suggestions"]
    for s in result["suggestions"]:
        assert sum(r.startswith("not merged: ") for r in s["reasons"]) == 1, s
