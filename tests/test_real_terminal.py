"""The installed `quizapp`, in a real pseudo-terminal: open a deck, answer a question, quit."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from tui_support import starter, study_in_a_terminal

from benchmarks.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def test_answer_a_question_and_quit(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    data = tmp_path / "data"
    terminal = study_in_a_terminal(data, deck)
    try:
        terminal.type("\r")  # take the suggested rating: the next question
        terminal.wait_for("gas giants")
        terminal.type("\x11")  # ctrl+q
    finally:
        status = terminal.close()
    assert status == 0
    with sqlite3.connect(data / "progress.sqlite3") as db:
        assert db.execute("SELECT question_id, mode FROM reviews").fetchall() == [("closest-planet", "study")]


@pytest.mark.parametrize("content", [b"garbage" * 100, b"SQLite format 3\x00" + b"\x00" * 40])
def test_a_damaged_database_ends_the_tui_with_one_clear_line_and_is_left_alone(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "progress.sqlite3"
    database.write_bytes(content)
    script = Path(sys.executable).with_name("quizapp")
    env = {key: value for key, value in os.environ.items() if key != "QUIZAPP_DECKS"}
    terminal = Terminal([str(script), "--data-dir", str(data), "study"], env)
    try:
        terminal.wait_for("quizapp: error:")
        terminal.wait_for("quizapp doctor")
    finally:
        status = terminal.close()
    assert status == 1
    assert b"Traceback" not in terminal.output and str(database).encode() in terminal.output
    assert database.read_bytes() == content
    assert sorted(path.name for path in data.iterdir()) == ["progress.sqlite3"]  # no journal, no backup made


def test_an_idle_study_screen_draws_nothing(tmp_path: Path) -> None:
    # The second run is a fast start (the deck is cached by the first): its progress bar once had
    # no total, and a bar without one animates, repainting the screen ~16 times a second for ever.
    deck = starter(tmp_path / "decks")
    script = Path(sys.executable).with_name("quizapp")
    env = {key: value for key, value in os.environ.items() if key != "QUIZAPP_DECKS"}
    for _ in range(2):
        terminal = Terminal([str(script), "--data-dir", str(tmp_path / "data"), "study", str(deck)], env)
        try:
            terminal.wait_for("closest to the Sun")
            time.sleep(1.0)  # the decks load and the session takes over
            before = terminal.mark()
            time.sleep(2.0)
            drawn = terminal.mark() - before
            terminal.type("\x11")
        finally:
            terminal.close()
        assert drawn < 200, f"{drawn} bytes drawn by an idle screen in 2 seconds"
