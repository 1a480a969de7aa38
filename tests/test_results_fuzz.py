"""Results files come from students' machines and can hold anything: the reader and the report over
it answer every file with a report or a reason for skipping it, never a traceback, never a hang."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from conftest import FUZZ, damaged_json, json_values, sometimes_anything
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from tui_support import starter

from quizapp.classroom.report import build_report, report_json, write_csv
from quizapp.classroom.report_text import print_report
from quizapp.classroom.results import read_results
from quizapp.deck.loader import load_deck
from quizapp.problems import BadFile
from quizapp.safetext import CONTROL_RE

FOLDER = Path(tempfile.mkdtemp(prefix="results-fuzz-"))
DECK = load_deck(starter(FOLDER / "decks"))  # one question of every type
QUESTION_IDS = DECK.question_ids

# JSON as another program might write it: any value, nested, with hostile text among the strings.
HOSTILE = st.sampled_from(["\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "[b]", "[/x]", "[red]x[/red]", "\u202e", "\x00"])
TEXT = st.one_of(st.text(max_size=12), HOSTILE, st.sampled_from(QUESTION_IDS))
JSON = json_values(TEXT)


@st.composite
def results_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A results file with the right shape, every value of which may be replaced by anything."""

    def maybe(value: Any) -> Any:
        return sometimes_anything(draw, value, JSON)

    responses = [
        {
            "question": maybe(draw(st.sampled_from(QUESTION_IDS))),
            "type": maybe("choice"),
            "response": draw(JSON),  # what the student answered: regraded, so it must be survivable
            "score": maybe(draw(st.floats(0, 1))),
            "points": maybe(1),
            "seconds": maybe(draw(st.floats(0, 100))),
        }
        for _ in range(draw(st.integers(0, 6)))
    ]
    return {
        "format": maybe(1),
        "deck": maybe({"id": maybe(DECK.id), "title": maybe("Planets"), "sha256": maybe(DECK.sha256)}),
        "student": maybe(draw(TEXT)),
        "started": maybe("2026-11-27T09:00:00Z"),
        "finished": maybe("2026-11-27T09:10:00Z"),
        "seed": maybe(7),
        "time_limit_minutes": maybe(10),
        "responses": maybe(responses),
        "score": maybe(draw(st.floats(allow_nan=True, allow_infinity=True))),
        "max_score": maybe(9),
    }


def report_everything(paths: list[Path]) -> None:
    """Read each file, then build the report of those that read, and print it every way."""
    files = []
    for path in paths:
        try:
            files.append(read_results(path))
        except BadFile as bad:
            assert bad.problems and all(problem.file == str(path) for problem in bad.problems)
    report = build_report(DECK, files, [])
    json.dumps(report_json(report), allow_nan=False)  # the --json output is strict JSON
    write_csv(report, FOLDER / "report.csv")
    screen = io.StringIO()
    print_report(report, Console(file=screen, width=100, color_system=None))  # no styling: every ESC is the files'
    shown = screen.getvalue()
    assert not CONTROL_RE.search(shown), f"a control character reached the terminal: {shown!r}"


@FUZZ
@given(st.lists(results_documents(), min_size=1, max_size=3))
def test_any_results_files_make_a_report_or_are_skipped(documents: list[dict[str, Any]]) -> None:
    paths = []
    for number, document in enumerate(documents):
        path = FOLDER / f"fuzz-{number}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    report_everything(paths)


@FUZZ
@given(damaged_json(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth))
def test_any_bytes_are_a_results_file_or_a_located_reason(data: bytes) -> None:
    path = FOLDER / "bytes.json"
    path.write_bytes(data)
    report_everything([path])
