"""The name analyser has the last word on a mention's span: a title or an honorific that the
context rules left inside a mention is cut away, and nothing else is.

Every sentence here was written for these tests (none comes from a corpus).
"""

from __future__ import annotations

import pytest

from curator.extract import extract, extract_article
from curator.extract.trimmed import organization_start, person_name, trim_titles
from curator.models import Mention

PER, ORG = "person", "organization"


def people(text: str) -> list[tuple[str, str | None]]:
    out = []
    for m in extract(text).mentions:
        if m.type == PER:
            assert text[m.start : m.end] == m.text  # offsets still slice the text
            out.append((m.text, m.role))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A photo credit takes the capitalised words after "Ảnh:", a rank among them.
        ("Lễ ra quân diễn ra sáng nay (Ảnh: Thiếu Tá Nguyễn Hùng).", [("Nguyễn Hùng", "Ảnh")]),
        ("Lực lượng chức năng kiểm tra hàng hóa. Ảnh: Thượng Úy Lê Thành", [("Lê Thành", "Ảnh")]),
    ],
)
def test_a_title_the_context_rules_leave_in_a_mention_is_cut_away(text: str, expected: list) -> None:
    assert people(text) == expected


def test_a_title_in_a_headline_credit_is_cut_away_too() -> None:
    title = "Tuần tra trên biển (Ảnh: Đại Tá Phạm Quân)"
    found = extract_article(title, "Bài viết không có tên người.").mentions
    assert [(m.text, m.field, title[m.start : m.end]) for m in found if m.type == PER] == [
        ("Phạm Quân", "title", "Phạm Quân")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ông Nguyễn Anh Tuấn là giám đốc. Anh Tuấn cho biết công ty sẽ mở rộng.",  # "Anh" is his name here
        "Nhà báo Lê Thị Hoa cho biết đoàn sẽ đến vào tuần sau.",
        "Bộ trưởng Bộ Y tế Đào Hồng Lan chủ trì cuộc họp.",
    ],
)
def test_names_the_context_rules_already_read_are_unchanged(text: str) -> None:
    before = [(m.start, m.end, m.text, m.role) for m in extract(text).mentions]
    mentions = extract(text).mentions
    trim_titles(mentions)  # a second pass changes nothing
    assert [(m.start, m.end, m.text, m.role) for m in mentions] == before


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Chủ tịch nước Nguyễn Văn An", (14, 27, "Chủ tịch nước")),  # a title, and a word the lists lack
        ("đồng chí Trần Duy Ninh", (9, 22, "đồng chí")),
        ("Hóa Hà Kim Thuyết", None),  # the end of "Thanh Hóa", not a title
        ("Ngãi Hà Minh Tính", None),  # the end of "Quảng Ngãi", not the honorific "Ngài"
        ("Anh Tuấn", None),  # a given name, not the honorific "anh"
        ("Nguyễn Văn An", None),
    ],
)
def test_where_a_person_mention_is_cut(text: str, cut: tuple | None) -> None:
    assert person_name(text) == cut


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("đồng chí Bộ Công an", 9),
        ("Thượng tá Công an tỉnh Nghệ An", 10),
        ("Công an tỉnh Nghệ An", None),  # starts with its head noun
        ("Trung tâm Y tế", None),
        ("Bộ trưởng Bộ Y tế", None),  # "Bộ" heads it: left as the rules found it
    ],
)
def test_an_organisation_loses_only_person_titles_before_its_head(text: str, start: int | None) -> None:
    assert organization_start(text) == start


def test_an_organisation_mention_is_cut_to_its_head() -> None:
    text = "Sáng nay đồng chí Bộ Công an đến làm việc."
    at = text.index("đồng chí")
    m = Mention(at, at + len("đồng chí Bộ Công an"), "đồng chí Bộ Công an", ORG, "đồng chí Bộ Công an")
    trim_titles([m])
    assert (m.text, m.name, text[m.start : m.end]) == ("Bộ Công an", "Bộ Công an", "Bộ Công an")
