"""`quizapp optimize`: fit FSRS to one student's own memory, and keep the fit only if it is better.

The review history becomes fsrs-rs items (one per review after a card's first, each carrying the
card's ratings so far and the days between them); the Rust optimiser fits the 21 parameters; both
the current and the fitted parameters are scored by log loss on the same history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from ..days import StudyDayCounter
from .scheduling import SchedulerSettings

# Fewer reviews than this fit noise, not memory (Anki asks for a few hundred too).
MINIMUM_REVIEWS = 400
# Log losses are compared on at most this many reviews, evenly spread over the history: beyond it
# the estimate barely moves, and each evaluation of a million reviews costs most of a second.
EVALUATED_AT_MOST = 200_000


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of `optimize`."""

    reviews: int  # reviews used: those with at least one day since the card's previous review
    evaluated: int  # reviews the log losses were computed on
    current_loss: float | None
    fitted_loss: float | None
    parameters: tuple[float, ...] | None  # the fitted parameters, when they are better
    reason: str  # why nothing was adopted, or that the fit was


def history_items(history: list[tuple[int, int, int]], tz: dt.tzinfo | None = None) -> list[FSRSItem]:
    """fsrs-rs items from (card id, reviewed at ms, rating) rows sorted by card and time: one for each
    review that came a day or more after the card's previous one."""
    days = StudyDayCounter(tz)
    items = []
    for _, rows in groupby(history, key=lambda row: row[0]):
        reviews: list[FSRSReview] = []
        previous: int | None = None
        for _, millis, rating in rows:
            day = days.day_number(millis)
            days_since = 0 if previous is None else day - previous
            reviews.append(FSRSReview(int(rating), days_since))
            previous = day
            if len(reviews) > 1 and days_since > 0:  # a recall a day or more later: what FSRS predicts
                items.append(FSRSItem(list(reviews)))
    return items


def fit(history: list[tuple[int, int, int]], current: tuple[float, ...] | None, tz: dt.tzinfo | None = None) -> Fit:
    """Fit parameters to `history` and compare them with `current` (None: FSRS defaults)."""
    items = history_items(history, tz)
    if len(items) < MINIMUM_REVIEWS:
        return Fit(
            len(items),
            0,
            None,
            None,
            None,
            f"not enough history yet: {len(items)} reviews a day or more apart, {MINIMUM_REVIEWS} needed",
        )
    baseline = current or SchedulerSettings().parameters
    sample = items[:: -(-len(items) // EVALUATED_AT_MOST)]
    current_loss = FSRS(list(baseline)).evaluate(sample).log_loss
    fitted = tuple(FSRS(list(baseline)).compute_parameters(items))
    fitted_loss = FSRS(list(fitted)).evaluate(sample).log_loss
    better = fitted_loss < current_loss
    reason = (
        "the fitted parameters predict this history better"
        if better
        else "the current parameters predict this history as well or better"
    )
    return Fit(len(items), len(sample), current_loss, fitted_loss, fitted if better else None, reason)
