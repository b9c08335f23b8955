"""How the synthetic archive's articles are written: stories from templates naming the entities
in their variant spellings, page stamps and datelines in the seeds' shapes, captions and bylines."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from curator.bench.synthetic_entities import OUTLETS, PROVINCES, WEEKDAYS, Entity, strip_marks


class StoryWriter:
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
        title = fill_template(rng.choice(TITLE_TEMPLATES), fill, year, date)
        paras: list[str] = []
        target = rng.randint(1100, 1600)  # characters; ~1.3 bytes each in UTF-8
        size = 0
        lead = fill_template(rng.choice(LEAD_TEMPLATES), fill, year, date)
        paras.append(lead)
        size += len(lead)
        while size < target:
            n = rng.randint(1, 3)
            para = " ".join(fill_template(_pick(rng, SENTENCES), fill, year, date) for _ in range(n))
            if rng.random() < 0.2:
                para = fill_template(rng.choice(CAPTIONS), fill, year, date)
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


def fill_template(template: str, fill: dict[str, Any], year: int, date: dt.date) -> str:
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


def page_text(writer: StoryWriter, rng: random.Random, date: dt.date) -> str:
    """One article file's text: a page stamp or dateline, the story, its byline and sometimes page furniture."""
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
