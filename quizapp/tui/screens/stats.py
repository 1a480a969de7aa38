"""Statistics: for all decks or one, reviews per day and the due forecast as charts, true retention,
counts by state, and the hardest questions (leeches first)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...deck.loaded import LoadedDeck
from ...study.stats import DeckStats, History, deck_stats, history
from ..app import quiz_app
from ..widgets.bar_chart import BarChart
from ..widgets.key_footer import KeyFooter
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar


class StatsScreen(Screen[None]):
    """Progress at a glance; left and right switch between all decks and each one."""

    BINDINGS = [
        Binding("left", "scope(-1)", "Previous deck"),
        Binding("right", "scope(1)", "Next deck"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, decks: list[LoadedDeck]):
        super().__init__()
        self.decks = decks
        self.scope = 0  # 0: all decks; n: decks[n - 1]

    def compose(self) -> ComposeResult:
        """A scrolling page, filled once the figures are in."""
        yield TitleBar()
        yield VerticalScroll(Static("Counting…"), id="stats-page")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Count."""
        self.load()

    def chosen(self) -> list[LoadedDeck]:
        """The decks in scope."""
        return self.decks if self.scope == 0 else [self.decks[self.scope - 1]]

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Gather the figures off the UI thread."""
        app = quiz_app(self)
        context = app.context
        store, profile = app.store_and_profile()
        decks = self.chosen()
        now = context.clock()
        lines = deck_stats(store, profile, decks, now, context.tz)
        past = history(store, profile, [deck.id for deck in decks], now, context.tz)
        app.call_from_thread(self.show, lines, past)

    def show(self, lines: list[DeckStats], past: History) -> None:
        """Lay out the figures."""
        page = self.query_one("#stats-page")
        page.remove_children()
        name = "All decks" if self.scope == 0 else self.decks[self.scope - 1].title
        scope_hint = "  (← → other decks)" if len(self.decks) > 1 else ""
        reviewed = sum(line.reviews for line in lines)
        retained = [(line.retention, line.review) for line in lines if line.retention is not None]
        weight = sum(review for _, review in retained) or 1
        retention = sum(share * review for share, review in retained) / weight if retained else None
        summary = [
            Content.assemble(literal(name, "bold"), Content.styled(scope_hint, "dim")),
            Content(
                f"Questions {sum(line.questions for line in lines)}  ·  new {sum(line.new for line in lines)}  ·  "
                f"learning {sum(line.learning for line in lines)}  ·  review {sum(line.review for line in lines)}  ·  "
                f"due today {sum(line.due_today for line in lines)}"
            ),
            Content(
                f"Reviews done {reviewed}  ·  true retention "
                + ("-" if retention is None else f"{retention:.0%}")
                + f"  ·  leeches {sum(line.leeches for line in lines)}"
            ),
        ]
        page.mount(Static(Content("\n").join(summary), classes="stats-summary"))
        page.mount(BarChart("Reviews per day, last 30 days", past.reviews_per_day, "30 days ago", "today"))
        page.mount(BarChart("Due per day, next 30 days", past.due_per_day, "today", "in 29 days"))
        deck_of = {deck.id: deck for deck in self.chosen()}
        hard = [Content.styled("Hardest questions", "bold")]
        for deck_id, question_id, lapses, _, leech in past.hardest:
            deck = deck_of.get(deck_id)
            question = deck.question(question_id) if deck is not None and deck.has_question(question_id) else None
            text = (question.prompt or getattr(question, "text", "")) if question else question_id
            hard.append(
                Content.assemble(
                    Content.styled("leech " if leech else "      ", "bold red"),
                    f"forgotten {lapses}×  ",
                    literal(text[:70]),
                )
            )
        if len(hard) == 1:
            hard.append(Content.styled("None yet: nothing has been forgotten.", "dim"))
        page.mount(Static(Content("\n").join(hard), classes="stats-hardest"))

    def action_scope(self, step: int) -> None:
        """Switch between all decks and each deck."""
        self.scope = (self.scope + step) % (len(self.decks) + 1)
        self.load()

    def action_back(self) -> None:
        """Back home."""
        self.app.pop_screen()
