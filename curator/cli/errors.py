"""Errors as one line, ``curator: error: ...``, exit code 1, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from curator.store import StoreError


class Failure(click.ClickException):
    """An error shown as ``curator: error: ...`` with exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"curator: error: {self.format_message()}", err=True)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """The errors a user can cause (store, curation, bad values, files) as one ``Failure`` line."""
    from curator.workspace import CurationError

    try:
        yield
    except (StoreError, CurationError, ValueError, OSError) as exc:
        raise Failure(str(exc)) from None
