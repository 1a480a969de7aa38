"""What the student sees after answering: the verdict, the expected answer, their answer marked up,
the explanation, the notes of the cited paragraphs, and the four ratings with their intervals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...answer_diff import compare_typed
from ...grading import Grade
from ...progress import Rating

if TYPE_CHECKING:
    from ...model import Note, QuestionBase
from ...presentation import describe_interval
from .text import literal, marked

RATING_NAMES = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good", Rating.EASY: "Easy"}


def verdict(result: Grade) -> Content:
    """Right, partly right (with how much), or wrong."""
    if result.correct:
        return Content.styled("✓ Right", "bold green")
    if result.score > 0:
        right = sum(part.correct for part in result.parts)
        return Content.styled(f"◐ Partly right: {right} of {len(result.parts)}", "bold yellow")
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
        lines.append(Content.assemble("You typed:  ", marked(given) if part.given else Content.styled("(nothing)", "dim")))
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
            lines.append(Content.assemble(box, literal(part.label), _tick(part.correct),
                                          "" if part.correct else Content.styled(f"  ({should})", "dim")))
    elif kind in ("order", "match"):
        for part in result.parts:
            given = literal(part.given) if part.given else Content.styled("?", "dim")
            head = literal(part.label) if kind == "match" else Content(part.label)
            line = Content.assemble(head, ":  ", given, _tick(part.correct))
            if not part.correct:
                line = Content.assemble(line, "  right: ", literal(part.expected, "bold"))
            lines.append(line)
    elif kind != "flashcard":
        part = result.parts[0]
        lines.append(Content.assemble("Answer:     ", literal(result.expected, "bold")))
        lines.append(Content.assemble("You gave:   ", literal(part.given) if part.given is not None else
                                      Content.styled("(nothing)", "dim"), _tick(part.correct)))
        if kind == "choice" and part.given in question.feedback:
            lines.append(literal(question.feedback[part.given], "italic"))
    return lines


def ratings_line(intervals: dict[Rating, dt.timedelta], suggested: Rating) -> Content:
    """`1 Again 10m · 2 Hard 1h · 3 Good 1d · 4 Easy 4d`, the suggested rating highlighted."""
    parts: list[Content] = []
    for rating, name in RATING_NAMES.items():
        interval = intervals.get(rating)
        label = f" {int(rating)} {name} {describe_interval(interval)} " if interval is not None else f" {int(rating)} {name} "
        parts.append(Content.styled(label, "bold reverse") if rating == suggested else Content(label))
    return Content(" · ").join(parts)


class Feedback(VerticalScroll):
    """The feedback after one answer."""

    def __init__(self, question: QuestionBase, result: Grade, notes: list[Note],
                 intervals: dict[Rating, dt.timedelta], suggested: Rating, practice: bool):
        super().__init__(id="feedback")
        self.question = question
        self.result = result
        self.notes = notes
        self.intervals = intervals
        self.suggested = suggested
        self.practice = practice

    def compose(self) -> ComposeResult:
        """Verdict, answers, explanation, notes, ratings."""
        if self.question.type != "flashcard":
            yield Static(verdict(self.result), classes="verdict")
            lines = answer_lines(self.question, self.result)
            if lines:
                yield Static(Content("\n").join(lines), classes="answers")
        if self.question.explanation:
            yield Static(Content.assemble(Content.styled("Why: ", "bold"), literal(self.question.explanation)),
                         classes="explanation")
        for note in self.notes:
            yield Static(Content.assemble(Content.styled(f"¶{note.source}  ", "bold"), literal(note.text)), classes="note")
        if self.practice:
            yield Static(Content.styled("enter: next question (practice: nothing is scheduled)", "dim"), classes="ratings")
        else:
            yield Static(ratings_line(self.intervals, self.suggested), id="ratings", classes="ratings")
            yield Static(Content.styled("enter: take the highlighted rating · 1–4: choose another · n: notes · u: undo", "dim"),
                         classes="hint-line")

    def choose(self, rating: Rating) -> None:
        """Show `rating` as the one that will be taken."""
        self.suggested = rating
        if not self.practice:
            self.query_one("#ratings", Static).update(ratings_line(self.intervals, rating))
