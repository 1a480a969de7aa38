"""Writing deck files that quizapp creates (`new`, `import`), with comments for the teacher.

tomli-w writes the values; comments, which it cannot write, are placed between the sections it
writes. A teacher's own file is never rewritten: every writer here creates a new file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tomli_w

from ..problems import UserError
from ..safetext import visible

LINE_WIDTH = 100
BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


def _comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def _key(name: str) -> str:
    return name if BARE_KEY_RE.fullmatch(name) else _value(name, multiline=False)


def _value(value: Any, multiline: bool = True) -> str:
    """One value in TOML; tomli-w does the quoting and escaping, lists stay on one line when short."""
    if isinstance(value, list):
        inline = "[" + ", ".join(_value(item, multiline=False) for item in value) + "]"
        if len(inline) <= LINE_WIDTH or not value:
            return inline
        return "[\n" + "".join(f"    {_value(item, multiline=False)},\n" for item in value) + "]"
    return tomli_w.dumps({"v": value}, multiline_strings=multiline).removeprefix("v = ").rstrip("\n")


def _table(header: str, name: str, table: dict[str, Any]) -> str:
    """`header` (`[deck]`, `[[questions]]`), the plain keys, then each sub-table as `[name.key]`."""
    lines = [header] if header else []
    lines += [f"{_key(key)} = {_value(value)}" for key, value in table.items() if not isinstance(value, dict)]
    text = "\n".join(lines) + "\n"
    for key, value in table.items():
        if isinstance(value, dict):
            path = f"{name}.{_key(key)}"
            text += "\n" + _table(f"[{path}]", path, value)
    return text


def dumps_deck(document: dict[str, Any], header: str = "", question_comments: Sequence[str] | None = None) -> str:
    """The TOML text of a deck document, with a header comment and a comment above each question."""
    top = {key: value for key, value in document.items() if not isinstance(value, (dict, list))}
    parts = [_comment(header) + "\n" if header else "", _table("", "", top)]
    if "deck" in document:
        parts.append("\n" + _table("[deck]", "deck", document["deck"]))
    for note in document.get("notes", []):
        parts.append("\n" + _table("[[notes]]", "notes", note))
    for index, question in enumerate(document.get("questions", [])):
        comment = question_comments[index] if question_comments and index < len(question_comments) else ""
        parts.append("\n" + _comment(comment) + _table("[[questions]]", "questions", question))
    return "".join(parts)


def write_new_file(path: Path, text: str) -> None:
    """Write `text` to a file that must not exist yet; UserError when it does or cannot be written."""
    shown = visible(str(path))
    if not path.parent.is_dir():
        raise UserError(f"the folder {visible(str(path.parent))} does not exist")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UserError(f"{shown} already exists; quizapp never overwrites a file, so choose another name") from None
    except OSError as error:
        raise UserError(f"cannot write {shown}: {error.strerror or error}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
