"""Deterministic databases for the app's tests, laid down through the store.

The small archive has a handful of articles about the same agencies and people,
written so that every screen has something to show: automatic merges (an
entity with several aliases), open suggestions for the review queue, and
articles in every status. ``hostile=True`` adds an article whose title and body
carry markup and terminal escape sequences.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path


from curator.models import Article, ExtractedField, Mention
from curator.resolve.pipeline import entity_counts
from curator.store import Store
from curator.store.resolution import ResolutionData
from tests.builders import LINKS as BASE_LINKS
from tests.builders import node

HOSTILE_TITLE = "Tin [bold]nóng[/] [link=file:///etc/passwd]x[/link] \x1b[31mđỏ\x1b]0;PWNED\x07 chuông\x07"
HOSTILE_TEXT = (
    "Bài viết [bold]in đậm[/] và [link=file:///etc/passwd]x[/link] về Bộ Công an. "
    "Màu \x1b[31mđỏ\x1b[0m, tiêu đề \x1b]0;PWNED\x07 và chuông \x07 cuối."
)


@dataclass
class Spec:
    id: str
    title: str
    published: str
    outlet: str | None
    author: str | None
    text: str
    names: list[tuple[str, str]] = field(default_factory=list)


SMALL = [
    Spec("a01", "Cục Viễn thông và Cơ yếu ký quy chế phối hợp", "2021-01-15", "Mic.gov.vn", "Vân Anh",
         "Cục Viễn thông và Cơ yếu ký quy chế với Cục Bưu điện Trung ương. Cục H04 là đơn vị thuộc Bộ Công an. Ông Phạm Hồng Hải dự.",
         [("Cục Viễn thông và Cơ yếu", "organization"), ("Cục Bưu điện Trung ương", "organization"),
          ("Cục H04", "organization"), ("Bộ Công an", "organization"), ("Phạm Hồng Hải", "person")]),
    Spec("a02", "Hội nghị tổng kết công tác bảo mật thông tin", "2021-02-15", "Mic.gov.vn", "Vân Anh",
         "Cục Viễn thông & Cơ yếu tổ chức hội nghị. Văn phòng Bộ Công an tham dự. Ảnh: Phạm Hải.",
         [("Cục Viễn thông & Cơ yếu", "organization"), ("Văn phòng Bộ Công an", "organization"), ("Phạm Hải", "person")]),
    Spec("a03", "Làm việc với Cục BĐTW về mạng chuyên dùng", "2021-03-15", "Báo Nhân Dân", "Minh Đức",
         "Cục Viễn thông làm việc với Cục BĐTW. Phạm Hải phát biểu.",
         [("Cục Viễn thông", "organization"), ("Cục BĐTW", "organization"), ("Phạm Hải", "person")]),
    Spec("a04", "Bộ Công an triển khai đề án 06", "2021-04-02", "Báo Công an", "Trần Hà",
         "Bộ Công an triển khai đề án 06. Thượng tướng Nguyễn Văn Thành chủ trì.",
         [("Bộ Công an", "organization"), ("Nguyễn Văn Thành", "person")]),
    Spec("a05", "Đoàn công tác thăm Cục Bưu điện Trung ương", "2021-05-20", None, None,
         "Đoàn công tác của Bộ Công an thăm Cục Bưu điện Trung ương. Ông Nguyễn Thành phát biểu.",
         [("Bộ Công an", "organization"), ("Cục Bưu điện Trung ương", "organization"), ("Nguyễn Thành", "person")]),
    Spec("a06", "Tập huấn an toàn thông tin", "2021-06", "Báo Nhân Dân", "Minh Đức",
         "Cục H04 mở lớp tập huấn an toàn thông tin cho cán bộ.",
         [("Cục H04", "organization")]),
]

LINKS = [
    *BASE_LINKS,
    ("Nguyễn Thành", "Nguyễn Văn Thành", "person", "suggest", 65.0, ["same family and given name, middle name missing"]),
]


def _mentions(spec: Spec) -> list[Mention]:
    out = []
    for surface, type_ in spec.names:
        start = spec.text.index(surface)
        out.append(Mention(start, start + len(surface), surface, type_, surface))
    return sorted(out, key=lambda m: m.start)


def _field(value: str | None, confidence: float) -> ExtractedField:
    return ExtractedField(value, value, confidence if value else 0.0)


def build(root: Path, specs: list[Spec], links: list[tuple]) -> Path:
    """Write articles, mentions and resolution for these specs into ``root``."""
    with Store(root, write=True) as store:
        arts = [
            Article(
                id=s.id, source_file=f"{s.id}.txt", file_index=0, text=s.text,
                title=_field(s.title, 0.9), published=_field(s.published, 0.8),
                author=_field(s.author, 0.6), outlet=_field(s.outlet, 0.7),
            )
            for s in specs
        ]
        files = [{"source_file": f"{s.id}.txt", "sha256": s.id, "ingested_at": "2024-01-01T00:00:00"} for s in specs]
        store.save_articles(arts, files)
        mentions = {s.id: _mentions(s) for s in specs}
        store.save_mentions(mentions)
        _save_resolution(store, mentions, [
            {"a": node(a, t), "b": node(b, t), "outcome": o, "score": sc, "reasons": r} for a, b, t, o, sc, r in links
        ])
    return root


def _save_resolution(store: Store, mentions: dict[str, list[Mention]], links: list[dict]) -> None:
    nodes: dict[str, dict] = {}
    for ms in mentions.values():
        for m in ms:
            n = node(m.name, m.type)
            entry = nodes.setdefault(n, {"node": n, "type": m.type, "forms": {}})
            entry["forms"][m.name] = entry["forms"].get(m.name, 0) + 1
    order = sorted(nodes)
    position = {n: i for i, n in enumerate(order)}
    ids = sorted(mentions)
    article_nodes = [sorted({position[node(m.name, m.type)] for m in mentions[a]}) for a in ids]
    links = [l for l in links if l["a"] in position and l["b"] in position]
    store.save_resolution(
        ResolutionData(
            aliases=[{"node": n, "type": nodes[n]["type"], "forms": nodes[n]["forms"]} for n in order],
            links=links,
            article_nodes=ResolutionData.chunked(ids, article_nodes),
            runs=[{"at": "2024-01-01T00:00:01"}],
        )
    )
    store.save_entity_counts(entity_counts(ids, article_nodes, links, position))


def build_small(root: Path, hostile: bool = False) -> Path:
    specs = list(SMALL)
    if hostile:
        specs.append(Spec("a99", HOSTILE_TITLE, "2021-07-01", "[bold]Báo[/]", "\x1b]0;PWNED\x07Ai [/]",
                          HOSTILE_TEXT, [("Bộ Công an", "organization")]))
    return build(root, specs, LINKS)


# -- big archives for speed checks ------------------------------------------------
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
_MIDDLE = ["Văn", "Thị", "Hồng", "Minh", "Đức", "Quang", "Thanh", "Ngọc", "Xuân", "Hữu"]
_GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Sơn", "Thành", "Tú"]
_ORG = ["Cục", "Sở", "Vụ", "Ban", "Phòng", "Viện", "Trung tâm", "Tổng cục"]
_TOPIC = ["Viễn thông", "Bưu điện", "Tài chính", "Giáo dục", "Y tế", "Giao thông", "Nội vụ", "Tư pháp",
          "Công Thương", "Xây dựng", "Văn hóa", "Du lịch", "Khoa học", "Môi trường", "Nông nghiệp"]
_PLACE = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Nghệ An", "Thanh Hóa", "Lào Cai", "Cà Mau", "Bình Định"]
_OUTLETS = ["Báo Nhân Dân", "VnExpress", "Tuổi Trẻ", "Thanh Niên", "Báo Công an", "Mic.gov.vn", "Dân Trí"]


def build_big(root: Path, n_articles: int, n_names: int, seed: int = 4) -> Path:
    """``n_articles`` short articles mentioning ``n_names`` distinct names."""
    rnd = random.Random(seed)
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < n_names:
        if rnd.random() < 0.5:
            name, t = f"{rnd.choice(_FAMILY)} {rnd.choice(_MIDDLE)} {rnd.choice(_GIVEN)} {rnd.randint(1, 999)}", "person"
        else:
            name, t = f"{rnd.choice(_ORG)} {rnd.choice(_TOPIC)} {rnd.choice(_PLACE)} {rnd.randint(1, 999)}", "organization"
        if name not in seen:
            seen.add(name)
            names.append((name, t))
    specs = []
    mentions: dict[str, list[Mention]] = {}
    for i in range(n_articles):
        picked = [names[rnd.randrange(n_names)] for _ in range(3)]
        text = f"{picked[0][0]} làm việc với {picked[1][0]}. {picked[2][0]} phát biểu tại hội nghị số {i}."
        art_id = f"b{i:06d}"
        title = f"{picked[0][0]} và {picked[1][0]}: tin số {i}"
        specs.append(Spec(art_id, title, f"20{rnd.randint(10, 23)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                          rnd.choice(_OUTLETS), rnd.choice(_FAMILY) + " " + rnd.choice(_GIVEN), text, picked))
        ms, pos = [], 0
        for surface, t in picked:
            start = text.index(surface, pos)
            ms.append(Mention(start, start + len(surface), surface, t, surface))
            pos = start + len(surface)
        mentions[art_id] = ms
    with Store(root, write=True) as store:
        for k in range(0, n_articles, 5000):
            chunk = specs[k : k + 5000]
            store.save_articles(
                [Article(id=s.id, source_file=f"f{s.id[1:4]}.txt", file_index=int(s.id[1:]), text=s.text,
                         title=_field(s.title, 0.9), published=_field(s.published, 0.8),
                         author=_field(s.author, 0.6), outlet=_field(s.outlet, 0.7)) for s in chunk],
            )
        store.save_mentions(mentions)
        links = []
        for j in range(0, n_names - 1, 7):
            a, b = names[j], names[j + 1]
            if a[1] == b[1]:
                links.append({"a": node(a[0], a[1]), "b": node(b[0], b[1]), "outcome": "suggest" if j % 2 else "merge",
                              "score": 50.0 + j % 50, "reasons": ["generated"]})
        _save_resolution(store, mentions, links)
    return root


def generated_db(out: Path, n_articles: int, resolve: bool = True) -> Path:
    """A generated archive of ``n_articles`` (``curator.bench.generate``) under ``out``,
    ingested into ``out/db`` and, unless ``resolve`` is False, resolved."""
    from curator.bench.generate import generate
    from curator.workspace import Workspace

    generate(out, n_articles)
    db = out / "db"
    with Workspace(db) as ws:
        ws.ingest([out / "archive"])
        if resolve:
            ws.resolve()
    return db
