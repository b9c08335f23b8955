"""A news page saved as HTML -> one article: main text by trafilatura, fields by the page's metadata.

trafilatura (with htmldate for dates) takes the story out of the page: menus,
related-article lists, share bars and comment blocks stay behind. It was
chosen over readability-lxml and goose3: it is maintained, it
keeps paragraphs apart, and it reads the page's metadata (see
``docs/formats.md`` for the comparison on our pages).

Which value wins, field by field:

1. the page's own metadata: ``og:title``, ``article:published_time`` and the
   other date tags htmldate knows (meta tags, JSON-LD, a date in the canonical
   URL), ``author`` / ``article:author``, ``og:site_name``; the ``<title>`` or
   ``<h1>`` for the title;
2. the rules used for ``.txt`` pages (``parse.py``), run on the extracted text
   with the title in front, as a page dump would have it: datelines, labelled
   dates, bylines, outlet prefixes.

A byline or date line found by the text rules is taken out of the body either
way. Each field keeps the raw value it came from (the meta tag as written) and
a confidence. The page's canonical URL is kept in the article's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from curator.ingest.furniture import is_trailer
from curator.ingest.parse import content_hash, parse_document
from curator.models import Article, ExtractedField
from curator.text import clean_text

# Confidence of a value by where it came from.
META = 0.95  # a meta tag or JSON-LD the page declares
URL_DATE = 0.8  # a date in the page's canonical URL
MARKUP = 0.85  # the <title>, the <h1>, a byline element trafilatura recognised
MAX_TREE_ELEMENTS = 200_000
MAX_LINK_LISTS = 10_000  # "Tin liên quan" boxes looked at per page: each costs its own size (lxml nests at most 256 deep)

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(rb"<(?:html|head|body)[\s>]", re.IGNORECASE)
# A character reference to a control character (``&#27;``, ``&#x1b;``): the text
# would carry the escape, and lxml refuses the page outright.
_CONTROL_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")
AUTHOR_KEYS = ("author", "article:author", "og:article:author", "dc.creator", "byl", "sailthru.author")
SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher")
TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title")


def looks_like_html(data: bytes) -> bool:
    """A page saved as HTML, by its content: it starts (after a BOM, blanks and
    comments) with a doctype or an html/head/body/meta/title tag, or has an
    ``<html>``, ``<head>`` or ``<body>`` tag in its first 1,024 bytes."""
    head = data[:4096]
    return starts_like_html(head) or bool(_HTML_TAG.search(head[:1024]))


def starts_like_html(data: bytes) -> bool:
    """Whether the bytes start (after a BOM, blanks and comments) with a doctype or an
    html/head/body/meta/title tag: the test for a file named as records (``.csv``,
    ``.jsonl``), whose records may well hold HTML further on."""
    return bool(_HTML_START.match(data[:4096]))


@dataclass(slots=True)
class _Meta:
    """The page's meta tags (name/property/itemprop lower-cased -> first content) and links."""

    tags: dict[str, str]
    canonical: str | None
    head_title: str | None
    h1: str | None


def _read_meta(tree: Any) -> _Meta:
    tags: dict[str, str] = {}
    for elem in tree.iterfind(".//meta"):
        content = elem.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = (elem.get(attr) or "").strip().lower()
            if key and key not in tags:
                tags[key] = " ".join(content.split())
    canonical = None
    for elem in tree.iterfind(".//link"):
        if (elem.get("rel") or "").lower() == "canonical" and elem.get("href"):
            canonical = elem.get("href").strip()
            break
    if canonical is None and tags.get("og:url"):
        canonical = tags["og:url"]
    title_elem = tree.find(".//title")
    h1_elem = tree.find(".//h1")
    return _Meta(tags, canonical, _text_of(title_elem), _text_of(h1_elem))


def _text_of(elem: Any) -> str | None:
    if elem is None:
        return None
    text = " ".join(" ".join(elem.itertext()).split())
    return text or None


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> tuple[str, str] | None:
    for key in keys:
        if tags.get(key):
            return key, tags[key]
    return None


def _page_date(tree: Any, meta: _Meta) -> ExtractedField:
    """The date the page declares: its meta tags and JSON-LD (htmldate's header and
    JSON steps), else a date in its canonical URL. Dates guessed from the page's
    visible text are left to the text rules, which know a print stamp from a
    dateline (htmldate's later steps took the site's date bar for the story's)."""
    try:
        from htmldate.core import examine_header
        from htmldate.extractors import extract_url_date, json_search
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date
    except ImportError:  # htmldate reorganised: the text rules still find dates
        return ExtractedField()
    options = Extractor(False, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    found = examine_header(tree, options) or json_search(tree, options)
    if found:
        from curator.ingest.dates import parse_date

        # the tag as written: the first whose content is this date (ISO, or day first)
        raw = next(
            (f'{k}="{v}"' for k, v in meta.tags.items() if v.startswith(found) or (len(v) < 80 and parse_date(v) == found)),
            f"page metadata: {found}",
        )
        return ExtractedField(found, raw, META)
    if meta.canonical:
        from_url = extract_url_date(meta.canonical, options)
        if from_url:
            return ExtractedField(from_url, meta.canonical, URL_DATE)
    return ExtractedField()


def _control_ref(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code in (9, 10, 13) or 32 <= code < 127 or 160 <= code <= 0x10FFFF:
        return m.group(0)
    return ""  # C0 and C1 controls, and numbers past Unicode


_CONFIG: Any = None


def _config() -> Any:
    """trafilatura's settings, once per process: a tree size limit (nested-tag bombs)."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        _CONFIG = use_config()
        _CONFIG.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_ELEMENTS))
    return _CONFIG


def parse_html(data: bytes | str, source_file: str, id_base: str | None = None) -> list[Article]:
    """One page -> ``[article]`` (``[]`` when the page holds no article text).

    Raises ``ValueError`` for a page lxml cannot read at all.
    """
    import trafilatura
    from trafilatura.utils import load_html

    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    tree = load_html(_CONTROL_REF.sub(_control_ref, data))
    if tree is None:
        raise ValueError("not readable as HTML")
    meta = _read_meta(tree)
    dropped = _drop_link_lists(tree)
    doc = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        config=_config(),
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = clean_text(doc.text or "") if doc is not None else ""
    title = _title(meta, doc)
    # The text rules see the page as a dump would show it: the title, then the story.
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if title.value and lines and " ".join(lines[0].split()) == title.value:
        lines = lines[1:]  # trafilatura kept the <h1>: it is the title, not the body
    if not lines:
        return []
    page = (title.value + "\n\n" if title.value else "") + "\n\n".join(lines)
    parsed = parse_document(page, source_file, id_base=id_base)
    if not parsed:
        return []
    art = parsed[0]
    body = art.text.split("\n\n")
    if title.value and art.title.value is None and body and body[0] == title.value:
        body = body[1:]  # a title the text rules did not take for one (too long): still not body
    if not body:
        return []
    art.text = "\n\n".join(body)
    art.content_hash = content_hash(art.text)
    notes = ["read as an HTML page (trafilatura)"]
    if dropped:
        notes.append(f"removed {dropped} list(s) of links headed like 'Tin liên quan'")
    if len(parsed) > 1:
        notes.append(f"{len(parsed) - 1} further part(s) of the page after a trailer were not kept")
    if title.value:
        art.title = title
    date = _page_date(tree, meta)
    if date.value:
        art.published = date
    author = _author(meta, doc)
    if author.value:
        art.author = author
    site = _first(meta.tags, SITE_KEYS)
    if site is not None:
        art.outlet = ExtractedField(clean_text(site[1]), f'{site[0]}="{site[1]}"', META)
    if meta.canonical:
        notes.append(f"page URL: {clean_text(meta.canonical)}")
    art.notes = notes + art.notes
    return [art]


def _drop_link_lists(tree: Any) -> int:
    """Remove "Tin liên quan" boxes set inside the story: a heading that reads like a
    trailer (``furniture.TRAILER``) and the box around it when most of the box's
    text is links. trafilatura keeps such a box when it sits among the story's
    paragraphs, and the text rules would then cut the story at it."""
    heads = []
    for elem in tree.iter():
        text = elem.text if isinstance(elem.tag, str) else None
        if text and len(text) < 60 and is_trailer(text):
            heads.append(elem)
            if len(heads) >= MAX_LINK_LISTS:
                break
    dropped = 0
    for head in heads:
        box = head.getparent()
        # Climb from the heading to the element that holds the links (at most 3 levels).
        for _ in range(3):
            if box is None or box.find(".//a") is not None and not _holds_only(box, head):
                break
            box = box.getparent()
        if box is None or box.getparent() is None:
            continue
        total = len(" ".join(box.text_content().split()))
        links = sum(len(" ".join(a.text_content().split())) for a in box.iterfind(".//a"))
        heading = len(" ".join(head.text_content().split()))
        if links and links >= 0.6 * (total - heading):
            box.drop_tree()  # (keeps the text after the box, which remove() would drop)
            dropped += 1
    return dropped


def _holds_only(box: Any, head: Any) -> bool:
    """Whether every link in ``box`` is inside ``head``."""
    return all(head in a.iterancestors() or a is head for a in box.iterfind(".//a"))


def _title(meta: _Meta, doc: Any) -> ExtractedField:
    found = _first(meta.tags, TITLE_KEYS)
    if found is not None:
        return ExtractedField(clean_text(found[1]), f'{found[0]}="{found[1]}"', META)
    if meta.h1:
        return ExtractedField(clean_text(meta.h1), f"<h1>{meta.h1}</h1>", MARKUP)
    if meta.head_title:
        # trafilatura trims a " - Site name" tail from the <title>
        value = (doc.title if doc is not None and doc.title else None) or meta.head_title
        return ExtractedField(clean_text(value), f"<title>{meta.head_title}</title>", MARKUP)
    return ExtractedField()


def _author(meta: _Meta, doc: Any) -> ExtractedField:
    """A person named by the page: a meta author (not the site's own name, which
    some sites put there), else a byline element trafilatura recognised."""
    site = {v.casefold() for k, v in meta.tags.items() if k in SITE_KEYS}
    found = _first(meta.tags, AUTHOR_KEYS)
    if found is not None and found[1].casefold() not in site and not found[1].lower().startswith(("http", "www.")):
        return ExtractedField(clean_text(found[1]), f'{found[0]}="{found[1]}"', META)
    if doc is not None and doc.author:
        # trafilatura joins what it found with "; ", the site's own name among them
        names = [n for n in (clean_text(p).strip() for p in doc.author.split(";")) if n and n.casefold() not in site]
        if names:
            return ExtractedField("; ".join(names), doc.author, MARKUP)
    return ExtractedField()
