"""Each evidence rule and each guard, on the examples the archivists gave."""

from __future__ import annotations

import pytest

from curator.models import Definition
from curator.resolve.matcher import NameRecord, match

ORG, PER, EV = "organization", "person", "event"


def outcome(a: str, b: str, type_: str = ORG, definitions: tuple[Definition, ...] = ()) -> str | None:
    links = match([NameRecord(a, type_), NameRecord(b, type_)], definitions)
    return links[0].outcome if links else None


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Cục Viễn thông và Cơ yếu", "Cục Viễn thông & Cơ yếu", ORG),
        ("Cục Cơ yếu - Viễn thông", "Cục Viễn thông và Cơ yếu", ORG),
        ("Cục BĐTW", "Cục Bưu điện Trung ương", ORG),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông", ORG),
        ("Sở TT&TT tỉnh Nghệ An", "Sở Thông tin và Truyền thông tỉnh Nghệ An", ORG),
        ("BĐTW", "Cục BĐTW", ORG),
        ("VNPost", "Tổng Công ty Bưu điện Việt Nam", ORG),
        ("Bo Thong tin va Truyen thong", "Bộ Thông tin và Truyền thông", ORG),
        ("Nguyen Manh Hung", "Nguyễn Mạnh Hùng", PER),
        ("Hoàng Văn Hoà", "Hoàng Văn Hòa", PER),
        ("Đại hội XIII", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", EV),
    ],
)
def test_certain_evidence_merges(a: str, b: str, type_: str) -> None:
    assert outcome(a, b, type_) == "merge"


def test_a_definition_in_the_text_merges_a_code() -> None:
    d = Definition("Cục Viễn thông và cơ yếu", "Cục H04", ORG, "Cục Viễn thông và cơ yếu (Cục H04)")
    assert outcome("Cục Viễn thông và cơ yếu", "Cục H04") is None
    assert outcome("Cục Viễn thông và cơ yếu", "Cục H04", definitions=(d,)) == "merge"


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Cục Viễn thông", "Cục Viễn thông và Cơ yếu", ORG),
        ("Bộ Công an", "Văn phòng Bộ Công an", ORG),
        ("Cục An toàn thông tin", "Phòng An toàn thông tin", ORG),
        ("Đại hội XII", "Đại hội XIII", EV),
        ("Phạm Hải", "Phạm Hồng Hải", PER),
    ],
)
def test_guards_allow_at_most_a_suggestion(a: str, b: str, type_: str) -> None:
    assert outcome(a, b, type_) in (None, "suggest")


@pytest.mark.parametrize(
    ("a", "b", "type_"),
    [
        ("Sở Thông tin và Truyền thông tỉnh Nghệ An", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", ORG),
        ("Sở TT&TT tỉnh Nghệ An", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", ORG),
        ("Nguyễn Mạnh Hùng", "Nguyễn Mạnh Trung", PER),
        ("Phạm Quang Trung", "Phạm Quang Hưởng", PER),
        ("Lê Văn Hùng", "Lê Văn Hưng", PER),
    ],
)
def test_different_places_and_different_people_never_link(a: str, b: str, type_: str) -> None:
    assert outcome(a, b, type_) is None


def test_type_mismatch_never_links() -> None:
    assert match([NameRecord("Trung tâm Thông tin", ORG), NameRecord("Trung tâm Thông tin", PER)]) == []


def test_a_missing_middle_name_is_a_suggestion_with_a_reason() -> None:
    (link,) = match([NameRecord("Phạm Hải", PER), NameRecord("Phạm Hồng Hải", PER)])
    assert link.outcome == "suggest" and "middle name missing" in link.reasons[0]


def test_bare_letters_with_several_marked_forms_are_only_suggested() -> None:
    names = [NameRecord("Le Van Hung", PER), NameRecord("Lê Văn Hùng", PER), NameRecord("Lê Văn Hưng", PER)]
    assert {(lk.a, lk.b, lk.outcome) for lk in match(names)} == {(0, 1, "suggest"), (0, 2, "suggest")}


def test_a_typo_is_a_suggestion() -> None:
    assert outcome("Cục An toàn thông tin", "Cục An toàn thôngtin") == "suggest"


# Places at the end of organisation names: compared as places, never spelled into an acronym.


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở VHTTDL Lai Châu", "Sở Văn hóa, Thể thao và Du lịch Lào Cai"),  # both "LC"
        ("Sở VHTTDL Lào Cai", "Sở Văn hoá, Thể thao và Du lịch Lai Châu"),
        ("Sở VHTTDL Đồng Nai", "Sở Văn hoá, Thể thao và Du lịch Đắk Nông"),  # both "ĐN"
        ("Sở TT&TT Đồng Nai", "Sở Thông tin và Truyền thông tỉnh Đắk Nông"),
        ("Công an Sơn La", "Công an Hà Nam"),
        ("Công an thành phố Sơn La", "Công an tỉnh Sơn La"),  # the provincial capital is another place
        ("Công an TP Sơn La", "Công an Sơn La"),
    ],
)
def test_different_provinces_never_link_even_when_the_acronym_fits(a: str, b: str) -> None:
    assert outcome(a, b) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở VHTTDL Lai Châu", "Sở Văn hóa, Thể thao và Du lịch Lai Châu"),
        ("Sở VHTTDL Đồng Nai", "Sở Văn hoá, Thể thao và Du lịch tỉnh Đồng Nai"),
        ("Sở TT&TT Phú Yên", "Sở Thông tin & Truyền thông tỉnh Phú Yên"),
        ("Sở TT&TT Hà Nội", "Sở Thông tin & Truyền thông thành phố Hà Nội"),
    ],
)
def test_an_acronym_is_read_from_the_body_and_the_place_compared_as_a_place(a: str, b: str) -> None:
    assert outcome(a, b) == "merge"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bưu điện Bình Phước", "Bưu điện tỉnh Bình Phước"),
        ("Công an Sơn La", "Công an tỉnh Sơn La"),
        ("Sở TT&TT Quảng Ngãi", "Sở TT&TT tỉnh Quảng Ngãi"),
        ("Sở Thông tin & Truyền thông Hoà Bình", "Sở Thông tin và Truyền thông tỉnh Hòa Bình"),
        ("Bưu điện Hải Phòng", "Bưu điện thành phố Hải Phòng"),
        ("Cong an Son La", "Công an tỉnh Sơn La"),
    ],
)
def test_the_tinh_and_thanh_pho_markers_are_optional(a: str, b: str) -> None:
    assert outcome(a, b) == "merge"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bưu điện TP.HCM", "Bưu điện thành phố Hồ Chí Minh"),
        ("Bưu điện TP.HCM", "Bưu điện Hồ Chí Minh"),
        ("Công an TP.HCM", "Công an thành phố Hồ Chí Minh"),
        ("Công an TP Hồ Chí Minh", "Công an TP.HCM"),
    ],
)
def test_tp_hcm_is_ho_chi_minh_city(a: str, b: str) -> None:
    assert outcome(a, b) == "merge"


def test_thua_thien_hue_with_or_without_the_dash_is_one_province() -> None:
    assert outcome("Sở Thông tin và Truyền thông Thừa Thiên - Huế", "Sở TT&TT Thừa Thiên Huế") == "merge"
    assert outcome("Công an tỉnh Thừa Thiên – Huế", "Công an Thừa Thiên Huế") == "merge"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND tỉnh Nghệ An", "Ủy ban nhân dân tỉnh Nghệ An"),
        ("UBND Hà Nội", "Uỷ ban nhân dân thành phố Hà Nội"),
        ("VNPT Hà Nội", "Viễn thông Hà Nội"),
    ],
)
def test_head_acronyms_before_a_place(a: str, b: str) -> None:
    assert outcome(a, b) == "merge"


def test_ubnd_of_two_provinces_never_link() -> None:
    assert outcome("UBND tỉnh Nghệ An", "Ủy ban nhân dân tỉnh Hà Tĩnh") is None


def test_a_word_that_only_folds_to_a_marker_is_not_a_place() -> None:
    # "Quân" (army) folds to "quan" like "quận" (district): the body stays whole and the names differ.
    assert outcome("Bộ Tư lệnh Quân khu Thủ đô", "Bộ Tư lệnh Quận khu Thủ đô") in (None, "suggest")


def test_an_unmarked_name_that_is_also_a_correct_spelling_is_only_suggested() -> None:
    # "Mai Anh Thanh" is a complete name as written: it may be another person than "Mai Anh Thành".
    assert outcome("Mai Anh Thanh", "Mai Anh Thành", PER) == "suggest"
    assert outcome("Phan Thu Trang", "Phan Thu Tráng", PER) == "suggest"
    # "Ha" and "Nguyen" are not family names written correctly: these were typed without diacritics.
    assert outcome("Ha Duy Hai", "Hà Duy Hải", PER) == "merge"
    assert outcome("Nguyen Anh Thanh", "Nguyễn Anh Thành", PER) == "merge"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cục Viễn thông và Cơ yếu", "Cục Cơ yếu, Viễn thông"),
        ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Thể thao, Văn hóa và Du lịch"),
        ("Sở Tài nguyên và Môi trường Hà Nội", "Sở Môi trường và Tài nguyên Hà Nội"),
    ],
)
def test_parts_between_va_dash_and_comma_in_another_order_merge(a: str, b: str) -> None:
    links = match([NameRecord(a, ORG), NameRecord(b, ORG)])
    assert [(link.outcome, link.reasons) for link in links] == [("merge", ["same parts in another order"])]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Công ty An Bình Phát", "Công ty Phát Bình An"),
        ("Công ty TNHH Minh Long", "Công ty TNHH Long Minh"),
        ("Cục Viễn thông và Cơ yếu", "Cục Thông Viễn và Yếu Cơ"),  # the parts' own words permuted
    ],
)
def test_words_of_one_name_in_another_order_are_not_merged(a: str, b: str) -> None:
    assert outcome(a, b) != "merge"


def test_names_whose_written_words_differ_in_marks_are_not_one_code_spelled_another_way() -> None:
    # Found by fix17 on generated company names: "TNHH" made both names codes, and their written words
    # were compared without marks
    assert outcome("Công ty TNHH Tân Vạn 35", "Công ty TNHH Tân Vân 35") != "merge"
