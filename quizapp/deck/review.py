"""Review rules for one question: the item-writing flaws that let a test-wise student guess.

After Haladyna's guidelines and the item-writing-flaw rubric of assessment research: a quiz should
measure what a student knows, not how well they read the writer's habits. Each rule looks for one
cue a test-wise student uses (the longest option, the absolute distractor, the hint that holds the
answer) and says in the teacher's words what gives the answer away. The rules must be precise: a
question written well is never flagged, so each looks for the cue itself, not for a word that may
be innocent (a NOT in capitals is emphasis, "always" in the right answer is no cue).

Rules that compare questions with each other, or read a whole deck, are in review_deck.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..problems import FieldPath
from .model import (
    ChoiceQuestion,
    ClozeQuestion,
    MultiQuestion,
    NumericQuestion,
    QuestionBase,
    RuleProblem,
    ShortQuestion,
    TrueFalseQuestion,
)
from .wording import content_stems, phrase, word_set, words

Advice = RuleProblem

# How much longer the right option of a `choice` must be than every other to be "clearly the longest":
# a third longer, and by more than a few words' worth of characters ("Marseille" against "Lyon" is no cue).
LONGER_BY_RATIO = 1.3
LONGER_BY_CHARACTERS = 12

# Each pattern's words, for a quick look (one set operation) before the pattern searches the text.
ABSOLUTE_WORDS = frozenset(
    [
        "always",
        "never",
        "all",
        "none",
        "only",
        "completely",
        "entirely",
        "totally",
        "wholly",
        "utterly",
        "absolutely",
        "every",
        "everyone",
        "everything",
        "everywhere",
        "nobody",
        "nothing",
        "nowhere",
        "invariably",
        "impossible",
        "forever",
    ]
)
VAGUE_WORDS = frozenset(
    [
        "often",
        "oftentimes",
        "sometimes",
        "usually",
        "frequently",
        "occasionally",
        "rarely",
        "seldom",
        "generally",
        "typically",
        "commonly",
        "mostly",
        "normally",
        "cases",
        "tend",
        "tends",
    ]
)
# (Contractions are split into words: "isn't" is found as "isn", "can't" as "can".)
NEGATIVE_WORDS = frozenset(
    "not except least cannot can isn aren wasn weren doesn don didn won hasn haven hadn shouldn wouldn couldn "
    "incorrect untrue".split()
)
# The patterns are compiled by `re` when a text first needs one (most never do: lint starts quicker).
ABSOLUTE = (
    r"(?i)\b(always|never|all|none|only|completely|entirely|totally|wholly|utterly|absolutely|every|everyone|"
    r"everything|everywhere|nobody|nothing|nowhere|invariably|impossible|forever)\b"
)
VAGUE = (
    r"(?i)\b(often|oftentimes|sometimes|usually|frequently|occasionally|rarely|seldom|generally|typically|"
    r"commonly|mostly|normally|in most cases|tends? to)\b"
)
# Lower-case negatives only: written in capitals (NOT, EXCEPT) the negative is emphasised, as it should be.
# "not only ... but", "at least" and "no longer" are not negative stems.
NEGATIVE = (
    r"\b(?:not(?! only)|except|(?<!at )least|cannot|can't|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|"
    r"won't|hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|incorrect|untrue)\b"
)
_ALL_OR_NONE = frozenset(("all", "none", "both", "neither"))
ALL_OF_THE_ABOVE = (
    r"(?i)^\s*(all|none|both|neither)\s+(of\s+)?(the\s+)?(above|these|those|them|previous|other options|"
    r"options|answers|choices)\b.{0,24}$"
)


@cache  # compiled when a question of that many options first needs it (lint's start-up stays quick)
def _option_reference(count: int) -> re.Pattern[str]:
    """An option that is nothing but references to other options: "A and B", "Both 1 and 3",
    "Options a and c", "(a), (b) and (d)", "I and III", for the letters and numbers a question of `count`
    options has (and Roman numerals, which number statements in the prompt); it may be labelled itself
    ("D: Both A and B")."""
    letters = "a-" + "abcdefgh"[count - 1]
    label = rf"\(?(?:[{letters}]|[1-{count}]|i{{1,3}}|iv|vi{{0,3}}|ix|x)\)?"
    return re.compile(
        rf"^\s*(?:[a-h1-8][.:)]\s+)?(?:both\s+|(?:options?|answers?|choices?|statements?)\s+)?{label}"
        rf"(?:\s*,\s*{label})*\s*(?:,?\s*(?:and|&|or)\s+)(?:options?\s+)?{label}\s*[.!]?\s*$",
        re.IGNORECASE,
    )


def quoted(text: str, limit: int = 40) -> str:
    """`text` in double quotes, cut with an ellipsis beyond `limit` characters."""
    return '"' + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + '"'


@dataclass(slots=True)
class Options:
    """A choice or multi question's options as the option rules read them."""

    question: ChoiceQuestion | MultiQuestion
    choices: list[str]  # the question's, read once: every rule goes through them
    keys: frozenset[str]  # the right options
    words: frozenset[str]  # the words of every option: one look settles the usual case (no cue anywhere)
    ampersand: bool  # whether an option has "&" ("A & B"), which is not a word: not among `words`

    @classmethod
    def of(cls, question: ChoiceQuestion | MultiQuestion) -> Options:
        """The options of `question`."""
        choices = question.choices
        keys = [question.answer] if isinstance(question, ChoiceQuestion) else question.answers
        words = frozenset().union(*map(word_set, choices))
        return cls(question, choices, frozenset(keys), words, "&" in "".join(choices))

    @property
    def key_field(self) -> FieldPath:
        """Where the right answer is written: `answer` of a choice, `answers` of a multi."""
        return ("answer",) if isinstance(self.question, ChoiceQuestion) else ("answers",)


NOTHING: list[Advice] = []  # what a rule returns when it finds nothing (never appended to)


def _longest_answer(options: Options) -> list[Advice]:
    right: list[int] = []
    wrong: list[int] = []
    for option in options.choices:
        (right if option in options.keys else wrong).append(len(option))
    if not wrong:
        return NOTHING
    if len(right) == 1:
        longest_wrong = max(wrong)
        if right[0] >= LONGER_BY_RATIO * longest_wrong and right[0] - longest_wrong >= LONGER_BY_CHARACTERS:
            return [
                Advice(
                    options.key_field,
                    "is clearly the longest option, and test-wise students pick the longest: give the "
                    "distractors the same detail, or trim the answer",
                    "longest-answer",
                )
            ]
        return NOTHING
    mean_right, mean_wrong = sum(right) / len(right), sum(wrong) / len(wrong)
    if (
        min(right) > max(wrong)
        and mean_right >= LONGER_BY_RATIO * mean_wrong
        and mean_right - mean_wrong >= LONGER_BY_CHARACTERS
    ):
        return [
            Advice(
                ("answers",),
                "are all longer than every wrong option, so a student can tick the long ones without knowing: "
                "give the wrong options the same detail",
                "longest-answer",
            )
        ]
    return NOTHING


def _all_of_the_above(options: Options) -> list[Advice]:
    if options.words.isdisjoint(_ALL_OR_NONE):
        return NOTHING  # the usual case, settled in one search
    return [
        Advice(
            ("choices", index),
            f"{quoted(option)} is an all/none-of-the-above option: options are shuffled, and a student "
            "who sees two right options picks it without knowing the third; write a real option",
            "all-of-the-above",
        )
        for index, option in enumerate(options.choices)
        if re.match(ALL_OF_THE_ABOVE, option)
    ]


def _option_combination(options: Options) -> list[Advice]:
    if options.words.isdisjoint(("and", "or")) and not options.ampersand:
        return NOTHING  # the usual case, settled in one look
    pattern = _option_reference(len(options.choices))
    return [
        Advice(
            ("choices", index),
            f"{quoted(option)} names other options, which are shuffled on screen (so the letters or "
            "numbers point nowhere) and reward elimination; use a multi question instead",
            "option-combination",
        )
        for index, option in enumerate(options.choices)
        if pattern.match(option)
    ]


def _saying(options: Options, pattern: str, wrong_only: bool = False) -> list[tuple[int, str]]:
    """(index, the word found) for each option that `pattern` finds a word in; with `wrong_only`, the
    wrong options that are not an all/none-of-the-above option (which has its own rule)."""
    found = []
    for index, option in enumerate(options.choices):
        if wrong_only and (option in options.keys or re.match(ALL_OF_THE_ABOVE, option)):
            continue
        match = re.search(pattern, option)
        if match:
            found.append((index, match.group(0)))
    return found


def _absolute_distractors(options: Options) -> list[Advice]:
    if options.words.isdisjoint(ABSOLUTE_WORDS) or any(re.search(ABSOLUTE, key) for key in options.keys):
        return NOTHING  # no absolute anywhere (the usual case), or the right answer is worded as strongly
    return [
        Advice(
            ("choices", index),
            f'is a wrong option that says "{word}", and absolute options are known to be wrong: word it as '
            "carefully as the right answer",
            "absolute-terms",
        )
        for index, word in _saying(options, ABSOLUTE, wrong_only=True)
    ]


def _vague_options(options: Options) -> list[Advice]:
    if options.words.isdisjoint(VAGUE_WORDS):
        return NOTHING  # the usual case, settled in one look
    return [
        Advice(
            ("choices", index),
            f'hinges on "{word}", which readers judge differently, so whether it is right is debatable: say '
            "what the source says (how many, when, which)",
            "vague-terms",
        )
        for index, word in _saying(options, VAGUE)
    ]


def _clang_association(options: Options) -> list[Advice]:
    question = options.question
    in_every_key = content_stems(question.prompt).intersection(*map(content_stems, options.keys))
    if not in_every_key:
        return NOTHING  # the usual case
    shared = {word for word in in_every_key if not word.isdigit()}  # "the median of 5, 9 and 11" may well be 11
    if not shared:
        return NOTHING
    for option in options.choices:
        if option not in options.keys:
            shared -= content_stems(option)
            if not shared:
                return NOTHING
    repeated = [word for word in words(question.prompt) if content_stems(word) & shared]
    what = "the right option repeats" if len(options.keys) == 1 else "every right option repeats"
    return [
        Advice(
            options.key_field,
            f'{what} "{repeated[0] if repeated else sorted(shared)[0]}" from the prompt, and no wrong option '
            "does, so the word points to the answer: reword the answer, or use the word in a wrong option too",
            "clang-association",
        )
    ]


_ARTICLE_END = r"(?i)\b(an?)\s*[.:…]*\s*$"
_CONSONANT_SOUND = ("one", "once", "uni", "use", "usu", "uti", "ura", "eu", "ewe")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def _takes_an(option: str) -> bool:
    """Whether "an" goes before `option`: "an apple", "an hour", "an FBI agent", "an 8-metre wall",
    but "a union", "a one-off", "a UN vote" (an acronym is taken as read letter by letter)."""
    first = (option.lstrip(" \"'“‘(").split() or [""])[0]
    lower = first.lower()
    if len(first) > 1 and first.isupper() and first.isalpha():
        return lower[0] in "aefhilmnorsx"  # letters read one by one: "an FBI", "a UN"
    if lower.startswith(_CONSONANT_SOUND):
        return False
    if lower.startswith(_SILENT_H) or lower.startswith(("8", "11", "18")):
        return True
    return lower[:1] in ("a", "e", "i", "o", "u")


def _article_cue(options: Options) -> list[Advice]:
    question = options.question
    if not question.prompt.rstrip(" .:…").lower().endswith((" a", " an")) or not isinstance(question, ChoiceQuestion):
        return NOTHING  # the usual case, settled without a search
    ending = re.search(_ARTICLE_END, question.prompt)
    if ending is None:
        return NOTHING
    wants_an = ending.group(1).lower() == "an"
    fits = [_takes_an(option) == wants_an for option in options.choices]
    if not fits[options.choices.index(question.answer)] or all(fits):
        return NOTHING
    return [
        Advice(
            ("prompt",),
            f'ends in "{ending.group(1)}", which fits the right option and not every other one, so grammar '
            'points to the answer: end the prompt before the article, or write "a/an"',
            "article-cue",
        )
    ]


def _negative_stem(question: QuestionBase) -> list[Advice]:
    found = None if word_set(question.prompt).isdisjoint(NEGATIVE_WORDS) else re.search(NEGATIVE, question.prompt)
    if not found:
        return NOTHING
    word = found.group(0)
    return [
        Advice(
            ("prompt",),
            f'is worded negatively ("{word}"): a student reading fast misses it and answers the opposite; '
            f"ask it positively, or write the negative in capitals ({word.upper()}) so nobody misses it",
            "negative-stem",
        )
    ]


def _statement_cues(question: TrueFalseQuestion) -> list[Advice]:
    """A true/false statement's cues: an absolute in a false one, a vague word in any."""
    advice = []
    if word_set(question.prompt).isdisjoint(ABSOLUTE_WORDS | VAGUE_WORDS | NEGATIVE_WORDS):
        return NOTHING  # the usual case, settled in one look
    absolute = None if question.answer else re.search(ABSOLUTE, question.prompt)
    if absolute:
        advice.append(
            Advice(
                ("prompt",),
                f'is false and says "{absolute.group(0)}": students learn that absolute statements are false, '
                "so it can be answered without knowing; make the false statement as measured as a true one",
                "absolute-terms",
            )
        )
    vague = re.search(VAGUE, question.prompt)
    if vague:
        advice.append(
            Advice(
                ("prompt",),
                f'hinges on "{vague.group(0)}": how often is often? Experts could argue either way; say what '
                "the source says (how many, when, which)",
                "vague-terms",
            )
        )
    return advice + _negative_stem(question)


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


_ANSWERS: dict[str, Callable[[Any], list[str]]] = {
    "choice": lambda question: [question.answer],
    "flashcard": lambda question: [question.answer],
    "multi": lambda question: question.answers,
    "short": lambda question: question.answers,
    "cloze": lambda question: [answer for gap in question.parsed().gaps for answer in gap.answers],
    "numeric": lambda question: [_number_text(question.answer)],
}


def answers_of(question: QuestionBase) -> list[str]:
    """What a student must produce to be right, as text: the key(s), the accepted answers, the gaps'
    answers, the number, the back of the card. Empty for kinds whose answer is a statement's truth or
    an arrangement. (Looked up by type: one look, 10,000 times over in a large deck.)"""
    answers = _ANSWERS.get(question.type)
    return answers(question) if answers is not None else []


# A number after "paragraph" is a citation, not an answer given away.
_CITATION = r" paragraphs? \d+(?= )"


def holds(text: str, answer: str) -> bool:
    """Whether `answer` is written in `text` as whole words (case, spacing and punctuation aside);
    a number only when it is not a paragraph's number."""
    wanted = word_set(answer)
    if not wanted or not wanted <= word_set(text):
        return False  # the usual case, settled by comparing two (cached) sets of words
    return phrase(answer) in re.sub(_CITATION, " § ", phrase(text))


def _hint_gives_answer(question: QuestionBase) -> list[Advice]:
    hint = question.hint
    if hint is None:
        return NOTHING
    for answer in answers_of(question):
        if holds(hint, answer):
            return [
                Advice(
                    ("hint",),
                    f"gives the answer away: it contains {quoted(answer)}; a hint should point the way (a "
                    'paragraph, a kind of answer: "a weapon, not a place") and leave the answer to the student',
                    "hint-gives-answer",
                )
            ]
    return NOTHING


def around_gaps(question: ClozeQuestion) -> str:
    """What a cloze prints around its gaps, then its prompt: the text its answers must not be in, and
    what it asks (review_deck reads the same text, so that it is split once)."""
    return " … ".join(question.parsed().pieces) + " " + (question.prompt or "")


def _answer_in_prompt(question: ShortQuestion | ClozeQuestion | NumericQuestion) -> list[Advice]:
    if isinstance(question, ClozeQuestion):
        around, where = around_gaps(question), ("text",)
    else:
        around, where = question.prompt, ("prompt",)
    for answer in answers_of(question):
        if holds(around, answer):
            return [
                Advice(
                    where,
                    f"already holds the answer {quoted(answer)}: a student can copy it from the question; "
                    "reword it so that the answer is not written in it",
                    "answer-in-prompt",
                )
            ]
    return NOTHING


# The rules that look for words in the options; most questions have none of their words.
_WORDING_RULES: list[Callable[[Options], list[Advice]]] = [
    _all_of_the_above,
    _option_combination,
    _absolute_distractors,
    _vague_options,
]
_WORDING_CUES = _ALL_OR_NONE | ABSOLUTE_WORDS | VAGUE_WORDS | {"and", "or"}


def _option_review(question: ChoiceQuestion | MultiQuestion) -> list[Advice]:
    options = Options.of(question)
    found = _longest_answer(options)
    if not options.words.isdisjoint(_WORDING_CUES) or options.ampersand:
        found = found + [advice for rule in _WORDING_RULES for advice in rule(options)]
    return found + _clang_association(options) + _article_cue(options) + _negative_stem(question)


# Each kind's rules, looked up by the question's type (one look, 10,000 times over in a large deck).
_REVIEWS: dict[str, Callable[[Any], list[Advice]]] = {
    "choice": _option_review,
    "multi": _option_review,
    "truefalse": _statement_cues,
    "short": _answer_in_prompt,
    "numeric": _answer_in_prompt,
    "cloze": _answer_in_prompt,
}


def question_review(question: QuestionBase) -> list[Advice]:
    """The item-writing flaws of one question, each with its field path (from the question) and rule."""
    review = _REVIEWS.get(question.type)
    found = review(question) if review is not None else NOTHING
    return found + _hint_gives_answer(question) if question.hint is not None else found
