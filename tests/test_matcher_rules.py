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
