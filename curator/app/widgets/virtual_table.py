"""A table that renders only the lines on screen (the Toolong pattern).

``DataTable`` builds every row up front and parses ``str`` cells as markup; this table reads rows from any sequence (a list, or one that makes
its rows when read), keeps what it shows as an array of positions into that
sequence (sorted, then filtered), and builds each visible line from segments
in :meth:`render_line`. Cell text goes through :func:`curator.app.display.cell`
(no control characters) and is never parsed as markup.

A source may offer ``sort_order(column_key, reverse)`` (positions, or None)
and ``position(key)`` (where the row with that key is): the table then sorts
and finds rows without reading every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import is_
from typing import Any, Generic, TypeVar, overload

import numpy as np

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from curator.app.display import cell
from curator.app.widgets.cells import fit, fit_line, header_label
from curator.app.textual_compat import set_virtual_size_quietly

Row = TypeVar("Row")


@dataclass
class Column(Generic[Row]):
    """One column: how to show a row's value and how to sort by it."""

    key: str
    label: str
    value: Callable[[Any], object]
    width: int | None = None  # None: takes the space left (one flexible column)
    justify: str = "left"
    sort_key: Callable[[Any], Any] | None = None
    style: Callable[[Any], str] | None = None
    cut: str = "end"  # "middle" for names: cut, they keep their ends (see ``cells.fit``)


class RowView(Sequence[Any]):
    """The rows a table shows: positions into its source, in order (None: all, as they are).

    A view, not a copy: a new one replaces it when the sort or filter changes,
    so a holder (the article screen's ``n`` / ``p``) keeps a stable sequence.
    """

    def __init__(self, source: Sequence[Any], positions: np.ndarray | None = None) -> None:
        self.source = source
        self.positions = positions

    def __len__(self) -> int:
        return len(self.source) if self.positions is None else len(self.positions)

    @overload
    def __getitem__(self, i: int) -> Any: ...

    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if self.positions is None:
            return self.source[i]
        return self.source[int(self.positions[i])]

    def index_of_position(self, position: int) -> int | None:
        """Where the source's row at ``position`` is shown (None: it is not)."""
        if self.positions is None:
            return position if 0 <= position < len(self.source) else None
        hits = np.flatnonzero(self.positions == position)
        return int(hits[0]) if len(hits) else None

    def locate(self, key: Any, row_key: Callable[[Any], Any]) -> int | None:
        """Where the row whose key is ``key`` is shown (None: it is not)."""
        position = _position_in(self.source, key, row_key)
        return self.index_of_position(position) if position is not None else None


def _position_in(source: Sequence[Any], key: Any, row_key: Callable[[Any], Any], row: Any = None) -> int | None:
    """Where the row with this key (or this very object) is in ``source``."""
    find = getattr(source, "position", None)
    if find is not None:
        found: int | None = find(key)
        return found
    if row is not None:
        same = list(map(is_, source, repeat(row)))  # no Python call per row
        if True in same:
            return same.index(True)
    return next((i for i, r in enumerate(source) if row_key(r) == key), None)


class VirtualTable(ScrollView, can_focus=True):
    """Header + rows of Python objects, with a cursor, marks, sort and filter."""

    DEFAULT_CSS = """
    VirtualTable { height: 1fr; background: $surface; overflow-x: hidden; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; color: $text; }
    VirtualTable > .virtual-table--cursor { background: $primary 40%; }
    VirtualTable:focus > .virtual-table--cursor { background: $primary; color: $text; text-style: bold; }
    VirtualTable > .virtual-table--mark { color: $warning; text-style: bold; }
    VirtualTable > .virtual-table--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--mark",
        "virtual-table--empty",
    }
    BINDINGS = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("home,g", "jump(0)", "First row", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "Last row", show=False, id="table.last"),
        Binding("enter", "select", "Open", id="table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)  # the watcher repaints

    class _RowMessage(Message):
        def __init__(self, table: VirtualTable, row: Any) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(_RowMessage):
        """Enter (or a double click) on a row."""

    class Highlighted(_RowMessage):
        """The cursor moved to a row."""

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        *,
        row_key: Callable[[Any], Any] = id,
        empty_text: str = "Nothing to show.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.row_key = row_key
        self.empty_text = empty_text
        self.all_rows: Sequence[Any] = []
        self.rows = RowView([])  # what is shown: all_rows sorted then filtered
        self._order: np.ndarray | None = None  # all_rows positions in sorted order (None: as they are)
        self.mask: np.ndarray | None = None  # a bool per row of all_rows: show it if true (None: all)
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.predicate: Callable[[Any], bool] | None = None
        self.marked: set[Any] = set()
        self._cells: dict[int, tuple[str, ...]] = {}
        self._styles: dict[str, Style] = {}

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def on_focus(self, event: events.Focus) -> None:
        self._styles.clear()

    def on_blur(self, event: events.Blur) -> None:
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """Rich styles looked up once per focus or CSS change (not per line)."""
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            style = base if name == "base" else base + self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    # -- data --------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any], keep_cursor: bool = True) -> None:
        """Show these rows (sorted and filtered as set); keep the cursor's row if it is still there."""
        current = self.current_row if keep_cursor else None
        self.all_rows = rows
        self._resort()
        self._refilter(current)

    def set_sort(self, column: str | None, reverse: bool = False) -> None:
        current = self.current_row
        self.sort_column, self.sort_reverse = column, reverse
        self._resort()
        self._refilter(current)

    def set_filter(self, predicate: Callable[[Any], bool] | None, narrow: bool = False) -> None:
        """Show only rows the predicate keeps; ``narrow``: it keeps a subset of what is shown now
        (the query grew by a keystroke), so only the shown rows are tested."""
        current = self.current_row
        self.predicate = predicate
        self._refilter(current, narrow=narrow and predicate is not None)

    def set_mask(self, mask: Any) -> None:
        """Show only the rows of ``all_rows`` whose entry in ``mask`` (a numpy bool array,
        or bytes) is true, in the current sort order; None shows every row. The fast
        path for a filter that finds rows by position instead of testing each row."""
        current = self.current_row
        if isinstance(mask, (bytes, bytearray)):
            mask = np.frombuffer(mask, dtype=bool)
        self.mask = mask
        self._refilter(current)

    def invalidate(self) -> None:
        """Row objects changed in place: redraw them."""
        self._cells.clear()
        self.refresh()

    def _resort(self) -> None:
        col = next((c for c in self.columns if c.key == self.sort_column), None)
        rows = self.all_rows
        if col is None:
            self._order = None
            return
        fast = getattr(rows, "sort_order", None)
        order = fast(col.key, self.sort_reverse) if fast is not None else None
        if order is None:
            key = col.sort_key or (lambda r, c=col: str(c.value(r)))
            keys = [key(r) for r in rows]
            order = np.array(sorted(range(len(rows)), key=keys.__getitem__, reverse=self.sort_reverse), dtype=np.int64)
        self._order = order

    def _refilter(self, keep: Any = None, narrow: bool = False) -> None:
        pred = self.predicate
        source = self.all_rows
        positions: np.ndarray | None
        if narrow and pred is not None:
            positions = self.rows.positions
        else:
            positions = self._order
            mask = self.mask
            if mask is not None and len(mask) != len(source):
                mask = self.mask = None  # made for other rows (before a reload): the screen filters again
            if mask is not None:
                positions = np.flatnonzero(mask) if positions is None else positions[mask[positions]]
        if pred is not None:
            candidates = positions.tolist() if positions is not None else range(len(source))
            positions = np.fromiter((p for p in candidates if pred(source[p])), dtype=np.int64)
        self.rows = RowView(source, positions)
        self._cells.clear()
        self._set_virtual_height(len(self.rows) + 1)
        self.cursor = self._index_of(keep) if keep is not None else 0
        self.refresh()

    def _index_of(self, row: Any) -> int:
        """Where ``row`` is shown now (0 if it is not): the same object, else the same key."""
        position = _position_in(self.all_rows, self.row_key(row), self.row_key, row)
        found = self.rows.index_of_position(position) if position is not None else None
        return found or 0

    def _set_virtual_height(self, height: int) -> None:
        """Change the scrollable height without a screen layout pass when the scrollbar stays.

        ``virtual_size`` is a layout reactive: setting it relayouts the whole
        screen, and the height changes on every filter keystroke.
        """
        new = Size(self.size.width, height)
        old = self.virtual_size
        view = self.size.height
        if self.is_mounted and old.height and (old.height > view) == (height > view):
            set_virtual_size_quietly(self, new)
            self.refresh()
        else:
            self.virtual_size = new

    @property
    def current_row(self) -> Any:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def move_to_key(self, key: Any) -> bool:
        found = self.rows.locate(key, self.row_key)
        if found is None:
            return False
        self.cursor = found
        return True

    def toggle_mark(self) -> None:
        row = self.current_row
        if row is None:
            return
        key = self.row_key(row)
        self.marked.symmetric_difference_update({key})
        self._cells.pop(self.cursor, None)
        self.refresh()

    def mark_shown(self) -> None:
        """Mark every row shown (what the filter keeps); when all are marked, unmark them."""
        row_key = self.row_key
        keys = {row_key(r) for r in self.rows}
        if keys and keys <= self.marked:
            self.marked -= keys
        else:
            self.marked |= keys
        self.invalidate()

    # -- cursor ------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_y
        self._scroll_cursor_into_view()
        if self.scroll_y == top and old != new:
            # Only the two lines whose highlight changed: Textual keeps the others.
            self.refresh_line(old + 1)  # + 1: the header is line 0
            self.refresh_line(new + 1)
        else:
            self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(self, self.rows[new]))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self._scroll_cursor_into_view()

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.size.height - 2)

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else len(self.rows) - 1

    def action_select(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            col = self._column_at(event.x)
            if col is not None:
                reverse = not self.sort_reverse if self.sort_column == col.key else False
                self.set_sort(col.key, reverse)
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    # -- rendering ---------------------------------------------------------------
    @property
    def _line_width(self) -> int:
        """Cells a line may use: the content width less a vertical scrollbar, so the last column shows."""
        return self.scrollable_content_region.width
    def _widths(self, total: int) -> list[int]:
        fixed = sum(c.width or 0 for c in self.columns) + len(self.columns)  # 1 space each
        flex = [c for c in self.columns if c.width is None]
        rest = max(8, total - fixed)
        return [c.width if c.width is not None else rest // max(1, len(flex)) for c in self.columns]

    def _column_at(self, x: int) -> Column[Any] | None:
        pos = 1
        for col, width in zip(self.columns, self._widths(self._line_width)):
            if pos <= x < pos + width + 1:
                return col
            pos += width + 1
        return None

    def _cells_of(self, index: int) -> tuple[str, ...]:
        cached = self._cells.get(index)
        if cached is None:
            row = self.rows[index]
            cached = tuple(cell(c.value(row)) for c in self.columns)
            if len(self._cells) > 4000:
                self._cells.clear()
            self._cells[index] = cached
        return cached

    def render_lines(self, crop: Region) -> list[Strip]:
        # The line width and column widths, worked out once per frame, never per line
        # (the content region is costly to work out).
        width = self._line_width
        self._frame = (width, self._widths(width))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[int, list[int]] | None = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            width = self._line_width
            widths = self._widths(width)
        else:
            width, widths = frame
        base = self._style("base")
        # Every cell is cut or padded to its column's width, so a line's cell length is
        # known: Textual need not measure it again (grapheme by grapheme, outside ASCII).
        used = sum(widths) + len(widths)  # a space before each cell (a few columns: cheap)
        if y == 0:
            style = self._style("virtual-table--header")
            labels = []
            for col, w in zip(self.columns, widths):
                arrow = ("▼" if self.sort_reverse else "▲") if col.key == self.sort_column else None
                labels.append(header_label(col.label, w, col.justify, arrow))
            return fit_line([Segment(" " + " ".join(labels), style)], used, width, style)
        index = int(self.scroll_y) + y - 1
        rows = self.rows
        if index >= len(rows):
            if index == 0 and not rows:
                style = self._style("virtual-table--empty")
                return Strip([Segment(" " + self.empty_text, style)]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        row = rows[index]
        values = self._cells_of(index)
        is_cursor = index == self.cursor
        row_style = self._style("virtual-table--cursor") if is_cursor else base
        marked = self.row_key(row) in self.marked if self.marked else False
        segs = [Segment("●", row_style + self._style("virtual-table--mark"))] if marked else []
        # Runs of cells in the same style go out as one segment: Textual's work per
        # line grows with the segments, and a filter keystroke redraws every line.
        run: list[str] = [] if marked else [" "]
        for col, w, value in zip(self.columns, widths, values):
            style = row_style
            if col.style is not None and not is_cursor:
                extra = col.style(row)
                if extra:
                    style = row_style + Style.parse(extra)
            text = fit(value, w, col.justify, col.cut)
            if style is row_style:
                run.append(text)
                run.append(" ")
            else:
                if run:
                    segs.append(Segment("".join(run), row_style))
                segs.append(Segment(text, style))
                run = [" "]
        run.pop()  # no space after the last cell
        if run:
            segs.append(Segment("".join(run), row_style))
        return fit_line(segs, used, width, row_style)
