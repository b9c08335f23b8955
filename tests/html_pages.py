"""Pages in the shape of Vietnamese news sites, built here (no real article text
but the seeds', which are in the repository).

``seed_page`` wraps a seed's lines as a news site would: a header with the site's
name, a date bar and a menu, the story in ``<article>`` (title in ``<h1>``, each
line of the seed a paragraph), a "Tin liên quan" list, a comment block, an inline
script and a footer. ``with_meta`` adds ``og:`` and ``article:published_time`` meta
tags carrying the fields the seed's ``.txt`` gives. The tests write them with
``write_seed_pages`` into a folder of their own; the hand-built news pages are in
``tests/data/ingest/html/``.
"""

from __future__ import annotations

import html
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MENU = ["Trang chủ", "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Pháp luật", "Công nghệ", "Thể thao"]
RELATED = [
    "Hội nghị tổng kết công tác năm của ngành bưu điện",
    "Tăng cường bảo đảm an toàn thông tin mạng dịp Tết",
    "Ra mắt ứng dụng tra cứu dịch vụ công trực tuyến mới",
]
COMMENTS = [
    ("Nguyễn Văn Bình", "Bài viết rất hay, cảm ơn tác giả."),
    ("Trần Thị Hoa", "Mong các đơn vị tiếp tục phối hợp chặt chẽ hơn nữa."),
]
SCRIPT = "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());"


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def news_page(
    *,
    site: str,
    head_title: str | None,
    title: str | None,
    lines: list[str],
    meta: dict[str, str] | None = None,
    canonical: str | None = None,
    datebar: str = "Thứ hai, 01/01/2024",
) -> str:
    """One page: site furniture around ``title`` and ``lines`` (the story's paragraphs)."""
    head = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if head_title is not None:
        head.append(f"<title>{_e(head_title)}</title>")
    for key, value in (meta or {}).items():
        attr = "name" if key in ("author", "description", "keywords") else "property"
        head.append(f'<meta {attr}="{_e(key)}" content="{_e(value)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{_e(canonical)}">')
    head.append(f"<script>{SCRIPT}</script>")
    menu = "".join(f'<li><a href="/{i}">{_e(m)}</a></li>' for i, m in enumerate(MENU))
    related = "".join(f'<li><a href="/tin/{i}.html">{_e(r)}</a></li>' for i, r in enumerate(RELATED))
    comments = "".join(
        f'<div class="comment-item"><span class="comment-name">{_e(n)}</span><p>{_e(c)}</p></div>' for n, c in COMMENTS
    )
    body = "".join(f"<p>{_e(line)}</p>" for line in lines)
    h1 = f'<h1 class="title-detail">{_e(title)}</h1>' if title else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n" + "\n".join(head) + "\n</head>\n<body>\n"
        f'<header class="header"><div class="logo"><a href="/">{_e(site)}</a></div>'
        f'<div class="date-bar">{_e(datebar)}</div><nav class="main-menu"><ul>{menu}</ul></nav></header>\n'
        '<div class="container"><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/thoi-su">Thời sự</a></div>\n'
        f'<article class="article-detail">{h1}\n<div class="article-content">{body}</div>\n'
        '<div class="social-share"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div></article>\n'
        f'<div class="related-news"><h3>Tin liên quan</h3><ul>{related}</ul></div>\n'
        f'<div class="comments" id="comments"><h3>Ý kiến bạn đọc (2)</h3>{comments}'
        '<form><textarea placeholder="Ý kiến của bạn"></textarea><button>Gửi</button></form></div>\n'
        f"<script>{SCRIPT}</script></div>\n"
        f'<footer class="footer"><p>© {_e(site)}. Giấy phép số 123/GP-BTTTT. Ghi rõ nguồn khi phát hành lại.</p></footer>\n'
        "</body>\n</html>\n"
    )


def seed_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]


def seed_page(text: str, title: str | None, fields: dict[str, str | None], *, with_meta: bool) -> str:
    """A seed's story as a news page. The title line becomes the ``<h1>`` and
    ``<title>``; every other line of the seed is a paragraph, in order."""
    lines = seed_lines(text)
    datebar = "Thứ hai, 01/01/2024"
    if title is not None:
        at = next(i for i, ln in enumerate(lines) if " ".join(ln.split()) == title)
        if at:  # what a page dump holds above the title is the site's date bar
            datebar = " ".join(lines[:at])
        lines = lines[at + 1 :]
    meta: dict[str, str] = {}
    if with_meta:
        meta["og:type"] = "article"
        if title:
            meta["og:title"] = title
        if fields.get("published"):
            meta["article:published_time"] = f"{fields['published']}T08:00:00+07:00"
        if fields.get("author"):
            meta["author"] = fields["author"] or ""
        meta["og:site_name"] = "Cổng thông tin Bưu điện"
    return news_page(
        site="Cổng thông tin Bưu điện", head_title=title, title=title, lines=lines, meta=meta,
        canonical="https://example.vn/tin-tuc/bai-viet.html" if with_meta else None, datebar=datebar,
    )


def write_seed_pages(out: Path) -> Path:
    """Every seed as ``seed_NNN_meta.html`` and ``seed_NNN_plain.html`` in ``out``."""
    from curator.ingest import decode_bytes, parse_document

    out.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = decode_bytes(seed.read_bytes()).text
        art = parse_document(text, seed.name)[0]
        fields = {"published": art.published.value, "author": art.author.value}
        for with_meta in (True, False):
            name = f"seed_{seed.stem[:3]}_{'meta' if with_meta else 'plain'}.html"
            (out / name).write_text(seed_page(text, art.title.value, fields, with_meta=with_meta), "utf-8")
    return out
