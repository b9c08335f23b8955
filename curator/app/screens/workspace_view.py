"""What a list screen and a detail pane share: the controller, the workspace, requests
to the app, and drawing again only when the workspace changed since they last drew."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curator.app.controller import Controller
    from curator.app.messages import Request
    from curator.workspace import Workspace


class ShowsWorkspace:
    """Reads and changes the workspace through ``controller``; for anything else (open
    an article, pick an entity) posts a request to the app (:mod:`curator.app.messages`).

    ``_generation`` is the controller's generation this view last drew for: ``sync``
    draws again (``refresh_data``) only when a decision or a reload came since."""

    controller: Controller
    _generation = -1
    app: Any  # the running app (Textual's, on the screen or widget this is mixed into)

    @property
    def workspace(self) -> Workspace:
        ws = self.controller.workspace
        assert ws is not None
        return ws

    def request(self, message: Request) -> None:
        """Ask the app for something: posted to the app itself, not bubbled up."""
        self.app.post_message(message)

    def sync(self, force: bool = False) -> None:
        """Redraw from the workspace if it changed since this view last drew."""
        if self.controller.workspace is None:
            return
        if force or self._generation != self.controller.generation:
            self._generation = self.controller.generation
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the workspace again and redraw (subclasses override)."""
