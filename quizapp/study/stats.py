"""`quizapp stats`: a profile's progress per deck (the JSON shape is part of the CLI contract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from ..days import StudyDayCounter, day_end, day_start, study_day
from ..deck.loaded import LoadedDeck
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


def deck_stats(
    store: Store, profile: Profile, decks: list[LoadedDeck], now: dt.datetime, tz: dt.tzinfo | None = None
) -> list[DeckStats]:
    """The stats of each deck for `profile` at `now`."""
    for loaded in decks:
        store.sync_deck(profile.id, loaded.id, loaded.sha256, loaded.question_ids)
    counts = store.deck_counts(profile.id, day_end(now, tz))
    totals = store.review_totals(profile.id)
    lines = []
    for loaded in decks:
        count = counts.get(loaded.id, DeckCounts())
        reviews, of_learned, recalled = totals.get(loaded.id, (0, 0, 0))
        questions = len(loaded.question_ids)
        lines.append(
            DeckStats(
                loaded.id,
                loaded.title,
                questions,
                max(0, questions - count.seen),
                count.learning,
                count.review,
                count.due_today,
                reviews,
                round(recalled / of_learned, 4) if of_learned else None,
                count.leeches,
            )
        )
    return lines


def stats_json(
    profile: Profile, lines: list[DeckStats], now: dt.datetime, tz: dt.tzinfo | None = None
) -> dict[str, Any]:
    """`quizapp stats --json`, exactly as docs/cli describes it."""
    return {"profile": profile.name, "today": study_day(now, tz).isoformat(), "decks": [asdict(line) for line in lines]}


def per_day(times_ms: list[int], first_day: dt.date, days: int, tz: dt.tzinfo | None = None) -> list[int]:
    """How many of the stored times fall on each of `days` study days from `first_day`."""
    counter = StudyDayCounter(tz)
    start = (first_day - dt.date(1970, 1, 1)).days
    counts = [0] * days
    for millis in times_ms:
        offset = counter.day_number(millis) - start
        if 0 <= offset < days:
            counts[offset] += 1
    return counts


@dataclass(frozen=True, slots=True)
class History:
    """What the statistics screen charts and lists for a set of decks."""

    reviews_per_day: list[int]  # the last 30 study days, today last
    due_per_day: list[int]  # today (overdue included) and the next 29 days
    hardest: list[tuple[str, str, int, float, bool]]  # deck id, question id, lapses, difficulty, leech


def history(
    store: Store, profile: Profile, deck_ids: list[str], now: dt.datetime, tz: dt.tzinfo | None = None, days: int = 30
) -> History:
    """Reviews per day, the due forecast and the hardest questions of these decks."""
    today = study_day(now, tz)
    first = today - dt.timedelta(days=days - 1)
    reviews = per_day(store.reviews_per_day(profile.id, day_start(first, tz), deck_ids), first, days, tz)
    due_times = store.due_times(profile.id, day_start(today + dt.timedelta(days=days), tz), deck_ids)
    today_number = (today - dt.date(1970, 1, 1)).days
    counter = StudyDayCounter(tz)
    due = [0] * days
    for millis in due_times:
        due[max(0, counter.day_number(millis) - today_number)] += 1  # overdue counts as today
    return History(reviews, due, store.hardest(profile.id, deck_ids, 10))
