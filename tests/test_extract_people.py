"""People in running text, one rule a test, with sentences written in the style of Vietnamese news.

Every sentence here was written for these tests (none comes from a corpus).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.extract import extract

PER, ORG = "person", "organization"


def people(text: str) -> list[str]:
    return [m.text for m in extract(text).mentions if m.type == PER]


def roles(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.role) for m in extract(text).mentions if m.type == PER]


# --- full names anywhere -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng 3-5, Nguyễn Thị Hồng Nhung đã nhận giải nhất cuộc thi.", ["Nguyễn Thị Hồng Nhung"]),
        (
            "Đội tuyển có sự góp mặt của Lê Văn Tám, Đặng Minh Quân và Vũ Thị Hà.",
            ["Lê Văn Tám", "Đặng Minh Quân", "Vũ Thị Hà"],
        ),
        ("Nguyễn Văn Bình bị bắt khi đang vận chuyển hàng lậu qua biên giới.", ["Nguyễn Văn Bình"]),
        ("Học sinh Lò Văn Pháo (lớp 9) đã về nhà an toàn.", ["Lò Văn Pháo"]),
        ("Trong đó, em Giản Thị Mơ được nhận học bổng toàn phần.", ["Giản Thị Mơ"]),
        ("Bức tranh của Trần Hữu Phước được trưng bày tại bảo tàng.", ["Trần Hữu Phước"]),
        # a family name that is also a common word opens a name when a full name follows
        ("Lâm Văn Hùng, 35 tuổi, là người đầu tiên phát hiện vụ cháy.", ["Lâm Văn Hùng"]),
    ],
)
def test_full_names_are_found_anywhere_in_a_sentence(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn công tác của tỉnh Bà Rịa – Vũng Tàu đã đến thăm nhà máy.",
        "Bà Rịa – Vũng Tàu là tỉnh có nhiều khu công nghiệp.",
        "Mưa lớn kéo dài ở Hà Nội, Lâm Đồng và Cao Bằng trong ba ngày qua.",
        "Hàng hóa xuất khẩu sang Thái Lan, Hàn Quốc và Hà Lan tăng mạnh.",
        "Người dân quận Hoàng Mai phản ánh tình trạng ngập úng.",
        "Cửa hàng nằm trên đường Nguyễn Huệ, gần số 12 Lê Lợi.",
        "Chuyến bay hạ cánh xuống TP. Hồ Chí Minh lúc 9 giờ.",
        "Từ Hà Nội, đoàn xe tiếp tục đi Cao Bằng.",
        "Cao Bằng có nhiều thác nước đẹp.",
        "Từ Trung ương đến địa phương đều vào cuộc.",
        "Tổng cục Hải quan đã có văn bản gửi Cục Thuế.",
        "Ngã ba Ông Thành đông người qua lại vào buổi chiều.",
    ],
)
def test_places_and_common_words_are_not_people(text: str) -> None:
    assert people(text) == []


def test_a_province_with_an_honorific_first_word_is_not_a_person_with_a_title() -> None:
    """The generated archive showed "Bà Rịa – Vũng Tàu" as the person "Rịa" with the title "Bà"."""
    ms = extract("Công an tỉnh Bà Rịa – Vũng Tàu vừa khởi tố vụ án. Bà Rịa – Vũng Tàu cũng tăng cường tuần tra.")
    assert not [m for m in ms.mentions if m.type == PER]


def test_a_place_named_after_a_person_is_the_person_without_a_place_word() -> None:
    assert people("Đoàn đến viếng Chủ tịch Hồ Chí Minh tại Quảng trường Ba Đình.") == ["Hồ Chí Minh"]
    assert people("Đoàn đến thành phố Hồ Chí Minh sáng nay.") == []


def test_names_written_without_diacritics() -> None:
    """The generated archive showed "ông Nguyen Tan Thuyet" as the person "Nguyen"."""
    assert roles("Theo ông Nguyen Tan Thuyet, việc này đã được báo cáo.") == [("Nguyen Tan Thuyet", "ông")]
    assert people("Thư gửi từ Tran Van Hung đến ban biên tập.") == ["Tran Van Hung"]
    # English words that fold like family names are not names
    assert people("The report says To Do lists help, Le Monde wrote.") == []


def test_a_name_ending_in_a_middle_name_takes_its_initial() -> None:
    assert people("Anh Nguyễn Văn D. (ấp 5, xã Tà Lài) cho biết đã báo công an.") == ["Nguyễn Văn D."]
    assert people("Cả xóm không ai biết chị Tr. từng làm nghề này.") == ["Tr."]


# --- titles, ranks, honorifics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thượng sĩ Hoàng Văn Lợi đã kịp thời cứu hai em nhỏ.", [("Hoàng Văn Lợi", "Thượng sĩ")]),
        ("Theo bác sĩ Phan Thanh Tùng, bệnh nhân đã qua cơn nguy kịch.", [("Phan Thanh Tùng", "bác sĩ")]),
        ("HLV Mai Đức Chung gọi 25 cầu thủ lên tuyển.", [("Mai Đức Chung", "HLV")]),
        ("Nghệ sĩ nhân dân Trần Thị Tuyết sẽ biểu diễn tối nay.", [("Trần Thị Tuyết", "Nghệ sĩ nhân dân")]),
        ("Luật sư Trương Quốc Hòe đề nghị hoãn phiên tòa.", [("Trương Quốc Hòe", "Luật sư")]),
        ("PGS.TS Nguyễn Văn Kính trả lời phỏng vấn.", [("Nguyễn Văn Kính", "PGS.TS")]),
        ("Cố nhạc sĩ Trịnh Công Sơn để lại hơn 600 ca khúc.", [("Trịnh Công Sơn", "nhạc sĩ")]),
    ],
)
def test_titles_ranks_and_roles_give_the_person_a_role(text: str, expected: list[tuple[str, str]]) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông Ba Phước năm nay đã ngoài 70 tuổi.", ["Ba Phước"]),
        ("Chúng tôi gặp chị Minh Châu ở trạm y tế xã.", ["Minh Châu"]),
        ("Anh Hiếu ơi, nay anh ở đâu?", ["Hiếu"]),
        ("Khi hỏi chuyện, bà Tư chỉ cười.", ["Tư"]),
    ],
)
def test_any_name_after_an_honorific_is_a_person(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liên ơi, còn sống ngày nào mình còn nhớ.", ["Liên"]),
        ("Trời ơi, mưa to quá.", []),
        ("Mẹ ơi, con đã về.", []),
        ("Vui ơi là vui.", []),
        ("Miền Nam ơi, chúng tôi sẽ trở lại.", []),
    ],
)
def test_a_name_called_out_is_a_person(text: str, expected: list[str]) -> None:
    assert people(text) == expected


def test_a_capitalised_honorific_inside_a_sentence_is_part_of_a_place() -> None:
    assert people("Xe dừng ở ngã ba Ông Thành rồi rẽ vào Bà Điểm.") == []


def test_a_given_name_alone_is_linked_to_the_one_full_name_of_the_article() -> None:
    text = (
        "Thiếu tướng Đinh Văn Ninh, Cục trưởng, chủ trì hội nghị. Chị Trần Thị Lan báo cáo kết quả. "
        "Theo tướng Ninh, năm nay đơn vị đã vượt chỉ tiêu. Chị Lan cho biết thêm về kế hoạch. "
        "Bộ trưởng Dũng gửi thư khen."
    )
    names = {(m.text, m.name) for m in extract(text).mentions if m.type == PER}
    assert ("Ninh", "Đinh Văn Ninh") in names
    assert ("Lan", "Trần Thị Lan") in names
    assert ("Dũng", "Dũng") in names  # no "... Dũng" in the article: a mention of its own


def test_a_given_name_shared_by_two_people_stays_unlinked() -> None:
    ms = extract("Ông Trần Văn Hải và ông Lê Minh Hải cùng dự. Ông Hải phát biểu đầu tiên.").mentions
    assert [(m.text, m.name) for m in ms if m.type == PER][-1] == ("Hải", "Hải")


def test_a_name_the_article_repeats_without_a_title_is_found_again() -> None:
    text = "Chị Đặng Thùy Trâm hi sinh năm 1970. Nhật ký của Thùy Trâm được xuất bản năm 2005. Trâm viết rất nhiều."
    ms = [(m.text, m.name) for m in extract(text).mentions if m.type == PER]
    assert ms == [
        ("Đặng Thùy Trâm", "Đặng Thùy Trâm"),
        ("Thùy Trâm", "Đặng Thùy Trâm"),
        ("Trâm", "Đặng Thùy Trâm"),
    ]


def test_words_that_look_like_a_given_name_are_left_alone_when_they_are_titles_or_heads() -> None:
    text = "Trung tướng Nguyễn Minh Trung dự lễ tại Trung tâm hội nghị quốc gia."
    assert people(text) == ["Nguyễn Minh Trung"]


# --- foreign names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HLV Park Hang Seo cho biết đội đã sẵn sàng.", ["Park Hang Seo"]),
        ("Jonathan Miller cho biết ông sẽ quay lại Hà Nội vào tháng sau.", ["Jonathan Miller"]),
        ("Tổng thống Barack Obama đến Hà Nội chiều qua.", ["Barack Obama"]),
        ("Thư viết: “Tôi là Lisa Brown, mẹ của một bệnh nhân”.", ["Lisa Brown"]),
        ("Ông Thomas Kent ở Viện Mắt cho biết đã gửi thư.", ["Thomas Kent"]),
    ],
)
def test_foreign_names_are_people_when_the_text_says_so(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reuters cho biết cuộc họp đã kết thúc.",
        "Giám đốc Microsoft Việt Nam đã từ chức.",
        "Nhóm nghiên cứu từ New York đã công bố kết quả.",
        "Nghe nói chỉ thị mới rất chặt.",
        "Theo bác sĩ, ca mổ kéo dài ba tiếng.",
        "Báo Thanh Niên viết về chiến dịch mùa hè.",
    ],
)
def test_capitalised_words_without_a_cue_are_not_people(text: str) -> None:
    assert people(text) == []


# --- the role on a person after title + organisation -------------------------------------------------------------


def test_a_person_after_a_title_and_an_organisation_carries_the_role() -> None:
    ms = extract("Giám đốc Công an tỉnh Hà Tĩnh Nguyễn Văn An chủ trì cuộc họp.").mentions
    assert [(m.text, m.type, m.role) for m in ms] == [
        ("Công an tỉnh Hà Tĩnh", ORG, None),
        ("Nguyễn Văn An", PER, "Giám đốc"),
    ]
    ms = extract("Chiều 4-6, chủ tịch UBND tỉnh Nguyễn Văn Sơn cho biết đã chỉ đạo khắc phục.").mentions
    assert ("Nguyễn Văn Sơn", PER, "chủ tịch") in [(m.text, m.type, m.role) for m in ms]
    # a brand the rules do not know between the role and the person
    assert roles("Tháng 7, tổng giám đốc Pepsi Phạm Văn Trai đã ký hợp đồng.") == [("Phạm Văn Trai", "tổng giám đốc")]
    # a list after a colon: the title is the list's, not the first person's role
    listed = roles("Dự họp có các đồng chí: Lê Văn Hòa, Trần Minh Châu.")
    assert listed == [("Lê Văn Hòa", None), ("Trần Minh Châu", None)]


# --- properties ------------------------------------------------------------------------------------------------

_WORDS = [
    "ông", "bà", "Bà", "Ông", "anh", "chị", "Thượng tá", "HLV", "Bộ trưởng", "cho biết", "nói", "tôi là",
    "Nguyễn", "Văn", "Thị", "Trần", "Lê", "Nguyen", "Tan", "Hà", "Nội", "Lâm", "Đồng", "Rịa", "–", "Vũng", "Tàu",
    "Thomas", "Good", "Park", "Ji", "D", "Tr", ".", ",", "(", ")", ":", "“", "”", "\n", "Cục", "Công an", "tỉnh",
    "đường", "số", "12", "Mai", "Từ", "Trung", "tâm", "tướng", "Ninh", "Hải", "UBND", "gặp", "bút danh",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), max_size=40),
    st.lists(st.sampled_from(["", " ", "  "]), min_size=40, max_size=40),
)
def test_any_mix_of_name_words_gives_mentions_that_slice_the_text(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + gaps[k] for k, w in enumerate(words))
    ms = extract(text).mentions
    for m in ms:
        assert text[m.start : m.end] == m.text and m.text.strip() == m.text and m.text
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
    known = {m.text for m in ms if m.type == PER}
    for m in ms:
        if m.type == PER:
            assert m.name == m.text or m.name in known  # a link goes to a person of the same article


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_extracts_without_error(text: str) -> None:
    ms = extract(text).mentions
    for m in ms:
        assert text[m.start : m.end] == m.text
