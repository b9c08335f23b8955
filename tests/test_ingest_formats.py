"""Archives as they come: HTML pages and JSON Lines / CSV records, through the command line."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import orjson
import pytest

from curator.ingest import parse_document
from tests.html_pages import write_seed_pages
from tests.test_cli import EXPECTED, ROOT, curator, export_of

PAGES = ROOT / "tests" / "data" / "ingest" / "html"
FURNITURE = [
    "Trang chủ", "Thời sự", "Tin liên quan", "Ý kiến", "Bình luận", "dataLayer", "window.", "document.",
    "Giấy phép", "Chia sẻ", "Xem nhiều", "Đọc nhiều nhất", "Tin khác",
    # related-article titles and readers' comments
    "TP HCM thử nghiệm xe buýt điện", "Hà Nội điều chỉnh lộ trình", "Tuyến E12 đi qua nhà tôi",
    "Xoài Việt Nam xuất khẩu tăng mạnh", "Chúc mừng bà con", "Bài viết rất hay", "Hội nghị tổng kết công tác năm của ngành",
]


def ingest(db: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> tuple[str, str]:
    out = curator("ingest", *map(str, paths), *extra, db=db)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out.stdout, out.stderr


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The fixture pages and the seeds, ingested; their articles by file name."""
    work = tmp_path_factory.mktemp("pages")
    ingest(work / "db", PAGES, write_seed_pages(work / "seed_pages"), ROOT / "seeds")
    db = work / "db"
    return {a["source_file"]: a for a in export_of(db)["articles"]}


@pytest.mark.parametrize("variant", ["meta", "plain"])
def test_the_seeds_wrapped_as_news_pages_give_the_fields_of_the_text_seeds(pages: dict[str, dict], variant: str) -> None:
    for name, (date, author) in EXPECTED.items():
        page = pages[f"seed_{name[:3]}_{variant}.html"]
        seed = pages[name]
        assert (page["title"], page["published"], page["author"]) == (seed["title"], date, author), name
        # the story, not the site: no menu, related list, comments or script
        assert not [f for f in FURNITURE if f in page["text"]], name
        assert "<" not in page["text"] and ">" not in page["text"]
        assert page["text"][:200] == seed["text"][:200]


def test_page_metadata_wins_and_keeps_its_raw_tag(pages: dict[str, dict]) -> None:
    page = pages["seed_000_meta.html"]
    published = page["extracted"]["published"]
    assert published["raw"] == 'article:published_time="2023-07-28T08:00:00+07:00"' and published["confidence"] >= 0.9
    assert page["outlet"] == "Cổng thông tin Bưu điện"
    # without metadata, the .txt rules found the same date in the story's own date line
    assert pages["seed_000_plain.html"]["extracted"]["published"]["raw"] == "Cập nhật | 28-07-2023"


def test_a_news_page_with_og_tags_json_ld_and_an_inline_related_box(pages: dict[str, dict]) -> None:
    page = pages["news_meta.html"]
    assert page["title"] == "Hà Nội mở thêm ba tuyến xe buýt điện nối các khu đô thị phía tây"
    assert page["published"] == "2024-12-02"  # published, not modified (2024-12-03) nor the date bar
    assert page["author"] == "Lê Hoàng Nam"  # the meta author was the site's own name
    assert page["outlet"] == "Báo Tin Nhanh"
    assert "page URL: https://tinnhanh.example.vn/ha-noi-mo-them-ba-tuyen-xe-buyt-dien-4801234.html" in page["notes"]
    # the paragraphs after the "Tin liên quan" box inside the story are kept
    assert page["text"].startswith("Sở Giao thông vận tải Hà Nội cho biết")
    assert page["text"].endswith("so với xe buýt chạy dầu cùng lộ trình.")
    assert not [f for f in FURNITURE if f in page["text"]]
    assert "\x1b" not in page["text"] and "QUẢNG CÁO" not in page["text"]


def test_a_news_page_without_metadata_falls_back_on_the_text_rules(pages: dict[str, dict]) -> None:
    page = pages["news_plain.html"]
    assert page["title"] == "Nông dân Đồng Tháp trúng mùa xoài cát Hòa Lộc"
    # the story's dateline, not the header's date stamp (05/12/2024) nor a comment's date
    assert page["published"] == "2024-12-04"
    assert page["extracted"]["published"]["raw"] == "Thứ tư, 04/12/2024 - 07:30"
    assert page["author"] == "Hoàng Minh Tâm"
    assert "Thứ tư, 04/12/2024" not in page["text"] and "Hoàng Minh Tâm" not in page["text"]
    assert page["text"].endswith("liên kết với doanh nghiệp để giữ giá ổn định.")
    assert not [f for f in FURNITURE if f in page["text"]]


def test_html_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(PAGES / "news_plain.html", folder / "trang-luu")  # crawlers often save without an extension
    shutil.copy(PAGES / "news_meta.html", folder / "bai-viet.txt")
    ingest(tmp_path / "db", folder)
    got = {a["source_file"]: a for a in export_of(tmp_path / "db")["articles"]}
    assert got["trang-luu"]["title"] == "Nông dân Đồng Tháp trúng mùa xoài cát Hòa Lộc"
    assert got["bai-viet.txt"]["author"] == "Lê Hoàng Nam"
    assert all("<" not in a["text"] for a in got.values())


def test_a_dateline_with_a_dash_before_the_time_is_the_date_not_body_text() -> None:
    arts = parse_document("Một tiêu đề bài báo khá dài\nThứ tư, 04/12/2024 - 07:30\nNội dung bài viết ở đây.", "x.txt")
    assert arts[0].published.value == "2024-12-04" and arts[0].published.confidence >= 0.85
    assert "07:30" not in arts[0].text


# -- hostile pages ---------------------------------------------------------------------
def test_hostile_pages_are_safe_and_fast(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    story = "<p>" + "Bộ Tài chính công bố số liệu thu ngân sách tháng mười một năm nay. " * 6 + "</p>"
    # scripts that print escapes, escapes as character references in the text itself
    (folder / "escapes.html").write_text(
        "<html><head><title>Tin &#27;[31mđỏ&#27;[0m hôm nay</title><script>console.log('\x1b[2J\x1b]0;pwned\x07')</script></head>"
        f"<body><article><h1>Tin đỏ hôm nay</h1>{story}<p>Kết thúc &#x1b;]0;title&#x07; bài.</p></article></body></html>",
        "utf-8",
    )
    # 100,000 nested elements (a "billion laughs" of tags) and 5,000 "Tin liên quan" headings
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 100_000 + story + "</div>" * 100_000 + "</body></html>", "utf-8")
    heads = "".join(f"<div><h4>Tin liên quan</h4><a href='/{i}'>Tin số {i}</a></div>" for i in range(5000))
    last = "<p>" + "Tổng cục Thuế cho biết số thu nội địa tăng so với cùng kỳ năm trước. " * 6 + "</p>"
    (folder / "many_related.html").write_text(f"<html><body><article>{story}{heads}{last}</article></body></html>", "utf-8")
    start = time.perf_counter()
    out = curator("ingest", str(folder), db=tmp_path / "db")
    assert time.perf_counter() - start < 60
    assert "Traceback" not in out.stderr and out.returncode == 0, out.stderr
    got = {a["source_file"]: a for a in export_of(tmp_path / "db")["articles"]}
    for art in got.values():
        for value in (art["text"], art["title"] or "", art["extracted"]["title"]["raw"] or ""):
            assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in value), art["source_file"]
    assert "Bộ Tài chính" in got["escapes.html"]["text"] and "Kết thúc ]0;title bài." in got["escapes.html"]["text"]
    related = got["many_related.html"]["text"]
    assert "Bộ Tài chính" in related and "Tổng cục Thuế" in related and "Tin số" not in related
    # lxml keeps 256 levels of nesting: the story below them is not reached, and the page is named
    assert f"{folder / 'nested.html'}: no article text found, skipped" in out.stderr


# -- JSON Lines and CSV ------------------------------------------------------------------
def _jsonl(path: Path, records: list[object]) -> None:
    path.write_bytes(b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in records))


STORY = "Sáng 6/5, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị về an toàn giao thông. Đoạn {n} của bài."


def test_json_lines_records_are_articles_and_a_bad_record_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "crawl.jsonl"
    _jsonl(data, [
        {"title": "Hội nghị an toàn giao thông", "date": "2024-05-06T10:00:00+07:00", "author": "Nguyễn An", "text": STORY.format(n=1), "url": "https://x.vn/1"},
        b"{not json",
        {"headline": "Không có nội dung"},
        [1, 2, 3],
        b'{"text": "\xff\xfe broken"}',
        {"title": "Bài thứ hai", "published": "06/05/2024", "content": STORY.format(n=2), "source": "Báo Mẫu"},
    ])
    stdout, stderr = ingest(tmp_path / "db", data)
    lines = [l for l in stderr.splitlines() if "crawl.jsonl" in l]
    assert [l.split(": ", 2)[1] for l in lines] == ["line 2", "line 3", "line 4", "line 5"], stderr
    assert "1 files: 1 ingested, 0 unchanged, 0 updated, 1 with problems" in stdout  # files, not bad records
    assert "not valid JSON" in lines[0] and "no text field" in lines[1] and "not a JSON object" in lines[2]
    assert "not valid UTF-8" in lines[3]
    arts = export_of(tmp_path / "db")["articles"]
    assert [(a["file_index"], a["title"], a["published"]) for a in arts] == [
        (0, "Hội nghị an toàn giao thông", "2024-05-06"), (5, "Bài thứ hai", "2024-05-06")]
    assert arts[0]["author"] == "Nguyễn An" and arts[0]["extracted"]["published"]["raw"] == "2024-05-06T10:00:00+07:00"
    assert arts[1]["outlet"] == "Báo Mẫu" and "record URL: https://x.vn/1" in arts[0]["notes"]


def test_a_changed_records_file_updates_only_the_changed_records(tmp_path: Path) -> None:
    data = tmp_path / "crawl.jsonl"
    records = [{"title": f"Bài số {n}", "text": STORY.format(n=n)} for n in range(5)]
    _jsonl(data, records)
    ingest(tmp_path / "db", data)
    before = {a["file_index"]: a["id"] for a in export_of(tmp_path / "db")["articles"]}
    stdout, _ = ingest(tmp_path / "db", data)
    assert "1 unchanged" in stdout and "0 added, 0 updated, 0 removed" in stdout
    records[3]["title"] = "Bài số ba, đã sửa"
    _jsonl(data, records)
    stdout, _ = ingest(tmp_path / "db", data)
    assert "1 updated" in stdout and "articles: 0 added, 1 updated, 0 removed" in stdout
    after = export_of(tmp_path / "db")["articles"]
    assert {a["file_index"]: a["id"] for a in after} == before
    assert [a["title"] for a in after if a["file_index"] == 3] == ["Bài số ba, đã sửa"]


def test_csv_with_a_field_mapping_quoted_newlines_a_bom_and_bad_rows(tmp_path: Path) -> None:
    data = tmp_path / "bao.csv"
    rows = (
        "\ufeffheadline,pub_date,noi,writer\r\n"
        f'"Bài một, có dấu phẩy",01/02/2024,"{STORY.format(n=1)}\nDòng thứ hai.",Trần Bình\r\n'
        "thiếu,02/02/2024\r\n"
        f'Bài có NUL,03/02/2024,"{STORY.format(n=3)}\x00",Lê Chi\r\n'
        f"Bài bốn,04/02/2024,\"{STORY.format(n=4)}\",Phạm Dũng\r\n"
        "Hỏng,06/02/2024,\"\udcff\udcfe nội dung\",Ai Đó\r\n"
        "Thừa cột,05/02/2024,a,b,c\r\n"
    )
    data.write_bytes(rows.encode("utf-8", "surrogateescape"))
    out = curator("ingest", str(data), "--field", "title=headline", "--field", "text=noi", "--field", "author=writer", db=tmp_path / "db")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert [l for l in out.stderr.splitlines() if "bao.csv" in l] == [
        f"{data}: line 4: no text field (noi; name it with --field text=NAME), record skipped",
        f"{data}: line 7: not valid UTF-8, record skipped",
        f"{data}: line 8: 5 values for 4 columns, record skipped",
    ]
    arts = export_of(tmp_path / "db")["articles"]
    assert [(a["file_index"], a["title"], a["published"], a["author"]) for a in arts] == [
        (0, "Bài một, có dấu phẩy", "2024-02-01", "Trần Bình"),
        (2, "Bài có NUL", "2024-02-03", "Lê Chi"),
        (3, "Bài bốn", "2024-02-04", "Phạm Dũng"),
    ]
    assert arts[0]["text"].endswith("\nDòng thứ hai.") and "\x00" not in arts[1]["text"]


def test_a_wrong_field_option_is_one_line() -> None:
    out = curator("ingest", "x.jsonl", "--field", "headline")
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert out.stderr.strip() == "curator: error: --field 'headline': write it as OURS=THEIRS, e.g. title=headline"
    out = curator("ingest", "x.jsonl", "--field", "heading=title")
    assert "'heading' is not one of text, title, published, author, outlet, url" in out.stderr


@pytest.mark.slow
def test_a_record_larger_than_the_limit_is_skipped_by_line_in_flat_memory(tmp_path: Path) -> None:
    from curator.ingest.record_rows import MAX_RECORD_BYTES

    data = tmp_path / "big.jsonl"
    with open(data, "wb") as fh:
        fh.write(orjson.dumps({"title": "Trước", "text": STORY.format(n=1)}) + b"\n")
        fh.write(b'{"text": "' + b"a" * (MAX_RECORD_BYTES + 10) + b'"}\n')
        fh.write(orjson.dumps({"title": "Sau", "text": STORY.format(n=2)}) + b"\n")
    table = tmp_path / "big.csv"
    with open(table, "wb") as fh:
        fh.write(f'title,text\nĐầu,"{STORY.format(n=3)}"\nGiữa,"'.encode())
        fh.write(b"b" * (MAX_RECORD_BYTES + 10) + b'"\n')
        fh.write(f'Cuối,"{STORY.format(n=4)}"\n'.encode())
    stdout, stderr = ingest(tmp_path / "db", data, table)
    assert f"{data}: line 2: record larger than 16 MB, record skipped" in stderr
    assert f"{table}: line 3: record larger than 16 MB, record skipped" in stderr
    assert [a["title"] for a in export_of(tmp_path / "db")["articles"]] == ["Đầu", "Cuối", "Trước", "Sau"]


def test_text_pages_are_never_taken_for_html() -> None:
    from curator.ingest.html import looks_like_html

    texts = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests" / "data" / "hostile").iterdir())]
    assert not [p.name for p in texts if looks_like_html(p.read_bytes())]
    assert all(looks_like_html(p.read_bytes()) for p in PAGES.glob("*.html"))
    assert looks_like_html(b"\xef\xbb\xbf  <!-- saved by a crawler -->\n<!DOCTYPE html><p>x</p>")
    assert not looks_like_html("<Tin nóng> Sáng nay, <b> là thẻ được nhắc đến trong bài.".encode())


def test_records_files_of_any_bytes_give_articles_or_problem_lines_never_an_error() -> None:
    import io

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from curator.ingest.records import read_records

    pieces = st.sampled_from([b"{", b"}", b'"text"', b":", b'"', b",", b"\n", b"\r\n", b"\x00", b"\xff", b"[", b"]",
                              b"ti\xc3\xaau \xc4\x91\xe1\xbb\x81", b"title", b"text,title", b"\xef\xbb\xbf", b"\\"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=40), st.sampled_from(["jsonl", "csv", "tsv"]))
    def check(parts: list[bytes], kind: str) -> None:
        read = read_records(io.BytesIO(b"".join(parts)), kind, "f", "base", (), "sha", 0)
        for art in read.articles:
            assert art.text and art.text == art.text.strip() and "\x00" not in art.text
        assert all(line.startswith("line ") or line.endswith("more bad records, skipped") for line in read.problems)

    check()


@pytest.mark.parametrize(
    ("tag", "raw"),
    [
        ('<meta name="pubdate" content="02/12/2024 10:15">', 'pubdate="02/12/2024 10:15"'),
        ('<meta itemprop="datePublished" content="2024-12-02T10:15:00+07:00">', 'datepublished="2024-12-02T10:15:00+07:00"'),
        ('<meta name="date" content="Thứ hai, 02/12/2024">', 'date="Thứ hai, 02/12/2024"'),
    ],
)
def test_a_page_date_is_read_day_first_and_keeps_its_tag(tag: str, raw: str) -> None:
    from curator.ingest.html import parse_html

    story = "<p>" + "Bộ Tài chính công bố số liệu thu ngân sách tháng mười một năm nay. " * 6 + "</p>"
    [art] = parse_html(f"<html><head>{tag}<title>Tiêu đề bài</title></head><body><article><h1>Tiêu đề bài</h1>{story}</article></body></html>", "x.html")
    assert (art.published.value, art.published.raw) == ("2024-12-02", raw)
    assert art.published.confidence >= 0.9 and art.title.value == "Tiêu đề bài"


def test_a_records_file_that_is_an_html_page_is_read_as_the_page(tmp_path: Path) -> None:
    # A site's page saved under a data file's name (a download that gave the HTML page):
    # read as the page it is, as a .txt holding a page is; records holding HTML stay records.
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PAGES / "news_meta.html", folder / "export.csv")
    shutil.copy(PAGES / "news_meta.html", folder / "crawl.jsonl")
    _jsonl(folder / "raw.jsonl", [{"html": "<!doctype html><html><body><p>x</p></body></html>", "text": STORY.format(n=1)}])
    stdout, stderr = ingest(tmp_path / "db", folder)
    assert "3 ingested" in stdout and "export.csv" not in stderr and "crawl.jsonl" not in stderr, stderr
    got = {a["source_file"]: a for a in export_of(tmp_path / "db")["articles"]}
    for name in ("export.csv", "crawl.jsonl"):
        assert got[name]["author"] == "Lê Hoàng Nam" and "<" not in got[name]["text"], name
        assert "read as an HTML page (trafilatura)" in got[name]["notes"]
    assert got["raw.jsonl"]["text"] == STORY.format(n=1)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_records_files_saved_as_utf16_with_a_bom_are_read(tmp_path: Path, encoding: str) -> None:
    # Spreadsheets save "Unicode text" as UTF-16 with a BOM (tab-separated); each line
    # used to be "not valid UTF-8" and the file gave nothing.
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # "utf-16" writes its own
    table = tmp_path / "bang.tsv"
    table.write_bytes((bom + f"tiêu đề\tnội dung\r\nBài một\t{STORY.format(n=1)}\r\nBài hai\t{STORY.format(n=2)}\r\n").encode(encoding))
    lines = tmp_path / "bao.jsonl"
    lines.write_bytes((bom + orjson.dumps({"tiêu đề": "Bài ba", "nội dung": STORY.format(n=3)}).decode() + "\n").encode(encoding))
    stdout, stderr = ingest(tmp_path / "db", table, lines, extra=("--field", "title=tiêu đề", "--field", "text=nội dung"))
    assert "2 ingested" in stdout and "bang.tsv" not in stderr and "bao.jsonl" not in stderr, stderr
    arts = export_of(tmp_path / "db")["articles"]
    assert [(a["source_file"], a["title"], a["text"]) for a in arts] == [
        ("bang.tsv", "Bài một", STORY.format(n=1)), ("bang.tsv", "Bài hai", STORY.format(n=2)),
        ("bao.jsonl", "Bài ba", STORY.format(n=3)),
    ]


def test_a_csv_saved_with_semicolons_is_read_by_its_header(tmp_path: Path) -> None:
    # A spreadsheet set to a decimal comma (Vietnamese, most of Europe) saves "CSV" with
    # semicolons: every row was "2 values for 1 columns" and the file gave nothing.
    table = tmp_path / "bang.csv"
    table.write_text(
        "tiêu đề;nội dung;ngày\r\n"
        f'"Bài một; có chấm phẩy";"{STORY.format(n=1)}";06/05/2024\r\n'
        f'Bài hai;"{STORY.format(n=2)}";07/05/2024\r\n',
        "utf-8-sig",
    )
    stdout, stderr = ingest(tmp_path / "db", table, extra=("--field", "title=tiêu đề", "--field", "text=nội dung", "--field", "published=ngày"))
    assert "1 ingested" in stdout and "bang.csv" not in stderr, stderr
    arts = export_of(tmp_path / "db")["articles"]
    assert [(a["title"], a["published"], a["text"]) for a in arts] == [
        ("Bài một; có chấm phẩy", "2024-05-06", STORY.format(n=1)), ("Bài hai", "2024-05-07", STORY.format(n=2)),
    ]


def test_a_record_whose_text_is_a_list_of_paragraphs_keeps_them_apart(tmp_path: Path) -> None:
    # Crawlers often write the story as a list of paragraphs: they were joined with "; "
    # into one paragraph, as a list of authors is.
    data = tmp_path / "crawl.jsonl"
    _jsonl(data, [{"title": "Bài một", "text": [STORY.format(n=1), STORY.format(n=2)], "author": ["Nguyễn An", {"name": "Trần Bình"}]}])
    ingest(tmp_path / "db", data)
    art = export_of(tmp_path / "db")["articles"][0]
    assert art["text"] == STORY.format(n=1) + "\n\n" + STORY.format(n=2)
    assert art["author"] == "Nguyễn An; Trần Bình"


def test_a_csv_header_naming_a_column_twice_reads_the_first_and_says_so(tmp_path: Path) -> None:
    # The last of two "text" columns was read, silently (a spreadsheet with a summary
    # column added at the end under the same name gave every article the summary).
    table = tmp_path / "bang.csv"
    table.write_text(f'title,text,text\r\nBài một,"{STORY.format(n=1)}",Tóm tắt\r\n', "utf-8")
    stdout, stderr = ingest(tmp_path / "db", table)
    assert f"{table}: line 1: column(s) 'text' appear more than once; the first of each is read" in stderr.splitlines()
    assert export_of(tmp_path / "db")["articles"][0]["text"] == STORY.format(n=1)


def _windows_1258(text: str) -> bytes:
    """Text as Vietnamese Windows saves it: base letters with their hat or horn, tones combining."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_a_csv_saved_in_windows_1258_is_read_as_text_pages_are(tmp_path: Path) -> None:
    # A spreadsheet's plain "CSV" on Vietnamese Windows is Windows-1258: every row was
    # "not valid UTF-8" and the file gave nothing. One damaged row in a UTF-8 file is still named.
    table = tmp_path / "bang.csv"
    table.write_bytes(_windows_1258(f'tiêu đề,nội dung\r\nBài một,"{STORY.format(n=1)}"\r\nBài hai,"{STORY.format(n=2)}"\r\n'))
    stdout, stderr = ingest(tmp_path / "db", table, extra=("--field", "title=tiêu đề", "--field", "text=nội dung"))
    assert "1 ingested" in stdout and "bang.csv" not in stderr, stderr
    arts = export_of(tmp_path / "db")["articles"]
    assert [(a["title"], a["text"], a["encoding"]) for a in arts] == [
        ("Bài một", STORY.format(n=1), "cp1258"), ("Bài hai", STORY.format(n=2), "cp1258"),
    ]
    assert "legacy encoding: decoded as cp1258" in arts[0]["notes"]


def _records(path: Path, records: list[dict[str, str]]) -> None:
    """A JSON Lines file, or a CSV file with a header of every column used."""
    if path.suffix == ".jsonl":
        _jsonl(path, records)  # type: ignore[arg-type]
        return
    import csv
    import io

    columns = list(dict.fromkeys(k for r in records for k in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    path.write_text(out.getvalue(), "utf-8")


def _edit(db: Path, art_id: str, field: str, value: str) -> None:
    out = curator("edit", art_id, field, value, db=db)
    assert out.returncode == 0, out.stderr


def _stories(db: Path) -> dict[str, tuple[str, str, str]]:
    """Each story (the end of its text) -> (its id, its title as curated, its status)."""
    return {a["text"].rsplit("Đoạn ", 1)[1].removesuffix(" của bài."): (a["id"], a["title"], a["status"]) for a in export_of(db)["articles"]}


@pytest.mark.parametrize("name", ["crawl.jsonl", "crawl.csv"])
def test_decisions_follow_a_story_when_records_are_inserted_deleted_reordered_or_edited(tmp_path: Path, name: str) -> None:
    # A feed saved newest first: a new story on line 1 moved every other one down.
    # Ids were places, so the edited title and the status landed on the new story.
    data, db = tmp_path / name, tmp_path / "db"
    story = {n: {"title": f"Bài số {n}", "text": STORY.format(n=n)} for n in range(6)}
    _records(data, [story[0], story[1], story[2]])
    ingest(db, data)
    first = _stories(db)
    _edit(db, first["0"][0], "title", "Tiêu đề đã sửa")
    _edit(db, first["0"][0], "status", "reviewed")
    _edit(db, first["2"][0], "status", "flagged")
    _records(data, [story[3], story[0], story[1], story[2]])  # prepended
    stdout, stderr = ingest(db, data)
    now = _stories(db)
    assert now["0"] == (first["0"][0], "Tiêu đề đã sửa", "reviewed")
    assert now["2"] == (first["2"][0], "Bài số 2", "flagged")
    assert now["3"][1:] == ("Bài số 3", "new") and now["3"][0] not in {i for i, _, _ in first.values()}
    assert "articles: 1 added" in stdout and "0 removed" in stdout and "moved" not in stderr, (stdout, stderr)
    _records(data, [story[3], story[1], story[2]])  # a record deleted above the others
    ingest(db, data)
    assert "0" not in _stories(db) and _stories(db)["2"][2] == "flagged"
    _records(data, [story[0], story[2], story[1], story[3]])  # it comes back, and the file is reordered
    ingest(db, data)
    now = _stories(db)
    assert now["2"] == (first["2"][0], "Bài số 2", "flagged")
    assert now["0"][1:] == ("Bài số 0", "new")  # a new story: the deleted one's id is never given again
    assert now["0"][0] != first["0"][0]
    edited = dict(story[2], text=STORY.format(n="2, đã sửa"))  # edited in place, at line/row 2
    _records(data, [story[0], edited, story[1], story[3]])
    stdout, _ = ingest(db, data)
    assert "articles: 0 added, 1 updated, 0 removed" in stdout, stdout
    assert _stories(db)["2, đã sửa"] == (first["2"][0], "Bài số 2", "flagged")
    assert [a["file_index"] for a in export_of(db)["articles"] if a["id"] == first["2"][0]] == [1]


def test_a_record_with_its_own_key_keeps_its_story_when_edited_and_moved(tmp_path: Path) -> None:
    data, db = tmp_path / "feed.jsonl", tmp_path / "db"
    recs = [{"guid": f"tin-{n}", "title": f"Bài số {n}", "text": STORY.format(n=n)} for n in range(3)]
    _jsonl(data, recs)
    ingest(db, data)
    first = _stories(db)
    _edit(db, first["1"][0], "status", "reviewed")
    moved = dict(recs[1], text=STORY.format(n="1, cập nhật"))  # updated by the site and moved to the top
    other = {"guid": "tin-9", "title": "Bài khác", "text": STORY.format(n=9)}  # another story at line 2
    _jsonl(data, [moved, other, recs[2]])
    stdout, _ = ingest(db, data)
    now = _stories(db)
    assert now["1, cập nhật"] == (first["1"][0], "Bài số 1", "reviewed")
    assert "articles: 1 added, 1 updated, 1 removed" in stdout, stdout
    assert now["9"][2] == "new" and now["9"][0] not in {i for i, _, _ in first.values()}
    assert now["2"][0] == first["2"][0] and "0" not in now
    # --field id=NAME names the key; a record whose key differs is another story, even in place
    mapped = tmp_path / "mapped.csv"
    _records(mapped, [{"ma_tin": "A", "text": STORY.format(n="A")}, {"ma_tin": "B", "text": STORY.format(n="B")}])
    ingest(db, mapped, extra=("--field", "id=ma_tin"))
    was = _stories(db)
    _edit(db, was["A"][0], "status", "flagged")
    _records(mapped, [{"ma_tin": "C", "text": STORY.format(n="A, sửa")}, {"ma_tin": "A", "text": STORY.format(n="A, sửa lần nữa")}])
    ingest(db, mapped, extra=("--field", "id=ma_tin"))
    now = _stories(db)
    assert now["A, sửa lần nữa"][0::2] == (was["A"][0], "flagged")
    assert now["A, sửa"][2] == "new" and "B" not in now


def test_a_url_every_record_shares_is_not_taken_for_a_key(tmp_path: Path) -> None:
    # A crawl that saved the site's home page as every record's URL: the new first record
    # has the URL of the curated story, and is still another story.
    data, db = tmp_path / "crawl.jsonl", tmp_path / "db"
    recs = [{"title": f"Bài số {n}", "url": "https://bao.vn/", "text": STORY.format(n=n)} for n in range(3)]
    _jsonl(data, recs)
    ingest(db, data)
    first = _stories(db)
    _edit(db, first["0"][0], "status", "reviewed")
    _jsonl(data, [{"title": "Mới", "url": "https://bao.vn/", "text": STORY.format(n=5)}, *recs])
    ingest(db, data)
    now = _stories(db)
    assert now["0"] == (first["0"][0], "Bài số 0", "reviewed") and now["5"][2] == "new"


def test_moved_records_keep_their_ids_through_export_and_import(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    data, db = folder / "crawl.jsonl", tmp_path / "db"
    recs = [{"title": f"Bài số {n}", "text": STORY.format(n=n)} for n in range(3)]
    _jsonl(data, recs)
    ingest(db, folder)
    _jsonl(data, [{"title": "Mới", "text": STORY.format(n=7)}, *recs])
    ingest(db, folder)
    _edit(db, _stories(db)["0"][0], "status", "reviewed")
    exported = tmp_path / "export.json"
    assert curator("export", "-o", str(exported), db=db).returncode == 0
    copy = tmp_path / "copy"
    out = curator("import", str(exported), db=copy)
    assert out.returncode == 0, out.stderr
    _jsonl(data, [{"title": "Mới hơn", "text": STORY.format(n=8)}, {"title": "Mới", "text": STORY.format(n=7)}, *recs])
    stdout, _ = ingest(copy, folder)
    assert "0 ingested" in stdout and "articles: 1 added" in stdout, stdout  # the same file, not a copy of it
    now = _stories(copy)
    assert len(now) == 5 and now["0"][2] == "reviewed" and now["8"][2] == "new"
    assert len({i for i, _, _ in now.values()}) == 5


def test_an_accepted_mention_follows_its_story_when_a_record_is_prepended(tmp_path: Path) -> None:
    from curator.workspace import Workspace

    data, db = tmp_path / "crawl.csv", tmp_path / "db"
    rows = [("Bài A", "Sáng 6/5, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị với Bộ Giao thông vận tải."),
            ("Bài B", "Công ty Cổ phần Sữa Việt Nam (Vinamilk) công bố kết quả kinh doanh quý I.")]
    new = ("Bài mới", "Bộ Công Thương họp với Tập đoàn Điện lực Việt Nam tại Hà Nội về giá điện.")
    _records(data, [{"title": t, "text": x} for t, x in rows])
    ingest(db, data, extra=("--resolve",))
    with Workspace(db) as ws:
        story = next(r.id for r in ws.article_rows() if r.title == "Bài A")
        m = ws.article(story).mentions[0]
        ws.accept_mention(story, m.start, m.end, m.field)
    _records(data, [{"title": t, "text": x} for t, x in [new, *rows]])
    ingest(db, data, extra=("--resolve",))
    with Workspace(db, write=False) as ws:
        accepted = {r.title: [(x.text, x.accepted) for x in ws.article(r.id).mentions if x.accepted] for r in ws.article_rows()}
    assert accepted == {"Bài A": [(m.text, True)], "Bài B": [], "Bài mới": []}
