"""Pilot tests of the study screen, for every question type: right, wrong, partial, hint, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bundled_count
from textual.widgets import Input
from tui_support import FakeClock, loaded, make_app, prepared_questions, starter

from quizapp.study.progress import Rating
from quizapp.tui.app import Start
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.feedback import Feedback
from quizapp.tui.widgets.question_inputs import Choices, Cloze, Flashcard, Match, Order, Typed


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return starter(tmp_path / "decks")


async def open_study(tmp_path: Path, deck: Path, clock: FakeClock | None = None):
    app = make_app(tmp_path / "data", Start("study", [str(deck)]), clock)
    return app


async def reach(pilot, question_id: str) -> StudyScreen:  # type: ignore[no-untyped-def]
    """Skip questions (answering them wrong) until `question_id` is on screen."""
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen)
    for _ in range(20):
        if screen.item is not None and screen.item.question.id == question_id:
            return screen
        await screen.submit(None)
        await pilot.pause()
        await screen.next_question()
        await pilot.pause()
    raise AssertionError(f"{question_id} never came")


def reviews(app) -> list[tuple]:  # type: ignore[no-untyped-def]
    return app.store._db.execute("SELECT question_id, rating, score, response FROM reviews ORDER BY id").fetchall()


async def test_the_first_question_is_shown_with_its_deck_and_progress(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.item.question.id == "closest-planet"
        assert isinstance(screen.current_input(), Choices)
        assert "Planets" in str(screen.query_one("#study-header").render())


async def test_each_question_shown_is_prepared_while_it_is_read(
    tmp_path: Path, deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen has the session work out a question's outcomes once it is shown (StudySession.prepare),
    so that the answer usually waits only for its grading and its commit."""
    prepared = prepared_questions(monkeypatch)
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.pause()
        screen = app.screen
        assert prepared == ["closest-planet"]
        await pilot.press("1", "enter", "enter")
        await pilot.pause()
        assert screen.item.question.id == "gas-giants"
        assert prepared == ["closest-planet", "gas-giants"]


async def test_choice_right_by_digit_then_enter_takes_the_suggested_rating(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        mercury = screen.current_input().shown.index("Mercury") + 1
        await pilot.press(str(mercury), "enter")
        assert screen.state == "feedback"
        feedback = screen.query_one(Feedback)
        assert "Right" in str(feedback.query_one(".verdict").render())
        assert reviews(app) == [("closest-planet", 3, 1.0, '"Mercury"')]  # committed before the next question
        await pilot.press("enter")
        assert screen.item.question.id == "gas-giants"


async def test_wrong_choice_shows_its_feedback_and_again_is_suggested(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        venus = screen.current_input().shown.index("Venus") + 1
        await pilot.press(str(venus), "enter")
        text = str(screen.query_one(".answers").render())
        assert "Wrong" in str(screen.query_one(".verdict").render())
        assert "the hottest, not the closest" in text
        assert screen.submitted.rating is Rating.AGAIN


async def test_choosing_another_rating_replaces_the_suggestion(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter", "4")
        assert reviews(app)[0][1] == 4
        assert app.store.progress(app.profile.id, "planets", "closest-planet").state.name == "REVIEW"


async def test_multi_partial_credit(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "gas-giants")
        widget = screen.current_input()
        await pilot.press(str(widget.shown.index("Jupiter") + 1), "enter")
        assert "Partly right: ticked 1 of the 2 right options · 50% credit" in str(
            screen.query_one(".verdict").render()
        )
        assert screen.submitted.grade.score == 0.5 and screen.submitted.rating is Rating.HARD


async def test_truefalse_by_letter(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "moon-light")
        await pilot.press("f", "enter")
        assert screen.submitted.grade.correct and screen.submitted.response is False


async def test_short_answer_typed_with_a_typo_shows_the_exact_spelling(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "our-galaxy")
        assert isinstance(screen.current_input(), Typed)
        await pilot.pause()
        await pilot.press(*"Milky Wya", "enter")
        assert screen.submitted.grade.correct
        assert "exact spelling" in str(screen.query_one(".answers").render())


async def test_numeric_shows_its_unit_and_grades_the_number(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "planet-count")
        assert "planets" in str(screen.query_one(".unit").render())
        await pilot.pause()
        await pilot.press("9", "enter")
        assert not screen.submitted.grade.correct and reviews(app)[-1][3] == "9"


async def test_cloze_gaps_are_filled_in_turn_and_partly_right(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "sun-and-earth")
        widget = screen.current_input()
        assert isinstance(widget, Cloze) and len(widget.query(Input)) == 3
        await pilot.pause()
        await pilot.press(*"sun", "enter", *"the earth", "enter", *"fourth", "enter")
        assert screen.submitted.response == ["sun", "the earth", "fourth"]
        assert screen.submitted.grade.score == pytest.approx(2 / 3)
        assert "Partly right: 2 of 3" in str(screen.query_one(".verdict").render())


async def test_order_items_are_moved_with_digits(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "inner-planets-order")
        widget = screen.current_input()
        assert isinstance(widget, Order) and widget.items != ["Mercury", "Venus", "Earth", "Mars"]
        for position, name in enumerate(["Mercury", "Venus", "Earth", "Mars"], start=1):
            await pilot.press(str(widget.items.index(name) + 1), str(position))
        assert widget.response() == ["Mercury", "Venus", "Earth", "Mars"]
        await pilot.press("enter")
        assert screen.submitted.grade.correct


async def test_a_partly_right_order_ticks_the_items_in_order_and_credits_them(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "inner-planets-order")
        widget = screen.current_input()
        for position, name in enumerate(["Mars", "Mercury", "Venus", "Earth"], start=1):
            await pilot.press(str(widget.items.index(name) + 1), str(position))
        await pilot.press("enter")
        assert screen.submitted.grade.score == 0.75
        assert "Partly right: 3 of 4 in order · 75% credit" in str(screen.query_one(".verdict").render())
        answers = str(screen.query_one(".answers").render())
        assert "position 1:  Mars ✗  out of place: it belongs at position 4" in answers
        assert "position 2:  Mercury ✓" in answers and "Right order: Mercury → Venus → Earth → Mars" in answers


async def test_match_pairs_are_made_with_digits(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "planet-nicknames")
        widget = screen.current_input()
        assert isinstance(widget, Match)
        for left, right in (
            ("Mars", "its red colour"),
            ("Saturn", "its bright rings"),
            ("Earth", "liquid water on its surface"),
        ):
            assert widget.lefts[widget.cursor] == left
            await pilot.press(str(widget.shown.index(right) + 1))
        await pilot.press("enter")
        assert screen.submitted.grade.correct


async def test_flashcard_is_turned_over_and_rated(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await reach(pilot, "orbit-definition")
        widget = screen.current_input()
        assert isinstance(widget, Flashcard) and not widget.revealed
        await pilot.press("space")
        assert widget.revealed and "curved path" in str(widget.render())
        await pilot.press("2")
        assert reviews(app)[-1][:2] == ("orbit-definition", 2)


async def test_hint_caps_the_rating_at_hard(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("h")
        hint = screen.query_one("#hint")
        assert hint.display and "smallest planet" in str(hint.render())
        await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter")
        assert screen.submitted.rating is Rating.HARD


async def test_undo_takes_back_the_answer_and_asks_again(tmp_path: Path, deck: Path) -> None:
    app = await open_study(tmp_path, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter", "enter")
        assert screen.item.question.id == "gas-giants" and len(reviews(app)) == 1
        await pilot.press("u")
        assert screen.item.question.id == "closest-planet" and reviews(app) == []
        await pilot.press("1", "enter", "ctrl+z")  # undo from the feedback view too
        assert screen.state == "asking" and reviews(app) == []


async def test_deck_text_is_shown_literally(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = folder / "markup.toml"
    deck.write_text(
        '[deck]\nid = "markup"\ntitle = "[b]Bold?[/b]"\n\n[[questions]]\nid = "q"\ntype = "choice"\n'
        'prompt = "Is [red]this[/red] red? [/x]"\nchoices = ["[b]yes[/b]", "[/x] no"]\nanswer = "[/x] no"\n'
        'explanation = "Brackets [like these] stay as typed."\n',
        encoding="utf-8",
    )
    app = make_app(tmp_path / "data", Start("study", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert "Is [red]this[/red] red? [/x]" in str(screen.query_one("#prompt").render())
        assert "[/x] no" in str(screen.current_input().render())
        await pilot.press(str(screen.current_input().shown.index("[/x] no") + 1), "enter")
        assert "Brackets [like these] stay as typed." in str(screen.query_one(".explanation").render())


async def test_session_end_summary_and_backup(tmp_path: Path, deck: Path) -> None:
    clock = FakeClock()
    app = await open_study(tmp_path, deck, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press(str(screen.current_input().shown.index("Mercury") + 1), "enter", "4")
        await pilot.press("escape")
        assert screen.state == "done"
        text = str(screen.query_one("#session-end").render())
        assert "Answered: 1" in text and "Right: 1 (100%)" in text and "Next reviews fall due from" in text
        assert list((tmp_path / "data" / "backups").glob("progress-*.sqlite3"))
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_practice_records_nothing_in_the_schedule(tmp_path: Path, deck: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.open_study([d for d in app.catalog.decks if d.id == "nk-russia-core"], practice=True)
        await pilot.pause()
        screen = app.screen
        await pilot.press("1")
        await screen.submit(screen.current_input().response())
        await pilot.pause()
        assert app.store.deck_progress(app.profile.id, "nk-russia-core") == {}
        assert "practice" in str(screen.query_one(".ratings").render())


async def test_a_session_that_ends_at_once_says_the_daily_limit_is_spent_and_offers_practice(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.store.save_settings(app.profile.id, app.profile.settings._replace(new_per_day=1))
        app.switch_profile("default")  # read the settings again
        await pilot.press("enter", "1", "enter", "escape", "escape")  # the one new question of the day, first deck
        await pilot.pause()
        await pilot.press("down", "enter")  # the second deck: nothing left for today
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.state == "done"
        text = str(screen.query_one("#session-end").render())
        assert "Answered: 0" in text
        assert (
            "Today's limit of 1 new question is reached (you studied 1 today). "
            f"{bundled_count('motives')} more wait in this deck until Sat 28 Nov, 04:00."
        ) in text
        assert "c: practise" in text
        await pilot.press("c")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, StudyScreen) and practice is not screen and practice.practice
        assert (
            practice.item.deck.id == "nk-russia-motives" and practice.session.remaining == bundled_count("motives") - 1
        )
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and len(app.screen_stack) == 2
