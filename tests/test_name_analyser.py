"""The name analyser reads a surface name into the name proper and the parts written around it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.names.analyse import NameParts, analyse

PER, ORG = "person", "organization"


def parts_slice_to_the_source(p: NameParts) -> None:
    for _, part in p.set_aside:
        assert p.source[part.start : part.end] == part.text
    assert p.source[p.name.start : p.name.end] == p.name.text
    for part in (p.head, p.place):
        if part is not None:
            assert p.name.start <= part.start <= part.end <= p.name.end


@pytest.mark.parametrize(
    ("text", "name", "aside"),
    [
        ("Thứ trưởng Lê Thị Thu Hằng", "Lê Thị Thu Hằng", ["title “Thứ trưởng”"]),
        ("bà Lê Thị Thu Hằng", "Lê Thị Thu Hằng", ["honorific “bà”"]),
        ("Đại tá Lê Văn Tuyến", "Lê Văn Tuyến", ["title “Đại tá”"]),
        ("GS.TS Lê Văn Tuyến", "Lê Văn Tuyến", ["title “GS.TS”"]),
        ("Thu truong Le Van Tuyen", "Le Van Tuyen", ["title “Thu truong”"]),
        ("Bộ trưởng Bộ Nội vụ Lê Văn Tuyến", "Lê Văn Tuyến", ["title “Bộ trưởng”", "body of the role “Bộ Nội vụ”"]),
        ("Lê Văn Tuyến, Giám đốc Sở Nội vụ", "Lê Văn Tuyến", ["title “Giám đốc”", "body of the role “Sở Nội vụ”"]),
    ],
)
def test_a_persons_titles_and_role_are_set_aside(text: str, name: str, aside: list[str]) -> None:
    p = analyse(text, PER)
    assert p.name.text == name
    assert [f"{k} “{part.text}”" for k, part in p.set_aside] == aside
    parts_slice_to_the_source(p)


@pytest.mark.parametrize(
    ("text", "name", "parent", "abbreviation"),
    [
        ("Cục Kiểm lâm - Bộ Nông nghiệp", "Cục Kiểm lâm", "Bộ Nông nghiệp", None),
        ("Cục Kiểm lâm – Bộ Nông nghiệp", "Cục Kiểm lâm", "Bộ Nông nghiệp", None),
        ("Cục Kiểm lâm, Bộ Nông nghiệp", "Cục Kiểm lâm", "Bộ Nông nghiệp", None),
        ("Cục Kiểm lâm thuộc Bộ Nông nghiệp", "Cục Kiểm lâm", "Bộ Nông nghiệp", None),
        ("Cục Kiểm lâm Bộ Nông nghiệp", "Cục Kiểm lâm", "Bộ Nông nghiệp", None),
        ("Cục Kiểm lâm (CKL)", "Cục Kiểm lâm", None, "CKL"),
        ("Trung tâm Lưu trữ quốc gia - TTLT", "Trung tâm Lưu trữ quốc gia", None, "TTLT"),
        ("Phòng Cảnh sát kinh tế, Công an tỉnh Thanh Hóa", "Phòng Cảnh sát kinh tế", "Công an tỉnh Thanh Hóa", None),
        ("Phòng PA05 Công an tỉnh Thanh Hóa", "Phòng PA05", "Công an tỉnh Thanh Hóa", None),
        ("Cục Cảnh sát kinh tế (C15-Bộ Công an)", "Cục Cảnh sát kinh tế", "Bộ Công an", "C15"),
        # Not a parent: a connector inside the name, a head with no body, an inner hyphen.
        ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch", None, None),
        ("Văn phòng Bộ Nội vụ", "Văn phòng Bộ Nội vụ", None, None),
        ("Cục Cơ yếu - Viễn thông", "Cục Cơ yếu - Viễn thông", None, None),
        ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tập đoàn Công nghiệp - Viễn thông Quân đội", None, None),
        ("Bộ GD-ĐT", "Bộ GD-ĐT", None, None),
    ],
)
def test_an_organisations_parent_and_abbreviation_are_set_aside(
    text: str, name: str, parent: str | None, abbreviation: str | None
) -> None:
    p = analyse(text, ORG)
    assert p.name.text == name
    assert (p.parent.text if p.parent else None) == parent
    assert (p.abbreviation.text if p.abbreviation else None) == abbreviation
    parts_slice_to_the_source(p)


def test_head_and_place_are_read_within_the_name() -> None:
    p = analyse("Sở Y Tế Tỉnh Thanh Hóa", ORG)
    assert (p.head_id, p.place_id) == ("so", "P:thanh hoa")
    assert p.place is not None and p.place.text == "Tỉnh Thanh Hóa"


NAME_WORDS = st.sampled_from(["Lê", "Văn", "Thị", "Hằng", "Tuyến", "Minh", "An", "Hà", "Quang"])
TITLES = st.sampled_from(["Thứ trưởng", "ông", "bà", "đồng chí", "Đại tá", "GS.TS", "Phó Giám đốc", "Bộ trưởng"])


@settings(max_examples=200, deadline=None)
@given(st.lists(TITLES, max_size=3), st.lists(NAME_WORDS, min_size=1, max_size=3))
def test_titles_before_a_name_never_change_the_name_proper(titles: list[str], rest: list[str]) -> None:
    name = " ".join(["Nguyễn", *rest])
    p = analyse(" ".join([*titles, name]), PER)
    assert p.name.text == name
    parts_slice_to_the_source(p)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aàăâbcdđeêghiklmnoôơpqrstuưvxyBCDĐGHKLMNTVỘẠ &,-–()/.")), max_size=60),
       st.sampled_from([PER, ORG, "event"]))
def test_any_text_is_read_without_error_and_parts_slice_to_it(text: str, type_: str) -> None:
    parts_slice_to_the_source(analyse(text, type_))
