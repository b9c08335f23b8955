"""Write SVG screenshots of every screen for the README.

    python -m curator.app.screenshots [OUTPUT_DIR]

Builds a database from ``seeds/`` in a temporary folder (ingest + resolve, the
same pipeline as the first run), drives the app headless at 120x40 and saves
articles.svg, article.svg, entities.svg, entity.svg, review.svg, automatic_merges.svg
(Review's ``v``) and help.svg.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

SHOTS: list[tuple[str, list[str]]] = [
    ("articles", []),
    ("article", ["enter", "j"]),
    ("entities", ["escape", "2"]),
    ("entity", ["enter"]),
    ("review", ["escape", "3"]),
    ("automatic_merges", ["v", "down"]),
    ("help", ["v", "question_mark"]),
]


async def _shoot(db: Path, out: Path) -> list[Path]:
    from curator.app import CuratorApp

    app = CuratorApp(db_path=db)
    written = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        for name, keys in SHOTS:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            app.clear_notifications()
            await pilot.pause(0.2)
            written.append(Path(app.save_screenshot(f"{name}.svg", path=str(out))))
    return written


def main() -> None:
    from curator.workspace import Workspace

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    seeds = Path("seeds")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        with Workspace(db, write=True, command="curator screenshots") as ws:
            ws.ingest([seeds])
            ws.resolve()
        for path in asyncio.run(_shoot(db, out)):
            print(path)


if __name__ == "__main__":
    main()
