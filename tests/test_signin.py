"""Signing in to `quizapp serve`: the check of a name and code, the growing waits after failures and
their log (shared by the app processes of all browsers), the rule for `--host`, and the sign-in
screen (Pilot, with a fake clock). The server itself, as browsers reach it: tests/test_serve.py."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import FUZZ
from hypothesis import given
from hypothesis import strategies as st
from serve_client import FakeServer
from textual.widgets import Input, Static
from tui_support import FakeClock, loaded, make_app

from quizapp.classroom.joincodes import shown
from quizapp.classroom.roster import Roster, add_students, renew_codes, roster_path, write_roster
from quizapp.classroom.signin import (
    LONGEST_WAIT,
    MISMATCH,
    REMEMBERED,
    SignInDesk,
    check_serving,
    failure_line,
    failures_path,
    is_loopback,
    read_failures,
    record_failure,
    served_sign_in,
    wait_after,
    wait_text,
)
from quizapp.cli import main
from quizapp.problems import UserError
from quizapp.tui.app import Start

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture(scope="module")
def class_codes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Roster, dict[str, str]]:
    """Ann Lee and Bob with codes, Cy without (codes made once: each takes some 40 ms on purpose)."""
    roster, codes = renew_codes(add_students(Roster(), ["Ann Lee", "Bob"])[0], None, T0)
    return add_students(roster, ["Cy"])[0], dict(codes)


@pytest.fixture
def data(tmp_path: Path, class_codes: tuple[Roster, dict[str, str]]) -> Path:
    """A data directory with that roster."""
    write_roster(roster_path(tmp_path / "data"), class_codes[0])
    return tmp_path / "data"


def wrong(code: str) -> str:
    return "ACDE-FHJK" if shown(code) != "ACDE-FHJK" else "MNPR-TUWX"


def test_waits_double_from_one_second_up_to_a_minute() -> None:
    waits = [wait_after(count).total_seconds() for count in range(10)]
    assert waits == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert wait_after(10_000) == LONGEST_WAIT


def test_a_wrong_pair_is_one_message_logged_and_slows_that_name_down(
    data: Path, class_codes: tuple[Roster, dict[str, str]]
) -> None:
    codes = class_codes[1]
    clock = FakeClock(T0)
    desk = SignInDesk(data, clock)
    first = desk.attempt("Ann Lee", wrong(codes["Ann Lee"]))
    assert first.student is None and first.problem == MISMATCH and first.retry_at == T0 + SECOND
    assert wait_text(first.retry_at, T0) == "Please wait 1 second before trying this name again."
    # Too soon: refused without a check, even with the right code, and not logged as a failure.
    clock.advance(seconds=0.5)
    early = desk.attempt("ann lee", codes["Ann Lee"])
    assert (early.student, early.problem, early.retry_at) == (None, None, T0 + SECOND)
    assert len(read_failures(failures_path(data), T0 - REMEMBERED)) == 1
    # Each failure doubles the next wait.
    clock.advance(seconds=0.5)
    second = desk.attempt("ANN LEE ", wrong(codes["Ann Lee"]))
    assert second.problem == MISMATCH and second.retry_at == clock.now + 2 * SECOND
    assert wait_text(second.retry_at, clock.now) == "Please wait 2 seconds before trying this name again."
    assert wait_text(second.retry_at, clock.now + 1.5 * SECOND) == "Please wait 1 second before trying this name again."
    assert wait_text(second.retry_at, second.retry_at) is None
    # Another name is not slowed down by Ann's failures.
    assert desk.retry_at("Bob") is None
    assert desk.attempt("Bob", codes["Bob"]).student == "Bob"
    # The wait over, the right code (any case, no dash, spaces around the name): the roster's spelling.
    clock.advance(seconds=2)
    assert desk.attempt("  ann LEE ", codes["Ann Lee"].lower()).student == "Ann Lee"
    logged = [json.loads(line) for line in failures_path(data).read_text(encoding="utf-8").splitlines()]
    assert logged == [
        {"time": "2026-11-27T09:00:00.000Z", "name": "Ann Lee"},
        {"time": "2026-11-27T09:00:01.000Z", "name": "ANN LEE "},
    ]
    if sys.platform != "win32":
        assert failures_path(data).stat().st_mode & 0o777 == 0o600


def test_names_not_on_the_roster_and_students_without_a_code_fare_exactly_alike(
    data: Path, class_codes: tuple[Roster, dict[str, str]]
) -> None:
    code = class_codes[1]["Ann Lee"]
    for name in ("Zed", "Cy", "Ann Lee"):
        clock = FakeClock(T0)
        outcomes = []
        for _ in range(3):
            outcome = SignInDesk(data, clock).attempt(name, wrong(code) if name == "Ann Lee" else code)
            outcomes.append((outcome.student, outcome.problem, outcome.retry_at - clock.now))
            clock.advance(seconds=outcome.retry_at.timestamp() - clock.now.timestamp())
        assert outcomes == [(None, MISMATCH, SECOND), (None, MISMATCH, 2 * SECOND), (None, MISMATCH, 4 * SECOND)]
        failures_path(data).unlink()


def test_a_code_of_the_wrong_shape_is_refused_without_a_check(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check takes as long for any name (scrypt either way): one not made at all cannot tell names apart."""

    def no_check(*_: object) -> bool:
        raise AssertionError("checked")

    monkeypatch.setattr("quizapp.classroom.signin.check_code", no_check)
    for name in ("Ann Lee", "Zed"):
        assert SignInDesk(data, FakeClock(T0)).attempt(name, "not a code!").problem == MISMATCH
        assert read_failures(failures_path(data), T0 - REMEMBERED)[-1].name == name
        failures_path(data).unlink()


def test_empty_fields_are_asked_for_and_never_logged(data: Path) -> None:
    desk = SignInDesk(data, FakeClock(T0))
    assert desk.attempt("  ", "ACDE-FHJK").problem == "Type your name, as it is on your card."
    assert desk.attempt("Ann Lee", " ").problem == "Type your join code too: it is on your card."
    assert not failures_path(data).exists()


def test_failures_are_forgotten_after_a_while(data: Path) -> None:
    log = failures_path(data)
    for minutes in range(8):  # a wait of a minute, if they all counted
        record_failure(log, "Ann Lee", T0 + dt.timedelta(minutes=minutes))
    later = T0 + dt.timedelta(minutes=7, seconds=1)
    assert SignInDesk(data, FakeClock(later)).retry_at("Ann Lee") == T0 + dt.timedelta(minutes=8)
    # A quarter of an hour after the 7th, only the 8th counts: one second after it, long over.
    much_later = T0 + dt.timedelta(minutes=7) + REMEMBERED
    assert SignInDesk(data, FakeClock(much_later)).retry_at("Ann Lee") is None


def test_the_log_is_read_as_untrusted_input(data: Path) -> None:
    log = failures_path(data)
    record_failure(log, "Ann Lee", T0)
    with open(log, "ab") as file:
        file.write(b'not json\n{"time": "yesterday", "name": "Ann Lee"}\n[1, 2]\n\xff\xfe\n{"name": 5}\n')
        file.write(b'{"time": "2026-11-27T09:00:00", "name": "Ann Lee"}\n')  # no zone: not ours
        file.write(b'{"time": "0001-01-01T00:00:00+01:00", "name": "Ann Lee"}\n')  # before year 1 in UTC
        file.write(b"[" * 5000 + b"\n")
    record_failure(log, "ann lee", T0 + SECOND)
    with open(log, "ab") as file:
        file.write(b'{"time": "2026-11-27T09:00:0')  # a line cut short
    assert [failure.name for failure in read_failures(log, T0 - REMEMBERED)] == ["Ann Lee", "ann lee"]
    assert SignInDesk(data, FakeClock(T0 + SECOND)).retry_at("Ann Lee") == T0 + 3 * SECOND


def test_a_failure_logged_in_the_future_waits_no_longer_than_a_minute(data: Path) -> None:
    """A clock set back (or a hand-edited log) never locks a name out for longer than the longest wait."""
    for _ in range(3):
        record_failure(failures_path(data), "Ann Lee", T0 + dt.timedelta(days=365))
    assert SignInDesk(data, FakeClock(T0)).retry_at("Ann Lee") == T0 + LONGEST_WAIT


def test_only_the_logs_tail_is_read(tmp_path: Path) -> None:
    log = tmp_path / "class" / "signin-failures.jsonl"
    for second in range(200):
        record_failure(log, f"name {second}", T0 + second * SECOND)
    tail = read_failures(log, T0, max_bytes=1000)
    assert 10 < len(tail) < 30 and tail[-1].name == "name 199"
    assert [failure.name for failure in tail] == [f"name {n}" for n in range(200 - len(tail), 200)]


def test_a_logged_line_is_one_short_line_whatever_was_typed() -> None:
    line = failure_line("Ann\n\x1b[2J\x9b31m\u2028" + "x" * 500, T0)
    assert line.endswith(b"\n") and line.count(b"\n") == 1 and len(line) < 400
    assert b"\x1b" not in line and "\x9b".encode() not in line and "\u2028".encode() not in line
    assert json.loads(line)["name"].startswith("Ann\n\x1b[2J\x9b31m\u2028x")


def _append_many(log: str, writer: int, count: int) -> None:
    for index in range(count):
        record_failure(Path(log), f"writer {writer} try {index} " + "x" * (writer * 20), T0)


@pytest.mark.skipif(sys.platform == "win32", reason="O_APPEND's guarantee is POSIX's")
def test_appends_from_many_processes_at_once_stay_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "class" / "signin-failures.jsonl"
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    writers = [context.Process(target=_append_many, args=(str(log), writer, 40)) for writer in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    lines = log.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 4 * 40 + 1
    names = [json.loads(line)["name"] for line in lines[:-1]]
    assert sorted(names) == sorted(f"writer {w} try {i} " + "x" * (w * 20) for w in range(4) for i in range(40))


def test_a_log_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    log = tmp_path / "class" / "signin-failures.jsonl"
    log.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(UserError, match="cannot log a failed sign-in in"):
        record_failure(log, "Ann", T0)


@given(st.binary(max_size=400))
@FUZZ
def test_any_log_content_reads_without_a_traceback(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.jsonl"
        log.write_bytes(content)
        for failure in read_failures(log, T0 - REMEMBERED):
            assert failure.moment.tzinfo is not None and isinstance(failure.name, str)


# ---------------------------------------------------------------------------------------- serving


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"])
def test_loopback_hosts_serve_without_a_roster(host: str, tmp_path: Path) -> None:
    assert is_loopback(host)
    assert check_serving(Roster(), host, tmp_path) is False


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "example.org", "", "127.0.0.1.nip.io"])
def test_other_hosts_need_a_roster(host: str, tmp_path: Path) -> None:
    assert not is_loopback(host)
    with pytest.raises(UserError, match=r"quizapp class add NAME\.\.\. then: quizapp class codes") as refused:
        check_serving(Roster(), host, tmp_path)
    assert refused.value.code == 2
    assert check_serving(add_students(Roster(), ["Ann"])[0], host, tmp_path) is True


def test_a_served_app_reads_the_roster_as_it_opens(tmp_path: Path) -> None:
    assert served_sign_in(tmp_path, open_to_network=False) is False
    with pytest.raises(UserError, match="open to other machines"):
        served_sign_in(tmp_path, open_to_network=True)
    write_roster(roster_path(tmp_path), add_students(Roster(), ["Ann"])[0])
    assert served_sign_in(tmp_path, open_to_network=True) is True


def test_serve_tells_its_browsers_whether_signing_in_is_the_only_way_in(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeServer.install(monkeypatch)
    FakeServer.commands.clear()
    assert main(["--data-dir", str(data), "serve", "--host", "0.0.0.0"]) == 0
    out = capsys.readouterr().out
    assert FakeServer.commands[-1].endswith(f"--data-dir {data} --ask-student --sign-in-only --idle-minutes 30")
    assert "students sign in with their name and join code (3 on the roster)" in out
    assert f"failed sign-ins are logged in {failures_path(data)}" in out
    assert "1 cannot sign in yet, having no join code (Cy); make theirs with: quizapp class codes NAME..." in out
    # On this machine only, and without a roster: a name is asked, as before.
    alone = tmp_path / "alone"
    assert main(["--data-dir", str(alone), "serve"]) == 0
    assert FakeServer.commands[-1].endswith("--ask-student --idle-minutes 30")
    assert "no class roster: each browser asks the student's name (this machine only)" in capsys.readouterr().out


def test_class_list_counts_the_failed_sign_ins_of_the_last_day(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUIZAPP_DATA_DIR", raising=False)
    assert main(["--data-dir", str(data), "class", "list"]) == 0
    assert "failed sign-in" not in capsys.readouterr().err
    now = dt.datetime.now(dt.timezone.utc)
    for moment in (now - dt.timedelta(days=2), now - dt.timedelta(hours=1), now):
        record_failure(failures_path(data), "Zed", moment)
    assert main(["--data-dir", str(data), "class", "list"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("STUDENT") and "Zed" not in out
    assert err == f"2 failed sign-ins in the last 24 hours; each is logged in {failures_path(data)}\n"


# ---------------------------------------------------------------------------------------- the screen


def text_of(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector).render())


async def test_the_sign_in_screen_signs_a_student_in_as_the_roster_spells_them(
    data: Path, class_codes: tuple[Roster, dict[str, str]]
) -> None:
    codes = class_codes[1]
    clock = FakeClock(T0)
    app = make_app(data, Start("serve"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert type(app.screen).__name__ == "SignInScreen" and app.profile is None and app.sub_title == ""
        assert app.focused is app.screen.query_one("#signin-name", Input)
        # Typed ahead in one go: the name, enter (on to the code), a wrong code, enter.
        await pilot.press(*"ann lee", "enter", *wrong(codes["Ann Lee"]), "enter")
        await pilot.pause()
        assert text_of(app, "#signin-error") == MISMATCH
        assert text_of(app, "#signin-wait") == "Please wait 1 second before trying this name again."
        assert app.screen.query_one("#signin-code", Input).value == ""  # to be typed again
        assert app.focused is app.screen.query_one("#signin-code", Input)
        # The wait counts down on the app's clock, and is gone once over.
        clock.advance(seconds=1)
        await pilot.pause(0.4)
        assert text_of(app, "#signin-wait") == ""
        screen_text = text_of(app, "#signin-box")
        assert "Bob" not in screen_text and "Cy" not in screen_text
        await pilot.press(*codes["Ann Lee"], "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.profile.name == "Ann Lee" and app.sub_title == "profile: Ann Lee"
        assert app.store.profile_names() == ["Ann Lee"]  # no "default" made for the served app
        # No way to another profile: not by its key, not in the palette.
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Switch profile" not in titles and "Sit the selected deck's exam" in titles
        await pilot.press("question_mark")  # nor in the keys the help lists
        await pilot.pause()
        helped = str(app.screen.query(Static).first().render())
        assert type(app.screen).__name__ == "HelpScreen" and "Study all" in helped and "Profile" not in helped


async def test_a_wait_refuses_the_try_and_another_name_has_its_own(
    data: Path, class_codes: tuple[Roster, dict[str, str]]
) -> None:
    codes = class_codes[1]
    clock = FakeClock(T0)
    app = make_app(data, Start("serve"), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press(*"Ann Lee", "enter", *wrong(codes["Ann Lee"]), "enter")
        await pilot.pause()
        await pilot.press(*codes["Ann Lee"], "enter")  # the right code, too soon: refused unchecked
        await pilot.pause()
        assert type(app.screen).__name__ == "SignInScreen"
        assert text_of(app, "#signin-wait") == "Please wait 1 second before trying this name again."
        assert app.screen.query_one("#signin-code", Input).value == codes["Ann Lee"]  # kept, to try again
        # Another name: its own wait (none yet).
        await pilot.click("#signin-name")
        await pilot.press("end", *"x")
        await pilot.pause()
        assert text_of(app, "#signin-wait") == ""


async def test_a_served_app_with_no_roster_asks_a_name_and_never_offers_other_profiles(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", Start("serve"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert type(app.screen).__name__ == "NameScreen" and app.sub_title == ""
        assert app.focused is app.screen.query_one("#student-name", Input)
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot be empty" in text_of(app, "#profile-error")
        await pilot.press(*"Ann Lee", "enter")
        await pilot.pause()
        assert app.profile.name == "Ann Lee" and type(app.screen).__name__ == "HomeScreen"
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_served_app_open_to_others_without_a_roster_lets_nobody_in(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", Start("serve", sign_in_only=True))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if not app.is_running:
                break
    assert app.return_code == 1 and "signing in needs the class roster" in (app.error_message or "")
    assert app.profile is None


async def test_a_roster_that_cannot_be_read_at_sign_in_is_told_without_a_traceback(data: Path) -> None:
    app = make_app(data, Start("serve"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        roster_path(data).write_text("{damaged", encoding="utf-8")
        await pilot.press(*"Ann Lee", "enter", *"ACDE-FHJK", "enter")
        await pilot.pause()
        assert text_of(app, "#signin-error") == "Signing in does not work just now: please tell your teacher."
        assert type(app.screen).__name__ == "SignInScreen"


def test_serve_behind_a_proxy_gives_the_page_its_public_address_and_needs_a_roster(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --public-url, other machines reach the server through a TLS proxy even on 127.0.0.1: the
    page must connect back through that address, and the students must sign in."""
    FakeServer.install(monkeypatch)
    url = "https://quiz.school.example"
    empty = data / "empty"
    assert main(["--data-dir", str(empty), "serve", "--public-url", url]) == 2
    assert f"--public-url {url} opens quizapp to other machines" in capsys.readouterr().err
    write_roster(roster_path(empty), add_students(Roster(), ["Ann"])[0])
    assert main(["--data-dir", str(empty), "serve", "--public-url", url]) == 0
    assert FakeServer.public_urls[-1] == url and "--sign-in-only" in FakeServer.commands[-1]
    assert f"serving quizapp at {url}" in capsys.readouterr().out
