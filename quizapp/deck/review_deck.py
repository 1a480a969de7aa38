"""Review rules that only a whole deck can show: questions that ask the same thing, answers printed
in other questions, and cues across the deck (the key is the longest option, statements are nearly
all true, unshuffled keys sit in one place).

A single question can look fine while the deck gives it away: a student who meets "the Hwasong-18"
in one question's options need not recall it for the next. A bias no question shows alone (the right
option is the longest in 7 of 10) is found by counting, and reported only when chance cannot explain
it (a binomial tail below 5%), so a deck written well is not flagged for bad luck.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import chain
from typing import Any, NamedTuple

from .model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    QuestionBase,
    RuleProblem,
    ShortQuestion,
    TrueFalseQuestion,
)
from .review import answers_of, around_gaps, quoted
from .wording import STOP_WORDS, content_stems, phrase, word_set

Advice = RuleProblem

# How alike (rapidfuzz's token-set ratio, 0-100) the content words of two questions (prompt and
# answer) must be for them to ask the same thing.
SAME_QUESTION = 90
FEWEST_SHARED = 3
# Decks up to this size compare every pair; a larger one only the pairs that share a rare word.
COMPARE_ALL_UP_TO = 100
RARE_WORD = 40
# An answer printed in more than this share of the deck's questions (or in more than MOST_PRINTED) is
# the deck's topic or vocabulary ("Russia" in a deck about Russia), not a clue to one question.
TOPIC_SHARE = 0.2
MOST_PRINTED = 20
# Answers longer than this many words are sentences, which another question does not print by chance.
LEAKABLE_WORDS = 6
# A deck-wide bias is reported when chance would give it less often than this.
CHANCE = 0.05
FEWEST_FOR_BIAS = 5


def printed_texts(question: QuestionBase) -> list[str]:
    """What a student reads of `question` before answering: prompt, options, items, gap-less text, hint."""
    texts = [question.prompt or "", question.hint or ""]
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        texts += question.choices
    elif isinstance(question, OrderQuestion):
        texts += question.items
    elif isinstance(question, MatchQuestion):
        texts += question.sides()
    elif isinstance(question, ClozeQuestion):
        texts += question.parsed().pieces
    return [text for text in texts if text]


def _recalled(question: ShortQuestion | ClozeQuestion | NumericQuestion, answers: list[str]) -> tuple[str, ...]:
    """Of `answers` (the question's), those a student must recall and type (a term, a name, a number):
    printed anywhere else in the deck, they are given away. A small number is left out: 3 or 12 turn
    up everywhere."""
    if isinstance(question, NumericQuestion):
        return tuple(answer for answer in answers if len(answer) >= 3)
    return tuple(answer for answer in answers if not word_set(answer) <= STOP_WORDS)


class _Reading(NamedTuple):
    """One question as the deck-wide rules read it, worked out once: sets of content words (wording.py)."""

    asked: frozenset[str]  # of its prompt (a cloze: its text around the gaps)
    printed: frozenset[str]  # of everything printed before the student answers (prompt, options, hint)
    answers: frozenset[str]  # of what answers it (none for a statement, or items that are shown to all)
    signature: frozenset[str]  # of what it asks and what answers it: two questions alike in it ask the same
    recalled: tuple[str, ...] = ()  # the typed answers another question could print (_recalled)
    added: tuple[frozenset[str], ...] = ()  # of each right option, what it adds to the prompt


def _reading(
    asked: frozenset[str],
    shown: Iterable[str],
    answers: frozenset[str],
    hint: str | None,
    recalled: tuple[str, ...] = (),
    added: tuple[frozenset[str], ...] = (),
) -> _Reading:
    printed = asked.union(*map(content_stems, shown))
    if hint:
        printed |= content_stems(hint)
    return _Reading(asked, printed, answers, asked | answers, recalled, added)


def _read_options(question: ChoiceQuestion | MultiQuestion) -> _Reading:
    asked = content_stems(question.prompt)
    keys = [
        content_stems(key) for key in ([question.answer] if isinstance(question, ChoiceQuestion) else question.answers)
    ]
    # What a right option adds to its prompt: a statement elsewhere holding all of it, in the same
    # context, answers the question.
    added = tuple(added for key in keys if (added := key - asked))
    return _reading(asked, question.choices, frozenset().union(*keys), question.hint, (), added)


def _read_cloze(question: ClozeQuestion) -> _Reading:
    asked = content_stems(around_gaps(question))  # its prompt and its text around the gaps
    answers = content_stems(" ".join(gap.answers[0] for gap in question.parsed().gaps))
    return _reading(asked, (), answers, question.hint, _recalled(question, answers_of(question)))


def _read_arrangement(question: OrderQuestion | MatchQuestion) -> _Reading:
    shown = question.items if isinstance(question, OrderQuestion) else question.sides()
    asked = content_stems(question.prompt)
    printed = asked.union(*map(content_stems, shown))
    if question.hint:
        printed |= content_stems(question.hint)
    return _Reading(asked, printed, frozenset(), printed)  # the same items asked for: the same question


def _read_typed(question: ShortQuestion | NumericQuestion | FlashcardQuestion) -> _Reading:
    answers = answers_of(question)
    recalled = () if isinstance(question, FlashcardQuestion) else _recalled(question, answers)
    # A short answer's first spelling: the others are its variants.
    return _reading(content_stems(question.prompt), (), content_stems(answers[0]), question.hint, recalled)


# Looked up by the question's type: one look instead of a chain of isinstance, 10,000 times over.
_READERS: dict[str, Callable[[Any], _Reading]] = {
    "choice": _read_options,
    "multi": _read_options,
    "truefalse": lambda question: _reading(content_stems(question.prompt), (), frozenset(), question.hint),
    "short": _read_typed,
    "numeric": _read_typed,
    "cloze": _read_cloze,
    "order": _read_arrangement,
    "match": _read_arrangement,
    "flashcard": _read_typed,
}


def _read(question: QuestionBase) -> _Reading:
    return _READERS[question.type](question)


def _candidate_pairs(signatures: list[frozenset[str]]) -> Iterable[tuple[int, int]]:
    """The pairs of questions worth comparing: all of them in a deck of a usual size, else those that
    share a word few questions use (two questions that ask the same thing share their rare words)."""
    count = len(signatures)
    if count <= COMPARE_ALL_UP_TO:
        return ((first, second) for first in range(count) for second in range(first + 1, count))
    counts = Counter(chain.from_iterable(signatures))
    rare = frozenset(word for word, count in counts.items() if 1 < count <= RARE_WORD)
    holders: defaultdict[str, list[int]] = defaultdict(list)
    for index, signature in enumerate(signatures):
        for word in signature & rare:  # usually none or one: the rest is settled in C
            holders[word].append(index)
    pairs = {
        (first, second)
        for indexes in holders.values()
        for position, first in enumerate(indexes)
        for second in indexes[position + 1 :]
    }
    return sorted(pairs)


class Pair(NamedTuple):
    """A finding about two questions (by their place in the list reviewed): `at`, the one reported,
    asks what `other` asks (`duplicate`), or prints `printed`, which answers `other` (`answer-leak`)."""

    rule: str
    at: int
    other: int
    printed: str = ""

    def advice(self, other: str) -> Advice:
        """The warning on question `at`, naming the other question as `other` says."""
        if self.rule == "duplicate":
            words = (
                f"asks what {other} asks: a student who meets both answers the second from memory of the "
                "first; keep one, or make them ask different things"
            )
        else:
            words = (
                f"prints {quoted(self.printed, 60)}, which answers {other}: a student who has seen this question "
                "need not know that one; word one of them differently"
            )
        return Advice(("questions", self.at), words, self.rule)


def _duplicates(readings: list[_Reading]) -> list[Pair]:
    """Questions that ask the same thing: their signatures (what is asked and what answers it) alike."""
    signatures = [reading.signature for reading in readings]
    by_first: defaultdict[int, list[int]] = defaultdict(list)
    for first, second in _candidate_pairs(signatures):
        # They must share a few content words ("prime number" alone is a topic), some of them in what
        # they ask: a question whose options state another's answer prints it, and is an answer-leak.
        if (
            len(signatures[first] & signatures[second]) >= FEWEST_SHARED
            and len(readings[first].asked & readings[second].asked) >= FEWEST_SHARED - 1
        ):
            by_first[first].append(second)
    if not by_first:
        return []
    from rapidfuzz import fuzz, process  # most decks have no candidates: their lint does not wait for it

    # Each signature as rapidfuzz reads it, spelled once: a question may be in many candidate pairs.
    spelled = {index: " ".join(sorted(signatures[index])) for index in set(by_first).union(*by_first.values())}
    pairs: list[Pair] = []
    for first, seconds in by_first.items():
        alike = process.extract(
            spelled[first],
            {second: spelled[second] for second in seconds},
            scorer=fuzz.token_set_ratio,  # one question may say more than the other: "the Renaissance artist"
            score_cutoff=SAME_QUESTION,
            limit=None,
        )
        for _, _, second in alike:
            answers = readings[first].answers, readings[second].answers
            if all(answers) and answers[0].isdisjoint(answers[1]):
                continue  # alike words, other answers: evaporation and condensation both turn water to vapour
            pairs += [Pair("duplicate", first, second), Pair("duplicate", second, first)]
    return pairs


def _topic(readings: list[_Reading]) -> set[str]:
    """The words of the deck's topic: in the prompts of more than TOPIC_SHARE of its questions (and of
    at least 3), they are no context ("North Korea" in a deck about North Korea)."""
    counts = Counter(chain.from_iterable(reading.asked for reading in readings))
    floor = max(3, TOPIC_SHARE * len(readings))
    return {stem for stem, count in counts.items() if count > floor}


class _Leaks:
    """Answers printed elsewhere: in another question, or in the deck's description. Only where the
    other question speaks of the same thing (a content word of the answered question's prompt, beyond
    the deck's topic): "China" among the options of a question on a summit gives nothing away about
    which country backs North Korea. An answer printed all over the deck is its vocabulary, not a clue."""

    def __init__(self, questions: list[QuestionBase], readings: list[_Reading]):
        self.questions, self.readings = questions, readings
        self.common = max(3, min(TOPIC_SHARE * len(questions), MOST_PRINTED))
        self.found: dict[tuple[int, int], str] = {}  # (printer, answered) -> what it prints
        self.printers: dict[str, list[int]] = {}  # content word -> the questions printing it (the words asked for)

    def index_printers(self, words: frozenset[str]) -> None:
        """Note which questions print each of `words` (the words of the answers looked for: few, so
        each question is looked at with one set operation)."""
        printers: defaultdict[str, list[int]] = defaultdict(list)
        for printer, reading in enumerate(self.readings):
            for word in reading.printed & words:
                printers[word].append(printer)
        self.printers = printers

    def printing(self, words: frozenset[str]) -> list[int]:
        """The questions that print every one of `words` (noted by index_printers)."""
        rarest = min(words, key=lambda word: len(self.printers.get(word, ())))
        return [printer for printer in self.printers.get(rarest, ()) if words <= self.readings[printer].printed]

    @cached_property
    def topic(self) -> set[str]:
        """The deck's topic words (worked out only when a leak is looked at closely)."""
        return _topic(self.readings)

    def speaks_of(self, printer: int, answered: int) -> bool:
        """Whether question `printer` prints a content word of question `answered`'s prompt that is not
        one of the deck's topic: it speaks of the same thing."""
        shared = self.readings[answered].asked & self.readings[printer].printed
        return bool(shared) and not shared <= self.topic  # the topic is counted only if a word is shared

    def recalled(
        self, answered_by: dict[str, set[int]], shown: dict[str, str], description: str | None
    ) -> list[Advice]:
        """Typed answers (terms, names, numbers) printed elsewhere; those in the description, as advice."""
        printers: dict[str, list[int]] = {}
        for key in answered_by:
            words = content_stems(key)
            found_in = printers[key] = []
            for printer in self.printing(words) if words else ():  # every content word printed: and in order?
                if key in phrase(" \n ".join(printed_texts(self.questions[printer]))):
                    found_in.append(printer)
                    if len(found_in) > self.common:
                        break  # printed all over the deck: its vocabulary, not a clue
        for key, found_in in printers.items():
            if len(found_in) <= self.common:
                for printer in found_in:
                    for index in answered_by[key] - {printer}:
                        if self.speaks_of(printer, index):
                            self.found.setdefault((printer, index), shown[key])
        described = phrase(description or "")
        return [
            Advice(
                ("deck", "description"),
                f'names "{shown[key]}", which answers questions[{index}] (id "{self.questions[index].id}"), '
                "before any question is asked: describe what the deck is for without its answers",
                "answer-leak",
            )
            for key, answered in answered_by.items()
            if key in described and len(printers.get(key, ())) <= self.common
            for index in sorted(answered)
        ]

    def recognised(self, keyed: dict[frozenset[str], list[int]]) -> None:
        """Right options whose content (beyond their prompt) another question states in one text."""
        for added, answered in keyed.items():
            found_in = self.printing(added)
            if len(found_in) > self.common:
                continue
            for printer in found_in:
                for index in answered:
                    if printer != index:
                        unit = self._stating(printer, added, self.readings[index].asked - self.topic)
                        if unit is not None:
                            self.found.setdefault((printer, index), unit)

    def _stating(self, printer: int, added: frozenset[str], context: frozenset[str]) -> str | None:
        """The text of question `printer` (its prompt, an option, ...) that states `added` in the same
        context: "Russia abstaining in UN votes on sanctions" answers how Russia voted on sanctions, but
        "A fall in wages" does not answer what happens to demand when prices rise."""
        for text in printed_texts(self.questions[printer]):
            stems = content_stems(text)
            if added <= stems and not context.isdisjoint(stems):
                return text
        return None

    def pairs(self) -> list[Pair]:
        """One finding per question that prints another's answer, on the question that prints it."""
        return [Pair("answer-leak", printer, index, text) for (printer, index), text in sorted(self.found.items())]


def _answer_leaks(
    questions: list[QuestionBase], readings: list[_Reading], description: str | None
) -> tuple[list[Advice], list[Pair]]:
    """Answers printed elsewhere: warnings on the description, and the questions that print them."""
    recalled: defaultdict[str, set[int]] = defaultdict(set)  # a typed answer, as a phrase -> its questions
    keyed: defaultdict[frozenset[str], list[int]] = defaultdict(list)  # what a right option adds -> its questions
    shown: dict[str, str] = {}
    for index, reading in enumerate(readings):
        for answer in reading.recalled:
            key = phrase(answer)
            recalled[key].add(index)
            shown.setdefault(key, answer)
        for added in reading.added:
            keyed[added].append(index)
    leaks = _Leaks(questions, readings)
    leaks.index_printers(frozenset().union(*keyed, *map(content_stems, recalled)))
    described = leaks.recalled(recalled, shown, description)
    leaks.recognised(keyed)
    return described, leaks.pairs()


def _tail(count: int, trials: int, chance: float) -> float:
    """The chance of `count` or more successes in `trials` tries of chance `chance` (binomial)."""
    return sum(math.comb(trials, k) * chance**k * (1 - chance) ** (trials - k) for k in range(count, trials + 1))


def _ids(questions: Iterable[QuestionBase], limit: int = 6) -> str:
    named = [question.id or "" for question in questions]
    listed = ", ".join(named[:limit])
    return listed + (f" and {len(named) - limit} more" if len(named) > limit else "")


def _key_length_bias(choices: list[ChoiceQuestion]) -> list[Advice]:
    if len(choices) < FEWEST_FOR_BIAS:
        return []
    longest = [
        question
        for question in choices
        if len(question.answer) > max(len(option) for option in question.choices if option != question.answer)
    ]
    chance = sum(1 / len(question.choices) for question in choices) / len(choices)
    if len(longest) / len(choices) <= 0.4 or _tail(len(longest), len(choices), chance) >= CHANCE:
        return []
    return [
        Advice(
            ("deck",),
            f"the right option is the longest in {len(longest)} of {len(choices)} choice questions (chance "
            f"would give about {round(chance * len(choices))}): students who pick the longest option score "
            f"without knowing; lengthen the distractors of {_ids(longest)}",
            "key-length-bias",
        )
    ]


def _truefalse_balance(questions: list[QuestionBase]) -> list[Advice]:
    statements = [question for question in questions if isinstance(question, TrueFalseQuestion)]
    if len(statements) < FEWEST_FOR_BIAS:
        return []
    true = sum(question.answer for question in statements)
    more = max(true, len(statements) - true)
    if more / len(statements) <= 0.75 or 2 * _tail(more, len(statements), 0.5) >= CHANCE:
        return []
    side = "true" if true == more else "false"
    return [
        Advice(
            ("deck",),
            f"{more} of {len(statements)} true/false statements are {side}: a student who answers "
            f'"{side}" every time scores {round(100 * more / len(statements))}% without reading; '
            "balance them (about half true)",
            "truefalse-balance",
        )
    ]


def _key_position(choices: list[ChoiceQuestion]) -> list[Advice]:
    fixed = [question for question in choices if not question.shuffle]
    if len(fixed) < 4:
        return []
    positions = Counter(question.choices.index(question.answer) for question in fixed)
    position, count = positions.most_common(1)[0]
    chance = sum(1 / len(question.choices) for question in fixed) / len(fixed)
    if count / len(fixed) < 0.6 or _tail(count, len(fixed), chance) >= CHANCE:
        return []
    return [
        Advice(
            ("deck",),
            f"in {count} of {len(fixed)} questions shown unshuffled (shuffle = false) the right option is "
            f"option {position + 1}: students learn the position; vary it, or let the options be shuffled",
            "key-position",
        )
    ]


def deck_review(deck: Deck) -> list[Advice]:
    """The flaws only the whole deck shows, each with its field path and rule."""
    questions: list[QuestionBase] = list(deck.questions)
    readings = [_read(question) for question in questions]
    described, leaks = _answer_leaks(questions, readings, deck.deck.description)
    choices = [question for question in questions if isinstance(question, ChoiceQuestion)]
    return (
        _key_length_bias(choices)
        + _truefalse_balance(questions)
        + _key_position(choices)
        + described
        + [
            pair.advice(f'questions[{pair.other}] (id "{questions[pair.other].id}")')
            for pair in _duplicates(readings) + leaks
        ]
    )


def across_decks_review(decks: list[Deck]) -> list[tuple[int, Advice]]:
    """Duplicates and answer leaks between decks studied together (written from one source): each
    as the deck it is reported in (its place in `decks`) and the warning, at the question's place in
    that deck. Within one deck they are deck_review's."""
    owners = [(place, index) for place, deck in enumerate(decks) for index in range(len(deck.questions))]
    questions: list[QuestionBase] = [question for deck in decks for question in deck.questions]
    readings = [_read(question) for question in questions]
    found = []
    for pair in _duplicates(readings) + _answer_leaks(questions, readings, None)[1]:
        (deck_at, at), (deck_other, _) = owners[pair.at], owners[pair.other]
        if deck_at != deck_other:
            other = f'question "{questions[pair.other].id}" of deck {decks[deck_other].deck.id}'
            found.append((deck_at, pair._replace(at=at).advice(other)))
    return found
