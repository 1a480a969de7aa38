"""`quizapp export`: a deck to Moodle GIFT (imported back, the same questions and answers) or to a
CSV text file with Anki's headers. What a format cannot express is listed, never silently lost."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..deck.cloze import parse_cloze
from ..deck.loaded import LoadedDeck
from ..study.grading import format_number
from ..study.presentation import shown_order

GIFT_SPECIAL = "\\~=#{}:"

# The seed of every export's option order: with the question's id it draws the same order on every
# export (a file exported twice does not differ), unlike a study session, which passes a new seed.
EXPORT_SEED = 0


def exported_options(question: Any) -> tuple[str, ...]:
    """A choice or multi question's options in the order an export writes them: shuffled the same way
    on every export (decks are often written with the key first, which a file would give away), or
    in the deck's order for a question with `shuffle = false`."""
    return shown_order(question, EXPORT_SEED)


def gift_escape(text: str) -> str:
    """Text safe inside GIFT: its special characters escaped, line breaks as `\\n`."""
    escaped = "".join("\\" + char if char in GIFT_SPECIAL else char for char in text)
    return escaped.replace("\n", "\\n")


def _weight(share: float) -> str:
    return f"%{share:.5g}%"


def _gift_answers(question: Any, dropped: list[str]) -> tuple[str, str, str] | None:
    """(text before the braces, the answers, text after) of a question, or None when GIFT has no such kind."""
    kind, where = question.type, f'question "{question.id}"'
    prompt = gift_escape(question.prompt or "")
    if kind == "choice":
        # Feedback goes on the wrong options only, where quizapp's own GIFT import keeps it.
        parts = [
            f"={gift_escape(c)}"
            if c == question.answer
            else f"~{gift_escape(c)}" + (f"#{gift_escape(question.feedback[c])}" if c in question.feedback else "")
            for c in exported_options(question)
        ]
        return prompt, " ".join(parts), ""
    if kind == "multi":
        share = 100 / len(question.answers)
        parts = [
            f"~{_weight(share)}{gift_escape(c)}" if c in question.answers else f"~%-100%{gift_escape(c)}"
            for c in exported_options(question)
        ]
        return prompt, " ".join(parts), ""
    if kind == "truefalse":
        return prompt, "TRUE" if question.answer else "FALSE", ""
    if kind == "short":
        return prompt, " ".join(f"={gift_escape(a)}" for a in question.answers), ""
    if kind == "numeric":
        tolerance = f":{format_number(question.tolerance)}" if question.tolerance else ""
        if question.unit:
            dropped.append(f"{where}: its unit ({question.unit}) is not kept")
        return prompt, f"#{format_number(question.answer)}{tolerance}", ""
    if kind == "match":
        return prompt, " ".join(f"={gift_escape(left)} -> {gift_escape(right)}" for left, right in question.pairs), ""
    if kind == "cloze":
        parsed = parse_cloze(question.text)
        if len(parsed.gaps) == 1:
            answers = " ".join(f"={gift_escape(a)}" for a in parsed.gaps[0].answers)
            return gift_escape(parsed.pieces[0]).rstrip(), answers, gift_escape(parsed.pieces[1])
        dropped.append(
            f"{where}: a text with {len(parsed.gaps)} gaps has no GIFT form (GIFT has one gap a question); not exported"
        )
        return None
    dropped.append(f"{where}: GIFT has no {kind} questions; not exported")
    return None


def to_gift(loaded: LoadedDeck) -> tuple[str, list[str]]:
    """The deck as GIFT text, and what it could not keep."""
    dropped: list[str] = []
    blocks = [f"// {loaded.title} (quizapp deck {loaded.id})"]
    for question in loaded.deck.questions:
        found = _gift_answers(question, dropped)
        if found is None:
            continue
        before, answers, after = found
        if question.hint:
            dropped.append(f'question "{question.id}": its hint is not kept')
        general = f"####{gift_escape(question.explanation)}" if question.explanation else ""
        lines = [f"// [id:{question.id}]"] + [f"// [tag:{tag}]" for tag in question.tags]
        lines.append(f"::{gift_escape(question.id or '')}::{before}{{{answers}{general}}}{after}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n", dropped


def front_and_back(question: Any) -> tuple[str, str]:
    """What an Anki note shows on each side (HTML): options on the front for the kinds Anki lacks."""

    def lines(values: list[str]) -> str:
        return "<br>".join(html.escape(value) for value in values)

    kind = question.type
    front = html.escape(question.prompt or "")
    if kind in ("choice", "multi"):
        front += "<br><br>" + lines([f"{n}. {c}" for n, c in enumerate(exported_options(question), start=1)])
    if kind == "order":
        front += "<br><br>" + lines(sorted(question.items))
    if kind == "match":
        front += "<br><br>" + lines([left for left, _ in question.pairs])
    if kind == "cloze":
        parsed = parse_cloze(question.text)
        front = (front + "<br>" if front else "") + html.escape(
            "".join(piece + ("[...]" if index < len(parsed.gaps) else "") for index, piece in enumerate(parsed.pieces))
        )
    answers: dict[str, Callable[[], str]] = {
        "choice": lambda: html.escape(question.answer),
        "multi": lambda: lines(question.answers),
        "truefalse": lambda: "true" if question.answer else "false",
        "short": lambda: html.escape(question.answers[0]),
        "numeric": lambda: html.escape(format_number(question.answer) + (f" {question.unit}" if question.unit else "")),
        "cloze": lambda: lines([gap.answers[0] for gap in parse_cloze(question.text).gaps]),
        "order": lambda: lines(question.items),
        "match": lambda: lines([f"{left} → {right}" for left, right in question.pairs]),
        "flashcard": lambda: html.escape(question.answer),
    }
    back = answers[kind]()
    if question.explanation:
        back += "<br><br>" + html.escape(question.explanation)
    return front, back


def to_anki_text(loaded: LoadedDeck) -> str:
    """The deck as a tab-separated text file with Anki's import headers: front, back, tags."""
    rows = ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags", f"#deck:{loaded.title}"]
    for question in loaded.deck.questions:
        front, back = front_and_back(question)
        tags = " ".join(tag.replace(" ", "_") for tag in question.tags)
        rows.append("\t".join(value.replace("\t", " ").replace("\n", "<br>") for value in (front, back, tags)))
    return "\n".join(rows) + "\n"
