"""Command line: the same core the app uses (placeholder, being written)."""

import click


@click.group()
def main() -> None:
    """curator: curate an archive of Vietnamese news articles."""
