"""FSRS scheduling with a fixed clock and seeded fuzz; lapses, leeches, previews; the 4 AM day."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.days import day_end, from_millis, study_day
from quizapp.study.presentation import describe_interval
from quizapp.study.progress import CardState, Progress, Rating
from quizapp.study.scheduling import Scheduler, SchedulerSettings, fuzz_days, is_leech_lapse

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def scheduler(seed: int = 7, **settings) -> Scheduler:
    return Scheduler(SchedulerSettings(**settings), random.Random(seed))


def test_new_card_follows_the_learning_steps() -> None:
    s = scheduler()
    card = s.review(Progress(card_id=1), Rating.GOOD, T0)
    assert card.state is CardState.LEARNING and card.due == T0 + dt.timedelta(minutes=10) and card.reps == 1
    card = s.review(card, Rating.GOOD, T0 + dt.timedelta(minutes=10))
    assert card.state is CardState.REVIEW and card.due >= T0 + dt.timedelta(days=1)
    again = s.review(Progress(card_id=2), Rating.AGAIN, T0)
    assert again.due == T0 + dt.timedelta(minutes=1)


def test_same_seed_same_schedule_and_fuzz_stays_in_range() -> None:
    def run(seed: int) -> list[dt.datetime]:
        s, card, now, dues = scheduler(seed), Progress(card_id=1), T0, []
        for _ in range(8):
            card = s.review(card, Rating.GOOD, now)
            dues.append(card.due)
            now = card.due
        return dues

    assert run(3) == run(3)
    assert run(3) != run(4)  # the fuzz is real
    unfuzzed = Scheduler(SchedulerSettings(fuzz=False), random.Random(0))
    rng = random.Random(1)
    for days in (3, 10, 50, 400):
        drawn = {fuzz_days(days, 36500, rng) for _ in range(300)}
        assert all(abs(value - days) <= days * 0.15 + 1 for value in drawn) and len(drawn) > 1
    assert fuzz_days(2, 36500, rng) == 2  # no fuzz below 2.5 days
    assert fuzz_days(400, 380, rng) <= 380
    assert unfuzzed.settings.fuzz is False


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        scheduler().review(Progress(card_id=1), Rating.GOOD, dt.datetime(2026, 1, 1))


def test_lapses_and_leeches() -> None:
    s = scheduler(suspend_leeches=True)
    card = Progress(
        card_id=1,
        state=CardState.REVIEW,
        stability=5.0,
        difficulty=5.0,
        due=T0,
        last_review=T0 - dt.timedelta(days=5),
        lapses=7,
    )
    card = s.review(card, Rating.AGAIN, T0)
    assert card.lapses == 8 and card.leech and card.suspended and card.state is CardState.RELEARNING
    keep = scheduler(suspend_leeches=False)
    card2 = keep.review(
        Progress(
            card_id=2,
            state=CardState.REVIEW,
            stability=5.0,
            difficulty=5.0,
            due=T0,
            last_review=T0 - dt.timedelta(days=5),
            lapses=7,
        ),
        Rating.AGAIN,
        T0,
    )
    assert card2.leech and not card2.suspended
    relearning_again = keep.review(card2, Rating.AGAIN, T0 + dt.timedelta(minutes=10))
    assert relearning_again.lapses == 8  # only a review card forgotten is a lapse
    assert [n for n in range(30) if is_leech_lapse(n)] == [8, 12, 16, 20, 24, 28]


@given(
    stability=st.floats(0.1, 3000),
    difficulty=st.floats(1, 10),
    elapsed=st.integers(0, 2000),
    state=st.sampled_from([CardState.NEW, CardState.LEARNING, CardState.REVIEW, CardState.RELEARNING]),
)
def test_preview_intervals_are_ordered(stability: float, difficulty: float, elapsed: int, state: CardState) -> None:
    card = (
        Progress(card_id=1)
        if state is CardState.NEW
        else Progress(
            card_id=1,
            state=state,
            step=0 if state is not CardState.REVIEW else None,
            stability=stability,
            difficulty=difficulty,
            due=T0,
            last_review=T0 - dt.timedelta(days=elapsed),
        )
    )
    intervals = scheduler().preview(card, T0)
    assert intervals[Rating.AGAIN] <= intervals[Rating.HARD] <= intervals[Rating.GOOD] <= intervals[Rating.EASY]


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (dt.timedelta(seconds=20), "1m"),
        (dt.timedelta(minutes=10), "10m"),
        (dt.timedelta(hours=1), "1h"),
        (dt.timedelta(days=1), "1d"),
        (dt.timedelta(days=4), "4d"),
        (dt.timedelta(days=61), "2mo"),
        (dt.timedelta(days=365), "1y"),
        (dt.timedelta(days=548), "1.5y"),
    ],
)
def test_describe_interval(interval: dt.timedelta, text: str) -> None:
    assert describe_interval(interval) == text


def test_study_day_ends_at_4_am_local() -> None:
    paris = ZoneInfo("Europe/Paris")
    late = dt.datetime(2026, 11, 28, 2, 30, tzinfo=paris)  # 2:30 AM still belongs to the 27th
    assert study_day(late, paris) == dt.date(2026, 11, 27)
    assert day_end(late, paris) == dt.datetime(2026, 11, 28, 4, 0, tzinfo=paris)
    morning = dt.datetime(2026, 11, 28, 4, 0, tzinfo=paris)
    assert study_day(morning, paris) == dt.date(2026, 11, 28)


def test_day_boundary_across_daylight_saving() -> None:
    paris = ZoneInfo("Europe/Paris")
    before_change = dt.datetime(2026, 3, 28, 12, 0, tzinfo=paris)  # clocks go forward on the 29th at 2 AM
    end = day_end(before_change, paris)
    assert end.astimezone(paris) == dt.datetime(2026, 3, 29, 4, 0, tzinfo=paris)
    assert end - before_change.astimezone(UTC) == dt.timedelta(hours=15)  # 16 wall-clock hours, one skipped


@pytest.mark.parametrize(
    "zone", [UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/St_Johns"), ZoneInfo("Australia/Lord_Howe")]
)
def test_the_store_counts_study_days_as_day_number_does(tmp_path: Path, zone: dt.tzinfo) -> None:
    """The optimiser's history has its study days counted by SQLite (Store.study_history), from the
    UTC offsets in force over the history, DST changes included: the same days, review for review."""
    from quizapp.days import StudyDayCounter, to_millis
    from quizapp.study.store import Answer, Store

    rng = random.Random(11)
    store = Store.open(tmp_path / "progress.sqlite3")
    profile = store.profile("default", T0)
    moments = sorted(to_millis(T0) + rng.randrange(-400 * 86400_000, 400 * 86400_000) for _ in range(600))
    # And a clock reset to the epoch (a machine with no battery for its clock): times on both sides of it.
    moments += [hours * 3_600_000 + 1234 for hours in range(-60, 60, 7)]
    for millis in moments:
        answer = Answer(profile.id, "deck", f"q{rng.randrange(40)}", from_millis(millis), "study", 3, 1.0, "x", 1000)
        store.record(answer, lambda before: replace(before, reps=before.reps + 1))
    counter = StudyDayCounter(zone)
    history = store.study_history(profile.id, counter)
    with contextlib.closing(sqlite3.connect(tmp_path / "progress.sqlite3")) as db:
        raw = db.execute("SELECT card_id, reviewed_ms, rating FROM reviews ORDER BY card_id, reviewed_ms").fetchall()
    assert history == [(card, counter.day_number(millis), rating) for card, millis, rating in raw]
    assert len({day for _, day, _ in history}) > 300


def test_fast_study_day_numbers_agree_with_study_day() -> None:
    from quizapp.days import StudyDayCounter, from_millis, to_millis

    rng = random.Random(5)
    for zone in (UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/St_Johns"), ZoneInfo("Australia/Lord_Howe")):
        counter = StudyDayCounter(zone)
        for _ in range(2000):
            millis = to_millis(T0) + rng.randrange(-400 * 86400_000, 400 * 86400_000)
            expected = (study_day(from_millis(millis), zone) - dt.date(1970, 1, 1)).days
            assert counter.day_number(millis) == expected, (zone, from_millis(millis))
