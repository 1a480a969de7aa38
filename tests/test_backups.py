"""Backups a student actually gets: on quitting (ctrl+q, the palette, a closed terminal), after a session,
every 30 minutes of study, before an upgrade of the store; thinned to a ladder; listed by `doctor`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tui_support import SIZE, FakeClock, loaded, make_app, starter, study_in_a_terminal

from quizapp.cli import main
from quizapp.study.backups import (
    AT_MOST_EVERY,
    KEEP_DAILY,
    KEEP_LAST,
    KEEP_WEEKLY,
    backup_if_due,
    backups_dir,
    ladder,
    list_backups,
    taken_at,
)
from quizapp.study.progress import CardState, Progress
from quizapp.study.store import DATABASE_NAME, MIGRATIONS, SCHEMA_VERSION, Answer, Store, StoreError
from quizapp.study.workspace import Workspace
from quizapp.tui.app import QuizApp, Start

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def answer(store: Store, question: str, moment: dt.datetime, profile: str = "ann") -> None:
    """One study answer, and its card, as the study screen records them."""
    profile_id = store.profile(profile, moment).id
    store.record(
        Answer(profile_id, "deck", question, moment, "study", 3, 1.0, "x", 1500),
        lambda before: Progress(
            before.card_id, CardState.REVIEW, None, 3.0, 5.0, moment + DAY, moment, before.reps + 1
        ),
    )


def read_only(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """A backup, opened so that reading it changes nothing (as `doctor` reads it)."""
    return contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True))


def reviews_in(path: Path) -> int:
    with read_only(path) as db:
        return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


def times(data: Path) -> list[dt.datetime]:
    return [moment for moment in map(taken_at, list_backups(data)) if moment is not None]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / DATABASE_NAME)
    yield opened
    opened.close()


# ------------------------------------------------------------------ the ladder


def week_of(moment: dt.datetime) -> dt.date:
    day = moment.astimezone(UTC).date()
    return day - dt.timedelta(days=day.weekday())


@st.composite
def backup_times(draw: st.DrawFn, future: bool = False) -> tuple[list[dt.datetime], dt.datetime]:
    """Up to 80 backup times (to the second) in the 60 days before `now`, often several a day; with
    `future`, a few after it too (taken while the clock was ahead)."""
    now = draw(st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(UTC)))
    now = now.replace(microsecond=0)
    seconds = st.integers(0, 60 * 24 * 3600)
    ages = draw(st.lists(st.one_of(seconds, st.integers(0, 3 * 24 * 3600)), max_size=80, unique=True))
    moments = [now - dt.timedelta(seconds=age) for age in ages]
    if future:
        moments += [now + dt.timedelta(seconds=age) for age in draw(st.lists(seconds, max_size=12, unique=True))]
    return moments, now


@given(backup_times())
def test_the_ladder_keeps_the_last_ten_and_one_a_day_for_a_week_and_one_a_week_for_a_month(
    case: tuple[list[dt.datetime], dt.datetime],
) -> None:
    moments, now = case
    kept = ladder(moments, now)
    assert kept <= set(moments)
    assert len(kept) <= KEEP_LAST + KEEP_DAILY + KEEP_WEEKLY
    if moments:
        assert max(moments) in kept
    newest_first = sorted(moments, reverse=True)
    assert set(newest_first[:KEEP_LAST]) <= kept
    today, this_week = now.date(), week_of(now)
    for age in range(KEEP_DAILY):  # each of the last 7 days that has backups keeps its newest
        of_day = [moment for moment in moments if moment.date() == today - dt.timedelta(days=age)]
        if of_day:
            assert max(of_day) in kept
    for age in range(KEEP_WEEKLY):  # and each of the last 4 weeks
        of_week = [moment for moment in moments if week_of(moment) == this_week - dt.timedelta(weeks=age)]
        if of_week:
            assert max(of_week) in kept
    # Nothing else is kept: every one kept is one of the last ten, or the newest of its day or week.
    for moment in kept - set(newest_first[:KEEP_LAST]):
        same_day = [other for other in moments if other.date() == moment.date()]
        same_week = [other for other in moments if week_of(other) == week_of(moment)]
        recent_day = (today - moment.date()).days < KEEP_DAILY and moment == max(same_day)
        recent_week = (this_week - week_of(moment)).days < 7 * KEEP_WEEKLY and moment == max(same_week)
        assert recent_day or recent_week, moment
    assert ladder(kept, now) == kept  # thinning twice thins no more


@given(backup_times(future=True))
def test_the_ladder_keeps_the_newest_backup_taken_up_to_now_when_the_clock_was_ahead(
    case: tuple[list[dt.datetime], dt.datetime],
) -> None:
    moments, now = case
    kept = ladder(moments, now)
    assert len(kept) <= KEEP_LAST + KEEP_DAILY + KEEP_WEEKLY
    past = [moment for moment in moments if moment <= now]
    if past:
        assert max(past) in kept


def test_the_ladder_over_two_months_of_daily_study() -> None:
    now = dt.datetime(2026, 12, 2, 20, 0, tzinfo=UTC)  # a Wednesday
    moments = [now - dt.timedelta(days=day, hours=hour) for day in range(60) for hour in (0, 2, 4)]
    kept = sorted(ladder(moments, now), reverse=True)
    # The last 10 (three days and one more), the newest of each of the 7 days (three more), and of
    # each of the 4 weeks (this one and the last are in those days already: two more).
    assert kept[:KEEP_LAST] == sorted(moments, reverse=True)[:KEEP_LAST]
    days = {moment.date() for moment in kept}
    assert days >= {now.date() - dt.timedelta(days=age) for age in range(7)}
    older = [moment for moment in kept if (now.date() - moment.date()).days >= 7]
    assert [moment.date().isoformat() for moment in older] == ["2026-11-22", "2026-11-15"]
    assert all(moment.hour == 20 for moment in older)  # each the newest of its Sunday, its week's last day
    assert len(kept) == 10 + 3 + 2


# ------------------------------------------------------------------ when a backup is due


def test_the_first_backup_is_made_at_once_then_at_most_one_per_30_minutes_and_only_after_answers(
    tmp_path: Path, store: Store
) -> None:
    store.profile("ann", T0)
    first = backup_if_due(store, tmp_path, T0)
    assert first is not None and first.name == "progress-20261127T090000Z.sqlite3"
    assert backup_if_due(store, tmp_path, T0 + AT_MOST_EVERY) is None  # nothing answered since
    answer(store, "q1", T0 + 5 * MINUTE)
    assert backup_if_due(store, tmp_path, T0 + 29 * MINUTE) is None  # too soon
    second = backup_if_due(store, tmp_path, T0 + AT_MOST_EVERY)
    assert second is not None and reviews_in(second) == 1 and reviews_in(first) == 0
    assert backup_if_due(store, tmp_path, T0 + AT_MOST_EVERY + MINUTE) is None


def test_studying_for_three_hours_gives_a_backup_every_30_minutes(tmp_path: Path, store: Store) -> None:
    made = []
    for minute in range(0, 181, 3):  # an answer every 3 minutes, and the app's check after each
        moment = T0 + minute * MINUTE
        answer(store, f"q{minute}", moment)
        if backup_if_due(store, tmp_path, moment) is not None:
            made.append(minute)
    assert made == [0, 30, 60, 90, 120, 150, 180]
    assert [taken_at(path) for path in list_backups(tmp_path)] == [T0 + minute * MINUTE for minute in made]


def test_a_backup_dated_ahead_of_the_clock_does_not_stop_backups(tmp_path: Path, store: Store) -> None:
    answer(store, "q1", T0)
    assert backup_if_due(store, tmp_path, T0 + 365 * DAY) is not None  # the clock a year ahead
    answer(store, "q2", T0 + MINUTE)  # set right again
    made = backup_if_due(store, tmp_path, T0 + MINUTE)
    assert made is not None and made in list_backups(tmp_path)  # none before now: due, and kept
    assert backup_if_due(store, tmp_path, T0 + 2 * MINUTE) is None  # and the rule holds from it


def test_backups_are_thinned_to_the_ladder(tmp_path: Path, store: Store) -> None:
    start = dt.datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    made = []
    for day in range(45):  # twice a day for six weeks, an answer each time
        for hour in (0, 10):
            moment = start + day * DAY + dt.timedelta(hours=hour)
            answer(store, f"q{day}-{hour}", moment)
            assert backup_if_due(store, tmp_path, moment) is not None
            made.append(moment)
            assert len(list_backups(tmp_path)) <= KEEP_LAST + KEEP_DAILY + KEEP_WEEKLY
    now = made[-1]
    assert set(times(tmp_path)) == ladder(made, now)
    # The last 10 are the last five days; the week's two days before them; two weeks before those.
    assert len(times(tmp_path)) == 10 + 2 + 2
    assert not list(backups_dir(tmp_path).glob(".*"))  # no half-written copy left


def test_a_copy_left_half_written_by_a_killed_program_is_removed_once_stale(tmp_path: Path, store: Store) -> None:
    folder = backups_dir(tmp_path)
    folder.mkdir()
    stale, fresh = folder / ".progress-20261120T090000Z-0a1b2c.partial", folder / ".progress-x-3d4e5f.partial"
    for partial in (stale, fresh):
        partial.write_bytes(b"half")
    two_days_ago = T0.timestamp() - 2 * 86400
    os.utime(stale, (two_days_ago, two_days_ago))
    assert backup_if_due(store, tmp_path, T0) is not None
    assert not stale.exists() and fresh.exists()  # the fresh one may be another window's, being written


# ------------------------------------------------------------------ before an upgrade of the store


def old_database(path: Path, version: int) -> None:
    """A database as an older quizapp left it (schema `version`), with a profile and a card."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        old.executescript(script)
    old.execute("PRAGMA application_id = 1364543809")
    old.execute(f"PRAGMA user_version = {version}")
    old.execute("INSERT INTO profiles (name, created_ms) VALUES ('ann', 0)")
    old.execute("INSERT INTO cards (profile_id, deck_id, question_id, state) VALUES (1, 'd', 'q', 2)")
    old.commit()
    old.close()


def test_an_old_database_is_backed_up_as_it_was_before_it_is_upgraded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_database(data / DATABASE_NAME, SCHEMA_VERSION - 1)
    workspace = Workspace(data)
    assert workspace.store().schema_version() == SCHEMA_VERSION
    workspace.close()
    (copy,) = list_backups(data)
    assert copy.name.endswith("-before-upgrade.sqlite3")
    with read_only(copy) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
        assert db.execute("SELECT question_id, state FROM cards").fetchall() == [("q", 2)]
    # Opened again, up to date: no upgrade, no copy. And the copy stays out of the ladder's thinning.
    Workspace(data).store().close()
    assert list_backups(data) == [copy]


def test_a_new_database_is_not_backed_up_before_it_is_set_up(tmp_path: Path) -> None:
    Workspace(tmp_path / "data").store().close()
    assert list_backups(tmp_path / "data") == []


def test_no_upgrade_without_its_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old_database(data / DATABASE_NAME, 1)
    (data / "backups").write_text("a file where the folder should be")
    with pytest.raises(StoreError, match=r"no backup was made in .*not upgraded"):
        Workspace(data).store()
    with read_only(data / DATABASE_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


# ------------------------------------------------------------------ doctor lists them


def test_doctor_lists_each_backup_with_its_local_time_and_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    old_database(data / DATABASE_NAME, SCHEMA_VERSION - 1)  # one card: its copy before the upgrade
    workspace = Workspace(data)
    store = workspace.store()
    for question in ("q1", "q2", "q3"):
        answer(store, question, T0)
    backup = backup_if_due(store, data, T0)  # 1 + 3 cards
    workspace.close()
    assert backup is not None
    (backups_dir(data) / "progress-20261101T090000Z.sqlite3").write_bytes(b"garbage" * 100)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("backups: 3"))
    local = T0.astimezone().strftime("%Y-%m-%d %H:%M")
    upgrade, newest, damaged = lines[start + 1 : start + 4]  # newest first: the upgrade's copy is today's
    assert newest.split() == [backup.name, *local.split(), "4", "cards", newest.split()[-2], "KiB"]
    assert upgrade.split()[0].endswith("-before-upgrade.sqlite3") and " 1 card " in upgrade
    assert "before an upgrade" in upgrade
    november = dt.datetime(2026, 11, 1, 9, 0, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert damaged.startswith(f"  progress-20261101T090000Z.sqlite3  {november}  damaged (")
    assert "cards" not in damaged


# ------------------------------------------------------------------ the app


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return starter(tmp_path / "decks")


async def answer_the_first_question(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter")


@pytest.mark.parametrize("how", ["ctrl+q", "palette"])
async def test_quitting_backs_up_what_was_answered(tmp_path: Path, deck: Path, how: str) -> None:
    data, clock = tmp_path / "data", FakeClock()
    app = make_app(data, Start("study", [str(deck)]), clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.back_up() is not None  # a backup at T0: the quit's is due only for what comes after
        clock.advance(minutes=40)
        await answer_the_first_question(pilot)
        assert len(list_backups(data)) == 1
        if how == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Quit")
            for _ in range(20):  # the palette searches in the background
                await pilot.pause(0.05)
            await pilot.press("enter")
        await pilot.pause()
        assert app.return_code == 0  # the app is on its way out (Pilot runs its shutdown below, as Textual does)
    backups = list_backups(data)
    assert [taken_at(path) for path in backups] == [clock.now - dt.timedelta(minutes=40), clock.now]
    assert reviews_in(backups[-1]) == 1


async def test_quitting_without_answering_makes_no_new_backup(tmp_path: Path, deck: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    app = make_app(data, Start("study", [str(deck)]), clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.back_up() is not None
        clock.advance(hours=2)
        await pilot.press("ctrl+q")
    assert len(list_backups(data)) == 1


async def test_a_session_that_ends_is_backed_up(tmp_path: Path, deck: Path) -> None:
    data, clock = tmp_path / "data", FakeClock()
    app = make_app(data, Start("study", [str(deck)]), clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.back_up() is not None
        clock.advance(minutes=31)
        await answer_the_first_question(pilot)
        await pilot.press("4", "escape")  # rate it, then end the session
        assert app.screen.state == "done"
        assert taken_at(list_backups(data)[-1]) == clock.now
        assert reviews_in(list_backups(data)[-1]) == 1


async def test_studying_is_backed_up_every_30_minutes_by_the_apps_own_check(
    tmp_path: Path, deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QuizApp, "BACKUP_CHECK_SECONDS", 0.05)  # the check's timer, sped up

    async def checks(pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(6):  # a few of the app's checks, each in a worker
            await pilot.pause(0.05)
            await pilot.app.workers.wait_for_complete()

    data, clock = tmp_path / "data", FakeClock()
    app = make_app(data, Start("study", [str(deck)]), clock)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await checks(pilot)
        assert times(data) == [T0]  # none yet: the first check makes one
        clock.advance(minutes=10)
        await answer_the_first_question(pilot)
        await checks(pilot)
        assert times(data) == [T0]  # answered, but only 10 minutes since
        clock.advance(minutes=20)
        await checks(pilot)
        assert times(data) == [T0, T0 + AT_MOST_EVERY]
        assert reviews_in(list_backups(data)[-1]) == 1
        clock.advance(minutes=45)  # no answer since: nothing new to keep
        await checks(pilot)
        assert times(data) == [T0, T0 + AT_MOST_EVERY]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals and SIGHUP are POSIX")
def test_a_closed_terminal_backs_up_before_the_program_ends(tmp_path: Path, deck: Path) -> None:
    import signal

    data = tmp_path / "data"
    terminal = study_in_a_terminal(data, deck)
    try:
        assert list_backups(data) == []
    finally:
        os.close(terminal.master)  # the terminal window closes: the program gets SIGHUP
    try:
        status = terminal.process.wait(timeout=30)
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert status == -signal.SIGHUP  # it ended as a hang-up ends it, after the backup
    (backup,) = list_backups(data)
    assert reviews_in(backup) == 1
