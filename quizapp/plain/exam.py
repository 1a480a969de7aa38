"""An exam in plain mode: question n of N, answers kept as given (and saved at once), back, next and
flags, a review before submitting, the clock said at marks and on request, the results at the end.

The same calls as the TUI's exam screens (tui/screens/exam.py, tui/app.py `open_exam`): `ExamSession`
`answer`, `move_to`, `toggle_flag`, `finish`, and `save_attempt` for the results file; an attempt left
unfinished (quit, the end of the input) is taken up again the next time, as in the TUI.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..classroom.results import save_attempt
from ..problems import UserError
from ..study.exam import ExamSession, ExamSettings, exam_pool
from ..study.presentation import shown_order
from .answers import how_to_answer, parse_answer, whole_numbers
from .commands import EXAM_COMMANDS, NOT_IN_EXAMS, answer_text, command_in, help_lines
from .console import EndOfInput
from .exam_clock import ClockMarks, clock_words
from .render import cloze_text, gap_count, gap_words, given_so_far, question_lines, results_lines, shape_of

if TYPE_CHECKING:
    from pathlib import Path

    from ..days import Clock
    from ..deck.loaded import LoadedDeck
    from ..study.store import Profile, Store
    from .console import Console

YES, NO = ("y", "yes"), ("n", "no")  # at the review, where a number may be given too
MOVES = ("next", "skip", "back", "submit", "quit")  # the commands that leave the question on hand


class Leave(Exception):
    """The student leaves the exam unfinished (quit, or the end of the input)."""


class TimeUp(Exception):
    """The time limit has passed: what was answered is submitted."""


def open_exam(
    console: Console,
    store: Store,
    profile: Profile,
    deck: LoadedDeck,
    settings: ExamSettings,
    student: str | None,
    folder: Path,
    clock: Clock,
    tz: dt.tzinfo | None,
) -> PlainExam | None:
    """A new attempt at `deck`'s exam, or the unfinished one taken up if the student wants it (as the
    TUI asks); None when the student leaves instead (quit), or when the exam has no questions."""
    if not exam_pool(deck, settings):  # before any attempt is begun: an empty one could never be finished
        console.say("This exam has no questions.")
        return None

    def begin() -> PlainExam:
        session = ExamSession(deck, settings, clock, store, profile)
        name = student or profile.name
        store.begin_exam(profile.id, deck.id, session.in_progress(name))
        return PlainExam(console, session, name, folder)

    saved = store.exam_in_progress(profile.id, deck.id)
    if saved is not None and saved.deck_sha256 != deck.sha256:  # the deck was edited: its draw cannot be repeated
        console.say(
            "An unfinished attempt at an earlier version of this deck was set aside "
            "(its answers stay in your progress log)."
        )
        saved = None
    if saved is None:
        return begin()
    resumed = ExamSession.resume(deck, saved, clock, store, profile)
    assert resumed.started is not None
    answered = f"{len(resumed.responses)} of {len(resumed.questions)} answered"
    left = resumed.remaining()
    clock_said = "" if left is None else f", {clock_words(left)} left" if left else ", and its time is up"
    console.say(
        f"An unfinished exam of {deck.title}, started at {resumed.started.astimezone(tz).strftime('%H:%M on %d %B')}: "
        f"{answered}{clock_said}."
    )
    while True:
        choice = console.yes_or_no("Take it up again? Type y to take it up, or n to start a new attempt: ")
        if choice is None:
            return None
        if choice:
            return PlainExam(console, resumed, saved.student, folder)
        console.say(
            f"A new attempt submits the unfinished one as it stands ({answered}), "
            "and its results file is written for your teacher."
        )
        new = console.yes_or_no("Start a new attempt? Type y or n: ")
        if new is None:
            return None
        if new:
            try:
                save_attempt(resumed, resumed.finish(), saved.student, folder)
            except UserError as error:  # the attempt stays, to be taken up or set aside later
                console.say(f"The unfinished attempt was not submitted: {error}")
                return None
            return begin()


class PlainExam:
    """One attempt, asked and answered line by line."""

    def __init__(self, console: Console, session: ExamSession, student: str, folder: Path):
        self.console = console
        self.session = session
        self.student = student
        self.folder = folder
        self.results: Path | None = None
        self.reviewing = False
        self.save_failed = False  # then the student submits again from the review, not the clock
        self.shown_at = session.clock()
        limit, left = session.settings.time_limit_minutes, session.remaining()
        self.marks = ClockMarks(dt.timedelta(minutes=limit), left) if limit is not None and left is not None else None

    def run(self) -> Path | None:
        """Sit the exam to its results file (returned), or leave it unfinished (None)."""
        session = self.session
        left = session.remaining()
        timing = " There is no time limit." if left is None else f" You have {clock_words(left)}."
        self.console.say(
            f"Exam: {session.deck.title}. {len(session.questions)} questions.{timing} "
            f"No feedback until you submit; the pass mark is {session.settings.pass_mark:.0%}. "
            "Type help for the commands."
        )
        try:
            while self.results is None:
                try:
                    self._review() if self.reviewing else self._question()
                except TimeUp:
                    self.console.say("Time is up: your answers have been submitted.")
                    self._submit()
                    self.reviewing = True
        except (Leave, EndOfInput):
            self._say_left_unfinished()
            return None
        except KeyboardInterrupt:  # ctrl+C: the program ends (status 130), the attempt is kept as quit keeps it
            if self.results is None:
                self._say_left_unfinished()
            raise
        return self.results

    def _say_left_unfinished(self) -> None:
        session = self.session
        self.console.say(
            f"Exam left unfinished: {len(session.responses)} of {len(session.questions)} answered, all saved. "
            "Run the same command again to take it up."
        )

    # ------------------------------------------------------------------ reading a line

    def _line(self, prompt: str) -> str:
        """A line read, the clock checked before and after (the marks said, TimeUp once it has passed)."""
        self._check_clock()
        line = self.console.ask(prompt)
        self._check_clock()
        return line

    def _check_clock(self) -> None:
        if self.session.expired() and not self.save_failed:
            raise TimeUp
        left = self.session.remaining()
        mark = self.marks.due(left) if self.marks is not None and left is not None else None
        if mark:
            self.console.say(mark)

    def _time(self) -> None:
        left = self.session.remaining()
        self.console.say("This exam has no time limit." if left is None else f"{clock_words(left)} left.")

    # ------------------------------------------------------------------ a question

    def _question(self) -> None:
        """Show the question the attempt is at, and read lines until one moves elsewhere."""
        session = self.session
        position = session.position
        question = session.questions[position]
        shape = shape_of(question, shown_order(question, session.seed))
        flagged = ", flagged" if question.id in session.flagged else ""
        self.console.say("", f"Question {position + 1} of {len(session.questions)}{flagged}.")
        self.console.say(*question_lines(question, shape))
        given = session.responses.get(question.id or "")
        if given is not None:
            self.console.say(given_so_far(shape, given))
        self.shown_at = session.clock()
        while True:
            if question.type == "cloze":
                gaps = self._gaps(gap_count(question))
                if gaps is None:
                    return
                if not any(gap.strip() for gap in gaps):
                    self.console.say("No answer given: type a word for each gap, or type next.")
                    continue
                response: Any = gaps
            else:
                line = self._line("Answer: ")
                command = command_in(line, EXAM_COMMANDS | NOT_IN_EXAMS)
                if command is not None:
                    if self._command(command):
                        return
                    continue
                parsed = parse_answer(shape, answer_text(line))
                if parsed.problem is not None:
                    self.console.say(parsed.problem)
                    continue
                response = parsed.response
            if self._keep(response):
                self.console.say("Recorded.")
            self._go(position + 1)
            return

    def _gaps(self, count: int) -> list[str] | None:
        """A cloze's `count` gaps, one line each; None when a command typed among them moved away."""
        gaps: list[str] = []
        while len(gaps) < count:
            try:
                line = self._line(f"Gap {len(gaps) + 1}: " if count > 1 else "Answer: ")
            except (EndOfInput, KeyboardInterrupt):  # leaving mid-question keeps what was typed, as quit does
                self._keep_gaps(gaps)
                raise
            command = command_in(line, EXAM_COMMANDS | NOT_IN_EXAMS)
            if command is None:
                gaps.append(answer_text(line))
            elif self._command(command, gaps):
                return None
        return gaps

    def _keep_gaps(self, typed: list[str]) -> None:
        """Keep the first gaps of a cloze, typed before the student moved away: they replace those of
        the answer given before, whose other gaps stay (of a first answer, they are left empty). What
        is then recorded is said in full. Blank gaps alone change nothing."""
        if not any(gap.strip() for gap in typed):
            return
        question = self.session.questions[self.session.position]
        count = gap_count(question)
        earlier = self.session.responses.get(question.id or "")
        rest = earlier[len(typed) :] if isinstance(earlier, list) and len(earlier) == count else []
        kept = [*typed, *rest, *[""] * (count - len(typed) - len(rest))]
        if self._keep(kept):
            self.console.say(f"Recorded: {gap_words(kept)}.")

    def _command(self, command: str, typed_gaps: list[str] | None = None) -> bool:
        """Do a command typed at a question (`typed_gaps`: a cloze's gaps typed before it, kept when the
        student moves away); whether it moves away from the question."""
        session = self.session
        position = session.position
        if command in NOT_IN_EXAMS:
            self.console.say(NOT_IN_EXAMS[command])
            return False
        if command == "back" and position == 0:
            self.console.say("This is the first question.")
            return False
        if command in MOVES and typed_gaps is not None:
            self._keep_gaps(typed_gaps)
        if command in ("next", "skip"):
            self._go(position + 1)
            return True
        if command == "back":
            self._go(position - 1)
            return True
        if command == "submit":
            self.reviewing = True
            return True
        if command == "quit":
            raise Leave
        if command == "flag":
            question_id = session.questions[position].id or ""
            self._remember(lambda: session.toggle_flag(question_id))
            self.console.say("Flagged." if question_id in session.flagged else "Flag taken off.")
        elif command == "time":
            self._time()
        else:
            question = session.questions[position]
            self.console.say(*help_lines(EXAM_COMMANDS))
            if question.type == "cloze":
                self.console.say("Type each gap on its own line.")
            else:
                self.console.say(how_to_answer(shape_of(question, shown_order(question, session.seed))))
        return False

    def _keep(self, response: object) -> bool:
        """Record an answer to the question on hand (saved at once; a later one replaces it); whether
        the exam took it (once the time is up it takes none: said)."""
        session = self.session
        if session.expired():
            self.console.say("The time is up: this answer was not recorded.")
            return False
        now = session.clock()
        spent = max(0.0, (now - self.shown_at).total_seconds())
        try:
            session.answer(session.questions[session.position].id or "", response, spent)
        except UserError as error:  # (a StoreError) the exam keeps the answer; only the progress log missed it
            self.console.say(f"Your answer counts for this exam but could not be logged: {error}")
        self.shown_at = now
        return True

    def _go(self, position: int) -> None:
        """Go to question `position` (from 0); past the last, to the review."""
        if position >= len(self.session.questions):
            self.reviewing = True
            return
        self._remember(lambda: self.session.move_to(position))

    def _remember(self, change: Any) -> Any:
        """A change the store remembers for a resumed attempt; if it cannot, the attempt goes on."""
        try:
            return change()
        except UserError as error:
            self.console.say(f"Not saved for a resumed attempt: {error}")
            return None

    # ------------------------------------------------------------------ the review and the results

    def _review(self) -> None:
        """What is unanswered or flagged, then submit (y), back to the exam (n), or to a question (its number)."""
        session = self.session
        count = len(session.questions)
        answered = count - len(session.unanswered())
        self.console.say("", f"Review: {answered} of {count} questions answered.")
        for position, question, marks in session.to_review():
            prompt = question.prompt or cloze_text(question)
            self.console.say(f"Question {position + 1}, {' and '.join(marks)}: {prompt}")
        while True:
            line = self._line("Submit now? Type y to submit, n to go back, or a question's number to go to it: ")
            word = line.strip().lower()
            if word in YES:
                self._submit()
                return
            if word in NO or word in ("back", "next"):
                self.reviewing = False
                return
            numbers = whole_numbers(word)
            if numbers is not None and len(numbers) == 1 and 1 <= numbers[0] <= count:
                self.reviewing = False
                self._go(numbers[0] - 1)
                return
            if word == "quit":
                raise Leave
            if word == "time":
                self._time()
            else:
                self.console.say(f"Type y to submit, n to go back to the exam, or a question's number, 1 to {count}.")

    def _submit(self) -> None:
        """Score the attempt, write its results file and say the results; if it cannot be written, say so
        (the answers stay, to submit again from the review)."""
        result = self.session.finish()
        try:
            self.results = save_attempt(self.session, result, self.student, self.folder)
        except UserError as error:  # a full disk, a folder not ours
            self.save_failed = True
            self.console.say(f"Your exam was not saved: {error}. Type y at the review to try again.")
            return
        self.console.say("", *results_lines(result))
