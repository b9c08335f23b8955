"""Command palette (ctrl+p): the app's commands, themes, and any article or entity by name.

Every entry, its help line included, is ``Content`` built from clean text: the
palette parses a ``str`` prompt or help as markup, and so does ``Matcher.highlight``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from curator.app.display import TYPE_SHORT, cell, highlighted, plain, plural
from curator.resolve.keys import fold

if TYPE_CHECKING:
    from curator.app.app import CuratorApp

MAX_ARCHIVE_HITS = 25


class CuratorCommands(Provider):
    """Export, ingest, resolve, themes, and opening articles or entities by name."""

    @property
    def curator(self) -> CuratorApp:
        return cast("CuratorApp", self.app)

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.curator
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Export to a file…", app.action_export, "Write the curated archive as JSON (asks for a file name)"),
            ("Ingest a folder…", app.action_ingest, "Read archive files from a folder, then resolve names again"),
            ("Re-run resolution", app.action_resolve, "Extract mentions and link names again (decisions are kept)"),
            ("Show articles", partial(app.action_show, "articles"), "The table of every article"),
            ("Show entities", partial(app.action_show, "entities"), "Canonical entities with their aliases"),
            ("Review suggestions", partial(app.action_show, "review"), "The resolver's merge suggestions"),
            ("Undo the last decision", app.action_undo, "Undo again and again"),
            ("Redo", app.action_redo, "Redo what was undone"),
            ("Help: every key", app.action_help, "Keys of every screen"),
        ]
        for theme in sorted(app.available_themes):
            commands.append((f"Theme: {theme}", partial(setattr, app, "theme", theme), "Switch the colour theme"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            if not name.startswith("Theme: "):
                yield DiscoveryHit(plain(name), callback, text=cell(name), help=plain(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=cell(name), help=plain(help_text))  # type: ignore[arg-type]
        ws = self.curator.workspace
        tokens = fold(query).split()
        if ws is None or not tokens or len("".join(tokens)) < 2:
            return
        rows = ws.article_rows()
        for i in rows.search(tokens).nonzero()[0][:MAX_ARCHIVE_HITS].tolist():
            row = rows[i]
            title = cell(row.title, 90) or row.id
            display = Content.assemble(("article ", "dim"), title, (f"  {cell(row.published, 10)} {cell(row.outlet, 30)}", "dim"))
            yield Hit(0.6, display, partial(self.curator.open_article, row.id, None), text=f"article {title}")
        if not ws.entities_loaded:
            return
        found = 0
        for ent, folded in self.curator.entity_search_index():
            if all(t in folded for t in tokens):
                name = cell(ent.name, 80)
                display = Content.assemble(
                    ("entity ", "dim"), name, (f"  {TYPE_SHORT.get(ent.type, ent.type)} · {plural(len(ent.article_ids), 'article')}", "dim")
                )
                yield Hit(0.7, display, partial(self.curator.open_entity, ent.id), text=f"entity {name}")
                found += 1
                if found >= MAX_ARCHIVE_HITS:
                    break
