"""A program on a real 80×24 pseudo-terminal: what it writes, and keys sent to it as a person types.

Used by the real-terminal test and by the first-question benchmark.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time


class Terminal:
    """A child process on a pseudo-terminal, and everything it has written."""

    def __init__(
        self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24), term: str = "xterm-256color"
    ):
        """`term`: the TERM the program is told, whatever the outer one is (a CI's TERM=dumb would
        otherwise open quizapp in plain mode)."""
        self.master, slave = os.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = {**env, "TERM": term, "COLUMNS": str(columns), "LINES": str(lines)}
        self.started = time.perf_counter()
        # The pseudo-terminal becomes the program's controlling terminal, as a real one is: when it
        # closes, the program gets SIGHUP and ends rather than outliving the test.
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.output = b""

    def wait_for(self, text: str, timeout: float = 30.0, since: int = 0) -> float:
        """Read until `text` has appeared (it is written as plain characters) after the first `since`
        bytes of output (see `mark`); the seconds since start."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output[since:]:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen had: {self.output[-2000:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        return time.perf_counter() - self.started

    def mark(self, quiet: float = 0.1, at_most: float = 2.0) -> int:
        """How much has been written so far, once the program has been quiet for `quiet` seconds (so
        that nothing it drew before now is taken for what comes next; but waiting `at_most` seconds,
        for a program that never stops drawing): pass it to `wait_for`."""
        deadline = time.monotonic() + at_most
        while time.monotonic() < deadline and select.select([self.master], [], [], quiet)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
        return len(self.output)

    def type(self, keys: str) -> None:
        """Send keys as a person types them."""
        os.write(self.master, keys.encode())

    def close(self, timeout: float = 15.0) -> int:
        """Wait for the process to end (killing it if it hangs) and return its exit status."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            os.close(self.master)
