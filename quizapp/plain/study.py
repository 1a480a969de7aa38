"""Studying in plain mode: each question asked as lines, each answer read as a line, graded and
saved by the study session before its feedback is written, then the rating kept or changed.

The same calls as the TUI's study screen (tui/screens/study.py): `StudySession.next`, `submit`,
`rerate`, `undo`, `put_back`; so the same answers give the same store.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..study.presentation import cited_notes, interval_words, session_report, shown_order
from ..study.progress import CardState, Rating
from ..study.store import StoreError
from .answers import Parsed, Shape, how_to_answer, parse_answer
from .commands import STUDY_COMMANDS, answer_text, command_in, help_lines
from .render import answer_lines, card_back, explanation_lines, gap_count, question_lines, shape_of, verdict

if TYPE_CHECKING:
    from ..study.session import Item, StudySession, Submitted
    from .backups import Backups
    from .console import Console

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}
RATING_WORDS = {name.lower(): rating for rating, name in RATING_NAMES.items()} | {
    str(int(rating)): rating for rating in Rating
}
# How a question is announced, by where its card stands (a new question has no card yet).
STATUS_WORDS = {
    CardState.NEW: "new",
    CardState.LEARNING: "learning step",
    CardState.REVIEW: "review",
    CardState.RELEARNING: "relearning step, after a lapse",
}
PIPED_TOO_EARLY = "the line is taken as your next answer (piped in, each answer needs an empty line after it)"


class Quit(Exception):
    """The student typed quit: the session ends (every answer is saved already)."""


@dataclass
class PlainStudy:
    """One study (or practice) session, asked and answered line by line; the question on hand is
    `item`, shown as `shape` (its options in the order of `seed`)."""

    console: Console
    session: StudySession
    seed: int
    backups: Backups
    item: Item = field(init=False)
    shape: Shape = field(init=False)
    hint_used: bool = False
    revealed: bool = False  # a flashcard turned over
    shown: int = 0  # questions shown so far, the one on hand included (one skipped, or asked again, counts again)
    started: float = 0.0  # when the question was shown (time.monotonic, as the TUI times answers)

    def run(self) -> bool:
        """Ask every question of the session, then say what it did; whether it ran to its end (quit and
        the end of the input end it early)."""
        session = self.session
        decks = ", ".join(deck.title for deck in session.decks)
        kind = "Practice of" if session.practice else "Studying"
        practice = " Nothing is scheduled in practice." if session.practice else ""
        self.console.say(f"{kind} {decks}: {session.total} questions.{practice} Type help for the commands.")
        item = session.next()
        try:
            while item is not None:
                self.ask(item)
                item = session.next()
        except Quit:
            return False
        finally:
            heading, lines = session_report(session, spoken=True)
            self.console.say("", f"{heading}.", *lines)
            self.backups.now()
            self._warn_of_backup()
        return True

    def _warn_of_backup(self) -> None:
        """Say once that a backup could not be made (the answers themselves are saved)."""
        warning = self.backups.take_warning()
        if warning:
            self.console.say(f"Warning: {warning}")

    # ------------------------------------------------------------------ one question

    def ask(self, item: Item) -> None:
        """Ask `item` until it is answered (and rated), skipped, or given up by an undo."""
        session, question = self.session, item.question
        self.item, self.hint_used, self.revealed = item, False, False
        self.shape = shape_of(question, shown_order(question, self.seed))
        self.shown += 1
        # The queue grows as learning steps come back within the session: what is left is said, not a total.
        more = session.remaining
        deck = f", {item.deck.title}" if len(session.decks) > 1 else ""
        self.console.say("", f"Question {self.shown}, {self._status(item)}{deck}; {more or 'no'} more to come.")
        self.console.say(*question_lines(question, self.shape))
        session.prepare(item)  # while the student reads it (see StudySession.prepare)
        self.started = time.monotonic()
        if question.type == "flashcard":
            self._flashcard()
            return
        while True:
            response = self._gaps() if question.type == "cloze" else self._answer()
            if response is None:
                return  # skipped, or given up for an undo
            if isinstance(response, Parsed):
                self.console.say(response.problem or "")
                continue
            submitted = self._submit(response)
            if submitted is not None:
                self._rerate(submitted)
                return

    def _status(self, item: Item) -> str:
        """Practice, or where the question's card stands: new, a learning step, a review."""
        if self.session.practice:
            return "practice"
        return STATUS_WORDS[item.progress.state if item.progress is not None else CardState.NEW]

    def _answer(self) -> object:
        """The response a line gives, a Parsed with the problem of one that gives none, or None: no answer."""
        line = self._read("Your answer: ", answered=False)
        if line is None:
            return None
        parsed = parse_answer(self.shape, answer_text(line))
        return parsed if parsed.problem is not None else parsed.response

    def _gaps(self) -> object:
        """A cloze's gaps, one line each (as `_answer`)."""
        count = gap_count(self.item.question)
        gaps: list[str] = []
        while len(gaps) < count:
            line = self._read(f"Gap {len(gaps) + 1}: " if count > 1 else "Your answer: ", answered=False)
            if line is None:
                return None
            gaps.append(answer_text(line))
        if not any(gap.strip() for gap in gaps):
            return Parsed(problem="No answer given: type a word for each gap, or type skip.")
        return gaps

    def _read(self, prompt: str, answered: bool) -> str | None:
        """The next line that is not a command, the commands typed before it done; None when one of
        them ended the question (skip, undo). `answered`: the question's answer is saved already."""
        while True:
            line = self.console.ask(prompt)
            command = command_in(line, STUDY_COMMANDS)
            if command is None:
                return line
            if command == "quit":
                if not answered:
                    self.session.put_back(self.item)
                raise Quit
            if command == "skip" and not answered:
                self.console.say("Skipped: it stays due for your next session.")
                return None
            if command == "undo" and self._undo(answered):
                return None
            if answered and command in ("hint", "skip") and self._set_aside(line, "This question is answered"):
                return ""  # the question on hand goes on as enter makes it
            if command == "hint":
                self._hint(answered)
            elif command == "notes":
                self._notes(answered)
            elif command == "skip":
                self.console.say("This question is answered: press enter to go on.")
            elif command == "help":
                self.console.say(*help_lines(STUDY_COMMANDS))
                if not answered:
                    self.console.say(self._how_to_answer())

    def _how_to_answer(self) -> str:
        if self.shape.kind == "cloze":
            return "Type each gap on its own line."
        return how_to_answer(self.shape)

    def _hint(self, answered: bool) -> None:
        hint = self.item.question.hint
        if answered:
            self.console.say("The hint is for before you answer.")
        elif hint:
            self.hint_used = True  # the suggested rating is then at most Hard, as in the TUI
            self.console.say(f"Hint: {hint}")
        else:
            self.console.say("This question has no hint.")

    def _notes(self, answered: bool) -> None:
        if not (answered or self.revealed):
            self.console.say("The notes come with the feedback, after you answer.")
            return
        notes = cited_notes(self.item)
        self.console.say(
            *(explanation_lines(self.item.question, notes)[1:] if notes else ["This question cites no study notes."])
        )

    def _undo(self, answered: bool) -> bool:
        """Take back the last answer: it is asked next (a question not answered yet is put back
        before it). Whether it was taken back."""
        session = self.session
        if not session.can_undo:
            self.console.say("Nothing to undo.")
            return False
        if not answered:
            session.put_back(self.item)
        try:
            session.undo()
        except StoreError as error:  # nothing was taken back: the question on hand stays
            if not answered:
                session.take(self.item.key)
            self.console.say(f"Nothing was taken back: {error}")
            return False
        self.console.say("Last answer taken back.")
        return True

    # ------------------------------------------------------------------ answers and ratings

    def _submit(self, response: object, rating: Rating | None = None) -> Submitted | None:
        """Grade and save the answer, then say its feedback; None when it could not be saved."""
        item, question = self.item, self.item.question
        duration = int((time.monotonic() - self.started) * 1000)
        try:
            submitted = self.session.submit(item, response, duration, self.hint_used, rating)
        except StoreError as error:  # nothing was recorded: the question stays, to answer again
            self.console.say(f"Your answer was not saved: {error}")
            return None
        if question.type == "flashcard":
            self.console.say(f"Rated {RATING_NAMES[submitted.rating]}.")
        else:
            self.console.say(verdict(question, submitted.grade), *answer_lines(question, submitted.grade))
            self.console.say(*explanation_lines(question, cited_notes(item)))
        self.backups.check()
        self._warn_of_backup()
        return submitted

    def _rerate(self, submitted: Submitted) -> None:
        """Keep the suggested rating (enter) or choose another; undo takes the answer back instead."""
        if self.session.practice:
            line = self._read("Practice: nothing is scheduled. Press enter for the next question: ", answered=True)
            if line is not None and line.strip():
                self._set_aside(line, "Nothing is rated in practice")
            return
        self.console.say(
            self._ratings(submitted.intervals, f"Rated {RATING_NAMES[submitted.rating]}", submitted.rating)
        )
        while True:
            line = self._read("Rating: ", answered=True)
            if line is None or not line.strip():
                return
            rating = RATING_WORDS.get(line.strip().lower())
            if rating is None:
                if self._set_aside(line, f"Not a rating, so it stays {RATING_NAMES[submitted.rating]}"):
                    return
                self.console.say("Press enter to keep the rating, or type 1, 2, 3 or 4.")
                continue
            try:
                self.session.rerate(submitted, rating)
            except StoreError as error:  # the answer stays recorded with its earlier rating
                self.console.say(f"The rating was not changed: {error}")
                continue
            self.console.say(f"Rated {RATING_NAMES[rating]}.")
            return

    def _set_aside(self, line: str, why: str) -> bool:
        """Piped in, a line read where it means nothing (after an answer, where enter was wanted) is
        most likely the next answer, its empty line left out: it is kept for the next prompt, and
        said. Whether it was: never on a terminal, where the student saw the prompt they typed it at."""
        if self.console.terminal:
            return False
        self.console.unread(line)
        self.console.say(f"{why}: {PIPED_TOO_EARLY}.")
        return True

    def _flashcard(self) -> None:
        """Turn the card over when asked, then save the rating the student gives it (enter: Good; a
        rating typed before the card was turned over is taken as it)."""
        line = self._read("Press enter to see the answer: ", answered=False)
        if line is None:
            return
        item, question = self.item, self.item.question
        self.revealed = True
        self.console.say(card_back(question))
        self.console.say(*explanation_lines(question, cited_notes(item)))
        early = RATING_WORDS.get(line.strip().lower())
        if early is not None and self._submit(None, early) is not None:
            return
        if self.session.practice:
            self.console.say("Practice: nothing is scheduled. Press enter to go on, or type 1 to 4.")
        else:
            self.console.say(self._ratings(self.session.intervals(item), "How well did you know it?", None))
        while True:
            line = self._read("Rating: ", answered=False)
            if line is None:
                return
            rating = RATING_WORDS.get(line.strip().lower()) if line.strip() else Rating.GOOD
            if rating is None:
                self.console.say("Press enter for Good, or type 1 Again, 2 Hard, 3 Good or 4 Easy.")
            elif self._submit(None, rating) is not None:
                return

    @staticmethod
    def _ratings(intervals: dict[Rating, dt.timedelta], said: str, suggested: Rating | None) -> str:
        """`Rated Good, next in 1 day. Enter keeps it; or type 1 Again, 1 minute; 2 Hard, ...` (practice
        schedules nothing: no intervals)."""

        def again_in(rating: Rating) -> str:
            interval = intervals.get(rating)
            return f", {interval_words(interval)}" if interval is not None else ""

        choices = "; ".join(f"{int(rating)} {name}{again_in(rating)}" for rating, name in RATING_NAMES.items())
        if suggested is None:
            return f"{said} Press enter for Good, or type a rating: {choices}."
        interval = intervals.get(suggested)
        when = f", next in {interval_words(interval)}" if interval is not None else ""
        return f"{said}{when}. Enter keeps it; or type {choices}."
