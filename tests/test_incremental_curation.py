"""A decision, its undo and its redo change only the entities they touch; what the
curator then sees (suggestions, entity counts, the entities themselves) is what
working everything out again from scratch gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from curator.curation.partition import Partition
from curator.curation.suggestions import OpenSuggestions
from curator.store import Store
from curator.workspace import CurationError, Workspace
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


def shape(p: Partition) -> tuple:
    """A partition as sets, whatever its cluster numbers."""
    clusters = frozenset(frozenset(m) for m in p.members.values())
    names = frozenset((frozenset(p.members[c]), n) for c, n in p.names.items())
    cannot = frozenset((n, frozenset(b)) for n, b in p.cannot.items() if b)
    return clusters, names, cannot


def from_scratch(ws: Workspace) -> list:
    return OpenSuggestions(ws._links).current(dict(ws._entities_by_cluster()), ws._partition)


def fold_all(e) -> str:
    from curator.workspace import _fold

    return " | ".join(_fold(n) for n in (e.name, *e.aliases))


def check(ws: Workspace) -> None:
    assert ws.suggestions() == from_scratch(ws)
    ids = ws.article_ids()
    assert ws.article_rows().counts().tolist() == [ws._count_entities(a) for a in ids]
    # The entities kept up to date one decision at a time are those a full pass makes.
    kept = {e.id: (e.name, sorted(e.aliases.items()), sorted(e.article_ids)) for e in ws._entities_by_cluster().values()}
    full = {}
    for cid, members in ws._partition.members.items():
        e = ws._make_entity(cid, members)
        if e is not None:
            full[e.id] = (e.name, sorted(e.aliases.items()), sorted(e.article_ids))
    assert kept == full
    # What an entity's detail lists as appearing with it, walked from its articles'
    # names, is what checking every other entity gives.
    # The order mended one decision at a time is the one a fresh sort gives.
    assert ws.entities() == sorted(ws._entities_by_cluster().values(), key=lambda e: (-len(e.article_ids), e.type, e.name, e.id))
    texts = ws.entity_search_texts()
    assert texts == [(e, fold_all(e)) for e in ws.entities()]  # kept texts are those made afresh
    ws.entity_text_index()
    which, rows = ws.entity_article_pairs()
    # The links from the articles' names are those from the entities' article lists.
    fresh_which, fresh_rows = ws._pairs_from_entities(texts)
    assert set(zip(which.tolist(), rows.tolist())) == set(zip(fresh_which.tolist(), fresh_rows.tolist()))
    assert ws.entity_filters_ready()
    pos = ws._pos
    for cid, e in ws._entities_by_cluster().items():
        scanned = ws._cooccurring_by_scan(cid, e)
        assert ws._cooccurring(cid, e) == scanned, e.name
        assert ws._cooccurring_by_pairs(cid, [pos[a] for a in e.article_ids]) == scanned, e.name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_decisions_undos_and_redos_keep_what_the_curator_sees_exact(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    with Workspace(dense_db(tmp_path / "db", seed)) as ws:
        ws.load_entities()
        assert len(ws.suggestions()) >= 10
        before: list[tuple] = []  # the partition's shape before each decision in effect
        for _ in range(40):
            sugg = ws.suggestions()
            step = rnd.choice(["accept", "accept", "reject", "split", "rename", "undo", "undo", "redo"])
            shape_now = shape(ws._partition)
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
                elif step == "undo":
                    if ws.undo() is not None:
                        assert shape(ws._partition) == before.pop()  # exactly as it was
                    check(ws)
                    continue
                elif step == "redo":
                    if ws.redo() is not None:
                        before.append(shape_now)
                    check(ws)
                    continue
                else:
                    continue
            except CurationError:
                continue
            before.append(shape_now)
            check(ws)
        # After a restart (a replay of the history) the entities are the same.
        kept = sorted((e.name, sorted(e.aliases)) for e in ws.entities())
    with Workspace(tmp_path / "db") as again:
        assert sorted((e.name, sorted(e.aliases)) for e in again.entities()) == kept
        check(again)


def test_undo_after_a_restart_replays_and_then_is_quick_again(tmp_path: Path) -> None:
    with Workspace(dense_db(tmp_path / "db", 5)) as ws:
        s = ws.suggestions()[0]
        ws.merge([s.a, s.b])
    with Workspace(tmp_path / "db") as ws:
        ws.load_entities()
        partition = ws._partition
        assert ws.undo() is not None  # made before this session: replayed
        assert ws._partition is not partition
        check(ws)
        s = ws.suggestions()[0]
        ws.reject(s.a, s.b)
        partition = ws._partition
        ws.undo()
        assert ws._partition is partition  # this session's: put back in place
        check(ws)
