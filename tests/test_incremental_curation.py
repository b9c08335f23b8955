"""A decision, its undo and its redo change only the entities they touch; what the
curator then sees (suggestions, entity counts, the entities themselves) is what
working everything out again from scratch gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from curator.store import Store
from curator.workspace import CurationError, Workspace, cooccurrence
from tests.app.factory import _save_resolution, build_big
from tests.builders import node


def dense_db(root: Path, seed: int) -> Path:
    """Articles naming 40 names, with many suggest links between them (and some merges)."""
    build_big(root, 240, 40, seed=seed)
    rnd = random.Random(seed)
    with Store(root, write=True) as store:
        mentions = {a.id: store.mentions(a.id) for a in store.articles()}
        names = sorted({(m.name, m.type) for ms in mentions.values() for m in ms})
        links = []
        for _ in range(160):
            (a, ta), (b, tb) = rnd.sample(names, 2)
            if ta == tb:
                links.append({"a": node(a, ta), "b": node(b, tb), "outcome": rnd.choice(["suggest", "suggest", "merge"]),
                              "score": float(rnd.randint(30, 95)), "reasons": ["generated"]})
        _save_resolution(store, mentions, links)
    return root


def seen(ws: Workspace) -> tuple:
    """What the curator sees of the entities: each with its names and articles, the
    open suggestions (a rejection removes one), the article list's counts."""
    ents = [(e.id, e.type, e.name, sorted(e.aliases.items()), e.article_ids) for e in ws.entities()]
    return ents, ws.suggestions(), ws.article_rows().counts().tolist()


def details(ws: Workspace) -> dict:
    """Every entity's detail: aliases, articles, the entities it appears with, why merged."""
    out = {}
    for e in ws.entities():
        d = ws.entity(e.id)
        out[e.id] = (d.aliases, d.articles.ids(), [(o.id, n) for o, n in d.cooccurring], d.merged_because)
    return out


def search_texts(ws: Workspace) -> list:
    """Each entity's folded name, then its folded aliases (in any order)."""
    out = []
    for e, text in ws.entity_search_texts():
        name, *aliases = text.split(" | ")
        out.append((e, name, sorted(aliases)))
    return out


def links(ws: Workspace) -> set:
    texts = ws.entity_search_texts()
    which, rows = ws.entity_article_pairs()
    ids = ws.article_ids()
    return {(texts[w][0].id, ids[r]) for w, r in zip(which.tolist(), rows.tolist())}


def check(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state kept up to date one decision at a time is the state a fresh open of
    the same database works out from scratch."""
    with Workspace(ws.root, write=False) as fresh:
        assert seen(ws) == seen(fresh)
        assert search_texts(ws) == search_texts(fresh)
        assert links(ws) == links(fresh)
        expected = details(fresh)
        assert details(ws) == expected  # co-occurrence walked from each entity's articles
        ws.entity_text_index()
        assert ws.entity_filters_ready()
        monkeypatch.setattr(cooccurrence, "WALK_BELOW", 0)
        assert details(ws) == expected  # counted from the filters' entity-article links
        monkeypatch.undo()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_decisions_undos_and_redos_keep_what_the_curator_sees_exact(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(seed)
    with Workspace(dense_db(tmp_path / "db", seed)) as ws:
        ws.load_entities()
        assert len(ws.suggestions()) >= 10
        before: list[tuple] = []  # what the curator saw before each decision in effect
        for _ in range(40):
            sugg = ws.suggestions()
            step = rnd.choice(["accept", "accept", "reject", "split", "rename", "relink", "undo", "undo", "redo"])
            seen_now = seen(ws)
            try:
                if step in ("accept", "reject") and sugg:
                    s = rnd.choice(sugg[:5])
                    ws.merge([s.a, s.b]) if step == "accept" else ws.reject(s.a, s.b)
                elif step == "split":
                    many = [e for e in ws.entities() if len(e.aliases) > 1]
                    if not many:
                        continue
                    e = rnd.choice(many)
                    ws.split(e.id, rnd.choice(sorted(e.aliases)))
                elif step == "rename":
                    e = rnd.choice(ws.entities())
                    ws.rename(e.id, f"Tên mới {rnd.randint(1, 99)}")
                elif step == "relink":
                    art_id = rnd.choice(ws.article_ids())
                    mentions = ws.article(art_id).mentions
                    if not mentions:
                        continue
                    m = rnd.choice(mentions)
                    to = rnd.choice([None, *[e.id for e in ws.entities() if e.type == m.type]])
                    ws.relink_mention(art_id, m.start, m.end, to, m.field)
                elif step == "undo":
                    if ws.undo() is not None:
                        assert seen(ws) == before.pop()  # exactly as it was
                    check(ws, monkeypatch)
                    continue
                elif step == "redo":
                    if ws.redo() is not None:
                        before.append(seen_now)
                    check(ws, monkeypatch)
                    continue
                else:
                    continue
            except CurationError:
                continue
            before.append(seen_now)
            check(ws, monkeypatch)
        # After a restart (a replay of the history) the entities are the same.
        kept = sorted((e.name, sorted(e.aliases)) for e in ws.entities())
    with Workspace(tmp_path / "db") as again:
        assert sorted((e.name, sorted(e.aliases)) for e in again.entities()) == kept
        check(again, monkeypatch)


def test_undo_of_an_earlier_session_and_of_this_one_give_what_a_fresh_open_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace(dense_db(tmp_path / "db", 5)) as ws:
        s = ws.suggestions()[0]
        ws.merge([s.a, s.b])
    with Workspace(tmp_path / "db") as ws:
        ws.load_entities()
        assert ws.undo() is not None  # made before this session
        check(ws, monkeypatch)
        before = seen(ws)
        s = ws.suggestions()[0]
        ws.reject(s.a, s.b)
        assert seen(ws) != before
        ws.undo()  # this session's
        assert seen(ws) == before
        check(ws, monkeypatch)
