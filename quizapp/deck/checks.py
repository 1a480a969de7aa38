"""Lint warnings: what the deck format allows but is probably a mistake, or costs students.

Errors are the model's business (model.py); these run on a deck that is already valid.
"""

from __future__ import annotations

import re

from ..problems import FieldPath
from .model import ChoiceQuestion, Deck, FlashcardQuestion, RuleProblem
from .review import question_review
from .review_deck import across_decks_review, deck_review
from .wording import forget

# A warning is told as a broken rule is: the field it is about, what to tell the teacher, its rule's name.
Advice = RuleProblem


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
                Advice(
                    here,
                    "has no id: one is made from its text, so editing the text will reset students' progress "
                    f'(add, for example, id = "{_suggested_id(question.identity_text())}")',
                    "no-id",
                )
            )
        if question.explanation is None and not isinstance(question, FlashcardQuestion):
            advice.append(
                Advice(here, "has no explanation: students who get it wrong will not learn why", "no-explanation")
            )
        if paragraphs is not None and not question.source:
            advice.append(Advice(here, "cites no paragraph of the source: add source = [N]", "no-source"))
        if isinstance(question, ChoiceQuestion) and question.answer in question.feedback:
            advice.append(
                Advice(
                    here + ("feedback", question.answer),
                    "is for the correct answer, so it is never shown (feedback is for wrong choices; "
                    "use explanation instead)",
                    "feedback-on-answer",
                )
            )
    return advice


def _deck_advice(deck: Deck) -> list[Advice]:
    advice: list[Advice] = []
    noted: set[int] = set()
    for index, note in enumerate(deck.notes):
        if note.source in noted:
            advice.append(
                Advice(("notes", index, "source"), f"paragraph {note.source} already has a note", "duplicate-note")
            )
        noted.add(note.source)
    return advice + _exam_advice(deck)


def _exam_advice(deck: Deck) -> list[Advice]:
    """What `[deck.quiz]` will not do as written: tags no question has, a selection of flashcards
    only (never drawn: they cannot be graded), fewer gradable questions than `count`."""
    quiz = deck.deck.quiz
    if quiz is None:  # a deck without one is examined on all its gradable questions: nothing was asked for
        return []
    advice: list[Advice] = []
    tags_used = {tag for question in deck.questions for tag in question.tags}
    for position, tag in enumerate(quiz.tags):
        if tag not in tags_used:
            advice.append(Advice(("deck", "quiz", "tags", position), f'no question has the tag "{tag}"', "exam-tags"))
    selected = [q for q in deck.questions if not quiz.tags or set(q.tags) & set(quiz.tags)]
    gradable = [q for q in selected if q.in_exams]
    if selected and not gradable:
        advice.append(
            Advice(
                ("deck", "quiz", "tags") if quiz.tags else ("deck", "quiz"),
                "the exam would draw only flashcards, which are left out of exams (a student rates them "
                "and nothing can grade them): it has no question to ask",
                "exam-flashcards",
            )
        )
    elif quiz.count is not None and quiz.count > len(gradable):
        cards = len(selected) - len(gradable)
        left_out = (
            "" if not cards else " (1 flashcard is left out)" if cards == 1 else f" ({cards} flashcards are left out)"
        )
        advice.append(
            Advice(
                ("deck", "quiz", "count"),
                f"the exam asks for {quiz.count} questions but only "
                f"{len(gradable)} can be drawn{left_out}; it will use those",
                "exam-count",
            )
        )
    return advice


def _review(deck: Deck) -> list[Advice]:
    """The review rules' findings (review.py, review_deck.py), with each question's at its own path."""
    found = deck_review(deck)
    for index, question in enumerate(deck.questions):
        review = question_review(question)
        if review:  # rarely: the list is built only then
            found += [advice._replace(where=("questions", index) + advice.where) for advice in review]
    return found


def _silenced(deck: Deck, advice: list[Advice]) -> list[Advice]:
    """The warnings left once the deck's and each question's `allow` entries are applied, and a warning
    for every entry that silenced nothing (the flaw is gone, so the entry would only hide its return)."""
    used: set[FieldPath] = set()
    kept: list[Advice] = []
    for item in advice:
        question = item.where[1] if item.where[:1] == ("questions",) and len(item.where) > 1 else None
        if isinstance(question, int) and item.rule in deck.questions[question].allow:
            used.add(("questions", question, "allow", item.rule))
        elif item.rule in deck.deck.allow:
            used.add(("deck", "allow", item.rule))
        else:
            kept.append(item)
    entries: list[FieldPath] = [("deck", "allow", rule) for rule in deck.deck.allow]
    entries += [("questions", index, "allow", rule) for index, q in enumerate(deck.questions) for rule in q.allow]
    for entry in entries:
        if entry not in used:
            kept.append(
                Advice(entry, f"silences nothing: there is no {entry[-1]} warning to silence here", "unused-allow")
            )
    return kept


def deck_advice(deck: Deck) -> list[Advice]:
    """Every warning for a valid deck, as (field path, words, rule), less those the teacher silenced."""
    forget()  # the texts of the deck reviewed before
    return _silenced(deck, _deck_advice(deck) + _question_advice(deck) + _review(deck))


def across_decks_advice(decks: list[Deck]) -> tuple[list[tuple[int, Advice]], set[tuple[int, FieldPath]]]:
    """The duplicates and answer leaks between decks studied together (see review_deck), less those
    silenced by `allow` in the deck or question reported; and the `allow` entries that silenced one,
    as (deck, field path of the entry): each deck's own check thought them unused."""
    kept: list[tuple[int, Advice]] = []
    used: set[tuple[int, FieldPath]] = set()
    forget()
    for place, item in across_decks_review(decks):
        deck, index = decks[place], item.where[1]
        if isinstance(index, int) and item.rule in deck.questions[index].allow:
            used.add((place, ("questions", index, "allow", item.rule)))
        elif item.rule in deck.deck.allow:
            used.add((place, ("deck", "allow", item.rule)))
        else:
            kept.append((place, item))
    return kept, used
