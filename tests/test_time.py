"""Clocks misbehave: set back by hand, moved to another time zone, shifted by daylight saving. None of
it may corrupt a schedule or lose a review. Times are stored in UTC; only "today" depends on the zone."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_session import make_deck
from tui_support import FakeClock

from quizapp.study.progress import CardState
from quizapp.study.session import StudySession
from quizapp.study.settings import ProfileSettings
from quizapp.study.store import Store

UTC = dt.timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "progress.sqlite3")
    yield opened
    opened.close()


def study(store: Store, clock: FakeClock, tz: dt.tzinfo, answers: int, new_per_day: int = 100, seed: int = 1) -> int:
    """Answer up to `answers` questions right, ten seconds apart; returns how many were asked."""
    profile = store.profile("ann", clock())
    store.save_settings(profile.id, ProfileSettings(new_per_day=new_per_day))
    session = StudySession(store, store.profile("ann", clock()), [DECK], clock, random.Random(seed), tz=tz)
    asked = 0
    while asked < answers and (item := session.next()) is not None:
        session.submit(item, "right", 1000)
        asked += 1
        clock.advance(seconds=10)
    return asked


def sound_schedule(store: Store) -> None:
    """Every card that was answered has a finite state and a due time, and its log agrees with it."""
    rows = store._db.execute(
        "SELECT state, stability, difficulty, due_ms, reps, "
        "(SELECT count(*) FROM reviews r WHERE r.card_id = c.id AND r.mode = 'study') FROM cards c"
    ).fetchall()
    assert rows
    for state, stability, difficulty, due_ms, reps, logged in rows:
        assert CardState(state) is not CardState.NEW and due_ms is not None
        assert math.isfinite(stability) and stability > 0 and math.isfinite(difficulty)
        assert reps == logged
    assert store.integrity_problems() == []


DECK = make_deck("d", 40)


def test_a_clock_set_back_a_month_loses_no_review_and_keeps_the_schedule_sound(store: Store) -> None:
    clock = FakeClock(dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    assert study(store, clock, UTC, 10) == 10
    clock.now -= dt.timedelta(days=30)  # someone fixes the clock the wrong way
    assert study(store, clock, UTC, 10) == 10
    clock.now += dt.timedelta(days=45)  # and back to the right date and beyond: the reviews come due
    reviewed = study(store, clock, UTC, 40)
    assert store._db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 20 + reviewed
    sound_schedule(store)


def test_a_clock_going_back_between_answer_and_undo_restores_the_card(store: Store) -> None:
    clock = FakeClock()
    profile = store.profile("ann", clock())
    session = StudySession(store, profile, [DECK], clock, random.Random(1), tz=UTC)
    item = session.next()
    session.submit(item, "right", 1000)
    clock.now -= dt.timedelta(hours=5)
    assert session.undo() is not None
    assert store._db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    progress = store.progress(profile.id, *item.key)
    assert progress is None or progress.state is CardState.NEW


def test_moving_to_another_time_zone_keeps_every_review_and_every_due_time(store: Store) -> None:
    clock = FakeClock(dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC))  # 21:00 in Tokyo
    study(store, clock, TOKYO, 15)
    before = store._db.execute(
        "SELECT cards.question_id, due_ms, reviewed_ms FROM cards JOIN reviews ON reviews.card_id = cards.id "
        "ORDER BY cards.question_id"
    ).fetchall()
    clock.advance(hours=14)  # a flight to New York: 09:10 there, 11:10 the next morning in Tokyo
    after = store._db.execute(
        "SELECT cards.question_id, due_ms, reviewed_ms FROM cards JOIN reviews ON reviews.card_id = cards.id "
        "ORDER BY cards.question_id"
    ).fetchall()
    assert after == before  # stored in UTC: nothing moved
    study(store, clock, NEW_YORK, 15)
    sound_schedule(store)


def first_answers(store: Store) -> int:
    """How many new cards have been introduced: reviews of a card that had none before."""
    return store._db.execute("SELECT count(*) FROM reviews WHERE before_state IS NULL").fetchone()[0]


def test_the_daily_new_card_limit_resets_at_4_am_local_across_daylight_saving(store: Store) -> None:
    # Berlin moves its clocks from 02:00 to 03:00 on 29 March 2026: that study day is 23 hours long.
    clock = FakeClock(dt.datetime(2026, 3, 28, 22, 0, tzinfo=BERLIN).astimezone(UTC))
    study(store, clock, BERLIN, 30, new_per_day=5)
    assert first_answers(store) == 5
    clock.now = dt.datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN).astimezone(UTC)  # before 4 AM: the same study day
    study(store, clock, BERLIN, 30, new_per_day=5)
    assert first_answers(store) == 5
    clock.now = dt.datetime(2026, 3, 29, 4, 30, tzinfo=BERLIN).astimezone(UTC)  # after 4 AM: a new study day
    study(store, clock, BERLIN, 30, new_per_day=5)
    assert first_answers(store) == 10
    sound_schedule(store)
