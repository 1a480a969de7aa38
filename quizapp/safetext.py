"""Keeping hostile text away from the terminal.

Deck text, file names and anything else a user or another program wrote may hold control
characters (ESC starts terminal escape sequences). The deck format refuses them; everything that
prints such text anyway (error messages naming a file, a results file's student name) passes it
through `visible()` first so that the characters show as harmless escapes.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab (\x09) and newline (\x0a), DEL, and the C1 controls.
CONTROL_CLASS = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
CONTROL_RE = re.compile(f"[{CONTROL_CLASS}]")
# The same, with tab and newline too: for text that must stay on one line.
LINE_BREAKING_RE = re.compile(f"[{CONTROL_CLASS}\\t\\n]")


def first_control_char(text: str) -> str | None:
    """The first forbidden control character in `text`, or None."""
    found = CONTROL_RE.search(text)
    return found.group() if found else None


def char_name(char: str) -> str:
    """`U+001B ESCAPE`-style name of a character, for messages."""
    name = unicodedata.name(char, "")
    if not name:
        name = {
            "\x1b": "ESCAPE",
            "\x7f": "DELETE",
            "\x00": "NULL",
            "\x07": "BELL",
            "\x08": "BACKSPACE",
            "\r": "CARRIAGE RETURN",
        }.get(char, "control character")
    return f"U+{ord(char):04X} {name}"


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char, f"\\x{ord(char):02x}")


def visible(text: str, one_line: bool = True) -> str:
    """`text` with control characters shown as escapes, safe to print to a terminal.

    With `one_line`, tabs and newlines are escaped too, so that a file name or a value quoted in
    a message cannot break the one-line-per-problem format.
    """
    pattern = LINE_BREAKING_RE if one_line else CONTROL_RE
    return pattern.sub(_escape, text)
