"""The gaps of a cloze text: `{{answer}}`, `{{answer|other accepted}}`, `{{answer::hint}}`.

Parsed once by the deck model (to check the text) and again by whoever shows or grades the
question; the parse is cheap and keeps the model free of derived state.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

GAP_RE = re.compile(r"\{\{(.*?)\}\}")
# Texts that are plainly well formed: no stray braces, every gap with non-blank answers without ":"
# and at most a non-blank hint, no gap across a line break. Checking a deck tries this first, and only
# a text it does not match is parsed (the parse says exactly what is wrong, or that it is fine too).
_ANSWER = r"[^\S\n]*[^{}|:\s][^{}|:\n]*"
_GAP = rf"\{{\{{{_ANSWER}(?:\|{_ANSWER})*(?:::[^\S\n]*[^{{}}\s][^{{}}\n]*)?\}}\}}"
PLAINLY_WELL_FORMED = re.compile(rf"[^{{}}]*(?:{_GAP}[^{{}}]*)+")


class Gap(NamedTuple):
    """One gap: the accepted answers (the first is the one shown as expected) and its hint."""

    answers: tuple[str, ...]
    hint: str | None


class ClozeText(NamedTuple):
    """A cloze text split into the literal pieces around its gaps: len(pieces) == len(gaps) + 1."""

    pieces: tuple[str, ...]
    gaps: tuple[Gap, ...]


class ClozeError(ValueError):
    """The text's gaps are malformed; the message says how, for a teacher, as what the text does
    (lint puts the field's name before it: `text has no gaps`)."""


def _parse_gap(inside: str, number: int) -> Gap:
    if "|" not in inside and ":" not in inside and "{{" not in inside and not inside.isspace() and inside:
        return Gap((inside.strip(),), None)  # the usual gap, one answer and no hint
    body, sep, hint = inside.partition("::")
    answers = tuple(part.strip() for part in body.split("|"))
    if not any(answers):
        raise ClozeError(f"has an empty gap {number}: write the answer between the braces, {{{{answer}}}}")
    if not all(answers):
        raise ClozeError(f'has an empty alternative in gap {number}: "{inside}" (remove the extra "|")')
    if "{{" in inside:
        raise ClozeError(f'does not close gap {number} before the next one opens: "{{{{{inside}}}}}"')
    hint_text = hint.strip() if sep else None
    if sep and not hint_text:
        raise ClozeError(f'has "::" but no hint after it in gap {number}')
    return Gap(answers, hint_text)


def check_cloze(text: str) -> None:
    """Raise ClozeError if `text` is not a well-formed cloze text (cheaper than parsing it)."""
    if PLAINLY_WELL_FORMED.fullmatch(text) is None:
        parse_cloze(text)


@lru_cache(maxsize=4096)  # lint's review reads a text's gaps several times; the result is immutable
def parse_cloze(text: str) -> ClozeText:
    """Split `text` into pieces and gaps, or raise ClozeError saying what is wrong."""
    parts = GAP_RE.split(text)  # piece, gap, piece, gap, ..., piece
    pieces = tuple(parts[0::2])
    gaps = tuple(_parse_gap(inside, number) for number, inside in enumerate(parts[1::2], 1))
    for piece in pieces:
        if "{{" in piece:
            raise ClozeError('opens a gap with "{{" that is never closed with "}}"')
        if "}}" in piece:
            raise ClozeError('has "}}" closing a gap that was never opened with "{{"')
    if not gaps:
        raise ClozeError("has no gaps: mark each one as {{answer}}")
    return ClozeText(pieces, gaps)
