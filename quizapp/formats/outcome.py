"""What an import made of a file: the deck document, and each question skipped or converted with a loss.

Every importer fills a `DeckBuilder`: questions it converted (each with the line it came from) and
`Loss`es (the line, the question's name or first words, and why). One bad question never refuses a
file; `DeckBuilder.result` refuses it only when nothing in it could be used, then with every reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..problems import BadFile, Problem
from ..safetext import CONTROL_RE

SLUG_RE = re.compile(r"[^a-z0-9]+")
NAME_WORDS = 40  # characters of a question's text that name it in a message, when it has no title


def slug(text: str, fallback: str) -> str:
    """A deck-format id made from any text."""
    made = SLUG_RE.sub("-", text.lower()).strip("-")[:64].strip("-")
    return made or fallback


def first_words(text: str) -> str:
    """A question named by the start of its text, on one line, for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_WORDS else flat[: NAME_WORDS - 1].rstrip() + "…"


def without_controls(value: Any) -> tuple[Any, bool]:
    """`value` (a question's text, or the lists and tables that hold it) without control characters
    other than tab and newline, which the deck format refuses; and whether any were removed."""
    if isinstance(value, str):
        cleaned = CONTROL_RE.sub("", value)
        return cleaned, cleaned != value
    if isinstance(value, list):
        items = [without_controls(item) for item in value]
        return [item for item, _ in items], any(removed for _, removed in items)
    if isinstance(value, dict):
        pairs = [(without_controls(key), without_controls(item)) for key, item in value.items()]
        cleaned_dict = {key: item for (key, _), (item, _) in pairs}
        return cleaned_dict, any(key_removed or item_removed for (_, key_removed), (_, item_removed) in pairs)
    return value, False


@dataclass(frozen=True)
class Loss:
    """A question skipped (`skipped`) or converted without something: where it was, which, and why."""

    line: int | None
    question: str
    reason: str
    skipped: bool = False
    unit: str = "line"  # what `line` counts: lines of a text file, or notes of an Anki package

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}" if self.line is not None else ""
        named = f'"{self.question}"' if self.question else ""
        place = " ".join(part for part in (where, named) if part)
        return f"{place}: {self.reason}" if place else self.reason

    def problem(self, file: str) -> Problem:
        """The loss as an error of the file (for a refusal: nothing usable, or `--strict`)."""
        named = f'"{self.question}": ' if self.question else ""
        line = self.line if self.unit == "line" else None
        prefix = f"{self.unit} {self.line}: " if self.line is not None and line is None else ""
        return Problem(file, "error", f"{prefix}{named}{self.reason}", line, 1 if line else None)


@dataclass
class Converted:
    """A deck document made from another format, where each of its questions came from, and the losses."""

    document: dict[str, Any]
    losses: list[Loss] = field(default_factory=list)
    # (line, name) of each question in document["questions"], in the same order.
    origins: list[tuple[int | None, str]] = field(default_factory=list)
    unit: str = "line"  # what the origins' numbers count (lines, or an Anki package's notes)

    def drop_question(self, index: int, reason: str) -> None:
        """Leave out the question at `index` (it would not pass lint), listing it with `reason`."""
        line, name = self.origins.pop(index)
        self.document["questions"].pop(index)
        self.losses.append(Loss(line, name, reason, skipped=True, unit=self.unit))
        self.losses.sort(key=lambda loss: loss.line if loss.line is not None else 0)


@dataclass
class DeckBuilder:
    """Collects the questions of one import, gives each a unique id, and says what was lost."""

    file: str
    deck_id: str
    title: str
    unit: str = "line"
    questions: list[dict[str, Any]] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    origins: list[tuple[int | None, str]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def unique_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`, … when a question already has it."""
        question_id, counter = wanted, 2
        while question_id in self.used:
            question_id, counter = f"{wanted[:60]}-{counter}", counter + 1
        self.used.add(question_id)
        return question_id

    def add(self, question: dict[str, Any], wanted_id: str, line: int | None, name: str) -> None:
        """Add a converted question (its id first) under a unique id. Control characters (a stray BEL
        or ESC, which the deck format refuses) are removed from its text, and that is listed."""
        cleaned, removed = without_controls(question)
        self.questions.append({"id": self.unique_id(wanted_id), **cleaned})
        self.origins.append((line, name))
        if removed:
            self.lose(line, name, "control characters removed")

    def lose(self, line: int | None, name: str, reason: str) -> None:
        """List something a converted question could not keep."""
        self.losses.append(Loss(line, name, reason, unit=self.unit))

    def skip(self, line: int | None, name: str, reason: str) -> None:
        """List a question that could not be converted at all."""
        self.losses.append(Loss(line, name, reason, skipped=True, unit=self.unit))

    def result(self, nothing_found: str) -> Converted:
        """The deck document; BadFile with every reason when no question could be used."""
        if not self.questions:
            problems = [loss.problem(self.file) for loss in self.losses if loss.skipped]
            raise BadFile(problems or [Problem(self.file, "error", nothing_found)])
        document = {"format": 1, "deck": {"id": self.deck_id, "title": self.title}, "questions": self.questions}
        return Converted(document, self.losses, self.origins, self.unit)
