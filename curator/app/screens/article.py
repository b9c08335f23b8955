"""One article: metadata with the extractor's confidence, the body with its
entity mentions highlighted, and the entities it mentions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from curator.app.controller import Controller, describe_decision
from curator.app.messages import OpenEntity, PickEntity
from curator.app.display import STATUS_STYLES, TYPE_SHORT, body, cell, path_cell, type_style
from curator.app.screens.article_search import ArticleSearch
from curator.app.screens.base import CuratorScreen
from curator.app.widgets.filter_input import HandOffInput
from curator.app.widgets.text_search import TextSearch
from curator.app.widgets.text_view import TextView
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.curation.typed_dates import FORMATS, typed_date
from curator.models import EDITABLE_FIELDS, Decision
from curator.workspace import ArticleView, MentionView, _fold
from curator.workspace.originals import LikelyOriginal, likely_originals

NO_ORIGINAL = "None of these: a duplicate, its original not named"

FIELD_LABELS = {"title": "Title", "published": "Date", "author": "Author", "outlet": "Outlet"}
FIELD_KEYS = {"title": "t", "published": "D", "author": "A", "outlet": "O"}


class ArticleScreen(ArticleSearch, CuratorScreen):
    HELP_TITLE = "Article"
    BINDINGS = [
        Binding("escape", "back", "Back", id="article.back", tooltip="Back (with a search: clears it first)"),
        Binding("n", "step(1)", "Next article", id="article.next"),
        Binding("p", "step(-1)", "Prev article", id="article.prev"),
        Binding("j,right", "mention(1)", "Next mention", id="article.next_mention"),
        Binding("k,left", "mention(-1)", "Prev mention", show=False, id="article.prev_mention"),
        Binding("a", "accept", "Accept", id="article.accept", tooltip="Accept the highlighted mention as extracted"),
        Binding("x", "unlink", "Unlink", id="article.unlink", tooltip="The highlighted mention is not that entity"),
        Binding("l", "link", "Link…", id="article.link", tooltip="Link the highlighted mention to another entity"),
        Binding("r", "status('reviewed')", "Reviewed", id="article.reviewed"),
        Binding("f", "status('flagged')", "Flag", id="article.flagged"),
        Binding("d", "duplicate", "Duplicate…", id="article.duplicate", tooltip="Mark a duplicate and pick the article it copies"),
        Binding("e", "edit", "Edit field…", id="article.edit", tooltip="Edit title, date, author or outlet"),
        Binding("t", "edit('title')", "Edit title", show=False, id="article.edit_title"),
        Binding("D", "edit('published')", "Edit date", show=False, id="article.edit_date"),
        Binding("A", "edit('author')", "Edit author", show=False, id="article.edit_author"),
        Binding("O", "edit('outlet')", "Edit outlet", show=False, id="article.edit_outlet"),
        Binding("slash", "search", "Search", id="article.search", tooltip='Search the text: accents optional, "in quotes" as written'),
        Binding("right_square_bracket", "hit(1)", "Next hit", id="article.next_hit"),
        Binding("left_square_bracket", "hit(-1)", "Prev hit", show=False, id="article.prev_hit"),
        Binding("tab", "app.focus_next", "Focus next", show=False, id="article.focus"),
    ]

    def __init__(self, controller: Controller, article_id: str = "", sequence: Sequence[Any] | None = None) -> None:
        super().__init__(controller)
        self.article_id = article_id
        self.sequence = sequence or []
        self.index = -1  # where the article is in ``sequence``, if known
        self.view: ArticleView | None = None
        self.mention_index = 0
        self._scroll_home = False  # a new article starts at the top of its text
        self._said = ""  # what the last key decided on this article (shown under the mention)
        self._search = TextSearch()  # kept from article to article, until escape

    def show_article(self, article_id: str, sequence: Sequence[Any] | None, index: int = -1) -> None:
        """Point this (reused) screen at another article; it draws at the next
        :meth:`sync` (the app calls it before showing the screen, else on resume).

        ``index``: the article's place in ``sequence`` when the caller knows it
        (then the sequence is not searched)."""
        self.article_id = article_id
        self.sequence = sequence or []
        self.index = index
        self.view = None
        self.mention_index = 0
        self._scroll_home = True
        self._said = ""
        self._generation = -1
        self._search.clear()  # a search lasts while stepping with n / p, not to an article opened anew
        if self.is_mounted:
            self.query_one("#article-search-box", Input).display = False

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="article-main"):
            with Vertical(id="article-left"):
                yield SteadyStatic(id="article-meta")
                yield TextView(id="article-body")
                yield HandOffInput(placeholder='search the text (accents optional; "in quotes": as written)', id="article-search-box",
                                   on_enter=self._search_done)
                yield SteadyStatic(id="article-search", classes="info-line")
                yield SteadyStatic(id="article-mention", classes="info-line")
            with Vertical(id="article-side"):
                yield Label("Entities", classes="side-title")
                yield VirtualTable(
                    [
                        Column("type", "Type", lambda e: TYPE_SHORT.get(e.type, e.type), width=6, style=lambda e: type_style(e.type)),
                        Column("name", "Name", lambda e: e.name, cut="middle"),
                    ],
                    row_key=lambda e: e.id,
                    empty_text="No entity.",
                    id="article-entities",
                )
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#article-search-box", Input).display = False
        self.query_one("#article-search", SteadyStatic).display = False
        self.query_one("#article-body", TextView).focus()
        if not self.article_id:
            # Composed unseen (see ``CuratorApp._prepare_screens``): lines of an article's
            # height, so that the first layout, done then, holds for the first article.
            self.set_title_line(Text("Article", style="bold"))
            self.query_one("#article-meta", SteadyStatic).update(Text("\n" * len(EDITABLE_FIELDS)))
            self.query_one("#article-body", TextView).update(Text("…"))
            self.query_one("#article-mention", SteadyStatic).update(Text("…\n"))

    # -- data ------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if not self.article_id:
            return  # composed unseen at start (see ``CuratorApp._prepare_screens``): no article yet
        try:
            # Not waiting for the entity state a background thread is loading: the
            # article shows at once, its links when the entities are there.
            self.view = self.workspace.article(self.article_id, wait=False)
        except Exception as exc:  # the article went away (re-ingest)
            self.view = None
            self.notify(str(exc), severity="error")
            if self.is_current:
                self.app.pop_screen()
            return
        self.mention_index = min(self.mention_index, max(0, len(self.view.mentions) - 1))
        self._draw()
        if self._scroll_home:
            self._scroll_home = False
            body_view = self.query_one("#article-body", TextView)
            body_view.scroll_home(animate=False)
            if self._search.current_start is not None:  # a search goes on in the next article: its first hit
                self._scroll_into_view(body_view.content.plain[: self._search.current_start])

    def _position(self) -> tuple[int, int]:
        seq = self.sequence
        i = self.index
        if 0 <= i < len(seq) and getattr(seq[i], "id", seq[i]) == self.article_id:
            return i, len(seq)
        locate = getattr(seq, "locate", None)
        if locate is not None:  # a table's rows: found without reading each
            found = locate(self.article_id, lambda row: getattr(row, "id", row))
            if found is not None:
                self.index = found
                return found, len(seq)
            return -1, len(seq)
        for i, row in enumerate(seq):
            if getattr(row, "id", row) == self.article_id:
                self.index = i
                return i, len(seq)
        return -1, len(seq)

    def _draw(self) -> None:
        view = self.view
        assert view is not None
        pos, total = self._position()
        title = Text.assemble(("Article ", "bold"), (cell(view.article.id, 60), "bold"))
        if pos >= 0:
            title.append(f"  {pos + 1:,} of {total:,}")
        title.append("  status: ")
        title.append(view.status, style=STATUS_STYLES.get(view.status, "") or "bold")
        if view.duplicate_of and view.status == "duplicate":
            title.append(f" of {cell(view.duplicate_of, 60)}", style="bold")
        title.append(f"  {path_cell(view.article.source_file, 80)}", style="dim")
        if view.article.source_folder:  # two files may share a name: the folder tells them apart
            title.append(f"  in {path_cell(view.article.source_folder, 60)}", style="dim")
        self.set_title_line(title)
        self._draw_meta()
        self.query_one("#article-body", TextView).update(self._body(view))
        self._draw_mention_line()
        self._draw_search_line()
        side = self.query_one("#article-entities", VirtualTable)
        side.empty_text = "Entities still loading…" if view.entities_pending else "No entity."
        side.set_rows(view.entities)

    def _draw_meta(self) -> None:
        assert self.view is not None
        self.query_one("#article-meta", SteadyStatic).show(self._meta(self.view), min_lines=len(EDITABLE_FIELDS) + 1)

    def _meta(self, view: ArticleView) -> Text:
        text = Text()
        for name in EDITABLE_FIELDS:
            f = view.fields[name]
            text.append(f"{FIELD_LABELS[name]:<7}", style="bold")
            if name == "title" and f.value and not f.edited and any(m.field == "title" for m in view.mentions):
                text.append_text(self._marked(view, view.article.title.value or "", "title", line=True))
            else:
                text.append(cell(f.value) if f.value else "—", style="" if f.value else "dim")
            if f.edited:
                text.append("  edited", style="italic #87d787")
            else:
                conf = f.confidence
                style = "#87d787" if conf >= 0.8 else "#ffd75f" if conf >= 0.5 else "#ff875f"
                text.append(f"  {conf:.0%} sure", style=style)
                if f.raw and cell(f.raw) != cell(f.value):
                    text.append("  from: ", style="dim")
                    text.append(cell(f.raw, 60), style="dim italic")
            if name != EDITABLE_FIELDS[-1]:
                text.append("\n")
        return text

    def _body(self, view: ArticleView) -> Text:
        """The text with each mention styled by its type, the current one reversed, and
        the hits of a search marked."""
        text = self._marked(view, view.article.text, "text")
        if self._search.active:
            self._search.renew(text.plain)
            self._search.stylize(text)
        return text

    def _marked(self, view: ArticleView, raw: str, field: str, line: bool = False) -> Text:
        """``raw`` (the body, or the title as ingested: ``field``) with the mentions
        into it styled by type, the current one reversed.

        Each piece is cleaned on its own so mention offsets stay right even if
        the stored text held control characters; ``line``: on one line.
        """

        def clean(piece: str) -> str:
            shown = body(piece)
            return " ".join(shown.splitlines()) if line else shown

        out = Text()
        pos = 0
        for i, m in enumerate(view.mentions):
            if m.field != field or m.start < pos or m.end > len(raw):
                continue
            out.append(clean(raw[pos : m.start]))
            style = type_style(m.type)
            if m.entity_id is None and not view.entities_pending:
                style = "strike dim"
            elif m.accepted:
                style += " underline"
            if i == self.mention_index:
                style += " reverse"
            out.append(clean(raw[m.start : m.end]), style=style)
            pos = m.end
        out.append(clean(raw[pos:]))
        return out

    def _mention_to_decide(self) -> MentionView | None:
        """The highlighted mention, for a decision about it; None if there is none, or
        while the entity state loads (decisions need it: the screen says so)."""
        m = self._current()
        if m is not None and self.view is not None and self.view.entities_pending:
            self.notify("The entities are still loading; try again in a moment.", severity="warning", timeout=3)
            return None
        return m

    def _current(self) -> MentionView | None:
        if self.view is None or not self.view.mentions:
            return None
        return self.view.mentions[self.mention_index]

    def _draw_mention_line(self) -> None:
        m = self._current()
        line = self.query_one("#article-mention", SteadyStatic)
        if m is None:
            line.show(self._with_said(Text("No entity mentions in this article.", style="dim")), min_lines=2)
            return
        assert self.view is not None
        text = Text.assemble((f"Mention {self.mention_index + 1}/{len(self.view.mentions)}  ", "bold"))
        text.append(cell(m.text, 60), style=type_style(m.type))
        text.append(f"  {m.type}")
        if m.field == "title":
            text.append("  in the title", style="dim")
        if m.role:
            text.append(f"  ({cell(m.role, 30)})", style="dim")
        text.append("  → ")
        if self.view.entities_pending:
            text.append("entities still loading…", style="dim italic")
        elif m.entity_name:
            text.append(cell(m.entity_name, 60), style="bold")
        else:
            text.append("unlinked", style="dim italic")
        if m.accepted:
            text.append("  ✓ accepted", style="#87d787")
        if m.relinked:
            text.append("  (changed by you)", style="italic")
        line.show(self._with_said(text), min_lines=2)

    def _with_said(self, text: Text) -> Text:
        """``text`` and, under it, what the last key saved: keys that decide at once
        (a, x, r, f, d) say so here rather than in a notification each."""
        if self._said:
            text.append("\nSaved: ", style="#87d787")
            text.append(cell(self._said, 200), style="#87d787")
        return text

    def _saved(self, decision: Decision | None) -> Decision | None:
        if decision is not None:
            self._said = describe_decision(decision)
            self._draw_mention_line()
        return decision

    @on(Input.Changed, "#article-search-box")
    def _search_typed(self, event: Input.Changed) -> None:
        self._search_changed(event.value)

    # -- actions -----------------------------------------------------------------------
    def action_back(self) -> None:
        if self._search.active or self.query_one("#article-search-box", Input).display:
            self._clear_search()
            self.set_focus(self.query_one("#article-body", TextView))
            return
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        pos, total = self._position()
        if pos < 0 or not (0 <= pos + delta < total):
            self.notify("No more articles in this list." if pos >= 0 else "Opened from elsewhere: no list to step through.", timeout=2)
            return
        row = self.sequence[pos + delta]
        self.article_id = getattr(row, "id", row)
        self.index = pos + delta
        self.mention_index = 0
        self._said = ""
        self._scroll_home = True
        self.refresh_data()

    def action_mention(self, delta: int) -> None:
        if self.view is None or not self.view.mentions:
            return
        before = self.view.mentions[self.mention_index].field
        self.mention_index = (self.mention_index + delta) % len(self.view.mentions)
        if "title" in (before, self.view.mentions[self.mention_index].field):
            self._draw_meta()
        self.query_one("#article-body", TextView).update(self._body(self.view))
        self._draw_mention_line()
        self._scroll_to_mention()

    def _scroll_to_mention(self) -> None:
        m = self._current()
        if m is None or self.view is None or m.field != "text":
            return  # the title is above the body, always in view
        self._scroll_into_view(body(self.view.article.text[: m.start]))

    def _scroll_into_view(self, before: str) -> None:
        """Scroll the body so that the line where ``before`` (the text shown up to a
        point) ends is in view."""
        scroll = self.query_one("#article-body", TextView)
        prefix = Text(before)
        lines = len(prefix.wrap(self.app.console, scroll.wrap_width)) - 1 if prefix.plain else 0
        if not (scroll.scroll_y <= lines < scroll.scroll_y + scroll.content_region.height - 1):
            scroll.scroll_to(y=max(0, lines - 2), animate=False)

    def action_accept(self) -> None:
        m = self._mention_to_decide()
        if m is not None and self._saved(
            self.controller.decide(lambda ws: ws.accept_mention(self.article_id, m.start, m.end, m.field), announce=False)
        ):
            self.action_mention(1)

    def action_unlink(self) -> None:
        m = self._mention_to_decide()
        if m is not None:
            self._saved(
                self.controller.decide(lambda ws: ws.relink_mention(self.article_id, m.start, m.end, None, m.field), announce=False)
            )

    def action_link(self) -> None:
        m = self._mention_to_decide()
        if m is None:
            return
        start, end, field = m.start, m.end, m.field

        def chosen(entity: Any) -> None:
            if entity is not None:
                self.controller.decide(lambda ws: ws.relink_mention(self.article_id, start, end, entity.id, field))

        self.request(PickEntity(f"Link '{cell(m.text, 50)}' to…", chosen, type_=m.type))

    def action_duplicate(self) -> None:
        """Look for the articles this one likely copies (a thread: every body is read),
        then offer them in a picker; the one chosen is recorded with the status."""
        article_id = self.article_id
        self.notify("Looking for the article it copies…", timeout=2)
        self.run_worker(
            lambda: self._find_originals(article_id), thread=True, exclusive=True, exit_on_error=False,
            group="originals", name="Looking for the original",
        )

    def _find_originals(self, article_id: str) -> None:
        worker = get_current_worker()
        found = likely_originals(self.workspace, article_id, lambda: worker.is_cancelled)
        if found is not None:
            self.app.call_from_thread(self._pick_original, article_id, found)

    def _pick_original(self, article_id: str, found: list[LikelyOriginal]) -> None:
        if article_id != self.article_id or not self.is_current:
            return  # the curator moved on meanwhile
        from curator.app.widgets.prompts import PickerScreen

        def label(item: Any) -> str:
            return item.label() if isinstance(item, LikelyOriginal) else NO_ORIGINAL

        def chosen(item: Any) -> None:
            if item is None:
                return  # escape: nothing recorded
            original = item.id if isinstance(item, LikelyOriginal) else None
            self._saved(self.controller.decide(lambda ws: ws.set_status(article_id, "duplicate", duplicate_of=original), announce=False))

        title = f"{article_id} duplicates which article?" + ("" if found else " (no likely original found)")
        self.app.push_screen(PickerScreen(title, [*found, NO_ORIGINAL], label, _fold), chosen)

    def action_status(self, status: str) -> None:
        self._saved(self.controller.decide(lambda ws: ws.set_status(self.article_id, status), announce=False))

    def action_edit(self, field: str | None = None) -> None:
        if field is None:
            from curator.app.widgets.prompts import PickerScreen

            def picked(name: Any) -> None:
                if name:
                    self.action_edit(name)

            self.app.push_screen(
                PickerScreen("Edit which field?", list(EDITABLE_FIELDS), lambda n: FIELD_LABELS[n], lambda s: s.lower()),
                picked,
            )
            return
        assert self.view is not None
        current = self.view.fields[field].value or ""
        hint = f"{FORMATS}; empty clears" if field == "published" else "empty clears the value"
        from curator.app.widgets.prompts import PromptScreen

        def done(value: str | None) -> None:
            if value is not None and value != current:
                self.controller.decide(lambda ws: ws.edit_field(self.article_id, field, value))

        check = _date_or_empty if field == "published" else None
        self.app.push_screen(PromptScreen(f"{FIELD_LABELS[field]} of {self.article_id}", cell(current), hint=hint, check=check), done)

    @on(VirtualTable.Selected, "#article-entities")
    def _open_entity(self, event: VirtualTable.Selected) -> None:
        self.request(OpenEntity(event.row.id))


def _date_or_empty(value: str) -> str:
    """A typed date as saved (empty clears it); an invalid one keeps the dialog open."""
    return typed_date(value) if value.strip() else ""


class SteadyStatic(Static):
    """A ``Static`` whose :meth:`show` lays the screen out again only when the text's
    height changes (``Static.update`` always does: tens of milliseconds here)."""

    _shown: tuple[int, int] | None = None  # (width, lines) of the text shown

    def show(self, text: Text, min_lines: int = 0) -> None:
        """Show ``text``; ``min_lines``: blank lines pad a shorter text, so that texts
        of different lengths keep one height."""
        width = self.content_region.width
        lines = len(text.wrap(self.app.console, width)) if width > 0 else -1
        if 0 <= lines < min_lines:
            text.append("\n" * (min_lines - lines))
            lines = min_lines
        if self._shown is None:  # laid out around a placeholder (``update``): its height
            self._shown = (width, self.content_region.height)
        same = width > 0 and self._shown == (width, lines)
        self._shown = (width, lines)
        self.update(text, layout=not same)
