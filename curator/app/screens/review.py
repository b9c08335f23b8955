"""The Review screen: the resolver's merge suggestions, most impactful first.

One key decides and moves on: ``a`` same entity, ``x`` different, ``s`` skip;
``d`` drops the highlighted alias out of its side's cluster (a split); ``A`` merges
keeping the name the canonical-name rule did not choose. The list above the two sides
holds the suggestions still to decide (``/`` filters it by either name); ``space``
marks the highlighted one, ``*`` every one shown, and ``a`` / ``x`` then accept or
reject the marked ones at once (one undo for them all). ``v`` switches to the
automatic merges (``curator.app.screens.automatic_merges``) and back.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from curator.app.controller import Controller
from curator.app.messages import OpenArticle, OpenEntity
from curator.app.display import row_text, cell, plural, type_style
from curator.app.screens.automatic_merges import AutomaticMergesView
from curator.app.screens.base import ListScreen
from curator.app.widgets.filter_input import FilterInput
from curator.app.widgets.virtual_table import Column, VirtualTable
from curator.models import MergeSuggestion
from curator.workspace import AutomaticMerge, Context, SuggestionView, _fold


def _pair(s: MergeSuggestion) -> tuple[str, str]:
    return (s.a, s.b)


class ReviewScreen(ListScreen):
    HELP_TITLE = "Review"
    BINDINGS = [
        Binding("a", "accept", "Same entity", id="review.accept", tooltip="Merge the two sides (named by the canonical-name rule); with marks: each marked pair, one undo for all"),
        Binding("A", "accept_other", "Same, other name", id="review.accept_other", tooltip="Merge the two sides, keeping the other name"),
        Binding("x", "reject", "Different", id="review.reject", tooltip="Never merge these two; with marks: each marked pair, one undo for all"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("d", "drop", "Drop alias", id="review.drop", tooltip="Split the highlighted alias (in automatic merges: the merge) out of its entity"),
        Binding("o", "open_context", "Open article", id="review.open", tooltip="Open the article the context sentence comes from"),
        Binding("v", "toggle_view", "Automatic merges", id="review.view", tooltip="Switch between the suggestions and the automatic merges"),
        Binding("tab", "app.focus_next", "Other side", show=False, id="review.other_side"),
        Binding("slash", "filter", "Filter", id="review.filter", tooltip="Show the suggestions where either name matches"),
        Binding("space", "mark", "Mark ↓", id="review.mark", tooltip="Mark the highlighted suggestion and move down"),
        Binding("asterisk", "mark_shown", "Mark all", show=False, id="review.mark_shown",
                tooltip="Mark every suggestion the filter shows (again: unmark them)"),
        Binding("escape", "clear", "Clear", show=False, id="review.clear", tooltip="Clear the filter, then the marks"),
    ]

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.suggestions: list[MergeSuggestion] = []
        self.current: SuggestionView | None = None
        self.skipped: set[tuple[str, str]] = set()
        self._mine: set[int] = set()  # decisions made here (an undo takes one back)
        self._folded: dict[tuple[str, str], str] = {}  # pair -> both names folded, for the filter
        self.showing_merges = False  # the automatic merges instead of the suggestions

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield FilterInput(placeholder="filter: either name (accents optional)", id="filter", on_enter=self._filter_done)
        yield VirtualTable(
            [
                Column("a", "Suggestion", lambda s: s.a_name, cut="middle"),
                Column("b", "with", lambda s: s.b_name, cut="middle"),
                Column("score", "Score", lambda s: f"{s.score:.0f}", width=5, justify="right"),
            ],
            row_key=_pair,
            empty_text="No suggestion matches.",
            id="review-list",
        )
        with Horizontal(id="review-sides"):
            for side in ("a", "b"):
                with Vertical(classes="review-side", id=f"side-{side}"):
                    yield Static(id=f"name-{side}", classes="review-name")
                    yield Label("Aliases", classes="side-title")
                    yield OptionList(id=f"aliases-{side}", classes="review-aliases")
                    yield Static(id=f"context-{side}", classes="review-context")
        yield Static(id="review-reasons")
        yield AutomaticMergesView(id="automatic-merges")
        yield from self.compose_bottom()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#review-list", VirtualTable)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.query_one("#automatic-merges").display = False
        self.query_one("#aliases-a", OptionList).focus()
        self.sync()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The suggestion's keys act on the suggestion shown: none while the merges are.
        if self.showing_merges and action in (
            "accept", "accept_other", "reject", "skip", "open_context", "app.focus_next", "filter", "mark", "mark_shown"
        ):
            return False
        return True

    def action_toggle_view(self) -> None:
        self.showing_merges = not self.showing_merges
        view = self.query_one("#automatic-merges", AutomaticMergesView)
        for widget in (self.query_one("#review-sides"), self.query_one("#review-reasons"), self.table):
            widget.display = not self.showing_merges
        if self.showing_merges:
            self.query_one("#filter", Input).display = False
        view.display = self.showing_merges
        self.refresh_bindings()
        self.refresh_data()
        if self.showing_merges:
            view.table.focus()
        else:
            self.query_one("#aliases-a", OptionList).focus()

    def refresh_data(self) -> None:
        ws = self.workspace
        if not ws.entities_loaded:
            self.set_title_line(Text("Review  loading entities…", style="bold"))
            return
        if self.showing_merges:
            rules = ws.automatic_merges()
            self.query_one("#automatic-merges", AutomaticMergesView).show(rules)
            count = sum(len(r.merges) for r in rules)
            self.set_title_line(
                Text.assemble(("Automatic merges", "bold"), f"  {count:,} in effect · {plural(len(rules), 'rule')}  ·  v: back to suggestions")
            )
            return
        self.suggestions = ws.suggestions()
        self._show_pending()

    def _pending(self) -> list[MergeSuggestion]:
        return [s for s in self.suggestions if (s.a, s.b) not in self.skipped]

    def _show_pending(self) -> None:
        """The list shows what is left (not skipped); a row decided or skipped gives its
        place to the next one, and marks on rows gone are dropped."""
        table = self.table
        at, before = table.cursor, table.current_row
        pending = self._pending()
        table.marked &= {_pair(s) for s in pending}
        table.set_rows(pending)
        now = table.current_row
        if before is not None and now is not None and _pair(now) != _pair(before):
            table.cursor = min(at, len(table.rows) - 1)
        self._show_current()

    def _show_current(self) -> None:
        row = self.table.current_row
        self._update_title()
        sides = self.query_one("#review-sides")
        if row is None:
            self.current = None
            sides.display = False
            if self.query_text and self._pending():
                msg = "No suggestion matches the filter (escape clears it)."
            else:
                msg = "Nothing left to review." if not self.skipped else "Nothing left but what you skipped (s on the last one starts over)."
            self.query_one("#review-reasons", Static).update(Text(msg, style="bold"))
            if self.skipped and not self.suggestions:
                self.skipped.clear()
            return
        sides.display = True
        if self.current is None or self.current.suggestion is not row:
            self.current = self.workspace.suggestion_view(row)
        self._draw(self.current)

    @on(VirtualTable.Highlighted, "#review-list")
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        if self.current is None or event.row is not self.current.suggestion:
            self._show_current()

    @property
    def decided(self) -> int:
        """Suggestions decided on this screen and still in effect."""
        if not self._mine:
            return 0
        return sum(1 for d in self.workspace.history() if d.seq in self._mine and not d.undone)

    def _update_title(self) -> None:
        # The core's counts (``curator.workspace.counts``): ``curator stats`` says the same
        # number to review, and a skipped suggestion is still to review.
        progress = self.workspace.review_progress(self.skipped)
        title = Text.assemble(("Review", "bold"), f"  decided {self.decided}  ·  to review {progress.to_review:,}")
        if progress.skipped:
            title.append(f" (skipped {progress.skipped:,})", style="dim")
        if self.query_text:
            title.append(f"  ·  {len(self.table.rows):,} shown  filter: ")
            title.append(cell(self.query_text, 60), style="italic")
        marked = len(self.table.marked)
        if marked:
            title.append(f"  ·  {marked:,} marked (A accepts, X rejects)", style="bold #ffd75f")
        self.set_title_line(title)

    def _draw(self, view: SuggestionView) -> None:
        s = view.suggestion
        ws = self.workspace
        for side, ent_id, aliases, context in (("a", s.a, view.a_aliases, view.a_context), ("b", s.b, view.b_aliases, view.b_context)):
            ent = ws.entity_by_id(ent_id)
            name = Text.assemble((cell(ent.name, 80), "bold " + type_style(ent.type)))
            name.append(f"\n{ent.type} · {plural(len(ent.article_ids), 'article')} · {plural(len(aliases), 'alias', 'aliases')}", style="dim")
            self.query_one(f"#name-{side}", Static).update(name)
            options = self.query_one(f"#aliases-{side}", OptionList)
            options.clear_options()
            # The count first: a long name is cut at the list's edge, the count never.
            width = max(len(f"×{n}") for _, n in aliases) if aliases else 0
            options.add_options([Option(row_text((f"×{n}".rjust(width), "dim"), "  ", cell(f, 80))) for f, n in aliases])
            if aliases:
                options.highlighted = 0
            self.query_one(f"#context-{side}", Static).update(_context(context))
        reasons = Text.assemble(("Score ", "bold"), (f"{s.score:.0f}", "bold"), "/100   ")
        reasons.append("; ".join(cell(r, 120) for r in s.reasons) or "no reason given", style="italic")
        reasons.append(f"\nimpact {s.impact:g}", style="dim")
        kept, other = self._names(view)
        reasons.append("   a keeps “", style="dim")
        reasons.append(cell(kept, 60))
        reasons.append("” · A keeps “", style="dim")
        reasons.append(cell(other, 60))
        reasons.append("”", style="dim")
        self.query_one("#review-reasons", Static).update(reasons)

    # -- decisions ---------------------------------------------------------------------
    def action_accept(self) -> None:
        if self.table.marked:
            self.action_accept_marked()
            return
        view = self.current
        if view is None:
            return
        s = view.suggestion
        self._decide(lambda ws: ws.merge([s.a, s.b], reasons=[f"accepted suggestion: {r}" for r in s.reasons] or None))

    def action_accept_other(self) -> None:
        """Accept, keeping the name the canonical-name rule did not choose."""
        view = self.current
        if view is None:
            return
        s = view.suggestion
        other = self._names(view)[1]
        self._decide(lambda ws: ws.merge([s.a, s.b], name=other, reasons=[f"accepted suggestion: {r}" for r in s.reasons] or None))

    def _names(self, view: SuggestionView) -> tuple[str, str]:
        """The name ``a`` keeps (the rule's) and the one ``A`` keeps (the other side's)."""
        ws = self.workspace
        s = view.suggestion
        kept = ws.merged_name([s.a, s.b])
        a_name, b_name = ws.entity_by_id(s.a).name, ws.entity_by_id(s.b).name
        return kept, (b_name if kept == a_name else a_name)

    def action_reject(self) -> None:
        if self.table.marked:
            self.action_reject_marked()
            return
        view = self.current
        if view is None:
            return
        s = view.suggestion
        self._decide(lambda ws: ws.reject(s.a, s.b))

    def _decide(self, make: Any) -> None:
        """One answer to the suggestion shown; the progress line counts it."""
        decision = self.controller.decide(make)
        if decision is not None:
            self._mine.add(decision.seq)
            self._update_title()

    def action_skip(self) -> None:
        if self.current is None:
            if self.skipped:
                self.skipped.clear()
                self._show_pending()
            return
        s = self.current.suggestion
        self.skipped.add((s.a, s.b))
        self._show_pending()

    # -- several at once ----------------------------------------------------------------
    def _marked(self) -> list[MergeSuggestion]:
        marked = self.table.marked
        return [s for s in self.table.all_rows if _pair(s) in marked]

    def action_accept_marked(self) -> None:
        chosen = self._marked()
        if not chosen:
            self.notify("Mark suggestions with space (or * for all shown) first.", severity="warning", timeout=3)
            return
        pairs = [(s.a, s.b, [f"accepted suggestion: {r}" for r in s.reasons]) for s in chosen]
        self._decide_many(
            lambda ws, progress=None: ws.merge_pairs(pairs, progress=progress), lambda n: f"Accepted {plural(n, 'suggestion')}", len(pairs)
        )

    def action_reject_marked(self) -> None:
        chosen = self._marked()
        if not chosen:
            self.notify("Mark suggestions with space (or * for all shown) first.", severity="warning", timeout=3)
            return
        pairs = [(s.a, s.b) for s in chosen]
        self._decide_many(
            lambda ws, progress=None: ws.reject_pairs(pairs, progress=progress), lambda n: f"Rejected {plural(n, 'suggestion')}", len(pairs)
        )

    def _decide_many(self, make: Any, done: Any, size: int) -> None:
        def then(made: list) -> None:
            self._mine.update(d.seq for d in made)
            self.table.marked.clear()
            self.table.invalidate()
            self._update_title()

        self.controller.decide_many(make, done, size=size, then=then)

    # -- filter ------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.show_filter_box()

    def _apply_filter(self) -> None:
        query = _fold(self.query_text).strip()
        if not query:
            self.table.set_filter(None)
        else:
            folded = self._folded
            if len(folded) > 4 * len(self.suggestions) + 100:
                folded.clear()

            def keep(s: MergeSuggestion) -> bool:
                text = folded.get((s.a, s.b))
                if text is None:
                    text = folded[(s.a, s.b)] = f"{_fold(s.a_name)}\n{_fold(s.b_name)}"
                return query in text

            self.table.set_filter(keep)
        self._show_current()

    def action_drop(self) -> None:
        if self.showing_merges:
            self._split_merge()
            return
        view = self.current
        if view is None:
            return
        focused = self.focused
        side = "b" if focused is not None and focused.id == "aliases-b" else "a"
        options = self.query_one(f"#aliases-{side}", OptionList)
        aliases = view.a_aliases if side == "a" else view.b_aliases
        if options.highlighted is None or not aliases:
            return
        form = aliases[options.highlighted][0]
        ent_id = view.suggestion.a if side == "a" else view.suggestion.b
        self.controller.decide(lambda ws: ws.split(ent_id, form))

    def _split_merge(self) -> None:
        """Split the highlighted automatic merge back out: its name in fewer articles
        leaves the entity (an ordinary split)."""
        row = self.query_one("#automatic-merges", AutomaticMergesView).current
        if not isinstance(row, AutomaticMerge):
            self.notify("Move to a merge (the lines under a rule) to split it out.", timeout=3)
            return
        self.controller.decide(lambda ws: ws.split(row.entity_id, row.split_alias))

    @on(VirtualTable.Selected, "#merges-table")
    def _open_merged(self, event: VirtualTable.Selected) -> None:
        """Enter on an automatic merge opens the entity it is in."""
        if isinstance(event.row, AutomaticMerge):
            self.request(OpenEntity(event.row.entity_id))

    def action_open_context(self) -> None:
        view = self.current
        if view is None:
            return
        focused = self.focused
        context = view.b_context if focused is not None and focused.id == "aliases-b" else view.a_context
        if context is not None:
            self.request(OpenArticle(context.article_id, None))


def _context(context: Context | None) -> Text:
    if context is None:
        return Text("no context sentence found", style="dim italic")
    text = Text("“", style="dim")
    text.append(cell(context.sentence, 400))
    text.append("”\n", style="dim")
    text.append(f"{cell(context.outlet, 40) or 'unknown outlet'} · {cell(context.published, 12) or 'no date'} · {cell(context.article_id, 60)}", style="dim")
    return text


