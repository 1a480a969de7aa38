"""The command words, the same everywhere plain mode reads a line, and what each does.

A line that is exactly a command word (any case, spaces around it ignored) is that command; any
other line is an answer. To answer with a word that is also a command, start the line with `=`.
"""

from __future__ import annotations

STUDY_COMMANDS = {
    "hint": "show the question's hint (the suggested rating is then at most Hard)",
    "skip": "leave this question for now: it stays due for your next session",
    "undo": "take back your last answer; its question is asked again",
    "notes": "after an answer: the study notes the question relies on, again",
    "quit": "end the session; every answer given is already saved",
    "help": "this list, and how to answer the question",
}
EXAM_COMMANDS = {
    "next": "go on to the next question, keeping the answers given",
    "skip": "the same as next: the question stays unanswered for now",
    "back": "go back to the previous question, to see or change its answer",
    "flag": "flag this question to come back to (or take the flag off)",
    "time": "how much time is left",
    "submit": "review what is unanswered or flagged, then submit (you confirm with y)",
    "quit": "leave the exam unfinished; its answers are saved and you can take it up again later",
    "help": "this list, and how to answer the question",
}
# What a word of the other mode says when typed where it does nothing.
NOT_IN_EXAMS = {
    "hint": "There are no hints in an exam.",
    "undo": "In an exam, type back to go to the previous question and answer it again.",
    "notes": "The study notes are not open during an exam.",
}
ESCAPE = "="


def command_in(line: str, commands: dict[str, str]) -> str | None:
    """The command `line` is, among `commands`, or None when it is an answer."""
    word = line.strip().lower()
    return word if word in commands else None


def answer_text(line: str) -> str:
    """The answer a line gives: itself, or what follows a leading `=` (a command word typed as an answer)."""
    stripped = line.lstrip()
    return stripped[len(ESCAPE) :] if stripped.startswith(ESCAPE) else line


def help_lines(commands: dict[str, str]) -> list[str]:
    """The commands, one line each."""
    return [
        "Commands (type the word):",
        *(f"{word}: {what}." for word, what in commands.items()),
        f"To answer with one of these words, start the line with {ESCAPE}, for example {ESCAPE}next.",
    ]
