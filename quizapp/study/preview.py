"""What `quizapp preview` shows a teacher, apart from the screen itself: a deck's lint warnings sorted
by the question they are about, what its exam will draw, each question's points and tags, and the
deck file watched for edits (the last version that loaded kept while the file has errors)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..deck.loaded import LoadedDeck
from ..deck.loader import load_deck
from ..deck.model import QuestionBase
from ..problems import BadFile, Problem
from .exam import ExamSettings, exam_pool
from .presentation import format_points

# A file's modification time (ns) and size: cheap to read once a second, and changed by any save.
Stamp = tuple[int, int]


def file_stamp(path: Path) -> Stamp | None:
    """When `path` was last written and how big it is; None when it cannot be read (deleted, moved
    away in the middle of an editor's save): loading it says why."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


@dataclass
class DeckPreview:
    """A deck as preview shows it: `loaded` is the last version of the file that loaded (with its
    warnings), `errors` what is wrong with the file as it is now (empty when it loaded), and `stamp`
    the file as it was just before it was read, so that a save made during the read is noticed."""

    loaded: LoadedDeck
    errors: list[Problem] = field(default_factory=list)
    stamp: Stamp | None = None

    def changed_on_disk(self) -> bool:
        """Whether the file has been written (or removed) since it was read."""
        return file_stamp(self.loaded.path) != self.stamp

    def same_view(self, other: DeckPreview) -> bool:
        """Whether `other` shows exactly what this does (a file saved unchanged, or only touched)."""
        return self.loaded.sha256 == other.loaded.sha256 and self.errors == other.errors

    def question_warnings(self, number: int, question: QuestionBase) -> list[Problem]:
        """The warnings about question `number` (from 0): those carrying its id, and, for a question
        whose id is not written in the file (a problem carries only a written id), those at its place."""
        return [
            problem
            for problem in self.loaded.warnings
            if (problem.question == question.id if problem.question is not None else _place(problem) == number)
        ]

    def deck_warnings(self) -> list[Problem]:
        """The warnings about the deck as a whole: its exam settings, its notes."""
        return [problem for problem in self.loaded.warnings if problem.question is None and _place(problem) is None]


def _place(problem: Problem) -> int | None:
    """Where in the deck's list the question a problem is about is (from 0), or None for the deck."""
    if len(problem.field) >= 2 and problem.field[0] == "questions" and isinstance(problem.field[1], int):
        return problem.field[1]
    return None


def read_preview(path: Path, last_good: LoadedDeck) -> DeckPreview:
    """The deck at `path` read again with its warnings; when it no longer loads, its errors with
    `last_good` (the version shown until now) kept to show below them."""
    stamp = file_stamp(path)  # before the read: a save made during it will be seen at the next look
    try:
        return DeckPreview(load_deck(path, with_warnings=True), [], stamp)
    except BadFile as bad:
        return DeckPreview(last_good, bad.problems, stamp)


def warning_text(problem: Problem) -> str:
    """A warning as preview lists it: the line to edit, the words, the rule to look up."""
    where = f"line {problem.line}: " if problem.line is not None else ""
    rule = f" [{problem.rule}]" if problem.rule else ""
    return f"{where}{problem.message}{rule}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def exam_summary(loaded: LoadedDeck) -> str:
    """What an exam of the deck will be, from its `[deck.quiz]` as `quizapp quiz` reads it (without
    options): how many questions are drawn from how many, the time, the pass mark, the tags."""
    settings = ExamSettings.for_deck(loaded)
    gradable = len(exam_pool(loaded, settings))
    pass_mark = f"pass mark {format_points(settings.pass_mark * 100)}%"
    if loaded.deck.deck.quiz is None:
        return f"no exam settings: all gradable questions, no time limit · {_count(gradable, 'gradable question')} · {pass_mark}"
    if settings.count is not None and settings.count < gradable:
        drawn = f"{settings.count} of {gradable} gradable questions"
    else:  # a count beyond what can be drawn draws them all (lint warns of it: exam-count)
        drawn = {0: "no gradable question to draw", 1: "its 1 gradable question"}.get(
            gradable, f"all {gradable} gradable questions"
        )
    parts = [
        drawn,
        f"{settings.time_limit_minutes} min" if settings.time_limit_minutes else "no time limit",
        pass_mark,
        "tags: " + ", ".join(settings.tags) if settings.tags else "any tags",
    ]
    if not settings.shuffle:
        parts.append("in deck order")
    return " · ".join(parts)


def question_facts(question: QuestionBase) -> str:
    """A question's points and tags, as a teacher set them."""
    facts = [_count_points(question.points)]
    if question.tags:
        facts.append("tags: " + ", ".join(question.tags))
    return " · ".join(facts)


def _count_points(points: float) -> str:
    return f"{format_points(points)} point" + ("" if points == 1 else "s")
