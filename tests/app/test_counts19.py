"""Pilot stories for issue 19 items 7 and 9: the counts the curator is shown agree
everywhere, and a decision that changes nothing is refused and never undone."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import orjson
import pytest

from curator.app import CuratorApp
from curator.app.screens.article import ArticleScreen
from curator.app.screens.review import ReviewScreen
from curator.workspace import Workspace
from tests.app.factory import generated_db
from tests.app.test_flows import SIZE, history, ready
from tests.app.test_session19 import label_text
from tests.app.waiting import wait_until
from tests.test_cli import curator


@pytest.fixture(scope="module")
def decided_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive, resolved, with the curator's decisions on it: suggestions
    accepted and rejected, an article marked duplicate, an ingest duplicate set back."""
    db = generated_db(tmp_path_factory.mktemp("generated"), 400)
    with Workspace(db) as ws:
        for _ in range(3):
            s = ws.suggestions()[0]
            ws.merge([s.a, s.b])
        for _ in range(3):
            s = ws.suggestions()[0]
            ws.reject(s.a, s.b)
        rows = ws.article_rows()
        statuses = [ws.article(rows[i].id).status for i in range(len(rows))]
        first_new = next(rows[i].id for i, st in enumerate(statuses) if st == "new")
        first_duplicate = next(rows[i].id for i, st in enumerate(statuses) if st == "duplicate")
        ws.set_status(first_new, "duplicate")
        ws.set_status(first_duplicate, "reviewed")
    return db


def title_of(screen) -> str:
    return screen.query_one("#title-line").render().plain


async def test_after_re_running_resolution_the_notice_review_and_stats_give_the_same_count(decided_db: Path) -> None:
    app = CuratorApp(db_path=decided_db, seeds=None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app._resolve()  # what "Re-run resolution" in the command palette starts

        def summary() -> str | None:
            return next((n.message for n in app._notifications if n.title == "Resolution"), None)

        await wait_until(lambda: summary() is not None, timeout=120, pilot=pilot, what="the resolution's notice")
        await ready(app, pilot)
        told = re.search(r"([\d,]+) suggestions? to review", summary() or "")
        assert told, summary()
        in_notice = int(told.group(1).replace(",", ""))
        await pilot.press("3")
        await ready(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("s", "s")  # two skipped: still to review
        await pilot.pause()
        title = title_of(review)
    stats = curator("stats", "--json", db=decided_db)
    assert stats.returncode == 0, stats.stderr
    counts = orjson.loads(stats.stdout)
    assert counts["pending_reviews"] == in_notice, (summary(), counts["pending_reviews"])
    shown = re.search(r"to review ([\d,]+) \(skipped 2\)", title)  # a skipped one is still to review
    assert shown, title
    assert int(shown.group(1).replace(",", "")) == in_notice
    text = curator("stats", db=decided_db).stdout
    assert re.search(rf"to review:\s+{in_notice}\b", text), text


def test_stats_counts_the_duplicates_once_as_the_status_filter_does(decided_db: Path) -> None:
    counts = orjson.loads(curator("stats", "--json", db=decided_db).stdout)
    assert counts["duplicates"] == counts["by_status"]["duplicate"]
    with Workspace(decided_db, write=False) as ws:
        rows = ws.article_rows()
        listed = sum(1 for i in range(len(rows)) if ws.article(rows[i].id).status == "duplicate")
    assert counts["duplicates"] == listed
    text = curator("stats", db=decided_db).stdout
    said = re.findall(r"duplicates?:\s+(\d+)", text)
    assert said == [str(listed)], text  # one line, one number


async def test_flagging_a_flagged_article_says_so_and_leaves_one_decision_to_undo(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("f", "f", "f")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert sum("is already flagged" in m for m in said) == 2, said
        assert [d.op for d in history(small_db)] == ["status"]
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.view.status == "new"  # the one undo took the flag back
        await pilot.press("u")
        await pilot.pause()
        assert list(app._notifications)[-1].message == "Nothing to undo."
    assert history(small_db) == []


# -- item 6: long work shows how far it is, and an empty list says why ---------------
@pytest.fixture(scope="module")
def seeds_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from curator.bench.generate import generate

    out = tmp_path_factory.mktemp("seeds")
    generate(out, 600)
    return out / "archive"


def first_line(table) -> str:
    return table.render_line(1).text


async def test_a_first_run_lists_nothing_yet_says_how_far_reading_is_then_lists_the_articles_while_names_resolve(
    tmp_path: Path, seeds_folder: Path
) -> None:
    from curator.app.screens.articles import ArticlesScreen

    files = sum(1 for _ in seeds_folder.rglob("*.txt"))
    app = CuratorApp(db_path=tmp_path / "db", seeds=seeds_folder)
    reporter = app._progress

    def slower(title: str):
        # Reading is slowed a little (5 ms a file), so that it is still under way when the
        # test looks, however fast the machine.
        report = reporter(title)

        def each(done: int, total: int, what: str) -> None:
            if title == "Reading the seeds":
                time.sleep(0.005)
            report(done, total, what)

        return each

    app._progress = slower  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        # Not pilot.pause(): it waits for a quiet message queue, which may come only
        # once the whole first run is over.
        while not (isinstance(app.screen, ArticlesScreen) and app.screen.query("#articles-table")):
            await asyncio.sleep(0.005)
        screen = app.screen
        assert app.work_state is None or app.work_state[0] == "Reading the seeds"  # watched from before the read ends
        table = screen.query_one("#articles-table")
        # (what the empty list says, the work panel) while the seeds are read
        seen: list[tuple[str, str]] = []

        def record(work) -> None:  # called after the screen's own watcher of the same state
            if work is not None and work[0] == "Reading the seeds" and work[2] > 0 and not table.rows:
                panel = " ".join(label_text(w) for w in screen.query("#work-panel Label"))
                seen.append((table.empty_text, panel))

        screen.watch(app, "work_state", record, init=False)
        try:
            # Without the pilot: its pause waits for a quiet queue, which may come only at the end.
            await wait_until(lambda: app.work_state is not None and app.work_state[0] == "Resolving names", timeout=60)
        except AssertionError:
            raise AssertionError((app.work_state, [(w.name, w.state) for w in app.workers], [n.message for n in app._notifications])) from None
        assert seen, "no progress while reading the seeds"
        said, panel = seen[-1]
        assert re.search(rf"Reading the seeds: [\d,]+ of {files:,} files", said), said
        assert "No article matches" not in said
        assert f"of {files:,} files" in panel and "ctrl+x cancels" in panel, panel
        # Read: the articles are listed while their names are resolved.
        await pilot.pause()
        assert len(table.rows) > 0
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_an_empty_database_without_a_seeds_folder_says_how_to_fill_it(tmp_path: Path) -> None:
    app = CuratorApp(db_path=tmp_path / "db", seeds=tmp_path / "seeds")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        table = app.screen.query_one("#articles-table")
        said = first_line(table)
        assert "seeds/ folder here: run curator ingest PATH" in said, said


async def test_a_filter_that_matches_nothing_still_says_no_article_matches(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", "q", "q", "q", "z", "z")
        await pilot.pause(0.3)
        table = app.screen.query_one("#articles-table")
        assert not table.rows and "No article matches." in first_line(table)


async def test_the_entity_list_says_it_is_loading_not_that_nothing_matches(small_db: Path) -> None:
    app = CuratorApp(db_path=small_db, load_entities=False)  # the entities' load never ends here
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        said = first_line(app.screen.query_one("#entities-table"))
        assert "Loading the entities…" in said and "No entity matches" not in said, said
