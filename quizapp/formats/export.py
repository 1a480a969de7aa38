"""`quizapp export`: a deck to Moodle GIFT, to a CSV text file with Anki's headers, or (apkg.py) to an
Anki package. Each writes all that its format can hold; what it cannot is returned as `ExportLoss`es,
one per question (by id) or for the deck as a whole, which `quizapp export` prints.

GIFT holds the questions Moodle has (all but order questions, flashcards and clozes of several gaps)
with their answers, tolerance, per-option feedback, match extras (`= -> X`) and explanation (general
feedback, `####`); the deck's id and title and each question's id, tags, points, hint and unit travel
in comments (gift.py's `comment_field`), which Moodle ignores and quizapp's import reads back. Anki
grades nothing: every question becomes a card the student judges, its options and answers written
on it; the deck and question ids travel in the CSV's GUID column, not in a package.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..deck.cloze import parse_cloze
from ..deck.loaded import LoadedDeck
from ..study.grading import format_number
from ..study.presentation import shown_order
from .gift import MARKER_RE, WEIGHT_RE, comment_field

GIFT_SPECIAL = "\\~=#{}:"

# The seed of every export's option order: with the question's id it draws the same order on every
# export (a file exported twice does not differ), unlike a study session, which passes a new seed.
EXPORT_SEED = 0

# What each format keeps of a deck's own table and notes; the rest is listed, once, for the deck.
DECK_KEYS_KEPT = {"gift": {"id", "title"}, "csv": {"id", "title"}, "apkg": {"title"}}
# A question's keys that GIFT writes (in its own syntax or in comments), by question type.
GIFT_COMMON = {"id", "type", "prompt", "explanation", "tags", "points", "hint"}
GIFT_KEYS = {
    "choice": {"choices", "answer", "feedback"},
    "multi": {"choices", "answers"},
    "truefalse": {"answer"},
    "short": {"answers"},
    "numeric": {"answer", "tolerance", "unit"},
    "cloze": {"text"},
    "match": {"pairs", "extra"},
}
# A kind of question in words, for "… becomes a card".
KIND_WORDS = {
    "choice": "a choice question",
    "multi": "a multi question",
    "truefalse": "a true/false question",
    "short": "a short-answer question",
    "numeric": "a numeric question",
    "cloze": "a cloze",
    "order": "an order question",
    "match": "a match question",
}
# What an Anki card keeps of any question: its id (in a CSV) and tags; its prompt when the front is the
# prompt alone (the other kinds add their options to it); its type only for a flashcard, and in a package for
# a cloze (which becomes a Cloze note with its text and explanation).
ANKI_COMMON = {"id", "tags"}
FRONT_IS_PROMPT = {"truefalse", "short", "numeric", "flashcard"}


@dataclass(frozen=True)
class ExportLoss:
    """What an export could not keep: of one question (`question` is its id) or of the deck (None);
    `fields` are the deck-format keys lost (`*`: the whole question; for the deck, `questions.id`: every
    question's id), `words` say it for the teacher."""

    question: str | None
    fields: tuple[str, ...]
    words: str

    def __str__(self) -> str:
        return f'question "{self.question}": {self.words}' if self.question is not None else self.words


def loss_lines(losses: list[ExportLoss]) -> list[str]:
    """The losses as lines for the teacher: the deck's first, then one line for each thing lost, naming
    every question that lost it (thirty questions that lose their `source` make one line, not thirty)."""
    by_words: dict[str, list[str]] = {}
    lines = []
    for loss in losses:
        if loss.question is None:
            lines.append(loss.words)
        else:
            by_words.setdefault(loss.words, []).append(f'"{loss.question}"')
    for words, questions in by_words.items():
        lines.append(f"{'question' if len(questions) == 1 else 'questions'} {', '.join(questions)}: {words}")
    return lines


def _set_keys(model: Any) -> list[str]:
    """The keys a deck or question sets to other than their defaults, in the model's order."""
    return list(model.model_dump(exclude_defaults=True))


def deck_losses(loaded: LoadedDeck, kind: str, format_name: str) -> list[ExportLoss]:
    """What the format `kind` does not keep of the deck's own table and its notes."""
    deck = loaded.deck
    lost = [key for key in _set_keys(deck.deck) if key not in DECK_KEYS_KEPT[kind]]
    if deck.notes:
        lost.append("notes")
    if not lost:
        return []
    return [ExportLoss(None, tuple(lost), f"{format_name} has no place for the deck's {', '.join(lost)}")]


def _unkept(question: Any, kept: set[str]) -> list[str]:
    return [key for key in _set_keys(question) if key not in kept]


def exported_options(question: Any) -> tuple[str, ...]:
    """A choice or multi question's options in the order an export writes them: shuffled the same way
    on every export (decks are often written with the key first, which a file would give away), or
    in the deck's order for a question with `shuffle = false`."""
    return shown_order(question, EXPORT_SEED)


def gift_escape(text: str) -> str:
    """Text safe inside GIFT: its special characters escaped, line breaks as `\\n`."""
    escaped = "".join("\\" + char if char in GIFT_SPECIAL else char for char in text)
    return escaped.replace("\n", "\\n")


def _gift_part(text: str) -> str:
    """Text as one part of a GIFT question (its prompt, an answer, a feedback), escaped; a text that
    starts like a format marker (`[html]...`) gets `[plain]` before it, so that Moodle keeps it as text."""
    return ("[plain]" if MARKER_RE.match(text) else "") + gift_escape(text)


def _weight_first(weight: str, part: str) -> str:
    """An answer where Moodle reads a weight after its `~` or `=`: a text that starts like a weight
    (`%50% off`) gets its own `weight` written first, so that Moodle reads the rest as text."""
    return (weight if WEIGHT_RE.match(part) else "") + part


def _weight(share: float) -> str:
    # Seven digits: Moodle matches a weight to its list of grades (1/3 is 0.3333333, 1/7 0.1428571).
    return f"%{share:.7g}%"


def _typed(answers: Iterable[str]) -> str:
    """Accepted typed answers, each worth 100%. Moodle reads `*` in a typed answer as any text, and
    `\\*` as an asterisk: every `*` is written so."""
    parts = (_gift_part(answer.replace("*", "\\*")) for answer in answers)
    return " ".join(f"={_weight_first('%100%', part)}" for part in parts)


def _typed_arrow(answers: Iterable[str]) -> str | None:
    """Why typed answers cannot be written, if one holds `->`: Moodle would take the question for a
    match (GIFT has no escape for it), or None."""
    found = next((answer for answer in answers if "->" in answer), None)
    return f'its answer "{found}" holds ->, which GIFT reads as a match' if found else None


def _gift_answers(question: Any) -> tuple[str, str, str] | str:
    """(text before the braces, the answers, text after) of a question, or why GIFT cannot hold it."""
    kind = question.type
    prompt = _gift_part(question.prompt or "")
    if kind == "choice":
        # Feedback goes on the wrong options only: the deck format has none for the right one. Moodle
        # reads no weight after `=`, and one after `~`.
        parts = [
            f"={_gift_part(c)}"
            if c == question.answer
            else f"~{_weight_first('%0%', _gift_part(c))}"
            + (f"#{_gift_part(question.feedback[c])}" if c in question.feedback else "")
            for c in exported_options(question)
        ]
        return prompt, " ".join(parts), ""
    if kind == "multi":
        # Moodle adds the weights of the options ticked and keeps the sum within 0..1: with each right
        # option worth 1/n and each wrong one −1/n, that is quizapp's (right − wrong) ÷ n exactly.
        share = 100 / len(question.answers)
        parts = [
            f"~{_weight(share if c in question.answers else -share)}{_gift_part(c)}" for c in exported_options(question)
        ]
        return prompt, " ".join(parts), ""
    if kind == "truefalse":
        return prompt, "TRUE" if question.answer else "FALSE", ""
    if kind == "short":
        return _typed_arrow(question.answers) or (prompt, _typed(question.answers), "")
    if kind == "numeric":
        tolerance = f":{format_number(question.tolerance)}" if question.tolerance else ""
        return prompt, f"#{format_number(question.answer)}{tolerance}", ""
    if kind == "match":
        # Moodle cuts a pair at its first `->`, and GIFT has no escape for it: a right side may hold
        # one, a left side cannot. Only a left side has a format marker.
        arrowed = next((left for left, _ in question.pairs if "->" in left), None)
        if arrowed is not None:
            return f'its left side "{arrowed}" holds ->, which GIFT reads as the end of the left side'
        pairs = [f"={_gift_part(left)} -> {gift_escape(right)}" for left, right in question.pairs]
        return prompt, " ".join(pairs + [f"= -> {gift_escape(extra)}" for extra in question.extra]), ""
    if kind == "cloze":
        parsed = parse_cloze(question.text)
        if len(parsed.gaps) == 1:
            # A missing-word question: the prompt (if any) before the text, as the import puts it back.
            before = " ".join(part for part in (question.prompt or "", parsed.pieces[0]) if part.strip())
            answers = parsed.gaps[0].answers
            return _typed_arrow(answers) or (
                _gift_part(before).rstrip(),
                _typed(answers),
                gift_escape(parsed.pieces[1]),
            )
        return f"a text with {len(parsed.gaps)} gaps has no GIFT form (GIFT has one gap a question)"
    return f"GIFT has no {kind} questions"


def _gift_question_losses(question: Any) -> list[ExportLoss]:
    lost = _unkept(question, GIFT_COMMON | GIFT_KEYS[question.type])
    unsaid = [key for key in lost if key != "shuffle"]
    words = [f"GIFT has no place for its {', '.join(unsaid)}"] if unsaid else []
    if "shuffle" in lost:
        words.append("Moodle shuffles options by the quiz's setting, not the question's (shuffle = false)")
    if question.type == "cloze" and any(gap.hint for gap in parse_cloze(question.text).gaps):
        lost.append("text")
        words.append("its gap's hint is not kept (GIFT's blank has none)")
    if question.type == "cloze" and question.prompt:
        lost += ["prompt", "text"]
        words.append("its prompt joins the text before the blank")
    return [ExportLoss(question.id, tuple(lost), "; ".join(words))] if words else []


MOODLE_IGNORES = "by Moodle: hints, points and units, which travel in // comments that only quizapp's import reads back"


def _carried_fields(question: Any) -> list[str]:
    """What GIFT has no syntax for but a comment carries back to quizapp: points, hint, a number's unit."""
    fields = []
    if question.points != 1:
        fields.append(comment_field("points", format_number(question.points)))
    if question.hint:
        fields.append(comment_field("hint", question.hint))
    if question.type == "numeric" and question.unit:
        fields.append(comment_field("unit", question.unit))
    return fields


def to_gift(loaded: LoadedDeck) -> tuple[str, list[ExportLoss]]:
    """The deck as GIFT text, and what it could not keep."""
    losses = deck_losses(loaded, "gift", "GIFT")
    blocks = [f"// {loaded.title} (quizapp deck {loaded.id})"]
    carried = False
    for question in loaded.deck.questions:
        found = _gift_answers(question)
        if isinstance(found, str):
            losses.append(ExportLoss(question.id, ("*",), f"{found}; not exported"))
            continue
        losses += _gift_question_losses(question)
        before, answers, after = found
        general = f"####{_gift_part(question.explanation)}" if question.explanation else ""
        fields = _carried_fields(question)
        carried = carried or bool(fields)
        comments = [f"[id:{question.id}]", *(f"[tag:{tag}]" for tag in question.tags), *fields]
        lines = [f"// {comment}" for comment in comments]
        lines.append(f"::{gift_escape(question.id or '')}::{before}{{{answers}{general}}}{after}")
        blocks.append("\n".join(lines))
    if carried:
        losses.append(ExportLoss(None, (), MOODLE_IGNORES))
    return "\n\n".join(blocks) + "\n", losses


def _lines(values: Iterable[str]) -> str:
    return "<br>".join(html.escape(value) for value in values)


def _numeric_answer(question: Any) -> str:
    tolerance = f" ± {format_number(question.tolerance)}" if question.tolerance else ""
    return format_number(question.answer) + tolerance + (f" {question.unit}" if question.unit else "")


def _match_answer(question: Any) -> str:
    pairs = [f"{left} → {right}" for left, right in question.pairs]
    return _lines(pairs + [f"(matches nothing: {extra})" for extra in question.extra])


# The back of an Anki card, by question type: the answer as text.
BACKS: dict[str, Callable[[Any], str]] = {
    "choice": lambda question: html.escape(question.answer),
    "multi": lambda question: _lines(question.answers),
    "truefalse": lambda question: "true" if question.answer else "false",
    "short": lambda question: _lines(question.answers),
    "numeric": lambda question: html.escape(_numeric_answer(question)),
    "cloze": lambda question: _lines(gap.answers[0] for gap in parse_cloze(question.text).gaps),
    "order": lambda question: _lines(question.items),
    "match": _match_answer,
    "flashcard": lambda question: html.escape(question.answer),
}


def front_and_back(question: Any) -> tuple[str, str]:
    """What an Anki note shows on each side (HTML): options on the front for the kinds Anki lacks."""
    kind = question.type
    front = html.escape(question.prompt or "")
    if kind in ("choice", "multi"):
        front += "<br><br>" + _lines(f"{n}. {c}" for n, c in enumerate(exported_options(question), start=1))
    if kind == "order":
        front += "<br><br>" + _lines(sorted(question.items))
    if kind == "match":
        front += "<br><br>" + _lines(left for left, _ in question.pairs)
    if kind == "cloze":
        parsed = parse_cloze(question.text)
        front = (front + "<br>" if front else "") + html.escape(
            "".join(piece + ("[...]" if index < len(parsed.gaps) else "") for index, piece in enumerate(parsed.pieces))
        )
    back = BACKS[kind](question)
    if question.explanation:
        back += "<br><br>" + html.escape(question.explanation)
    return front, back


def anki_question_losses(question: Any, as_cloze: bool) -> list[ExportLoss]:
    """What an Anki card (a Basic one, or with `as_cloze` a Cloze note for a cloze question) does not
    keep of `question`."""
    kind = question.type
    if as_cloze and kind == "cloze":
        kept = ANKI_COMMON | {"type", "text", "explanation"}
        words = []
        if any(len(gap.answers) > 1 for gap in question.parsed().gaps):
            kept -= {"text"}
            words.append("only the first accepted answer of each gap is kept")
        if question.prompt:
            kept -= {"text"}
            words.append("its prompt joins the text")
    else:
        kept = ANKI_COMMON | ({"prompt"} if kind in FRONT_IS_PROMPT else set())
        if kind == "flashcard":
            kept |= {"type"} | ({"answer"} if not question.explanation else set())
            words = []
        else:
            words = [f"{KIND_WORDS[kind]} becomes a card the student judges (Anki grades nothing)"]
        if question.explanation:
            words.append("its explanation joins the back")
    lost = _unkept(question, kept)
    unsaid = [key for key in lost if key in ("hint", "points", "feedback", "source", "allow", "unit", "tolerance")]
    if unsaid:
        words.append(f"not kept: {', '.join(unsaid)}")
    if any(" " in tag for tag in question.tags):
        words.append("spaces in its tags become underscores (Anki's tags are single words)")
    if not words and not lost:
        return []
    return [ExportLoss(question.id, tuple(lost), "; ".join(words) or f"not kept: {', '.join(lost)}")]


def to_anki_text(loaded: LoadedDeck) -> tuple[str, list[ExportLoss]]:
    """The deck as a tab-separated text file with Anki's import headers (front, back, tags and a GUID
    that names the deck and question), and what it could not keep."""
    rows = [
        "#separator:tab",
        "#html:true",
        "#columns:Front\tBack\tTags\tGUID",
        "#tags column:3",
        "#guid column:4",
        f"#deck:{loaded.title}",
    ]
    losses = deck_losses(loaded, "csv", "Anki's text format")
    for question in loaded.deck.questions:
        front, back = front_and_back(question)
        tags = " ".join(tag.replace(" ", "_") for tag in question.tags)
        # The GUID names the deck and the question: csv_import.py's GUID_RE reads them back, and Anki
        # updates the note when a newer export is imported instead of adding a copy.
        values = (front, back, tags, f"quizapp/{loaded.id}/{question.id}")
        rows.append("\t".join(value.replace("\t", " ").replace("\n", "<br>") for value in values))
        losses += anki_question_losses(question, as_cloze=False)
    return "\n".join(rows) + "\n", losses
