"""The limits of a served class (classroom/sessions.py): how many browsers at once, how long one may
sit idle, one session per student. The logic with fake clocks and fake processes, the options of
`quizapp serve`, and the screens a served app ends on (Pilot). The same through a real server, as
browsers reach it: tests/test_serve.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import FUZZ, damaged_json, json_values, sometimes_anything
from hypothesis import given
from hypothesis import strategies as st
from serve_client import FakeServer
from textual.widgets import Input
from tui_support import FakeClock, loaded, make_app

from quizapp.classroom.sessions import (
    ELSEWHERE_CLOSED,
    HEARTBEAT,
    STALE_AFTER,
    SUPERSEDED,
    ClassSession,
    clean_sessions,
    duration_text,
    full_text,
    idle_limit,
    idle_over,
    idle_text,
    live_sessions,
    parse_record,
    sessions_dir,
)
from quizapp.cli import main
from quizapp.tui.app import QuizApp, Start
from quizapp.tui.screens.home import HomeScreen

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)
MINUTE = dt.timedelta(minutes=1)


class Processes:
    """Fake process numbers: those in `running` are alive."""

    def __init__(self, *running: int):
        self.running = set(running)

    def __call__(self, pid: int) -> bool:
        return pid in self.running


def session(data: Path, clock: FakeClock, pid: int, processes: Processes) -> ClassSession:
    processes.running.add(pid)
    return ClassSession(data, clock, pid=pid, alive=processes)


# ---------------------------------------------------------------------------------------- the logic


def test_the_class_is_full_at_max_students_live_sessions_and_a_place_is_freed_by_leaving(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    first, second, third = (session(tmp_path, clock, pid, processes) for pid in (101, 102, 103))
    assert first.join(2) and second.join(2)
    assert not third.join(2)  # full: nothing written for it
    assert sorted(path.name for path in sessions_dir(tmp_path).glob("*.json")) == sorted(
        [f"{first.id}.json", f"{second.id}.json"]
    )
    assert json.loads(first.path.read_text()) == {
        "pid": 101,
        "student": None,
        "started": "2026-11-27T09:00:00.000Z",
        "signed_in": None,
        "active": "2026-11-27T09:00:00.000Z",
        "seen": "2026-11-27T09:00:00.000Z",
    }
    first.leave()
    assert not first.path.exists()
    assert third.join(2)
    assert ClassSession(tmp_path, clock, pid=104, alive=processes).join(None)  # no limit: always a place


def test_a_session_whose_process_is_gone_or_silent_is_stale_not_counted_and_removed(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    crashed, quiet, beating = (session(tmp_path, clock, pid, processes) for pid in (201, 202, 203))
    for each in (crashed, quiet, beating):
        assert each.join(3)
    processes.running.discard(201)  # killed: it could not remove its file
    assert sorted(record.pid for record in live_sessions(sessions_dir(tmp_path), clock(), processes)) == [202, 203]
    assert not crashed.path.exists()
    # A live session writes its file again every HEARTBEAT; one that stops (a process number reused
    # by another program since) is stale after STALE_AFTER.
    for _ in range(int(STALE_AFTER / HEARTBEAT) + 1):
        clock.advance(seconds=HEARTBEAT.total_seconds())
        assert beating.beat(clock() - MINUTE)
        assert not beating.beat(clock())  # not due again yet
    assert [record.pid for record in live_sessions(sessions_dir(tmp_path), clock(), processes)] == [203]
    assert not quiet.path.exists()
    assert json.loads(beating.path.read_text())["active"] == "2026-11-27T09:01:20.000Z"
    # Its place is free: a new session gets in under a limit of 2.
    assert session(tmp_path, clock, 204, processes).join(2)


def test_files_that_are_not_sessions_are_ignored_and_removed(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    folder = sessions_dir(tmp_path)
    good = session(tmp_path, clock, 301, processes)
    assert good.join(1)
    damaged = folder / "0123456789abcdef.json"
    damaged.write_text('{"pid": 301, "started": ')
    edited = folder / "fedcba9876543210.json"
    edited.write_text(json.dumps({"pid": "301", "started": "x", "seen": "y", "active": "z"}))
    other = folder / "notes.txt"
    other.write_text("the teacher's")
    assert [record.id for record in live_sessions(folder, clock(), processes)] == [good.id]
    assert not damaged.exists() and not edited.exists() and other.exists()
    assert parse_record("0123456789abcdef", b"[1, 2]") is None
    assert (
        parse_record("0123456789abcdef", b'{"pid": 1, "started": "2026-11-27T09:00:00", "seen": "", "active": ""}')
        is None
    )
    record = json.loads(good.path.read_text())
    assert parse_record(good.id, json.dumps({**record, "student": "Ann"}).encode()) is None  # a student needs signed_in
    assert parse_record(good.id, json.dumps({**record, "pid": True}).encode()) is None
    assert parse_record(good.id, json.dumps({**record, "seen": "0001-01-01T00:00:00+01:00"}).encode()) is None


GOOD = {
    "pid": 1,
    "student": "Ann Lee",
    "started": "2026-11-27T09:00:00.000Z",
    "signed_in": "2026-11-27T09:00:41.120Z",
    "active": "2026-11-27T09:12:03.004Z",
    "seen": "2026-11-27T09:12:20.000Z",
}


@st.composite
def session_documents(draw: st.DrawFn) -> dict[str, object]:
    """A session file as a damaged disk or a hand might leave it: each value sometimes anything."""
    anything = json_values(st.text(max_size=30))
    return {key: sometimes_anything(draw, value, anything) for key, value in GOOD.items()}


@FUZZ
@given(
    st.one_of(
        session_documents().map(lambda document: json.dumps(document).encode()),
        damaged_json(lambda depth: b'{"pid": ' + b"[" * depth + b"]" * depth + b"}"),
    )
)
def test_any_bytes_are_a_session_or_nothing(data: bytes) -> None:
    record = parse_record("0123456789abcdef", data)
    if record is not None:
        assert isinstance(record.pid, int) and record.seen.tzinfo is not None
        assert record.student is None or record.signed_in is not None
        assert parse_record(record.id, json.dumps(record.as_json()).encode()) == record


def test_two_browsers_opening_at_once_cannot_both_take_the_last_place(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    processes = Processes(*range(400, 424))
    sessions = [ClassSession(tmp_path, clock, pid=pid, alive=processes) for pid in range(400, 424)]
    joined: list[bool] = []
    start = threading.Barrier(len(sessions))

    def open_page(each: ClassSession) -> None:
        start.wait()
        joined.append(each.join(5))

    threads = [threading.Thread(target=open_page, args=(each,)) for each in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert joined.count(True) == 5
    assert len(list(sessions_dir(tmp_path).glob("*.json"))) == 5


def test_signing_in_again_ends_the_older_session_of_that_student_only(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    ann_here, bob, nobody_yet, ann_there = (session(tmp_path, clock, pid, processes) for pid in (501, 502, 503, 504))
    for each in (ann_here, bob, nobody_yet, ann_there):
        assert each.join()
    assert ann_here.signed_in("Ann Lee") == []
    assert bob.signed_in("Bob Roe") == []
    clock.advance(minutes=1)
    assert ann_there.signed_in(" ann lee ") == [ann_here.id]  # the roster's rule: case and spaces aside
    assert ann_here.superseded()
    assert not bob.superseded() and not nobody_yet.superseded() and not ann_there.superseded()
    assert json.loads(ann_there.path.read_text())["student"] == " ann lee "
    ann_here.leave()  # the older app ends: its file and the marker go
    assert not ann_here.path.exists() and not ann_here.marker.exists()
    # A session whose app was killed is not ended, but removed.
    processes.running.discard(502)
    clock.advance(minutes=1)
    third = session(tmp_path, clock, 505, processes)
    assert third.join() and third.signed_in("Bob Roe") == []
    assert not bob.path.exists()


def test_two_sign_ins_at_the_same_moment_end_exactly_one(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    one, two = (session(tmp_path, clock, pid, processes) for pid in (601, 602))
    assert one.join() and two.join()
    first, second = sorted((one, two), key=lambda each: each.id)  # by id, at the same moment: first is the older
    # Both written before either looks (the worst order): each sees the other, and both end the same one.
    second.note_student("Ann Lee")
    first.note_student("Ann Lee")
    assert first.end_older() == [] and second.end_older() == [first.id]
    assert first.superseded() and not second.superseded()
    # One after the other, but at the same moment by the clock: the one that looks (the later) ends
    # the older by id, which may be itself; exactly one of the two goes on.
    first.leave()
    third = session(tmp_path, clock, 603, processes)
    assert third.join()
    third.note_student("Ann Lee")
    assert third.end_older() in ([], [second.id])
    assert second.superseded() != third.superseded()  # exactly one of the two ends


def test_idle_limits_and_what_students_are_told() -> None:
    assert idle_limit(None) == 30 * MINUTE and idle_limit(0) is None and idle_limit(0.05) == dt.timedelta(seconds=3)
    limit = 30 * MINUTE
    assert not idle_over(T0, T0 + limit - dt.timedelta(seconds=1), limit)
    assert idle_over(T0, T0 + limit, limit)
    assert not idle_over(T0, T0 + dt.timedelta(days=9), None)
    assert [duration_text(each) for each in (MINUTE, 30 * MINUTE, dt.timedelta(seconds=3), dt.timedelta(0))] == [
        "1 minute",
        "30 minutes",
        "3 seconds",
        "1 second",
    ]
    assert full_text(30) == "The class is full (30 students). Ask your teacher."
    assert full_text(1) == "The class is full (1 student). Ask your teacher."
    assert idle_text(limit, signed_in=True) == (
        "Closed after 30 minutes without activity; your answers are saved. Reload the page to sign in again."
    )
    assert (
        idle_text(limit, signed_in=False)
        == "Closed after 30 minutes without activity. Reload the page to sign in again."
    )


def test_serve_cleans_what_dead_apps_left(tmp_path: Path) -> None:
    clock, processes = FakeClock(T0), Processes()
    live, dead = (session(tmp_path, clock, pid, processes) for pid in (701, 702))
    assert live.join() and dead.join()
    folder = sessions_dir(tmp_path)
    (folder / f"{dead.id}.superseded").write_text("")
    (folder / "0000000000000000.superseded").write_text("")  # a marker for a session long gone
    leftover = folder / ".writing-abc.tmp"
    leftover.write_text("{")
    os.utime(leftover, (0, 0))
    processes.running.discard(702)
    assert clean_sessions(tmp_path, clock(), processes) == 1
    assert sorted(path.name for path in folder.iterdir()) == sorted([".lock", f"{live.id}.json"])


# ---------------------------------------------------------------------------------------- the options


def test_serve_hands_its_limits_to_each_browsers_app(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeServer.install(monkeypatch)
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "serve", "--max-students", "30", "--idle-minutes", "45"]) == 0
    assert FakeServer.commands[-1].endswith("--ask-student --max-students 30 --idle-minutes 45")
    assert "at most 30 browsers at once (--max-students); a browser idle for 45 minutes is closed" in (
        capsys.readouterr().out
    )
    assert main(["--data-dir", data, "serve"]) == 0
    assert FakeServer.commands[-1].endswith("--ask-student --idle-minutes 30")
    assert "no limit of browsers (--max-students); a browser idle for 30 minutes is closed" in capsys.readouterr().out
    # Before the command's name too, as --data-dir; and 0 minutes: never closed.
    assert main(["--data-dir", data, "--max-students", "2", "--idle-minutes", "0", "serve"]) == 0
    assert FakeServer.commands[-1].endswith("--ask-student --max-students 2 --idle-minutes 0")
    assert "no browser is closed for being idle" in capsys.readouterr().out
    assert main(["--data-dir", data, "serve", "--idle-minutes", "0.05"]) == 0
    assert FakeServer.commands[-1].endswith("--idle-minutes 0.05")
    for wrong in (
        ["--max-students", "0"],
        ["--idle-minutes", "-1"],
        ["--idle-minutes", "nan"],
        ["--idle-minutes", "x"],
    ):
        assert main(["--data-dir", data, "serve", *wrong]) == 2
        assert "quizapp: error: argument" in capsys.readouterr().err
    # Not an option of the app in a terminal.
    assert main(["--data-dir", data, "--max-students", "2", "decks"]) == 2
    assert "--max-students and --idle-minutes are options of 'quizapp serve'" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------- the screens


def served(data: Path, clock: FakeClock, **limits: object) -> QuizApp:
    """A served app (no roster: it asks a name), quick to check its session and to end."""
    app = make_app(data, Start("serve", **limits), clock)  # type: ignore[arg-type]
    app.SESSION_CHECK_SECONDS = 0.05
    app.ENDED_SHOWN_SECONDS = app.FULL_SHOWN_SECONDS = 0.5
    return app


def message(app: QuizApp) -> str:
    return str(app.screen.query_one("#ended-message").render())


def ended_shown(app: QuizApp) -> bool:
    """The ended screen is on top and its message mounted (a screen is pushed before it composes)."""
    return type(app.screen).__name__ == "EndedScreen" and bool(app.screen.query("#ended-message"))


async def until(pilot, condition, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("not within the tries")


async def sign_in_by_name(pilot, name: str = "Ann Lee") -> None:  # type: ignore[no-untyped-def]
    await loaded(pilot)
    await pilot.press(*name, "enter")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "HomeScreen")


async def test_a_browser_past_the_limit_is_told_the_class_is_full_and_opens_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    inside = ClassSession(data, FakeClock(T0))  # this process, so it runs
    assert inside.join(1)
    app = served(data, FakeClock(T0), max_students=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ended_shown(app))
        assert message(app) == "The class is full (1 student). Ask your teacher."
        assert app.store is None and app.catalog is None and app.context.workspace._store is None
        assert [path.name for path in sessions_dir(data).glob("*.json")] == [f"{inside.id}.json"]
        await pilot.press("question_mark")  # nothing over the message
        assert type(app.screen).__name__ == "EndedScreen"
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    assert app.teacher_note == "a browser was turned away: the class is full (1 student, --max-students)"


async def test_a_browser_idle_for_the_limit_is_closed_with_its_place_freed(tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock(T0)
    app = served(data, clock, idle_minutes=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot)
        assert len(list(sessions_dir(data).glob("*.json"))) == 1
        clock.advance(minutes=29)
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("down")  # a key: the half hour starts again
        clock.advance(minutes=29)
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.click("#decks")  # a click counts too
        clock.advance(minutes=29)
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "HomeScreen"
        clock.advance(minutes=1, seconds=1)
        await until(pilot, lambda: ended_shown(app))
        assert message(app) == (
            "Closed after 30 minutes without activity; your answers are saved. Reload the page to sign in again."
        )
        assert len(app.screen_stack) == 2  # the home screen is gone, not under the message
        assert list(sessions_dir(data).glob("*.json")) == []
        await until(pilot, lambda: not app.is_running)
    assert app.teacher_note == "Ann Lee: closed after 30 minutes without activity (--idle-minutes)"


async def test_a_browser_never_signed_in_is_closed_when_idle_too(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    app = served(tmp_path / "data", clock, idle_minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        clock.advance(minutes=5)
        await until(pilot, lambda: ended_shown(app))
        assert message(app) == "Closed after 5 minutes without activity. Reload the page to sign in again."
    assert app.teacher_note == "a browser not signed in: closed after 5 minutes without activity (--idle-minutes)"


async def test_no_idle_limit_with_zero_minutes(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    app = served(tmp_path / "data", clock, idle_minutes=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot)
        clock.advance(days=2)
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "HomeScreen"


CAPITALS = """\
format = 1

[deck]
id = "capitals"
title = "Capitals"

[[questions]]
id = "france"
type = "short"
prompt = "What is the capital of France?"
answers = ["Paris"]

[[questions]]
id = "italy"
type = "short"
prompt = "What is the capital of Italy?"
answers = ["Rome"]
"""


async def test_an_exam_closed_for_idleness_keeps_its_answers_and_is_taken_up_again(tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock(T0)
    (data / "decks").mkdir(parents=True)
    (data / "decks" / "capitals.toml").write_text(CAPITALS, encoding="utf-8")
    app = served(data, clock, idle_minutes=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot)
        assert app.catalog is not None
        app.open_exam(app.catalog.find("capitals"), seed=1)
        await until(pilot, lambda: type(app.screen).__name__ == "ExamScreen")
        first = app.screen.session.questions[0]  # type: ignore[attr-defined]
        answer = "Paris" if first.id == "france" else "Rome"
        await pilot.press(*answer, "enter")  # recorded, on to the next
        await until(pilot, lambda: app.screen.session.position == 1)  # type: ignore[attr-defined]
        other = "Rome" if answer == "Paris" else "Paris"
        await pilot.press(*other)  # typed, not yet entered, when the student walks away
        clock.advance(minutes=31)
        await until(pilot, lambda: ended_shown(app))
        assert app.store is not None and app.profile is not None
        saved = app.store.exam_in_progress(app.profile.id, "capitals")
    assert saved is not None  # unfinished, to take up again: both answers in it
    assert sorted(saved.responses.values()) == ["Paris", "Rome"]
    assert not list(data.glob("results/*.json"))  # no results file: the attempt was not submitted


async def test_a_student_signed_in_elsewhere_is_told_here_and_the_newer_goes_on(tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock(T0)
    app = served(data, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot)
        assert app.class_session is not None
        older = app.class_session
        clock.advance(minutes=1)
        newer = ClassSession(data, clock)  # another browser's app (this process: it runs)
        assert newer.join() and newer.signed_in("ann lee") == [older.id]
        await until(pilot, lambda: ended_shown(app))
        assert message(app) == SUPERSEDED
        assert not older.path.exists() and not older.marker.exists()
        assert newer.path.exists()
    assert app.teacher_note == "Ann Lee: signed in again elsewhere; the older session was closed"


async def test_signing_in_where_an_older_session_is_open_closes_it_and_says_so(tmp_path: Path) -> None:
    data, clock = tmp_path / "data", FakeClock(T0)
    older = ClassSession(data, clock)
    assert older.join() and older.signed_in("Ann Lee") == []
    clock.advance(minutes=1)
    app = served(data, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot, "ANN LEE")
        assert older.superseded()
        await until(pilot, lambda: any(note.message == ELSEWHERE_CLOSED for note in app._notifications))
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_roster_sign_in_claims_the_session_too(tmp_path: Path) -> None:
    from quizapp.classroom.roster import Roster, add_students, renew_codes, roster_path, write_roster

    data, clock = tmp_path / "data", FakeClock(T0)
    roster, codes = renew_codes(add_students(Roster(), ["Ann Lee"])[0], None, T0)
    write_roster(roster_path(data), roster)
    older = ClassSession(data, clock)
    assert older.join() and older.signed_in("Ann Lee") == []
    clock.advance(minutes=1)
    app = served(data, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.focused is app.screen.query_one("#signin-name", Input)
        await pilot.press(*"ann lee", "enter", *dict(codes)["Ann Lee"], "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert older.superseded()
        assert app.class_session is not None
        assert json.loads(app.class_session.path.read_text())["student"] == "Ann Lee"


async def test_counts_that_arrive_after_the_session_ended_are_dropped(tmp_path: Path) -> None:
    """The home screen's counts are made in a worker: a session that ends meanwhile (idle, signed in
    elsewhere) closes the home screen first, and the counts must find nothing to fill, not crash."""
    data, clock = tmp_path / "data", FakeClock(T0)
    app = served(data, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_name(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await app.end_session("Closed for a test.")
        home.show({})  # the worker's late delivery
        await pilot.pause()
        assert type(app.screen).__name__ == "EndedScreen"
