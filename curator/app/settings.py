"""The curator's own preferences (the colour theme), kept between runs.

They live in the user's configuration folder, ``$XDG_CONFIG_HOME/curator/settings.json``
(``~/.config/curator/settings.json`` when the variable is unset), not in the
database folder: a theme belongs to the person and their terminal, not to an
archive, and ``db/`` holds only the archive's data (a stray file there would stop
an emptied folder from counting as empty for a new database). The file is
written whole to a temporary file and renamed over the old one, so a crash
leaves the old settings or the new, never half of either. A missing, unreadable
or damaged file means the defaults: preferences are never worth a failed start.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


def settings_path() -> Path:
    """Where the settings are kept (see the module's docstring)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".config"
    return root / "curator" / "settings.json"


def load() -> dict[str, Any]:
    """The saved settings; empty when there are none or they cannot be read."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**changes: Any) -> None:
    """Keep these settings with the others, atomically; raises ``OSError`` on failure."""
    path = settings_path()
    data = load() | changes
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def keep_theme(app: App[Any]) -> None:
    """Start ``app`` in the theme saved last, and save each theme chosen from now on."""
    saved = load().get("theme")
    if isinstance(saved, str) and saved in app.available_themes and saved != app.theme:
        app.theme = saved

    def chosen(theme: Any) -> None:
        try:
            save(theme=theme.name)
        except OSError as exc:
            app.notify(f"The theme is not kept for the next run: {settings_path()}: {exc.strerror or exc}", severity="warning")

    app.theme_changed_signal.subscribe(app, chosen)
