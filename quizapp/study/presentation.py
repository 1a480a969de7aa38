"""How things are laid out for people: the order of a question's options, items and right sides,
intervals and points in short words, how much of a partly right answer was right, the notes a
question cites, and what a study session did (the TUI and plain mode both say these the same way).

Shuffles are drawn from a seed and the question's id, so an exam attempt shows the same order every
time it is drawn again (and a snapshot test is stable), while each study session passes a new seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..deck.model import Note, QuestionBase
    from .grading import Grade
    from .session import Item, StudySession


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


# The units of an interval: the short form of the rating buttons, and the words plain mode says.
INTERVAL_UNITS = {"m": "minute", "h": "hour", "d": "day", "mo": "month", "y": "year"}


def _interval_amount(interval: dt.timedelta) -> tuple[str, str]:
    """An interval as a rounded amount and its unit's short name: ("10", "m"), ("1.5", "y")."""
    seconds = interval.total_seconds()
    if seconds < 3600:
        return str(max(1, round(seconds / 60))), "m"
    if seconds < 86400:
        return str(round(seconds / 3600)), "h"
    days = seconds / 86400
    if days < 30:
        return str(round(days)), "d"
    if days < 365:
        return str(round(days / 30)), "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip("."), "y"


def describe_interval(interval: dt.timedelta) -> str:
    """A short interval for the rating buttons: `10m`, `1h`, `3d`, `2mo`, `1.5y`."""
    amount, unit = _interval_amount(interval)
    return amount + unit


def interval_words(interval: dt.timedelta) -> str:
    """The same interval in words, as it reads aloud: `10 minutes`, `1 day`, `1.5 years`."""
    amount, unit = _interval_amount(interval)
    return f"{amount} {INTERVAL_UNITS[unit]}{'' if amount == '1' else 's'}"


# What the parts of a partly right answer are, by question type: "2 of 3 gaps".
PART_NAMES = {"cloze": "gaps", "order": "in order", "match": "pairs"}


def partly_right(result: Grade) -> str:
    """How much of a partly right answer was right, in words that agree with the score."""
    if result.kind == "multi":
        # The score is (right ticks − wrong ticks) ÷ right options, which no "k of n" of the options
        # says: both counts are given.
        wanted = sum(bool(part.expected) for part in result.parts)
        right = sum(bool(part.given and part.expected) for part in result.parts)
        wrong = sum(bool(part.given and not part.expected) for part in result.parts)
        extra = f" and {wrong} wrong {'one' if wrong == 1 else 'ones'}" if wrong else ""
        return f"ticked {right} of the {wanted} right options{extra}"
    right = sum(part.correct for part in result.parts)
    return f"{right} of {len(result.parts)} {PART_NAMES.get(result.kind, 'parts')}"


def cited_notes(item: Item) -> list[Note]:
    """The deck's notes for the paragraphs a question cites, in paragraph order."""
    cited = set(item.question.source)
    return sorted((note for note in item.deck.notes if note.source in cited), key=lambda note: note.source)


def local_time(moment: dt.datetime, tz: dt.tzinfo | None, spoken: bool = False) -> str:
    """A time as the student reads it: local (in `tz`), day and hour (`spoken`: in whole words, as a
    screen reader says them)."""
    return moment.astimezone(tz).strftime("%A %d %B at %H:%M" if spoken else "%a %d %b, %H:%M")


def duration_words(seconds: float) -> str:
    """A duration as it reads aloud: `1 hour 5 minutes`, `12 minutes 30 seconds`, `45 seconds`."""
    hours, rest = divmod(max(0, round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    amounts = [(hours, "hour"), (minutes, "minute"), (0 if hours else secs, "second")]
    return " ".join(f"{amount} {unit}{'' if amount == 1 else 's'}" for amount, unit in amounts if amount) or "0 seconds"


def session_report(session: StudySession, spoken: bool = False) -> tuple[str, list[str]]:
    """What a study session did, for its end: a heading, then the counts, when reviews come next, and
    the daily limits that kept questions out of it (`spoken`: times in whole words)."""
    summary = session.summary
    minutes, seconds = divmod(int(summary.seconds), 60)
    share = f" ({summary.right / summary.answered:.0%})" if summary.answered else ""
    took = duration_words(summary.seconds) if spoken else f"{minutes} min {seconds:02d} s"
    lines = [f"Answered: {summary.answered}", f"Right: {summary.right}{share}", f"Time: {took}"]

    def when(moment: dt.datetime) -> str:
        return local_time(moment, session.tz, spoken)

    waiting = session.waiting_until()
    if waiting is not None and session.remaining:
        lines.append(f"Learning steps still to come today, the next at {when(waiting)}.")
    elif summary.next_due is not None:
        lines.append(f"Next reviews fall due from {when(summary.next_due)}.")
    # Why a session is short (or empty) while the home screen counts new questions: a daily limit.
    lines += [limit.sentence(when(limit.resets), len(session.decks)) for limit in session.limits_reached()]
    return ("Session complete" if session.remaining == 0 else "Session ended"), lines
