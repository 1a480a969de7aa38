"""The class report, checked against figures computed by hand for a small class.

Deck: q1 choice (1 point, answer A), q2 true/false (1 point, answer true), q3 short (2 points, "Paris").

    student  q1  q2  q3   total   percent
    S1       A   T   Paris  4     100
    S2       A   F   paris  3      75   (file says 4: edited)
    S3       B   T   Lyon   1      25
    S4       C   F   Lyon   0       0   (taken with an older deck: hash differs)

Earned points per item: q1 [1,1,0,0], q2 [1,0,1,0], q3 [2,2,0,0]; totals [4,3,1,0].
Facility: q1 0.5, q2 0.5, q3 (mean 1 of 2 points) 0.5.
Discrimination, item against the rest of the test:
    q1: r([1,1,0,0], [3,2,1,0]) = 2 / sqrt(1 × 5)  = 0.894427
    q2: r([1,0,1,0], [3,3,0,0]) = 0 / ...          = 0
    q3: r([2,2,0,0], [2,1,1,0]) = 2 / sqrt(4 × 2)  = 0.707107
Cronbach's alpha: item variances 1/3, 1/3, 4/3 (sum 2); total variance 10/3;
    alpha = 3/2 × (1 − 2 / (10/3)) = 0.6
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path

import pytest
from conftest import THIRDS

from quizapp.cli import main

DECK = """\
[deck]
id = "class-test"
title = "Class test"

[deck.quiz]
pass_mark = 0.7

[[questions]]
id = "q1"
type = "choice"
prompt = "Pick A"
choices = ["A", "B", "C"]
answer = "A"
explanation = "A."

[[questions]]
id = "q2"
type = "truefalse"
prompt = "True?"
answer = true
explanation = "Yes."

[[questions]]
id = "q3"
type = "short"
prompt = "Capital of France?"
answers = ["Paris"]
points = 2
explanation = "Paris."
"""

CLASS = [
    ("S1", ["A", True, "Paris"], None),
    ("S2", ["A", False, "paris"], 4),
    ("S3", ["B", True, "Lyon"], None),
    ("S4", ["C", False, "Lyon"], None),
]


@pytest.fixture
def classroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    deck = tmp_path / "class-test.toml"
    deck.write_text(DECK)
    monkeypatch.setenv("QUIZAPP_DECKS", str(deck))
    sha = hashlib.sha256(deck.read_bytes()).hexdigest()
    folder = tmp_path / "results"
    folder.mkdir()
    for number, (student, answers, recorded) in enumerate(CLASS):
        responses = [
            {
                "question": qid,
                "type": kind,
                "response": answer,
                "score": 0,
                "points": points,
                "seconds": 10.0 * (number + 1),
            }
            for (qid, kind, points), answer in zip(
                (("q1", "choice", 1), ("q2", "truefalse", 1), ("q3", "short", 2)), answers, strict=True
            )
        ]
        document = {
            "format": 1,
            "deck": {"id": "class-test", "title": "Class test", "sha256": sha if student != "S4" else "0" * 64},
            "student": student,
            "started": "2026-11-27T09:00:00Z",
            "finished": "2026-11-27T09:10:00Z",
            "seed": 1,
            "time_limit_minutes": None,
            "responses": responses,
            "score": recorded if recorded is not None else {"S1": 4, "S3": 1, "S4": 0}[student],
            "max_score": 4,
        }
        (folder / f"class-test--{student}--20261127T091000Z.json").write_text(json.dumps(document))
    return folder, deck


def report(capsys, *argv: str) -> dict:
    code = main(["report", *argv, "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def test_students_are_regraded_and_flagged(classroom, capsys) -> None:
    folder, _ = classroom
    data = report(capsys, str(folder))
    students = {line["student"]: line for line in data["students"]}
    assert [
        (students[s]["score"], students[s]["max_score"], students[s]["percent"], students[s]["passed"])
        for s in ("S1", "S2", "S3", "S4")
    ] == [(4, 4, 100, True), (3, 4, 75, True), (1, 4, 25, False), (0, 4, 0, False)]
    assert students["S2"]["flags"] == ["recorded score 4 differs from re-graded 3"]
    assert students["S4"]["flags"] == ["the deck file has changed since this attempt (its hash differs)"]
    assert students["S1"]["flags"] == [] and data["deck"] == {"id": "class-test", "title": "Class test"}


def test_item_analysis_matches_the_hand_computed_figures(classroom, capsys) -> None:
    folder, _ = classroom
    data = report(capsys, str(folder))
    items = {line["question"]: line for line in data["questions"]}
    assert [items[q]["facility"] for q in ("q1", "q2", "q3")] == [0.5, 0.5, 0.5]
    assert items["q1"]["discrimination"] == pytest.approx(2 / math.sqrt(5), abs=1e-4)
    assert items["q2"]["discrimination"] == pytest.approx(0.0, abs=1e-4)
    assert items["q3"]["discrimination"] == pytest.approx(2 / math.sqrt(8), abs=1e-4)
    assert data["alpha"] == pytest.approx(0.6, abs=1e-4)
    assert items["q1"]["wrong_choices"] == {"B": 1, "C": 1}
    assert items["q2"]["wrong_choices"] == {"false": 2}
    assert items["q3"]["wrong_choices"] == {"lyon": 2}
    assert items["q1"]["mean_seconds"] == 25.0


def test_bad_files_are_skipped_with_their_reason_and_the_rest_reported(classroom, capsys) -> None:
    folder, _ = classroom
    (folder / "broken.json").write_text('{"format": 1, "deck": ')
    (folder / "foreign.json").write_text('{"name": "something else"}')
    (folder / "other-deck.json").write_text(
        json.dumps(
            {
                "format": 1,
                "deck": {"id": "other", "title": "x", "sha256": "y"},
                "student": "Z",
                "responses": [],
                "score": 0,
            }
        )
    )
    with (folder / "huge.json").open("wb") as file:
        file.truncate(6 * 1024 * 1024)
    (folder / "evil.json").write_text(
        json.dumps(
            {
                "format": 1,
                "deck": {"id": "class-test", "sha256": "x"},
                "student": "\u001b[31mEve",
                "responses": [{"question": "q1"}],
                "score": 0,
            }
        )
    )
    data = report(capsys, str(folder), "--deck", "class-test")
    reasons = {Path(item["file"]).name: item["reason"] for item in data["skipped"]}
    assert reasons["broken.json"].startswith("not valid JSON")
    assert reasons["foreign.json"] == "not a quizapp results file (format 1)"
    assert reasons["other-deck.json"] == 'results of another deck ("other")'
    assert reasons["huge.json"].startswith("the file is too large for a results file")
    assert reasons["evil.json"] == "responses[0] has no question id or type"
    assert len(data["students"]) == 4


def test_mixed_decks_need_a_deck_and_text_output_is_readable(classroom, capsys) -> None:
    folder, deck = classroom
    (folder / "other-deck.json").write_text(
        json.dumps(
            {
                "format": 1,
                "deck": {"id": "other", "title": "x", "sha256": "y"},
                "student": "Z",
                "responses": [],
                "score": 0,
            }
        )
    )
    code = main(["report", str(folder)])
    _, err = capsys.readouterr()
    assert code == 1 and "several decks (class-test, other): choose one with --deck" in err
    code = main(["report", str(folder), "--deck", str(deck)])
    out, _ = capsys.readouterr()
    assert code == 0 and "Cronbach's alpha: 0.60" in out and "S2" in out and "differs from re-graded 3" in out


def test_csv_has_a_row_per_student_and_question(classroom, capsys, tmp_path: Path) -> None:
    folder, _ = classroom
    target = tmp_path / "class.csv"
    report(capsys, str(folder), "--csv", str(target))
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 4 * 3 + 4 + 3 + 2  # each student's three questions, the totals, the options of q1 and q2
    s2_q3 = next(row for row in rows if row["student"] == "S2" and row["question"] == "q3")
    assert (s2_q3["response"], s2_q3["score"], s2_q3["points"], s2_q3["earned"]) == ("paris", "1.0", "2.0", "2.0")
    s2_q2 = next(row for row in rows if row["student"] == "S2" and row["question"] == "q2")
    assert s2_q2["response"] == "false"
    totals = {row["student"]: row for row in rows if row["question"] == "(total)"}
    assert [(totals[s]["earned"], totals[s]["points"], totals[s]["score"]) for s in ("S1", "S2", "S3", "S4")] == [
        ("4.0", "4.0", "1.0"),
        ("3.0", "4.0", "0.75"),
        ("1.0", "4.0", "0.25"),
        ("0.0", "4.0", "0.0"),
    ]
    assert totals["S2"]["seconds"] == "60.0" and totals["S2"]["response"] == ""
    assert [row["question"] for row in rows if row["student"] == "S1"] == ["q1", "q2", "q3", "(total)"]


def test_json_says_how_many_took_each_question(classroom, capsys) -> None:
    folder, _ = classroom
    path = next(folder.glob("class-test--S4--*.json"))
    document = json.loads(path.read_text())
    document["responses"] = [r for r in document["responses"] if r["question"] != "q3"]  # S4 was not asked q3
    path.write_text(json.dumps(document))
    items = {line["question"]: line for line in report(capsys, str(folder))["questions"]}
    assert [items[q]["taken"] for q in ("q1", "q2", "q3")] == [4, 4, 3]
    documented = {"question", "facility", "discrimination", "wrong_choices", "mean_seconds"}  # docs/cli
    assert set(items["q1"]) == documented | {"taken", "options"}


def test_a_report_never_prints_control_characters(classroom, capsys) -> None:
    folder, _ = classroom
    path = next(folder.glob("class-test--S1--*.json"))
    document = json.loads(path.read_text())
    document["student"] = "S1 \u001b[2J[b]x[/b]"
    path.write_text(json.dumps(document))
    code = main(["report", str(folder)])
    out, _ = capsys.readouterr()
    assert code == 0 and "\x1b[2J" not in out and "[b]x[/b]" in out


@pytest.fixture
def thirds_attempt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A results file written by an exam attempt scored in thirds: 2/3 of 13 points and 1/3 of 2."""
    import datetime as dt

    from quizapp.classroom.results import save_attempt
    from quizapp.deck.loader import load_deck
    from quizapp.study.exam import ExamSession, ExamSettings

    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    deck = tmp_path / "thirds.toml"
    deck.write_text(THIRDS)
    monkeypatch.setenv("QUIZAPP_DECKS", str(deck))
    moment = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)
    session = ExamSession(load_deck(deck), ExamSettings(seed=1), lambda: moment)
    session.answer("steps", ["third", "first", "second"], 20)  # first and second in order: 2 of 3
    session.answer("primes", ["2"], 10)  # one of the three primes ticked: 1/3
    return save_attempt(session, session.finish(), "Ann", tmp_path / "results")


def test_a_score_in_thirds_is_not_flagged_for_the_rounding_its_file_keeps(thirds_attempt: Path, capsys) -> None:
    assert json.loads(thirds_attempt.read_text())["score"] == 9.3333  # 26/3 + 2/3, kept to 4 decimals
    student = report(capsys, str(thirds_attempt))["students"][0]
    assert student["flags"] == [] and student["score"] == 9.3333 and student["max_score"] == 15


@pytest.mark.parametrize("edited", [10.3333, 9.3343, 9.3332])
def test_an_edited_score_is_flagged_however_small_beyond_rounding(thirds_attempt: Path, capsys, edited: float) -> None:
    document = json.loads(thirds_attempt.read_text())
    document["score"] = edited
    thirds_attempt.write_text(json.dumps(document))
    student = report(capsys, str(thirds_attempt))["students"][0]
    assert student["flags"] == [f"recorded score {edited} differs from re-graded 9.3333"]


def test_the_text_report_rounds_scores_for_people(thirds_attempt: Path, capsys) -> None:
    code = main(["report", str(thirds_attempt)])
    out, _ = capsys.readouterr()
    assert code == 0 and "9.33 / 15" in out and "9.333" not in out


LONG_ID = "a-question-id-as-long-as-a-deck-allows-so-a-table-would-cut-it-x"  # 64 characters, the most
WIDE_DECK = f"""\
[deck]
id = "wide"
title = "Typed answers"

[[questions]]
id = "{LONG_ID}"
type = "choice"
prompt = "Pick A"
choices = ["A", "B"]
answer = "A"

[[questions]]
id = "year"
type = "numeric"
prompt = "The year of Gagarin's flight?"
answer = 1961

[[questions]]
id = "capitals"
type = "cloze"
text = "France: {{{{Paris}}}}; Russia: {{{{Moscow}}}}."

[[questions]]
id = "pairs"
type = "match"
prompt = "Match the capitals."
pairs = [["France", "Paris"], ["Russia", "Moscow"]]
"""
KINDS = {LONG_ID: "choice", "year": "numeric", "capitals": "cloze", "pairs": "match"}


def a_wide_class(folder: Path, answers: dict[str, dict[str, object]]) -> Path:
    """The wide deck, and a results file for each student's answers (question id -> response); the folder."""
    deck = folder / "wide.toml"
    deck.write_text(WIDE_DECK)
    sha = hashlib.sha256(deck.read_bytes()).hexdigest()
    results = folder / "results"
    results.mkdir()
    for number, (student, given) in enumerate(answers.items()):
        document = {
            "format": 1,
            "deck": {"id": "wide", "title": "Typed answers", "sha256": sha},
            "student": student,
            "responses": [
                {"question": qid, "type": KINDS[qid], "response": response, "score": 0, "points": 1, "seconds": 5}
                for qid, response in given.items()
            ],
            "score": 0,
        }
        (results / f"wide--{number}.json").write_text(json.dumps(document))
    return results


@pytest.fixture
def wide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZAPP_DECKS", str(tmp_path / "wide.toml"))
    return lambda answers: a_wide_class(tmp_path, answers)


def test_wrong_numbers_and_gaps_are_listed_as_typed(wide, capsys) -> None:
    results = wide(
        {
            "Ann": {"year": "1962", "capitals": ["Paris", "St Petersburg"]},
            "Ben": {"year": 1960, "capitals": ["paris", "St Petersburg"]},  # gap 1 right: case does not count
            "Cat": {"year": 1961, "capitals": ["Lyon", ""]},  # a blank gap is no wrong answer
            "Dan": {"year": None, "capitals": None},  # unanswered
        }
    )
    items = {line["question"]: line for line in report(capsys, str(results))["questions"]}
    assert items["year"]["wrong_choices"] == {"1962": 1, "1960": 1}
    assert items["capitals"]["wrong_choices"] == {"gap 2: St Petersburg": 2, "gap 1: Lyon": 1}


@pytest.mark.parametrize(("students", "advised"), [(4, False), (5, True)])
def test_too_hard_is_said_only_when_enough_students_took_it(wide, capsys, students: int, advised: bool) -> None:
    results = wide({f"S{n}": {LONG_ID: "B", "year": 1961} for n in range(students)})  # all wrong, all right
    assert main(["report", str(results)]) == 0
    out = capsys.readouterr().out
    assert ("too hard" in out) is advised and ("too easy" in out) is advised


def test_the_text_report_never_cuts_a_question_id(wide, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    results = wide({"Ann": {LONG_ID: "B", "capitals": ["Rome", "Oslo"], "year": 1900}})
    assert main(["report", str(results)]) == 0
    out = capsys.readouterr().out
    table = out[out.index("Questions") : out.index("Cronbach")]
    first_column = "".join(line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│"))
    assert LONG_ID in first_column and "…" not in table
    assert max(map(len, out.splitlines())) <= 80


def test_csv_cells_are_plain_text(wide, capsys, tmp_path: Path) -> None:
    results = wide(
        {
            "Ann": {"capitals": ["Paris", "St Petersburg"], "pairs": [["France", "Paris"], ["Russia", "Oslo"]]},
            "Ben": {"capitals": ["=1+1", "x"], "year": 1960.5, "pairs": None},
        }
    )
    target = tmp_path / "class.csv"
    report(capsys, str(results), "--csv", str(target))
    cells = {(row["student"], row["question"]): row["response"] for row in csv.DictReader(target.open())}
    assert cells[("Ann", "capitals")] == "Paris; St Petersburg"
    assert cells[("Ann", "pairs")] == "France → Paris; Russia → Oslo"
    assert cells[("Ben", "year")] == "1960.5" and cells[("Ben", "pairs")] == ""
    assert cells[("Ben", "capitals")] == "'=1+1; x"  # still never a formula


# Distractor analysis, checked against shares counted by hand. The deck's key for "capital" is wrong on
# purpose (Lyon), as a teacher's slip would be; "river" and "sky" give the rest of the test its spread.
#
#     student  capital    river (2)  sky    primes (2, 3 keyed)  rest of test for capital
#     S1       Paris      Seine      true   2, 3, 4  (0.5)       2 + 1 + 0.5 = 3.5
#     S2       Paris      Seine      false  2        (0.5)       2.5
#     S3       Paris      Seine      false  3        (0.5)       2.5
#     S4       Lyon       Loire      true   2, 4     (0)         1
#     S5       Lyon       Loire      false  2, 3, 4  (0.5)       0.5
#     S6       Marseille  Loire      (none) 2, 4     (0)         0
#
# capital: Lyon 2/6, Paris 3/6 (a distractor above the key), Nice 0/6 (does not distract), Marseille 1/6.
#     Median of the rest 1.75: weaker half S4-S6 chose the key 2 of 3, stronger half S1-S3 0 of 3.
# sky (key true): true 2/6, false 3/6 (above the key); S6 did not answer, so the shares add up to 5/6.
#     Rest of test [2.5, 2.5, 2.5, 1, 1.5, 0], median 2.0: the key 1 of 3 in each half, so no flag.
# primes: 2 ticked 5/6, 3 3/6, 4 4/6 (above the key 3, though below the key 2), 9 0/6. The rest of the
#     test is capital + river + sky: [3, 2, 2, 2, 1, 0], median 2: S2-S4 sit on it, in neither half;
#     weaker S5, S6 ticked 2 both, 3 one of 2; stronger S1 ticked both: no key is flagged.
DISTRACTOR_DECK = """\
[deck]
id = "france"
title = "France"

[[questions]]
id = "capital"
type = "choice"
prompt = "The capital of France?"
choices = ["Lyon", "Paris", "Nice", "Marseille"]
answer = "Lyon"

[[questions]]
id = "river"
type = "short"
prompt = "The river of Paris?"
answers = ["Seine"]
points = 2

[[questions]]
id = "sky"
type = "truefalse"
prompt = "The sky is blue."
answer = true

[[questions]]
id = "primes"
type = "multi"
prompt = "Which are prime?"
choices = ["2", "3", "4", "9"]
answers = ["2", "3"]
"""
DISTRACTOR_KINDS = {"capital": "choice", "river": "short", "sky": "truefalse", "primes": "multi"}
DISTRACTOR_CLASS = {
    "S1": ["Paris", "Seine", True, ["2", "3", "4"]],
    "S2": ["Paris", "Seine", False, ["2"]],
    "S3": ["Paris", "Seine", False, ["3"]],
    "S4": ["Lyon", "Loire", True, ["2", "4"]],
    "S5": ["Lyon", "Loire", False, ["2", "3", "4"]],
    "S6": ["Marseille", "Loire", None, ["2", "4"]],
}
NOT_WORKING = "no one chose it: it does not distract"
ABOVE_KEY = "possibly mis-keyed: chosen more often than a key"
WEAKER_HALF = "possibly mis-keyed: the weaker half of the class chose it more often than the stronger half"


@pytest.fixture
def france(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A writer of the France deck (its text may be changed) and the class's results; the results folder."""

    def write(deck_text: str = DISTRACTOR_DECK, students: tuple[str, ...] = tuple(DISTRACTOR_CLASS)) -> Path:
        deck = tmp_path / "france.toml"
        deck.write_text(deck_text)
        sha = hashlib.sha256(deck.read_bytes()).hexdigest()
        results = tmp_path / "results"
        results.mkdir()
        for student in students:
            responses = [
                {"question": qid, "type": kind, "response": answer, "score": 0, "points": 1, "seconds": 5}
                for (qid, kind), answer in zip(DISTRACTOR_KINDS.items(), DISTRACTOR_CLASS[student], strict=True)
            ]
            document = {
                "format": 1,
                "deck": {"id": "france", "title": "France", "sha256": sha},
                "student": student,
                "responses": responses,
                "score": 0,
            }
            (results / f"france--{student}.json").write_text(json.dumps(document))
        return results

    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZAPP_DECKS", str(tmp_path / "france.toml"))
    return write


def test_every_option_has_its_share_and_flags_in_json(france, capsys) -> None:
    items = {line["question"]: line for line in report(capsys, str(france()))["questions"]}
    assert items["capital"]["options"] == [
        {"option": "Lyon", "key": True, "share": 0.3333, "flags": [WEAKER_HALF]},
        {"option": "Paris", "key": False, "share": 0.5, "flags": [ABOVE_KEY]},
        {"option": "Nice", "key": False, "share": 0.0, "flags": [NOT_WORKING]},
        {"option": "Marseille", "key": False, "share": 0.1667, "flags": []},
    ]
    assert items["sky"]["options"] == [
        {"option": "true", "key": True, "share": 0.3333, "flags": []},
        {"option": "false", "key": False, "share": 0.5, "flags": [ABOVE_KEY]},
    ]
    assert items["primes"]["options"] == [
        {"option": "2", "key": True, "share": 0.8333, "flags": []},
        {"option": "3", "key": True, "share": 0.5, "flags": []},
        {"option": "4", "key": False, "share": 0.6667, "flags": [ABOVE_KEY]},
        {"option": "9", "key": False, "share": 0.0, "flags": [NOT_WORKING]},
    ]
    assert items["river"]["options"] == []  # a typed answer has no options
    assert items["capital"]["wrong_choices"] == {"Paris": 3, "Marseille": 1}  # the documented keys as they were


@pytest.mark.parametrize(("students", "flagged"), [(4, False), (5, True)])
def test_options_are_flagged_only_when_enough_students_took_the_question(
    france, capsys, students: int, flagged: bool
) -> None:
    results = france(students=("S1", "S2", "S3", "S6", "S5")[:students])  # Nice is never chosen
    capital = next(line for line in report(capsys, str(results))["questions"] if line["question"] == "capital")
    nice = next(option for option in capital["options"] if option["option"] == "Nice")
    assert nice["share"] == 0.0 and (nice["flags"] == [NOT_WORKING]) is flagged


def test_the_halves_leave_out_the_students_on_the_median() -> None:
    from quizapp.classroom.report import halves

    assert halves([2.0, 0.0, 1.0, 1.0, 1.0]) == ([1], [0])  # the three tied on the median in neither half
    assert halves([3.0, 2.0, 2.0, 1.0, 0.0, 0.0]) == ([3, 4, 5], [0, 1, 2])  # even: the median falls between
    assert halves([1.0, 1.0, 1.0]) == ([], [])  # nothing tells them apart


def test_the_text_report_lists_every_option_with_its_marks(france, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    results = france(DISTRACTOR_DECK.replace('"Nice"', '"[b]Nice[/b]"'))  # deck text is text, never markup
    assert main(["report", str(results)]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Options") : out.index("Cronbach")]
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in section.splitlines() if line.startswith("│")]
    by_option = {(row[1], row[2]) for row in rows if row[1]}
    assert {("Lyon", "33%"), ("Paris", "50%"), ("[b]Nice[/b]", "0%"), ("Marseille", "17%")} <= by_option
    assert {("true", "33%"), ("false", "50%"), ("9", "0%")} <= by_option
    marks = " ".join(" ".join(row) for row in rows)
    assert "key" in marks and "not working" in marks and "possibly mis-keyed" in marks
    assert max(map(len, out.splitlines())) <= 80


def test_csv_has_a_row_per_option_after_the_students(france, capsys, tmp_path: Path) -> None:
    target = tmp_path / "class.csv"
    report(capsys, str(france(DISTRACTOR_DECK.replace('"Nice"', '"=Nice"'))), "--csv", str(target))
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 6 * 4 + 6 + 4 + 2 + 4  # students' answers and totals, then the options
    options = [row for row in rows if row["option"]]
    assert rows[-len(options) :] == options and all(row["student"] == row["file"] == "" for row in options)
    capital = [
        (row["option"], row["key"], row["share"], row["flags"]) for row in options if row["question"] == "capital"
    ]
    assert capital == [
        ("Lyon", "true", "0.3333", WEAKER_HALF),
        ("Paris", "false", "0.5", ABOVE_KEY),
        ("'=Nice", "false", "0.0", NOT_WORKING),  # deck text too is never a formula
        ("Marseille", "false", "0.1667", ""),
    ]
    assert {row["type"] for row in options if row["question"] == "sky"} == {"truefalse"}
    assert all(row["option"] == "" for row in rows[: -len(options)])  # a student's row never has one
