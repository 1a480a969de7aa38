"""A match question with extras in the app: the extras shown among the rights, every one of ten
options picked by its key (0 is the tenth), an extra graded as a wrong pair, the right pairs shown."""

from __future__ import annotations

import json
from pathlib import Path

from tui_support import loaded, make_app

from quizapp.deck.model import MatchQuestion
from quizapp.study.presentation import shown_order
from quizapp.tui.app import Start
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.question_inputs import DIGITS

PAIRS = [["Mars", "red"], ["Saturn", "rings"], ["Earth", "oceans"]]
EXTRAS = ["a storm", "a tilt", "moons", "no moons", "ice", "a comet tail", "dust"]  # 3 + 7: ten options

DECK = f"""
[deck]
id = "extras"
title = "Extras"

[[questions]]
id = "planets"
type = "match"
prompt = "Match each planet with what it is known for."
pairs = {json.dumps(PAIRS)}
extra = {json.dumps(EXTRAS)}
explanation = "Only three of the ten describe one of these planets."
"""


def extras_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    deck = tmp_path / "extras.toml"
    deck.write_text(DECK, encoding="utf-8")
    return make_app(tmp_path / "data", Start("study", [str(deck)]))


async def test_extras_are_shown_among_the_rights_and_picked_by_their_keys(tmp_path: Path) -> None:
    app = extras_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.current_input().shown
        assert sorted(shown) == sorted([right for _, right in PAIRS] + EXTRAS)
        # Shuffled together: the rights are not the first three, nor the extras all at the end.
        assert set(shown[:3]) != {right for _, right in PAIRS} and set(shown[-7:]) != set(EXTRAS)
        tenth = shown[9]
        first_extra = next(option for option in shown if option in EXTRAS and option != tenth)
        mars_key = DIGITS[shown.index(first_extra)]
        # Mars gets an extra, Saturn the tenth option (key 0), Earth its own right side.
        keys = [mars_key, "0", DIGITS[shown.index("oceans")], "enter"]
        await pilot.press(*keys)
        await pilot.pause()
        result = screen.submitted.grade
        saturn_right = tenth == "rings"
        assert [part.given for part in result.parts] == [first_extra, tenth, "oceans"]
        assert result.score == (2 if saturn_right else 1) / 3
        answers = str(screen.query_one(".answers").render())
        assert f"Mars:  {first_extra} ✗ (matches nothing)  right: red" in answers
        assert "Earth:  oceans ✓" in answers
        row = app.store._db.execute("SELECT response FROM reviews").fetchone()
        assert json.loads(row[0]) == [["Mars", first_extra], ["Saturn", tenth], ["Earth", "oceans"]]


async def test_the_tenth_option_is_numbered_0_on_screen(tmp_path: Path) -> None:
    app = extras_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot)
        widget = app.screen.current_input()
        lines = str(widget.render()).splitlines()
        assert lines[-1] == f"0. {widget.shown[9]}" and lines[-2] == f"9. {widget.shown[8]}"


def test_the_rights_are_never_shown_in_the_order_of_their_lefts() -> None:
    """Two pairs shown in their lefts' order half the time by chance: then the student need not know."""
    for extra in ([], ["none"]):
        question = MatchQuestion(type="match", id="two", prompt="p", pairs=[["a", "1"], ["b", "2"]], extra=extra)
        for seed in range(200):
            shown = shown_order(question, seed)
            assert sorted(shown) == sorted(["1", "2", *extra])
            assert shown.index("1") > shown.index("2"), seed
