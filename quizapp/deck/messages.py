"""Pydantic's validation errors, retold for teachers and placed on the line they concern."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..problems import FieldPath, Problem, Severity, render_path
from ..safetext import char_name, first_control_char
from .model import (
    QUESTION_MODELS,
    QUESTION_TYPES,
    SLUG_PATTERN,
    Deck,
    DeckInfo,
    Note,
    QuizDefaults,
    RuleError,
    Source,
)
from .tomlpos import Locator

TYPE_LIST = ", ".join(QUESTION_TYPES)

# pydantic error type -> what the value must be, in words
WRONG_TYPE_WORDS = {
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
}
# pydantic error type -> (the comparison in words, the context key holding the bound)
BOUND_WORDS = {
    "greater_than": ("greater than", "gt"),
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
}


def describe(value: Any) -> str:
    """What kind of TOML value this is, in plain words."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'text ("{value[:40]}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (dt.date, dt.time)):
        return f"a date or time ({value})"
    return type(value).__name__


def _at(raw: Any, path: FieldPath) -> Any:
    """The raw value at `path`, or None."""
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _model_at(raw: Any, path: FieldPath) -> type[BaseModel] | None:
    """Which model validates the table at `path` (to suggest keys for a typo)."""
    if path == ():
        return Deck
    if path == ("deck",):
        return DeckInfo
    if path == ("deck", "source"):
        return Source
    if path == ("deck", "quiz"):
        return QuizDefaults
    if len(path) == 2 and path[0] == "notes":
        return Note
    if len(path) == 2 and path[0] == "questions":
        return QUESTION_MODELS.get(_at(raw, path + ("type",)))
    return None


def _owner(raw: Any, path: FieldPath) -> tuple[str, FieldPath]:
    """Split a path into the thing it belongs to, named for a teacher, and the field below it."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        name = f"questions[{path[1]}]"
        question_id = _at(raw, path[:2] + ("id",))
        if isinstance(question_id, str):
            name += f' (id "{question_id}")'
        return name, path[2:]
    if len(path) >= 2 and path[0] == "notes" and isinstance(path[1], int):
        return f"notes[{path[1]}]", path[2:]
    return "", path


def _strip_union_tag(path: FieldPath) -> FieldPath:
    """Pydantic puts the question type in the error path (`questions.0.choice.answer`); drop it."""
    if len(path) > 2 and path[0] == "questions" and path[2] in QUESTION_TYPES:
        return path[:2] + path[3:]
    return path


def _pattern_words(value: Any, pattern: str) -> str:
    if isinstance(value, str):
        bad = first_control_char(value)
        if bad is not None:
            return f"contains the control character {char_name(bad)}; only line breaks and tabs are allowed"
        if pattern == SLUG_PATTERN:
            return (
                f'"{value}" is not a valid id: use lowercase letters a-z, digits and hyphens, '
                "starting with a letter or digit, at most 64 characters"
            )
        if not value.strip():
            return "must not be empty"
    return f'"{value}" is not in the expected form'


def _too_many_or_few(error: ErrorDetails) -> str:
    context = error.get("ctx", {})
    value = error["input"]
    count = len(value) if hasattr(value, "__len__") else "?"
    low, high = context.get("min_length"), context.get("max_length")
    if error["type"] == "string_too_long":
        return f"is too long: {count} characters, at most {high} allowed"
    if error["type"] == "too_short":
        return f"needs at least {low} entries, has {count}"
    return f"can have at most {high} entries, has {count}"


def _words(error: ErrorDetails, raw: Any, path: FieldPath) -> str:
    """The problem, in words, without the location."""
    kind = error["type"]
    value = error["input"]
    context = error.get("ctx", {})
    field = path[-1] if path else ""
    if kind == "missing":
        return f'missing required key "{field}"'
    if kind == "extra_forbidden":
        model = _model_at(raw, path[:-1])
        allowed = list(model.model_fields) if model else []
        guess = difflib.get_close_matches(str(field), allowed, n=1)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return f'unknown key "{field}"{hint}'
    if kind == "union_tag_invalid":
        return f'"{context.get("tag")}" is not a question type; use one of: {TYPE_LIST}'
    if kind == "union_tag_not_found":
        return f'missing required key "type" (one of: {TYPE_LIST})'
    if kind in WRONG_TYPE_WORDS:
        return f"{WRONG_TYPE_WORDS[kind]}, not {describe(value)}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "list_type":
        if isinstance(value, dict) and path in (("questions",), ("notes",)):
            return f"must be written [[{field}]] (two brackets), once for each entry"
        return f"must be a list [ ... ], not {describe(value)}"
    if kind == "string_pattern_mismatch":
        return _pattern_words(value, str(context.get("pattern", "")))
    if kind in ("too_short", "too_long", "string_too_long"):
        return _too_many_or_few(error)
    if kind in BOUND_WORDS:
        words, key = BOUND_WORDS[kind]
        return f"must be {words} {context.get(key):g}, not {value}"
    if kind == "literal_error" and field == "format":
        return f"unsupported deck format {value!r}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]


def located(
    file: str,
    raw: Any,
    locator: Locator,
    path: FieldPath,
    words: str,
    severity: Severity = "error",
    rule: str | None = None,
) -> Problem:
    """A problem about the value at `path`, placed on its line and prefixed with what it belongs to."""
    owner, field = _owner(raw, path)
    field_name = render_path(field)
    if field_name:
        words = f"{field_name} {words}" if not words.startswith(field_name) else words
    message = f"{owner}: {words}" if owner else words
    line, column = locator.locate(path)
    return Problem(file, severity, message, line, column, path, rule)


def _key_problem(file: str, raw: Any, locator: Locator, path: FieldPath, words: str) -> Problem:
    """A missing or unknown key: the words name the key, the prefix names the table it belongs in."""
    owner, field = _owner(raw, path[:-1])
    where = " ".join(part for part in (owner, render_path(field)) if part)
    line, column = locator.locate(path)
    return Problem(file, "error", f"{where}: {words}" if where else words, line, column, path)


def validation_problems(file: str, raw: Any, locator: Locator, error: ValidationError) -> list[Problem]:
    """Every error of a failed validation, as located problems in a teacher's words."""
    problems = []
    for detail in error.errors():
        path = _strip_union_tag(tuple(detail["loc"]))
        cause = detail.get("ctx", {}).get("error")
        if detail["type"] == "union_tag_invalid":  # reported on the question; the fault is its type
            problems.append(located(file, raw, locator, path + ("type",), _words(detail, raw, path)))
        elif detail["type"] == "value_error" and isinstance(cause, RuleError):
            for sub_path, words in cause.problems:
                problems.append(located(file, raw, locator, path + sub_path, words))
        elif detail["type"] == "union_tag_not_found":  # pydantic reports it on the table, not the key
            problems.append(_key_problem(file, raw, locator, path + ("type",), _words(detail, raw, path)))
        elif detail["type"] in ("missing", "extra_forbidden"):
            problems.append(_key_problem(file, raw, locator, path, _words(detail, raw, path)))
        else:
            problems.append(located(file, raw, locator, path, _words(detail, raw, path)))
    return problems
