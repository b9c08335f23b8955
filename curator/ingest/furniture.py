"""Page furniture: lines that belong to the web page, not to the article.

Image file names, rating widgets, "related news" trailers, photo credits, and
captions into which the page glued the title ("TITLE -0caption.TITLE -1").
Each test here is about one line (or one fragment) so article text is never
dropped by accident: a line is furniture only when all of it is.
"""

from __future__ import annotations

import re

IMAGE_NAME = re.compile(r"^[\w\-. ()]{1,120}\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
RATING = re.compile(r"^(?:ĐÁNH\s+GIÁ\s+BÀI\s+VIẾT|Đánh\s+giá\s+bài\s+viết)\s*\(?\s*\d*\s*\)?$", re.IGNORECASE)
WIDGETS = re.compile(
    r"^(?:Chia\s+sẻ|Share|In\s+bài(?:\s+viết)?|Gửi\s+bài(?:\s+viết)?|Bản\s+in|Lưu\s+bài|Bình\s+luận|Quay\s+lại|Lên\s+đầu\s+trang|Facebook|Twitter|Zalo|Email)"
    r"(?:\s*[|/·•]\s*(?:Chia\s+sẻ|Share|In\s+bài(?:\s+viết)?|Gửi\s+bài(?:\s+viết)?|Bản\s+in|Lưu\s+bài|Bình\s+luận|Facebook|Twitter|Zalo|Email))*\s*:?$",
    re.IGNORECASE,
)
TRAILER = re.compile(
    r"^(?:Tin\s+tức\s+khác|Tin\s+liên\s+quan|Các\s+tin\s+khác|Tin\s+khác|Bài\s+liên\s+quan|Tin\s+cùng\s+chuyên\s+mục|Các\s+tin\s+đã\s+đưa)\s*:?$",
    re.IGNORECASE,
)
PHOTO_CREDIT = re.compile(r"^\(?\s*(?:Ảnh|Ảnh\s+minh\s+họa|Nguồn\s+ảnh|Photo|Video)\s*:\s*[^.!?]{1,60}\)?$", re.IGNORECASE)


def is_blank(line: str) -> bool:
    """Empty or only (non-breaking) spaces."""
    return not line.replace("\xa0", " ").strip()


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture (image name, rating, share widget)."""
    s = line.strip()
    return bool(IMAGE_NAME.match(s) or RATING.match(s) or WIDGETS.match(s))


def is_trailer(line: str) -> bool:
    """"Tin tức khác:" and the like: everything after it is another story or a link list."""
    return bool(TRAILER.match(line.strip()))


def is_photo_credit(line: str) -> bool:
    """"Ảnh:Phạm Hải" on a line of its own."""
    return bool(PHOTO_CREDIT.match(line.strip()))


def strip_glued_title(line: str, title: str | None) -> list[str]:
    """Split a caption line into its real captions, removing "TITLE -N" markers.

    Pages like 004 prefix and suffix every caption with the article title and
    an image counter: "TITLE -0Bộ trưởng ... 2 Bộ.TITLE -1". Returns the
    pieces of text left (possibly none); a line without the marker comes back
    unchanged as one piece.
    """
    if not title or title not in line:
        return [line]
    marker = re.compile(re.escape(title) + r"\s*-\s*\d+")
    if not marker.search(line):
        return [line]
    pieces = [p.strip() for p in marker.split(line)]
    return [p for p in pieces if p]
