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


def test_a_person_with_two_roles_is_one_person() -> None:
    # People move: the body of a role is set aside, not compared.
    assert together(["Thứ trưởng Bộ Nội vụ Lê Văn Tuyến", "Lê Văn Tuyến, Giám đốc Sở Nội vụ", "Lê Văn Tuyến"], PER)


@pytest.mark.parametrize(
    "with_role",
    ["bà Lê Thị Thu Hằng - Quyền Bộ trưởng Bộ Nội vụ", "Ông Uông Văn Tâm - Cục trưởng", "ông Chử Văn Tâm, Giám đốc Sở Nội vụ"],
)
def test_a_role_the_lists_do_not_know_after_the_name_is_set_aside(with_role: str) -> None:
    name = with_role.split(" - ")[0].split(",")[0].removeprefix("bà ").removeprefix("Ông ").removeprefix("ông ")
    assert together([name, with_role], PER)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BV Xanh Pôn", "Bệnh viện Xanh Pôn"),  # a head in short
        ("Bộ Nội vụ Việt Nam", "Bộ Nội vụ"),  # the country after a national body
        ("Bộ Nội vụ (Việt Nam)", "Bộ Nội vụ"),
        ("HĐND tỉnh Lào Cai khóa XVI", "HĐND tỉnh Lào Cai"),  # the term
        ("Tổng công ty (TCT) Lâm nghiệp Việt Nam", "Tổng công ty Lâm nghiệp Việt Nam"),  # a code inside
        ("TRƢỜNG ðẠI HỌC XÂY DỰNG", "Trường Đại học Xây dựng"),  # letters a PDF put for ư and đ
        ("VKSND tỉnh Lào Cai", "Viện kiểm sát nhân dân tỉnh Lào Cai"),  # a leading code, the rest the same
        ("BHXH khu vực III", "Bảo hiểm xã hội khu vực III"),
        ("ĐHĐN", "Đại học Đà Nẵng"),  # initials with the place
    ],
)
def test_forms_written_around_the_same_name_merge(a: str, b: str) -> None:
    assert together([a, b])


def test_a_shortened_name_is_suggested_not_merged() -> None:
    a, b = "Sở Nông nghiệp Lào Cai", "Sở Nông nghiệp và Phát triển nông thôn Lào Cai"
    assert not together([a, b])
    s = linked(a, b)
    assert s is not None and s["reasons"][0].startswith("a shortened form")


def test_a_unit_of_a_body_named_by_its_code_is_not_the_body() -> None:
    names = ["Bảo hiểm xã hội (BHXH)", "BHXH", "Thanh tra BHXH"]
    got = clusters_of(names)
    assert {"Bảo hiểm xã hội (BHXH)", "BHXH"} in got
    assert {"Thanh tra BHXH"} in got


def test_english_initials_are_not_proof() -> None:
    # "VFA" may be any body with those letters in English; a Vietnamese name's initials are evidence.
    assert not together(["VFA", "Vietnam Forest Agency"])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sở gd&đt tỉnh lào cai", "Sở Giáo dục và Đào tạo tỉnh Lào Cai"),  # typed in lower case, code and all
        ("bộ tn-mt", "Bộ Tài nguyên và Môi trường"),
        ("SỞ GD&ĐT TỈNH LÀO CAI", "Sở Giáo dục và Đào tạo tỉnh Lào Cai"),
    ],
)
def test_data_entry_case_reaches_the_same_keys_as_the_written_name(a: str, b: str) -> None:
    assert together([a, b])


@pytest.mark.parametrize(
    "a, b",
    [("Công ty TNHH An Bình Hoà 395", "Công ty TNHH An Bắc Hưng 395"),
     ("Công ty Cổ phần Hải Nam Sơn 2", "Công ty Cổ phần Hà Nội Sáng 2")],
)
def test_two_names_with_the_same_initials_and_number_are_not_one_abbreviation(a: str, b: str) -> None:
    # Found by eyes17: a number counted as a code, so the two names were "the same abbreviation spelled
    # another way" and merged automatically.
    assert not together([a, b])


@pytest.mark.parametrize("other", ["Bộ GDĐT", "Bộ GD-ĐT", "Bộ GD và ĐT", "Bộ Giáo dục và ĐT"])
def test_an_abbreviation_spelled_another_way_is_still_merged(other: str) -> None:
    assert together(["Bộ GD&ĐT", other])


def test_initials_with_a_number_still_spell_the_name_written_out() -> None:
    # The rule above must not lose "T.Ư" = "Trung ương" (a real-world pair).
    assert together(["Bệnh viện 71 T.Ư", "Bệnh viện 71 Trung ương"])
