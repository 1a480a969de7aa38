"""A problem found in a file: where it is, how bad, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .safetext import visible

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


def render_path(path: FieldPath) -> str:
    """`("questions", 3, "choices", 1)` → `questions[3].choices[1]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning. `line` is None when the problem concerns the whole file (unreadable).
    `rule` names a lint warning's rule, for the teacher to look up (and tools to match), when it has one."""

    file: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    field: FieldPath = ()
    rule: str | None = None

    def __str__(self) -> str:
        where = visible(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        named = f" [{self.rule}]" if self.rule else ""
        return f"{where}: {self.severity}: {visible(self.message)}{named}"

    def as_json(self) -> dict[str, object]:
        """The problem as `lint --json` prints it."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "field": render_path(self.field),
            "message": self.message,
            "rule": self.rule,
        }


class BadFile(Exception):
    """A file that cannot be used; `problems` holds every error found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(str(problems[0]))
        self.problems = problems


class UserError(Exception):
    """A mistake of the user's (a bad option, an unknown deck), told in one line; exit status `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code
