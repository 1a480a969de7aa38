"""How things are laid out for people: the order of a question's options, items and right sides,
and intervals and points in short words.

Shuffles are drawn from a seed and the question's id, so an exam attempt shows the same order every
time it is drawn again (and a snapshot test is stable), while each study session passes a new seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..deck.model import QuestionBase


def _rng(seed: int, question_id: str) -> random.Random:
    # A string seed is hashed (SHA-512) by random itself: the same on every run and every machine.
    return random.Random(f"{seed}:{question_id}")


def shown_order(question: QuestionBase, seed: int) -> tuple[str, ...]:
    """What the student arranges or picks from, in the order shown: the options of a choice or multi
    question, the items of an order question (never already in order), the right sides of a match
    with its extras among them (never with the rights in the order of their lefts)."""
    rng = _rng(seed, question.id or "")
    kind = question.type
    if kind in ("choice", "multi"):
        options = list(question.choices)  # type: ignore[attr-defined]
        if question.shuffle:  # type: ignore[attr-defined]
            rng.shuffle(options)
        return tuple(options)
    if kind == "order":
        items = list(question.items)  # type: ignore[attr-defined]
        rng.shuffle(items)
        if items == list(question.items):  # type: ignore[attr-defined]  # already in order would give the answer away
            items = items[1:] + items[:1]
        return tuple(items)
    if kind == "match":
        options = question.right_options()  # type: ignore[attr-defined]
        rng.shuffle(options)
        places = [options.index(right) for _, right in question.pairs]  # type: ignore[attr-defined]
        if places == sorted(places):  # the rights in the order of their lefts would pair themselves: swap two
            options[places[0]], options[places[1]] = options[places[1]], options[places[0]]
        return tuple(options)
    return ()


def format_points(points: float) -> str:
    """Points as people read them, to at most 2 decimals: `6.33`, `6.5`, `6` (files keep full precision)."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def describe_interval(interval: dt.timedelta) -> str:
    """A short interval for the rating buttons: `10m`, `1h`, `3d`, `2mo`, `1.5y`."""
    seconds = interval.total_seconds()
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"
