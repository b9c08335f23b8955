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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from curator.bench.synthetic_entities import WEEKDAYS, Entity, build_entities
from curator.bench.synthetic_stories import TITLE_TEMPLATES, StoryWriter, fill_template, page_text


@dataclass
class GenerateReport:
    """What ``generate`` wrote: files, articles, seconds taken and bytes."""

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
    writer = StoryWriter(entities, rng)
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
            text = page_text(writer, rng, date)
            t = rng.random()
            if t < 0.12 and counts["articles"] + 1 < articles:
                second = page_text(writer, rng, date + dt.timedelta(days=rng.randint(1, 60)))
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
    return [fill_template(rng.choice(TITLE_TEMPLATES), names, date.year, date) for _ in range(rng.randint(2, 4))]


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
