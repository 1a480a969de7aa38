"""Spaced repetition with FSRS (py-fsrs), as a pure function of card, rating, time and randomness.

py-fsrs draws its interval fuzz from the global `random`; quizapp turns that off and applies the
same fuzz (py-fsrs's own ranges) with a `random.Random` passed in, so that a seeded run schedules
the same way every time. Lapses and leeches, which py-fsrs does not track, are counted here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from ..days import as_utc
from .progress import CardState, Progress, Rating

LEARNING_STEPS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))
RELEARNING_STEPS = (dt.timedelta(minutes=10),)
LEECH_AFTER_LAPSES = 8  # a question forgotten this often is a leech...
LEECH_AGAIN_EVERY = 4  # ...and is flagged again every 4 lapses after that


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """A profile's scheduling settings."""

    desired_retention: float = 0.9
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    suspend_leeches: bool = False
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)


def is_leech_lapse(lapses: int) -> bool:
    """Whether reaching this many lapses makes (or makes again) a card a leech: 8, 12, 16, ..."""
    return lapses >= LEECH_AFTER_LAPSES and (lapses - LEECH_AFTER_LAPSES) % LEECH_AGAIN_EVERY == 0


def fuzz_days(days: int, maximum_interval: int, rng: random.Random) -> int:
    """An interval of `days` moved at random within py-fsrs's fuzz range (none below 2.5 days)."""
    if days < 2.5:
        return days
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(days), band["end"]) - band["start"], 0.0)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum_interval)
    low = min(low, high)
    # Uniform over [low, high]. (py-fsrs rounds here, which can give high + 1; Anki takes the floor.)
    return low + int(rng.random() * (high - low + 1))


class Scheduler:
    """FSRS for one profile's settings, with randomness passed in."""

    def __init__(self, settings: SchedulerSettings, rng: random.Random):
        self.settings = settings
        self._rng = rng
        self._fsrs = fsrs.Scheduler(
            parameters=settings.parameters,
            desired_retention=settings.desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=False,
        )

    def _fsrs_card(self, progress: Progress, now: dt.datetime) -> fsrs.Card:
        if progress.state is CardState.NEW:
            return fsrs.Card(card_id=progress.card_id, state=fsrs.State.Learning, step=0, due=now)
        return fsrs.Card(
            card_id=progress.card_id,
            state=fsrs.State(int(progress.state)),
            step=progress.step,
            stability=progress.stability,
            difficulty=progress.difficulty,
            due=progress.due or now,
            last_review=progress.last_review,
        )

    def _unfuzzed(self, progress: Progress, rating: Rating, now: dt.datetime) -> fsrs.Card:
        card, _ = self._fsrs.review_card(self._fsrs_card(progress, now), fsrs.Rating(int(rating)), now)
        return card

    def review(self, progress: Progress, rating: Rating, now: dt.datetime) -> Progress:
        """The card after a review with `rating` at `now` (UTC), counting lapses and marking leeches."""
        now = as_utc(now)
        card = self._unfuzzed(progress, rating, now)
        due = card.due
        if self.settings.fuzz and card.state == fsrs.State.Review:
            days = (card.due - now).days
            due = now + dt.timedelta(days=fuzz_days(days, self.settings.maximum_interval, self._rng))
        lapsed = progress.state is CardState.REVIEW and rating is Rating.AGAIN
        lapses = progress.lapses + lapsed
        newly_leech = lapsed and is_leech_lapse(lapses)
        return replace(
            progress,
            state=CardState(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=due,
            last_review=now,
            reps=progress.reps + 1,
            lapses=lapses,
            leech=progress.leech or newly_leech,
            suspended=progress.suspended or (newly_leech and self.settings.suspend_leeches),
        )

    def preview(self, progress: Progress, now: dt.datetime) -> dict[Rating, dt.timedelta]:
        """The next interval each rating would give (without fuzz), with Again ≤ Hard ≤ Good ≤ Easy."""
        now = as_utc(now)
        intervals: dict[Rating, dt.timedelta] = {}
        shortest = dt.timedelta(0)
        for rating in Rating:
            interval = max(self._unfuzzed(progress, rating, now).due - now, shortest)
            intervals[rating] = shortest = interval
        return intervals

    def retrievability(self, progress: Progress, now: dt.datetime) -> float:
        """The predicted chance of recalling the card now (0 for a new card)."""
        if progress.state is CardState.NEW:
            return 0.0
        return self._fsrs.get_card_retrievability(self._fsrs_card(progress, now), as_utc(now))
