"""What the store keeps of a student's memory of a question, and the four ratings.

Kept apart from the scheduler (fsrs) and the grader (pydantic, rapidfuzz) so that opening the store
and showing a question import neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum


class Rating(IntEnum):
    """The four spaced-repetition ratings (the numbers FSRS uses and the keys 1–4 choose)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardState(IntEnum):
    """Where a card stands; the numbers of learning, review and relearning are py-fsrs's own."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class Progress:
    """One student's memory of one question: what the store keeps, column by column."""

    card_id: int
    state: CardState = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: dt.datetime | None = None  # None while new
    last_review: dt.datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
