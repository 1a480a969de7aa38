"""What the student sees after answering: the verdict, the expected answer, their answer marked up,
the explanation, the notes of the cited paragraphs, and the four ratings with their intervals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...study.answer_diff import compare_typed
from ...study.grading import Grade
from ...study.progress import Rating

if TYPE_CHECKING:
    from ...deck.model import ChoiceQuestion, MatchQuestion, Note, QuestionBase
from ...study.presentation import describe_interval, partly_right
from .text import literal, marked

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}


def verdict(result: Grade) -> Content:
    """Right, partly right (what was right, and the share of the credit), or wrong."""
    if result.correct:
        return Content.styled("✓ Right", "bold green")
    if result.score > 0:
        return Content.styled(f"◐ Partly right: {partly_right(result)} · {result.score:.0%} credit", "bold yellow")
    return Content.styled("✗ Wrong", "bold red")


def _tick(correct: bool) -> Content:
    return Content.styled(" ✓", "green") if correct else Content.styled(" ✗", "red")


def answer_lines(question: QuestionBase, result: Grade) -> list[Content]:
    """The expected answer and the student's, marked part by part."""
    lines: list[Content] = []
    kind = question.type
    if kind == "short":
        part = result.parts[0]
        given, wanted = compare_typed(part.given or "", part.expected)
        lines.append(
            Content.assemble("You typed:  ", marked(given) if part.given else Content.styled("(nothing)", "dim"))
        )
        lines.append(Content.assemble("Expected:   ", marked(wanted)))
        if part.forgiven:
            lines.append(Content.styled("Accepted despite a typo: note the exact spelling above.", "italic"))
    elif kind == "cloze":
        for part in result.parts:
            given, wanted = compare_typed(part.given or "", part.expected)
            typed = marked(given) if part.given else Content.styled("(empty)", "dim")
            lines.append(Content.assemble(f"{part.label}: ", typed, "  →  ", marked(wanted), _tick(part.correct)))
    elif kind == "multi":
        for part in result.parts:
            box = "[x] " if part.given else "[ ] "
            should = "should be ticked" if part.expected else "should be left"
            lines.append(
                Content.assemble(
                    box,
                    literal(part.label),
                    _tick(part.correct),
                    "" if part.correct else Content.styled(f"  ({should})", "dim"),
                )
            )
    elif kind == "order":
        # The student's order, the items of the longest in-order run ticked (they earned the score).
        for part in result.parts:
            where = Content(part.given) if part.given else Content.styled("not placed", "dim")
            line = Content.assemble(where, ":  ", literal(part.label), _tick(part.correct))
            if not part.correct:
                why = (
                    "in its place, but out of order with the ticked items"
                    if part.given == part.expected
                    else f"out of place: it belongs at {part.expected}"
                )
                line = Content.assemble(line, Content.styled(f"  {why}", "dim"))
            lines.append(line)
        if not result.correct:
            lines.append(Content.assemble("Right order: ", literal(result.expected, "bold")))
    elif kind == "match":
        extras = cast("MatchQuestion", question).extra
        for part in result.parts:
            paired = literal(part.given) if part.given else Content.styled("?", "dim")
            line = Content.assemble(literal(part.label), ":  ", paired, _tick(part.correct))
            if part.given in extras:
                line = Content.assemble(line, Content.styled(" (matches nothing)", "dim"))
            if not part.correct:
                line = Content.assemble(line, "  right: ", literal(part.expected, "bold"))
            lines.append(line)
    elif kind != "flashcard":
        part = result.parts[0]
        lines.append(Content.assemble("Answer:     ", literal(result.expected, "bold")))
        lines.append(
            Content.assemble(
                "You gave:   ",
                literal(part.given) if part.given is not None else Content.styled("(nothing)", "dim"),
                _tick(part.correct),
            )
        )
        # The type says which model the question is (it is only imported for annotations: see TYPE_CHECKING).
        option_feedback = cast("ChoiceQuestion", question).feedback if kind == "choice" else {}
        if part.given is not None and part.given in option_feedback:
            lines.append(literal(option_feedback[part.given], "italic"))
    return lines


def ratings_line(intervals: dict[Rating, dt.timedelta], suggested: Rating) -> Content:
    """`1 Again 10m · 2 Hard 1h · 3 Good 1d · 4 Easy 4d`, the suggested rating highlighted."""
    parts: list[Content] = []
    for rating, name in RATING_NAMES.items():
        interval = intervals.get(rating)
        label = (
            f" {int(rating)} {name} {describe_interval(interval)} "
            if interval is not None
            else f" {int(rating)} {name} "
        )
        parts.append(Content.styled(label, "bold reverse") if rating == suggested else Content(label))
    return Content(" · ").join(parts)


class Feedback(VerticalScroll):
    """The feedback after one answer (or on a flashcard turned over, which has no grade: `result` is None)."""

    def __init__(
        self,
        question: QuestionBase,
        result: Grade | None,
        notes: list[Note],
        intervals: dict[Rating, dt.timedelta],
        suggested: Rating,
        practice: bool,
    ):
        super().__init__(id="feedback")
        self.question = question
        self.result = result
        self.notes = notes
        self.intervals = intervals
        self.suggested = suggested
        self.practice = practice

    def compose(self) -> ComposeResult:
        """Verdict, answers, explanation and notes, which scroll; below them the ratings, docked so that
        a long explanation never pushes them out of sight."""
        if self.result is not None:  # None for a flashcard turned over: it is rated, not graded
            yield Static(verdict(self.result), classes="verdict")
            lines = answer_lines(self.question, self.result)
            if lines:
                yield Static(Content("\n").join(lines), classes="answers")
        if self.question.explanation:
            yield Static(
                Content.assemble(Content.styled("Why: ", "bold"), literal(self.question.explanation)),
                classes="explanation",
            )
        for note in self.notes:
            yield Static(
                Content.assemble(Content.styled(f"¶{note.source}  ", "bold"), literal(note.text)), classes="note"
            )
        with Vertical(id="rating-bar"):
            if self.practice:
                yield Static(
                    Content.styled("enter: next question (practice: nothing is scheduled)", "dim"), classes="ratings"
                )
            else:
                yield Static(ratings_line(self.intervals, self.suggested), id="ratings", classes="ratings")
                yield Static(
                    Content.styled("enter: the highlighted rating · 1–4: another · n: notes · u: undo", "dim"),
                    classes="hint-line",
                )

    def choose(self, rating: Rating) -> None:
        """Show `rating` as the one that will be taken."""
        self.suggested = rating
        if not self.practice:
            self.query_one("#ratings", Static).update(ratings_line(self.intervals, rating))
