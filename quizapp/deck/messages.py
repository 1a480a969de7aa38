"""Pydantic's validation errors, retold for teachers and placed on the line they concern."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..problems import FieldPath, Problem, Severity, render_path
from ..safetext import char_name, first_control_char
from .model import (
    LANGUAGE_PATTERN,
    QUESTION_MODELS,
    QUESTION_TYPES,
    SLUG_PATTERN,
    Deck,
    DeckInfo,
    Note,
    QuizDefaults,
    RuleError,
    RuleProblem,
    Source,
)
from .suggest import did_you_mean
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


def _question_id(raw: Any, path: FieldPath) -> str | None:
    """The id written for the question `path` is in, if it is in one that has an id."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        question_id = _at(raw, path[:2] + ("id",))
        return question_id if isinstance(question_id, str) else None
    return None


def _owner(raw: Any, path: FieldPath) -> tuple[str, FieldPath]:
    """Split a path into the thing it belongs to, named for a teacher, and the field below it."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        question_id = _question_id(raw, path)
        name = f"questions[{path[1]}]" + (f' (id "{question_id}")' if question_id is not None else "")
        return name, path[2:]
    if len(path) >= 2 and path[0] == "notes" and isinstance(path[1], int):
        return f"notes[{path[1]}]", path[2:]
    return "", path


def _strip_union_tag(path: FieldPath) -> FieldPath:
    """Pydantic puts the question type in the error path (`questions.0.choice.answer`); drop it."""
    if len(path) > 2 and path[0] == "questions" and path[2] in QUESTION_TYPES:
        return path[:2] + path[3:]
    return path


def _pattern_words(value: Any, pattern: str) -> tuple[str, str]:
    if isinstance(value, str):
        bad = first_control_char(value)
        if bad is not None:
            return (
                f"contains the control character {char_name(bad)}; only line breaks and tabs are allowed",
                "control-character",
            )
        if pattern == SLUG_PATTERN:
            return (
                f'"{value}" is not a valid id: use lowercase letters a-z, digits and hyphens, '
                "starting with a letter or digit, at most 64 characters",
                "id-form",
            )
        if not value.strip():
            return "must not be empty", "empty-text"
    if pattern == LANGUAGE_PATTERN:
        return f'"{value}" is not a language tag such as en, fr or pt-BR', "language-tag"
    return f'"{value}" is not in the expected form', "invalid-value"


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


def _words(error: ErrorDetails, raw: Any, path: FieldPath) -> tuple[str, str]:
    """The problem, in words without the location, and the name of its rule (rules.py)."""
    kind = error["type"]
    value = error["input"]
    context = error.get("ctx", {})
    field = path[-1] if path else ""
    if kind == "missing":
        return f'missing required key "{field}"', "missing-field"
    if kind == "extra_forbidden":
        model = _model_at(raw, path[:-1])
        return f'unknown key "{field}"{did_you_mean(str(field), model.model_fields if model else [])}', "unknown-field"
    if kind == "union_tag_invalid":
        return f'"{context.get("tag")}" is not a question type; use one of: {TYPE_LIST}', "question-type"
    if kind == "union_tag_not_found":
        return f'missing required key "type" (one of: {TYPE_LIST})', "missing-field"
    if kind in WRONG_TYPE_WORDS:
        return f"{WRONG_TYPE_WORDS[kind]}, not {describe(value)}", "wrong-type"
    if kind == "finite_number":
        return "must be a finite number", "out-of-range"
    if kind == "list_type":
        if isinstance(value, dict) and path in (("questions",), ("notes",)):
            return f"must be written [[{field}]] (two brackets), once for each entry", "wrong-type"
        return f"must be a list [ ... ], not {describe(value)}", "wrong-type"
    if kind == "string_pattern_mismatch":
        return _pattern_words(value, str(context.get("pattern", "")))
    if kind in ("too_short", "too_long"):
        return _too_many_or_few(error), "entry-count"
    if kind == "string_too_long":
        return _too_many_or_few(error), "text-too-long"
    if kind in BOUND_WORDS:
        words, key = BOUND_WORDS[kind]
        return f"must be {words} {context.get(key):g}, not {value}", "out-of-range"
    if kind == "literal_error" and field == "format":
        return f"unsupported deck format {value!r}", "deck-format"
    if kind == "value_error":
        return str(context.get("error", error["msg"])), "invalid-value"
    return error["msg"][0].lower() + error["msg"][1:], "invalid-value"


def located(file: str, raw: Any, locator: Locator, problem: RuleProblem, severity: Severity = "error") -> Problem:
    """A problem about the value at `problem.where`, placed on its line and prefixed with what it
    belongs to and the field's name: `questions[3] (id "q4"): answer "x" is not one of the choices`."""
    path = problem.where
    owner, field = _owner(raw, path)
    words = " ".join(part for part in (render_path(field), problem.words) if part)
    message = f"{owner}: {words}" if owner else words
    line, column = locator.locate(path)
    return Problem(file, severity, message, line, column, path, problem.rule, _question_id(raw, path))


def _key_problem(file: str, raw: Any, locator: Locator, problem: RuleProblem) -> Problem:
    """A missing or unknown key: the words name the key, the prefix names the table it belongs in."""
    path = problem.where
    owner, field = _owner(raw, path[:-1])
    where = " ".join(part for part in (owner, render_path(field)) if part)
    message = f"{where}: {problem.words}" if where else problem.words
    line, column = locator.locate(path)
    return Problem(file, "error", message, line, column, path, problem.rule, _question_id(raw, path))


def validation_problems(file: str, raw: Any, locator: Locator, error: ValidationError) -> list[Problem]:
    """Every error of a failed validation, as located problems in a teacher's words."""
    problems = []
    for detail in error.errors():
        path = _strip_union_tag(tuple(detail["loc"]))
        cause = detail.get("ctx", {}).get("error")
        if detail["type"] == "union_tag_invalid":  # reported on the question; the fault is its type
            problems.append(located(file, raw, locator, RuleProblem(path + ("type",), *_words(detail, raw, path))))
        elif detail["type"] == "value_error" and isinstance(cause, RuleError):
            for broken in cause.problems:
                problems.append(located(file, raw, locator, broken._replace(where=path + broken.where)))
        elif detail["type"] == "union_tag_not_found":  # pydantic reports it on the table, not the key
            problems.append(_key_problem(file, raw, locator, RuleProblem(path + ("type",), *_words(detail, raw, path))))
        elif detail["type"] in ("missing", "extra_forbidden"):
            problems.append(_key_problem(file, raw, locator, RuleProblem(path, *_words(detail, raw, path))))
        else:
            problems.append(located(file, raw, locator, RuleProblem(path, *_words(detail, raw, path))))
    return problems
