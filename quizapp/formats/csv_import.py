"""CSV and TSV to a quizapp deck: question, answer and optional tags columns, one card a line.

Reads Anki's text exports (the `#separator:`, `#html:`, `#tags:`, `#columns:` and `#tags column:`
headers) and Quizlet's (term and definition separated by a tab or a comma). Rows become flashcards,
or short-answer questions with `--as short`.
"""

from __future__ import annotations

import csv
import html
import re
from typing import Any

from ..problems import BadFile, Problem
from .gift import Converted, slug

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}


def _text(value: str, is_html: bool) -> str:
    if is_html:
        value = html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br)[^>]+>", "", value)))
    return value.strip()


def parse_csv(text: str, file: str, deck_id: str, title: str, as_kind: str = "flashcard") -> Converted:
    """A deck document from CSV/TSV text; BadFile naming the line of every malformed row."""
    headers: dict[str, str] = {}
    lines = text.split("\n")
    body_start = 0
    for number, line in enumerate(lines):
        if line.startswith("#") and ":" in line:
            key, _, value = line[1:].partition(":")
            headers[key.strip().lower()] = value.strip()
            body_start = number + 1
        else:
            break
    body = lines[body_start:]
    named = headers.get("separator", "")
    first = next((line for line in body if line.strip()), "")
    delimiter = SEPARATORS.get(named.lower(), named if len(named) == 1 else ("\t" if "\t" in first else ","))
    is_html = headers.get("html", "false").lower() == "true"
    tags_column = int(headers["tags column"]) - 1 if headers.get("tags column", "").isdigit() else None
    columns = (
        [name.strip().lower() for name in headers.get("columns", "").split(delimiter)] if "columns" in headers else []
    )
    if tags_column is None and "tags" in columns:
        tags_column = columns.index("tags")
    common_tags = [slug(tag, "tag") for tag in headers.get("tags", "").split() if tag.strip()]
    questions: list[dict[str, Any]] = []
    problems: list[Problem] = []
    used: set[str] = set()
    for offset, row in enumerate(csv.reader(body, delimiter=delimiter)):
        number = body_start + offset + 1
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell for index, cell in enumerate(row) if index != tags_column]
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            problems.append(Problem(file, "error", "a row needs a question and an answer", number, 1))
            continue
        prompt, answer = _text(cells[0], is_html), _text(cells[1], is_html)
        question_id = base = slug(prompt[:40], f"q{len(questions) + 1}")
        counter = 2
        while question_id in used:
            question_id, counter = f"{base[:60]}-{counter}", counter + 1
        used.add(question_id)
        row_tags = row[tags_column].split() if tags_column is not None and tags_column < len(row) else []
        tags = list(dict.fromkeys(common_tags + [slug(tag, "tag") for tag in row_tags]))
        question: dict[str, Any] = {"id": question_id, "type": as_kind, "prompt": prompt}
        question |= {"answers": [answer]} if as_kind == "short" else {"answer": answer}
        questions.append(question | ({"tags": tags} if tags else {}))
    if problems:
        raise BadFile(problems)
    if not questions:
        raise BadFile([Problem(file, "error", "no rows with a question and an answer were found")])
    dropped = (
        [f"columns after the second (other than tags) are not kept ({', '.join(columns[2:])})"]
        if len(columns) > 3
        else []
    )
    return Converted({"format": 1, "deck": {"id": deck_id, "title": title}, "questions": questions}, dropped)
