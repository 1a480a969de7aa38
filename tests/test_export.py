"""Export: GIFT that imports back to the same questions and answers, and Anki's CSV text format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tui_support import starter

from quizapp.cli import main
from quizapp.deck.loader import load_deck
from quizapp.formats.export import gift_escape, to_anki_text, to_gift
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


def decks() -> list[Path]:
    return sorted(bundled_decks_dir().glob("*.toml"))


@pytest.mark.parametrize("path", decks() + [None], ids=[p.stem for p in decks()] + ["starter"])
def test_gift_round_trip_keeps_questions_and_answers(tmp_path: Path, path: Path | None) -> None:
    loaded = load_deck(path or starter(tmp_path))
    text, dropped = to_gift(loaded)
    back = {q["id"]: q for q in parse_gift(text, "x.gift", "x", "X").document["questions"]}
    original = {q.id: q.model_dump() for q in loaded.deck.questions}
    exported = [
        qid
        for qid, q in original.items()
        if q["type"] in KEPT and not (q["type"] == "cloze" and len(re.findall(r"\{\{", q["text"])) > 1)
    ]
    assert set(back) == set(exported)
    for question_id in exported:
        assert projection(back[question_id]) == projection(original[question_id]), question_id
    skipped = set(original) - set(exported)
    assert all(any(f'"{question_id}"' in line for line in dropped) for question_id in skipped)


def test_gift_escaping_round_trips() -> None:
    awkward = "a ~ b = c # d { e } f : g \\ h\nnext line"
    assert unescape(gift_escape(awkward)) == awkward


def test_anki_text_has_headers_and_a_row_per_question(tmp_path: Path) -> None:
    loaded = load_deck(starter(tmp_path))
    lines = to_anki_text(loaded).splitlines()
    assert lines[:3] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags"]
    rows = [line.split("\t") for line in lines[4:]]
    assert len(rows) == 9 and all(len(row) == 3 for row in rows)
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
