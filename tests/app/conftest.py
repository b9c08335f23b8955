"""Fixtures for the app: small deterministic databases and a quiet app."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.keys_shim import install

install()

from tests.app.factory import build_small  # noqa: E402


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    return build_small(tmp_path / "db")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    return build_small(tmp_path / "db", hostile=True)
