"""Aiken to a quizapp deck: single-answer multiple choice, as Moodle reads it.

What is the capital of France?
A. Lyon
B) Paris
ANSWER: B
"""

from __future__ import annotations

import re
from typing import Any

from ..problems import BadFile, Problem
from .gift import Converted

OPTION_RE = re.compile(r"^([A-Za-z])[.)]\s+(.*\S)\s*$")
ANSWER_RE = re.compile(r"^ANSWER\s*:\s*([A-Za-z])\s*$", re.IGNORECASE)


def parse_aiken(text: str, file: str, deck_id: str, title: str) -> Converted:
    """A deck document from Aiken text; BadFile naming the line of every malformed question."""
    questions: list[dict[str, Any]] = []
    problems: list[Problem] = []
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        answer = ANSWER_RE.match(stripped)
        option = OPTION_RE.match(stripped)
        if answer:
            letters = [letter.upper() for letter, _ in options]
            chosen = answer.group(1).upper()
            if not prompt:
                problems.append(Problem(file, "error", "ANSWER: with no question before it", number, 1))
            elif len(options) < 2:
                problems.append(
                    Problem(file, "error", "a question needs at least two options (A. ..., B. ...)", start, 1)
                )
            elif chosen not in letters:
                problems.append(
                    Problem(
                        file, "error", f"ANSWER: {chosen} is not one of the options {', '.join(letters)}", number, 1
                    )
                )
            else:
                choices = [text for _, text in options]
                questions.append(
                    {
                        "id": f"q{len(questions) + 1}",
                        "type": "choice",
                        "prompt": " ".join(prompt),
                        "choices": choices,
                        "answer": choices[letters.index(chosen)],
                    }
                )
            prompt, options = [], []
        elif option and prompt:
            options.append((option.group(1), option.group(2)))
        elif options:
            problems.append(Problem(file, "error", "a question's options must end with an ANSWER: line", number, 1))
            prompt, options = [stripped], []
            start = number
        else:
            if not prompt:
                start = number
            prompt.append(stripped)
    if prompt or options:
        problems.append(Problem(file, "error", "the last question has no ANSWER: line", start, 1))
    if problems:
        raise BadFile(problems)
    if not questions:
        raise BadFile([Problem(file, "error", "no question was found")])
    return Converted(
        {"format": 1, "deck": {"id": deck_id, "title": title}, "questions": questions},
        ["Aiken has no explanations: add them before students use the deck"],
    )
