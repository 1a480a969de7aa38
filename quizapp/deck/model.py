"""The deck format (version 1) as pydantic models: every rule of `docs/deck-format.md`.

Single-field rules are constraints that pydantic-core checks in Rust (patterns, lengths, ranges);
cross-field rules are `after` validators that raise `RuleError`, which carries the exact field
(path) each problem belongs to, so that lint can point at the offending line.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from ..problems import FieldPath
from ..safetext import CONTROL_CLASS
from .cloze import ClozeError, ClozeText, check_cloze, parse_cloze
from .rules import ALLOWABLE, RULES
from .suggest import did_you_mean

FORMAT_VERSION = 1
QUESTION_TYPES = ("choice", "multi", "truefalse", "short", "numeric", "cloze", "order", "match", "flashcard")

# Patterns are checked by pydantic-core (Rust regex); messages.py turns a mismatch into words.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
TEXT_PATTERN = f"^[^{CONTROL_CLASS}]*$"
# At least one character that is neither white space nor a control character.
FILLED_PATTERN = f"^[^{CONTROL_CLASS}]*[^\\s{CONTROL_CLASS}][^{CONTROL_CLASS}]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
FilledText = Annotated[str, StringConstraints(pattern=FILLED_PATTERN)]
Paragraph = Annotated[int, Field(ge=1)]


class RuleProblem(NamedTuple):
    """A broken rule (or, from checks.py, a warning): the field it is about (below the model), what is
    wrong in words that follow the field's name (lint writes it before them: `answer "x" is not ...`),
    and the rule's name (rules.py)."""

    where: FieldPath
    words: str
    rule: str


class RuleError(ValueError):
    """One or more broken cross-field rules, each tied to a field path below the model."""

    def __init__(self, problems: list[RuleProblem]):
        super().__init__("; ".join(problem.words for problem in problems))
        self.problems = problems


def _silenceable(allow: dict[str, str]) -> dict[str, str]:
    problems = []
    for name in allow:
        if name not in ALLOWABLE:
            if name == "unused-allow":
                why = "cannot be silenced: remove the allow entries that silence nothing instead"
            elif name in RULES:
                why = "is an error, and errors cannot be silenced: fix it"
            else:
                why = "is not the name of a warning rule (quizapp lint --rules lists them)" + did_you_mean(
                    name, sorted(ALLOWABLE)
                )
            problems.append(RuleProblem((name,), why, "unknown-rule"))
    if problems:
        raise RuleError(problems)
    return allow


# Warnings silenced, each with the teacher's reason: `allow = { longest-answer = "why" }`.
Allow = Annotated[
    dict[FilledText, FilledText],
    AfterValidator(_silenceable),
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"enum": sorted(ALLOWABLE)},
            "additionalProperties": {"type": "string", "pattern": FILLED_PATTERN},
        }
    ),
]


def _check_typos(value: Any) -> str | int:
    if value == "auto":
        return "auto"
    if type(value) is int and 0 <= value <= 3:
        return value
    raise ValueError('must be "auto" or a whole number from 0 to 3')


Typos = Annotated[
    Literal["auto"] | int,
    PlainValidator(_check_typos),
    WithJsonSchema({"anyOf": [{"const": "auto"}, {"type": "integer", "minimum": 0, "maximum": 3}]}),
]


class Strict(BaseModel):
    """Base of every deck model: unknown keys are errors and no value is silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Source(Strict):
    """The text a deck was written from."""

    title: Text | None = None
    author: Text | None = None
    url: Text | None = None
    paragraphs: Paragraph | None = None


class QuizDefaults(Strict):
    """Exam defaults of a deck (`[deck.quiz]`)."""

    count: Annotated[int, Field(ge=1)] | None = None
    time_limit_minutes: Annotated[int, Field(ge=1)] | None = None
    pass_mark: Annotated[float, Field(ge=0, le=1)] = 0.5
    shuffle: bool = True
    tags: list[FilledText] = Field(default_factory=list)


class DeckInfo(Strict):
    """The `[deck]` table."""

    id: Slug
    title: Annotated[FilledText, StringConstraints(max_length=120)]
    description: Text | None = None
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "en"
    authors: list[FilledText] = Field(default_factory=list)
    tags: list[FilledText] = Field(default_factory=list)
    source: Source | None = None
    quiz: QuizDefaults | None = None
    allow: Allow = Field(default_factory=dict)


class Note(Strict):
    """A study note: the teacher's summary of one paragraph of the source."""

    source: Paragraph
    text: FilledText


def _duplicates(values: list[str]) -> list[tuple[int, int]]:
    """(first index, repeated index) for every value equal to an earlier one, ignoring case and edges."""
    if len(set(map(str.casefold, map(str.strip, values)))) == len(values):
        return []  # the usual case, found without building the index (validation runs this 10,000s of times)
    seen: dict[str, int] = {}
    repeats = []
    for index, value in enumerate(values):
        key = value.strip().casefold()
        if key in seen:
            repeats.append((seen[key], index))
        else:
            seen[key] = index
    return repeats


def _distinct(field: str, values: list[str]) -> list[RuleProblem]:
    return [
        RuleProblem((field, later), f'"{values[later]}" repeats {field}[{first}]', "duplicate-entry")
        for first, later in _duplicates(values)
    ]


def _not_a_choice(answer: str, choices: list[str]) -> str:
    return f'"{answer}" is not one of the choices{did_you_mean(answer, choices)}'


class QuestionBase(Strict):
    """Fields common to every question type."""

    if TYPE_CHECKING:  # each kind declares its own `type: Literal[...]`, which pydantic tells them apart by
        type: str

    id: Slug | None = None
    prompt: FilledText
    explanation: Text | None = None
    hint: FilledText | None = None
    source: list[Paragraph] = Field(default_factory=list)
    tags: list[FilledText] = Field(default_factory=list)
    points: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1.0
    allow: Allow = Field(default_factory=dict)

    @property
    def in_exams(self) -> bool:
        """Whether an exam can draw it: every kind can be scored but the flashcard, which the student rates."""
        return True

    def identity_text(self) -> str:
        """The content an absent id is derived from."""
        return self.prompt

    @property
    def derived_id(self) -> bool:
        """Whether the id was derived from the content (so editing the text resets progress)."""
        return "id" not in self.model_fields_set

    def assign_derived_id(self) -> None:
        """Give a question without an `id` one made from its type and content."""
        digest = hashlib.blake2b(self.identity_text().encode(), digest_size=5).hexdigest()
        self.id = f"{self.type}-{digest}"
        # model_fields_set holds the keys the deck file gave, and this id was not one of them.
        self.model_fields_set.discard("id")


class ChoiceQuestion(QuestionBase):
    """One correct option among 2–8."""

    type: Literal["choice"]
    choices: Annotated[list[FilledText], Field(min_length=2, max_length=8)]
    answer: FilledText
    shuffle: bool = True
    feedback: dict[FilledText, FilledText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _answer_among_choices(self) -> ChoiceQuestion:
        problems = _distinct("choices", self.choices)
        if self.answer not in self.choices:
            problems.append(RuleProblem(("answer",), _not_a_choice(self.answer, self.choices), "choice-answer"))
        for option in self.feedback:
            if option not in self.choices:
                problems.append(RuleProblem(("feedback", option), self._stray_feedback(option), "feedback-choice"))
        if problems:
            raise RuleError(problems)
        return self

    def _stray_feedback(self, option: str) -> str:
        words = "is for a choice this question does not have"
        if option in type(self).model_fields:  # `hint = ...` under [questions.feedback] belongs to that table
            return (
                f"{words}: every key = value line below [questions.feedback] belongs to the feedback, so "
                f"this {option} line belongs above the [questions.feedback] table"
            )
        return words + did_you_mean(option, self.choices)


class MultiQuestion(QuestionBase):
    """Several correct options among 2–8."""

    type: Literal["multi"]
    choices: Annotated[list[FilledText], Field(min_length=2, max_length=8)]
    answers: Annotated[list[FilledText], Field(min_length=1)]
    shuffle: bool = True

    @model_validator(mode="after")
    def _answers_among_choices(self) -> MultiQuestion:
        problems = _distinct("choices", self.choices)
        problems += _distinct("answers", self.answers)
        for index, answer in enumerate(self.answers):
            if answer not in self.choices:
                problems.append(RuleProblem(("answers", index), _not_a_choice(answer, self.choices), "choice-answer"))
        if problems:
            raise RuleError(problems)
        return self


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["truefalse"]
    answer: bool


class ShortQuestion(QuestionBase):
    """A typed answer, checked leniently against the accepted spellings."""

    type: Literal["short"]
    answers: Annotated[list[FilledText], Field(min_length=1)]
    case_sensitive: bool = False
    typos: Typos = "auto"


class NumericQuestion(QuestionBase):
    """A typed number, right within `tolerance`."""

    type: Literal["numeric"]
    answer: Annotated[float, Field(allow_inf_nan=False)]
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    unit: Text | None = None


class ClozeQuestion(QuestionBase):
    """A text with gaps to fill; the prompt is optional."""

    type: Literal["cloze"]
    prompt: FilledText | None = None  # type: ignore[assignment]  # optional for cloze only
    text: FilledText
    case_sensitive: bool = False
    typos: Typos = "auto"

    @model_validator(mode="after")
    def _gaps_present(self) -> ClozeQuestion:
        try:
            check_cloze(self.text)
        except ClozeError as error:
            raise RuleError([RuleProblem(("text",), str(error), "cloze-gaps")]) from None
        return self

    def identity_text(self) -> str:
        """A cloze is identified by its text (its prompt is optional)."""
        return self.text

    def parsed(self) -> ClozeText:
        """The text split into pieces and gaps."""
        return parse_cloze(self.text)


class OrderQuestion(QuestionBase):
    """Items to put in order; written in the correct order, shown shuffled."""

    type: Literal["order"]
    items: Annotated[list[FilledText], Field(min_length=2, max_length=10)]

    @model_validator(mode="after")
    def _items_distinct(self) -> OrderQuestion:
        problems = _distinct("items", self.items)
        if problems:
            raise RuleError(problems)
        return self


Pair = Annotated[list[FilledText], Field(min_length=2, max_length=2)]


# The most right-hand options a match shows (its rights and its extras): one digit key each, 1–9 and 0.
MATCH_OPTIONS_MAX = 10


class MatchQuestion(QuestionBase):
    """Lefts to pair with shuffled rights, among which may be extra rights that match nothing."""

    type: Literal["match"]
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=MATCH_OPTIONS_MAX)]
    # Rights that pair with no left: with them the last pair cannot be found by elimination.
    extra: list[FilledText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sides_distinct(self) -> MatchQuestion:
        problems: list[RuleProblem] = []
        for side, name in ((0, "left"), (1, "right")):
            values = [pair[side] for pair in self.pairs]
            for first, later in _duplicates(values):
                problems.append(
                    RuleProblem(
                        ("pairs", later, side),
                        f'"{values[later]}" repeats the {name} side of pairs[{first}]',
                        "duplicate-entry",
                    )
                )
        problems += self._extras_problems()
        if problems:
            raise RuleError(problems)
        return self

    def _extras_problems(self) -> list[RuleProblem]:
        """Extras distinct from one another and from every right, and no more options than keys."""
        problems = _distinct("extra", self.extra)
        rights = [pair[1] for pair in self.pairs]
        for first, later in _duplicates(rights + self.extra):
            if later >= len(rights) > first:  # an extra equal to a right (extras among themselves: above)
                problems.append(
                    RuleProblem(
                        ("extra", later - len(rights)),
                        f'"{self.extra[later - len(rights)]}" is already the right side of pairs[{first}]: '
                        "an extra must match nothing",
                        "duplicate-entry",
                    )
                )
        if len(rights) + len(self.extra) > MATCH_OPTIONS_MAX:
            problems.append(
                RuleProblem(
                    ("extra",),
                    f"makes {len(rights) + len(self.extra)} right-hand options; at most {MATCH_OPTIONS_MAX} "
                    "(pairs and extras together), one digit key each",
                    "entry-count",
                )
            )
        return problems

    def right_options(self) -> list[str]:
        """Every right-hand option a student picks from, in the order written: the rights, then the extras."""
        return [pair[1] for pair in self.pairs] + self.extra

    def sides(self) -> list[str]:
        """Every text the student reads on either side: the lefts, the rights and the extras."""
        return [pair[0] for pair in self.pairs] + self.right_options()


class FlashcardQuestion(QuestionBase):
    """A card the student flips and rates."""

    type: Literal["flashcard"]
    answer: FilledText

    @property
    def in_exams(self) -> bool:
        """Never drawn into an exam: only the student can judge a recalled answer."""
        return False


Question = Annotated[
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | ShortQuestion
    | NumericQuestion
    | ClozeQuestion
    | OrderQuestion
    | MatchQuestion
    | FlashcardQuestion,
    Field(discriminator="type"),
]

QUESTION_MODELS: dict[str, type[QuestionBase]] = {
    "choice": ChoiceQuestion,
    "multi": MultiQuestion,
    "truefalse": TrueFalseQuestion,
    "short": ShortQuestion,
    "numeric": NumericQuestion,
    "cloze": ClozeQuestion,
    "order": OrderQuestion,
    "match": MatchQuestion,
    "flashcard": FlashcardQuestion,
}


class Deck(Strict):
    """A whole deck file."""

    format: Literal[1] = 1
    deck: DeckInfo
    notes: list[Note] = Field(default_factory=list)
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _deck_rules(self) -> Deck:
        for question in self.questions:
            if question.id is None:
                question.assign_derived_id()
        problems = self._repeated_ids() + self._out_of_range_sources()
        if problems:
            raise RuleError(problems)
        return self

    def _repeated_ids(self) -> list[RuleProblem]:
        if len({question.id for question in self.questions}) == len(self.questions):
            return []  # the usual case, settled in one pass in C
        first_index: dict[str, int] = {}
        problems: list[RuleProblem] = []
        for index, question in enumerate(self.questions):
            earlier = first_index.setdefault(question.id or "", index)  # every id is set by now
            if earlier == index:
                continue
            if question.derived_id:  # no id is written: the question itself is at fault
                where: FieldPath = ("questions", index)
                message = f"has the same text as questions[{earlier}]: give each an id, or remove one"
            else:
                where, message = ("questions", index, "id"), f"is already used by questions[{earlier}]"
            problems.append(RuleProblem(where, message, "duplicate-id"))
        return problems

    def _out_of_range_sources(self) -> list[RuleProblem]:
        source = self.deck.source
        if source is None or source.paragraphs is None:
            return []
        last = source.paragraphs
        cited = [paragraph for question in self.questions for paragraph in question.source]
        if max(cited, default=0) <= last and all(note.source <= last for note in self.notes):
            return []  # the usual case, settled without the detailed walk below
        problems: list[RuleProblem] = []
        for index, question in enumerate(self.questions):
            for position, paragraph in enumerate(question.source):
                if paragraph > last:
                    problems.append(
                        RuleProblem(
                            ("questions", index, "source", position),
                            f"cites paragraph {paragraph}, but the source has {last} paragraphs",
                            "source-range",
                        )
                    )
        for index, note in enumerate(self.notes):
            if note.source > last:
                problems.append(
                    RuleProblem(
                        ("notes", index, "source"),
                        f"is paragraph {note.source}, but the source has {last} paragraphs",
                        "source-range",
                    )
                )
        return problems
