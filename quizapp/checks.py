"""Lint warnings: what the deck format allows but is probably a mistake, or costs students.

Errors are the model's business (model.py); these run on a deck that is already valid.
"""

from __future__ import annotations

import re

from .model import ChoiceQuestion, Deck, FlashcardQuestion
from .problems import FieldPath

Advice = tuple[FieldPath, str]


def _suggested_id(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:5])[:64].strip("-") or "question-1"


def _question_advice(deck: Deck) -> list[Advice]:
    paragraphs = deck.deck.source.paragraphs if deck.deck.source else None
    advice: list[Advice] = []
    for index, question in enumerate(deck.questions):
        here: FieldPath = ("questions", index)
        if question.derived_id:
            advice.append(
                (
                    here,
                    "has no id: one is made from its text, so editing the text will reset students' progress "
                    f'(add, for example, id = "{_suggested_id(question.identity_text())}")',
                )
            )
        if question.explanation is None and not isinstance(question, FlashcardQuestion):
            advice.append((here, "has no explanation: students who get it wrong will not learn why"))
        if paragraphs is not None and not question.source:
            advice.append((here, "cites no paragraph of the source: add source = [N]"))
        if isinstance(question, ChoiceQuestion) and question.answer in question.feedback:
            advice.append(
                (
                    here + ("feedback", question.answer),
                    "feedback for the correct answer is never shown (feedback is for wrong choices; "
                    "use explanation instead)",
                )
            )
    return advice


def _deck_advice(deck: Deck) -> list[Advice]:
    advice: list[Advice] = []
    noted: set[int] = set()
    for index, note in enumerate(deck.notes):
        if note.source in noted:
            advice.append((("notes", index, "source"), f"paragraph {note.source} already has a note"))
        noted.add(note.source)
    quiz = deck.deck.quiz
    if quiz is None:
        return advice
    tags_used = {tag for question in deck.questions for tag in question.tags}
    for position, tag in enumerate(quiz.tags):
        if tag not in tags_used:
            advice.append((("deck", "quiz", "tags", position), f'no question has the tag "{tag}"'))
    drawn_from = [q for q in deck.questions if not quiz.tags or set(q.tags) & set(quiz.tags)]
    if quiz.count is not None and quiz.count > len(drawn_from):
        advice.append(
            (
                ("deck", "quiz", "count"),
                f"the exam asks for {quiz.count} questions but only {len(drawn_from)} can be drawn; it will use those",
            )
        )
    return advice


def deck_advice(deck: Deck) -> list[Advice]:
    """Every warning for a valid deck, as (field path, words)."""
    return _deck_advice(deck) + _question_advice(deck)
