"""Seeded synthetic Vietnamese-looking company names ("Công ty TNHH An Bình Phát 3") for scale tests.

For scale only: the quality of the resolver is measured on real names (tests/data/realworld)."""

from __future__ import annotations

import random

SYLLABLES = (
    "An Bình Phát Thành Hưng Thịnh Long Minh Phúc Quang Tân Tiến Trường Vĩnh Việt Đức Hòa Hải Hoàng Hồng "
    "Huy Khánh Kim Lộc Mai Nam Ngọc Nhật Phong Phương Sơn Tâm Thái Thiên Toàn Trung Tuấn Vạn Xuân Đông Gia "
    "Hà Hiệp Hợp Khang Lâm Lợi Mạnh Nguyên Nhân Quốc Sang Thắng Thuận Tín Trí Vân Vũ Yến Bảo Cát Danh Đạt"
).split()


def company_names(count: int, seed: int = 17) -> list[str]:
    """``count`` distinct names "Công ty TNHH " + 2-4 syllables + an optional number, seeded."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        words = rng.sample(SYLLABLES, rng.randint(2, 4))
        if rng.random() < 0.3:
            words.append(str(rng.randint(1, 99)))
        name = "Công ty TNHH " + " ".join(words)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
