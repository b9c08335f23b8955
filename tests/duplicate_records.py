"""A small JSON Lines archive with copies: an exact one, a near one, a title shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BODY = (
    "Sáng nay tại Hà Nội, Bộ Thông tin và Truyền thông tổ chức hội nghị toàn quốc về chuyển đổi số "
    "với sự tham dự của đại diện các bộ, ngành và sáu mươi ba tỉnh, thành phố. Hội nghị đánh giá kết quả "
    "năm qua, chỉ ra những hạn chế trong việc kết nối dữ liệu giữa các cơ quan nhà nước và đề ra nhiệm vụ "
    "trọng tâm cho năm tới, trong đó có việc hoàn thiện cơ sở dữ liệu quốc gia về dân cư."
)
NEAR = BODY.replace("Sáng nay", "Chiều qua").replace("sáu mươi ba", "nhiều").replace("năm tới", "năm sau")
OTHER = "Một bài khác hẳn: " + " ".join(f"từ{i}" for i in range(60))
TITLE = "Hội nghị toàn quốc về chuyển đổi số"


def records(folder: Path) -> Path:
    folder.mkdir()
    lines = [
        {"id": "r1", "title": TITLE, "published": "2023-01-10", "outlet": "Báo A", "text": BODY},
        {"id": "r2", "title": "Bản tin chiều", "published": "2023-01-11", "outlet": "Báo B", "text": BODY},
        {"id": "r3", "title": "Tin tổng hợp", "published": "2023-01-12", "outlet": "Báo C", "text": NEAR},
        {"id": "r4", "title": TITLE.upper(), "published": "2023-01-13", "outlet": "Báo D", "text": OTHER},
        {"id": "r5", "title": "Chuyện khác", "published": "2023-01-14", "outlet": "Báo E", "text": OTHER[::-1]},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    return folder


def ids_by_date(ws: Any) -> dict[str, str]:
    """r1..r5 -> article id (the records are dated one day apart)."""
    rows = ws.article_rows()
    return {f"r{int(rows[i].published[-2:]) - 9}": rows[i].id for i in range(len(rows))}


