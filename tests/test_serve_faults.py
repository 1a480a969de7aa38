"""What goes wrong in a served class, through a real `quizapp serve` and browsers speaking its protocol
(issue #17, item 5): a browser closed mid-answer, a student's process killed, the server restarted.
Each student's app is forked from the server's fork server (quizapp/classroom/prefork.py)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from serve_client import ServedPage, no_sessions_left, served

from benchmarks.class_load import run_class, write_class
from quizapp.classroom.prefork import LAUNCHER
from quizapp.classroom.sessions import read_sessions, sessions_dir
from quizapp.study.store import DATABASE_NAME


def answers_in_store(data: Path, student: str, mode: str = "study") -> int:
    """The answers of `student` the store holds (read as the teacher's tools read it)."""
    with sqlite3.connect(f"file:{data / DATABASE_NAME}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT count(*) FROM reviews JOIN profiles ON profiles.id = reviews.profile_id "
            "WHERE profiles.name = ? AND mode = ?",
            (student, mode),
        ).fetchone()
    return int(row[0])


async def sign_in(page: ServedPage, name: str, code: str) -> None:
    await page.wait_for("Sign in to your class")
    await page.type(name)
    await page.press("enter")
    await page.type(code)
    await page.press("enter")
    await page.wait_for(f"profile: {name}")


async def answer(page: ServedPage) -> None:
    """Choose the first option, submit, see the feedback, go on to the next question."""
    await page.press("1")
    await page.wait_for("(•)")
    await page.press("enter")
    await page.wait_for("Why:")
    await page.press("enter")
    await page.wait_for(lambda text: "Why:" not in text)


async def app_process(data: Path, student: str) -> int:
    """The process of the app serving `student` (from its session file)."""
    for _ in range(100):
        records, _damaged = read_sessions(sessions_dir(data))
        for record in records:
            if record.student == student:
                return record.pid
        await asyncio.sleep(0.05)
    raise AssertionError(f"no session of {student}")


async def test_a_browser_closed_mid_answer_loses_none_of_the_answers_it_showed_as_given(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ((name, code),) = write_class(data, 1).items()
    async with served(data) as server:
        async with ServedPage.open(server.url) as page:
            await sign_in(page, name, code)
            await page.press("enter")  # the first deck: the class's
            await page.wait_for("Which place on the list")
            await answer(page)
            await answer(page)
            await page.press("1")  # a third chosen, not submitted: the tab is closed
            await page.wait_for("(•)")
        await no_sessions_left(data)  # the app ended with its browser
        assert answers_in_store(data, name) == 2
        async with ServedPage.open(server.url) as page:  # and the student carries on
            await sign_in(page, name, code)
            home = await page.wait_for("A class load test")
            row = next(line for line in home.splitlines() if "A class load test" in line)
            assert row.split()[4:7] == ["60", "58", "2"], row  # questions, new, learning


async def test_a_student_process_killed_ends_that_browser_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (first, first_code), (second, second_code) = write_class(data, 2).items()
    async with served(data) as server, ServedPage.open(server.url) as lost, ServedPage.open(server.url) as going_on:
        await sign_in(lost, first, first_code)
        await sign_in(going_on, second, second_code)
        for page in (lost, going_on):
            await page.press("enter")
            await page.wait_for("Which place on the list")
            await answer(page)
        os.kill(await app_process(data, first), signal.SIGKILL)
        await lost.wait_for("This session stopped unexpectedly. Every answer you gave is saved.")
        for _ in range(100):  # and the server closes the page
            if lost.closed:
                break
            await asyncio.sleep(0.05)
        assert lost.closed
        for _ in range(3):  # the other works on, every answer stored
            await answer(going_on)
        assert answers_in_store(data, second) == 4
        assert answers_in_store(data, first) == 1  # the killed one's committed answer is kept
        async with ServedPage.open(server.url) as again:  # and its student signs in again
            await sign_in(again, first, first_code)


async def test_after_a_server_restart_students_sign_in_again_and_take_up_their_exam(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ((name, code),) = write_class(data, 1).items()
    async with served(data) as server, ServedPage.open(server.url) as page:
        await sign_in(page, name, code)
        await page.press("x")  # the exam of the first deck
        await page.wait_for("Question 1 of 5")
        for number in (1, 2):
            await page.press("1")
            await page.wait_for("(•)")
            await page.press("enter")
            await page.wait_for(f"answered {number}")
        # The machine stops: every process of the server, the apps with it, killed at once.
        os.killpg(server.pid, signal.SIGKILL)
        for _ in range(100):
            if page.closed:
                break
            await asyncio.sleep(0.05)
        assert page.closed
    assert answers_in_store(data, name, "exam") == 2
    async with served(data) as server, ServedPage.open(server.url) as page:
        await sign_in(page, name, code)
        await page.press("x")
        await page.wait_for(re.compile(r"2 of 5 answered").search)
        await page.press("y")
        resumed = await page.wait_for("Question 3 of 5")
        assert "answered 2" in resumed


async def test_a_bad_request_to_the_fork_server_does_not_stop_it(tmp_path: Path) -> None:
    """Something else on the machine writing to the fork server's socket (private to its user, in a
    folder only they can open): the request is dropped, and the next browser is served."""
    data = tmp_path / "data"
    ((name, code),) = write_class(data, 1).items()
    async with served(data) as server:
        socket_path = re.search(r"(\S+/fork\.sock)", server.output().replace("\n", " "))
        assert socket_path, server.output()
        assert os.stat(Path(socket_path[1]).parent).st_mode & 0o077 == 0
        _reader, writer = await asyncio.open_unix_connection(socket_path[1])
        writer.write(b"\x00\x00\x00\x05hello")  # no descriptors passed with it
        await writer.drain()
        writer.close()
        _reader, silent = await asyncio.open_unix_connection(socket_path[1])  # and one that says nothing
        async with ServedPage.open(server.url) as page:
            await sign_in(page, name, code)  # served once the silent one is given up (5 s)
        silent.close()
    assert "a browser's app could not start: the launcher did not pass" in server.output()
    assert "a browser's app could not start: timed out" in server.output()


def test_the_launcher_runs_the_app_itself_when_the_fork_server_is_gone(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(LAUNCHER), str(tmp_path / "no.sock"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("quizapp "), result


async def test_a_small_class_through_the_load_test_loses_nothing() -> None:
    """`make bench-class` in small: three students arriving at once, each signing in, answering,
    sitting the exam; what the screens showed as given is what the store and the results folder hold."""
    figures = await run_class(students=3, answers=4, arrival=1.0, seed=3)
    assert figures["stuck_students"] == 0
    assert figures["answers_sent"] == figures["answers_stored"] == 3 * (4 + 5)
    assert figures["exams_submitted"] == figures["results_files"] == 3
    assert 0 < float(str(figures["latency_p50_ms"])) <= float(str(figures["latency_max_ms"]))
