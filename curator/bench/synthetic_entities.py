"""Who the synthetic archive writes about: national bodies with their aliases, the same bodies in
each of the 63 provinces, people sharing family and middle names, reporters and photographers,
each entity with the spellings the generator may write (see ``curator.bench.generate``)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The 63 provinces and centrally-run cities (before the 2025 merger).
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ",
)
CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})
# Other spellings of a province seen in the press (the canonical one first in PROVINCES).
PROVINCE_VARIANTS: dict[str, tuple[str, ...]] = {
    "Bà Rịa - Vũng Tàu": ("Bà Rịa – Vũng Tàu",),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế",),
    "Hòa Bình": ("Hoà Bình",),
    "Khánh Hòa": ("Khánh Hoà",),
    "Thanh Hóa": ("Thanh Hoá",),
}

# National bodies: canonical form first, then aliases.
NATIONAL_ORGS: tuple[tuple[str, ...], ...] = (
    ("Bộ Thông tin và Truyền thông", "Bộ TT&TT", "Bộ Thông tin & Truyền thông"),
    ("Bộ Công an",),
    ("Cục Viễn thông và Cơ yếu", "Cục Viễn thông & Cơ yếu", "Cục Viễn thông và cơ yếu",
     "Cục Cơ yếu - Viễn thông", "Cục H04"),
    ("Cục Bưu điện Trung ương", "Cục BĐTW"),
    ("Cục Viễn thông",),
    ("Cục An toàn thông tin", "Cục ATTT"),
    ("Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "Cục A05"),
    ("Cục Báo chí",),
    ("Cục Thông tin cơ sở",),
    ("Cục Công nghệ thông tin",),
    ("Cục Kỹ thuật nghiệp vụ",),
    ("Cục Tần số vô tuyến điện", "Cục Tần số VTĐ"),
    ("Cục Truyền thông Công an nhân dân", "Cục Truyền thông CAND"),
    ("Cục An ninh chính trị nội bộ",),
    ("Tập đoàn Bưu chính Viễn thông Việt Nam", "VNPT"),
    ("Tổng Công ty Bưu điện Việt Nam", "Tổng công ty Bưu điện Việt Nam", "VNPost"),
    ("Bộ Quốc phòng",),
    ("Ban Cơ yếu Chính phủ",),
    ("Văn phòng Chính phủ",),
    ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hoá, Thể thao và Du lịch", "Bộ VHTTDL"),
    ("Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT"),
    ("Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
    ("Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT"),
    ("Vụ Bưu chính",),
    ("Vụ Kế hoạch - Tài chính", "Vụ Kế hoạch và Tài chính"),
    ("Thanh tra Bộ",),
    ("Trung tâm Thông tin",),
    ("Học viện Công nghệ Bưu chính Viễn thông", "Học viện CNBCVT"),
    ("Công an nhân dân", "CAND"),
)
# Per-province bodies: (canonical head, other heads that mean the same body).
PROVINCIAL_HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sở Thông tin và Truyền thông", ("Sở TT&TT", "Sở Thông tin & Truyền thông")),
    ("Công an", ()),
    ("Bưu điện", ()),
    ("Ủy ban nhân dân", ("UBND", "Uỷ ban nhân dân")),
    ("Viễn thông", ()),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Sở VHTTDL", "Sở Văn hoá, Thể thao và Du lịch")),
)

FAMILIES: tuple[str, ...] = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm", "Hoàng",
    "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh",
    "Đào", "Lương", "Mai", "Tô", "Hà", "Lâm",
)
MIDDLES: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Thị", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Hồng", "Ngọc",
    "Xuân", "Mạnh", "Duy", "Anh", "Công", "Đình", "Trọng", "Huy", "Khắc", "Tấn", "Bá", "Kim", "Thu",
)
GIVENS: tuple[str, ...] = (
    "Hùng", "Hưng", "Hà", "Hải", "Hòa", "Thủy", "Thúy", "Khoa", "Long", "Dũng", "Tuấn", "Minh",
    "Nam", "Sơn", "Tâm", "Trung", "Hiền", "Lan", "Hương", "Hạnh", "Phương", "Quang", "Bình",
    "Cường", "Đức", "Thắng", "Thành", "Việt", "Vinh", "Hiếu", "Khánh", "Linh", "Ngọc", "Phúc",
    "Quý", "Tài", "Thảo", "Toàn", "Trí", "Vân", "Yến", "Huệ", "Tính", "Tạo", "Lâm", "Ninh",
    "Hiển", "Bảy", "Tới", "Thuyết", "Hoàng", "Huy", "Thanh", "Hằng", "Nga", "Oanh", "Thụy",
    "Túy", "Hòe", "Loan", "Mai", "Đạt", "Kiên", "Lực",
)
# Old (tone on the first vowel) <-> new tone placement for the open syllables used here.
TONE_SWAP: dict[str, str] = {
    "Hòa": "Hoà", "Thủy": "Thuỷ", "Thúy": "Thuý", "Thụy": "Thuỵ", "Túy": "Tuý", "Hòe": "Hoè",
}
TITLES: tuple[str, ...] = (
    "Thứ trưởng", "Giám đốc", "Phó Giám đốc", "Cục trưởng", "Phó Cục trưởng", "Vụ trưởng",
    "Chánh Văn phòng", "Trưởng phòng", "Chủ tịch", "Phó Chủ tịch", "Tổng Giám đốc", "Bí thư",
)
RANKS: tuple[str, ...] = ("Đại tá", "Thượng tá", "Trung tá", "Thiếu tướng", "Trung tướng")
# Well-known people of the seeds: canonical form, then variants.
KNOWN_PEOPLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Nguyễn Mạnh Hùng", "Bộ trưởng", ("Nguyen Manh Hung",)),
    ("Tô Lâm", "Bộ trưởng", ()),
    ("Phạm Hồng Hải", "Thứ trưởng", ()),
    ("Trần Duy Ninh", "Cục trưởng", ()),
    ("Lê Khắc Thuyết", "Cục trưởng", ()),
    ("Nguyễn Huy Dũng", "Thứ trưởng", ("Nguyen Huy Dung",)),
    ("Lê Tấn Tới", "Thứ trưởng", ()),
    ("Phan Tâm", "Thứ trưởng", ()),
)
# Pen names of reporters (bylines) and photographers (credits).
REPORTER_GIVENS = ("Tâm", "Giang", "Minh", "Vân", "Hà", "Lan", "Hải", "Thu", "Hương", "Trang", "Quỳnh", "Bình")
OUTLETS = ("Công an nhân dân", "Mic.gov.vn", "VietNamNet", "Báo Nhân Dân", "ICTnews", "Báo Tin tức")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


_COMBINING = {c: None for c in range(0x300, 0x370)}


def strip_marks(text: str) -> str:
    """The same letters typed without diacritics (đ -> d), case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.translate(_COMBINING)


def swap_tones(text: str) -> str:
    """Old <-> new tone placement, word by word ("Khánh Hòa" -> "Khánh Hoà")."""
    back = {v: k for k, v in TONE_SWAP.items()}
    extra = {"Hóa": "Hoá", "hóa": "hoá", "Ủy": "Uỷ"}
    table = {**TONE_SWAP, **back, **extra, **{v: k for k, v in extra.items()}}
    return " ".join(table.get(w, w) for w in text.split(" "))


@dataclass
class Entity:
    """One real-world organisation or person, with the spellings the generator may write."""

    id: str
    type: str  # "organization" | "person"
    canonical: str
    forms: list[str]  # forms[0] == canonical
    kind: str = ""  # "national" | "provincial" | "person" | "reporter" | "photographer"
    province: str | None = None
    title: str = ""
    used: set[str] = field(default_factory=set)
    rare: frozenset[str] = frozenset()

    def gold(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "canonical": self.canonical,
            "surface_forms": sorted(self.used),
            "kind": self.kind,
            **({"province": self.province} if self.province else {}),
        }


def _place(province: str, with_marker: bool) -> str:
    if not with_marker:
        return province
    return f"thành phố {province}" if province in CITIES else f"tỉnh {province}"


def build_entities(n_people: int, seed: int) -> list[Entity]:
    """Every entity of the archive, deterministic for (n_people, seed); surface forms are unique."""
    rng = random.Random(f"entities-{seed}")
    out: list[Entity] = []
    for i, forms in enumerate(NATIONAL_ORGS):
        out.append(Entity(f"O{i:03d}", "organization", forms[0], list(forms), "national"))
    for h, (head, other_heads) in enumerate(PROVINCIAL_HEADS):
        for p, prov in enumerate(PROVINCES):
            names = (prov, *PROVINCE_VARIANTS.get(prov, ()))
            canonical = f"{head} {_place(prov, True)}"
            forms = [canonical]
            for hd in (head, *other_heads):
                for name in names:
                    forms.append(f"{hd} {_place(name, True)}")
                    if head != "Viễn thông":  # "Viễn thông X" is the only form of that one
                        forms.append(f"{hd} {name}")
            if prov == "Hồ Chí Minh":
                forms += [f"{hd} TP Hồ Chí Minh" for hd in (head, *other_heads)]
                forms += [f"{hd} TP.HCM" for hd in (head, *other_heads)]
            if head == "Viễn thông":
                forms = [f"Viễn thông {_place(prov, False)}"] + [f"VNPT {n}" for n in names]
                canonical = forms[0]
            out.append(Entity(f"R{h}{p:02d}", "organization", canonical, _dedupe(forms), "provincial", prov))
    for k, (name, title, variants) in enumerate(KNOWN_PEOPLE):
        out.append(Entity(f"K{k:02d}", "person", name, [name, *variants], "person", title=title,
                          rare=frozenset(variants)))
    # Ordinary people: distinct (family, middle, given) triples, drawn without replacement.
    combos = sorted({(f, m, g) for f in FAMILIES for m in MIDDLES for g in GIVENS})
    rng.shuffle(combos)
    known = {e.canonical for e in out}
    people = [c for c in combos if " ".join(c) not in known][:n_people]
    bare = [strip_marks(" ".join(c)) for c in people]
    folded: dict[str, int] = {}
    for b in bare:
        folded[b.lower()] = folded.get(b.lower(), 0) + 1
    for k, (f, m, g) in enumerate(people):
        name = f"{f} {m} {g}"
        forms = [name]
        if g in TONE_SWAP or g in TONE_SWAP.values():
            forms.append(f"{f} {m} {swap_tones(g)}")
        if folded[bare[k].lower()] == 1:  # without marks only when that spelling is unambiguous
            forms.append(bare[k])
        title = rng.choice(RANKS) if rng.random() < 0.25 else rng.choice(TITLES)
        out.append(Entity(f"P{k:05d}", "person", name, forms, "person", title=title,
                          rare=frozenset({bare[k]})))
    # Reporters' pen names ("Tâm Phạm") and photographers ("Phạm Hải") are people too.
    taken = {e.canonical for e in out}
    for k in range(60):
        pen = f"{REPORTER_GIVENS[k % len(REPORTER_GIVENS)]} {FAMILIES[(k * 7) % len(FAMILIES)]}"
        if pen in taken:
            continue
        taken.add(pen)
        out.append(Entity(f"J{k:02d}", "person", pen, [pen], "reporter"))
    for k, pen in enumerate(("Phạm Hải", "Trọng Đạt", "Quang Vinh", "Hoàng Hà", "Minh Đức")):
        out.append(Entity(f"F{k:02d}", "person", pen, [pen], "photographer"))
    # A surface form must name one entity only: drop later duplicates.
    seen: dict[str, str] = {}
    for e in out:
        keep = []
        for form in e.forms:
            if form not in seen:
                seen[form] = e.id
                keep.append(form)
        e.forms = keep or [e.canonical]
    return out


def _dedupe(forms: Iterable[str]) -> list[str]:
    out: list[str] = []
    for f in forms:
        if f not in out:
            out.append(f)
    return out
