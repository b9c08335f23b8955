"""Small modal dialogs: a text prompt and a fuzzy picker.

Titles, hints, values and choices often quote the archive (a name, a title, a
path): each is shown through :mod:`curator.app.display`, as the characters it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from curator.app.display import cell, plain
from curator.app.widgets.filter_input import HandOffInput


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; enter confirms, escape cancels.

    ``check`` (optional) turns the typed text into the value returned, or raises
    ``ValueError`` whose message says why it cannot be taken: the dialog then stays
    open with the text as typed and shows the reason in place of the hint."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", hint: str = "", check: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield HandOffInput(value=cell(self.value, None), placeholder=self.placeholder, id="prompt-input", on_enter=self._submit)
            if self.hint or self.check is not None:
                yield Label(plain(self.hint), classes="dialog-hint", id="prompt-hint")

    def _submit(self, value: str) -> None:
        if self.check is not None:
            try:
                value = self.check(value)
            except ValueError as exc:
                hint = self.query_one("#prompt-hint", Label)
                hint.update(plain(str(exc), None))
                hint.add_class("dialog-error")
                return
        self.dismiss(value)  # in the box's turn: a key typed next goes to the screen below

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerScreen(ModalScreen[Any]):
    """Pick one of many items by typing part of its name (folded, accent-blind).

    ``alternatives(typed)`` (optional) gives other texts to filter by when the typed text
    matches nothing, each with a note of what was left out ("Trần Duy Ninh", "honorific
    “đồng chí”"); the hint line then says which one the list shows. It is asked once per
    typed text, never per item. In a picker that takes typed text (``allow_custom``),
    the lines found so are shown but not highlighted: enter keeps the text as typed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(
        self,
        title: str,
        items: Sequence[Any],
        label: Callable[[Any], str],
        fold: Callable[[str], str],
        allow_custom: bool = False,
        value: str = "",
        limit: int = 200,
        search: Callable[[Any], str] | None = None,
        alternatives: Callable[[str], Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.label = label
        self.fold = fold
        self.allow_custom = allow_custom
        self.value = value
        self.limit = limit
        self._labels = [cell(label(item)) for item in self.items]
        # What typing matches: the label, or a richer text (an entity's aliases too).
        haystack = [cell(search(item)) for item in self.items] if search is not None else self._labels
        self._folded = fold("\n".join(haystack)).split("\n") if self.items else []
        self._shown: list[int] = []
        self._typed = value  # the box's text the list was last made for (by ``_changed``)
        self.alternatives = alternatives
        self._alternatives: dict[str, Sequence[tuple[str, str]]] = {}  # typed text -> its alternatives

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield HandOffInput(value=cell(self.value, None), placeholder="type to filter", id="picker-input", on_enter=self._submit)
            yield OptionList(id="picker-options")
            yield Label(plain(self._default_hint()), classes="dialog-hint", id="picker-hint")

    def _default_hint(self) -> str:
        return "enter picks the highlighted line" + (", or the typed text if nothing is highlighted" if self.allow_custom else "")

    def on_mount(self) -> None:
        self._update("" if self.allow_custom else self.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        value = event.input.value  # now: a change still queued after enter is stale
        if self.is_active and value != self._typed:  # not after enter closed it (see ``_submit``)
            self._typed = value
            self._update(value)

    def _matching(self, query: str) -> list[int]:
        tokens = self.fold(query).split()
        return [i for i, f in enumerate(self._folded) if all(t in f for t in tokens)][: self.limit]

    def _update(self, query: str) -> None:
        shown = self._matching(query)
        hint = self._default_hint()
        highlight = True
        if not shown and query.strip() and self.alternatives is not None:
            if query not in self._alternatives:
                self._alternatives = {query: self.alternatives(query)}  # only the latest text is asked again
            for text, aside in self._alternatives[query]:
                found = [i for i in self._matching(text) if i not in shown]
                if found and not shown:
                    hint = f"nothing named so: showing '{text}' (set aside: {aside})"
                    if self.allow_custom:
                        hint += "; enter keeps the typed text, down picks a line"
                        highlight = False
                shown += found
            shown = shown[: self.limit]
        if self.allow_custom and query.strip() and highlight:
            # A picker that takes typed text keeps it unless it is one of the lines as a
            # whole: "Mai Duy" typed is "Mai Duy", not "Mai Duy Lâm" that starts with it.
            typed = query.strip()
            exact = [k for k, i in enumerate(shown) if self._labels[i] == typed]
            if exact:
                shown.insert(0, shown.pop(exact[0]))
            else:
                highlight = False
                if shown:
                    hint = "enter keeps the typed text, down picks a line"
        self._shown = shown
        self.query_one("#picker-hint", Label).update(plain(hint))
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options([Option(plain(self._labels[i], None)) for i in shown])
        if shown and highlight:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted
            target = (0 if delta > 0 else options.option_count - 1) if current is None else current + delta
            options.highlighted = max(0, min(options.option_count - 1, target))

    def _submit(self, value: str) -> None:
        # Enter is handled in the box's turn, maybe before the list has caught up
        # with the last keys typed: pick from what the box holds now.
        if value != self._typed:
            self._typed = value
            self._update(value)
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None and self._shown:
            self.dismiss(self.items[self._shown[options.highlighted]])
        elif self.allow_custom and value.strip():
            self.dismiss(value.strip())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[self._shown[event.option_index]])

    def action_cancel(self) -> None:
        self.dismiss(None)
