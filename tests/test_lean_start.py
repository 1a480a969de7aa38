"""What the start was made lighter with (#18): the command's parser built for the command given only,
the cycle collector paused from the first import, and the one-line title and progress widgets that
replaced Textual's Header and ProgressBar."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from tui_support import loaded, make_app, prepared_questions, starter

from quizapp.cli import LazyCommands, build_parser, main
from quizapp.study.grading import right_response
from quizapp.tui.app import Start
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.widgets.progress_line import BAR, HALF_LEFT, HALF_RIGHT, ProgressLine, bar_text
from quizapp.tui.widgets.question_inputs import QuestionInput
from quizapp.tui.widgets.title_bar import TitleBar

# ------------------------------------------------------------------ the parser


def commands_action() -> tuple[object, LazyCommands]:
    parser = build_parser()
    action = next(action for action in parser._actions if isinstance(action, LazyCommands))
    return parser, action


def test_only_the_command_given_has_its_parser_built() -> None:
    parser, commands = commands_action()
    assert commands._name_parser_map == {}  # nothing built yet
    options = parser.parse_args(["--data-dir", "d", "study", "algebra", "--seed", "3"])  # type: ignore[attr-defined]
    assert list(commands._name_parser_map) == ["study"]
    assert (options.command, options.decks, options.seed, options.data_dir) == ("study", ["algebra"], 3, "d")


def test_the_help_lists_every_command_and_each_command_has_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    _, commands = commands_action()
    for name in commands.choices:
        assert f"\n    {name} " in listed
    with pytest.raises(SystemExit):
        main(["quiz", "--help"])
    assert "--time-limit MIN" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["class", "codes", "--help"])
    assert "--sheet FILE" in capsys.readouterr().out


def test_a_mistyped_command_is_told_with_the_commands_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stduy"]) == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'stduy'" in error and "'study'" in error and "'doctor'" in error
    assert error.count("\n") == 1


def test_options_after_the_command_still_override_those_before(tmp_path: Path) -> None:
    parser, _ = commands_action()
    options = parser.parse_args(["--profile", "ann", "stats", "--profile", "bo"])  # type: ignore[attr-defined]
    assert options.profile == "bo"
    options = parser.parse_args(["--profile", "ann", "stats"])  # type: ignore[attr-defined]
    assert options.profile == "ann"


def test_the_command_pauses_the_cycle_collector_before_importing_quizapp() -> None:
    probe = (
        "import gc, sys\n"
        "import quizapp.cli as cli\n"
        "seen = {}\n"
        "def handler(options):\n"
        "    seen['enabled'] = gc.isenabled()\n"
        "    return 0\n"
        "cli.run_decks = handler\n"  # (the parser refers to it by name when the command is built)
        "import quizapp.entry as entry\n"
        "import builtins\n"
        "real_import = builtins.__import__\n"
        "def watched(name, *args, **kwargs):\n"
        "    if name == 'cli' or name.endswith('.cli'):\n"
        "        seen.setdefault('at_import', gc.isenabled())\n"
        "    return real_import(name, *args, **kwargs)\n"
        "builtins.__import__ = watched\n"
        "sys.argv = ['quizapp', 'decks']\n"
        "entry.main()\n"
        "print(seen['at_import'], seen['enabled'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    # paused when cli is imported; running again for a command that prints and ends
    assert done.stdout.split() == ["False", "True"]


# ------------------------------------------------------------------ the progress line


@given(width=st.integers(0, 200), fraction=st.floats(-1, 2, allow_nan=False))
def test_the_bar_fills_its_width_to_the_half_cell_below(width: int, fraction: float) -> None:
    done, rest = bar_text(width, fraction)
    assert len(done) + len(rest) == width
    shown = min(max(fraction, 0.0), 1.0) * width
    cells = len(done) - (0.5 if done.endswith(HALF_RIGHT) else 0)
    assert shown - 0.5 < cells <= shown
    assert set(done) <= {BAR, HALF_RIGHT} and set(rest) <= {BAR, HALF_LEFT}


def test_the_bar_ends_as_textuals_does() -> None:
    assert bar_text(10, 0) == ("", BAR * 10)
    assert bar_text(10, 0.05) == (HALF_RIGHT, BAR * 9)
    assert bar_text(10, 0.5) == (BAR * 5, HALF_LEFT + BAR * 4)
    assert bar_text(10, 1) == (BAR * 10, "")


# ------------------------------------------------------------------ the title line


async def test_the_title_line_follows_the_profile_and_its_icon_opens_the_palette(tmp_path: Path) -> None:
    starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("home"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        title = app.screen.query_one(TitleBar)
        assert "quizapp — profile: default" in str(title.render())
        app.sub_title = "profile: ann"
        await pilot.pause()
        assert "quizapp — profile: ann" in str(title.render())
        await pilot.click(TitleBar, offset=(40, 0))  # the title itself: nothing happens
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_title_too_long_for_the_line_ends_in_an_ellipsis(tmp_path: Path) -> None:
    starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("home"), profile="a" * 120)
    async with app.run_test(size=(40, 24)) as pilot:
        await loaded(pilot)
        line = str(app.screen.query_one(TitleBar).render())
        assert len(line) == 40 and "…" in line and line.startswith(" ⭘")


async def test_the_study_screen_shows_its_progress_as_it_goes(tmp_path: Path) -> None:
    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("study", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.item is not None
        progress = screen.query_one(ProgressLine)
        assert str(progress.render()).endswith("  0%")
        await screen.submit(right_response(screen.item.question))  # one of the nine answered
        await pilot.press("enter")  # on to the next
        await pilot.pause()
        # one answered, of that one, the one shown and those queued (with the first again, a step later)
        assert screen.session is not None
        assert (progress.progress, progress.total) == (1, 1 + 1 + screen.session.remaining) == (1, 10)
        assert str(progress.render()).endswith(" 10%")


# ------------------------------------------------------------------ quitting while the app still opens


def slowed(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, seconds: float, events: list[str], done: str
) -> threading.Event:
    """`owner.name` made `seconds` slower, adding `done` to `events` once it has run; the event returned
    is set as it starts."""
    started = threading.Event()
    work = getattr(owner, name)

    def slow(*args: object) -> object:
        started.set()
        time.sleep(seconds)
        result = work(*args)
        events.append(done)
        return result

    monkeypatch.setattr(owner, name, slow)
    return started


def record_closing(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Add "store closed" to `events` each time a workspace closes its store."""
    from quizapp.study.workspace import Workspace

    close = Workspace.close

    def recorded(self: Workspace) -> None:
        events.append("store closed")
        close(self)

    monkeypatch.setattr(Workspace, "close", recorded)


async def test_quitting_while_a_worker_still_opens_the_session_waits_for_it_and_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual cancels its workers on the way out and stops listing them, but their threads go on: a
    big session still being built used the store after the app had closed it, and the student read
    'the progress database could not be used' as they quit."""
    from quizapp.tui.app import QuizApp

    events: list[str] = []
    slowed(monkeypatch, QuizApp, "_session", 0.4, events, "session built")  # (100,000 cards take about that)
    record_closing(monkeypatch, events)
    deck = starter(tmp_path / "decks")
    first = make_app(tmp_path, Start("study", [str(deck)]))
    async with first.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+q")  # (this first one made the deck cache)
    events.clear()
    app = make_app(tmp_path, Start("study", [str(deck)]))  # the deck is cached now: a fast start
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.01)
            if isinstance(app.screen, StudyScreen):
                break
        assert isinstance(app.screen, StudyScreen) and app.screen.session is None  # still being built
        await pilot.press("ctrl+q")
    assert events == ["session built", "store closed"]
    assert (app.return_code, app.error_message) == (0, None)


async def test_an_app_ended_while_a_worker_is_cancelled_but_not_done_still_backs_up_and_closes_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual cancels the workers as the app ends; waiting for one cancelled but not yet ended raises
    WorkerCancelled. It did in the app's last handler, which then skipped the backup of the way out
    and the closing of the store, and raised out of the app. (A first run's home screen has such a
    worker: it validates the bundled decks once the screen is up.)"""
    from quizapp.deck.discovery import Catalog

    events: list[str] = []
    building = slowed(monkeypatch, Catalog, "build_decks", 0.3, events, "decks built")
    record_closing(monkeypatch, events)
    app = make_app(tmp_path / "data", Start("home"))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if building.is_set():
                break
        assert building.is_set()
    # (ended by the test's harness, which cancels the app's task: the worker is cancelled, not done)
    assert events == ["decks built", "store closed"]
    assert (app.return_code, app.error_message) == (None, None)
    assert len(list((tmp_path / "data" / "backups").glob("*.sqlite3"))) == 1  # the backup of the way out


async def test_the_fast_start_s_first_question_is_prepared_once_the_session_takes_it_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast start shows its first question before the session exists; the session prepares it
    (StudySession.prepare) when it takes the question over, as the screen has each question after."""
    deck = starter(tmp_path / "decks")
    first = make_app(tmp_path, Start("study", [str(deck)]))
    async with first.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+q")  # (this first one made the deck cache)
    prepared = prepared_questions(monkeypatch)
    app = make_app(tmp_path, Start("study", [str(deck)]))  # the deck is cached now: a fast start
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        for _ in range(100):
            await pilot.pause(0.01)
            if screen.session is not None and prepared:
                break
        assert screen.item is not None and prepared == [screen.item.question_id]


async def test_a_slow_start_shows_the_loading_screen_and_then_puts_the_first_screen_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from quizapp.study.workspace import Workspace
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.loading import LoadingScreen

    opening = Workspace.store

    def slow_store(self: Workspace):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # (a network drive, a disk busy elsewhere)
        return opening(self)

    monkeypatch.setattr(Workspace, "store", slow_store)
    starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("home"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, LoadingScreen)
        await loaded(pilot)
        assert [type(screen) for screen in app.screen_stack[1:]] == [HomeScreen]  # in its place, not above it


def focus_given(monkeypatch: pytest.MonkeyPatch, screen_type: type) -> list[object]:
    """Each widget a screen of `screen_type` gives the focus to from now on, in order."""
    from textual.screen import Screen
    from textual.widget import Widget

    focused: list[object] = []
    set_focus = Screen.set_focus

    def recorded(self: Screen[object], widget: Widget | None, *args: object, **kwargs: object) -> None:
        if isinstance(self, screen_type):
            focused.append(widget)
        set_focus(self, widget, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "set_focus", recorded)
    return focused


async def test_the_study_screen_focuses_the_questions_input_and_nothing_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual would first focus the question area (it scrolls, so it takes the focus) and restyle it
    each time the focus moved on: a tenth of the work to the first question's paint."""
    focused = focus_given(monkeypatch, StudyScreen)
    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("study", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        target = screen.current_input().focus_target()  # type: ignore[union-attr]
        assert focused == [target] and screen.focused is target


async def test_the_exam_screen_focuses_the_questions_input_and_nothing_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizapp.tui.screens.exam import ExamScreen

    focused = focus_given(monkeypatch, ExamScreen)
    deck = starter(tmp_path / "decks")
    app = make_app(tmp_path, Start("quiz", [str(deck)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        target = screen.query_one(QuestionInput).focus_target()
        assert focused == [target] and screen.focused is target
