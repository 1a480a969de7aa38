"""`quizapp class watch`: the teacher's live view of a served class, and the class report of an exam.

A thin shell over `classroom/watch.py`: every few seconds a worker thread takes a snapshot of the class
(the files only read, so the students are never held up) and the table shows it. Every name and deck
id comes from files students' apps wrote: shown literally (`Text`, `literal`), never as markup.
"""

from __future__ import annotations

import datetime as dt
import math

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from ...classroom.signin import name_key
from ...classroom.watch import ClassSnapshot, StudentLine, class_snapshot, exam_report, report_text
from ...problems import BadFile, UserError
from ...safetext import visible
from ...study.presentation import format_points
from ..app import quiz_app
from ..widgets.key_footer import KeyFooter
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar
from .exam import clock_text

COLUMNS = (
    ("student", "Student"),
    ("signed-in", "Signed in"),
    ("answers", "Answers"),
    ("right", "Right"),
    ("exam", "Exam"),
    ("clock", "Clock"),
    ("last", "Last exam"),
)


def one_line(text: str) -> Content:
    """Text a student's app wrote, shown as typed on one line (a line break in a name shows as `\\n`)."""
    return Content(visible(text))


def _cells(line: StudentLine, snapshot: ClassSnapshot, tz: dt.tzinfo | None) -> tuple[Text, ...]:
    """A student's row: each value literal text (a name may hold `[bold]`: it is shown as typed)."""
    now = snapshot.taken
    name = Text(visible(line.name))
    if snapshot.has_roster and not line.on_roster:  # signed in under a name since taken off the roster
        name.append(" (not on the roster)", "italic")
    since = Text(f"since {line.signed_in.astimezone(tz):%H:%M}") if line.signed_in is not None else Text("no", "dim")
    accuracy = "-" if line.accuracy is None else f"{line.accuracy:.0%}"
    exam, clock = Text(""), Text("")
    if line.exam is not None:
        exam = Text(visible(line.exam.deck_id))
        left = line.exam.left(now)
        if left is None:
            clock = Text(f"{clock_text(line.exam.elapsed(now).total_seconds())} elapsed")
        elif not left:
            clock = Text("time up", "bold red")
        else:
            clock = Text(f"{clock_text(left.total_seconds())} left", "bold red" if left.total_seconds() < 60 else "")
    last = Text("")
    if line.last_submitted is not None:
        done = line.last_submitted
        percent = "" if done.percent is None else f" ({done.percent:.0f}%)"
        score = format_points(done.score) if math.isfinite(done.score) else "?"  # not a number in the file
        last = Text(f"{visible(done.deck_id)} {score}/{format_points(done.max_score)}{percent}")
    return (name, since, Text(str(line.answers)), Text(accuracy), exam, clock, last)


def _failures(snapshot: ClassSnapshot, tz: dt.tzinfo | None) -> Content:
    """Today's failed sign-ins: how many, then each name as last typed, how often, and the last time."""
    if not snapshot.failures:
        return Content.styled("No failed sign-ins today.", "dim")
    total = sum(failed.count for failed in snapshot.failures)
    lines = [Content.styled(f"Failed sign-ins today: {total}", "bold")]
    for failed in snapshot.failures:
        lines.append(
            Content.assemble(
                "  ", one_line(failed.name), f"  ×{failed.count}, the last at {failed.latest.astimezone(tz):%H:%M:%S}"
            )
        )
    return Content("\n").join(lines)


class WatchScreen(Screen[None]):
    """Who is signed in, answers today and how many right, the exam each sits and its clock, the last
    exam each submitted; below, today's failed sign-ins. Looked at again every `REFRESH_SECONDS`."""

    BINDINGS = [
        Binding("r", "report", "Class report", tooltip="The class report of an exam"),
        Binding("q", "quit", "Quit"),
    ]
    REFRESH_SECONDS = 3.0

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: ClassSnapshot | None = None
        self.looking = False  # a look is under way: the next tick does not start another

    def compose(self) -> ComposeResult:
        """The status line, the students' table, what could not be read, and the failed sign-ins."""
        yield TitleBar()
        yield Static("Looking at the class…", id="watch-status", markup=False)
        yield DataTable(id="watch-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="watch-problems", markup=False)
        yield Static(id="watch-failures", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        """The columns, a first look, and the next ones."""
        table = self.query_one("#watch-table", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        self.query_one("#watch-problems").display = False
        self.refresh_snapshot()
        self.set_interval(self.REFRESH_SECONDS, self.refresh_snapshot)

    def refresh_snapshot(self) -> None:
        """Look at the class again (off the UI thread), unless a look is still under way."""
        if not self.looking:
            self.looking = True
            self._look()

    @work(thread=True, group="watch")
    def _look(self) -> None:
        app = quiz_app(self)
        context = app.context
        snapshot = class_snapshot(context.workspace.data_dir, context.clock(), context.tz)
        app.call_from_thread(self.show, snapshot)

    def show(self, snapshot: ClassSnapshot) -> None:
        """Show a snapshot: rows updated in place while the students stay the same (the cursor stays)."""
        self.snapshot, self.looking = snapshot, False
        tz = quiz_app(self).context.tz
        table = self.query_one("#watch-table", DataTable)
        rows = [(name_key(line.name), _cells(line, snapshot, tz)) for line in snapshot.students]
        if [key for key, _ in rows] == [row.key.value for row in table.ordered_rows]:
            for key, cells in rows:
                for (column, _), cell in zip(COLUMNS, cells, strict=True):
                    table.update_cell(key, column, cell, update_width=True)
        else:
            selected = table.ordered_rows[table.cursor_row].key.value if table.row_count else None
            table.clear()
            for key, cells in rows:
                table.add_row(*cells, key=key)
            keys = [key for key, _ in rows]
            if selected in keys:
                table.move_cursor(row=keys.index(selected))
        roster = f"{len(snapshot.students)} student{'s' if len(snapshot.students) != 1 else ''}"
        roster += "" if snapshot.has_roster else " (no roster: those signed in)"
        taken = snapshot.taken.astimezone(tz)
        self.query_one("#watch-status", Static).update(
            f"{roster} · {snapshot.signed_in} signed in · today from {snapshot.day_started.astimezone(tz):%H:%M} "
            f"· updated {taken:%H:%M:%S} · r: class report"
        )
        problems = self.query_one("#watch-problems", Static)
        problems.display = bool(snapshot.problems)
        problems.update(Content("\n").join(literal(problem) for problem in snapshot.problems))
        self.query_one("#watch-failures", Static).update(_failures(snapshot, tz))

    def action_report(self) -> None:
        """The class report of an exam: the only one submitted, or the one chosen from a list."""
        exams = self.snapshot.exams if self.snapshot is not None else ()
        if not exams:
            self.notify("No exam has been submitted yet: a report needs results files.", markup=False)
        elif len(exams) == 1:
            self.app.push_screen(ReportScreen(exams[0]))
        else:

            def chosen(deck_id: str | None) -> None:
                if deck_id is not None:
                    self.app.push_screen(ReportScreen(deck_id))

            self.app.push_screen(ExamPicker(exams), chosen)

    def action_quit(self) -> None:
        """Leave the view."""
        self.app.exit()


class ExamPicker(ModalScreen[str | None]):
    """Which exam's report: the decks with results files, the latest submitted first."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, exams: tuple[str, ...]):
        super().__init__()
        self.exams = exams

    def compose(self) -> ComposeResult:
        """The decks, as a list."""
        with Vertical(id="exam-picker-box"):
            yield Static(Content.styled("The class report of which exam?", "bold"))
            yield OptionList(*(Option(one_line(deck), id=f"e{n}") for n, deck in enumerate(self.exams)), id="exam-list")
            yield Static(Content.styled("↑ ↓ and enter: open its report    escape: back", "dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the report of the deck chosen."""
        self.dismiss(self.exams[event.option_index])

    def action_cancel(self) -> None:
        """Back to the class."""
        self.dismiss(None)


class ReportScreen(Screen[None]):
    """The class report of one exam, as `quizapp report` prints it, to scroll through."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, deck_id: str):
        super().__init__()
        self.deck_id = deck_id

    def compose(self) -> ComposeResult:
        """A scrolling page, filled once the report is made."""
        yield TitleBar()
        with VerticalScroll(id="watch-report"):
            yield Static(
                Content.assemble("Making the class report of ", one_line(self.deck_id), "…"), id="watch-report-text"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Make the report."""
        self.make_report(max(60, self.size.width - 4))

    @work(thread=True, exclusive=True)
    def make_report(self, width: int) -> None:
        """Load the decks (the report re-grades every answer with the teacher's copy) and render it."""
        app = quiz_app(self)
        workspace = app.context.workspace
        try:
            deck = workspace.catalog().find(self.deck_id)
            shown: Text | Content = Text.from_ansi(report_text(exam_report(workspace.data_dir, deck), width))
        except (UserError, BadFile) as error:  # no such deck here any more, or it no longer loads
            shown = literal(f"No class report of {self.deck_id}: {error}", "red")
        app.call_from_thread(self.show, shown)

    def show(self, shown: Text | Content) -> None:
        """Put the report (or why there is none) on the page, if the teacher has not left it meanwhile."""
        if self.is_attached:
            self.query_one("#watch-report-text", Static).update(shown)

    def action_back(self) -> None:
        """Back to the class."""
        self.app.pop_screen()
