"""Fixtures for the app: small deterministic databases and a quiet app."""

from __future__ import annotations

from pathlib import Path

import pytest


from tests.app.factory import build_small


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps the app's settings (the theme) in a folder of its own, never
    the user's: a theme chosen there must not change the screens tests look at."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    return build_small(tmp_path / "db")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    return build_small(tmp_path / "db", hostile=True)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests of this folder in a fresh event loop (no plugin needed)."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True
