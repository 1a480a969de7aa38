"""Pilot tests of the home, exam, reading, preview, statistics, settings, help and profile screens."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ALL_BUNDLED, CORE, THIRDS_ORDER
from textual.command import CommandList
from textual.widgets import DataTable, Input, OptionList, Static
from tui_support import FakeClock, loaded, make_app, starter

from quizapp.study.grading import right_response
from quizapp.study.store import Store
from quizapp.tui.app import Start
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.exam import ExamResults, ExamReview, ExamScreen


def screen_name(app) -> str:  # type: ignore[no-untyped-def]
    return type(app.screen).__name__


async def test_home_lists_decks_with_counts_and_opens_every_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 3
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "North Korea and Russia: the core facts",
            str(CORE),
            str(CORE),
            "0",
            "0",
            "never",
            "0%",
        ]
        for key, name in (
            ("r", "ReadingScreen"),
            ("p", "PreviewScreen"),
            ("s", "StatsScreen"),
            ("o", "SettingsScreen"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert screen_name(app) == name
            await pilot.press("escape")
            await pilot.pause()
            assert screen_name(app) == "HomeScreen"
        await pilot.press("enter")
        assert screen_name(app) == "StudyScreen"


async def test_home_counts_change_after_studying(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "1", "enter", "enter", "escape", "escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = [str(cell) for cell in app.screen.query_one("#decks", DataTable).get_row_at(0)]
        assert row[2] == str(CORE - 1) and row[5] == "27 Nov"  # this year: no year


async def test_home_empty_state_and_broken_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quizapp.places

    monkeypatch.setattr(quizapp.places, "bundled_decks_dir", lambda: None)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and "quizapp new my-deck.toml" in str(empty.render())
    (tmp_path / "data" / "decks").mkdir(parents=True, exist_ok=True)
    (tmp_path / "data" / "decks" / "broken.toml").write_text("[deck\n")
    starter(tmp_path / "data" / "decks", title="[b]Bold?[/b] and [/x]")
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "[b]Bold?[/b] and [/x]"
        problems = app.screen.query_one("#problems", Static)
        assert problems.display and "broken.toml:1:6: error: not valid TOML" in str(problems.render())


async def test_a_damaged_store_stops_the_app_with_the_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"not a database" * 20)
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1 and "quizapp doctor" in app.error_message


async def exam_app(tmp_path: Path, clock: FakeClock, **exam: object):  # type: ignore[no-untyped-def]
    deck = starter(tmp_path / "decks")
    options = {"seed": 3, "results_dir": tmp_path / "results", **exam}
    return make_app(tmp_path / "data", Start("quiz", [str(deck)], options), clock)


async def test_exam_navigation_flags_review_submit_and_results_file(tmp_path: Path) -> None:
    clock = FakeClock()
    app = await exam_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen) and len(screen.session.questions) == 8  # the flashcard is never drawn
        status = str(screen.query_one("#exam-status").render())
        assert "Question 1 of 8" in status and "time left" not in status
        await pilot.press("f2")
        assert "⚑ flagged" in str(screen.query_one("#exam-status").render())
        first = screen.session.questions[0]
        await pilot.press("pagedown", "pagedown", "pageup")
        assert screen.position == 1
        await pilot.press("pageup")
        assert screen.position == 0 and screen.session.questions[0] is first
        for _ in range(12):  # enter through every question (a cloze takes one enter per gap)
            if isinstance(app.screen, ExamReview):
                break
            await pilot.press("enter")
        assert isinstance(app.screen, ExamReview)
        assert "0 of 8 answered" in str(app.screen.query(Static).first().render())
        await pilot.press("n")
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
        assert "NOT PASSED" in str(app.screen.query_one(".stats-summary").render())
    results = list((tmp_path / "results").glob("planets--default--*.json"))
    assert len(results) == 1 and app.results_path == results[0]
    data = json.loads(results[0].read_text())
    assert data["seed"] == 3 and data["score"] == 0 and len(data["responses"]) == 8
    assert app.store is not None


async def test_exam_times_out_and_submits_what_was_answered(tmp_path: Path) -> None:
    clock = FakeClock()
    app = await exam_app(tmp_path, clock, time_limit=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        question = screen.session.questions[0]
        widget = screen.current()
        right = {"choice": "Mercury", "multi": None, "truefalse": None}.get(question.type)
        if right:
            await pilot.press(str(widget.shown.index(right) + 1))
        else:
            screen.session.answer(question.id, None, 1)
        await pilot.press("enter")
        clock.advance(minutes=1, seconds=30)
        screen.tick()
        assert "time left 00:30" in str(screen.query_one("#exam-status").render())
        clock.advance(seconds=31)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
        assert app.screen.result.timed_out
        assert "Time ran out" in str(app.screen.query_one(".stats-summary").render())
        await pilot.press("escape")
    assert app.return_code == 0


async def test_an_interrupted_exam_is_offered_again_and_taken_up_where_it_was(tmp_path: Path) -> None:
    clock = FakeClock()
    async with (await exam_app(tmp_path, clock, time_limit=10)).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        first = pilot.app.screen
        asked = [question.id for question in first.session.questions]
        for question in first.session.questions[:2]:
            first.session.answer(question.id, right_response(question), 5)
    # The program ended without submitting (killed, closed): two minutes later the student is back.
    clock.advance(minutes=2)
    app = await exam_app(tmp_path, clock, time_limit=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        offer = str(app.screen.query(Static).first().render())
        assert "An unfinished exam: Planets" in offer and "2 of 8 answered  ·  08:00 left" in offer
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        assert [question.id for question in screen.session.questions] == asked and len(screen.session.responses) == 2
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
    (saved,) = (tmp_path / "results").glob("*.json")
    given = [entry for entry in json.loads(saved.read_text())["responses"] if entry["response"] is not None]
    assert [entry["question"] for entry in given] == asked[:2] and all(entry["score"] == 1 for entry in given)
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    assert store.exam_in_progress(store.profile("default", clock()).id, "planets") is None  # nothing left to resume


async def test_an_interrupted_exam_can_be_set_aside_for_a_new_attempt(tmp_path: Path) -> None:
    clock = FakeClock()
    async with (await exam_app(tmp_path, clock)).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        question = pilot.app.screen.session.questions[0]
        pilot.app.screen.session.answer(question.id, right_response(question), 5)
    app = await exam_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")  # a new attempt is asked once more: the unfinished one is then submitted
        assert isinstance(app.screen, ConfirmScreen) and "submitted as it stands" in str(
            app.screen.query(Static).first().render()
        )
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and app.screen.session.responses == {}
        assert app.store.exam_in_progress(app.profile.id, "planets").started == clock()
    (set_aside,) = (tmp_path / "results").glob("*.json")  # the teacher sees the attempt set aside, as it stood
    given = [entry for entry in json.loads(set_aside.read_text())["responses"] if entry["response"] is not None]
    assert [entry["question"] for entry in given] == [question.id]


async def test_reading_shows_notes_or_only_the_cited_ones(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        core = next(deck for deck in app.catalog.decks if deck.id == "nk-russia-core")
        app.open_reading(core)
        await pilot.pause()
        notes = app.screen.query(".note")
        assert len(notes) == 9 and "Paragraph 1" in str(notes.first().render())
        await pilot.press("escape")
        app.open_reading(core, [3])
        await pilot.pause()
        notes = app.screen.query(".note")
        assert len(notes) == 1 and "Hwasong-18" in str(notes.first().render())


async def test_preview_shows_every_question_with_answers_and_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    deck = starter(folder)
    deck.write_text(deck.read_text().replace('id = "moon-light"\n', ""))
    app = make_app(tmp_path / "data", Start("preview", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        blocks = app.screen.query(".preview-question")
        assert len(blocks) == 9
        text = "\n".join(str(block.render()) for block in blocks)
        assert "✓ Mercury" in text and "Accepted: Milky Way | the Milky Way" in text and "⚠" in text
        assert "has no id" in text
        assert app.store.review_totals(app.profile.id) == {}  # a preview records nothing


async def test_statistics_for_all_decks_and_one(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "1", "enter", "1", "escape", "escape")
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(app.screen.query_one(".stats-summary").render())
        assert "All decks" in summary and f"Questions {ALL_BUNDLED}" in summary and "Reviews done 1" in summary
        charts = app.screen.query("BarChart")
        assert len(charts) == 2 and charts.first().values[-1] == 1
        await pilot.press("right")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "the core facts" in str(app.screen.query_one(".stats-summary").render())


async def test_settings_are_saved_per_profile_and_checked(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#desired_retention", Input).value = "0.99"
        await pilot.pause()
        assert str(screen.query_one("#workload").render()) == "Desired retention must be between 0.70 and 0.97."
        await pilot.press("ctrl+s")
        assert "between 0.7 and 0.97" in str(screen.query_one("#settings-error").render())
        screen.query_one("#desired_retention", Input).value = "0.85"
        screen.query_one("#new_per_day", Input).value = "5"
        await pilot.pause()
        assert "85%" in str(screen.query_one("#workload").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
        saved = app.store.profile("default", app.context.clock()).settings
        assert (saved.desired_retention, saved.new_per_day) == (0.85, 5)


async def test_leaving_settings_with_changes_asks_to_save_and_escape_goes_back_to_editing(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")

    def saved() -> int:
        return app.store.profile("default", app.context.clock()).settings.new_per_day

    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("o", "escape")  # nothing changed: no question
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
        await pilot.press("o", "end", "5", "escape")  # 20 → 205 in the first box, which has the focus
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Save your changes?" in str(app.screen.query(Static).first().render())
        await pilot.press("escape")  # back to editing, nothing lost
        await pilot.pause()
        assert screen_name(app) == "SettingsScreen" and app.screen.query_one("#new_per_day", Input).value == "205"
        await pilot.press("escape", "n")  # discard
        await pilot.pause()
        assert screen_name(app) == "HomeScreen" and saved() == 20
        await pilot.press("o", "end", "5", "escape", "y")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen" and saved() == 205
        await pilot.press("o", "end", "0", "escape", "enter")  # enter saves too
        await pilot.pause()
        assert screen_name(app) == "HomeScreen" and saved() == 2050


async def test_profile_switcher_creates_and_switches(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"ann", "enter")  # typed straight into the name box: it has the focus
        await pilot.pause()
        assert app.profile.name == "ann" and app.sub_title == "profile: ann"
        assert app.store.profile_names() == ["ann", "default"]
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"bad/name", "enter")
        await pilot.pause()
        assert app.profile.name == "bad/name" and screen_name(app) == "HomeScreen"


async def test_profile_switcher_marks_the_current_profile_and_refuses_an_empty_name(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", profile="bob")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.store.profile("ann", app.context.clock())
        await pilot.press("w")
        await pilot.pause()
        listed = app.screen.query_one("#profile-list", OptionList)
        prompts = [str(listed.get_option_at_index(index).prompt) for index in range(listed.option_count)]
        assert prompts == ["ann", "bob  (current)"] and listed.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ProfileScreen"
        assert "cannot be empty" in str(app.screen.query_one("#profile-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen" and app.profile.name == "bob"


async def test_help_lists_the_keys_of_the_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query(Static).first().render())
        assert screen_name(app) == "HelpScreen" and "Study all" in text and "ctrl+z" in text
        await pilot.press("escape")
        assert screen_name(app) == "HomeScreen"


async def test_every_screen_action_is_in_the_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Study the selected deck",
            "Study every deck together",
            "Sit the selected deck's exam",
            "Read the selected deck's notes",
            "Preview the selected deck",
            "Statistics",
            "Settings",
            "Switch profile",
            "Help",
            "Quit",
        } <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Statistics")
        await command.callback()
        await pilot.pause()
        assert screen_name(app) == "StatsScreen"


async def test_the_command_palette_lists_our_actions_first_and_no_widget_internals(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList).options
        titles = [str(option.hit.text) for option in options]
        assert titles[0] == "Study the selected deck" and "Select" not in titles
        assert "Theme" in titles and titles.index("Theme") > titles.index("Settings")
        assert not {"Cursor down", "Bottom", "Top", "Page down", "Scroll right"} & set(titles)
        assert titles.count("Quit") == 1
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "StudyScreen"


async def test_the_exam_score_is_rounded_for_people_and_kept_whole_in_the_file(tmp_path: Path) -> None:
    deck = tmp_path / "thirds.toml"
    deck.write_text(THIRDS_ORDER)
    app = make_app(tmp_path / "data", Start("quiz", [str(deck)], {"seed": 1, "results_dir": tmp_path / "results"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        widget = app.screen.current()
        for position, item in enumerate(["third", "first", "second"], start=1):
            await pilot.press(str(widget.items.index(item) + 1), str(position))
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
        summary = str(app.screen.query_one(".stats-summary").render())
        assert "8.67 of 13 points (67%)" in summary
    (saved,) = (tmp_path / "results").glob("*.json")
    assert json.loads(saved.read_text())["score"] == 8.6667


async def test_preview_marks_flashcards_as_not_in_exams(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path / "data", Start("preview", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        blocks = [str(block.render()) for block in app.screen.query(".preview-question")]
        marked = [
            block.splitlines()[0] for block in blocks if "not in exams (rated by the student, not graded)" in block
        ]
        assert [line.split("  ·  ")[0] for line in marked] == ["9. flashcard  id orbit-definition"]


EXAM_DECK = """\
[deck]
id = "exam-deck"
title = "Exam deck"

[deck.quiz]
count = 1
time_limit_minutes = 15
pass_mark = 0.6
tags = ["algebra", "nowhere"]

[[questions]]
id = "sum"
type = "numeric"
prompt = "2 + 2?"
answer = 4
points = 2.5
tags = ["algebra", "easy"]

[[questions]]
id = "capital"
type = "short"
prompt = "The capital of France?"
answers = ["Paris"]
tags = ["algebra"]
explanation = "Paris has been the capital since 987."

[[questions]]
id = "card"
type = "flashcard"
prompt = "Front"
answer = "Back"
tags = ["algebra"]
"""


def preview_text(app) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The preview's page: the blocks above the questions, and each question's block."""
    page = app.screen.query_one("#preview")
    top = [str(block.render()) for block in page.children if not block.has_class("preview-question")]
    return top, [str(block.render()) for block in page.query(".preview-question")]


async def test_preview_shows_points_tags_exam_settings_and_each_questions_warnings(tmp_path: Path) -> None:
    deck = tmp_path / "exam.toml"
    deck.write_text(EXAM_DECK)
    app = make_app(tmp_path / "data", Start("preview", [str(deck)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        top, (sum_block, capital_block, card_block) = preview_text(app)
        heading = "\n".join(top)
        assert "Exam: 1 of 2 gradable questions · 15 min · pass mark 60% · tags: algebra, nowhere" in heading
        # The deck-wide warning, with its rule and the line to edit, at the top and only there.
        assert '⚠ line 9: deck.quiz.tags[1] no question has the tag "nowhere" [exam-tags]' in heading
        assert "exam-tags" not in sum_block + capital_block + card_block
        assert sum_block.splitlines()[0] == "1. numeric  id sum  ·  2.5 points · tags: algebra, easy"
        assert capital_block.splitlines()[0] == "2. short  id capital  ·  1 point · tags: algebra"
        # Each warning beside its own question: "sum" has no explanation, "capital" has one.
        assert '⚠ line 11: questions[0] (id "sum"): has no explanation' in sum_block
        assert sum_block.endswith("[no-explanation]")
        assert "⚠" not in capital_block and "⚠" not in card_block  # a flashcard needs no explanation
        assert "not in exams" in card_block
    quiz = EXAM_DECK[EXAM_DECK.index("[deck.quiz]") : EXAM_DECK.index("[[questions]]")]
    deck.write_text(EXAM_DECK.replace(quiz, ""))
    app = make_app(tmp_path / "data", Start("preview", [str(deck)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        heading = "\n".join(preview_text(app)[0])
        assert (
            "Exam: no exam settings: all gradable questions, no time limit · 2 gradable questions · pass mark 50%"
            in heading
        )
        assert "flashcards are never in exams" in heading and "⚠" not in heading


def rewrite(path: Path, old: str, new: str) -> None:
    """Edit a deck file as an editor saves it, its time moved on (a coarse clock could hide a save)."""
    text = path.read_text()
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new, 1))
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


async def test_preview_reloads_when_the_deck_file_is_saved(tmp_path: Path) -> None:
    from quizapp.tui.screens.preview import PreviewScreen

    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path / "data", Start("preview", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert screen.poll_timer is not None and screen.poll_timer._interval == PreviewScreen.POLL_SECONDS == 1.0

        def questions() -> list[str]:
            return preview_text(app)[1]

        # A new prompt, noticed by the timer itself.
        rewrite(deck, "Which planet is closest to the Sun?", "Which planet is nearest the Sun?")
        for _ in range(40):
            await pilot.pause(0.1)
            if "Which planet is nearest the Sun?" in questions()[0]:
                break
        assert "Which planet is nearest the Sun?" in questions()[0]
        assert not app.screen.query(".preview-errors")

        async def saved() -> None:
            screen.check_file()
            await app.workers.wait_for_complete()
            for _ in range(3):
                await pilot.pause()

        # Keep question 5 at the top of the view while errors appear above it.
        scroll = app.screen.query_one("#preview")
        fifth = app.screen.query(".preview-question")[4]
        scroll.scroll_to(y=fifth.virtual_region_with_margin.y + 1, animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0

        # An error: shown at the top, where it is, with the last good version still below.
        rewrite(deck, 'answer = "Mercury"', 'answer = "Mercury')
        await saved()
        assert app.screen is screen
        (errors,) = app.screen.query(".preview-errors")
        shown = str(errors.render())
        assert f"{deck}:24:18: error: not valid TOML" in shown and "[toml-syntax]" in shown
        assert len(questions()) == 9 and "Which planet is nearest the Sun?" in questions()[0]
        fifth = app.screen.query(".preview-question")[4]
        assert "id planet-count" in str(fifth.render())
        assert scroll.scroll_y == fifth.virtual_region_with_margin.y + 1  # still at question 5

        # Fixed, with a change made meanwhile: the errors go and the new version shows.
        rewrite(deck, 'answer = "Mercury', 'answer = "Mercury"')
        rewrite(deck, "Which planet is nearest the Sun?", "Which planet orbits nearest the Sun?")
        await saved()
        assert not app.screen.query(".preview-errors")
        assert "Which planet orbits nearest the Sun?" in questions()[0]

        # Nothing saved: nothing read.
        stamp = screen.preview.stamp
        screen.check_file()
        assert not screen.reloading and screen.preview.stamp == stamp
        assert app.store.review_totals(app.profile.id) == {}
