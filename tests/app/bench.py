"""Speed check of the app on a big generated archive (not a test; run by hand).

    python -m tests.app.bench 100000 /tmp/bench100k

Builds the database once (articles with short texts, about half as many
distinct names as articles), then drives the app headless and prints: time to
the first screen with rows, a cursor move, a filter keystroke, opening an
article, and switching to Entities and Review once entities are loaded.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


from curator.bench.probes import _hook_frames, _latency  # the benchmark's own key timing
from tests.app.factory import build_big


async def measure(db: Path) -> dict[str, float]:
    from curator.app import CuratorApp
    from curator.app.screens.article import ArticleScreen
    from curator.app.screens.articles import ArticlesScreen

    _hook_frames()
    out: dict[str, float] = {}
    started = time.perf_counter()
    app = CuratorApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, ArticlesScreen) and app.screen.is_mounted and app.screen.query("#articles-table") and app.screen.table.rows):
            await asyncio.sleep(0.005)
        await pilot.pause()
        out["first screen with rows (s)"] = time.perf_counter() - started
        await app.workers.wait_for_complete()
        out["entities loaded (s)"] = time.perf_counter() - started
        out["cursor down (ms)"] = sum([await _latency(pilot, "down") for _ in range(10)]) / 10
        out["page down (ms)"] = await _latency(pilot, "pagedown")
        out["end (ms)"] = await _latency(pilot, "end")
        out["home (ms)"] = await _latency(pilot, "home")
        out["sort by next column (ms)"] = await _latency(pilot, "s")
        await pilot.press("s", "s", "s", "s")  # back to no sort column? cycles; fine
        await pilot.press("slash")
        lat = [await _latency(pilot, "space" if ch == " " else ch) for ch in "nguyen van"]
        out["filter keystroke, mean (ms)"] = sum(lat) / len(lat)
        out["filter keystroke, first (ms)"] = lat[0]
        out["rows after filter"] = len(app.screen.table.rows)
        lat = [await _latency(pilot, "backspace") for _ in range(3)]
        out["filter backspace (ms)"] = sum(lat) / len(lat)
        await pilot.press("escape")
        await pilot.pause()
        out["open article, first time (ms)"] = await _latency(pilot, "enter")
        assert isinstance(app.screen, ArticleScreen)
        out["next article n (ms)"] = await _latency(pilot, "n")
        out["next mention j (ms)"] = await _latency(pilot, "j")
        out["mark reviewed r (ms)"] = await _latency(pilot, "r")
        await pilot.press("escape")
        await pilot.press("down")
        out["open article again (ms)"] = await _latency(pilot, "enter")
        await pilot.press("escape")
        out["switch to Entities, first (ms)"] = await _latency(pilot, "2")
        out["entities cursor (ms)"] = await _latency(pilot, "down")
        out["switch to Review, first (ms)"] = await _latency(pilot, "3")
        out["review accept + next (ms)"] = await _latency(pilot, "a")
        out["undo (ms)"] = await _latency(pilot, "u")
        out["switch to Articles again (ms)"] = await _latency(pilot, "1")
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    db = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/curator-bench-{n}")
    if not (db / "commit.json").exists():
        t = time.perf_counter()
        build_big(db, n, n // 2)
        print(f"built {n} articles in {time.perf_counter() - t:.1f} s", flush=True)
    for name, value in asyncio.run(measure(db)).items():
        print(f"{name:32} {value:10.3f}")


if __name__ == "__main__":
    main()
