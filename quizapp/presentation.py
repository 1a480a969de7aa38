"""How a question is laid out for the student: the order of its options, items and right sides.

Shuffles are drawn from a seed and the question's id, so an exam attempt shows the same order every
time it is drawn again (and a snapshot test is stable), while each study session passes a new seed.
"""

from __future__ import annotations

import hashlib
import random

from .model import ChoiceQuestion, MatchQuestion, MultiQuestion, OrderQuestion, QuestionBase


def _rng(seed: int, question_id: str) -> random.Random:
    digest = hashlib.blake2b(f"{seed}:{question_id}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def shown_order(question: QuestionBase, seed: int) -> tuple[str, ...]:
    """What the student arranges or picks from, in the order shown: the options of a choice or multi
    question, the items of an order question (never already in order), the right sides of a match."""
    rng = _rng(seed, question.id or "")
    if isinstance(question, (ChoiceQuestion, MultiQuestion)):
        options = list(question.choices)
        if question.shuffle:
            rng.shuffle(options)
        return tuple(options)
    if isinstance(question, OrderQuestion):
        items = list(question.items)
        rng.shuffle(items)
        if items == question.items:  # already in order would give the answer away
            items = items[1:] + items[:1]
        return tuple(items)
    if isinstance(question, MatchQuestion):
        rights = [right for _, right in question.pairs]
        rng.shuffle(rights)
        return tuple(rights)
    return ()
