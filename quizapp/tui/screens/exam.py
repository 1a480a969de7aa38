"""Exam mode: the clock, question n of N, moving between questions, flags, a review before
submitting, automatic submission when time runs out; then the score and a review of every question."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...classroom.results import save_attempt
from ...problems import UserError
from ...study.exam import ExamResult, ExamSession
from ...study.presentation import format_points, shown_order
from ..app import quiz_app
from ..widgets.feedback import answer_lines, verdict
from ..widgets.key_footer import KeyFooter
from ..widgets.question_inputs import QuestionInput, input_for
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar


def clock_text(seconds: float) -> str:
    """`mm:ss` (or `h:mm:ss`) of time left."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def resume_question(session: ExamSession, tz: dt.tzinfo | None) -> Content:
    """Whether to take up an interrupted attempt: when it started, how far it got, the time left."""
    assert session.started is not None
    started = session.started.astimezone(tz).strftime("%H:%M on %d %b")
    remaining = session.remaining()
    left = (
        ""
        if remaining is None
        else "  ·  time is up: it is submitted with these answers"
        if not remaining
        else f"  ·  {clock_text(remaining.total_seconds())} left"
    )
    return Content.assemble(
        Content.styled("An unfinished exam: ", "bold"),
        literal(session.deck.title),
        f"\nStarted at {started}  ·  {len(session.responses)} of {len(session.questions)} answered{left}\n\n"
        "Take it up again?",
    )


RESUME_KEYS = "y / enter: take it up    n: a new attempt instead    escape: not now"


def set_aside_question(session: ExamSession) -> Content:
    """Whether to end an interrupted attempt for a new one: it is submitted as it stands."""
    return Content.assemble(
        Content.styled("Start a new attempt?", "bold"),
        f"\nThe unfinished one is submitted as it stands ({len(session.responses)} of {len(session.questions)} "
        "answered) and its results file is written for your teacher.",
    )


class ExamScreen(Screen[None]):
    """One attempt: no feedback until the end.

    Its keys are handled strictly in order (see keys.py), and moving to another question is awaited
    in full (the new input mounted and focused), so keys typed ahead land where they were meant."""

    KEYS_IN_ORDER = True
    AUTO_FOCUS = ""  # `show` gives the focus to the question's input (see StudyScreen.AUTO_FOCUS)
    BINDINGS = [
        Binding("enter", "record_and_next", "Record"),
        Binding("left,pageup", "go(-1)", "Back"),
        Binding("right,pagedown", "go(1)", "Next"),
        Binding("f2", "flag", "Flag"),
        Binding("escape", "review", "Review"),
    ]

    def __init__(self, session: ExamSession, student: str, results_dir: Path):
        super().__init__()
        self.session = session
        self.student = student
        self.results_dir = results_dir
        self.finished = False
        self.save_failed = False  # then the student submits again from the review, not the clock each second
        self.shown_at = session.clock()

    @property
    def position(self) -> int:
        """The question on screen (from 0, in exam order)."""
        return self.session.position

    def compose(self) -> ComposeResult:
        """The status line, the question, the keys."""
        yield TitleBar()
        yield Static(id="exam-status")
        with VerticalScroll(id="question-area"):
            yield Static(id="prompt")
        yield KeyFooter()

    async def on_mount(self) -> None:
        """Show the question the attempt is at (the first, unless resumed) and start the clock. (An exam
        with no questions never gets here: QuizApp.open_exam says so before it begins an attempt.)"""
        await self.show(self.position)
        self.set_interval(1.0, self.tick)

    def current(self) -> QuestionInput | None:
        """The input on screen."""
        found = self.query(QuestionInput)
        return found.first() if found else None

    async def show(self, position: int) -> None:
        """Show question `position`, with the answer given before, if any, and focus its input."""
        self.remember(lambda: self.session.move_to(position))
        await self.query(QuestionInput).remove()
        question = self.session.questions[position]
        self.query_one("#prompt", Static).update(literal(question.prompt or "", "bold"))
        widget = input_for(
            question, shown_order(question, self.session.seed), self.session.responses.get(question.id or "")
        )
        await self.query_one("#question-area").mount(widget)
        self.set_focus(widget.focus_target())
        self.shown_at = self.session.clock()
        self.update_status()

    def remember(self, change: Callable[[], object]) -> None:
        """Make a change that the store remembers for a resumed attempt (the question on screen, a
        flag); if the store cannot, the attempt goes on and only a resume would miss it."""
        try:
            change()
        except UserError as error:
            self.notify(f"Not saved for a resumed attempt: {error}", severity="warning", timeout=8, markup=False)

    def update_status(self) -> None:
        """Question n of N, answered, flagged, time left."""
        question = self.session.questions[self.position]
        remaining = self.session.remaining()
        parts = [
            Content.styled(f"Question {self.position + 1} of {len(self.session.questions)}", "bold"),
            Content(f"  ·  answered {len(self.session.responses)}"),
        ]
        if question.id in self.session.flagged:
            parts.append(Content.styled("  ·  ⚑ flagged", "bold yellow"))
        if remaining is not None:
            style = "bold red" if remaining.total_seconds() < 60 else "bold"
            parts.append(Content.styled(f"  ·  time left {clock_text(remaining.total_seconds())}", style))
        self.query_one("#exam-status", Static).update(Content.assemble(*parts))

    def keep_answer(self) -> bool:
        """Record what the student has given for the question on screen (if anything). Returns False
        when what was given cannot be taken (a word where a number is expected): the student is told,
        and stays on the question."""
        widget = self.current()
        if widget is None or not widget.answered():
            return True
        problem = widget.problem()
        if problem is not None:
            self.notify(problem, severity="warning", timeout=6, markup=False)
            return False
        question = self.session.questions[self.position]
        now = self.session.clock()
        spent = max(0.0, (now - self.shown_at).total_seconds())
        try:
            self.session.answer(question.id or "", widget.response(), spent)
        except UserError as error:  # (a StoreError) the exam keeps the answer; only the progress log missed it
            self.notify(
                f"Your answer counts for this exam but could not be logged: {error}",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.shown_at = now
        self.update_status()
        return True

    async def action_record_and_next(self) -> None:
        """Record the answer and go to the next question; after the last, the review."""
        widget = self.current()
        if widget is not None and widget.enter_pressed():
            return
        if not self.keep_answer():
            return
        if self.position + 1 < len(self.session.questions):
            await self.show(self.position + 1)
        else:
            await self.open_review()

    async def action_go(self, step: int) -> None:
        """Move to the previous or next question (keeping the answer given)."""
        target = self.position + step
        if 0 <= target < len(self.session.questions) and self.keep_answer():
            await self.show(target)

    def action_flag(self) -> None:
        """Flag (or unflag) this question to come back to."""
        self.remember(lambda: self.session.toggle_flag(self.session.questions[self.position].id or ""))
        self.update_status()

    async def action_review(self) -> None:
        """The list of unanswered and flagged questions, and the question whether to submit."""
        if self.keep_answer():
            await self.open_review()

    async def open_review(self) -> None:
        """Show the review; from it the student submits, goes back, or opens a question."""

        async def decided(choice: int | None) -> None:
            if choice == SUBMIT:
                self.submit()
            elif choice is not None:
                await self.show(choice)

        await self.app.push_screen(ExamReview(self.session), decided)

    def tick(self) -> None:
        """Every second: update the clock; when time is up, submit what was answered."""
        if self.finished:
            return
        if self.session.expired() and not self.save_failed:
            self.keep_answer()
            # Whatever is open above the exam (the review, help, the palette) closes first: the results
            # then take the exam's place, and closing them can never show the submitted exam again.
            while self.app.screen is not self and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            self.notify("Time is up: your answers have been submitted.", timeout=4)
            self.submit()
            return
        self.update_status()

    def submit(self) -> None:
        """Score the attempt, write the results file, and show the results."""
        if self.finished:
            return
        result = self.session.finish()
        try:
            path = save_attempt(self.session, result, self.student, self.results_dir)
        except UserError as error:  # a full disk, a folder not ours: the answers stay, to submit again
            self.save_failed = True
            self.notify(
                f"Your exam was not saved: {error}. Press enter on review to try again.",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.finished = True
        quiz_app(self).results_path = path
        self.app.switch_screen(ExamResults(self.session, result, path))


SUBMIT = -1  # what the review returns for "submit"; a question's position to open it; None to go back


class ReviewList(OptionList):
    """The questions still to see to; enter (or a click) opens the highlighted one, and with none
    highlighted enter is left to the review (submit)."""

    def __init__(self, *options: Option, id: str | None = None):
        super().__init__(*options, id=id, markup=False)
        self.highlighted = None  # OptionList highlights its first option: here enter would then open it, not submit

    def action_select(self) -> None:
        """Open the highlighted question, or leave enter to the review. At once, with the key: not by
        OptionList's message, which keys typed after enter would overtake, landing in this list."""
        if self.highlighted is None:
            raise SkipAction()
        self.screen.dismiss(int(self.get_option_at_index(self.highlighted).id or 0))


class ExamReview(ModalScreen[int | None]):
    """Before submitting: what is unanswered or flagged. y (or enter) submits; n / escape go back;
    up and down choose a listed question, and enter then opens it.

    Its keys are handled strictly in order (see keys.py), as the exam's are: going back to the exam
    or opening a question is done with the key that asks for it (the exam shows that question before
    the next key), so keys typed ahead reach the question, not this list."""

    KEYS_IN_ORDER = True
    BINDINGS = [
        Binding("y,enter", "submit", "Submit"),
        Binding("n,escape", "back", "Back to the exam"),
    ]

    def __init__(self, session: ExamSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The counts, then each unanswered or flagged question."""
        session = self.session
        answered = len(session.questions) - len(session.unanswered())
        listed = []
        for position, question, marks in session.to_review():
            shown = ", ".join("⚑ flagged" if mark == "flagged" else mark for mark in marks)
            text = question.prompt or getattr(question, "text", "")
            listed.append(
                Option(
                    Content.assemble(f"{position + 1:>3}. ", Content.styled(shown, "yellow"), "  ", literal(text)),
                    id=str(position),
                )
            )
        with Vertical(id="confirm-box"):
            yield Static(
                Content.assemble(
                    Content.styled("Submit your answers?", "bold"),
                    f"\n{answered} of {len(session.questions)} answered.",
                ),
                id="review-count",
            )
            keys = "y / enter: submit    n / escape: back to the exam"
            if listed:
                yield ReviewList(*listed, id="review-list")
                keys += "\n↑ ↓ choose a question above, then enter: go to it"
            yield Static(Content.styled(keys, "dim"))

    def action_submit(self) -> None:
        """Submit the attempt."""
        self.dismiss(SUBMIT)

    def action_back(self) -> None:
        """Back to the question the student was on."""
        self.dismiss(None)


class ExamResults(Screen[None]):
    """The score, pass or fail, and each question with the answer given, the right one, and why."""

    BINDINGS = [Binding("escape,enter", "close", "Done")]

    def __init__(self, session: ExamSession, result: ExamResult, path: Path):
        super().__init__()
        self.session = session
        self.result = result
        self.path = path

    def compose(self) -> ComposeResult:
        """Summary, then the review."""
        result = self.result
        passed = Content.styled("PASSED", "bold green") if result.passed else Content.styled("NOT PASSED", "bold red")
        score = f"{format_points(result.score)} of {format_points(result.max_score)} points ({result.percent:.0f}%)"
        summary = [
            Content.assemble(
                passed,
                "  ",
                Content.styled(score, "bold"),
                Content.styled(f"  ·  pass mark {result.pass_mark:.0%}", "dim"),
            ),
        ]
        if result.timed_out:
            summary.append(Content.styled("Time ran out: what was answered was submitted.", "yellow"))
        summary.append(Content.assemble("Results saved to ", literal(str(self.path), "italic")))
        yield TitleBar()
        with VerticalScroll(id="exam-results"):
            yield Static(Content("\n").join(summary), classes="stats-summary")
            for number, item in enumerate(result.questions, start=1):
                question = item.question
                lines = [
                    Content.assemble(Content.styled(f"{number}. ", "bold"), literal(question.prompt or "", "bold"))
                ]
                if item.response is None:
                    lines.append(Content.styled("Not answered.", "yellow"))
                    lines.append(Content.assemble("Answer: ", literal(item.grade.expected, "bold")))
                else:
                    lines.append(verdict(item.grade))
                    lines += answer_lines(question, item.grade)
                if question.explanation:
                    lines.append(Content.assemble(Content.styled("Why: ", "bold"), literal(question.explanation)))
                yield Static(Content("\n").join(lines), classes="preview-question")
        yield KeyFooter()

    def action_close(self) -> None:
        """Back home, or out of the app when it was opened for this exam (`quizapp quiz`)."""
        if quiz_app(self).start.mode == "quiz":
            self.app.exit(0)
        else:
            self.app.pop_screen()
