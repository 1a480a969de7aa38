"""The home screen: the decks with what is new, learning and due today, and the way into everything."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...days import day_end
from ...safetext import visible
from ...study.store import DeckCounts
from ..app import quiz_app
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ...deck.loaded import LoadedDeck

EMPTY_TEXT = (
    "No decks yet.\n\n"
    "Put deck files (*.toml) in {folder}, or start one with:\n\n"
    "    quizapp new my-deck.toml\n\n"
    "then check it with `quizapp lint my-deck.toml` and open quizapp again."
)

# Short headers and values, so that every column fits 80 columns; the deck titles get the rest.
COLUMNS = ("Deck", "Questions", "New", "Learning", "Due", "Last", "Mastery")


def short_date(moment: dt.datetime, today: dt.date) -> str:
    """A day in few columns: `27 Nov` this year, `Nov 2025` before."""
    return moment.strftime("%d %b" if moment.year == today.year else "%b %Y")


class HomeScreen(Screen[None]):
    """The deck list."""

    # Keys handled one at a time (tui/keys.py): `x 1 enter` typed at once opens the exam and then
    # answers its first question, not the home screen.
    KEYS_IN_ORDER = True

    # The footer shows what a student does most; `?` (help) and ctrl+p (the palette, by the tooltips'
    # full names) list every one.
    BINDINGS = [
        Binding("enter", "study", "Study", tooltip="Study the selected deck"),
        Binding("a", "study_all", "Study all", tooltip="Study every deck together"),
        Binding("c", "practice", "Practice", tooltip="Practise the selected deck (nothing is scheduled)"),
        Binding("x", "exam", "Exam", tooltip="Sit the selected deck's exam"),
        Binding("r", "read", "Read notes", tooltip="Read the selected deck's notes"),
        Binding("p", "preview", "Preview", show=False, tooltip="Preview the selected deck"),
        Binding("s", "stats", "Statistics", show=False),
        Binding("o", "settings", "Settings", show=False),
        Binding("w", "profiles", "Profile", show=False, tooltip="Switch profile"),
    ]

    def __init__(self, counts: dict[str, DeckCounts] | None = None) -> None:
        """`counts`: the decks' figures when the app has counted them already (else the screen counts)."""
        super().__init__()
        self.counts = counts
        # The table's rows by deck id, kept to lay them out again at a new width.
        self.rows: list[tuple[str, tuple[Text, ...]]] = []
        # The width and rows the table was last filled with.
        self.filled: tuple[int, list[tuple[str, tuple[Text, ...]]]] | None = None
        # Set while a screen above it (a session, the statistics) may change the figures.
        self.covered = False

    def compose(self) -> ComposeResult:
        """The table, the empty-state text and the problems panel (both hidden until needed)."""
        yield TitleBar()
        yield Static("Loading decks…", id="status", markup=False)
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty", markup=False)
        yield Static(id="problems", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Set up the table and fill it: with the app's counts at once, else once counted."""
        self.query_one("#empty").display = False
        self.query_one("#problems").display = False
        if self.counts is None:
            self.refresh_decks()
        else:
            self.show(self.counts)

    def on_screen_suspend(self) -> None:
        """A screen opens above: a session, or a switch of profile, may change the figures."""
        self.covered = True

    def on_screen_resume(self) -> None:
        """Back from a session: the counts have changed. (Textual also sends this when the screen is
        first shown, which on_mount has counted for.)"""
        if self.covered:
            self.covered = False
            self.refresh_decks()

    def on_resize(self) -> None:
        """A new width: the deck titles get what the other columns leave of it (once it is laid out)."""
        self.call_after_refresh(self.fill_table)

    @property
    def decks(self) -> list[LoadedDeck]:
        """The decks the app found."""
        catalog = quiz_app(self).catalog
        return list(catalog.decks) if catalog else []

    @work(thread=True, exclusive=True, group="counts")
    def refresh_decks(self) -> None:
        """Count what is new, learning and due in each deck (off the UI thread), then show it."""
        app = quiz_app(self)
        if app.profile is None:
            return
        context = app.context
        counts = context.workspace.deck_counts(app.profile, day_end(context.clock(), context.tz))
        app.call_from_thread(self.show, counts)

    def show(self, counts: dict[str, DeckCounts]) -> None:
        """Fill the table (deck text literal, never markup), the empty state and the problems."""
        if not self.query("#decks"):  # closed while the worker counted (a served session ended): nothing to fill
            return
        app = quiz_app(self)
        tz = app.context.tz
        today = app.context.clock().astimezone(tz).date()
        self.rows = []
        for loaded in self.decks:
            count = counts.get(loaded.id, DeckCounts())
            questions = len(loaded.question_ids)
            last = short_date(count.last_studied.astimezone(tz), today) if count.last_studied else "never"
            mastery = f"{count.review / questions:.0%}" if questions else "-"
            values = (
                str(questions),
                str(max(0, questions - count.seen)),
                str(count.learning),
                str(count.due_today),
                last,
                mastery,
            )
            title = Text(visible(loaded.title), no_wrap=True, overflow="ellipsis")
            self.rows.append((loaded.id, (title, *(Text(value) for value in values))))
        self.fill_table()
        number = len(self.decks)
        self.query_one("#status", Static).update(
            f"{number} deck{'s' if number != 1 else ''} · enter to study, ? for help"
        )
        empty = not self.decks
        self.query_one("#empty").display = empty
        self.query_one("#decks").display = not empty
        if empty:
            folder = app.context.workspace.data_dir / "decks"
            self.query_one("#empty", Static).update(EMPTY_TEXT.format(folder=visible(str(folder))))
        problems = app.catalog.problems if app.catalog else []
        panel = self.query_one("#problems", Static)
        panel.display = bool(problems)
        panel.update(Content("\n").join(Content(str(problem)) for problem in problems))

    def fill_table(self) -> None:
        """Put the rows in the table, the titles cut (…) to the width the other columns leave."""
        table = self.query_one("#decks", DataTable)
        # Before its first layout (filled as the screen mounts) the table has no size yet: it spans the
        # screen, whose size is the best guess; once laid out, on_resize fills it again if that was wrong.
        size = table.size if table.size.width else self.app.size
        padding = 2 * table.cell_padding
        others = sum(
            max([len(label), *(row[index].cell_len for _, row in self.rows)]) + padding
            for index, label in enumerate(COLUMNS)
            if index
        )
        width = size.width
        if len(self.rows) + 1 > size.height:  # the rows will not all fit: a scroll bar takes its share
            width -= table.styles.scrollbar_size_vertical
        if (width, self.rows) == self.filled:  # (drawing the table again is most of the screen's cost)
            return
        self.filled = (width, list(self.rows))
        selected, highlighted = table.cursor_row, self.highlighted_id()
        table.clear(columns=True)
        table.add_column(COLUMNS[0], width=max(len(COLUMNS[0]), width - others - padding))
        table.add_columns(*COLUMNS[1:])
        for deck_id, row in self.rows:
            table.add_row(*row, key=deck_id)
        if self.rows:  # the cursor stays on its deck (or its place, if that deck has gone)
            ids = [deck_id for deck_id, _ in self.rows]
            table.move_cursor(row=ids.index(highlighted) if highlighted in ids else min(selected, len(ids) - 1))

    def selected(self) -> LoadedDeck | None:
        """The deck under the cursor (by its row's key: a deck dropped meanwhile does not shift the
        others), if it can be opened (see QuizApp.usable)."""
        deck_id = self.highlighted_id()
        deck = next((loaded for loaded in self.decks if loaded.id == deck_id), None)
        return deck if deck is not None and quiz_app(self).usable([deck]) else None

    def highlighted_id(self) -> str | None:
        """The id of the deck whose row the cursor is on."""
        table = self.query_one("#decks", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a row studies that deck."""
        event.stop()
        self.action_study()

    def action_study(self) -> None:
        """Study the selected deck."""
        deck = self.selected()
        if deck is not None:
            quiz_app(self).open_study([deck])

    def action_study_all(self) -> None:
        """Study every deck together (those that prove invalid left out, their problems shown)."""
        quiz_app(self).usable(self.decks)
        if self.decks:
            quiz_app(self).open_study(self.decks)

    def action_practice(self) -> None:
        """Practise the selected deck: every question once, nothing scheduled."""
        deck = self.selected()
        if deck is not None:
            quiz_app(self).open_study([deck], practice=True)

    def action_exam(self) -> None:
        """Sit the selected deck's exam."""
        deck = self.selected()
        if deck is not None:
            quiz_app(self).open_exam(deck)

    def action_read(self) -> None:
        """Read the selected deck's study notes."""
        deck = self.selected()
        if deck is not None:
            quiz_app(self).open_reading(deck)

    def action_preview(self) -> None:
        """Preview the selected deck as a teacher."""
        deck = self.selected()
        if deck is not None:
            quiz_app(self).open_preview(deck)

    def action_stats(self) -> None:
        """Open the statistics."""
        from .stats import StatsScreen

        quiz_app(self).usable(self.decks)  # (it names leeches by their questions: one that proves invalid leaves)
        self.app.push_screen(StatsScreen(self.decks))

    def action_settings(self) -> None:
        """Open the profile's settings."""
        from .settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_profiles(self) -> None:
        """Switch to another profile (or start a new one); never in a served app (see check_action)."""
        if quiz_app(self).served:
            return
        from .profiles import ProfileScreen

        def switch(name: str | None) -> None:
            if name:
                quiz_app(self).switch_profile(name)
                self.refresh_decks()

        self.app.push_screen(ProfileScreen(), switch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Deck actions only when there are decks; switching profile only outside `quizapp serve`."""
        if action in ("study", "study_all", "practice", "exam", "read", "preview"):
            return bool(self.decks)
        if action == "profiles":  # a served app's student is signed in as themselves, and stays so
            return not quiz_app(self).served
        return True
