"""The app shows why an entity's names are one: the authority file and its source."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from curator.app import CuratorApp
from curator.app.screens.entities import EntitiesScreen, EntityScreen
from curator.authority.reading import read_authority_file
from curator.store.authority import StoredAuthority, write_authority
from curator.workspace import Workspace
from tests.app.test_flows import SIZE, ready, show
from tests.test_authority_cli import ARTICLES, CSV, MOH


def build(tmp_path: Path, csv: str = CSV) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # The ministry is named in most articles, so it is the first entity of the list.
    (folder / "a6.txt").write_text("Ministry of Health warns\n\nThe Ministry of Health asked provinces to act.\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text(csv, encoding="utf-8")
    db = tmp_path / "db"
    with Workspace(db, write=True) as ws:
        ws.ingest([folder])
        write_authority(db, StoredAuthority(read_authority_file(tmp_path / "a.csv").entries, use_default=False))
        ws.resolve()
    return db


HOSTILE_SOURCE = "https://example.org/[bold]x[/][link=file:///etc/passwd]y"  # markup: shown as typed


@pytest.mark.parametrize("source", [MOH, HOSTILE_SOURCE])
async def test_the_entity_detail_shows_the_authority_file_as_the_reason_its_names_are_one(tmp_path: Path, source: str) -> None:
    db = build(tmp_path, CSV.replace(MOH, source))
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await show(app, pilot, "2", EntitiesScreen)
        detail = await show(app, pilot, "enter", EntityScreen)
        assert detail.detail.entity.name == "Bộ Y tế"
        assert {a for a, _ in detail.detail.aliases} == {"Bộ Y tế", "Ministry of Health"}
        why = detail.query_one("#entity-why", Static).content
        shown = str(getattr(why, "plain", why))
        assert "Bộ Y tế = Ministry of Health" in shown
        assert f"listed in the authority file ({source})" in shown


async def test_every_merge_of_a_long_list_is_on_screen_or_counted(tmp_path: Path) -> None:
    # Found by eyes17: a reason with a long source wrapped over two or three rows, and the panel (eight
    # rows at most) cut the later merges and the "… and N more" line off without a sign.
    long = "https://example.org/" + "tin-hoat-dong-cua-don-vi-ky-quy-che-phoi-hop-" * 4
    codes = [f"Y0{k}" for k in range(1, 9)]
    csv = "canonical,type,alias,kind,from_year,until_year,source\n" + "".join(
        f"Bộ Y tế,organization,{c},code,,,{long}{c}\n" for c in codes)
    db = build(tmp_path, csv)
    folder = tmp_path / "archive"
    (folder / "a7.txt").write_text("Các đơn vị họp\n\nCác đơn vị " + ", ".join(codes) + " cùng Bộ Y tế họp.\n", encoding="utf-8")
    with Workspace(db, write=True) as ws:
        ws.ingest([folder])
        ws.resolve()
    app = CuratorApp(db_path=db)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await show(app, pilot, "2", EntitiesScreen)
        detail = await show(app, pilot, "enter", EntityScreen)
        assert detail.detail.entity.name == "Bộ Y tế"
        panel = detail.query_one("#entity-why", Static)
        await pilot.pause()
        rows = [strip.text for strip in panel.render_lines(panel.region.reset_offset)]
        seen = "\n".join(rows)
        assert "… and 2 more" in seen
        assert sum("listed in the authority file" in r for r in rows) == 6
