"""The parser on the five real pages: what an archivist sees in the article list."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.ingest import parse_document
from curator.ingest.parse import article_id

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def parse(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    articles = parse_document(path.read_text("utf-8"), path.name)
    return articles


def test_000_print_stamp_is_not_the_date_and_the_empty_trailer_goes() -> None:
    arts = parse("000")
    assert len(arts) == 1
    art = arts[0]
    assert art.title.value == (
        "Ký Quy chế phối hợp giữa Cục Bưu điện Trung ương và Cục Viễn thông - Cơ yếu về bảo đảm "
        "thông tin liên lạc phục vụ lãnh đạo Đảng, Nhà nước trong trường hợp khẩn cấp"
    )
    assert art.published.value == "2023-07-28"
    assert art.published.raw == "Cập nhật | 28-07-2023"
    assert art.published.confidence > 0.9
    assert any("30/04/2024" in n for n in art.notes)  # the print stamp is kept as a set-aside note
    assert art.author.value == "THVP"
    assert "Tin tức khác" not in art.text and "THVP" not in art.text
    assert "Thứ ba, 30/04/2024" not in art.text
    assert art.text.startswith("Sáng ngày 28/7/2023, Cục Bưu điện Trung ương")
    assert art.text.endswith("máy thông tin chuyên dùng")


def test_001_outlet_date_author_and_furniture() -> None:
    (art,) = parse("001")
    assert art.title.value == "Cục BĐTW đã thực hiện tốt vai trò bảo đảm thông tin liên lạc cho các cơ quan Đảng, Nhà nước"
    assert art.outlet.value == "Mic.gov.vn"
    assert art.outlet.raw.startswith("(Mic.gov.vn) -")
    assert art.published.value == "2016-12-12" and "12/12/2016" in art.published.raw
    assert art.author.value == "Giang Phạm"
    assert "20161212-pg010.JPG" not in art.text
    assert "ĐÁNH GIÁ" not in art.text and "Giang Phạm" not in art.text
    assert art.text.startswith("Ngày 12/12/2016, tại Hà Nội")
    assert "Thứ trưởng Phạm Hồng Hải phát biểu chỉ đạo Hội nghị" in art.text  # caption kept


def test_002_dateline_under_the_title() -> None:
    (art,) = parse("002")
    assert art.title.value == "Đẩy mạnh hiện đại hóa hạ tầng, nâng cao chất lượng công tác viễn thông, cơ yếu"
    assert art.published.value == "2021-06-25" and art.published.raw == "19:35 25/06/2021"
    assert art.author.value == "Tâm Phạm"
    assert "19:35" not in art.text and not art.text.endswith("Tâm Phạm")


def test_003_no_title_invented_and_the_month_stamp_completes_the_day() -> None:
    (art,) = parse("003")
    assert art.title.value is None
    assert art.published.value == "2021-01-22"
    assert art.published.raw == "date 2021-01 Ngày 22/1"
    assert art.author.value == "Vân Anh"
    assert art.text.startswith("Ngày 22/1, Bộ Thông tin và Truyền thông")
    assert "Ảnh:Phạm Hải" not in art.text and "Vân Anh" not in art.text
    assert "(Ảnh: Phạm Hải)" in art.text  # credits inside captions are caption text


def test_004_byline_beats_the_glued_page_stamp_and_captions_lose_the_title() -> None:
    (art,) = parse("004")
    title = "Bộ Công an - Bộ Thông tin và Truyền thông tăng cường phối hợp bảo vệ An ninh Quốc gia"
    assert art.title.value == title
    assert art.published.value == "2021-11-24"
    assert art.author.value == "Minh Hiền"
    assert art.outlet.value == "Công an nhân dân"
    assert any("Thứ 204072022" in n and "2022-07-04" in n for n in art.notes)
    assert title not in art.text
    assert " -0" not in art.text and " -1" not in art.text
    paras = art.text.split("\n\n")
    assert "Bộ trưởng Tô Lâm cùng Bộ trưởng Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng ký Quy chế phối hợp giữa 2 Bộ." in paras
    assert art.text.endswith("Cục trưởng Cục Viễn thông và cơ yếu…")


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_every_seed_body_is_paragraphs_without_trailing_spaces(name: str) -> None:
    (art,) = parse(name)
    paras = art.text.split("\n\n")
    assert all(p and p == p.strip() for p in paras)
    assert art.id == article_id(art.source_file, 0) and art.id.startswith("a") and len(art.id) == 13


def test_a_story_after_the_trailer_becomes_a_second_article() -> None:
    page = (SEEDS / "000_fe690cd7fa25748b.txt").read_text("utf-8")
    other = (SEEDS / "002_32261b4a297eff0a.txt").read_text("utf-8")
    arts = parse_document(page + "\n\n" + other, "combo.txt")
    assert [a.file_index for a in arts] == [0, 1]
    assert arts[1].title.value.startswith("Đẩy mạnh hiện đại hóa hạ tầng")
    assert arts[1].author.value == "Tâm Phạm" and arts[1].published.value == "2021-06-25"
    assert arts[0].author.value == "THVP" and "Đẩy mạnh" not in arts[0].text
    assert arts[0].id != arts[1].id


def test_a_list_of_headlines_after_the_trailer_is_not_an_article() -> None:
    page = (SEEDS / "001_ee13dd08ff92c338.txt").read_text("utf-8")
    page += "\n\nTin liên quan\n\nCục BĐTW tổng kết năm 2015\n\nHội nghị giao ban quý III\n"
    arts = parse_document(page, "x.txt")
    assert len(arts) == 1
    assert "Hội nghị giao ban" not in arts[0].text
