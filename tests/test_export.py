"""Export: GIFT that imports back to the same questions and answers, and Anki's CSV text format."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tui_support import starter

from quizapp.cli import main
from quizapp.deck.loaded import LoadedDeck
from quizapp.deck.loader import load_deck
from quizapp.formats.apkg import parse_apkg, to_apkg
from quizapp.formats.export import exported_options, gift_escape, to_anki_text, to_gift
from quizapp.formats.gift import parse_gift, unescape
from quizapp.places import bundled_decks_dir

KEPT = {
    "choice": ("prompt", "choices", "answer", "feedback"),
    "multi": ("prompt", "choices", "answers"),
    "truefalse": ("prompt", "answer"),
    "short": ("prompt", "answers"),
    "numeric": ("prompt", "answer", "tolerance"),
    "match": ("prompt", "pairs"),
    "cloze": ("text",),
}


def projection(question: dict) -> dict:
    fields = {key: question.get(key) for key in KEPT[question["type"]]}
    if "text" in fields:
        fields["text"] = re.sub(r"\s+", " ", fields["text"]).strip()
    fields |= {
        "type": question["type"],
        "explanation": question.get("explanation"),
        "tags": question.get("tags", []),
        "feedback": question.get("feedback") or None,
        "tolerance": question.get("tolerance") or None,
    }
    return fields


def as_exported(question: Any) -> dict:
    """A question as its export reads back: the same options and answers, in the order the export wrote them."""
    fields = question.model_dump()
    if question.type == "cloze" and question.prompt:  # a missing-word question: the prompt before the text
        fields["text"] = f"{question.prompt} {question.text}"
    if question.type in ("choice", "multi"):
        fields["choices"] = list(exported_options(question))
    if question.type == "multi":
        fields["answers"] = [option for option in fields["choices"] if option in question.answers]
    return fields


def decks() -> list[Path]:
    return sorted(bundled_decks_dir().glob("*.toml"))


@pytest.mark.parametrize("path", decks() + [None], ids=[p.stem for p in decks()] + ["starter"])
def test_gift_round_trip_keeps_questions_and_answers(tmp_path: Path, path: Path | None) -> None:
    loaded = load_deck(path or starter(tmp_path))
    text, dropped = to_gift(loaded)
    back = {q["id"]: q for q in parse_gift(text, "x.gift", "x", "X").document["questions"]}
    original = {q.id: as_exported(q) for q in loaded.deck.questions}
    exported = [
        qid
        for qid, q in original.items()
        if q["type"] in KEPT and not (q["type"] == "cloze" and len(re.findall(r"\{\{", q["text"])) > 1)
    ]
    assert set(back) == set(exported)
    for question_id in exported:
        assert projection(back[question_id]) == projection(original[question_id]), question_id
    skipped = set(original) - set(exported)
    assert all(any(loss.question == question_id for loss in dropped) for question_id in skipped)


def test_gift_escaping_round_trips() -> None:
    awkward = "a ~ b = c # d { e } f : g \\ h\nnext line"
    assert unescape(gift_escape(awkward)) == awkward


def test_anki_text_has_headers_and_a_row_per_question(tmp_path: Path) -> None:
    loaded = load_deck(starter(tmp_path))
    lines = to_anki_text(loaded)[0].splitlines()
    assert lines[:5] == [
        "#separator:tab",
        "#html:true",
        "#columns:Front\tBack\tTags\tGUID",
        "#tags column:3",
        "#guid column:4",
    ]
    rows = [line.split("\t") for line in lines[6:]]
    assert len(rows) == 9 and all(len(row) == 4 for row in rows)
    assert rows[0][3] == "quizapp/planets/closest-planet"
    first = rows[0]
    assert first[0].startswith("Which planet is closest to the Sun?<br><br>1. Mercury") and first[1].startswith(
        "Mercury"
    )


def test_export_command_never_overwrites(tmp_path: Path, capsys) -> None:
    target = tmp_path / "core.gift"
    assert main(["export", "nk-russia-core", "--format", "gift", "-o", str(target)]) == 0
    assert "not kept:" in capsys.readouterr().out
    assert main(["export", "nk-russia-core", "--format", "csv", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err


def keys_first_deck(shuffle: bool) -> str:
    """A deck written the way teachers often write one: every question's right answers first."""
    blocks = ['[deck]\nid = "keys-first"\ntitle = "Keys first"\n']
    for number in range(8):
        blocks.append(
            f'[[questions]]\nid = "choice-{number}"\ntype = "choice"\nprompt = "Choice {number}?"\n'
            f'choices = ["right {number}", "wrong a{number}", "wrong b{number}", "wrong c{number}"]\n'
            f'answer = "right {number}"\nshuffle = {str(shuffle).lower()}\n'
        )
    for number in range(4):
        blocks.append(
            f'[[questions]]\nid = "multi-{number}"\ntype = "multi"\nprompt = "Multi {number}?"\n'
            f'choices = ["right {number}", "also right {number}", "wrong a{number}", "wrong b{number}"]\n'
            f'answers = ["right {number}", "also right {number}"]\nshuffle = {str(shuffle).lower()}\n'
        )
    return "\n".join(blocks)


def write_deck(folder: Path, text: str) -> Path:
    path = folder / "keys-first.toml"
    path.write_text(text, encoding="utf-8")
    return path


def numbered_options(front: str) -> list[str]:
    """The options `1. ...`, `2. ...` listed on an Anki note's front (HTML or text)."""
    return [m.group(1) for m in re.finditer(r"(?:^|<br>|\n)\d+\. ([^<\n]*)", front)]


def options_as_exported(loaded: LoadedDeck, kind: str, folder: Path) -> dict[str, list[str]]:
    """Each question's options in the order an export of `kind` writes them, read back from the file."""
    if kind == "gift":
        imported = parse_gift(to_gift(loaded)[0], "x.gift", "x", "X").document["questions"]
        return {q["id"]: q["choices"] for q in imported}
    if kind == "csv":
        rows = [line.split("\t") for line in to_anki_text(loaded)[0].splitlines() if not line.startswith("#")]
        fronts = [row[0] for row in rows]
    else:
        to_apkg(loaded, folder / "out.apkg")
        fronts = [q["prompt"] for q in parse_apkg(folder / "out.apkg", "x", "X").document["questions"]]
    return {q.id: numbered_options(front) for q, front in zip(loaded.deck.questions, fronts, strict=True)}


def right_answers(loaded: LoadedDeck) -> dict[str, set[str]]:
    return {q.id: {q.answer} if q.type == "choice" else set(q.answers) for q in loaded.deck.questions}


@pytest.mark.parametrize("kind", ["gift", "csv", "apkg"])
def test_an_export_does_not_keep_every_key_first(tmp_path: Path, kind: str) -> None:
    loaded = load_deck(write_deck(tmp_path, keys_first_deck(shuffle=True)))
    exported = options_as_exported(loaded, kind, tmp_path)
    keys = right_answers(loaded)
    for question in loaded.deck.questions:
        assert sorted(exported[question.id]) == sorted(question.choices), question.id
    assert not all(exported[question_id][0] in keys[question_id] for question_id in keys)


@pytest.mark.parametrize("kind", ["gift", "csv", "apkg"])
def test_shuffle_false_keeps_the_decks_order(tmp_path: Path, kind: str) -> None:
    loaded = load_deck(write_deck(tmp_path, keys_first_deck(shuffle=False)))
    exported = options_as_exported(loaded, kind, tmp_path)
    assert exported == {q.id: q.choices for q in loaded.deck.questions}


@pytest.mark.parametrize("kind", ["gift", "csv"])
def test_two_exports_write_the_same_order(tmp_path: Path, kind: str) -> None:
    """Separate runs (and so different string hashes) give the same file: the order is drawn from the ids."""
    deck = write_deck(tmp_path, keys_first_deck(shuffle=True))
    texts = []
    for run in ("1", "2"):
        target = tmp_path / f"run{run}.{kind}"
        env = os.environ | {"PYTHONHASHSEED": run, "QUIZAPP_DATA_DIR": str(tmp_path / "data")}
        subprocess.run(
            [sys.executable, "-m", "quizapp", "export", str(deck), "--format", kind, "-o", str(target)],
            check=True,
            capture_output=True,
            env=env,
        )
        texts.append(target.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert texts[0] == (to_gift(load_deck(deck)) if kind == "gift" else to_anki_text(load_deck(deck)))[0]
