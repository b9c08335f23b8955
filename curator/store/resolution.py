"""The resolution file."""

from __future__ import annotations

from typing import Any


from curator.store.file_format import META



class ResolutionFile:
    def load_resolution(self) -> dict[str, list[dict[str, Any]]]:
        data = self.resolution.storage.read() or {}
        return {name: list(docs.values()) for name, docs in data.items() if name != META}

    def save_resolution(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        self._require_write()
        self._replace("resolution.json", tables)  # its own commit, unless in a transaction
