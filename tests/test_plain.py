"""Plain mode as a person uses it: the installed `quizapp` with answers piped in and on a real
pseudo-terminal, every question type, an exam to its results file, bad input told in one line with
nothing lost, the clock at its marks, and not one escape sequence in all it writes."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tui_support import STARTER_IDS, FakeClock, starter

from benchmarks.environment import clean_environment
from quizapp.deck.loader import load_deck
from quizapp.plain.answers import LETTERS
from quizapp.plain.console import Console
from quizapp.plain.render import gap_count, shape_of
from quizapp.plain.start import PlainApp, PlainStart
from quizapp.study.grading import right_response
from quizapp.study.presentation import shown_order
from quizapp.study.workspace import Workspace

QUIZAPP = str(Path(sys.executable).with_name("quizapp"))
UTC_T0 = FakeClock().now


def piped(data: Path, *arguments: str, lines: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The installed quizapp with `lines` as its standard input (a pipe: plain mode by itself)."""
    return subprocess.run(
        [QUIZAPP, "--data-dir", str(data), *arguments],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=clean_environment(**env),
        timeout=60,
    )


def told(done: subprocess.CompletedProcess[str], *messages: str) -> str:
    """The output of a run that ended well, wrote no escape sequence and said each of `messages`."""
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    for message in messages:
        assert message in done.stdout
    return done.stdout


def answer_lines(deck: Path, question_id: str, seed: int, response: Any = None) -> list[str]:
    """The lines that give `response` (default: the right one) to a question, as a student types them."""
    question = load_deck(deck).question(question_id)
    shape = shape_of(question, shown_order(question, seed))
    given = right_response(question) if response is None else response
    kind = question.type
    if kind == "choice":
        return [str(shape.shown.index(given) + 1)]
    if kind in ("multi", "order"):
        return [" ".join(str(shape.shown.index(part) + 1) for part in given)]
    if kind == "truefalse":
        return ["t" if given else "f"]
    if kind == "cloze":
        assert len(given) == gap_count(question)
        return list(given)
    if kind == "match":
        return [" ".join(f"{shape.lefts.index(left) + 1}{LETTERS[shape.shown.index(right)]}" for left, right in given)]
    if kind == "flashcard":
        return [""]  # enter turns it over (the rating follows)
    return [str(given)]


def every_question_right(deck: Path, seed: int) -> list[str]:
    """The starter deck answered right in deck order, each rating kept with enter."""
    return [line for question_id in STARTER_IDS for line in [*answer_lines(deck, question_id, seed), ""]]


def reviews(data: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data / "progress.sqlite3") as db:
        return db.execute("SELECT question_id, mode, rating, score, response FROM reviews ORDER BY id").fetchall()


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return starter(tmp_path / "decks")


def test_a_deck_studied_through_a_pipe_every_type_answered_right(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    done = piped(data, "study", str(deck), "--seed", "5", lines=every_question_right(deck, 5))
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    assert done.stdout.count("\nCorrect.\n") == 8  # the flashcard is rated, not graded
    assert "Rated Good." in done.stdout and "Session ended." in done.stdout  # the input ran out first
    recorded = reviews(data)
    assert [row[0] for row in recorded] == STARTER_IDS
    assert all(row[1:4] == ("study", 3, 1.0) for row in recorded)
    # Each answer is the raw response the TUI records (the options ticked, in the order shown).
    assert sorted(json.loads(recorded[1][4])) == ["Jupiter", "Saturn"]
    assert ["Mars", "its red colour"] in json.loads(recorded[7][4])


def test_the_same_seed_gives_the_same_session_and_the_output_is_plain_lines(tmp_path: Path, deck: Path) -> None:
    lines = every_question_right(deck, 11)
    first = piped(tmp_path / "one", "study", str(deck), "--seed", "11", lines=lines).stdout
    second = piped(tmp_path / "two", "study", str(deck), "--seed", "11", lines=lines).stdout
    until_the_end = first.index("Session ended.")
    assert first[:until_the_end] == second[:until_the_end]
    assert "1. " in first and "\x1b" not in first + second and "\r" not in first
    assert all(char.isprintable() or char == "\n" for char in first)


def test_bad_input_is_told_in_one_line_and_asked_again_nothing_lost(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    right = answer_lines(deck, "closest-planet", 2)
    lines = ["9", "", "one", "hint", *right, "", "1 9", "", "notes", "undo", *answer_lines(deck, "closest-planet", 2)]
    out = told(
        piped(data, "study", str(deck), "--seed", "2", lines=lines),
        "There is no option 9: the options are numbered 1 to 4.",
        "No answer given. Choose one option: type its number, 1 to 4. Or type skip.",
        "Type the number of one option, 1 to 4.",
        "Hint: It is also the smallest planet.",
        "The notes come with the feedback, after you answer.",
        "Last answer taken back.",
    )
    # Each message is one line, followed by the prompt again.
    assert "There is no option 9: the options are numbered 1 to 4.\nYour answer: " in out
    assert "Rated Hard, next in" in out  # the hint capped the suggested rating
    # The answer taken back left no trace; the one given again (without the hint: Good) is there.
    assert reviews(data) == [("closest-planet", "study", 3, 1.0, '"Mercury"')]


def test_a_number_question_sends_words_back(tmp_path: Path, deck: Path) -> None:
    data = tmp_path / "data"
    lines = ["skip", "skip", "skip", "skip", "eight", "8", ""]
    done = piped(data, "study", str(deck), lines=lines)
    assert "A number is expected (in planets), in digits: for example 42, 3.5 or 1,200." in done.stdout
    assert done.stdout.count("Skipped: it stays due for your next session.") == 4
    assert reviews(data) == [("planet-count", "study", 3, 1.0, "8")]


def test_an_exam_through_a_pipe_to_its_results_file(tmp_path: Path, deck: Path) -> None:
    data, results = tmp_path / "data", tmp_path / "results"
    options = ["quiz", str(deck), "--seed", "4", "--results-dir", str(results), "--student", "Ann"]
    exam = load_deck(deck)
    # The draw: the gradable questions, shuffled by the seed (as ExamSession draws them).
    from quizapp.study.exam import ExamSession, ExamSettings

    order = [q.id for q in ExamSession(exam, ExamSettings.for_deck(exam, seed=4), FakeClock()).questions]
    seed = 4
    answers = [line for question_id in order[:3] for line in answer_lines(deck, question_id, seed)]
    first = piped(data, *options, lines=[*answers, "flag", "quit"])
    assert first.returncode == 0 and "\x1b" not in first.stdout
    assert "Flagged." in first.stdout
    assert "Exam left unfinished: 3 of 8 answered, all saved. Run the same command again to take it up." in first.stdout
    assert not results.exists()
    # Taken up again: the three answers are kept; the rest answered, then submitted.
    rest = [line for question_id in order[3:] for line in answer_lines(deck, question_id, seed)]
    second = piped(data, *options, lines=["y", *rest, "y"])
    out = second.stdout
    assert second.returncode == 0 and "\x1b" not in out
    assert "An unfinished exam of Planets" in out and "3 of 8 answered" in out
    assert "Review: 8 of 8 questions answered." in out and "Question 4, flagged:" in out
    assert "Passed: 8 of 8 points, 100%. The pass mark is 50%." in out
    (path,) = results.iterdir()
    assert out.endswith(f"results written to {path}\n")
    document = json.loads(path.read_text())
    assert document["student"] == "Ann" and document["seed"] == 4 and document["score"] == 8
    assert [entry["question"] for entry in document["responses"]] == order


def test_exam_commands_and_mistakes_are_told_in_one_line(tmp_path: Path, deck: Path) -> None:
    data, results = tmp_path / "data", tmp_path / "results"
    lines = ["back", "hint", "undo", "notes", "time", "5", "next", "submit", "n", "submit", "maybe", "y"]
    out = told(
        piped(data, "quiz", str(deck), "--seed", "1", "--results-dir", str(results), lines=lines),
        "This is the first question.",
        "There are no hints in an exam.",
        "In an exam, type back to go to the previous question and answer it again.",
        "The study notes are not open during an exam.",
        "This exam has no time limit.",
        "Type y to submit, n to go back to the exam, or a question's number, 1 to 8.",
        "Not passed: 0 of 8 points",
    )
    assert out.count("\nReview: ") == 2  # `n` went back to the exam
    assert len(list(results.iterdir())) == 1


def test_read_prints_the_notes(tmp_path: Path, deck: Path) -> None:
    notes = '[[notes]]\nsource = 2\ntext = "Venus is hot."\n\n[[notes]]\nsource = 1\ntext = "Mercury is small."\n'
    deck.write_text(
        deck.read_text()
        .replace("[[questions]]", notes + "\n[[questions]]", 1)
        .replace("[deck]", '[deck]\nsource = { title = "The planets", paragraphs = 2 }', 1)
    )
    done = piped(tmp_path / "data", "read", str(deck), lines=[])
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Planets\nFrom: The planets\n\nParagraph 1.\nMercury is small.\n\nParagraph 2.\n")


def test_plain_mode_never_loads_textual(tmp_path: Path, deck: Path) -> None:
    code = (
        "import sys\nfrom quizapp.cli import main\n"
        f"status = main(['--data-dir', {str(tmp_path / 'data')!r}, 'study', {str(deck)!r}])\n"
        "print(status, 'textual' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input="1\n\n", capture_output=True, text=True, env=clean_environment(), timeout=60
    )
    assert done.stderr.strip() == "0 False"


# ---------------------------------------------------------------------------------- the exam clock


class Ticking(io.StringIO):
    """Lines to read, the clock moving on `minutes` with each one (a student taking their time)."""

    def __init__(self, lines: list[str], clock: FakeClock, minutes: float):
        super().__init__("".join(f"{line}\n" for line in lines))
        self.clock, self.minutes = clock, minutes

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.clock.advance(minutes=self.minutes)
        return super().readline(size)


def test_the_clock_is_said_at_its_marks_and_time_up_submits_what_was_answered(tmp_path: Path, deck: Path) -> None:
    clock = FakeClock()
    out = io.StringIO()
    results = tmp_path / "results"
    # Read at 2, 4, 6, 8 and 10 minutes of a 10-minute exam: the time asked for, question 1 answered,
    # then the gaps of question 2, its last typed as the time runs out.
    lines = ["time", "1", "Sun", "Earth", "third"]
    console = Console(Ticking(lines, clock, minutes=2), out, terminal=False)
    app = PlainApp(Workspace(tmp_path / "data", [str(deck)]), "default", console, clock)
    path = app.run(PlainStart("quiz", time_limit=10, seed=3, results_dir=results))
    text = out.getvalue()
    assert "You have 10 minutes." in text
    assert "Answer: time\n8 minutes left.\n" in text  # asked for
    # Half the time and the 5-minute mark passed together: said once, when the line was read.
    assert "Gap 1: Sun\nHalf the time has gone: 4 minutes left.\n" in text and "Time check" not in text
    assert "Gap 3: third\nTime is up: your answers have been submitted.\n" in text
    assert "Time ran out: what was answered was submitted." in text
    assert path is not None and path.parent == results
    answered = [entry for entry in json.loads(path.read_text())["responses"] if entry["response"] is not None]
    assert len(answered) == 1  # the cloze was finished after the time ran out: not taken


# ---------------------------------------------------------------------------------- a real terminal


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("how", [{"argument": "--plain", "TERM": "xterm-256color"}, {"argument": "", "TERM": "dumb"}])
def test_plain_mode_on_a_terminal_with_line_editing(tmp_path: Path, deck: Path, how: dict[str, str]) -> None:
    from benchmarks.terminal import Terminal

    data = tmp_path / "data"
    arguments = [QUIZAPP, "--data-dir", str(data), "study", str(deck), "--seed", "8"]
    command = [*arguments, *([how["argument"]] if how["argument"] else [])]
    terminal = Terminal(command, clean_environment(), term=how["TERM"])
    try:
        terminal.wait_for("Your answer: ")
        mark = terminal.mark()
        terminal.type("9\r")
        terminal.wait_for("numbered 1 to 4.", since=mark)
        terminal.type(answer_lines(deck, "closest-planet", 8)[0] + "\r")
        terminal.wait_for("Rating: ")
        terminal.type("\r")
        terminal.wait_for("Which of these planets are gas giants?")
        terminal.wait_for("Your answer: ", since=terminal.output.index(b"gas giants?"))
        terminal.type("quit\r")
        terminal.wait_for("Session ended.")
    finally:
        status = terminal.close()
    assert status == 0
    assert b"\x1b" not in terminal.output
    assert b"Correct.\r\n" in terminal.output  # the terminal's own line ends
    assert reviews(data) == [("closest-planet", "study", 3, 1.0, '"Mercury"')]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_profile_setting_makes_plain_the_default_on_a_terminal(tmp_path: Path, deck: Path) -> None:

    from benchmarks.terminal import Terminal

    data = tmp_path / "data"
    workspace = Workspace(data)
    store = workspace.store()
    profile = store.profile("default", UTC_T0)
    store.save_settings(profile.id, profile.settings._replace(plain=True))
    workspace.close()
    terminal = Terminal([QUIZAPP, "--data-dir", str(data), "study", str(deck)], clean_environment())
    try:
        terminal.wait_for("Your answer: ")
        terminal.type("quit\r")
        terminal.wait_for("Session ended.")
    finally:
        assert terminal.close() == 0
    assert b"\x1b" not in terminal.output


def test_a_browser_app_of_serve_is_never_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizapp.cli import _plain_wanted, build_parser

    monkeypatch.setenv("TERM", "dumb")
    assert not _plain_wanted(build_parser().parse_args(["--ask-student", "study"]))
    assert _plain_wanted(build_parser().parse_args(["study"]))
    assert not _plain_wanted(build_parser().parse_args(["study", "--no-plain"]))
