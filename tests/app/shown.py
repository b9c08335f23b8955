"""What the curator sees: the detail pane open over the list (an article, an entity),
else the screen on top."""

from __future__ import annotations

from typing import Any


def on_show(app: Any) -> Any:
    screen = app.screen
    return getattr(screen, "shown", None) or screen
