"""The terminal app on top of the core: ``from curator.app import CuratorApp``."""

from curator.app.app import CuratorApp

__all__ = ["CuratorApp"]
