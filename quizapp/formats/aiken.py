"""Aiken to a quizapp deck: single-answer multiple choice, read as Moodle reads it (question/format/aiken).

What is the capital of France?
A. Lyon
B)Paris
ANSWER: B

An option is a capital letter, `.` or `)`, and its text, with or without a space between (a small
letter needs the space, so that a prompt such as "e.g. this" is not taken for one). Moodle keys an
answer by its position (B is the second option, whatever its label), so the options must be lettered
A, B, C… in order, and the answer must be one letter; a line such as "B.Sc. admission?" starts the
options only when its letter is A, so it reads as a prompt. A question whose options are not followed
by an `ANSWER:` line, one with fewer than two options, options out of order, an answer that is not
one of them, or an option or `ANSWER:` line with no question before it is listed by its line and
skipped; the rest is imported. A prompt may run over several lines (Moodle would keep only the last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .outcome import Converted, DeckBuilder, first_words

OPTION_RE = re.compile(r"^(?:([A-Z])[.)][ \t]*|([a-z])[.)][ \t]+)(.*)$")
LETTER_RE = re.compile(r"^[A-Za-z]$")
ANSWER_RE = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class _Open:
    """The question being read: the line it starts on, its prompt lines and its options (letter, text)."""

    line: int
    prompt: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return first_words(" ".join(self.prompt))


def _finish(builder: DeckBuilder, question: _Open, answer: str, line: int) -> None:
    """Add the question that `ANSWER: answer` (on `line`) closes, or list why it cannot be."""
    letters = [letter for letter, _ in question.options]
    in_order = [chr(ord("A") + index) for index in range(len(letters))]
    chosen = answer.upper()
    if len(question.options) < 2:
        builder.skip(
            question.line, question.name, f"a question needs at least two options (A. ..., B. ...) before line {line}"
        )
    elif not LETTER_RE.match(answer):
        builder.skip(question.line, question.name, f'line {line}: ANSWER: needs one letter, not "{answer}"')
    elif letters != in_order:
        builder.skip(
            question.line,
            question.name,
            f"its options are lettered {', '.join(letters)}, not {', '.join(in_order)} in order "
            "(Moodle keys the answer by position)",
        )
    elif chosen not in letters:
        builder.skip(
            question.line,
            question.name,
            f"line {line}: ANSWER: {answer} is not one of the options {', '.join(letters)}",
        )
    elif any(not text for _, text in question.options):
        empty = next(letter for letter, text in question.options if not text)
        builder.skip(question.line, question.name, f"option {empty} has no text")
    else:
        choices = [text for _, text in question.options]
        builder.add(
            {
                "type": "choice",
                "prompt": "\n".join(question.prompt),
                "choices": choices,
                "answer": choices[letters.index(chosen)],
            },
            f"q{len(builder.questions) + 1}",
            question.line,
            question.name,
        )


def parse_aiken(text: str, file: str, deck_id: str, title: str) -> Converted:
    """A deck document from Aiken text: every well-formed question, and each one skipped, by its line.
    BadFile (with every reason) only when no question can be used."""
    builder = DeckBuilder(file, deck_id, title)
    question: _Open | None = None
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        stripped = line.strip()
        if len(stripped) < 2:  # as Moodle: blank lines, and stray single characters, are passed over
            continue
        answer = ANSWER_RE.match(stripped)
        option = OPTION_RE.match(stripped)
        letter = (option.group(1) or option.group(2)).upper() if option else ""
        if letter != "A" and (question is None or not question.options):
            option = None  # only A starts the options: "B.Sc. admission?" is a prompt
        if answer:
            if question is None:
                builder.skip(number, "", "an ANSWER: line with no question before it")
            else:
                _finish(builder, question, answer.group(1).strip(), number)
            question = None
        elif option and question is not None:
            question.options.append((letter, option.group(3).strip()))
        elif option and question is None:
            builder.skip(number, first_words(stripped), "an option with no question before it")
        elif question is not None and not question.options:
            question.prompt.append(stripped)
        else:
            if question is not None:
                builder.skip(
                    question.line,
                    question.name,
                    f"its options are not followed by an ANSWER: line (line {number} starts another question)",
                )
            question = _Open(number, [stripped])
    if question is not None:
        builder.skip(question.line, question.name, "the last question has no ANSWER: line")
    return builder.result("no question was found (a question, its options A. B. ..., then ANSWER: and a letter)")
