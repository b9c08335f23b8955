"""Extraction rules, one story each: what an archivist expects to see highlighted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.extract import extract
from curator.extract.lexicon import PROVINCES


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in extract(text).mentions]


ORG, PER, EV = "organization", "person", "event"


@pytest.mark.parametrize(
    "name",
    [
        "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        "Vụ Kế hoạch - Tài chính",
        "Cục Cảnh sát Quản lý hành chính về trật tự xã hội",
        "Cục Viễn thông và cơ yếu",
        "Cục Cơ yếu - Viễn thông",
        "Cục Bưu điện Trung ương",
        "Phòng Chính sách và nghiệp vụ",
        "Tổng Công ty Bưu điện Việt Nam",
        "Cục H04",
        "Bộ TT&TT",
        "Cục BĐTW",
    ],
)
def test_official_names_are_taken_whole(name: str) -> None:
    assert found(f"Hôm qua, đại diện {name} đã tham dự hội nghị.") == [(name, ORG)]


@pytest.mark.parametrize("province", PROVINCES)
def test_provincial_bodies_extract_fully_in_every_province(province: str) -> None:
    text = (
        f"Sở Thông tin và Truyền thông tỉnh {province} phối hợp với Công an tỉnh {province}, "
        f"Bưu điện tỉnh {province} và Sở TT&TT tỉnh {province} tổ chức hội nghị."
    )
    assert [t for t, _ in found(text)] == [
        f"Sở Thông tin và Truyền thông tỉnh {province}",
        f"Công an tỉnh {province}",
        f"Bưu điện tỉnh {province}",
        f"Sở TT&TT tỉnh {province}",
    ]


def test_codes_that_are_organisations_and_codes_that_are_not() -> None:
    got = found("Cục phối hợp với VNPT, VNPost và lực lượng CAND bảo đảm ATTT, CNTT và ANTT.")
    assert got == [("VNPT", ORG), ("VNPost", ORG), ("CAND", ORG)]


def test_conjoined_organisations_are_split_but_dashed_names_are_not() -> None:
    assert found("Bộ Công an - Bộ Thông tin và Truyền thông ký kết.") == [
        ("Bộ Công an", ORG), ("Bộ Thông tin và Truyền thông", ORG)]
    assert found("giữa Cục Bưu điện Trung ương - Bộ Thông tin và Truyền thông và Cục Viễn thông và Cơ yếu - Bộ Công an về") == [
        ("Cục Bưu điện Trung ương", ORG), ("Bộ Thông tin và Truyền thông", ORG),
        ("Cục Viễn thông và Cơ yếu", ORG), ("Bộ Công an", ORG)]
    assert found("Cục trưởng Cục Cơ yếu - Viễn thông ký Quy chế") == [("Cục Cơ yếu - Viễn thông", ORG)]


def test_bare_heads_and_generic_nouns_are_not_entities() -> None:
    assert found("Cục đã triển khai. Văn phòng cũng tham gia. Bộ, Ngành ủng hộ. Hội nghị diễn ra. "
                 "Đảng và Nhà nước quan tâm. Ban chỉ đạo họp. Tập thể Ban Lãnh đạo chụp ảnh.") == []


def test_titles_are_roles_not_names() -> None:
    ms = extract("Đồng chí Thiếu tướng tướng Lê Khắc Thuyết - Cục trưởng cùng đoàn cán bộ.").mentions
    assert [(m.text, m.role) for m in ms] == [("Lê Khắc Thuyết", "Thiếu tướng")]
    ms = extract("Thứ trưởng Bộ TT&TT Nguyễn Huy Dũng tin tưởng.").mentions
    assert [(m.text, m.type, m.role) for m in ms] == [("Bộ TT&TT", ORG, None), ("Nguyễn Huy Dũng", PER, "Thứ trưởng")]


def test_people_in_lists_bylines_and_photo_credits() -> None:
    text = (
        "Lãnh đạo gồm các đồng chí: Bùi Hoàng Phương, Chánh Văn phòng Bộ Thông tin và Truyền thông; "
        "Phạm Quang Hưởng, Phó Chánh Văn Phòng Bộ Thông tin và Truyền thông.\n"
        "Lễ ra quân tại Hà Nội. (Ảnh: Phạm Hải)\n\nMinh Hiền, Công an nhân dân, 24/11/2021"
    )
    people = [(m.text, m.role) for m in extract(text).mentions if m.type == PER]
    assert people == [("Bùi Hoàng Phương", None), ("Phạm Quang Hưởng", None), ("Phạm Hải", "Ảnh"), ("Minh Hiền", "tác giả")]


def test_a_short_name_resolves_to_the_one_full_name_in_the_article() -> None:
    ms = extract("Cục trưởng Trần Duy Ninh phát biểu. Theo ông Ninh, mọi việc đã sẵn sàng.").mentions
    assert [(m.text, m.name) for m in ms] == [("Trần Duy Ninh", "Trần Duy Ninh"), ("Ninh", "Trần Duy Ninh")]
    ms = extract("Ông Trần Văn Ninh và ông Lê Văn Ninh dự. Ông Ninh nói.").mentions
    assert ms[-1].name == "Ninh"  # two candidates: left as written


@pytest.mark.parametrize(
    "event",
    [
        "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "Đại hội XIII",
        "Đại hội Đảng bộ lần thứ VII của Đảng ủy Công an Trung ương",
        "bầu cử Đại biểu Quốc hội lần thứ XIV",
    ],
)
def test_events(event: str) -> None:
    assert found(f"Phục vụ {event}. Xong.") == [(event, EV)]


def test_definitions_in_parentheses() -> None:
    r = extract("Cục Viễn thông và cơ yếu (Cục H04) và Cục Bưu điện Trung ương (BĐTW) phối hợp.")
    assert [(d.long, d.short) for d in r.definitions] == [
        ("Cục Viễn thông và cơ yếu", "Cục H04"), ("Cục Bưu điện Trung ương", "BĐTW")]
    assert [m.text for m in r.mentions] == ["Cục Viễn thông và cơ yếu", "Cục H04", "Cục Bưu điện Trung ương", "BĐTW"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("CụcBộSởTTĐ&- ,.()\nabNguyễnTrầnVũ:;Ảnh0123XIVtỉnhHà")), max_size=120))
def test_offsets_always_point_at_the_text(text: str) -> None:
    ms = extract(text).mentions
    for m in ms:
        assert text[m.start : m.end] == m.text and m.text
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_a_2kb_article_extracts_in_a_few_milliseconds() -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "seeds").glob("*.txt"))]
    extract(seeds[0])
    started = time.perf_counter()
    for _ in range(5):
        for s in seeds:
            extract(s)
    per_kb = (time.perf_counter() - started) * 1000 / (5 * sum(len(s.encode()) for s in seeds) / 1024)
    assert per_kb < 3.0  # ms per KB, generous for a loaded machine (about 1 measured)
