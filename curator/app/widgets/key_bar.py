"""The footer: the keys of the current screen, in one widget.

Textual's ``Footer`` mounts a widget per key and recomposes on every focus
change. This bar draws the same ``active_bindings`` as a single line of text,
and redraws only when the keys change.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text-muted; }
    KeyBar > .key-bar--key { color: $accent; text-style: bold; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    _drawn: tuple[object, ...] | None = None  # the keys last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def _keys(self) -> tuple[object, ...]:
        return tuple((binding.action, binding.key, enabled) for _node, binding, enabled, _tip in self.screen.active_bindings.values())

    def _changed(self, screen: Screen[object]) -> None:
        # Textual signals after every screen change and focus move, a frame after the
        # screen drew: only a real change of keys costs another frame.
        if self.is_attached and screen is self.screen and self._keys() != self._drawn:
            self.refresh()

    def render(self) -> Text:
        self._drawn = self._keys()
        text = Text(no_wrap=True, overflow="ellipsis")
        key_style = self.get_component_rich_style("key-bar--key")
        disabled = self.get_component_rich_style("key-bar--disabled")
        seen: set[str] = set()
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == "app.command_palette" or binding.action == "command_palette":
                palette = binding
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            text.append(" ")
            text.append(self.app.get_key_display(binding), style=key_style if enabled else disabled)
            text.append(f" {binding.description} ", style="" if enabled else disabled)
        if palette is not None:
            text.append(" ")
            text.append(self.app.get_key_display(palette), style=key_style)
            text.append(" Commands")
        return text
