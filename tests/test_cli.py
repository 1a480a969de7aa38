"""The command line: exit codes, output formats, global options and the one-line error rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHOICE, deck_text

from quizapp.cli import main
from quizapp.places import bundled_decks_dir


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory and no QUIZAPP_DECKS."""
    data = tmp_path / "data"
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    monkeypatch.delenv("QUIZAPP_DECKS", raising=False)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lint_clean_deck(write, capsys) -> None:
    code, out, err = run(capsys, "lint", str(write(deck_text())))
    assert (code, out) == (0, "")
    assert err.strip() == "checked 1 file: 0 errors, 0 warnings"


def test_lint_errors_are_one_line_each_and_exit_1(write, capsys) -> None:
    path = write(deck_text().replace('answer = "Sergei Shoigu"', 'answer = "Dmitry Medvedev"'))
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 1
    assert out == (
        f'{path}:13:1: error: questions[0] (id "q1"): answer "Dmitry Medvedev" is not one of the choices [choice-answer]\n'
    )


def test_lint_warnings_pass_unless_strict(write, capsys) -> None:
    path = write(deck_text(CHOICE.replace('id = "q1"\n', "")))
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 0 and ": warning: questions[0]: has no id" in out
    code, out, err = run(capsys, "lint", "--strict", str(path))
    assert code == 1 and ": warning: questions[0]: has no id" in out and ": error:" not in out
    assert err == "checked 1 file: 0 errors, 1 warning\n1 warning counts as an error under --strict\n"


def test_lint_json(write, capsys) -> None:
    good = write(deck_text())
    bad = write(deck_text().replace("choices = [", "choices = [1, "))
    code, out, _ = run(capsys, "lint", "--json", str(good), str(bad))
    report = json.loads(out)
    assert code == 1
    assert report["files"] == 2 and report["errors"] == 1 and report["warnings"] == 0
    assert report["decks"] == [{"file": str(good), "id": "test-deck", "questions": 1}]
    assert report["problems"] == [
        {
            "file": str(bad),
            "line": 12,
            "column": 12,
            "severity": "error",
            "rule": "wrong-type",
            "question": "q1",
            "field": "questions[0].choices[0]",
            "message": 'questions[0] (id "q1"): choices[0] must be text in quotes, not a whole number (1)',
        }
    ]


def test_lint_names_the_rule_of_an_exam_warning(write, capsys) -> None:
    path = write(deck_text() + "\n[deck.quiz]\ncount = 2\n")
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 0
    assert out == (
        f"{path}:18:1: warning: deck.quiz.count the exam asks for 2 questions but only 1 can be drawn; "
        "it will use those [exam-count]\n"
    )
    _, out, _ = run(capsys, "lint", "--json", str(path))
    assert [problem["rule"] for problem in json.loads(out)["problems"]] == ["exam-count"]


def test_lint_json_names_the_question_of_each_problem(write, capsys) -> None:
    no_id = CHOICE.replace('id = "q1"\n', "").replace("Who visited", "Who went to")
    unexplained = CHOICE.replace('id = "q1"', 'id = "q2"').replace("explanation = ", "# explanation = ")
    path = write(deck_text(no_id, unexplained) + "\n[deck.quiz]\ncount = 3\n")
    _, out, _ = run(capsys, "lint", "--json", str(path))
    found = [(problem["rule"], problem["question"]) for problem in json.loads(out)["problems"]]
    assert found == [("no-id", None), ("no-explanation", "q2"), ("exam-count", None)]


def test_lint_rules_lists_every_rule_once_with_why(capsys) -> None:
    from quizapp.deck.rules import ERROR_RULES, RULES

    code, out, _ = run(capsys, "lint", "--rules")
    lines = out.splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == list(RULES)
    assert lines[0].split(maxsplit=1)[1] == f"error: {ERROR_RULES['no-such-file']}"
    why = dict(line.split(maxsplit=1) for line in lines)
    assert why["exam-count"].startswith("warning: an exam cannot draw more")
    assert why["longest-answer"].startswith("warning: writers add qualifiers")
    code, _, err = run(capsys, "lint")
    assert code == 2 and err.startswith("quizapp: error: name the deck files or folders to check")


def test_lint_a_folder_finds_every_deck_and_reports_repeated_deck_ids(write, tmp_path: Path, capsys) -> None:
    first = write(deck_text(), "decks/a.toml")
    second = write(deck_text(), "decks/sub/b.toml")
    code, out, err = run(capsys, "lint", str(tmp_path / "decks"))
    assert code == 1
    assert (
        out
        == f'{second}:2:1: error: deck id "test-deck" is also used by {first}; this file is skipped (give one of them another deck.id) [duplicate-deck-id]\n'
    )
    assert "checked 2 files" in err


def test_lint_missing_path_and_empty_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    code, out, _ = run(capsys, "lint", str(tmp_path / "missing.toml"), str(tmp_path / "empty"))
    assert code == 1
    assert f"{tmp_path / 'missing.toml'}: error: no such file or folder" in out
    assert f"{tmp_path / 'empty'}: error: no deck files (*.toml) in this folder" in out


def test_lint_never_prints_control_characters(write, capsys) -> None:
    path = write(deck_text().replace('answer = "Sergei Shoigu"', 'answer = "\\u001b[2J"'), "evil\x1bname.toml")
    _, out, _ = run(capsys, "lint", str(path))
    assert "\x1b" not in out and "\\x1b" in out


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands that open the TUI run it without a terminal: what they print when it ends is tested."""
    from quizapp.tui.app import QuizApp

    run_app = QuizApp.run
    monkeypatch.setattr(QuizApp, "run", lambda self, **options: run_app(self, headless=True, **options))


@pytest.mark.parametrize("command", ["preview", "quiz", "read", "study"])
def test_a_named_deck_that_does_not_load_is_told_by_its_problems(command: str, write, capsys, headless) -> None:
    path = write(deck_text().replace('answer = "Sergei Shoigu"', 'answer = "Dmitry Medvedev"'))
    code, out, err = run(capsys, command, str(path))
    assert (code, out) == (1, "")
    assert err == (
        f'{path}:13:1: error: questions[0] (id "q1"): answer "Dmitry Medvedev" is not one of the choices [choice-answer]\n'
    )
    broken = write("[deck\n")
    code, _, err = run(capsys, command, str(broken))
    assert code == 1 and err.startswith(f"{broken}:1:6: error: not valid TOML") and err.count("\n") == 1
    code, _, err = run(capsys, command, str(broken.with_name("missing.toml")))  # no file: still "not found"
    assert (
        code == 1
        and err
        == f'quizapp: error: no deck "{broken.with_name("missing.toml")}" was found (quizapp decks lists them)\n'
    )


def test_new_writes_a_deck_that_passes_strict_lint_and_never_overwrites(tmp_path: Path, capsys) -> None:
    target = tmp_path / "My Physics Deck.toml"
    code, out, _ = run(capsys, "new", str(target), "--title", "Physics")
    assert code == 0 and "wrote" in out
    text = target.read_text()
    assert 'id = "my-physics-deck"' in text and 'title = "Physics"' in text and text.count("[[questions]]") == 9
    assert all(
        f'type = "{kind}"' in text
        for kind in ("choice", "multi", "truefalse", "short", "numeric", "cloze", "order", "match", "flashcard")
    )
    assert run(capsys, "lint", "--strict", str(target))[0] == 0
    code, _, err = run(capsys, "new", str(target))
    assert code == 1 and "already exists" in err and target.read_text() == text


def test_new_refuses_a_name_without_toml_and_a_missing_folder(tmp_path: Path, capsys) -> None:
    assert run(capsys, "new", str(tmp_path / "deck.txt"))[2].startswith("quizapp: error:")
    code, _, err = run(capsys, "new", str(tmp_path / "no" / "deck.toml"))
    assert code == 1 and "does not exist" in err


def test_schema_accepts_the_starter_deck_and_refuses_a_typo(tmp_path: Path, capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import tomli

    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")
    run(capsys, "new", str(tmp_path / "d.toml"))
    document = tomli.loads((tmp_path / "d.toml").read_text())
    jsonschema.validate(document, schema)
    document["questions"][0]["promt"] = "typo"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    assert run(capsys, "schema", "-o", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text()) == schema


def test_schema_points_at_the_one_wrong_key_of_a_question(capsys) -> None:
    """One typo in one question is one error naming the key, not "valid under none of nine types"."""
    jsonschema = pytest.importorskip("jsonschema")
    import tomli

    schema = json.loads(run(capsys, "schema")[1])
    document = tomli.loads(deck_text(CHOICE, CHOICE.replace('id = "q1"', 'id = "q2"')))
    document["questions"][1]["explanaton"] = document["questions"][1].pop("explanation")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert [(list(error.absolute_path), error.message) for error in errors] == [
        (["questions", 1], "Additional properties are not allowed ('explanaton' was unexpected)")
    ]


def test_schema_describes_each_key_for_its_own_table(capsys) -> None:
    tables = json.loads(run(capsys, "schema")[1])["$defs"]
    assert "true" in tables["TrueFalseQuestion"]["properties"]["answer"]["description"]
    assert "choices" not in tables["TrueFalseQuestion"]["properties"]["answer"]["description"]
    assert "exam" in tables["QuizDefaults"]["properties"]["shuffle"]["description"]
    assert "options" in tables["ChoiceQuestion"]["properties"]["shuffle"]["description"]
    assert "note" not in tables["ClozeQuestion"]["properties"]["text"]["description"]
    assert "gaps" not in tables["Note"]["properties"]["text"]["description"]
    assert (
        tables["Source"]["properties"]["title"]["description"]
        != tables["DeckInfo"]["properties"]["title"]["description"]
    )


def test_decks_lists_bundled_data_dir_and_env_decks(write, tmp_path: Path, isolated: Path, monkeypatch, capsys) -> None:
    write(deck_text().replace('id = "test-deck"', 'id = "in-data-dir"'), "data/decks/mine.toml")
    extra = write(deck_text().replace('id = "test-deck"', 'id = "from-env"'), "elsewhere/extra.toml")
    monkeypatch.setenv("QUIZAPP_DECKS", str(extra))
    code, out, _ = run(capsys, "decks", "--json")
    listing = json.loads(out)
    ids = [deck["id"] for deck in listing["decks"]]
    assert code == 0 and ids[:2] == ["from-env", "in-data-dir"]
    bundled = bundled_decks_dir()
    assert bundled is not None and len(ids) == 2 + len(list(bundled.glob("*.toml")))
    assert listing["decks"][0] == {"id": "from-env", "title": "A test deck", "questions": 1, "path": str(extra)}


def test_decks_reports_a_broken_deck_and_still_lists_the_others(write, isolated: Path, capsys) -> None:
    write(deck_text().replace('id = "test-deck"', 'id = "good"'), "data/decks/good.toml")
    broken = write("[deck\n", "data/decks/broken.toml")
    code, out, err = run(capsys, "decks")
    assert code == 1
    assert f"{broken}:1:6: error: not valid TOML" in err
    assert out.splitlines()[0].split() == ["ID", "TITLE", "QUESTIONS", "PATH"]
    assert any(line.startswith("good ") for line in out.splitlines())


def test_deck_with_the_id_of_a_bundled_deck_names_both_files(write, capsys) -> None:
    bundled = bundled_decks_dir()
    assert bundled is not None
    first_bundled = sorted(bundled.glob("*.toml"))[0]
    copy = write(first_bundled.read_text(), "data/decks/copy.toml")
    code, _, err = run(capsys, "decks")
    assert code == 1
    assert f"{first_bundled}:" in err and "is also used by" in err and str(copy) in err


def test_global_options_before_or_after_the_command(tmp_path: Path, capsys) -> None:
    data = tmp_path / "elsewhere"
    for argv in (["--data-dir", str(data), "decks", "--json"], ["decks", "--json", "--data-dir", str(data)]):
        (data / "decks").mkdir(parents=True, exist_ok=True)
        (data / "decks" / "x.toml").write_text(deck_text().replace('id = "test-deck"', 'id = "only-here"'))
        assert "only-here" in run(capsys, *argv)[1]


def test_bad_options_are_one_line_errors(capsys) -> None:
    code, out, err = run(capsys, "lint", "--nope", "x.toml")
    assert code == 2 and out == ""
    assert err == "quizapp: error: unrecognized arguments: --nope (see 'quizapp lint --help')\n"
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and err.startswith("quizapp: error: argument COMMAND: invalid choice: 'frobnicate'")
    code, _, err = run(capsys, "--profile", "\x1b[31m", "decks")
    assert code == 2 and "\x1b" not in err and "control characters" in err


def test_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("quizapp ")
    for command in ("lint", "new", "schema", "decks"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "usage: quizapp" in capsys.readouterr().out


def test_unexpected_failure_writes_a_crash_log(isolated: Path, monkeypatch, capsys) -> None:
    import quizapp.cli

    def broken(options):
        raise RuntimeError("a bug")

    monkeypatch.setattr(quizapp.cli, "run_decks", broken)
    code, _, err = run(capsys, "decks")
    assert code == 70 and "unexpected failure (RuntimeError); details are in" in err
    logs = list((isolated / "crash-logs").glob("*.log"))
    assert len(logs) == 1 and "RuntimeError: a bug" in logs[0].read_text()


def test_python_dash_m_and_the_installed_script_agree(tmp_path: Path) -> None:
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path)}
    module = subprocess.run([sys.executable, "-m", "quizapp", "--version"], capture_output=True, text=True, env=env)
    script = subprocess.run(
        [str(Path(sys.executable).with_name("quizapp")), "--version"], capture_output=True, text=True, env=env
    )
    assert module.returncode == script.returncode == 0 and module.stdout == script.stdout
