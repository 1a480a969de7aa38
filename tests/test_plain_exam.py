"""Plain mode's exam keeps everything the student typed and says what it recorded: a fill-in-the-gaps
question left after some of its gaps, a question's number at the review in any script, an exam with
no questions (plain mode and the TUI), ctrl+C. The exam run in-process on a clock the test moves."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from test_plain import QUIZAPP, Ticking
from tui_support import FakeClock, loaded, make_app, starter

from benchmarks.environment import clean_environment
from quizapp.deck.loader import load_deck
from quizapp.plain.console import Console
from quizapp.plain.start import PlainApp, PlainStart
from quizapp.study.exam import ExamSession, ExamSettings
from quizapp.study.workspace import Workspace
from quizapp.tui.app import Start

SEED = 1
CLOZE = "sun-and-earth"  # three gaps: "Sun", "Earth", "third"


class Interrupted(io.StringIO):
    """Lines to read, then ctrl+C (where the end of the input would be)."""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline(size)
        if not line:
            raise KeyboardInterrupt
        return line


def lines_in(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def sit(data: Path, deck: Path, lines: list[str], source: io.StringIO | None = None, **start: Any) -> str:
    """What plain mode says while the exam of `deck` (seed 1) is sat with `lines` typed."""
    out = io.StringIO()
    console = Console(source or io.StringIO(lines_in(lines)), out, terminal=False)
    clock = start.pop("clock", FakeClock())
    app = PlainApp(Workspace(data, [str(deck)]), "default", console, clock)
    app.run(PlainStart("quiz", seed=SEED, results_dir=data / "results", **start))
    return out.getvalue()


def in_progress(data: Path, deck_id: str = "planets") -> Any:
    """The unfinished attempt the store keeps (None: none)."""
    workspace = Workspace(data)
    try:
        store = workspace.store()
        return store.exam_in_progress(store.profile("default", FakeClock()()).id, deck_id)
    finally:
        workspace.close()


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return starter(tmp_path / "decks")


def to_the_cloze(deck: Path) -> list[str]:
    """`next` up to the cloze in the draw of seed 1."""
    loaded_deck = load_deck(deck)
    order = [
        q.id for q in ExamSession(loaded_deck, ExamSettings.for_deck(loaded_deck, seed=SEED), FakeClock()).questions
    ]
    assert 0 < order.index(CLOZE) < len(order) - 1  # `back` and `next` both lead away from it
    return ["next"] * order.index(CLOZE)


# ---------------------------------------------------------------------------------- a cloze edited in part


@pytest.mark.parametrize("leaving", [["next", "quit"], ["back", "quit"], ["submit", "quit"], ["quit"], [], "ctrl+c"])
def test_a_cloze_edited_in_part_keeps_the_gaps_not_typed_and_says_what_it_recorded(
    tmp_path: Path, deck: Path, leaving: list[str] | str
) -> None:
    data = tmp_path / "data"
    sit(data, deck, [*to_the_cloze(deck), "Sun", "Earth", "third", "quit"])
    assert in_progress(data).responses[CLOZE] == ["Sun", "Earth", "third"]
    # Taken up again at the question after the cloze: back to it, only gap 1 changed, then away.
    typed = ["y", "back", "Moon"]
    if leaving == "ctrl+c":
        with pytest.raises(KeyboardInterrupt):
            sit(data, deck, [], source=Interrupted(lines_in(typed)))
    else:
        out = sit(data, deck, [*typed, *leaving])  # (no line left: the end of the input)
        assert "Your answer so far: gap 1: Sun; gap 2: Earth; gap 3: third." in out
        assert "Gap 1: Moon\nGap 2: " in out
        assert "Recorded: gap 1: Moon; gap 2: Earth; gap 3: third.\n" in out
    assert in_progress(data).responses[CLOZE] == ["Moon", "Earth", "third"]


def test_a_first_answer_given_in_part_is_said_with_its_empty_gaps_and_blank_gaps_change_nothing(
    tmp_path: Path, deck: Path
) -> None:
    data = tmp_path / "data"
    out = sit(data, deck, [*to_the_cloze(deck), "Sun", "next", "back", "  ", "next", "quit"])
    assert "Recorded: gap 1: Sun; gap 2: nothing; gap 3: nothing.\n" in out
    assert out.count("Recorded") == 1  # the blank gap typed on the way back recorded nothing
    assert in_progress(data).responses[CLOZE] == ["Sun", "", ""]


def test_gaps_left_after_the_time_is_up_are_said_not_recorded(tmp_path: Path, deck: Path) -> None:
    # Each line read takes 2 minutes of a 10-minute exam: the cloze's first gap is typed at minute
    # 8, and the input ends at minute 10, with the time up.
    data, clock = tmp_path / "data", FakeClock()
    lines = ["next", "next", "next", "Sun"]
    assert lines[:3] == to_the_cloze(deck)
    out = sit(data, deck, [], source=Ticking(lines, clock, minutes=2), clock=clock, time_limit=10)
    assert "The time is up: this answer was not recorded." in out and "Recorded" not in out
    assert CLOZE not in in_progress(data).responses


# ---------------------------------------------------------------------------------- the review


def test_a_number_at_the_review_is_in_ascii_digits_anything_else_is_asked_again(tmp_path: Path, deck: Path) -> None:
    out = sit(tmp_path / "data", deck, ["submit", "²", "٣", "1" * 5000, "3", "quit"])
    again = "Type y to submit, n to go back to the exam, or a question's number, 1 to 8.\n"
    assert out.count(again) == 3
    assert (
        f"{again}Submit now? Type y to submit, n to go back, or a question's number to go to it: 3\n\nQuestion 3 of 8.\n"
        in out
    )


# ---------------------------------------------------------------------------------- no questions

FLASHCARDS_ONLY = """\
[deck]
id = "cards"
title = "Cards"

[[questions]]
id = "orbit"
type = "flashcard"
prompt = "What is an orbit?"
answer = "The path of one body around another."
"""


def test_an_exam_with_no_questions_begins_no_attempt_in_plain_mode(tmp_path: Path) -> None:
    data, deck = tmp_path / "data", tmp_path / "cards.toml"
    deck.write_text(FLASHCARDS_ONLY, encoding="utf-8")
    for _ in range(2):  # the second time, no unfinished attempt is offered
        assert sit(data, deck, ["n", "y"]).strip() == "This exam has no questions."
    assert in_progress(data, "cards") is None
    assert not (data / "results").exists()


async def test_an_exam_with_no_questions_begins_no_attempt_in_the_tui(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "decks").mkdir(parents=True)
    (data / "decks" / "cards.toml").write_text(FLASHCARDS_ONLY, encoding="utf-8")
    app = make_app(data, Start())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.catalog is not None and app.store is not None and app.profile is not None
        home = app.screen
        app.open_exam(app.catalog.find("cards"))
        await pilot.pause()
        assert app.screen is home
        assert app.store.exam_in_progress(app.profile.id, "cards") is None


# ---------------------------------------------------------------------------------- ctrl+C


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_ctrl_c_in_an_exam_says_it_is_left_unfinished_with_its_answers_saved(tmp_path: Path, deck: Path) -> None:
    from benchmarks.terminal import Terminal

    data = tmp_path / "data"
    command = [QUIZAPP, "--data-dir", str(data), "quiz", str(deck), "--plain", "--seed", str(SEED)]
    terminal = Terminal(command, clean_environment())
    try:
        terminal.wait_for("Answer: ")
        terminal.type("Mars\r")  # question 1, our-galaxy: a typed answer
        terminal.wait_for("Question 2 of 8.")
        terminal.mark()  # quiet: its prompt is written, the line awaited (ctrl+C anywhere leaves it the same)
        terminal.type("\x03")
        terminal.wait_for("Run the same command again to take it up.")
    finally:
        status = terminal.close()
    assert status == 130
    assert b"Exam left unfinished: 1 of 8 answered, all saved." in terminal.output
    assert in_progress(data).responses == {"our-galaxy": "Mars"}
