"""Spaced repetition with FSRS (py-fsrs), as a pure function of card, rating, time and randomness.

py-fsrs draws its interval fuzz from the global `random`; quizapp turns that off and applies the
same fuzz (py-fsrs's own ranges) with a `random.Random` passed in, so that a seeded run schedules
the same way every time. Lapses and leeches, which py-fsrs does not track, are counted here.

py-fsrs's review of a card is worked out once for each state a card can be in and kept (see
`Scheduler._outcome`): an answer's four previews and its recorded review are then one computation,
and every new card's the same one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from ..days import as_utc
from .progress import CardState, Progress, Rating

LEARNING_STEPS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))
RELEARNING_STEPS = (dt.timedelta(minutes=10),)
LEECH_AFTER_LAPSES = 8  # a question forgotten this often is a leech...
LEECH_AGAIN_EVERY = 4  # ...and is flagged again every 4 lapses after that
# How many outcomes of py-fsrs a scheduler keeps; past that it forgets them all and starts again (a
# session needs only the card at hand's, and the handful that new and learning cards share).
OUTCOMES_KEPT = 1024

# What py-fsrs's review of a card comes to, without fuzz: the state, step, stability and difficulty
# after it, and the interval from the review to the card's next due time.
Outcome = tuple[CardState, int | None, float | None, float | None, dt.timedelta]
# quizapp's ratings as py-fsrs's, and py-fsrs's states as quizapp's: looked up, not converted each time.
FSRS_RATINGS = {rating: fsrs.Rating(int(rating)) for rating in Rating}
CARD_STATES = {state: CardState(int(state)) for state in fsrs.State}


class _Card(fsrs.Card):
    """A py-fsrs card that copies itself directly: py-fsrs copies the card it reviews (copy.copy, which
    otherwise goes through __reduce_ex__ and costs four times as much). The same shallow copy."""

    def __copy__(self) -> _Card:
        copied = object.__new__(_Card)
        copied.__dict__.update(self.__dict__)
        return copied


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
        self._outcomes: dict[tuple[object, ...], Outcome] = {}
        # The intervals of `preview`, per `_state_key`: a question's are asked for when it is shown
        # (StudySession.prepare) and again as it is answered.
        self._previews: dict[tuple[object, ...], dict[Rating, dt.timedelta]] = {}

    def _fsrs_card(self, progress: Progress, now: dt.datetime) -> fsrs.Card:
        if progress.state is CardState.NEW:
            return _Card(card_id=progress.card_id, state=fsrs.State.Learning, step=0, due=now)
        return _Card(
            card_id=progress.card_id,
            state=fsrs.State(int(progress.state)),
            step=progress.step,
            stability=progress.stability,
            difficulty=progress.difficulty,
            due=progress.due or now,
            last_review=progress.last_review,
        )

    @staticmethod
    def _state_key(progress: Progress, now: dt.datetime) -> tuple[object, ...]:
        """All that py-fsrs's review of the card at `now` depends on, besides the rating.

        A new card is a learning card at step 0 with no memory yet, whatever else its progress holds.
        Otherwise: its state, step, stability and difficulty, and the whole days since its last review
        (py-fsrs counts no fraction of a day, in the retrievability nor in its short-term rule). The
        card's due time and id play no part, and `now` only in the due time after it: `now` plus the
        interval. tests/test_answer_path.py checks this against py-fsrs itself.
        """
        if progress.state is CardState.NEW:
            return (CardState.NEW,)
        last = progress.last_review
        days = None if last is None else (now - last).days
        return (progress.state, progress.step, progress.stability, progress.difficulty, days)

    def _outcome(
        self, progress: Progress, rating: Rating, now: dt.datetime, key: tuple[object, ...], made: list[fsrs.Card]
    ) -> Outcome:
        """py-fsrs's review of the card with `rating` at `now` (UTC), without fuzz: computed the first time
        the card's `key` (`_state_key`) is met with this rating, then kept. `made` holds the py-fsrs card
        once one is made, for the other ratings of a preview."""
        keyed = (*key, rating)
        outcome = self._outcomes.get(keyed)
        if outcome is None:
            if not made:
                made.append(self._fsrs_card(progress, now))
            reviewed, _ = self._fsrs.review_card(made[0], FSRS_RATINGS.get(rating) or fsrs.Rating(int(rating)), now)
            outcome = (
                CARD_STATES[reviewed.state],
                reviewed.step,
                reviewed.stability,
                reviewed.difficulty,
                reviewed.due - now,
            )
            if len(self._outcomes) >= OUTCOMES_KEPT:
                self._outcomes.clear()
                self._previews.clear()
            self._outcomes[keyed] = outcome
        return outcome

    def review(self, progress: Progress, rating: Rating, now: dt.datetime) -> Progress:
        """The card after a review with `rating` at `now` (UTC), counting lapses and marking leeches."""
        now = as_utc(now)
        state, step, stability, difficulty, interval = self._outcome(
            progress, rating, now, self._state_key(progress, now), []
        )
        due = now + interval
        if self.settings.fuzz and state is CardState.REVIEW:
            due = now + dt.timedelta(days=fuzz_days(interval.days, self.settings.maximum_interval, self._rng))
        lapsed = progress.state is CardState.REVIEW and rating is Rating.AGAIN
        lapses = progress.lapses + lapsed
        newly_leech = lapsed and is_leech_lapse(lapses)
        # Made whole rather than with dataclasses.replace (which costs more): every field but the id is new.
        return Progress(
            progress.card_id,
            state,
            step,
            stability,
            difficulty,
            due,
            now,
            progress.reps + 1,
            lapses,
            progress.leech or newly_leech,
            progress.suspended or (newly_leech and self.settings.suspend_leeches),
        )

    def preview(self, progress: Progress, now: dt.datetime) -> dict[Rating, dt.timedelta]:
        """The next interval each rating would give (without fuzz), with Again ≤ Hard ≤ Good ≤ Easy."""
        now = as_utc(now)
        key = self._state_key(progress, now)
        kept = self._previews.get(key)
        if kept is not None:
            return dict(kept)
        made: list[fsrs.Card] = []  # the py-fsrs card, made for the first rating not kept, used for the others
        intervals: dict[Rating, dt.timedelta] = {}
        shortest = dt.timedelta(0)
        for rating in Rating:
            interval = max(self._outcome(progress, rating, now, key, made)[4], shortest)
            intervals[rating] = shortest = interval
        self._previews[key] = intervals
        return dict(intervals)

    def retrievability(self, progress: Progress, now: dt.datetime) -> float:
        """The predicted chance of recalling the card now (0 for a new card)."""
        if progress.state is CardState.NEW:
            return 0.0
        return self._fsrs.get_card_retrievability(self._fsrs_card(progress, now), as_utc(now))
