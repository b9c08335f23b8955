"""Organisations with their whole official name, and roles made of a title and an
organisation: one rule per test, in sentences written in the style of Vietnamese news."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.extract import extract

ORG, PER = "organization", "person"


def orgs(text: str) -> list[str]:
    return [m.text for m in extract(text).mentions if m.type == ORG]


# -- where a name ends -------------------------------------------------------------------
def test_va_between_two_organisations_splits_them_and_a_verb_ends_the_second() -> None:
    assert orgs("Lễ ký kết giữa Ban Cơ yếu Chính phủ và Bưu điện Tây Ninh diễn ra sáng 12/3.") == [
        "Ban Cơ yếu Chính phủ", "Bưu điện Tây Ninh"]
    assert orgs("Sở Y tế và Công an tỉnh Bình Dương phối hợp kiểm tra.") == ["Sở Y tế", "Công an tỉnh Bình Dương"]
    assert orgs("Hội Nông dân tỉnh Quảng Nam và Hiệp hội Chè Việt Nam tổ chức hội thảo.") == [
        "Hội Nông dân tỉnh Quảng Nam", "Hiệp hội Chè Việt Nam"]


def test_va_inside_an_official_name_is_kept() -> None:
    assert orgs("Bộ Lao động - Thương binh và Xã hội vừa ban hành thông tư mới.") == ["Bộ Lao động - Thương binh và Xã hội"]
    assert orgs("Đại diện Bộ Tài nguyên và Môi trường cho biết.") == ["Bộ Tài nguyên và Môi trường"]


def test_lower_case_words_of_the_name_continue_it() -> None:
    assert orgs("Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An ghi nhận thêm 5 ca mắc mới.") == [
        "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An"]
    assert orgs("Cục Quản lý xuất nhập cảnh đã cấp hộ chiếu cho công dân.") == ["Cục Quản lý xuất nhập cảnh"]
    assert orgs("Anh theo học Học viện Kỹ thuật quân sự từ năm 2010.") == ["Học viện Kỹ thuật quân sự"]
    assert orgs("Ủy ban An toàn giao thông quốc gia họp sáng nay.") == ["Ủy ban An toàn giao thông quốc gia"]


def test_a_verb_or_function_word_after_a_name_is_not_part_of_it() -> None:
    assert orgs("Công ty Hòa Phát dựng thêm nhà xưởng.") == ["Công ty Hòa Phát"]
    assert orgs("Bộ Ngoại giao Mỹ ra tuyên bố chiều qua.") == ["Bộ Ngoại giao Mỹ"]
    assert orgs("Bệnh viện Trung ương Huế nhưng vẫn quá tải.") == ["Bệnh viện Trung ương Huế"]
    assert orgs("Công ty Minh Long mới có ba nhân viên.") == ["Công ty Minh Long"]


def test_a_place_after_a_marker_ends_the_name_and_a_person_is_not_a_place() -> None:
    assert orgs("Sở GD - ĐT TP. HCM khen thưởng học sinh.") == ["Sở GD - ĐT TP. HCM"]
    assert orgs("Hội Phụ nữ quận 3 tặng quà.") == ["Hội Phụ nữ quận 3"]
    ms = extract("Theo Chủ tịch UBND tỉnh Nguyễn Văn Bình, dự án sẽ khởi công.").mentions
    assert [m.text for m in ms if m.type == ORG] == []  # not "UBND tỉnh Nguyễn Văn Bình"


def test_a_short_name_after_a_dash_is_not_part_of_the_long_one() -> None:
    assert orgs("Hàng được gửi qua Hãng Hàng không Nhật Bản - JAL sang Tokyo.") == ["Hãng Hàng không Nhật Bản"]


# -- kinds of organisations ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Công ty TNHH Minh Phát và Công ty Cổ phần Sữa Việt Nam ký hợp đồng.",
         ["Công ty TNHH Minh Phát", "Công ty Cổ phần Sữa Việt Nam"]),
        ("Theo báo Tuổi Trẻ, vụ việc đang được xác minh.", ["báo Tuổi Trẻ"]),
        ("Bài viết đăng trên tờ Lao Động số ra sáng nay.", ["tờ Lao Động"]),
        ("Đài Truyền hình Việt Nam (VTV) đưa tin.", ["Đài Truyền hình Việt Nam", "VTV"]),
        ("Trường Đại học Bách khoa Hà Nội và ĐH Quốc gia TP. HCM hợp tác.",
         ["Trường Đại học Bách khoa Hà Nội", "ĐH Quốc gia TP. HCM"]),
        ("Em là học sinh Trường THPT Chu Văn An.", ["Trường THPT Chu Văn An"]),
        ("Bệnh nhân được chuyển tới Bệnh viện Bạch Mai.", ["Bệnh viện Bạch Mai"]),
        ("Ngân hàng Nhà nước Việt Nam điều chỉnh lãi suất.", ["Ngân hàng Nhà nước Việt Nam"]),
        ("Hội Chữ thập đỏ tỉnh Quảng Bình trao quà.", ["Hội Chữ thập đỏ tỉnh Quảng Bình"]),
        ("CLB Hà Nội thắng CLB Hoàng Anh Gia Lai 2-1.", ["CLB Hà Nội", "CLB Hoàng Anh Gia Lai"]),
        ("Ngân hàng Thế giới và Liên hợp quốc cam kết hỗ trợ.", ["Ngân hàng Thế giới", "Liên hợp quốc"]),
        ("Đại sứ quán Nhật Bản tại Hà Nội thông báo.", ["Đại sứ quán Nhật Bản"]),
        ("Sư đoàn 312 hành quân qua đèo.", ["Sư đoàn 312"]),
        ("Giám đốc Bưu điện Đà Nẵng Trần Văn Hùng cho biết.", ["Bưu điện Đà Nẵng"]),
    ],
)
def test_kinds_of_organisations(sentence: str, expected: list[str]) -> None:
    assert orgs(sentence) == expected


def test_a_place_is_not_an_organisation_even_when_its_first_word_heads_one() -> None:
    assert orgs("Đài Loan phản đối, Đài Bắc lên tiếng, du khách đổ về Hội An và Thanh Hóa.") == []


def test_a_head_word_inside_a_person_name_does_not_cut_it() -> None:
    ms = extract("Ông Nguyễn Văn Trường phát biểu tại hội nghị.").mentions
    assert [(m.text, m.type) for m in ms] == [("Nguyễn Văn Trường", PER)]


# -- roles: a title and an organisation --------------------------------------------------
def test_a_title_ending_in_a_head_yields_the_organisation_and_the_role_on_the_person() -> None:
    ms = extract("Chánh Văn phòng Bộ Công an Trần Văn Sơn dự buổi lễ.").mentions
    assert [(m.text, m.type, m.role) for m in ms] == [
        ("Văn phòng Bộ Công an", ORG, None), ("Trần Văn Sơn", PER, "Chánh Văn phòng")]
    ms = extract("Chánh Thanh tra Bộ Y tế Nguyễn Thị Lan cho biết.").mentions
    assert [(m.text, m.type, m.role) for m in ms] == [
        ("Thanh tra Bộ Y tế", ORG, None), ("Nguyễn Thị Lan", PER, "Chánh Thanh tra")]


def test_a_title_followed_by_an_organisation_with_a_place() -> None:
    ms = extract("Giám đốc Công an tỉnh Hà Tĩnh Nguyễn Hồng Phong cho biết.").mentions
    assert [(m.text, m.type, m.role) for m in ms] == [
        ("Công an tỉnh Hà Tĩnh", ORG, None), ("Nguyễn Hồng Phong", PER, "Giám đốc")]


def test_an_embassy_is_not_an_ambassador() -> None:
    assert orgs("Đại sứ quán Pakistan tại Hà Nội xác nhận.") == ["Đại sứ quán Pakistan"]


# -- properties ---------------------------------------------------------------------------
_WORDS = st.sampled_from(
    ["Bộ", "Cục", "Công an", "tỉnh", "Hà Tĩnh", "và", "-", "Ban", "Cơ yếu", "Chính phủ", "Bưu điện", "Tây Ninh",
     "diễn", "ra", "Chánh", "Văn phòng", "Đài", "Loan", "báo", "tờ", "T.Ư", "TP.", "HCM", "quận", "1", "Sư đoàn",
     "Nguyễn", "Văn", "Trường", "Hội", "An", "(", ")", ",", ".", "\n", "Đại sứ quán", "Hãng", "JAL", "xuất nhập cảnh"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30).map(" ".join) | st.text(max_size=200))
def test_any_text_gives_sorted_disjoint_mentions_that_slice_to_their_text(text: str) -> None:
    ms = extract(text).mentions
    end = 0
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert m.start >= end
        end = m.end


_ORG_NAMES = st.sampled_from(
    ["Ban Cơ yếu Chính phủ", "Bưu điện Tây Ninh", "Bộ Công an", "Sở Y tế tỉnh Nghệ An", "Công an tỉnh Hà Tĩnh",
     "Hội Nông dân tỉnh Quảng Nam", "Cục Viễn thông", "Ngân hàng Thế giới", "Trường Đại học Vinh", "báo Nhân Dân"]
)


@settings(max_examples=200, deadline=None)
@given(_ORG_NAMES, _ORG_NAMES, st.sampled_from(["diễn ra sáng nay.", "ký kết.", "cùng tham dự.", ""]))
def test_no_organisation_joins_two_organisations_with_va(a: str, b: str, tail: str) -> None:
    found = orgs(f"Hội nghị giữa {a} và {b} {tail}")
    assert found == [a, b]


def test_no_entity_of_a_generated_archive_joins_two_organisations_with_va(tmp_path: Path) -> None:
    """The generator's own organisation names (its gold): no mention holds two of them joined by "và"."""
    import json

    from curator.bench.generate import generate

    generate(tmp_path, 300, seed=3, processes=1)
    gold = json.loads((tmp_path / "gold.json").read_text(encoding="utf-8"))
    names = {f for e in gold["entities"] if e["type"] == ORG for f in e["surface_forms"]}
    joined = []
    for f in sorted((tmp_path / "archive").rglob("*.txt")):
        for m in extract(f.read_text(encoding="utf-8")).mentions:
            if m.type == ORG and " và " in m.text:
                parts = m.text.split(" và ")
                if any(" và ".join(parts[:k]) in names or " và ".join(parts[:k]).endswith(tuple(names))
                       for k in range(1, len(parts))) and any(" và ".join(parts[k:]).startswith(tuple(names)) for k in range(1, len(parts))):
                    joined.append(m.text)
    assert joined == []


def test_a_lower_case_head_ending_another_word_or_counting_many_is_not_an_organisation() -> None:
    assert orgs("Trung tâm dự báo Bắc Bộ có mưa; theo thông báo Hà Nội sẽ lạnh. Các công ty Nhật Bản đầu tư.") == []
    assert orgs("Theo báo Thanh Niên, anh làm việc tại công ty Hòa Bình.") == ["báo Thanh Niên", "công ty Hòa Bình"]


def test_a_body_may_begin_in_lower_case_when_a_name_follows_it_within_the_sentence() -> None:
    assert orgs("Anh là thành viên sáng lập Trường dạy nghề marketing IAM từ năm 2003.") == ["Trường dạy nghề marketing IAM"]
    assert orgs("Chị là nhân viên Công ty báo mất Khai Minh ở quận 3.") == ["Công ty báo mất Khai Minh"]
    assert orgs("Ông từng là ủy viên Uỷ ban kháng chiến Nam bộ.") == ["Uỷ ban kháng chiến Nam bộ"]
    # an ordinary noun, a place, or the start of a sentence: no organisation
    assert orgs("Họ tới Trung tâm thành phố Hà Nội. Ông dự Hội nghị Trung ương 8.") == []
    assert orgs("Cục phục vụ Đại hội rất chu đáo.") == []


def test_a_name_ending_in_an_initial_keeps_its_dot_and_a_glued_number_stays() -> None:
    assert orgs("Lần ấy, Công ty sữa F. đã chi rất nhiều tiền; Hãng F. phản đối.") == ["Công ty sữa F.", "Hãng F."]
    assert orgs("Ngoài ra, Tổ chức Orbis-1, một tổ chức phi lợi nhuận, cũng tham gia.") == ["Tổ chức Orbis-1"]
    assert orgs("Trung tá Lê Văn Hòa, Phó phòng tuyên huấn Cục Chính trị quân khu 7, nhớ lại.") == ["Cục Chính trị quân khu 7"]


def test_a_lower_case_head_inside_a_title_is_not_an_organisation() -> None:
    ms = extract("Trưởng phòng Lê Văn Tám và Chánh Văn phòng Nguyễn Thị Hoa dự họp.").mentions
    assert [m.text for m in ms if m.type == ORG] == []  # not "phòng Lê Văn Tám", "Văn phòng Nguyễn Thị Hoa"


def test_provinces_in_either_tone_placement_end_a_name_and_split_at_va() -> None:
    assert orgs("Văn phòng Chính phủ và Công an Hoà Bình ký kết; Bưu điện Khánh Hoà dự.") == [
        "Văn phòng Chính phủ", "Công an Hoà Bình", "Bưu điện Khánh Hoà"]


def test_a_head_that_is_also_a_verb_starts_a_sentence_as_a_verb() -> None:
    assert orgs("Tổ chức Hội nghị tổng kết năm 2023. Ông cảm ơn Tổ chức Orbis đã hỗ trợ.") == ["Tổ chức Orbis"]
    assert orgs("Tổ chức Y tế Thế giới cho biết số ca mắc đã giảm.") == ["Tổ chức Y tế Thế giới"]


def test_a_committee_named_for_what_it_fights_keeps_its_comma() -> None:
    assert orgs("Ông họp với Ban Chỉ đạo phòng, chống dịch bệnh các huyện, thị xã.") == ["Ban Chỉ đạo phòng, chống dịch bệnh"]
    assert orgs("Ban Chỉ đạo phòng chống tham nhũng tỉnh Bình Dương họp.") == ["Ban Chỉ đạo phòng chống tham nhũng tỉnh Bình Dương"]


def test_a_capitalised_verb_is_part_of_a_name_and_a_lower_case_one_ends_it() -> None:
    assert orgs("Lễ ký với Công ty Cổ phần Phát triển Công nghệ Sao Việt diễn ra hôm qua.") == [
        "Công ty Cổ phần Phát triển Công nghệ Sao Việt"]
    assert orgs("Hôm qua Tập đoàn Vingroup triển khai dự án mới.") == ["Tập đoàn Vingroup"]


def test_a_person_typed_without_diacritics_ends_the_organisation_before_him() -> None:
    """Seen at 100,000 generated articles: 'Bộ TT&TT Ly Van Thang' was one organisation, and the acronym rule then
    merged it with 'Bộ Thông tin và Truyền thông Lam Van Tuy' (two people glued to one ministry)."""
    from curator.extract import extract_article

    for text, org, person in (
        ("Đại diện Bộ TT&TT Ly Van Thang cho biết kế hoạch.", "Bộ TT&TT", "Ly Van Thang"),
        ("Bộ Thông tin và Truyền thông Lam Van Tuy phát biểu.", "Bộ Thông tin và Truyền thông", "Lam Van Tuy"),
    ):
        found = {(m.text, m.type) for m in extract_article("", text).mentions}
        assert (org, "organization") in found and (person, "person") in found, found
