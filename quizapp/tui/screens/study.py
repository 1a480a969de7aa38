"""The study screen: one question at a time, feedback after each answer, and the session's end."""

from __future__ import annotations

import random
import threading
import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...study.presentation import cited_notes, session_report, shown_order
from ...study.progress import Rating
from ...study.session import Item, StudySession, Submitted
from ...study.store import StoreError
from ..app import quiz_app
from ..widgets.key_footer import KeyFooter
from ..widgets.progress_line import ProgressLine
from ..widgets.question_inputs import Flashcard, QuestionInput, input_for
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar

ASKING, FEEDBACK, DONE = "asking", "feedback", "done"


class StudyScreen(Screen[None]):
    """Spaced-repetition study (or practice) of a session's questions.

    Its keys are handled strictly in order (see keys.py), and every step (an answer, a rating, the
    next question) is awaited in full, so keys typed ahead act on what they were meant for."""

    KEYS_IN_ORDER = True
    # Nothing takes the focus by itself when the screen shows: `ask` gives it to the question's input.
    # (Textual would first give it to the question area, which scrolls and so takes it, then restyle
    # the area each time the focus moved on: a tenth of the work to the first question's paint.)
    AUTO_FOCUS = ""
    BINDINGS = [
        # One key, named in the footer for what it does now (the state picks which binding is shown).
        Binding("enter", "enter('submit')", "Submit"),
        Binding("enter", "enter('next')", "Next"),
        Binding("enter", "enter('back')", "Back"),
        Binding("h,f3", "hint", "Hint"),
        Binding("h,f3", "no_hint", "Hint", show=False),  # the same keys, saying there is none
        Binding("space", "reveal", "Show answer"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("n", "notes", "Notes"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("escape", "leave", "End"),
        Binding("c", "practice", "Practise", tooltip="Practise these decks now (nothing is scheduled)"),
    ]

    def __init__(self, session: StudySession | None, seed: int | None = None, first: Item | None = None):
        """`session`, or (fast start) None with the `first` item to show until `attach` brings the session."""
        super().__init__()
        self.session = session
        self.first = first
        self.seed = seed if seed is not None else random.randrange(2**31)
        self.state = ASKING
        self.item: Item | None = None
        self.submitted: Submitted | None = None
        self.hint_used = False
        self.shown_at = 0.0
        self.waiting: tuple[object, Rating | None] | None = None  # an answer given before the session came
        self.painted = threading.Event()  # set once the first question is on screen

    def compose(self) -> ComposeResult:
        """The title, the deck line, the progress line, the question area."""
        yield TitleBar()
        yield Static(id="study-header")
        yield ProgressLine(id="progress")
        with VerticalScroll(id="question-area"):
            yield Static(id="prompt")
            yield Static(id="hint")
        yield KeyFooter()

    async def on_mount(self) -> None:
        """Ask the first question."""
        self.query_one("#hint").display = False
        await self.ask(self.session.next() if self.session is not None else self.first)
        self.call_after_refresh(self.painted.set)

    def attach(self, session: StudySession) -> None:
        """The session is ready: it takes over the question on screen, and any answer already given."""
        self.session = session
        if self.item is not None:
            self.item = session.take(self.item.key)
            self.call_after_refresh(session.prepare, self.item)
        if self.waiting is not None:
            response, rating = self.waiting
            self.waiting = None
            self.call_next(self.submit, response, rating)
        self.update_progress()
        self.refresh_bindings()

    # ------------------------------------------------------------------ asking

    async def ask(self, item: Item | None) -> None:
        """Show `item` (or the session's end when there is none)."""
        await self.query("QuestionInput, Feedback, #session-end").remove()
        self.item, self.submitted, self.hint_used = item, None, False
        if item is None:
            self.finish()
            return
        self.state = ASKING
        question = item.question
        tags = f"  ·  {', '.join(question.tags)}" if question.tags else ""
        self.query_one("#study-header", Static).update(
            Content.assemble(
                literal(item.deck.title, "bold"),
                literal(tags),
                Content.styled(
                    "  ·  practice" if self.practice else ("  ·  new" if item.progress is None else ""), "dim"
                ),
            )
        )
        self.update_progress()
        prompt = question.prompt or ""
        self.query_one("#prompt", Static).update(literal(prompt, "bold"))
        self.query_one("#prompt").display = bool(prompt)
        self.query_one("#hint").display = False
        widget = input_for(question, shown_order(question, self.seed))
        await self.query_one("#question-area").mount(widget)
        self.set_focus(widget.focus_target())
        self.shown_at = time.monotonic()
        self.refresh_bindings()
        if self.session is not None:  # once it is on screen, while the student reads it
            self.call_after_refresh(self.session.prepare, item)

    @property
    def practice(self) -> bool:
        """Whether this is practice (a fast start is always study)."""
        return self.session is not None and self.session.practice

    def update_progress(self) -> None:
        """The bar: answered so far out of answered plus still queued."""
        bar = self.query_one("#progress", ProgressLine)
        if self.session is None:  # a fast start: empty until the session says how many there are
            bar.update(total=1, progress=0)
            return
        answered = self.session.summary.answered
        bar.update(total=max(1, answered + self.session.remaining + (1 if self.item else 0)), progress=answered)

    def current_input(self) -> QuestionInput | None:
        """The input of the question on screen, if any."""
        found = self.query(QuestionInput)
        return found.first() if found else None

    async def action_enter(self, step: str = "") -> None:
        """Submit the answer, or go on with the highlighted rating (`step` names which, for the footer)."""
        if self.state == ASKING:
            widget = self.current_input()
            if isinstance(widget, Flashcard):
                if widget.revealed:
                    await self.action_rate(int(Rating.GOOD))
                else:
                    await self.action_reveal()
            elif widget is not None and not widget.enter_pressed():
                problem = widget.problem()
                if problem is not None:  # not graded: the student is told and tries again
                    self.notify(problem, severity="warning", timeout=6, markup=False)
                    return
                await self.submit(widget.response())
        elif self.state == FEEDBACK:
            await self.next_question()
        else:
            quiz_app(self).close_study()

    async def submit(self, response: object, rating: Rating | None = None) -> None:
        """Grade and commit the answer, then show the feedback."""
        assert self.item is not None
        widget = self.current_input()
        if self.session is None:  # the fast start's first question, answered before the session is ready
            self.waiting = (response, rating)
            if widget is not None:  # what the screen shows answered stays what will be recorded
                widget.disabled = True
            self.notify("One moment: opening your decks…", timeout=2)
            return
        duration = int((time.monotonic() - self.shown_at) * 1000)
        try:
            self.submitted = self.session.submit(self.item, response, duration, self.hint_used, rating)
        except StoreError as error:  # nothing was recorded: the question stays, to answer again
            if widget is not None:
                widget.disabled = False
            self.notify(f"Your answer was not saved: {error}", severity="error", timeout=15, markup=False)
            return
        if self.item.question.type == "flashcard":
            await self.next_question()
            return
        from ..widgets.feedback import Feedback  # first needed after an answer: the first question does without it

        self.state = FEEDBACK
        if widget is not None:
            widget.disabled = True
        feedback = Feedback(
            self.item.question,
            self.submitted.grade,
            cited_notes(self.item),
            self.submitted.intervals,
            self.submitted.rating,
            self.session.practice,
        )
        await self.query_one("#question-area").mount(feedback)
        self.set_focus(feedback)  # at once, not behind keys already typed (see QuestionInput.focus_target)
        # The feedback is the last thing in the question area and fits in it (at most what the question
        # leaves, at least 10 rows): scrolled to the end, all of it shows, the ratings at its foot.
        # (scroll_visible stopped a row short of a feedback with a border, hiding the last line.)
        area = self.query_one("#question-area", VerticalScroll)
        self.call_after_refresh(area.scroll_end, animate=False)
        self.refresh_bindings()

    async def action_reveal(self) -> None:
        """Turn a flashcard over: its back, its explanation and notes, and the ratings."""
        widget = self.current_input()
        if self.state != ASKING or not isinstance(widget, Flashcard) or widget.revealed or self.item is None:
            return
        from ..widgets.feedback import Feedback

        widget.revealed = True
        intervals = self.session.intervals(self.item) if self.session is not None else {}
        feedback = Feedback(
            self.item.question,
            None,
            cited_notes(self.item),
            intervals,
            Rating.GOOD,
            self.practice,
        )
        await self.query_one("#question-area").mount(feedback)
        self.refresh_bindings()

    async def action_rate(self, rating: int) -> None:
        """Choose a rating: it replaces the suggestion (or rates a revealed flashcard)."""
        chosen = Rating(rating)
        widget = self.current_input()
        if self.state == ASKING and isinstance(widget, Flashcard) and widget.revealed:
            await self.submit(None, chosen)
        elif self.state == FEEDBACK and self.submitted is not None and self.session is not None:
            from ..widgets.feedback import Feedback

            try:
                self.submitted = self.session.rerate(self.submitted, chosen)
            except StoreError as error:  # the answer stays recorded with its earlier rating
                self.notify(f"The rating was not changed: {error}", severity="error", timeout=15, markup=False)
                return
            self.query_one("#feedback", Feedback).choose(chosen)
            await self.next_question()

    async def next_question(self) -> None:
        """On to the next question."""
        # Only ever after an answer the session took (or rated): a fast start's first answer waits for it.
        assert self.session is not None
        await self.ask(self.session.next())

    def action_no_hint(self) -> None:
        """Say that this question has no hint (rather than do nothing)."""
        self.notify("This question has no hint.", timeout=3)

    def action_hint(self) -> None:
        """Show the hint (which caps the suggested rating at Hard)."""
        if self.state != ASKING or self.item is None or not self.item.question.hint:
            return
        self.hint_used = True
        hint = self.query_one("#hint", Static)
        hint.update(Content.assemble(Content.styled("Hint: ", "bold"), literal(self.item.question.hint)))
        hint.display = True

    async def action_undo(self) -> None:
        """Take back the last answer and ask it again."""
        if self.session is None or not self.session.can_undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        asking = self.item if self.state == ASKING else None
        if asking is not None:
            self.session.put_back(asking)
        try:
            self.session.undo()
        except StoreError as error:  # nothing was taken back: the question on screen stays
            if asking is not None:
                self.session.take(asking.key)
            self.notify(f"Nothing was taken back: {error}", severity="error", timeout=15, markup=False)
            return
        await self.ask(self.session.next())
        self.notify("Last answer taken back.", timeout=2)

    def action_notes(self) -> None:
        """Open the study notes of the paragraphs this question cites."""
        if self.item is not None and self.state == FEEDBACK:
            quiz_app(self).open_reading(self.item.deck, list(self.item.question.source))

    def action_leave(self) -> None:
        """End the session now (every answer so far is already saved)."""
        if self.state == DONE or self.session is None:
            quiz_app(self).close_study()
            return
        if self.state == ASKING and self.item is not None:
            self.session.put_back(self.item)
        self.finish()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show in the footer only what the current state allows."""
        if action in ("hint", "no_hint"):
            return (
                self.state == ASKING and self.item is not None and bool(self.item.question.hint) == (action == "hint")
            )
        if action == "enter":
            return {"submit": ASKING, "next": FEEDBACK, "back": DONE}[str(parameters[0])] == self.state
        if action == "notes":
            return self.state == FEEDBACK
        if action == "undo":
            return self.state != DONE and self.session is not None
        if action in ("reveal", "rate"):
            if self.state != ASKING:
                return action == "rate" and self.state == FEEDBACK
            # Asked for each binding at every refresh of the footer: the screen is searched only here.
            widget = self.current_input() if self.is_mounted else None
            if not isinstance(widget, Flashcard):
                return False
            return widget.revealed == (action == "rate")
        if action == "practice":
            return self.state == DONE and not self.practice
        return True

    # ------------------------------------------------------------------ the end

    def finish(self) -> None:
        """Show what the session did and when reviews fall due next."""
        # The end comes from the session: it ran out of questions, or the student ended it (a fast start's
        # screen shows its first question until the session comes, and leaving before then goes home).
        session = self.session
        assert session is not None
        self.state = DONE
        for old in self.query("QuestionInput, Feedback"):
            old.remove()
        self.query_one("#prompt").display = False
        self.query_one("#hint").display = False
        heading, report = session_report(session)
        lines = [Content.styled(heading, "bold"), *(Content(line) for line in report)]
        if not self.practice:
            lines.append(Content.styled("c: practise these questions now (nothing is scheduled)", "dim"))
        lines.append(Content.styled("enter or escape: back", "dim"))
        self.query_one("#question-area").mount(Static(Content("\n").join(lines), id="session-end"))
        self.update_progress()
        quiz_app(self).session_ended()
        self.refresh_bindings()

    def action_practice(self) -> None:
        """From the end of a session: practise its decks, every question once, nothing scheduled."""
        if self.session is None:  # only at the end of a session (see check_action), which has one
            return
        decks = self.session.decks
        app = quiz_app(self)
        app.close_study()
        app.open_study(decks, practice=True)
