"""Did you mean ...? The allowed value a teacher probably meant, for a key or an answer that is not one."""

from __future__ import annotations

import re
from collections.abc import Iterable

# How alike (0-100, rapidfuzz's ratio of the folded texts) a value must be to be suggested: "promt" is
# 91 like "prompt", "Condensaton" 96 like "Condensation", two different names rarely above 50.
LIKENESS = 70


def _folded(text: str) -> str:
    """The text without case, spaces and punctuation: what a slip of the keyboard leaves alone."""
    return re.sub(r"[\W_]+", "", text.casefold())


def closest(value: str, options: Iterable[str]) -> str | None:
    """The option that differs from `value` only in case, spacing and punctuation, else the most
    alike one when it is alike enough (a typo), else None."""
    options = list(options)
    folded = _folded(value)
    same = [option for option in options if folded and _folded(option) == folded]
    if same:
        return same[0]
    from rapidfuzz import fuzz, process  # only a mistake needs it: checking a good deck does not wait for it

    found = process.extractOne(value, options, scorer=fuzz.ratio, processor=_folded, score_cutoff=LIKENESS)
    return found[0] if found else None


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """` (did you mean "X"?)` for the closest option, or nothing when none is close."""
    guess = closest(value, options)
    return f' (did you mean "{guess}"?)' if guess is not None else ""
