"""The keys people press, as they press them: typed ahead with no pause, arrows as well as digits,
enter in one text box after another, escape on every dialog. Each test here is a bug a student hit."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable
from tui_support import STARTER_IDS, FakeClock, key_events, loaded, make_app, starter, type_ahead

from quizapp.study.grading import grade, right_response
from quizapp.study.presentation import shown_order
from quizapp.tui.app import Start
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.exam import ExamResults, ExamReview, ExamScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.question_inputs import AnswerBox, QuestionInput, input_for

# The starter deck's questions in deck order (the exam below does not shuffle): the three typed
# ones come one after another (short, numeric, cloze), as in the exam that crashed.
IN_ORDER = [question_id for question_id in STARTER_IDS if question_id != "orbit-definition"]


def unshuffled_exam_deck(folder: Path) -> Path:
    """The starter deck with an exam that keeps the deck's order."""
    path = starter(folder)
    text = path.read_text()
    path.write_text(text.replace("[[questions]]", "[deck.quiz]\nshuffle = false\n\n[[questions]]", 1))
    return path


def exam_app(tmp_path: Path, clock: FakeClock | None = None, **options: object):  # type: ignore[no-untyped-def]
    deck = unshuffled_exam_deck(tmp_path / "decks")
    return make_app(
        tmp_path / "data",
        Start("quiz", [str(deck)], {"seed": 3, "results_dir": tmp_path / "results", **options}),
        clock or FakeClock(),
    )


def right_keys(widget: QuestionInput) -> list[str]:
    """The keys that give the right answer to the question of `widget`, as a student would press them."""
    question = widget.question
    kind = question.type
    if kind == "choice":  # the arrows, not digits: what is highlighted is what is answered
        return ["down"] * (widget.shown.index(question.answer) + 1) + ["enter"]
    if kind == "multi":
        return [str(widget.shown.index(answer) + 1) for answer in question.answers] + ["enter"]
    if kind == "truefalse":
        return ["t" if question.answer else "f", "enter"]
    if kind in ("short", "numeric"):
        return [*str(right_response(question)), "enter"]
    if kind == "cloze":
        return [key for gap in right_response(question) for key in [*gap, "enter"]]
    if kind == "order":
        keys, items = [], list(widget.shown)
        for place, item in enumerate(question.items):
            keys += [str(items.index(item) + 1), str(place + 1)]
            items.remove(item)
            items.insert(place, item)
        return [*keys, "enter"]
    assert kind == "match"
    return [str(widget.shown.index(right) + 1) for _, right in question.pairs] + ["enter"]


async def test_a_whole_exam_typed_ahead_records_every_answer_and_scores_full_marks(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert [question.id for question in screen.session.questions] == IN_ORDER  # no flashcard: it cannot be scored
        keys: list[str] = []
        for question in screen.session.questions:
            keys += keys_for(question, screen.session.seed)
        await type_ahead(pilot, *keys)  # every key queued at once: no pause for the next question to appear
        assert isinstance(app.screen, ExamReview)
        assert "8 of 8 answered" in str(app.screen.query_one("#review-count").render())
        for question in screen.session.questions:
            assert grade(question, screen.session.responses[question.id]).correct, question.id
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
    (saved,) = (tmp_path / "results").glob("*.json")
    data = json.loads(saved.read_text())
    assert data["score"] == data["max_score"] == 8


def keys_for(question, seed: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The keys that answer `question` right as shown with `seed` (its input built aside, to learn the
    order its options or items are shown in)."""
    return right_keys(input_for(question, shown_order(question, seed)))


async def test_enter_from_a_number_to_a_cloze_to_a_short_answer(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await type_ahead(pilot, "pagedown", "pagedown", "pagedown")
        assert screen.session.questions[screen.position].id == "our-galaxy"
        await type_ahead(pilot, *"Mars", "enter", "7", "enter", "x", "enter", "y", "enter", "z", "enter")
        assert screen.session.responses == {"our-galaxy": "Mars", "planet-count": 7, "sun-and-earth": ["x", "y", "z"]}
        assert screen.session.questions[screen.position].id == "inner-planets-order"
        assert isinstance(app.focused, QuestionInput)  # the next question has the keys


async def test_arrows_pick_the_option_they_highlight_in_an_exam(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        shown = screen.current().shown
        await pilot.press("down", "enter")
        assert screen.session.responses == {"closest-planet": shown[0]}
        await pilot.press("left", "down", "down", "up", "up", "up", "enter")  # back to it; down twice, up past the top
        assert screen.session.responses == {"closest-planet": shown[-1]}
        await pilot.press("enter")  # nothing highlighted on a new question: enter gives no answer
        assert "gas-giants" not in screen.session.responses


async def test_left_and_right_leave_a_text_question_only_from_the_ends_of_its_text(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert screen.position == 3 and isinstance(app.focused, AnswerBox)
        await pilot.press(*"Milky", "left", "left")
        assert screen.position == 3 and app.focused.cursor_position == 3
        await pilot.press("right", "right", "right")  # the third reaches past the end: the next question
        assert screen.position == 4 and screen.session.responses["our-galaxy"] == "Milky"
        await pilot.press("left")  # an empty box: straight back, the answer kept
        assert screen.position == 3 and app.focused.value == "Milky"


async def test_a_word_where_a_number_is_expected_is_sent_back_to_try_again(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press(*["pagedown"] * 4)
        assert screen.session.questions[screen.position].id == "planet-count"
        await type_ahead(pilot, *"eight", "enter")
        assert screen.position == 4 and "planet-count" not in screen.session.responses
        assert any("A number is expected" in note.message for note in app._notifications)
        await type_ahead(pilot, *["backspace"] * 5, "8", "enter")
        assert screen.position == 5 and screen.session.responses["planet-count"] == 8


async def test_the_review_opens_a_listed_question_and_counts_as_the_status_line_does(tmp_path: Path) -> None:
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("1", "enter", "pagedown", "f2", "escape")  # answer one, flag the third, review
        assert isinstance(app.screen, ExamReview)
        review = str(app.screen.query_one("#review-count").render())
        assert "1 of 8 answered" in review and "answered 1" in str(screen.query_one("#exam-status").render())
        await pilot.press("down", "down", "enter")  # the second listed: question 3, unanswered and flagged
        assert app.screen is screen and screen.position == 2
        assert "⚑ flagged" in str(screen.query_one("#exam-status").render())
        await pilot.press("escape", "escape")  # review, then back to the question
        assert app.screen is screen and screen.position == 2


async def test_a_resumed_exam_opens_where_it_was_left_with_its_flags(tmp_path: Path) -> None:
    clock = FakeClock()
    async with exam_app(tmp_path, clock, time_limit=10).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("t", "pagedown", "pagedown", "f2", "f")  # flag question 3 and answer it: false
        await pilot.press("pagedown", "pagedown", "f2")
    clock.advance(minutes=1)  # the program ended (killed, closed) without submitting
    app = exam_app(tmp_path, clock, time_limit=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ExamScreen) and screen.position == 4
        assert screen.session.flagged == {"moon-light", "planet-count"}
        assert screen.session.responses == {"moon-light": False}


async def test_escape_on_the_unfinished_exam_offer_keeps_the_attempt(tmp_path: Path) -> None:
    clock = FakeClock()
    async with exam_app(tmp_path, clock).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("down", "enter")
        started = pilot.app.screen.session.started
    app = exam_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        attempt = app.store.exam_in_progress(app.profile.id, "planets")
        assert attempt is not None and attempt.started == started and len(attempt.responses) == 1
        await pilot.press("x", "n")  # a new attempt is confirmed first; escape there goes back to the offer
        assert isinstance(app.screen, ConfirmScreen) and "submitted as it stands" in str(
            app.screen.query("Static").first().render()
        )
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen) and "Take it up again?" in str(
            app.screen.query("Static").first().render()
        )
        await pilot.press("escape")
        assert app.store.exam_in_progress(app.profile.id, "planets").started == started
    assert not (tmp_path / "results").exists()


def home_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The home screen, with the unshuffled starter deck among the decks (id `planets`)."""
    unshuffled_exam_deck(tmp_path / "data" / "decks")
    return make_app(tmp_path / "data", Start())


def results_responses(folder: Path) -> dict[str, object]:
    """What the one results file in `folder` recorded for each question (None: not answered)."""
    (saved,) = folder.glob("*.json")
    return {item["question"]: item["response"] for item in json.loads(saved.read_text())["responses"]}


async def typed_as_it_opens(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Keys that reach the app while the screen just opened is still being mounted (as a terminal's do,
    at any moment): put straight in the app's queue, ahead of the screen's first steps (`type_ahead`
    sends them through the driver, a turn of the loop later, when the screen may be up already); then
    wait until the app has handled them all."""
    app = pilot.app
    for event in key_events(app, keys):
        app.post_message(event)
    await type_ahead(pilot)  # (no keys: only the wait)
    for _ in keys:
        await pilot.pause()


def keys_shown(question, seed: int) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The options of `question` in the order its input shows them with `seed`."""
    return input_for(question, shown_order(question, seed)).shown


async def test_keys_typed_as_the_exam_opens_wait_for_its_first_question(tmp_path: Path) -> None:
    # The exam screen is on top as soon as it is opened, its first question mounted a moment later:
    # a key typed in between went to the bare screen and was lost (here the 1: the next enter then
    # left question 1 unanswered). The exam is opened as x on the home screen opens it.
    app = home_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.open_exam(app.catalog.find("planets"), seed=3, results_dir=tmp_path / "results")
        exam = app.screen
        assert isinstance(exam, ExamScreen) and exam.current() is None  # nothing on it yet
        await typed_as_it_opens(pilot, "1", "enter", "2", "enter", "1", "enter", *"Mars", "enter")
        assert exam.position == 4 and isinstance(app.focused, AnswerBox)  # planet-count, its box ready for keys
        # right and left move (the box is empty); then a digit: the answer lands where the moves left off.
        await type_ahead(pilot, "right", "left", "8", "enter", "escape", "y")
        assert isinstance(app.screen, ExamResults)
        questions = {question.id: question for question in exam.session.questions}
        seed = exam.session.seed
    shown = {question_id: keys_shown(questions[question_id], seed) for question_id in ("closest-planet", "gas-giants")}
    assert results_responses(tmp_path / "results") == {
        "closest-planet": shown["closest-planet"][0],
        "gas-giants": [shown["gas-giants"][1]],
        "moon-light": True,
        "our-galaxy": "Mars",
        "planet-count": 8,
        "sun-and-earth": None,
        "inner-planets-order": None,
        "planet-nicknames": None,
    }


async def test_keys_typed_with_the_key_that_opens_the_exam_reach_its_first_question(tmp_path: Path) -> None:
    # `x 1 enter` at once on the home screen: the home screen took keys as they came, so the 1 and
    # the enter could be handled before the exam that x opens was there.
    app = home_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("planets"))
        await pilot.pause()
        await typed_as_it_opens(pilot, "x", "1", "enter")
        exam = app.screen
        assert isinstance(exam, ExamScreen) and exam.position == 1  # question 1 answered, on to 2
        await type_ahead(pilot, "escape", "y")
        first = exam.session.questions[0]
        seed = exam.session.seed
    (folder,) = {path.parent for path in (tmp_path / "data").rglob("*.json") if path.parent.name == "results"}
    assert results_responses(folder)[first.id] == keys_shown(first, seed)[0]


async def test_keys_typed_after_leaving_the_review_reach_the_question_it_opens(tmp_path: Path) -> None:
    # The review was left by a message, handled after the keys typed behind the key that left it:
    # those went to the review's list and were lost, and its enter bindings then closed the exam
    # and the home screen beneath it (a blank screen, the attempt neither answered nor submitted).
    app = exam_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        first = exam.current().shown[0]
        await type_ahead(pilot, "escape", "n", "1", "enter")  # the review, back (n), question 1 answered
        assert app.screen is exam and exam.position == 1
        # The review lists questions 2-8 (unanswered): the second is question 3, a true/false.
        await type_ahead(pilot, "escape", "down", "down", "enter", "t", "enter", *"Mars", "enter")
        assert app.screen is exam and exam.position == 4 and isinstance(app.focused, AnswerBox)
        await type_ahead(pilot, "escape", "y")
        assert isinstance(app.screen, ExamResults)
    given = results_responses(tmp_path / "results")
    assert {question_id: response for question_id, response in given.items() if response is not None} == {
        "closest-planet": first,
        "moon-light": True,
        "our-galaxy": "Mars",
    }


# ---------------------------------------------------------------------------------------- study


def study_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(tmp_path / "data", Start("study", [str(starter(tmp_path / "decks"))]))


def recorded(app) -> list[tuple]:  # type: ignore[no-untyped-def]
    return app.store._db.execute("SELECT question_id, rating, response FROM reviews ORDER BY id").fetchall()


async def test_arrows_then_enter_answer_with_the_highlighted_option_in_study(tmp_path: Path) -> None:
    app = study_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        shown = screen.current_input().shown
        await pilot.press(*["down"] * (shown.index("Mercury") + 1), "enter")
        assert screen.submitted.grade.correct
        assert recorded(app) == [("closest-planet", 3, '"Mercury"')]


async def test_a_whole_study_session_typed_ahead(tmp_path: Path) -> None:
    app = study_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        keys: list[str] = []
        for question_id in IN_ORDER:
            question = screen.item.deck.question(question_id)
            keys += [*keys_for(question, screen.seed), "4"]  # then Easy
        await type_ahead(pilot, *keys, "space", "3")  # the flashcard: turned over, rated Good
        rows = recorded(app)
        assert [row[0] for row in rows] == [*IN_ORDER, "orbit-definition"]
        assert [row[1] for row in rows] == [4] * 8 + [3]
        assert screen.session.summary.answered == screen.session.summary.right == 9


async def test_keys_typed_as_a_study_session_opens_answer_its_questions_in_order(tmp_path: Path) -> None:
    # As with the exam: the study screen is on top before its first question is: answer, enter (the
    # suggested rating), the next answer, … typed from the moment it opens, all of them in order.
    app = home_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        deck = app.catalog.find("planets")
        keys: list[str] = []
        for question_id in IN_ORDER:  # each answered right (its keys end with enter), then enter: Good
            keys += [*keys_for(deck.question(question_id), app.context.seed), "enter"]
        app.open_study([deck])
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.current_input() is None  # nothing on it yet
        await typed_as_it_opens(pilot, *keys, "space", "4")  # the flashcard: turned over, rated Easy
        rows = recorded(app)
        assert [row[0] for row in rows] == [*IN_ORDER, "orbit-definition"]
        assert [row[1] for row in rows] == [3] * 8 + [4]
        assert screen.session.summary.answered == screen.session.summary.right == 9


async def test_a_word_for_a_number_in_study_is_sent_back_not_marked_wrong(tmp_path: Path) -> None:
    app = study_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        while screen.item.question.id != "planet-count":
            await pilot.press("enter", "enter")  # no answer, then Again
        await pilot.press(*"1990s", "enter")
        assert screen.state == "asking" and not any(row[0] == "planet-count" for row in recorded(app))
        assert any("A number is expected (in planets)" in note.message for note in app._notifications)


async def test_hint_without_one_says_so(tmp_path: Path) -> None:
    app = study_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("enter", "enter")  # on to the second question, which has no hint
        assert screen.item.question.id == "gas-giants" and not screen.item.question.hint
        await pilot.press("h")
        assert any("no hint" in note.message for note in app._notifications)
        assert not screen.hint_used


async def test_ctrl_z_in_a_text_box_undoes_the_typing_not_the_last_answer(tmp_path: Path) -> None:
    app = study_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        while screen.item.question.id != "our-galaxy":
            await pilot.press("enter", "enter")
        answered = len(recorded(app))
        await pilot.press(*"Milky", "ctrl+z", "ctrl+z")
        assert app.focused.value == "Mil" and len(recorded(app)) == answered
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z", "ctrl+z")  # more than was typed: the answers stay
        assert app.focused.value == "" and len(recorded(app)) == answered and screen.item.question.id == "our-galaxy"


async def test_time_running_out_under_help_or_the_palette_never_shows_the_submitted_exam_again(tmp_path: Path) -> None:
    # Found by the monkey test: the results replaced the help screen and left the finished exam under them.
    for opener in ("f1", "ctrl+p"):
        clock = FakeClock()
        app = exam_app(tmp_path / opener, clock, time_limit=2)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            exam = app.screen
            assert isinstance(exam, ExamScreen)
            await pilot.press("t", "enter", opener)
            assert app.screen is not exam
            clock.advance(minutes=3)
            exam.tick()
            await pilot.pause()
            assert isinstance(app.screen, ExamResults)
            assert not any(isinstance(screen, ExamScreen) for screen in app.screen_stack)


@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])
async def test_keys_typed_while_the_app_opens_go_to_its_first_screen(tmp_path: Path, monkeypatch, enter: str) -> None:  # type: ignore[no-untyped-def]
    # `quizapp`, then down and enter at once: the keys come while the store and the decks are still
    # opening, with no screen of quizapp's up yet to take them. They were lost; they are kept for the
    # home screen, in order: the second deck is studied. (A return typed before Textual has put the
    # terminal in raw mode reaches it as a newline: ctrl+j, taken as the enter it was.)
    slowly_opening(monkeypatch)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        for event in key_events(app, ("down", enter)):
            app.post_message(event)
        await loaded(pilot)
        await type_ahead(pilot)
        assert isinstance(app.screen, StudyScreen) and app.screen.item is not None
        assert app.screen.item.deck.id == app.catalog.decks[1].id


async def test_ctrl_q_while_the_app_opens_quits_at_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    slowly_opening(monkeypatch)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(key_events(app, ("ctrl+q",))[0])
        await pilot.pause()
        assert app._exit  # not held until the decks are open


def slowly_opening(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The store takes a moment to open (a slow disk): keys typed at once certainly come first."""
    from quizapp.study.workspace import Workspace

    opening = Workspace.store

    def slow_store(workspace):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return opening(workspace)

    monkeypatch.setattr(Workspace, "store", slow_store)


async def test_the_palette_asked_for_while_the_app_opens_opens_over_its_first_screen(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # ctrl+p is a priority key: run at once, it opened the palette over the blank screen, the home
    # screen then opened over the palette, and what was typed into the palette reached the home
    # screen as shortcuts (s: statistics). Held with the other keys, it opens the palette over home.
    slowly_opening(monkeypatch)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        for event in key_events(app, ("ctrl+p", "s", "t", "a", "t")):
            app.post_message(event)
        await loaded(pilot)
        await type_ahead(pilot)
        assert [type(screen).__name__ for screen in app.screen_stack] == ["Screen", "HomeScreen", "CommandPalette"]


async def test_keys_typed_before_an_exam_shows_do_not_answer_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # `quizapp quiz DECK` and a return typed twice by habit at the shell: the exam opens by itself,
    # and its first question must not be passed over by a key typed before it was shown.
    slowly_opening(monkeypatch)
    deck = unshuffled_exam_deck(tmp_path / "decks")
    app = make_app(tmp_path / "data", Start("quiz", [str(deck)], {"seed": 3, "results_dir": tmp_path / "results"}))
    async with app.run_test(size=(80, 24)) as pilot:
        for event in key_events(app, ("ctrl+j", "enter")):
            app.post_message(event)
        await loaded(pilot)
        await type_ahead(pilot)
        assert isinstance(app.screen, ExamScreen) and app.screen.position == 0
