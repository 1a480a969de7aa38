"""A problem found in a file: where it is, how bad, and what to do about it."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from .safetext import visible

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _quoted(key: str) -> str:
    """A key as TOML (and JSON) quote it. (json is imported here, not by the module: every command
    imports this one, and the app's start has no other use for json.)"""
    import json

    return json.dumps(key, ensure_ascii=False)


def render_path(path: FieldPath) -> str:
    """`("questions", 3, "choices", 1)` → `questions[3].choices[1]`; a key TOML needs quoted (a feedback
    table's choice text) is quoted as TOML quotes it: `feedback."Vladimir Putin"`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if BARE_KEY.fullmatch(part) else _quoted(part)
            text += f".{name}" if text else name
    return text


class Problem(NamedTuple):
    """One error or warning. `line` is None when the problem concerns the whole file (unreadable).
    `rule` names the kind of problem, for the teacher to look up (`quizapp lint --rules`) and tools to
    match; every problem lint reports has one. `question` is the id written for the question it is about."""

    file: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    field: FieldPath = ()
    rule: str | None = None
    question: str | None = None

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
            "rule": self.rule,
            "question": self.question,
            "field": render_path(self.field),
            "message": self.message,
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
