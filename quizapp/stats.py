"""`quizapp stats`: a profile's progress per deck (the JSON shape is part of the CLI contract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from .days import day_end, study_day
from .loader import LoadedDeck
from .store import DeckCounts, Profile, Store


@dataclass(frozen=True, slots=True)
class DeckStats:
    """One deck's line of `quizapp stats`."""

    id: str
    title: str
    questions: int
    new: int
    learning: int
    review: int
    due_today: int
    reviews: int
    retention: float | None  # share of reviews of learned cards recalled; None before any
    leeches: int


def deck_stats(store: Store, profile: Profile, decks: list[LoadedDeck], now: dt.datetime,
               tz: dt.tzinfo | None = None) -> list[DeckStats]:
    """The stats of each deck for `profile` at `now`."""
    for loaded in decks:
        store.sync_deck(profile.id, loaded.id, loaded.sha256, [question.id or "" for question in loaded.deck.questions])
    counts = store.deck_counts(profile.id, day_end(now, tz))
    totals = store.review_totals(profile.id)
    lines = []
    for loaded in decks:
        count = counts.get(loaded.id, DeckCounts())
        reviews, of_learned, recalled = totals.get(loaded.id, (0, 0, 0))
        questions = len(loaded.deck.questions)
        lines.append(
            DeckStats(
                loaded.id, loaded.deck.deck.title, questions, max(0, questions - count.seen), count.learning,
                count.review, count.due_today, reviews, round(recalled / of_learned, 4) if of_learned else None,
                count.leeches,
            )
        )
    return lines


def stats_json(profile: Profile, lines: list[DeckStats], now: dt.datetime, tz: dt.tzinfo | None = None) -> dict[str, Any]:
    """`quizapp stats --json`, exactly as docs/cli describes it."""
    return {"profile": profile.name, "today": study_day(now, tz).isoformat(), "decks": [asdict(line) for line in lines]}
