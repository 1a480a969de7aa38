"""`quizapp optimize`: fit FSRS to one student's own memory, and keep the fit only if it is better.

The review history becomes fsrs-rs items (one per review after a card's first, each carrying the
card's ratings so far and the days between them), oldest first: fsrs-rs weighs each item by its place
in the list, the later the heavier, so the list must run in time, as Anki's optimiser gives it. The
Rust optimiser fits the 21 parameters; both the current and the fitted parameters are scored by log
loss on the same history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview, TrainingConfig

from .scheduling import SchedulerSettings

# Fewer reviews than this fit noise, not memory (Anki asks for a few hundred too).
MINIMUM_REVIEWS = 400
# Log losses are compared on at most this many reviews, evenly spread over the history, each
# evaluation costing some 0.1 s: the difference of two parameter sets' losses, which decides, barely
# moves beyond it (on the benchmark's 710,000 reviews: 0.0041 on 90,000 of them, 0.0043 on all).
EVALUATED_AT_MOST = 100_000
# The fit's passes over the history: fsrs-rs's five while they stay within this many reviews worked
# through, never fewer than three. Its cost grows with every review of every pass, its fit hardly after
# three passes over a large history. On the benchmark's 710,000 reviews (a profile generated on
# 2026-12-02), log losses of 0.36182 after two passes (1.5 s), 0.36016 after three (2.0 s), 0.36008
# after five (3.0 s); on another generated the day before, two passes had been enough (0.3602).
TRAINING_BUDGET = 1_500_000
MOST_PASSES, FEWEST_PASSES = 5, 3


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of `optimize`."""

    reviews: int  # reviews used: those with at least one day since the card's previous review
    evaluated: int  # reviews the log losses were computed on
    current_loss: float | None
    fitted_loss: float | None
    parameters: tuple[float, ...] | None  # the fitted parameters, when they are better
    reason: str  # why nothing was adopted, or that the fit was


def history_items(history: list[tuple[int, int, int]]) -> list[FSRSItem]:
    """fsrs-rs items from (card id, study day, rating) rows sorted by card and time (Store.study_history):
    one for each review that came a study day or more after the card's previous one, by study day,
    oldest first."""
    # Items by the study day of their last review: sorted by day in linear time (sorting 700,000
    # items by their time takes 0.4 s, and days are all FSRS counts).
    by_day: dict[int, list[FSRSItem]] = defaultdict(list)
    card, previous = None, 0
    reviews: list[FSRSReview] = []
    for card_id, day, rating in history:
        if card_id != card:  # the card's first review: nothing before it to predict it from
            card, previous, reviews = card_id, day, [FSRSReview(rating, 0)]
            continue
        gap, previous = day - previous, day
        reviews.append(FSRSReview(rating, gap))
        if gap > 0:  # a recall a day or more later: what FSRS predicts (the item copies the list)
            by_day[day].append(FSRSItem(reviews))
    return [item for day in sorted(by_day) for item in by_day[day]]


def training_passes(reviews: int) -> int:
    """How many passes the fit makes over a history of `reviews` reviews (see TRAINING_BUDGET)."""
    return max(FEWEST_PASSES, min(MOST_PASSES, TRAINING_BUDGET // max(1, reviews)))


def log_loss(parameters: Sequence[float], items: list[FSRSItem]) -> float:
    """How badly `parameters` predict the recalls in `items` (mean log loss; lower is better)."""
    return float(FSRS(list(parameters)).evaluate(items).log_loss)


def fit(history: list[tuple[int, int, int]], current: tuple[float, ...] | None) -> Fit:
    """Fit parameters to `history` (Store.study_history) and compare them with `current` (None: FSRS defaults)."""
    items = history_items(history)
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
    current_loss = log_loss(baseline, sample)
    training = TrainingConfig(num_epochs=training_passes(len(items)))
    fitted = tuple(FSRS(list(baseline)).compute_parameters(items, training_config=training))
    fitted_loss = log_loss(fitted, sample)
    better = fitted_loss < current_loss
    reason = (
        "the fitted parameters predict this history better"
        if better
        else "the current parameters predict this history as well or better"
    )
    return Fit(len(items), len(sample), current_loss, fitted_loss, fitted if better else None, reason)
