"""Measurements that run in a fresh child process, one JSON object on stdout each.

* ``floor``: read every archive file and write the same text as JSON, nothing
  else; the yardstick every stage is compared with.
* ``save``: open the workspace and time curator decisions saved one by one.
* ``app``: drive ``CuratorApp`` headless (``run_test``) and time the first
  screen, a cursor move, a filter keystroke, opening an article and the review
  loop (first view, reject, undo, accept), and Review's automatic merges (``v``).
* ``merges``: Review's automatic merges view alone: ``v`` pressed three times once
  the entities are loaded, then ``d`` (split the biggest merge out) and ``u``
  (``python -m curator.bench.probes merges DB``; it records and undoes one decision).

Run in a child so that peak memory and import costs are those of a cold start,
and so a crash in one probe cannot take the runner down.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import orjson


def floor(src: Path, out: Path) -> dict[str, Any]:
    """Read every file under ``src`` and write ``[{"path", "text"}]`` as JSON to ``out``."""
    started = time.perf_counter()
    records = []
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8-sig", errors="replace")
            records.append({"path": os.path.relpath(path, src), "text": text})
    out.write_bytes(orjson.dumps(records))
    return {"files": len(records), "seconds": time.perf_counter() - started}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on sorted values."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))
    return s[k]


def save(db: Path, n: int) -> dict[str, Any]:
    """Time ``Workspace.edit_field`` (one decision saved durably) ``n`` times."""
    try:
        from curator.workspace import Workspace
    except ImportError as exc:
        return {"skipped": f"workspace not available ({exc})"}
    started = time.perf_counter()
    ws = Workspace(db)
    opened = time.perf_counter() - started
    try:
        ids = ws.article_ids()
        step = max(1, len(ids) // n)
        picks = ids[::step][:n]
        times = []
        for i, art_id in enumerate(picks):
            t = time.perf_counter()
            ws.edit_field(art_id, "title", f"Tiêu đề đã sửa số {i}")
            times.append((time.perf_counter() - t) * 1000)
    finally:
        ws.close()
    return {
        "open_s": opened,
        "n": len(times),
        "p50_ms": statistics.median(times) if times else float("nan"),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times) if times else float("nan"),
    }


# (when a screen update was written, the update) for every update since the last key.
_frames: list[tuple[float, Any]] = []


def _hook_frames() -> bool:
    """Record each screen update and when it was written, so key latency is key-to-frame,
    not harness time. Headless, nothing is written: the updates are kept and played
    onto :class:`_Cells` after the key, outside the timed part."""
    from curator.app.textual_compat import on_every_frame

    return on_every_frame(_record_frame)


def _record_frame(renderable: Any) -> None:
    _frames.append((time.perf_counter(), renderable))


class _Cells:
    """What a terminal would show: each cell's character and style, from the updates
    played onto it. Says how many cells an update changed: Textual sometimes paints
    a frame that repeats what is already there (a widget repainted twice), which a
    user cannot see."""

    def __init__(self) -> None:
        from rich.console import Console

        self.cells: dict[tuple[int, int], tuple[str, Any]] = {}
        self._console = Console(width=1000, height=1000, force_terminal=True, color_system="truecolor")

    def play(self, update: Any) -> int:
        from rich.cells import cell_len
        from rich.segment import ControlType

        render = getattr(update, "__rich_console__", None)
        if render is None:
            return 1  # not a compositor update: count it as a change
        cells, changed, x, y = self.cells, 0, 0, 0
        for segment in render(self._console, self._console.options):
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            for ch in segment.text:
                value = (ch, segment.style)
                if cells.get((x, y)) != value:
                    cells[(x, y)] = value
                    changed += 1
                x += cell_len(ch) or 1
        return changed


_cells: _Cells | None = None

BURST_GAP_S = 0.15  # frames further apart than this are not one key's doing


def _played() -> list[tuple[float, int]]:
    """The recorded updates, played in order: (when, cells changed) each; clears the record."""
    global _cells
    if _cells is None:
        _cells = _Cells()
    out = [(when, _cells.play(update)) for when, update in _frames]
    _frames.clear()
    return out


async def _latency(pilot: Any, key: str) -> float:
    """Milliseconds from pressing ``key`` to the last frame it caused that changed what
    is on screen: the last such frame of the burst of frames that follows the key."""
    await pilot.pause()
    await asyncio.sleep(0.03)
    _played()  # the screen as it is before the key
    t0 = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    end = time.perf_counter()
    await asyncio.sleep(0.03)
    done = [(when, changed) for when, changed in _played() if when > t0]
    if not done:
        return (end - t0) * 1000
    # The key's frames come in one burst; a frame long after it (the loading thread
    # finishing, the filter box's cursor blinking every 0.5 s) was not caused by the key.
    last, shown = done[0][0], done[0][0] if done[0][1] else None
    for when, changed in done[1:]:
        if when - last > BURST_GAP_S:
            break
        last = when
        if changed:
            shown = when
    return ((shown if shown is not None else last) - t0) * 1000


async def _app(db: Path, presses: int, timeout: float) -> dict[str, Any]:
    from curator.app import CuratorApp
    from curator.app.screens.article import ArticleScreen
    from curator.app.screens.articles import ArticlesScreen
    from curator.app.screens.entities import EntitiesScreen
    from curator.app.screens.review import ReviewScreen

    hooked = _hook_frames()
    out: dict[str, Any] = {"frame_timing": hooked}
    started = time.perf_counter()
    app = CuratorApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, ArticlesScreen) and screen.is_mounted and screen.query("#articles-table"):
                if screen.table.rows:
                    break
            if time.perf_counter() - started > timeout:
                return {"skipped": f"no articles on screen after {timeout:.0f} s"}
            await asyncio.sleep(0.002)
        out["first_screen_s"] = time.perf_counter() - started
        out["rows"] = len(app.screen.table.rows)  # type: ignore[attr-defined]
        cursor = [await _latency(pilot, "down") for _ in range(presses)]
        out["cursor_ms"] = statistics.median(cursor)
        out["cursor_p95_ms"] = percentile(cursor, 95)
        await pilot.press("slash")
        await pilot.pause()
        typed = [await _latency(pilot, "space" if ch == " " else ch) for ch in "nguyen van"]
        out["filter_ms"] = statistics.median(typed)
        out["filter_max_ms"] = max(typed)
        out["rows_after_filter"] = len(app.screen.table.rows)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        out["open_article_ms"] = await _latency(pilot, "enter")
        out["opened"] = isinstance(app.screen, ArticleScreen)
        out["next_article_ms"] = await _latency(pilot, "n")  # n: the next article, on the same screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        out["open_again_ms"] = await _latency(pilot, "enter")  # the usual case: the screen exists
        # The same once the background loading (entities, article files) is over.
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        out["background_done_s"] = time.perf_counter() - started
        opens, steps = [], []
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
            opens.append(await _latency(pilot, "enter"))
            steps.append(await _latency(pilot, "n"))
            await pilot.press("escape")
        out["open_idle_ms"] = statistics.median(opens)
        out["next_idle_ms"] = statistics.median(steps)
        # The review loop: the Review screen the first time, then reject, undo, accept,
        # undo (each decision is saved and undone: the suggestions are left as they were).
        await pilot.pause()
        out["review_first_ms"] = await _latency(pilot, "3")
        if isinstance(app.screen, ReviewScreen) and app.screen.current is not None:
            timed = {key: await _latency(pilot, key) for key in ("x", "u")}
            timed["a"] = await _latency(pilot, "a")
            timed["u2"] = await _latency(pilot, "u")
            out["review_reject_ms"], out["review_accept_ms"] = timed["x"], timed["a"]
            out["review_undo_ms"] = max(timed["u"], timed["u2"])
        # Review's automatic merges (v), once the background loading is over.
        if isinstance(app.screen, ReviewScreen):
            out["automatic_merges_ms"] = await _latency(pilot, "v")
            out["automatic_merges_rows"] = len(app.screen.query_one("#merges-table").rows)  # type: ignore[attr-defined]
            await pilot.press("v")
            await pilot.pause()
        # An entity's detail: the most mentioned entity (the slowest), then one of the
        # least mentioned (the usual case: most entities are named in a few articles).
        await pilot.press("2")
        await pilot.pause()
        if isinstance(app.screen, EntitiesScreen) and app.screen.table.rows:
            out["entity_top_ms"] = await _latency(pilot, "enter")
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            out["entity_small_ms"] = await _latency(pilot, "enter")
    return out


async def _merges(db: Path, timeout: float) -> dict[str, Any]:
    from curator.app import CuratorApp
    from curator.app.screens.review import ReviewScreen

    hooked = _hook_frames()
    out: dict[str, Any] = {"frame_timing": hooked}
    started = time.perf_counter()
    app = CuratorApp(db_path=db)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.workspace is not None and app.workspace.entities_loaded):
            if time.perf_counter() - started > timeout:
                return {"skipped": f"no entities after {timeout:.0f} s"}
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        out["entities_loaded_s"] = time.perf_counter() - started
        await pilot.press("3")
        await pilot.pause()
        if not isinstance(app.screen, ReviewScreen):
            return {**out, "skipped": "Review did not open"}
        opens = []
        for _ in range(3):
            opens.append(await _latency(pilot, "v"))  # to the automatic merges
            out["rows"] = len(app.screen.query_one("#merges-table").rows)  # type: ignore[attr-defined]
            await pilot.press("v")  # and back
            await pilot.pause()
        out["open_ms"] = statistics.median(opens)
        out["open_max_ms"] = max(opens)
        # Split the biggest merge back out (d), then undo it (u): the list is made again.
        await pilot.press("v", "down")
        await pilot.pause()
        out["split_ms"] = await _latency(pilot, "d")
        out["undo_ms"] = await _latency(pilot, "u")
    return out


def merges(db: Path, timeout: float = 600.0) -> dict[str, Any]:
    """Time Review's automatic merges view (``v``) opening, once the entities are loaded."""
    try:
        import curator.app  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"app not available ({exc})"}
    return asyncio.run(_merges(db, timeout))


def app(db: Path, presses: int = 15, timeout: float = 300.0) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        import curator.app  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"app not available ({exc})"}
    imported = time.perf_counter() - started
    out = asyncio.run(_app(db, presses, timeout))
    # What a user waits for after pressing enter: importing Textual and the app, then the first screen.
    out["import_s"] = imported
    if "first_screen_s" in out:
        out["first_screen_with_import_s"] = imported + out["first_screen_s"]
    return out


def main(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "floor":
        result = floor(Path(argv[1]), Path(argv[2]))
    elif kind == "save":
        result = save(Path(argv[1]), int(argv[2]) if len(argv) > 2 else 40)
    elif kind == "app":
        result = app(Path(argv[1]))
    elif kind == "merges":
        result = merges(Path(argv[1]))
    else:
        raise SystemExit(f"unknown probe {kind}")
    sys.stdout.write(orjson.dumps(result).decode() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
