"""For teachers: every question in order as a student sees it, with its answers, explanation and lint
warnings. Nothing is recorded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...deck.loader import LoadedDeck, load_deck
from ...deck.model import (
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    QuestionBase,
    ShortQuestion,
    TrueFalseQuestion,
)
from ...problems import BadFile
from ...study.grading import format_number
from ..widgets.text import literal


def answer_block(question: QuestionBase) -> list[Content]:
    """The right answer(s) of a question, laid out for checking."""
    if isinstance(question, (ChoiceQuestion, MultiQuestion)):
        right = {question.answer} if isinstance(question, ChoiceQuestion) else set(question.answers)
        lines = [
            Content.assemble("✓ " if choice in right else "  ", literal(choice, "green" if choice in right else ""))
            for choice in question.choices
        ]
        if isinstance(question, ChoiceQuestion):
            lines += [
                Content.assemble("    if ", literal(option, "italic"), ": ", literal(text, "dim"))
                for option, text in question.feedback.items()
            ]
        return lines
    if isinstance(question, TrueFalseQuestion):
        return [Content.assemble("Answer: ", Content.styled("true" if question.answer else "false", "green"))]
    if isinstance(question, ShortQuestion):
        return [Content.assemble("Accepted: ", Content(" | ").join(literal(a, "green") for a in question.answers))]
    if isinstance(question, NumericQuestion):
        tolerance = f" ± {format_number(question.tolerance)}" if question.tolerance else ""
        return [
            Content.assemble(
                "Answer: ",
                Content.styled(f"{format_number(question.answer)}{tolerance}", "green"),
                f" {question.unit}" if question.unit else "",
            )
        ]
    if isinstance(question, ClozeQuestion):
        return [Content.assemble(literal(question.text), "")] + [
            Content.assemble(
                f"gap {number}: ",
                Content(" | ").join(literal(a, "green") for a in gap.answers),
                literal(f"  (hint: {gap.hint})", "dim") if gap.hint else "",
            )
            for number, gap in enumerate(question.parsed().gaps, start=1)
        ]
    if isinstance(question, OrderQuestion):
        return [
            Content.assemble(f"{number}. ", literal(item, "green"))
            for number, item in enumerate(question.items, start=1)
        ]
    if isinstance(question, MatchQuestion):
        return [Content.assemble(literal(left), "  →  ", literal(right, "green")) for left, right in question.pairs]
    assert isinstance(question, FlashcardQuestion)
    return [Content.assemble("Back: ", literal(question.answer, "green"))]


class PreviewScreen(Screen[None]):
    """The whole deck, question by question."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, deck: LoadedDeck):
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        """The deck's questions, each with its answers, explanation, sources and warnings."""
        try:
            warnings = load_deck(self.deck.path, with_warnings=True).warnings
        except BadFile as bad:  # changed on disk since it was loaded
            warnings = bad.problems
        by_question: dict[int, list[str]] = {}
        general = []
        for problem in warnings:
            if len(problem.field) >= 2 and problem.field[0] == "questions":
                by_question.setdefault(int(problem.field[1]), []).append(problem.message)
            else:
                general.append(problem.message)
        info = self.deck.deck.deck
        yield Header()
        with VerticalScroll(id="preview"):
            yield Static(
                Content.assemble(
                    literal(info.title, "bold"),
                    Content.styled(
                        f"  ·  {len(self.deck.deck.questions)} questions  ·  preview: nothing is recorded", "dim"
                    ),
                )
            )
            for message in general:
                yield Static(literal(f"⚠ {message}", "yellow"), classes="warning")
            for number, question in enumerate(self.deck.deck.questions):
                lines = [
                    Content.assemble(
                        Content.styled(f"{number + 1}. {question.type}", "bold"),
                        Content.styled(f"  id {question.id}", "dim"),
                    )
                ]
                if isinstance(question, FlashcardQuestion):  # an exam never draws one: nothing can grade it
                    lines.append(Content.styled("not in exams (rated by the student, not graded)", "italic"))
                if question.prompt:
                    lines.append(literal(question.prompt, "bold"))
                lines += answer_block(question)
                if question.hint:
                    lines.append(Content.assemble("Hint: ", literal(question.hint, "italic")))
                if question.explanation:
                    lines.append(Content.assemble("Why: ", literal(question.explanation)))
                if question.source:
                    lines.append(Content.styled("Cites ¶" + ", ¶".join(map(str, question.source)), "dim"))
                lines += [literal(f"⚠ {message}", "yellow") for message in by_question.get(number, [])]
                yield Static(Content("\n").join(lines), classes="preview-question")
        yield Footer()

    def action_back(self) -> None:
        """Back home."""
        self.app.pop_screen()
