"""Round trips: every bundled deck and the starter deck, exported to each format and imported back,
come back the same (deck id and title, and each question's id, type, text, answers, points, tolerance,
hint, feedback, explanation), or else the difference is listed: by the export (an `ExportLoss` naming
the question and the key) or by the import (a loss naming the question).

The exports are written under names that say nothing of the deck (`exported.gift`, `exported.txt`),
so the deck's id and title must come from the file itself, and the CSV export comes back as a `.txt`
file, as Anki users name it, without `--format`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tui_support import starter

from quizapp.deck.loader import load_deck
from quizapp.deck.writer import dumps_deck
from quizapp.formats.deck_import import import_file
from quizapp.formats.export import ExportLoss, to_anki_text, to_gift
from quizapp.formats.gift import parse_gift
from quizapp.places import bundled_decks_dir

FORMATS = {"gift": "exported.gift", "csv": "exported.txt", "apkg": "exported.apkg"}
# Keys whose order the student never sees as written (the options of a shuffled question are shown
# shuffled, and an export writes them so): compared as sets.
UNORDERED = ("choices", "answers")


def decks() -> list[Path]:
    return sorted(bundled_decks_dir().glob("*.toml"))


def export(loaded: Any, kind: str, folder: Path) -> tuple[Path, list[ExportLoss]]:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FORMATS[kind]
    if kind == "apkg":
        from quizapp.formats.apkg import to_apkg

        return target, to_apkg(loaded, target)
    text, losses = to_gift(loaded) if kind == "gift" else to_anki_text(loaded)
    target.write_text(text, encoding="utf-8")
    return target, losses


def comparable(question: Any) -> dict[str, Any]:
    """A question's keys as a teacher wrote them (defaults left out), in a form two copies compare in."""
    fields = question.model_dump(exclude_defaults=True)
    for key in UNORDERED:
        if key in fields and getattr(question, "shuffle", True):
            fields[key] = sorted(fields[key])
    if "text" in fields:
        fields["text"] = re.sub(r"\s+", " ", fields["text"]).strip()
    return fields


def lost_fields(losses: list[ExportLoss], question_id: str | None) -> set[str]:
    return {name for loss in losses if loss.question == question_id for name in loss.fields}


def test_comparable_sees_a_lost_hint(tmp_path: Path) -> None:
    """The comparison itself can fail: a question that lost its hint is not the same."""
    deck = load_deck(starter(tmp_path))
    question = deck.deck.questions[0]
    assert question.hint and comparable(question) != comparable(question.model_copy(update={"hint": None}))


@pytest.mark.parametrize("kind", list(FORMATS))
@pytest.mark.parametrize("path", [*decks(), None], ids=[*(p.stem for p in decks()), "starter"])
def test_a_deck_comes_back_the_same_or_with_its_losses_listed(tmp_path: Path, path: Path | None, kind: str) -> None:
    original = load_deck(path or starter(tmp_path / "decks"))
    exported, export_losses = export(original, kind, tmp_path)
    written, import_losses = import_file(exported, tmp_path / "back.toml", None)
    back = load_deck(tmp_path / "back.toml")
    assert written == len(back.deck.questions)
    named_by_import = {loss.question for loss in import_losses}

    deck_lost = lost_fields(export_losses, None)
    if "id" not in deck_lost:
        assert back.id == original.id
    if "title" not in deck_lost:
        assert back.title == original.title
    kept_deck = set(original.deck.deck.model_dump(exclude_defaults=True)) - deck_lost
    assert kept_deck <= set(back.deck.deck.model_dump(exclude_defaults=True))

    whole = {question.id for question in original.deck.questions if "*" in lost_fields(export_losses, question.id)}
    sent = [question for question in original.deck.questions if question.id not in whole]
    if "questions.id" in deck_lost:  # the ids are gone: the questions come back in their order
        assert len(back.deck.questions) + len(named_by_import) >= len(sent)
        pairs = list(zip(sent, back.deck.questions, strict=False))
    else:
        returned = {question.id: question for question in back.deck.questions}
        assert not whole & set(returned), "a question listed as not exported came back"
        missing = [question.id for question in sent if question.id not in returned]
        assert all(question_id in named_by_import for question_id in missing), (missing, import_losses)
        pairs = [(question, returned[question.id]) for question in sent if question.id in returned]

    for before, after in pairs:
        if before.id in named_by_import:
            continue  # the import listed what it could not keep of this one
        lost = lost_fields(export_losses, before.id) | ({"id"} if "questions.id" in deck_lost else set())
        want = {key: value for key, value in comparable(before).items() if key not in lost}
        got = comparable(after)
        assert {key: got.get(key) for key in want} == want, (before.id, export_losses)
        if "type" not in lost:  # nothing was added that the original did not have
            assert set(got) - {"id"} <= set(comparable(before)), (before.id, sorted(set(got) - set(want)))


def test_every_loss_of_an_export_names_a_question_of_the_deck_or_the_deck(tmp_path: Path) -> None:
    loaded = load_deck(starter(tmp_path))
    ids = {question.id for question in loaded.deck.questions}
    for kind in FORMATS:
        _, losses = export(loaded, kind, tmp_path / kind)
        assert losses and all(loss.question is None or loss.question in ids for loss in losses)
        assert all(str(loss) for loss in losses)


def test_gift_weights_a_multi_as_quizapp_grades_it(tmp_path: Path) -> None:
    """Moodle adds the weights of the options ticked (kept within 0..100%): with each right option worth
    1/n and each wrong one -1/n, every set of ticks scores in Moodle what it scores in quizapp."""
    deck = tmp_path / "multi.toml"
    deck.write_text(
        '[deck]\nid = "m"\ntitle = "M"\n\n[[questions]]\nid = "three"\ntype = "multi"\nprompt = "Which?"\n'
        'choices = ["a", "b", "c", "d", "e"]\nanswers = ["a", "b", "c"]\n',
        encoding="utf-8",
    )
    text, _ = to_gift(load_deck(deck))
    weights = {option: float(weight) for weight, option in re.findall(r"~%(-?[\d.]+)%(\w)", text)}
    assert weights == {"a": 33.33333, "b": 33.33333, "c": 33.33333, "d": -33.33333, "e": -33.33333}
    for ticked in (["a"], ["a", "b", "c"], ["a", "d"], ["a", "b", "d"], ["d", "e"]):
        moodle = min(1.0, max(0.0, sum(weights[option] for option in ticked) / 100))
        right = sum(option in "abc" for option in ticked)
        assert moodle == pytest.approx(max(0.0, (right - (len(ticked) - right)) / 3), abs=1e-6), ticked


def test_the_export_command_lists_a_loss_shared_by_questions_once(tmp_path: Path, capsys) -> None:
    from quizapp.cli import main

    assert main(["export", "nk-russia-core", "--format", "gift", "-o", str(tmp_path / "core.gift")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  not kept:")]
    assert sum("GIFT has no place for its source" in line for line in lines) == 1
    assert any(
        line.startswith('  not kept: questions "timeline", "article-outline": GIFT has no order') for line in lines
    )


def gift_round_trip(tmp_path: Path, questions: list[dict[str, Any]]) -> tuple[str, list[ExportLoss], dict[str, Any]]:
    """The GIFT export of a deck of `questions`, its losses, and the questions imported back by id."""
    path = tmp_path / "deck.toml"
    path.write_text(dumps_deck({"format": 1, "deck": {"id": "d", "title": "D"}, "questions": questions}))
    text, losses = to_gift(load_deck(path))
    back = parse_gift(text, "exported.gift", "x", "X").document["questions"]
    return text, losses, {question["id"]: question for question in back}


def test_gift_text_that_looks_like_gift_syntax_comes_back_as_text(tmp_path: Path) -> None:
    """A text that starts like a weight (`%100%`) or a format marker (`[html]`), and a typed `*`, are
    written so that Moodle reads them as text (checked against Moodle's parser: a weight is read after
    `~`, and after `=` in a typed answer, never after `=` in a multiple choice; `\\*` in a typed answer
    is an asterisk, `*` any text), and quizapp's import reads them back the same."""
    questions = [
        {"id": "discount", "type": "choice", "prompt": "[html]Which discount is right?", "answer": "10% off"}
        | {"choices": ["%100% off", "10% off", "[plain] none"], "feedback": {"%100% off": "%5% more than that"}},
        {"id": "key", "type": "choice", "prompt": "Which?", "choices": ["%100% on", "off"], "answer": "%100% on"},
        {"id": "rate", "type": "short", "prompt": "Which rate?", "answers": ["%50% off", "*", "a*b"]},
        {"id": "star", "type": "cloze", "text": "Type {{*}} here."},
        {"id": "pick", "type": "multi", "prompt": "Which?", "choices": ["%50%a", "b", "c"], "answers": ["%50%a", "b"]},
        {"id": "arrows", "type": "match", "prompt": "Match.", "pairs": [["A", "x -> y"], ["B", "z"]]},
    ]
    text, losses, back = gift_round_trip(tmp_path, questions)
    assert "~%0%%100% off" in text and "=10% off" in text  # without %0%, Moodle scores "off" 100%
    assert "=%100% on" in text and "%0%%100% on" not in text  # Moodle reads no weight after = here
    assert "=%100%%50% off" in text and "=\\\\*" in text and "=a\\\\*b" in text
    assert "::discount::[plain][html]Which discount" in text and "~[plain][plain] none" in text
    assert "=A -> x -> y" in text  # Moodle cuts a pair at its first ->: a right side may hold one
    assert losses == []
    for question in questions:
        got = back[question["id"]]
        assert {key: sorted(value) if key == "choices" else value for key, value in got.items()} == {
            key: sorted(value) if key == "choices" else value for key, value in question.items()
        }


def test_gift_leaves_out_a_question_whose_arrow_moodle_would_misread(tmp_path: Path) -> None:
    """`->` on a match's left side, or in a typed answer (which makes Moodle take the question for a
    match), has no escape in GIFT: the question is listed as not exported, never written changed."""
    questions = [
        {"id": "left", "type": "match", "prompt": "Match.", "pairs": [["x -> y", "1"], ["z", "2"]]},
        {"id": "typed", "type": "short", "prompt": "Arrow?", "answers": ["a -> b"]},
        {"id": "gap", "type": "cloze", "text": "An arrow: {{->}}."},
        {"id": "fine", "type": "truefalse", "prompt": "Fine?", "answer": True},
    ]
    text, losses, back = gift_round_trip(tmp_path, questions)
    assert set(back) == {"fine"} and "->" not in text
    assert {(loss.question, loss.fields) for loss in losses} == {
        ("left", ("*",)),
        ("typed", ("*",)),
        ("gap", ("*",)),
    }
    assert 'its left side "x -> y" holds ->' in str(next(loss for loss in losses if loss.question == "left"))
