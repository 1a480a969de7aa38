"""A typed answer compared with the expected one, character by character (as Anki's type-in answers).

The feedback view marks what the student typed right, typed wrong, and left out.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

Mark = Literal["same", "wrong", "missing"]


def compare_typed(typed: str, expected: str) -> tuple[list[tuple[str, Mark]], list[tuple[str, Mark]]]:
    """Two marked versions: of the typed text (same / wrong) and of the expected text (same / missing).

    Case is ignored in the comparison, as it is in grading (unless a question is case-sensitive,
    where the grade already says so).
    """
    matcher = SequenceMatcher(None, typed.casefold(), expected.casefold(), autojunk=False)
    given: list[tuple[str, Mark]] = []
    wanted: list[tuple[str, Mark]] = []
    for operation, typed_start, typed_end, expected_start, expected_end in matcher.get_opcodes():
        typed_part, expected_part = typed[typed_start:typed_end], expected[expected_start:expected_end]
        if operation == "equal":
            given.append((typed_part, "same"))
            wanted.append((expected_part, "same"))
            continue
        if typed_part:
            given.append((typed_part, "wrong"))
        if expected_part:
            wanted.append((expected_part, "missing"))
    return given, wanted
