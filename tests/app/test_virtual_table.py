"""The list widget keeps the curator's place: the cursor stays on its row through
sorts and filters, and a row is found by its key wherever the sort put it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual.app import App, ComposeResult

from curator.app.widgets.virtual_table import Column, VirtualTable


@dataclass
class Item:
    key: str
    name: str
    size: int


# Rows equal in value (i2 and i5 differ only by key) and in sort keys (sizes tie).
ITEMS = [
    Item("i0", "Nguyễn", 3),
    Item("i1", "an", 1),
    Item("i2", "Đà Lạt", 2),
    Item("i3", "Bình", 3),
    Item("i4", "ư", 1),
    Item("i5", "Đà Lạt", 2),
    Item("i6", "Cần Thơ", 5),
    Item("i7", "Huế", 2),
]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable(
            [Column("name", "Name", lambda r: r.name), Column("size", "Size", lambda r: r.size, width=4, sort_key=lambda r: r.size)],
            row_key=lambda r: r.key,
        )


async def test_the_cursor_stays_on_its_row_through_sorting_and_filtering() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(VirtualTable)
        items = list(ITEMS)
        table.set_rows(items)
        target = items[5]
        table.cursor = 5
        await pilot.pause()
        table.set_sort("size", reverse=True)
        assert [r.key for r in table.rows] == ["i6", "i0", "i3", "i2", "i5", "i7", "i1", "i4"]
        assert table.current_row is target and table.cursor == 4
        table.set_sort("name")
        assert table.current_row is target
        mask = np.ones(len(items), dtype=bool)
        mask[[0, 2, 3]] = False  # hides rows shown before it, and its twin in value
        table.set_mask(mask)
        assert table.current_row is target
        assert target in list(table.rows) and items[2] not in list(table.rows)
        table.set_mask(bytes([1, 1, 0, 0, 1, 1, 1, 0]))  # as bytes
        assert table.current_row is target
        assert [r.key for r in table.rows] == sorted(["i0", "i1", "i4", "i5", "i6"], key=lambda k: next(r.name for r in items if r.key == k))
        table.set_filter(lambda r: r.size >= 2)
        assert table.current_row is target
        table.set_filter(lambda r: r.size == 2, narrow=True)
        assert [r.key for r in table.rows] == ["i5"] and table.current_row is target
        table.set_filter(None)
        table.set_mask(None)
        table.set_sort(None)
        assert list(table.rows) == items and table.current_row is target
        hide = np.ones(len(items), dtype=bool)
        hide[5] = False
        table.set_mask(hide)  # its row hidden: the cursor goes to the first row shown
        assert table.cursor == 0 and table.current_row is items[0]


async def test_a_row_is_found_by_its_key_after_a_sort() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(list(ITEMS))
        table.set_sort("size", reverse=True)
        await pilot.pause()
        assert table.move_to_key("i7")
        assert table.current_row.key == "i7" and table.cursor == 5
        assert table.move_to_key("i1")
        assert table.current_row.key == "i1"
        assert not table.move_to_key("no such key")
        assert table.current_row.key == "i1"  # the cursor stays
        mask = np.ones(len(ITEMS), dtype=bool)
        mask[7] = False
        table.set_mask(mask)
        assert not table.move_to_key("i7")  # filtered out
        assert table.move_to_key("i6") and table.cursor == 0
