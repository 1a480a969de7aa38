"""The same answers through plain mode and through the TUI (Pilot) give the same store: the review log
and every card's schedule, row for row (the same clock, seed and zone; only how long each answer took
differs, and is left out)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

from test_plain import answer_lines
from tui_support import UTC, FakeClock, loaded, make_app, starter

from quizapp.plain.console import Console
from quizapp.plain.start import PlainApp, PlainStart
from quizapp.study.presentation import shown_order
from quizapp.study.workspace import Workspace
from quizapp.tui.app import Start

SEED = 7
# What the student gives, question by question in deck order: right, partly right, wrong, a typo
# forgiven, a hint taken, a rating changed, an answer taken back and given again, a flashcard rated Hard.
ANSWERS: list[tuple[str, Any, list[str]]] = [  # (question, response, what follows: "hint" first, a rating, "undo")
    ("closest-planet", "Mercury", ["4"]),  # right, then rated Easy instead of Good
    ("gas-giants", ["Jupiter", "Mars"], []),  # partly right
    ("moon-light", True, []),  # wrong
    ("our-galaxy", "milky wya", ["hint"]),  # a typo forgiven, after the hint
    ("planet-count", 8, ["undo"]),  # taken back: asked again at once
    ("planet-count", 9, []),
    ("sun-and-earth", ["Sun", "Earth", "fourth"], []),
    ("inner-planets-order", None, []),  # None: the order as shown
    ("planet-nicknames", [["Mars", "its bright rings"], ["Saturn", "its red colour"]], []),
    ("orbit-definition", None, ["2"]),  # a flashcard, rated Hard
]


def store_rows(data: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(data / "progress.sqlite3") as db:
        review_columns = [row[1] for row in db.execute("PRAGMA table_info(reviews)") if row[1] not in ("duration_ms",)]
        return {
            "reviews": db.execute(f"SELECT {', '.join(review_columns)} FROM reviews ORDER BY id").fetchall(),
            "cards": db.execute("SELECT * FROM cards ORDER BY id").fetchall(),
        }


def plain_lines(deck: Path) -> list[str]:
    from quizapp.deck.loader import load_deck

    loaded_deck = load_deck(deck)
    lines: list[str] = []
    for question_id, response, then in ANSWERS:
        question = loaded_deck.question(question_id)
        if response is None and question.type == "order":
            response = list(shown_order(question, SEED))
        if "hint" in then:
            lines.append("hint")
        lines += answer_lines(deck, question_id, SEED, response)
        rating = next((word for word in then if word.isdigit()), "")
        lines.append("undo" if "undo" in then else rating)
    return [*lines, "quit"]


def keys_for(screen: Any, question_id: str, response: Any, then: list[str]) -> list[str]:
    """The keys the TUI takes for the same answer."""
    widget = screen.current_input()
    kind = screen.item.question.type
    keys = ["f3"] if "hint" in then else []  # (h would be typed into a text box)
    if kind in ("choice", "multi"):
        picked = response if isinstance(response, list) else [response]
        keys += [str(widget.shown.index(option) + 1) for option in picked]
    elif kind == "truefalse":
        keys.append("t" if response else "f")
    elif kind in ("short", "numeric"):
        keys += ["space" if char == " " else char for char in str(response)]
    elif kind == "cloze":
        for gap in response:
            keys += [*gap, "enter"]
        keys.pop()
    elif kind == "match":
        keys += [str(widget.shown.index(right) + 1) for _, right in response]
    elif kind == "flashcard":
        keys.append("space")
    keys.append("enter" if kind != "flashcard" else next(word for word in then if word.isdigit()))
    if kind != "flashcard":
        keys.append("u" if "undo" in then else next((word for word in then if word.isdigit()), "enter"))
    return keys


async def test_plain_mode_and_the_tui_record_the_same(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    plain_data, tui_data = tmp_path / "plain", tmp_path / "tui"

    out = io.StringIO()
    console = Console(io.StringIO("".join(f"{line}\n" for line in plain_lines(deck))), out, terminal=False)
    PlainApp(Workspace(plain_data, [str(deck)]), "default", console, FakeClock(), UTC).run(
        PlainStart("study", seed=SEED)
    )
    assert "Session ended." in out.getvalue()

    app = make_app(tui_data, Start("study", [str(deck)]), FakeClock(), seed=SEED)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        for question_id, response, then in ANSWERS:
            assert screen.item.question.id == question_id
            await pilot.press(*keys_for(screen, question_id, response, then))
            await pilot.pause()
        await pilot.press("escape")  # the session ends (as `quit`)
        await pilot.pause()

    plain, tui = store_rows(plain_data), store_rows(tui_data)
    assert len(plain["reviews"]) == len(ANSWERS) - 1  # the answer taken back left no row
    assert plain == tui
