"""Build small databases directly through the store, independent of the extractor.

Used where a test is about curation, not about extraction: the articles, their
mentions and the resolver's links are laid down exactly as written here.
"""

from __future__ import annotations

from pathlib import Path

from curator.curation.partition import node_id
from curator.models import Article, ExtractedField, Mention
from curator.resolve.keys import name_key
from curator.resolve.pipeline import entity_counts
from curator.store import Store
from curator.store.resolution import ResolutionData

TEXTS = {
    "a1": "Cục Viễn thông và Cơ yếu ký quy chế với Cục Bưu điện Trung ương. Cục H04 là đơn vị thuộc Bộ Công an. Ông Phạm Hồng Hải dự.",
    "a2": "Cục Viễn thông & Cơ yếu tổ chức hội nghị. Văn phòng Bộ Công an tham dự. Ảnh: Phạm Hải.",
    "a3": "Cục Viễn thông làm việc với Cục BĐTW. Phạm Hải phát biểu.",
}


def _mentions(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    out = []
    for surface, type_ in names:
        start = text.index(surface)
        out.append(Mention(start, start + len(surface), surface, type_, surface))
    return sorted(out, key=lambda m: m.start)


MENTIONS = {
    "a1": [("Cục Viễn thông và Cơ yếu", "organization"), ("Cục Bưu điện Trung ương", "organization"),
           ("Cục H04", "organization"), ("Bộ Công an", "organization"), ("Phạm Hồng Hải", "person")],
    "a2": [("Cục Viễn thông & Cơ yếu", "organization"), ("Văn phòng Bộ Công an", "organization"), ("Phạm Hải", "person")],
    "a3": [("Cục Viễn thông", "organization"), ("Cục BĐTW", "organization"), ("Phạm Hải", "person")],
}

LINKS = [
    ("Cục Viễn thông và Cơ yếu", "Cục H04", "organization", "merge", 100.0, ["defined in the text"]),
    ("Cục Bưu điện Trung ương", "Cục BĐTW", "organization", "merge", 100.0, ["acronym of the name"]),
    ("Phạm Hải", "Phạm Hồng Hải", "person", "suggest", 70.0, ["same family and given name, middle name missing"]),
    ("Bộ Công an", "Văn phòng Bộ Công an", "organization", "suggest", 40.0, ["one name contains the other"]),
    ("Cục Viễn thông", "Cục Viễn thông và Cơ yếu", "organization", "suggest", 55.0, ["one name contains the other"]),
]


def node(name: str, type_: str) -> str:
    return node_id(type_, name_key(name, type_))


def build_small_db(root: Path) -> Path:
    with Store(root, write=True) as store:
        arts = []
        for i, (art_id, text) in enumerate(TEXTS.items()):
            arts.append(
                Article(
                    id=art_id, source_file=f"{art_id}.txt", file_index=0, text=text,
                    title=ExtractedField(f"Tin {art_id}", f"Tin {art_id}", 0.9),
                    published=ExtractedField(f"2021-0{i + 1}-15", f"15/0{i + 1}/2021", 0.8),
                    author=ExtractedField("Vân Anh", "Vân Anh", 0.7),
                    outlet=ExtractedField("Mic.gov.vn" if i else None, None, 0.5 if i else 0.0),
                )
            )
        store.save_articles(arts, [{"source_file": f"{a}.txt", "sha256": a, "ingested_at": "2024-01-01T00:00:00"} for a in TEXTS])
        mentions = {a: _mentions(TEXTS[a], MENTIONS[a]) for a in TEXTS}
        store.save_mentions(mentions)
        nodes: dict[str, dict] = {}
        for art_id, ms in mentions.items():
            for m in ms:
                n = node(m.name, m.type)
                entry = nodes.setdefault(n, {"node": n, "type": m.type, "forms": {}, "articles": []})
                entry["forms"][m.name] = entry["forms"].get(m.name, 0) + 1
                if art_id not in entry["articles"]:
                    entry["articles"].append(art_id)
        links = [
            {"a": node(a, t), "b": node(b, t), "outcome": o, "score": s, "reasons": r}
            for a, b, t, o, s, r in LINKS
        ]
        order = sorted(nodes)
        position = {n: i for i, n in enumerate(order)}
        ids = sorted(mentions)
        article_nodes = [sorted({position[node(m.name, m.type)] for m in mentions[a]}) for a in ids]
        store.save_resolution(
            ResolutionData(
                aliases=[{"node": n, "type": nodes[n]["type"], "forms": nodes[n]["forms"]} for n in order],
                links=links,
                article_nodes=ResolutionData.chunked(ids, article_nodes),
                runs=[{"at": "2024-01-01T00:00:01"}],
            )
        )
        store.save_entity_counts(entity_counts(ids, article_nodes, links, position))
    return root
