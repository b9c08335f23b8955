"""A deterministic synthetic archive in the shape of ``seeds/*.txt``, with a gold file.

Each file holds one article (sometimes two, the second after a "Tin tức khác:"
trailer) of about 2 KB: a page stamp or dateline, a title, paragraphs that
mention organisations and people in their variant spellings, captions, photo
credits, furniture and a byline. The same seed gives byte-identical output.

Entities are what makes resolution hard in real archives:

* national bodies with aliases ("Cục Viễn thông và Cơ yếu" / "Cục Viễn thông &
  Cơ yếu" / "Cục Cơ yếu - Viễn thông" / "Cục H04"), beside near-namesakes that
  are different bodies ("Cục Viễn thông", "Bộ KH&CN" vs "Bộ KH&ĐT");
* the same bodies in every one of the 63 provinces ("Công an tỉnh Nghệ An" and
  "Công an tỉnh Hà Tĩnh" must never merge), with tone placement variants
  ("Khánh Hòa" / "Khánh Hoà");
* thousands of people sharing family and middle names (Nguyễn Văn Hùng,
  Nguyễn Văn Hưng, Nguyễn Văn Hà), written with old/new tone placement or
  without diacritics when that spelling is unambiguous.

``gold.json`` lists every entity with the surface forms actually written, so any
set of extracted names can be scored, and the duplicates planted on purpose.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

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


class _Writer:
    """Builds articles from templates, picking surface forms and recording what was used."""

    def __init__(self, entities: list[Entity], rng: random.Random) -> None:
        self.rng = rng
        self.national = [e for e in entities if e.kind == "national"]
        self.provincial = [e for e in entities if e.kind == "provincial"]
        self.people = [e for e in entities if e.kind == "person"]
        self.reporters = [e for e in entities if e.kind == "reporter"]
        self.photographers = [e for e in entities if e.kind == "photographer"]
        # A few bodies and people are in the news far more than others (Zipf-like).
        self.national_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.national))]
        self.people_cum = _cumulative([1.0 / (i + 1) ** 0.6 for i in range(len(self.people))])
        self.national_cum = _cumulative(self.national_weights)
        self.by_province: dict[str, list[Entity]] = {}
        for e in self.provincial:
            self.by_province.setdefault(e.province or "", []).append(e)

    def form(self, e: Entity, first: bool) -> str:
        r = self.rng.random()
        forms = e.forms
        if len(forms) == 1 or (first and r < 0.75) or (not first and r < 0.55):
            s = forms[0]
        else:
            s = forms[1 + int(self.rng.random() * (len(forms) - 1))]
            if s in e.rare and self.rng.random() < 0.85:
                s = forms[0]  # names typed without diacritics are the exception
        e.used.add(s)
        return s

    def pick_people(self, k: int) -> list[Entity]:
        rng = self.rng
        out: list[Entity] = []
        while len(out) < k:
            e = self.people[_bisect(self.people_cum, rng.random() * self.people_cum[-1])]
            if e not in out:
                out.append(e)
        return out

    def pick_national(self, k: int) -> list[Entity]:
        out: list[Entity] = []
        while len(out) < k:
            e = self.national[_bisect(self.national_cum, self.rng.random() * self.national_cum[-1])]
            if e not in out:
                out.append(e)
        return out

    def story(self, date: dt.date) -> tuple[str, list[str], str]:
        """(title, paragraphs, byline) of one story."""
        rng = self.rng
        orgs = self.pick_national(rng.randint(1, 3))
        province = rng.choice(PROVINCES)
        local = rng.sample(self.by_province[province], rng.randint(1, 3))
        if rng.random() < 0.3:  # bodies of a second province, near-identical names
            other = rng.choice(PROVINCES)
            if other != province:
                local.append(rng.choice(self.by_province[other]))
        people = self.pick_people(rng.randint(2, 5))
        seen: set[str] = set()

        def org(pool: Sequence[Entity] | None = None) -> str:
            e = _pick(rng, pool or orgs + local)
            s = self.form(e, e.id not in seen)
            if e.id not in seen and len(e.forms) > 1 and rng.random() < 0.08:
                alias = rng.choice(e.forms[1:])
                e.used.add(alias)
                s = f"{s} ({alias})"  # "Cục Bưu điện Trung ương (Cục BĐTW)"
            seen.add(e.id)
            return s

        def person(with_title: bool = True) -> str:
            e = _pick(rng, people)
            s = self.form(e, e.id not in seen)
            first = e.id not in seen
            seen.add(e.id)
            if not with_title:
                return s
            r = rng.random()
            if r < 0.35:
                return f"{e.title} {s}"
            if r < 0.6:
                return f"đồng chí {s} - {e.title}" if first else f"ông {s}"
            if r < 0.8:
                return f"{e.title} {org()} {s}"
            return f"ông {s}, {e.title} {org()}"

        year = date.year
        fill = {
            "org": org, "local": lambda: org(local), "nat": lambda: org(orgs), "person": person,
            "name": lambda: person(False),
        }
        title = _fmt(rng.choice(TITLE_TEMPLATES), fill, year, date)
        paras: list[str] = []
        target = rng.randint(1100, 1600)  # characters; ~1.3 bytes each in UTF-8
        size = 0
        lead = _fmt(rng.choice(LEAD_TEMPLATES), fill, year, date)
        paras.append(lead)
        size += len(lead)
        while size < target:
            n = rng.randint(1, 3)
            para = " ".join(_fmt(_pick(rng, SENTENCES), fill, year, date) for _ in range(n))
            if rng.random() < 0.2:
                para = _fmt(rng.choice(CAPTIONS), fill, year, date)
                if rng.random() < 0.4:
                    ph = rng.choice(self.photographers)
                    ph.used.add(ph.canonical)
                    para += f" (Ảnh: {ph.canonical})"
            paras.append(para)
            size += len(para)
        reporter = rng.choice(self.reporters)
        r = rng.random()
        if r < 0.5:
            byline = reporter.canonical
        elif r < 0.8:
            byline = f"{reporter.canonical}, {rng.choice(OUTLETS)}, {date.day}/{date.month}/{date.year}"
        else:  # initials only ("THVP"): no name recorded
            byline = "".join(w[0] for w in strip_marks(reporter.canonical).split()).upper() + "VP"
        if r < 0.8:
            reporter.used.add(reporter.canonical)
        return title, paras, byline


def _cumulative(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


_COMPILED: dict[str, tuple[list[str], list[str]]] = {}


def _fmt(template: str, fill: dict[str, Any], year: int, date: dt.date) -> str:
    """Fill "{slot}" markers; templates are split once and cached (this is the hot loop)."""
    compiled = _COMPILED.get(template)
    if compiled is None:
        parts = template.split("{")
        literals, slots = [parts[0]], []
        for part in parts[1:]:
            slot, rest = part.split("}", 1)
            slots.append(slot)
            literals.append(rest)
        compiled = _COMPILED[template] = (literals, slots)
    literals, slots = compiled
    out = [literals[0]]
    for slot, rest in zip(slots, literals[1:]):
        if slot == "year":
            out.append(str(year))
        elif slot == "next":
            out.append(str(year + 1))
        elif slot == "day":
            out.append(f"{date.day}/{date.month}")
        elif slot == "n":
            out.append(str(date.toordinal() % 90 + 3))
        else:
            out.append(fill[slot]())
        out.append(rest)
    text = "".join(out)
    return text[0].upper() + text[1:] if text[0].islower() else text


def _pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    """``rng.choice`` without its overhead (deterministic all the same)."""
    return seq[int(rng.random() * len(seq))]


TITLE_TEMPLATES = (
    "Ký Quy chế phối hợp giữa {nat} và {local} về bảo đảm thông tin liên lạc",
    "{local} tổng kết công tác năm {year}, triển khai nhiệm vụ năm {next}",
    "{nat} đã thực hiện tốt vai trò bảo đảm thông tin liên lạc cho các cơ quan Đảng, Nhà nước",
    "Đẩy mạnh hiện đại hóa hạ tầng, nâng cao chất lượng công tác viễn thông tại {local}",
    "{nat} - {local} tăng cường phối hợp bảo vệ An ninh Quốc gia",
    "{local} ra quân đảm bảo thông tin liên lạc phục vụ Đại hội",
    "Hội nghị sơ kết 6 tháng đầu năm {year} của {local}",
    "{person} làm việc với {local}",
    "Tập huấn chuyển đổi số cho cán bộ {local}",
    "{local} và {local} ký kết chương trình hợp tác",
)
LEAD_TEMPLATES = (
    "Ngày {day}/{year}, tại Hà Nội, {nat} đã tổ chức Hội nghị tổng kết công tác năm {year} và triển khai nhiệm vụ năm {next}. {person} đã đến tham dự.",
    "Sáng ngày {day}/{year}, {local} tổ chức Lễ ký kết quy chế phối hợp với {nat} về đảm bảo thông tin liên lạc phục vụ Lãnh đạo Đảng, Nhà nước trong trường hợp khẩn cấp.",
    "Chiều {day}, {local} tổ chức Hội nghị trực tuyến sơ kết 6 tháng công tác đầu năm {year}. {person} dự, chỉ đạo Hội nghị.",
    "Ngày {day}, {nat} đã tổ chức ra quân đảm bảo thông tin liên lạc, an toàn an ninh mạng phục vụ Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
    "Chiều {day}, tại trụ sở {local}, đoàn công tác của {nat} do {person} dẫn đầu đã làm việc với lãnh đạo đơn vị.",
)
SENTENCES = (
    "Tham dự lễ ký kết về phía {org} có {person}, {person} và đại diện các đơn vị Phòng Chính sách và nghiệp vụ, Phòng Kỹ thuật, Văn phòng.",
    "Về phía {local} có {person} cùng lãnh đạo các phòng chuyên môn.",
    "Tại Hội nghị, đại diện {org} cho biết, năm {year} là một năm trọn vẹn đơn vị triển khai các hoạt động với vai trò là đơn vị trực thuộc {nat}.",
    "Mặc dù vừa phải triển khai nhiệm vụ được giao, vừa phải tiếp tục kiện toàn cơ chế, quy định về tổ chức bộ máy, cán bộ nhưng {local} vẫn hoàn thành các nhiệm vụ được giao.",
    "Phát biểu chỉ đạo tại Hội nghị, {person} đánh giá cao những thành tựu {org} đã đạt được trong năm {year}.",
    "{person} đề nghị {local} tiếp tục phối hợp chặt chẽ với {org} để bảo đảm thông tin liên lạc thông suốt trong mọi tình huống.",
    "Do có sự tương đồng về vai trò và chức năng nhiệm vụ nên công tác phối hợp giữa {org} và {org} diễn ra thường xuyên về quản lý, vận hành các mạng thông tin dùng riêng.",
    "Phát biểu đáp từ, {person} nhất trí với ý kiến của {org}, giữa hai đơn vị cần chú trọng công tác xây dựng lực lượng.",
    "Ghi nhận thành tích, 6 tháng đầu năm {year}, đã có {n} cá nhân được tặng Bằng khen; {local} được {nat} tặng Cờ thi đua.",
    "Nhân dịp này, {person} trao Kỷ niệm chương \"Vì sự nghiệp Thông tin và Truyền thông\" tặng các cá nhân thuộc {local}.",
    "Cùng dự có {person}, {person} và lãnh đạo một số đơn vị thuộc {nat}.",
    "Theo {person}, {local} đã vận hành tốt mạng bưu chính, mạng truyền số liệu chuyên dùng và phục vụ các phiên truyền hình hội nghị.",
    "Việc liên thông gửi nhận văn bản điện tử từ trung ương đến địa phương đã được {local} triển khai kịp thời, đảm bảo tính đồng bộ và an ninh, an toàn thông tin.",
    "“Thay mặt Lãnh đạo Bộ, tôi hoan nghênh, biểu dương và ghi nhận nỗ lực của tập thể {org}”, {name} nói.",
    "Một nhiệm vụ mới của {org} trong năm {year} là tham gia vào công tác xây dựng văn bản quy phạm pháp luật.",
    "Đơn vị đã phối hợp với {org} xây dựng dự thảo Thông tư hướng dẫn về mạng truyền số liệu chuyên dùng.",
    "Bên cạnh đó, {name} bày tỏ mong muốn sẽ được {nat} chia sẻ, giúp đỡ để triển khai một số dự án quan trọng, cấp bách.",
    "Quy chế phối hợp nhận được sự nhất trí cao từ lãnh đạo {nat} và {local}.",
    "Đến nay, {local} đã hoàn thành {n}% kế hoạch năm, cao hơn cùng kỳ năm trước.",
    "Thể hiện quyết tâm chung, {person} hứa sẽ nỗ lực hết sức để đảm bảo thông tin liên lạc thông suốt, nhanh chóng, chính xác, bí mật và an toàn tuyệt đối.",
)
CAPTIONS = (
    "{person} phát biểu chỉ đạo Hội nghị",
    "{person} và các đại biểu tại Hội nghị.",
    "Đoàn cán bộ {org} tham quan Trung tâm Điều hành & Khai thác mạng tại {local}",
    "Tập thể lãnh đạo {local} chụp ảnh kỷ niệm tại buổi lễ",
    "{person} ký Quy chế phối hợp với {local}",
)


def _stamp_header(rng: random.Random, date: dt.date, title: str) -> tuple[str, str]:
    """(text above the body, text of the lead prefix) in one of the seeds' page shapes."""
    kind = rng.randrange(6)
    if kind == 0:  # print stamp + "Cập nhật | 28-07-2023"
        printed = date + dt.timedelta(days=rng.randint(30, 900))
        stamp = f"{WEEKDAYS[printed.weekday()]}, {printed:%d/%m/%Y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        return f"{stamp}\n\n{title}\n\nCập nhật | {date:%d-%m-%Y}\n\n", ""
    if kind == 1:  # outlet prefix on a line of its own
        return f"{title}\n\n(Mic.gov.vn) - \n\n", ""
    if kind == 2:  # dateline under the title
        return f"{title}\n\n{rng.randint(6, 22)}:{rng.randint(0, 59):02d} {date:%d/%m/%Y}\n", ""
    if kind == 3:  # archive month stamp glued to the lead, no title line
        return "", f" date {date:%Y-%m} "
    if kind == 4:  # garbled weekday stamp "Thứ 204072022"
        printed = date + dt.timedelta(days=rng.randint(0, 400))
        return f"Thứ {printed.weekday() + 2}{printed:%d%m%Y}\n\n{title}\n\n", ""
    return f"{title}\n\n", ""


def _article_text(writer: _Writer, rng: random.Random, date: dt.date) -> str:
    title, paras, byline = writer.story(date)
    head, prefix = _stamp_header(rng, date, title)
    body = "\n\n".join(paras)
    if prefix:
        body = prefix + body
    tail = f"\n\n{byline}"
    r = rng.random()
    if r < 0.15:
        tail += f"\n\n{rng.randint(2016, 2024)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-pg{rng.randint(1, 99):03d}.JPG"
    elif r < 0.3:
        tail += f"\n\nĐÁNH GIÁ BÀI VIẾT( {rng.randint(0, 9)})"
    return head + body + tail


@dataclass
class GenerateReport:
    files: int
    articles: int
    seconds: float
    bytes: int


SHARD = 2000  # articles per folder; each folder is generated from its own random stream


def _people_for(articles: int) -> int:
    return max(300, min(20_000, articles // 4))


_ENTITY_CACHE: dict[tuple[int, int], list[Entity]] = {}


def _entities(n_people: int, seed: int) -> list[Entity]:
    key = (n_people, seed)
    if key not in _ENTITY_CACHE:
        _ENTITY_CACHE.clear()
        _ENTITY_CACHE[key] = build_entities(n_people, seed)
    return _ENTITY_CACHE[key]


def _shard(args: tuple[str, int, int, int, int]) -> dict[str, Any]:
    """Write one folder of the archive; returns its counts, duplicates and the forms used."""
    out_s, seed, n_people, shard, articles = args
    entities = _entities(n_people, seed)
    for e in entities:
        e.used = set()
    rng = random.Random(f"archive-{seed}-{shard}")
    writer = _Writer(entities, rng)
    folder = Path(out_s) / "archive" / f"{shard:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    duplicates: list[list[str]] = []
    details: list[dict[str, str]] = []
    recent: list[tuple[str, str, int]] = []  # (file, text, number of articles) of recent files
    counts = dict.fromkeys(("files", "articles", "bytes", "exact_duplicates", "edited_duplicates", "nfd", "bom",
                            "two_story_files", "empty_trailer", "link_list_trailer"), 0)
    base_day = dt.date(2015, 1, 1).toordinal()
    i = 0
    while counts["articles"] < articles:
        rel = f"{shard:04d}/{i:05d}.txt"
        r = rng.random()
        n_here = 1
        mode = "fresh"
        if recent and r < 0.03:
            mode = "exact"  # the same file saved twice
        elif recent and r < 0.05:
            mode = "edited"  # the same story re-published with light edits
        if mode == "exact":
            src_rel, text, n_here = recent[rng.randrange(len(recent))]
            if counts["articles"] + n_here > articles:
                mode = "fresh"
            else:
                for k in range(n_here):
                    duplicates.append([f"{rel}#{k}", f"{src_rel}#{k}"])
                    details.append({"ref": f"{rel}#{k}", "original": f"{src_rel}#{k}", "kind": "exact"})
                counts["exact_duplicates"] += n_here
        if mode == "edited":
            src_rel, text, _ = recent[rng.randrange(len(recent))]
            text = _lightly_edit(rng, text.split("\n\nTin tức khác:", 1)[0])
            n_here = 1
            duplicates.append([f"{rel}#0", f"{src_rel}#0"])
            details.append({"ref": f"{rel}#0", "original": f"{src_rel}#0", "kind": "edited"})
            counts["edited_duplicates"] += 1
        if mode == "fresh":
            n_here = 1
            date = dt.date.fromordinal(base_day + rng.randrange(3400))
            text = _article_text(writer, rng, date)
            t = rng.random()
            if t < 0.12 and counts["articles"] + 1 < articles:
                second = _article_text(writer, rng, date + dt.timedelta(days=rng.randint(1, 60)))
                text += "\n\nTin tức khác:\n\n" + second
                n_here = 2
                counts["two_story_files"] += 1
            elif t < 0.22:
                text += "\n\nTin tức khác:"
                counts["empty_trailer"] += 1
            elif t < 0.27:
                text += "\n\nTin tức khác:\n\n" + "\n".join(_link_titles(rng, date))
                counts["link_list_trailer"] += 1
        recent.append((rel, text, n_here))
        if len(recent) > 300:
            recent.pop(0)
        u = rng.random()
        if u < 0.01:
            data = unicodedata.normalize("NFD", text).encode("utf-8")
            counts["nfd"] += 1
        elif u < 0.02:
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
            counts["bom"] += 1
        else:
            data = text.encode("utf-8")
        with open(f"{folder}/{i:05d}.txt", "wb") as fh:
            fh.write(data)
        counts["bytes"] += len(data)
        counts["files"] += 1
        counts["articles"] += n_here
        i += 1
    used = {e.id: sorted(e.used) for e in entities if e.used}
    return {"counts": counts, "duplicates": duplicates, "details": details, "used": used}


def generate(out: Path, articles: int, seed: int = 1, processes: int | None = None) -> GenerateReport:
    """Write ``out/archive/SSSS/NNNNN.txt`` and ``out/gold.json`` (see module docstring).

    The archive is cut into folders of ``SHARD`` articles, each from its own
    random stream, so the output does not depend on how many processes wrote it.
    """
    import os
    import time

    started = time.perf_counter()
    n_people = _people_for(articles)
    jobs = [(str(out), seed, n_people, k, min(SHARD, articles - k * SHARD)) for k in range(-(-articles // SHARD))]
    procs = processes if processes is not None else min(2, os.cpu_count() or 1)
    if procs > 1 and len(jobs) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(procs) as pool:
            results = pool.map(_shard, jobs, chunksize=1)
    else:
        results = [_shard(job) for job in jobs]
    counts: dict[str, int] = {}
    used: dict[str, set[str]] = {}
    duplicates: list[list[str]] = []
    details: list[dict[str, str]] = []
    for res in results:
        for k, v in res["counts"].items():
            counts[k] = counts.get(k, 0) + v
        for eid, forms in res["used"].items():
            used.setdefault(eid, set()).update(forms)
        duplicates += res["duplicates"]
        details += res["details"]
    entities = _entities(n_people, seed)
    gold_entities = []
    for e in entities:
        if e.id in used:
            e.used = used[e.id]
            gold_entities.append(e.gold())
    gold = {
        "seed": seed,
        "stats": counts,
        "entities": gold_entities,
        "duplicates": duplicates,
        "duplicate_details": details,
    }
    (out / "gold.json").write_bytes(orjson.dumps(gold, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    return GenerateReport(counts["files"], counts["articles"], time.perf_counter() - started, counts["bytes"])


def _link_titles(rng: random.Random, date: dt.date) -> list[str]:
    """A "related news" list: headlines only, not stories (no entity is recorded for them)."""
    names = {"org": lambda: "Cục Viễn thông", "local": lambda: "Sở TT&TT", "nat": lambda: "Bộ TT&TT",
             "person": lambda: "Bộ trưởng", "name": lambda: "ông"}
    return [_fmt(rng.choice(TITLE_TEMPLATES), names, date.year, date) for _ in range(rng.randint(2, 4))]


def _lightly_edit(rng: random.Random, text: str) -> str:
    """A re-published copy: another page stamp, a rating widget, doubled spaces, a typo fixed."""
    lines = text.split("\n")
    k = rng.randrange(3)
    if k == 0:
        lines.append("")
        lines.append(f"ĐÁNH GIÁ BÀI VIẾT( {rng.randint(1, 9)})")
    elif k == 1:
        lines = [ln.replace(", ", ",  ", 1) if len(ln) > 80 else ln for ln in lines]
    else:
        lines.insert(0, f"{WEEKDAYS[rng.randrange(7)]}, {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024 08:00:00\n")
    return "\n".join(lines)


def generate_names(out: Path, n_names: int, seed: int = 1) -> tuple[int, float]:
    """``out/names.tsv`` (NAME<TAB>TYPE) and ``out/names_gold.json`` (name -> entity id).

    Names are drawn entity by entity: national bodies and every province's
    bodies first (all their variants), then people (canonical form, plus each
    variant with some probability), until ``n_names`` distinct names.
    """
    import time

    started = time.perf_counter()
    rng = random.Random(f"names-{seed}")
    entities = build_entities(max(300, n_names), seed)
    orgs = [e for e in entities if e.type == "organization"]
    people = [e for e in entities if e.type == "person" and e.kind == "person"]
    rows: list[tuple[str, str, str]] = []
    for e in orgs:
        forms = [e.forms[0]] + [f for f in e.forms[1:] if rng.random() < 0.6]
        rows += [(f, e.type, e.id) for f in forms]
    for e in people:
        if len(rows) >= n_names:
            break
        forms = [e.forms[0]] + [f for f in e.forms[1:] if rng.random() < (0.2 if f in e.rare else 0.6)]
        rows += [(f, e.type, e.id) for f in forms]
    rng.shuffle(rows)
    rows = rows[:n_names]
    out.mkdir(parents=True, exist_ok=True)
    (out / "names.tsv").write_text("".join(f"{name}\t{type_}\n" for name, type_, _ in rows), encoding="utf-8")
    gold = {name: eid for name, _, eid in rows}
    (out / "names_gold.json").write_bytes(orjson.dumps(gold, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    return len(rows), time.perf_counter() - started
