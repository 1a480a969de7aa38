"""Text that could take over a terminal (escape sequences, control characters) or restyle the TUI
(Textual markup), wherever it comes from: deck text, file names, import files, results files, profile
names, command-line arguments. Lint refuses it in decks; everywhere else it is shown harmlessly."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import deck_text
from tui_support import loaded, make_app

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.safetext import CONTROL_RE, visible
from quizapp.tui.app import Start

# Clear the screen; set the window title; a C1 escape; a bell; markup, including a stray closing tag.
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\x07"
MARKUP = "[b]bold[/b][/x]"
HOSTILE = ESCAPES + MARKUP
FILE_NAME = ESCAPES + "[b]bold[red]"  # (a file name cannot hold "/")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def assert_harmless(shown: str) -> None:
    """No control character (tab and newline aside) reached the terminal, and the text was named."""
    assert not CONTROL_RE.search(shown), repr(shown)
    assert "Traceback" not in shown


def test_lint_refuses_escapes_in_deck_text_and_names_them_harmlessly(folder: Path, capsys) -> None:
    deck = folder / "deck.toml"
    deck.write_text(deck_text().replace('answer = "Sergei Shoigu"', 'answer = "\\u001b]0;owned\\u0007"'))
    code, shown = run(capsys, "lint", str(deck))
    assert code == 1 and "control character" in shown and f"{deck}:" in shown
    assert_harmless(shown)


@pytest.mark.parametrize("command", [["lint", "{folder}"], ["decks"], ["stats"], ["doctor"]])
def test_a_hostile_file_name_is_shown_harmlessly(
    folder: Path, capsys, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = folder / "decks"
    decks.mkdir()
    (decks / f"{FILE_NAME}.toml").write_text("this is = not [a deck")
    (decks / "good.toml").write_text(deck_text())
    monkeypatch.setenv("QUIZAPP_DECKS", str(decks))
    _, shown = run(capsys, *[part.format(folder=decks) for part in command])
    assert_harmless(shown)
    assert visible(FILE_NAME) in shown  # named, as escapes, with its markup as written


@pytest.mark.parametrize(
    "argv",
    [
        ["--profile", HOSTILE, "stats"],
        ["stats", HOSTILE],
        ["export", HOSTILE, "--format", "gift", "-o", "out.gift"],
        ["report", HOSTILE],
        ["lint", HOSTILE],
        ["--data-dir", f"/proc/{HOSTILE}", "stats"],
    ],
)
def test_hostile_arguments_come_back_harmless_in_one_line_errors(folder: Path, capsys, argv: list[str]) -> None:
    code, shown = run(capsys, *argv)
    assert code != 0
    assert_harmless(shown)


@pytest.mark.parametrize(
    "name, text",
    [
        ("quiz.gift", f"::q1:: {ESCAPES} What is it? {{=yes ~no}}\n"),
        ("quiz.txt", f"What {ESCAPES}?\nA. one\nB. two\nANSWER: A\n"),
        ("cards.csv", f"front {ESCAPES},back {MARKUP}\n"),
    ],
)
def test_imports_never_carry_escapes_into_a_deck_or_to_the_terminal(folder: Path, capsys, name: str, text: str) -> None:
    source = folder / name
    source.write_text(text)
    out = folder / "imported.toml"
    code, shown = run(capsys, "import", str(source), "-o", str(out))
    assert_harmless(shown)
    if out.exists():  # imported: then what was written passes lint, so it holds no control character
        assert code == 0
        assert run(capsys, "lint", str(out))[0] == 0


def a_class(
    folder: Path,
    name: str,
    student: str,
    kind: str,
    response: str,
    title: str = "t",
    started: str = "2026-11-27T09:00:00Z",
) -> tuple[Path, Path]:
    """A deck and a results folder holding one student's file `name`, whose text is given."""
    deck = folder / "deck.toml"
    deck.write_text(deck_text())
    loaded_deck = load_deck(deck)
    results = folder / "results"
    results.mkdir()
    document = {
        "format": 1,
        "deck": {"id": loaded_deck.id, "title": title, "sha256": loaded_deck.sha256},
        "student": student,
        "started": started,
        "finished": "2026-11-27T09:00:00Z",
        "seed": 1,
        "responses": [
            {
                "question": loaded_deck.question_ids[0],
                "type": kind,
                "response": response,
                "score": 0,
                "points": 1,
                "seconds": 1,
            }
        ],
        "score": 0,
        "max_score": 1,
    }
    (results / name).write_text(json.dumps(document))
    return deck, results


def test_a_report_of_hostile_results_files_is_harmless(folder: Path, capsys) -> None:
    deck, results = a_class(folder, f"{FILE_NAME}.json", HOSTILE, HOSTILE, HOSTILE, title=HOSTILE, started=HOSTILE)
    (results / f"broken {FILE_NAME}.json").write_text(f"{{ {HOSTILE}")
    for output in ([], ["--json"]):
        code, shown = run(capsys, "report", str(results), "--deck", str(deck), *output)
        assert code == 0
        assert_harmless(shown)
    assert visible(HOSTILE) in shown or json.dumps(HOSTILE)[1:-1] in shown


async def test_the_tui_shows_hostile_file_names_literally(tmp_path: Path) -> None:
    decks = tmp_path / "data" / "decks"
    decks.mkdir(parents=True)
    (decks / f"{FILE_NAME}.toml").write_text("this is = not [a deck")
    (decks / "good.toml").write_text(deck_text())
    app = make_app(tmp_path / "data", Start("home", []))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        panel = str(app.screen.query_one("#problems").render())
        assert visible(FILE_NAME) in panel  # markup shown as written, escapes as \x1b
        assert not CONTROL_RE.search(panel)


def test_the_csv_report_never_hands_a_spreadsheet_a_formula(folder: Path, capsys) -> None:
    formula = '=HYPERLINK("http://example.com/steal","click")'
    deck, results = a_class(folder, "a.json", formula, "@SUM(1)", "-1+1")
    table = folder / "class.csv"
    assert run(capsys, "report", str(results), "--deck", str(deck), "--csv", str(table))[0] == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert rows[0]["student"] == "'" + formula and rows[0]["type"] == "'@SUM(1)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
