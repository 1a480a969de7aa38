"""The installed `quizapp`, in a real pseudo-terminal: open a deck, answer a question, quit."""

from __future__ import annotations

import fcntl
import os
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tui_support import starter

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Terminal:
    """A child process on an 80×24 pseudo-terminal, and everything it has written."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.output = b""

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        """Read until `text` has appeared on the screen (it is written as plain characters)."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen had: {self.output[-2000:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break

    def type(self, keys: str) -> None:
        """Send keys as a person types them."""
        os.write(self.master, keys.encode())

    def close(self) -> int:
        """Wait for the process to end (killing it if it hangs) and return its exit status."""
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)


def test_answer_a_question_and_quit(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    data = tmp_path / "data"
    script = Path(sys.executable).with_name("quizapp")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("QUIZAPP_DECKS", None)
    terminal = Terminal([str(script), "--data-dir", str(data), "study", str(deck)], env)
    try:
        terminal.wait_for("closest to the Sun")
        terminal.type("1")
        time.sleep(0.3)
        terminal.type("\r")
        terminal.wait_for("Again")
        terminal.type("\r")  # take the suggested rating: the next question
        terminal.wait_for("gas giants")
        terminal.type("\x11")  # ctrl+q
    finally:
        status = terminal.close()
    assert status == 0
    with sqlite3.connect(data / "progress.sqlite3") as db:
        assert db.execute("SELECT question_id, mode FROM reviews").fetchall() == [("closest-planet", "study")]
