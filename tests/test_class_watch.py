"""`quizapp class watch`: the teacher's live view. The snapshot of a fabricated class (classroom/watch.py),
every figure checked by hand; what damaged files do to it (nothing); the screen with Pilot (rows, refresh,
the report key, names shown literally); one SVG snapshot; and the command line.

The class, at T0 = 2026-11-27 09:00 UTC (11:00 at UTC+2, where the study day began at 04:00 local, 02:00 UTC):

    student   roster  session                     answers today (score)       exam in progress       last results file
    Ann Lee   yes     live, signed in 08:50       1, 0.5, 0 (+1 at 01:59 UTC)  class-test, 15 min, 5 ago  class-test 3/4
    Bob Roe   yes     dead process                1 (1.0)                      other, untimed, 7 ago  -
    Cy        yes     live but not written 3 min  -                            -                      -
    Dee       no      live, signed in 08:55       -                            -                      -
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from tui_support import FakeClock

from quizapp.classroom.results import write_results
from quizapp.classroom.roster import Roster, add_students, roster_path, write_roster
from quizapp.classroom.sessions import ClassSession, sessions_dir
from quizapp.classroom.signin import failures_path, record_failure
from quizapp.classroom.watch import ClassSnapshot, class_snapshot, results_dir
from quizapp.cli import main
from quizapp.study.store import DATABASE_NAME, Answer, ExamInProgress, Store
from quizapp.tui.app import Start, build_app

UTC = dt.timezone.utc
PLUS2 = dt.timezone(dt.timedelta(hours=2))
T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
DAY_START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 04:00 at UTC+2
MINUTE = dt.timedelta(minutes=1)
ALIVE = {101, 103, 104}

DECK = """\
[deck]
id = "class-test"
title = "Class test"

[[questions]]
id = "q1"
type = "choice"
prompt = "Pick A"
choices = ["A", "B", "C"]
answer = "A"
explanation = "A."

[[questions]]
id = "q2"
type = "short"
prompt = "Capital of France?"
answers = ["Paris"]
points = 3
explanation = "Paris."
"""


def alive(pid: int) -> bool:
    return pid in ALIVE


def sign_in(
    data: Path, student: str | None, when: dt.datetime, pid: int, seen: dt.datetime | None = T0
) -> ClassSession:
    """A session as a served app keeps it (the sessions module's own writer): opened and signed in at
    `when`, its file last written at `seen` (its heartbeat; None: not since)."""
    clock = FakeClock(when)
    session = ClassSession(data, clock, pid=pid, alive=alive)
    assert session.join()
    if student is not None:
        session.note_student(student)
    if seen is not None and seen > when:
        clock.now = seen
        assert session.beat(seen)
    return session


def answer(store: Store, name: str, when: dt.datetime, score: float, deck: str = "class-test") -> None:
    profile = store.profile(name, when)
    store.record(Answer(profile.id, deck, f"q-{when.timestamp()}", when, "study", 3, score, "x", 1000), None)


def begin_exam(store: Store, name: str, deck: str, started: dt.datetime, minutes: int | None) -> None:
    profile = store.profile(name, started)
    store.begin_exam(profile.id, deck, ExamInProgress("0" * 64, name, 1, started, None, minutes, {}, {}))


def results(data: Path, student: str, deck: str, answers: tuple[str, str], score: float, written: dt.datetime) -> Path:
    """A results file of `deck`, written by the results module's own writer, dated `written`."""
    document = {
        "format": 1,
        "deck": {"id": deck, "title": "Class test", "sha256": "0" * 64},
        "student": student,
        "started": "2026-11-27T08:30:00Z",
        "finished": written.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seed": 1,
        "time_limit_minutes": 15,
        "responses": [
            {"question": "q1", "type": "choice", "response": answers[0], "score": 1, "points": 1, "seconds": 5.0},
            {"question": "q2", "type": "short", "response": answers[1], "score": 1, "points": 3, "seconds": 9.0},
        ],
        "score": score,
        "max_score": 4,
    }
    path = write_results(results_dir(data), document)
    os.utime(path, (written.timestamp(), written.timestamp()))
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The class of the module's docstring."""
    data = tmp_path / "data"
    write_roster(roster_path(data), add_students(Roster(), ["Ann Lee", "Bob Roe", "Cy"])[0])
    sign_in(data, "Ann Lee", T0 - 10 * MINUTE, 101)
    sign_in(data, "Bob Roe", T0 - 9 * MINUTE, 102)  # its process is gone
    sign_in(data, "Cy", T0 - 3 * MINUTE, 103, seen=None)  # its process runs, but its file is stale
    sign_in(data, "Dee", T0 - 5 * MINUTE, 104)  # signed in, not on the roster (removed since)
    sign_in(data, None, T0 - MINUTE, 104)  # a browser on the sign-in screen: nobody yet
    store = Store.open(data / DATABASE_NAME)
    for minutes, score in ((30, 1.0), (20, 0.5), (10, 0.0)):
        answer(store, "Ann Lee", T0 - minutes * MINUTE, score)
    answer(store, "Ann Lee", DAY_START - dt.timedelta(milliseconds=1), 1.0)  # yesterday, by the 4 AM boundary
    answer(store, "Bob Roe", DAY_START, 1.0)  # the first moment of today
    answer(store, "Someone Else", T0 - MINUTE, 1.0)  # a profile neither on the roster nor signed in
    begin_exam(store, "Ann Lee", "class-test", T0 - 5 * MINUTE, 15)
    begin_exam(store, "Bob Roe", "other", T0 - 7 * MINUTE, None)
    store.close()
    results(data, "Ann Lee", "class-test", ("A", "Lyon"), 1, T0 - dt.timedelta(hours=2))
    results(data, "ann lee", "class-test", ("A", "Paris"), 3, T0 - dt.timedelta(hours=1))  # the later: shown
    log = failures_path(data)
    record_failure(log, "ann le", DAY_START - MINUTE)  # yesterday
    record_failure(log, "ann le", T0 - 20 * MINUTE)
    record_failure(log, "Ann Le ", T0 - 12 * MINUTE)
    record_failure(log, "Mallory", T0 - 15 * MINUTE)
    return data


def snapshot(data: Path, now: dt.datetime = T0) -> ClassSnapshot:
    return class_snapshot(data, now, PLUS2, alive)


def line(shot: ClassSnapshot, name: str):  # type: ignore[no-untyped-def]
    return next(student for student in shot.students if student.name == name)


# ---------------------------------------------------------------------------------------- the snapshot


def test_the_snapshot_has_every_student_of_the_roster_and_those_signed_in(data: Path) -> None:
    shot = snapshot(data)
    assert [(s.name, s.on_roster) for s in shot.students] == [
        ("Ann Lee", True),
        ("Bob Roe", True),
        ("Cy", True),
        ("Dee", False),
    ]
    assert shot.has_roster and shot.problems == () and shot.taken == T0 and shot.day_started == DAY_START
    # Signed in: live sessions only; a dead process's or a stale file's student is not.
    assert [s.signed_in for s in shot.students] == [T0 - 10 * MINUTE, None, None, T0 - 5 * MINUTE]
    assert shot.signed_in == 2


def test_answers_and_accuracy_count_today_from_4_am_local(data: Path) -> None:
    shot = snapshot(data)
    ann, bob, cy = line(shot, "Ann Lee"), line(shot, "Bob Roe"), line(shot, "Cy")
    assert (ann.answers, ann.right, ann.accuracy) == (3, 1, pytest.approx(1 / 3))  # partial credit is not right
    assert (bob.answers, bob.right, bob.accuracy) == (1, 1, 1.0)  # answered at 04:00 local exactly: today
    assert (cy.answers, cy.accuracy) == (0, None)
    # The boundary is 4 AM where the view runs: in UTC, today began at 04:00 UTC, after Bob's answer.
    in_utc = class_snapshot(data, T0, UTC, alive)
    assert in_utc.day_started == T0.replace(hour=4)
    assert (line(in_utc, "Ann Lee").answers, line(in_utc, "Bob Roe").answers) == (3, 0)
    # At 03:59 local the study day is still yesterday's, which began at 04:00 local the day before.
    assert snapshot(data, DAY_START - MINUTE).day_started == DAY_START - dt.timedelta(days=1)


def test_the_exam_in_progress_has_its_clock(data: Path) -> None:
    shot = snapshot(data)
    ann, bob = line(shot, "Ann Lee").exam, line(shot, "Bob Roe").exam
    assert ann is not None and bob is not None
    assert (ann.deck_id, ann.started, ann.deadline) == ("class-test", T0 - 5 * MINUTE, T0 + 10 * MINUTE)
    assert ann.left(T0) == 10 * MINUTE and ann.left(T0 + 11 * MINUTE) == dt.timedelta(0)
    assert (bob.deck_id, bob.deadline, bob.left(T0), bob.elapsed(T0)) == ("other", None, None, 7 * MINUTE)
    assert line(shot, "Cy").exam is None


def test_the_last_submitted_exam_is_the_latest_results_file_of_the_student(data: Path) -> None:
    shot = snapshot(data)
    last = line(shot, "Ann Lee").last_submitted
    assert last is not None
    assert (last.deck_id, last.score, last.max_score, last.percent) == ("class-test", 3, 4, 75)
    assert last.written == T0 - dt.timedelta(hours=1)
    assert line(shot, "Bob Roe").last_submitted is None
    assert shot.exams == ("class-test",)


def test_failed_sign_ins_today_by_name_latest_first(data: Path) -> None:
    shot = snapshot(data)
    assert [(f.name, f.count, f.latest) for f in shot.failures] == [
        ("Ann Le ", 2, T0 - 12 * MINUTE),  # "ann le" and "Ann Le ": one name; the one of yesterday not counted
        ("Mallory", 1, T0 - 15 * MINUTE),
    ]


def test_the_snapshot_only_reads(data: Path) -> None:
    folder = sessions_dir(data)
    before = sorted(path.name for path in folder.iterdir())
    database = data / DATABASE_NAME
    stamp = database.stat().st_mtime_ns
    snapshot(data)
    assert sorted(path.name for path in folder.iterdir()) == before  # the stale sessions are serve's to remove
    assert database.stat().st_mtime_ns == stamp


def test_a_student_answering_is_not_held_up_and_the_view_sees_what_is_committed(data: Path) -> None:
    store = Store.open(data / DATABASE_NAME)
    with store.transaction() as db:  # a student's answer being written, not yet committed
        db.execute("UPDATE reviews SET score = 0")
        shot = snapshot(data)  # WAL: the view reads the last committed state, without waiting
        assert line(shot, "Ann Lee").right == 1
        db.execute("DELETE FROM reviews")
    assert line(snapshot(data), "Ann Lee").answers == 0
    store.close()


def test_without_a_roster_those_signed_in_are_the_class(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sign_in(data, "Ann Lee", T0 - MINUTE, 101)
    shot = snapshot(data)
    assert not shot.has_roster and shot.problems == ()
    assert [(s.name, s.on_roster, s.answers, s.exam, s.last_submitted) for s in shot.students] == [
        ("Ann Lee", False, 0, None, None)
    ]
    assert shot.failures == () and shot.exams == ()


def test_damaged_files_are_left_out_and_the_rest_is_shown(data: Path) -> None:
    (sessions_dir(data) / "0123456789abcdef.json").write_text('{"pid": 101, "student": "Mallory"')
    (results_dir(data) / "broken.json").write_text("not JSON")
    (results_dir(data) / "other.json").write_text(json.dumps({"format": 1, "deck": {"id": "x"}}))
    with failures_path(data).open("ab") as log:
        log.write(b'garbage\n{"time": "yesterday", "name": "x"}\n\xff\xfe\n{"name": 3}\n')
    shot = snapshot(data)
    assert [s.name for s in shot.students] == ["Ann Lee", "Bob Roe", "Cy", "Dee"]
    assert line(shot, "Ann Lee").last_submitted is not None and shot.exams == ("class-test",)
    assert [f.count for f in shot.failures] == [2, 1] and shot.problems == ()
    assert (sessions_dir(data) / "0123456789abcdef.json").exists()  # not removed: the view only reads


def test_an_unreadable_roster_or_store_is_said_and_the_rest_is_shown(data: Path) -> None:
    roster_path(data).write_text("{")
    (data / DATABASE_NAME).write_bytes(b"not a database at all" * 10)
    for suffix in ("-wal", "-shm"):
        (data / (DATABASE_NAME + suffix)).unlink(missing_ok=True)
    shot = snapshot(data)
    assert len(shot.problems) == 2
    assert "the roster cannot be read" in shot.problems[0] and "roster.json" in shot.problems[0]
    assert (
        "not a quizapp progress database" in shot.problems[1] and "answers and exams are not shown" in shot.problems[1]
    )
    assert [(s.name, s.answers) for s in shot.students] == [("Ann Lee", 0), ("Dee", 0)]  # those signed in
    assert line(shot, "Ann Lee").last_submitted is not None


def test_a_results_file_is_read_again_once_it_changes(data: Path) -> None:
    path = next(results_dir(data).glob("*.json"))
    snapshot(data)
    document = json.loads(path.read_text())
    document["student"], document["score"] = "Cy", 2
    path.write_text(json.dumps(document))
    os.utime(path, (T0.timestamp(), T0.timestamp()))
    last = line(snapshot(data), "Cy").last_submitted
    assert last is not None and last.score == 2


# ---------------------------------------------------------------------------------------- the screen


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A class whose sessions belong to this very process (alive for the screen's real check), with the
    deck its results are of, in relative paths (no temporary path in an image)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    ALIVE.add(os.getpid())
    data = Path("data")
    (data / "decks").mkdir(parents=True)
    (data / "decks" / "class-test.toml").write_text(DECK)
    write_roster(roster_path(data), add_students(Roster(), ["Ann Lee", "Bob Roe", "Cy", "[bold]Eve[/x]"])[0])
    sign_in(data, "Ann Lee", T0 - 10 * MINUTE, os.getpid())
    sign_in(data, "[bold]Eve[/x]", T0 - 2 * MINUTE, os.getpid())
    store = Store.open(data / DATABASE_NAME)
    for minutes, score in ((30, 1.0), (20, 1.0), (10, 0.0), (5, 1.0)):
        answer(store, "Ann Lee", T0 - minutes * MINUTE, score)
    begin_exam(store, "Ann Lee", "class-test", T0 - 5 * MINUTE, 15)
    begin_exam(store, "[bold]Eve[/x]", "[i]deck[/i]", T0 - 90 * MINUTE, None)
    store.close()
    results(data, "Bob Roe", "class-test", ("A", "Paris"), 4, T0 - dt.timedelta(hours=1))
    results(data, "Cy", "class-test", ("B", "paris"), 3, T0 - dt.timedelta(minutes=50))
    record_failure(failures_path(data), "[red]bob[/red]", T0 - 4 * MINUTE)
    return data


def watch_app(data: Path, clock: FakeClock | None = None):  # type: ignore[no-untyped-def]
    return build_app(data, "default", Start("watch"), clock or FakeClock(T0), UTC, 7)


async def watching(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the view shows its first look."""
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if type(screen).__name__ == "WatchScreen" and screen.snapshot is not None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(app) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#watch-table")
    return {str(row.key.value): [cell.plain for cell in table.get_row(row.key)] for row in table.ordered_rows}


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the terminal shows, as text (from the screenshot: every character as drawn)."""
    import html

    svg = app.export_screenshot()
    lines = re.findall(r'<text class="[^"]*" x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</text>', svg)
    by_row: dict[float, str] = {}
    for y, text in lines:
        by_row[float(y)] = by_row.get(float(y), "") + html.unescape(text).replace("\xa0", " ")
    return "\n".join(by_row[y] for y in sorted(by_row))


async def test_the_view_shows_a_row_per_student(served: Path) -> None:
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        assert rows(app) == {
            "ann lee": ["Ann Lee", "since 08:50", "4", "75%", "class-test", "10:00 left", ""],
            "bob roe": ["Bob Roe", "no", "0", "-", "", "", "class-test 4/4 (100%)"],
            "cy": ["Cy", "no", "0", "-", "", "", "class-test 3/4 (75%)"],
            "[bold]eve[/x]": ["[bold]Eve[/x]", "since 08:58", "0", "-", "[i]deck[/i]", "1:30:00 elapsed", ""],
        }
        status = str(app.screen.query_one("#watch-status").render())
        assert "4 students · 2 signed in · today from 04:00 · updated 09:00:00" in status
        failures = str(app.screen.query_one("#watch-failures").render())
        assert failures == "Failed sign-ins today: 1\n  [red]bob[/red]  ×1, the last at 08:56:00"


async def test_names_and_decks_from_files_are_shown_literally(served: Path) -> None:
    record_failure(failures_path(served), "x\x1b[2Jy\nz", T0 - MINUTE)  # an escape, a line break
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        text = screen_text(app)
        for literal in ("[bold]Eve[/x]", "[i]deck[/i]", "[red]bob[/red]", "  x\\x1b[2Jy\\nz  ×1, the last at 08:59:00"):
            assert literal in text


async def test_a_refresh_picks_up_a_new_sign_in_and_a_new_answer(served: Path) -> None:
    clock = FakeClock(T0)
    app = watch_app(served, clock)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        assert rows(app)["cy"][:4] == ["Cy", "no", "0", "-"]
        clock.advance(minutes=1)
        sign_in(served, "Cy", clock.now, os.getpid())
        store = Store.open(served / DATABASE_NAME)
        answer(store, "Cy", clock.now, 1.0)
        store.close()
        app.screen.refresh_snapshot()
        await watching(pilot)
        assert rows(app)["cy"][:4] == ["Cy", "since 09:01", "1", "100%"]
        assert rows(app)["ann lee"][5] == "09:00 left"  # the clock moved on with it


async def test_the_timer_looks_again_by_itself(served: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizapp.tui.screens.watch import WatchScreen

    monkeypatch.setattr(WatchScreen, "REFRESH_SECONDS", 0.05)
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        table = app.screen.query_one("#watch-table")
        table.move_cursor(row=2)
        sign_in(served, "Bob Roe", T0, os.getpid())
        for _ in range(100):
            await pilot.pause(0.02)
            if rows(app)["bob roe"][1] == "since 09:00":
                break
        assert rows(app)["bob roe"][1] == "since 09:00"
        assert table.cursor_row == 2  # the teacher's place in the table stays


async def test_r_opens_the_class_report_and_escape_comes_back(served: Path) -> None:
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "ReportScreen"
        text = str(app.screen.query_one("#watch-report-text").render())
        assert "Class report: Class test  (2 attempts)" in text
        assert "Bob Roe" in text and "Cy" in text and "Cronbach's alpha" in text
        # Re-graded with the teacher's deck: Cy's "B" is wrong, "paris" right (3 of 4), Bob's all right.
        assert re.search(r"Bob Roe\s*│\s*4 / 4\s*│\s*100", text) and re.search(r"Cy\s*│\s*3 / 4\s*│\s*75", text)
        await pilot.press("pagedown", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WatchScreen"


async def test_with_several_exams_r_asks_which(served: Path) -> None:
    results(served, "Ann Lee", "[b]other", ("A", "Paris"), 4, T0 - MINUTE)
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamPicker"
        assert "[b]other" in screen_text(app)  # the latest submitted first, shown literally
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WatchScreen"
        await pilot.press("r", "down", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "ReportScreen"
        assert "Class report: Class test" in str(app.screen.query_one("#watch-report-text").render())
        await pilot.press("escape", "r", "enter")  # the first: a deck this machine does not have
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.screen.query_one("#watch-report-text").render())
        assert text.startswith('No class report of [b]other: no deck "[b]other" was found')


async def test_the_keys_are_in_the_footer_and_the_help_and_q_quits(served: Path) -> None:
    app = watch_app(served)
    async with app.run_test(size=(110, 30)) as pilot:
        await watching(pilot)
        assert "Class report" in screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Class report" in screen_text(app) and type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


def test_the_view_looks_right(served: Path, snap_compare) -> None:
    assert snap_compare(watch_app(served), terminal_size=(100, 24), run_before=watching)


# ---------------------------------------------------------------------------------------- the command


def test_class_watch_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["class", "watch", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert out.startswith("usage: quizapp class watch") and "who is signed in" in " ".join(out.split())


@pytest.mark.parametrize("kind", ["missing", "file", "no class"])
def test_class_watch_refuses_a_data_directory_without_a_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    data = tmp_path / "data"
    if kind == "file":
        data.write_text("")
    elif kind == "no class":
        (data / "results").mkdir(parents=True)
    assert main(["--data-dir", str(data), "class", "watch"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quizapp: error: ")
    expected = {"missing": "no data directory", "file": "is a file, not a folder", "no class": "holds no class"}
    assert expected[kind] in err
    assert not (data / DATABASE_NAME).exists() and not (tmp_path / "data" / "class").exists()
