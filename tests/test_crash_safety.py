"""The installed `quizapp` in real pseudo-terminals: killed at random moments it loses no answer whose
feedback was shown and never keeps half an answer; two windows on one profile lose nothing.

Slow by nature (each round starts the real program), so the rounds are few but seeded: a failure
names its seed and round and happens again the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.environment import clean_environment
from benchmarks.terminal import Terminal
from quizapp.study.store import DATABASE_NAME, Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

QUIZAPP = str(Path(sys.executable).with_name("quizapp"))
SEED = 20261127
ROUNDS = 24
PROMPT = "Crash question"
# The footer's name for enter while a question is being asked (on the feedback it is "Next"; the
# prompt itself is no sign of either: the feedback screen repaints it), and in an exam.
ASKING = "Submit"
EXAM_ASKING = "Record"
EXPLAINED = "Explained for crash check"  # on screen once the feedback is shown


def write_deck(folder: Path, questions: int = 60) -> Path:
    """A deck of choice questions whose first option is right (not shuffled), so "1" answers each."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = ['[deck]\nid = "crash"\ntitle = "Crash check"\n']
    for number in range(questions):
        parts.append(
            f'[[questions]]\nid = "q{number:02d}"\ntype = "choice"\nshuffle = false\n'
            f'prompt = "{PROMPT} {number:02d}: which is right?"\n'
            f'choices = ["Right {number:02d}", "Wrong {number:02d}"]\nanswer = "Right {number:02d}"\n'
            f'explanation = "{EXPLAINED} {number:02d}."\n'
        )
    path = folder / "crash.toml"
    path.write_text("\n".join(parts))
    return path


def allow_many_new_cards(data: Path) -> None:
    """Lift the day's limit of new cards, so that every round has questions to ask."""
    data.mkdir(parents=True, exist_ok=True)
    store = Store.open(data / DATABASE_NAME)
    profile = store.profile("default", dt.datetime.now(dt.timezone.utc))
    store.save_settings(profile.id, profile.settings._replace(new_per_day=999))
    store.close()


def study(data: Path, deck: Path) -> Terminal:
    return Terminal([QUIZAPP, "--data-dir", str(data), "study", str(deck)], clean_environment())


def answer(terminal: Terminal) -> int:
    """Choose the right option and submit it; returns the output mark from before the answer."""
    mark = terminal.mark()
    terminal.type("1")
    time.sleep(0.05)
    terminal.type("\r")
    return mark


def study_reviews(data: Path) -> int:
    with sqlite3.connect(data / DATABASE_NAME) as db:
        return db.execute("SELECT count(*) FROM reviews WHERE mode = 'study'").fetchone()[0]


def half_recorded_cards(data: Path) -> list[tuple[str, int, int]]:
    """Cards whose state and log disagree: (question, reps, study reviews). An answer is one
    transaction (log entry and new card state), so a kill can never leave one without the other."""
    with sqlite3.connect(data / DATABASE_NAME) as db:
        return db.execute(
            "SELECT question_id, reps, (SELECT count(*) FROM reviews r WHERE r.card_id = c.id AND r.mode = 'study') AS logged "
            "FROM cards c WHERE reps != logged"
        ).fetchall()


def doctor(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [QUIZAPP, "--data-dir", str(data), "doctor"],
        capture_output=True,
        text=True,
        env=clean_environment(),
        timeout=60,
    )


def one_round(data: Path, deck: Path, rng: random.Random) -> tuple[str, int, int]:
    """Study, answer a few questions and kill the program at a random moment.

    Returns (the moment, answers whose feedback was on screen, answers sent whose feedback was not yet seen).
    """
    terminal = study(data, deck)
    shown = in_flight = 0
    try:
        moment = rng.choice(["starting", "answering", "feedback shown", "moving on"])
        if moment == "starting":
            time.sleep(rng.uniform(0.0, 0.8))
        else:
            terminal.wait_for(ASKING)
            for _ in range(rng.randint(0, 2)):
                mark = answer(terminal)
                terminal.wait_for(EXPLAINED, since=mark)
                shown += 1
                mark = terminal.mark()
                terminal.type("\r")  # keep the suggested rating: on to the next question
                terminal.wait_for(ASKING, since=mark)
            if moment == "answering":
                answer(terminal)
                in_flight = 1
                time.sleep(rng.uniform(0.0, 0.06))
            else:
                mark = answer(terminal)
                terminal.wait_for(EXPLAINED, since=mark)
                shown += 1
                if moment == "moving on":
                    terminal.type("\r")
                    time.sleep(rng.uniform(0.0, 0.05))
        os.killpg(terminal.process.pid, signal.SIGKILL)
    finally:
        status = terminal.close(timeout=10)
    assert status == -signal.SIGKILL, terminal.output[-2000:]
    return moment, shown, in_flight


def test_killed_at_random_moments_it_keeps_every_answer_shown_and_no_half_answer(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "decks")
    data = tmp_path / "data"
    allow_many_new_cards(data)
    rng = random.Random(SEED)
    moments: list[str] = []
    for number in range(ROUNDS):
        before = study_reviews(data)
        moment, shown, in_flight = one_round(data, deck, rng)
        moments.append(moment)
        recorded = study_reviews(data) - before
        where = f"round {number} (seed {SEED})"
        assert shown <= recorded <= shown + in_flight, (
            f"{where}: {shown} shown, {in_flight} in flight, {recorded} recorded"
        )
        assert half_recorded_cards(data) == [], where
    assert min(moments.count(moment) for moment in ("starting", "answering", "feedback shown", "moving on")) >= 3
    assert study_reviews(data) >= ROUNDS  # the rounds did answer: the checks above were not vacuous
    checked = doctor(data)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "integrity check: ok" in checked.stdout


def test_two_windows_on_one_profile_both_work_and_lose_nothing(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "decks")
    data = tmp_path / "data"
    allow_many_new_cards(data)
    first, second = study(data, deck), study(data, deck)
    shown = 0
    try:
        for window in (first, second):
            window.wait_for(ASKING)
        for _ in range(3):
            for window in (first, second):  # answer in turns: both write to the one profile
                mark = answer(window)
                window.wait_for(EXPLAINED, since=mark)
                shown += 1
                mark = window.mark()
                window.type("\r")
                window.wait_for(ASKING, since=mark)
        for window in (first, second):
            window.type("\x11")  # ctrl+q
    finally:
        statuses = [first.close(), second.close()]
    assert statuses == [0, 0]
    assert study_reviews(data) == shown == 6
    assert half_recorded_cards(data) == []
    checked = doctor(data)
    assert checked.returncode == 0 and "integrity check: ok" in checked.stdout, checked.stdout


def test_an_exam_killed_midway_is_taken_up_again_with_its_answers(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "decks")
    data = tmp_path / "data"
    results = tmp_path / "results"
    quiz = [
        QUIZAPP,
        "--data-dir",
        str(data),
        "quiz",
        str(deck),
        "--count",
        "5",
        "--time-limit",
        "10",
        "--seed",
        "5",
        "--results-dir",
        str(results),
    ]
    terminal = Terminal(quiz, clean_environment())
    try:
        terminal.wait_for(EXAM_ASKING)
        for number in (1, 2):
            mark = answer(terminal)  # "1" (the right option), then enter: recorded, on to the next
            terminal.wait_for(f"Question {number + 1} of 5", since=mark)  # shown once its options have the keys
        os.killpg(terminal.process.pid, signal.SIGKILL)
    finally:
        terminal.close(timeout=10)
    again = Terminal(quiz, clean_environment())
    try:
        again.wait_for("An unfinished exam")
        again.wait_for("2 of 5 answered")
        again.type("y")
        again.wait_for("Question 3 of 5")  # where it was left: the third question, not yet answered
        mark = again.mark()
        again.type("\x1b")  # escape: the review
        again.wait_for("2 of 5 answered", since=mark)
        again.type("y")
        again.wait_for("of 5 points")
        again.type("\x11")
    finally:
        status = again.close()
    assert status == 0
    (saved,) = results.glob("*.json")
    given = [entry for entry in json.loads(saved.read_text())["responses"] if entry["response"] is not None]
    assert len(given) == 2 and all(entry["score"] == 1 for entry in given)
