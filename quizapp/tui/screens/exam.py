"""Exam mode: the clock, question n of N, moving between questions, flags, a review before
submitting, automatic submission when time runs out; then the score and a review of every question."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Static

from ...exam import ExamResult, ExamSession
from ...presentation import shown_order
from ...problems import UserError
from ...results import save_attempt
from ..widgets.feedback import answer_lines, verdict
from ..widgets.question_inputs import AnswerReady, QuestionInput, input_for
from ..widgets.text import literal


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
    left = ("" if remaining is None else "  ·  time is up: it is submitted with these answers"
            if not remaining else f"  ·  {clock_text(remaining.total_seconds())} left")
    return Content.assemble(
        Content.styled("An unfinished exam: ", "bold"), literal(session.deck.title),
        f"\nStarted at {started}  ·  {len(session.responses)} of {len(session.questions)} answered{left}\n\n"
        "Take it up again? (n: start a new attempt instead)",
    )


class ExamScreen(Screen[None]):
    """One attempt: no feedback until the end."""

    BINDINGS = [
        Binding("enter", "record_and_next", "Record, next"),
        Binding("left,pageup", "go(-1)", "Previous"),
        Binding("right,pagedown", "go(1)", "Next"),
        Binding("f2", "flag", "Flag"),
        Binding("escape", "review", "Review & submit"),
    ]

    def __init__(self, session: ExamSession, student: str, results_dir: Path):
        super().__init__()
        self.session = session
        self.student = student
        self.results_dir = results_dir
        self.position = 0
        self.finished = False
        self.save_failed = False  # then the student submits again from the review, not the clock each second

    def compose(self) -> ComposeResult:
        """The status line, the question, the keys."""
        yield Header()
        yield Static(id="exam-status")
        with VerticalScroll(id="question-area"):
            yield Static(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first question and start the clock."""
        if not self.session.questions:
            self.notify("This exam has no questions.", severity="error")
            self.app.pop_screen()
            return
        self.show_question()
        self.set_interval(1.0, self.tick)

    def current(self) -> QuestionInput | None:
        """The input on screen."""
        found = self.query(QuestionInput)
        return found.first() if found else None

    def show_question(self) -> None:
        """Show the question at `position`, with the answer given before, if any."""
        for old in self.query(QuestionInput):
            old.remove()
        question = self.session.questions[self.position]
        self.query_one("#prompt", Static).update(literal(question.prompt or "", "bold"))
        widget = input_for(question, shown_order(question, self.session.seed), self.session.responses.get(question.id or ""))
        self.query_one("#question-area").mount(widget)
        self.call_after_refresh(widget.focus)
        self.shown_at = self.app.context.clock()  # type: ignore[attr-defined]
        self.update_status()

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

    def keep_answer(self) -> None:
        """Record what the student has given for the question on screen (if anything)."""
        widget = self.current()
        if widget is None or not widget.answered():
            return
        question = self.session.questions[self.position]
        now = self.app.context.clock()  # type: ignore[attr-defined]
        spent = max(0.0, (now - self.shown_at).total_seconds())
        try:
            self.session.answer(question.id or "", widget.response(), spent)
        except UserError as error:  # (a StoreError) the exam keeps the answer; only the progress log missed it
            self.notify(f"Your answer counts for this exam but could not be logged: {error}",
                        severity="warning", timeout=10, markup=False)
        self.shown_at = now

    def on_answer_ready(self, message: AnswerReady) -> None:
        """Enter in a text box records and moves on."""
        message.stop()
        self.action_record_and_next()

    def action_record_and_next(self) -> None:
        """Record the answer and go to the next question; after the last, the review."""
        self.keep_answer()
        if self.position + 1 < len(self.session.questions):
            self.position += 1
            self.show_question()
        else:
            self.action_review()

    def action_go(self, step: int) -> None:
        """Move to the previous or next question (keeping the answer given)."""
        target = self.position + step
        if 0 <= target < len(self.session.questions):
            self.keep_answer()
            self.position = target
            self.show_question()

    def action_flag(self) -> None:
        """Flag (or unflag) this question to come back to."""
        self.session.toggle_flag(self.session.questions[self.position].id or "")
        self.update_status()

    def action_review(self) -> None:
        """The list of unanswered and flagged questions, and the question whether to submit."""
        self.keep_answer()

        def decided(submit: bool | None) -> None:
            if submit:
                self.submit()

        self.app.push_screen(ExamReview(self.session), decided)

    def tick(self) -> None:
        """Every second: update the clock; when time is up, submit what was answered."""
        if self.finished:
            return
        if self.session.expired() and not self.save_failed:
            self.keep_answer()
            if isinstance(self.app.screen, ExamReview):
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
            self.notify(f"Your exam was not saved: {error}. Press enter on review to try again.",
                        severity="error", timeout=15, markup=False)
            return
        self.finished = True
        self.app.results_path = path  # type: ignore[attr-defined]
        self.app.switch_screen(ExamResults(self.session, result, path))


class ExamReview(ModalScreen[bool]):
    """Before submitting: what is unanswered or flagged. y / enter submits; n / escape goes back."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Submit"), Binding("n,escape", "answer(False)", "Back to the exam")]

    def __init__(self, session: ExamSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """The counts, then each unanswered or flagged question."""
        session = self.session
        unanswered = session.unanswered()
        lines = [Content.styled("Submit your answers?", "bold"),
                 Content(f"{len(session.questions) - len(unanswered)} of {len(session.questions)} answered.")]
        for number, question in enumerate(session.questions, start=1):
            marks = []
            if question in unanswered:
                marks.append("unanswered")
            if question.id in session.flagged:
                marks.append("⚑ flagged")
            if marks:
                lines.append(Content.assemble(f"{number:>3}. ", Content.styled(", ".join(marks), "yellow"), "  ",
                                              literal((question.prompt or getattr(question, "text", ""))[:50])))
        with Vertical(id="confirm-box"):
            yield Static(Content("\n").join(lines))
            yield Static(Content.styled("y / enter: submit    n / escape: back to the exam", "dim"))

    def action_answer(self, submit: bool) -> None:
        """Close with the decision."""
        self.dismiss(submit)


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
        score = f"{result.score:g} of {result.max_score:g} points ({result.percent:.0f}%)"
        summary = [
            Content.assemble(passed, "  ", Content.styled(score, "bold"),
                             Content.styled(f"  ·  pass mark {result.pass_mark:.0%}", "dim")),
        ]
        if result.timed_out:
            summary.append(Content.styled("Time ran out: what was answered was submitted.", "yellow"))
        summary.append(Content.assemble("Results saved to ", literal(str(self.path), "italic")))
        yield Header()
        with VerticalScroll(id="exam-results"):
            yield Static(Content("\n").join(summary), classes="stats-summary")
            for number, item in enumerate(result.questions, start=1):
                question = item.question
                lines = [Content.assemble(Content.styled(f"{number}. ", "bold"), literal(question.prompt or "", "bold"))]
                if item.response is None:
                    lines.append(Content.styled("Not answered.", "yellow"))
                    lines.append(Content.assemble("Answer: ", literal(item.grade.expected, "bold")))
                else:
                    lines.append(verdict(item.grade))
                    lines += answer_lines(question, item.grade)
                if question.explanation:
                    lines.append(Content.assemble(Content.styled("Why: ", "bold"), literal(question.explanation)))
                yield Static(Content("\n").join(lines), classes="preview-question")
        yield Footer()

    def action_close(self) -> None:
        """Back home, or out of the app when it was opened for this exam (`quizapp quiz`)."""
        if self.app.start.mode == "quiz":  # type: ignore[attr-defined]
            self.app.exit(0)
        else:
            self.app.pop_screen()
