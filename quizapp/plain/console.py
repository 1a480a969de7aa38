"""Lines out and lines in: what plain mode writes, each line once, and what it reads, one line at a time.

Nothing but text is written: no colour, no cursor movement, and any control character in deck or
typed text is shown as an escape (`safetext.visible`), so nothing reaches the terminal but plain
characters and line ends. On a terminal a line is read with the standard library's line editing
(`readline`, imported by `start`); from a pipe, each line read is written after its prompt, so that
the output reads as a transcript.
"""

from __future__ import annotations

import sys
from typing import TextIO

from ..safetext import visible


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def on_a_terminal() -> bool:
    """Whether the standard input and output are both a terminal (else plain mode is chosen by itself)."""
    return _is_terminal(sys.stdin) and _is_terminal(sys.stdout)


class EndOfInput(Exception):
    """The input has ended (end of file, or ctrl+d): the session ends as if `quit` had been typed."""


class Console:
    """Where plain mode writes its lines and reads the student's."""

    def __init__(self, source: TextIO, out: TextIO, terminal: bool):
        """`terminal`: `source` and `out` are the standard streams of a terminal (read with `input`)."""
        self.source = source
        self.out = out
        self.terminal = terminal
        self.unread_line: str | None = None  # set aside by `unread`

    def say(self, *lines: str) -> None:
        """Write `lines`, each on its own line (text from decks and students shown literally)."""
        for line in lines:
            self.out.write(visible(line, one_line=False) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """Write `prompt` and read one line (without its line end). EndOfInput at the end of the input;
        a line set aside with `unread` is read first."""
        if self.unread_line is not None:
            line, self.unread_line = self.unread_line, None
            self.say(prompt + line)
            return line
        try:
            return self._read_line(prompt)
        except KeyboardInterrupt:  # ctrl+C: what is said next starts on a line of its own
            self.say("")
            raise

    def _read_line(self, prompt: str) -> str:
        if self.terminal:
            try:
                return input(visible(prompt))
            except EOFError:
                self.say("")
                raise EndOfInput from None
        self.out.write(visible(prompt))
        self.out.flush()
        line = self.source.readline()
        if not line:
            self.say("")
            raise EndOfInput
        line = line.removesuffix("\n").removesuffix("\r")
        self.say(line)
        return line

    def unread(self, line: str) -> None:
        """Set `line` aside, read back at the next prompt (a piped line read too early)."""
        self.unread_line = line

    def yes_or_no(self, prompt: str) -> bool | None:
        """y (True) or n (False), asked until it is one of them; None for quit."""
        while True:
            word = self.ask(prompt).strip().lower()
            if word in ("y", "yes", "n", "no"):
                return word.startswith("y")
            if word == "quit":
                return None
            self.say("Type y for yes or n for no (or quit).")
