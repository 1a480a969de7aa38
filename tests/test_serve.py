"""`quizapp serve` as students reach it: a real server on a free loopback port, opened by browsers
that speak textual-serve's protocol (tests/serve_client.py), the screen read as text."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import aiohttp
from serve_client import ServedPage, free_port, no_sessions_left, quizapp_command, served

from quizapp.classroom.joincodes import shown
from quizapp.classroom.roster import Roster, add_students, renew_codes, roster_path, write_roster
from quizapp.classroom.sessions import SUPERSEDED
from quizapp.classroom.signin import MISMATCH, failures_path

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)
WAITING = re.compile(r"Please wait \d+ seconds? before trying this name again")


def flat(text: str) -> str:
    """The screen's words in order, without box and border characters: a message wrapped over two
    lines of a box reads as one."""
    return " ".join(re.sub(r"[\u2500-\u259f]", " ", text).split())


def showing(wanted: str | re.Pattern[str]):  # type: ignore[no-untyped-def]
    """A test of the screen's text: it shows `wanted` (words wrapped over lines still count)."""

    def check(text: str) -> bool:
        words = flat(text)
        return bool(wanted.search(words)) if isinstance(wanted, re.Pattern) else wanted in words

    check.__name__ = str(getattr(wanted, "pattern", wanted))
    return check


def not_showing(wanted: str | re.Pattern[str]):  # type: ignore[no-untyped-def]
    """A test of the screen's text: it no longer shows `wanted`."""
    shows = showing(wanted)

    def check(text: str) -> bool:
        return not shows(text)

    check.__name__ = f"no {shows.__name__}"
    return check


async def test_without_a_roster_a_name_typed_at_once_lands_in_the_box_and_opens_that_profile(tmp_path: Path) -> None:
    async with served(tmp_path / "data") as server:
        async with aiohttp.ClientSession() as session, session.get(server.url + "/") as response:
            assert response.status == 200 and "quizapp" in await response.text()
        async with ServedPage.open(server.url) as browser:
            await browser.wait_for("What is your name?")
            # Typed the moment the question shows: no tab, no click (the focus bug of issue #17).
            await browser.type("Ann Lee")
            await browser.wait_for("Ann Lee")  # in the box: the only place it can be yet
            await browser.press("enter")
            home = await browser.wait_for("North Korea and Russia")  # the home screen, with the bundled decks
            assert "profile: Ann Lee" in home
        assert "each browser asks the student's name" in server.output()


def class_roster(data_dir: Path) -> dict[str, str]:
    """A roster of three in `data_dir`: Ann Lee and Bob Roe with codes (returned), Cyd Quist without."""
    roster, codes = renew_codes(add_students(Roster(), ["Ann Lee", "Bob Roe"])[0], None, NOW)
    roster = add_students(roster, ["Cyd Quist"])[0]
    write_roster(roster_path(data_dir), roster)
    return dict(codes)


def wrong_code(right: str) -> str:
    """A code of the right shape that is not `right`."""
    return "ACDE-FHJK" if shown(right) != "ACDE-FHJK" else "MNPR-TUWX"


async def test_with_a_roster_students_sign_in_with_name_and_code_and_wrong_codes_slow_the_name_down(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    codes = class_roster(data)
    others = ("Bob", "Roe", "Cyd", "Quist")
    screens: list[str] = []

    async def expect(browser: ServedPage, wanted, timeout: float = 10) -> str:  # type: ignore[no-untyped-def]
        text = await browser.wait_for(wanted, timeout)
        screens.append(text)
        return text

    async with served(data) as server, ServedPage.open(server.url) as ann, ServedPage.open(server.url) as other:
        await expect(ann, showing("Sign in to your class"))
        text = await expect(other, showing("Sign in to your class"))
        assert "name" in text and "join code" in text

        # A wrong code, typed at once: the name lands in its box, enter goes on to the code.
        await ann.type("Ann Lee")
        await ann.press("enter")
        await ann.type(wrong_code(codes["Ann Lee"]))
        await ann.press("enter")
        await expect(ann, showing(MISMATCH))

        # Once the first wait (1 s) is over, a second wrong code: the wait grows.
        await expect(ann, not_showing(WAITING), timeout=5)
        await ann.type(wrong_code(codes["Ann Lee"]))
        await ann.press("enter")
        text = await expect(ann, showing(re.compile(r"Please wait [2-4] seconds before trying this name again")))
        assert MISMATCH in flat(text)

        # The wait holds in another browser (another app process) too, for the name in any case. This
        # student clicked the page first (the page then sends "focus"): the name box has the focus too.
        await other.focus()
        await other.type("ann lee")
        await other.press("enter")
        await other.type(wrong_code(codes["Ann Lee"]))
        await other.press("enter")
        await expect(other, showing(WAITING))

        logged = [json.loads(line) for line in failures_path(data).read_text(encoding="utf-8").splitlines()]
        assert [entry["name"] for entry in logged][:2] == ["Ann Lee", "Ann Lee"]

        # The wait over, the right code: Ann's own home screen, as the roster spells her name.
        await expect(ann, not_showing(WAITING), timeout=10)
        await ann.type(codes["Ann Lee"].lower())  # in small letters, without the dash: still hers
        await ann.press("enter")
        home = await expect(ann, "North Korea and Russia")
        assert "profile: Ann Lee" in home

        # On the home screen, no way to another profile: `w` (Switch profile) does nothing.
        await ann.press("w")
        text = await ann.settle()
        assert "Who is studying?" not in text and "profile: Ann Lee" in text
        screens.append(text)

    assert not any(name in screen for screen in screens for name in others), "another student's name was shown"
    assert "students sign in with their name and join code" in server.output()


def test_serve_refuses_a_host_open_to_others_without_a_roster(tmp_path: Path) -> None:
    port = str(free_port())
    done = subprocess.run(
        [*quizapp_command(), "--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    message = done.stderr
    assert message.startswith("quizapp: error: --host 0.0.0.0 opens quizapp to other machines")
    assert "quizapp class add NAME..." in message and "quizapp class codes" in message


# ---------------------------------------------------------------------------------------- the limits


async def test_past_max_students_a_browser_is_told_the_class_is_full_until_a_place_is_freed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with served(data, "--max-students", "1") as server:
        async with ServedPage.open(server.url) as first:
            await first.wait_for("What is your name?")
            async with ServedPage.open(server.url) as second:
                text = await second.wait_for(showing("The class is full (1 student). Ask your teacher."))
                assert "What is your name?" not in text
            # The first goes on as before.
            await first.type("Ann Lee")
            await first.press("enter")
            await first.wait_for("North Korea and Russia")
        await no_sessions_left(data)  # the first browser left: its place is free
        async with ServedPage.open(server.url) as third:
            await third.wait_for("What is your name?")
    output = server.output()
    assert "at most 1 browsers at once (--max-students)" in output
    assert "a browser was turned away: the class is full (1 student, --max-students)" in output


async def test_a_student_signed_in_from_a_second_browser_ends_the_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    codes = class_roster(data)

    async def sign_in(browser: ServedPage) -> None:
        await browser.wait_for(showing("Sign in to your class"))
        await browser.type("Ann Lee")
        await browser.press("enter")
        await browser.type(codes["Ann Lee"])
        await browser.press("enter")
        await browser.wait_for("profile: Ann Lee")

    async with served(data) as server, ServedPage.open(server.url) as here, ServedPage.open(server.url) as there:
        await sign_in(here)
        await sign_in(there)
        await here.wait_for(showing(SUPERSEDED))
        await there.wait_for(showing("You were signed in elsewhere too"))
        await there.press("down")  # the newer goes on
        text = await there.settle()
        assert "profile: Ann Lee" in text and "North Korea and Russia" in text
    assert "Ann Lee: signed in again elsewhere; the older session was closed" in server.output()


async def test_a_browser_idle_for_the_limit_is_closed_with_its_answers_saved(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # 0.05 minutes: 3 seconds, for a test that cannot wait half an hour.
    async with served(data, "--idle-minutes", "0.05") as server, ServedPage.open(server.url) as browser:
        await browser.wait_for("What is your name?")
        await browser.type("Ann Lee")
        await browser.press("enter")
        await browser.wait_for("North Korea and Russia")
        await browser.wait_for(
            showing(
                "Closed after 3 seconds without activity; your answers are saved. Reload the page to sign in again."
            )
        )
        await no_sessions_left(data)
    assert "Ann Lee: closed after 3 seconds without activity (--idle-minutes)" in server.output()


async def test_behind_a_proxy_the_page_connects_back_through_the_public_address(tmp_path: Path) -> None:
    """What the browser is given by a real server with --public-url: the address of the WebSocket it
    opens goes through the TLS proxy (wss://...), not to 127.0.0.1, where a home computer cannot reach."""
    data = tmp_path / "data"
    class_roster(data)
    async with (
        served(data, "--public-url", "https://quiz.school.example") as server,
        aiohttp.ClientSession() as session,
        session.get(server.url + "/") as response,
    ):
        page = await response.text()
    assert 'data-session-websocket-url="wss://quiz.school.example/ws"' in page
    assert "127.0.0.1" not in page
