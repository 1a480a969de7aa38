"""For teachers: every question in order as a student sees it, with its answers, explanation, points,
tags and lint warnings, and the deck's exam settings. Nothing is recorded. The file is watched: a save
shows within a second, and a save with errors shows them above the last version that loaded."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from ...deck.loaded import LoadedDeck
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
from ...problems import Problem
from ...study.grading import format_number
from ...study.preview import DeckPreview, exam_summary, question_facts, read_preview, warning_text
from ..widgets.key_footer import KeyFooter
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar


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
        pairs = [Content.assemble(literal(left), "  →  ", literal(right, "green")) for left, right in question.pairs]
        return pairs + [Content.assemble("matches nothing: ", literal(extra)) for extra in question.extra]
    assert isinstance(question, FlashcardQuestion)
    return [Content.assemble("Back: ", literal(question.answer, "green"))]


def warning_line(problem: Problem) -> Content:
    """A lint warning, in the warning colour."""
    return literal(f"⚠ {warning_text(problem)}", "yellow")


class QuestionBlock(Static):
    """One question of the preview, which knows its id (to keep it in view across a reload)."""

    def __init__(self, question_id: str, content: Content):
        super().__init__(content, classes="preview-question")
        self.question_id = question_id


class PreviewScreen(Screen[None]):
    """The whole deck, question by question, read again whenever its file is saved."""

    BINDINGS = [Binding("escape", "back", "Back")]
    # How often the file is looked at: a save shows within a second, and a stat costs next to nothing.
    POLL_SECONDS = 1.0
    # Errors shown above the last good version: enough to fix the first ones, not so many that the
    # deck is pushed out of sight (`quizapp lint` lists them all).
    MAX_ERRORS = 10

    def __init__(self, deck: LoadedDeck):
        super().__init__()
        # Read again at once (the deck given may have come from the cache, without warnings); when
        # the file no longer loads, the deck given is the last good version.
        self.preview = read_preview(deck.path, deck)
        self.reloading = False
        self.poll_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """The deck's exam settings and warnings, then its questions, each with its answers,
        explanation, sources and warnings."""
        yield TitleBar()
        with VerticalScroll(id="preview"):
            yield from self.blocks(self.preview)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Look at the deck file about once a second."""
        self.poll_timer = self.set_interval(self.POLL_SECONDS, self.check_file)

    def check_file(self) -> None:
        """Read the deck again (off the UI thread) if its file was saved since it was last read."""
        if self.reloading or not self.preview.changed_on_disk():
            return
        self.reloading = True
        self.reload()

    @work(thread=True, exclusive=True, group="preview-reload")
    def reload(self) -> None:
        """Read the file again with its warnings, and show what it now is."""
        preview = read_preview(self.preview.loaded.path, self.preview.loaded)
        self.app.call_from_thread(self.show, preview)

    def show(self, preview: DeckPreview) -> None:
        """Take a newly read deck, and lay it out unless it shows just what is shown."""
        if not self.is_attached:  # closed while the file was being read: nothing left to show it on
            return
        old, self.preview = self.preview, preview
        if preview.same_view(old):  # saved unchanged, or only touched
            self.reloading = False
        else:
            self.call_next(self.redraw, preview)

    async def redraw(self, preview: DeckPreview) -> None:
        """Lay out `preview` in place of what is shown, the same part of the deck in view."""
        try:
            scroll = self.query_one("#preview", VerticalScroll)
            anchor = self._anchor(scroll)
            await scroll.remove_children()
            await scroll.mount_all(self.blocks(preview))
            self.call_after_refresh(self._restore, scroll, anchor)
        finally:
            self.reloading = False

    def _anchor(self, scroll: VerticalScroll) -> tuple[str | None, float]:
        """The question at the top of the view and how far into it the view starts, so that the
        view stays on it when warnings or errors above it come and go."""
        top = scroll.scroll_y
        for block in scroll.query(QuestionBlock):
            region = block.virtual_region_with_margin
            if region.y <= top < region.bottom:
                return block.question_id, top - region.y
        return None, top

    def _restore(self, scroll: VerticalScroll, anchor: tuple[str | None, float]) -> None:
        question_id, offset = anchor
        for block in scroll.query(QuestionBlock):
            if block.question_id == question_id:
                scroll.scroll_to(y=block.virtual_region_with_margin.y + offset, animate=False)
                return
        scroll.scroll_to(y=offset, animate=False)  # that question is gone: the same distance down

    def blocks(self, preview: DeckPreview) -> list[Static]:
        """What the page shows of `preview`: its errors, if any, above the last version that loaded."""
        loaded = preview.loaded
        questions = loaded.deck.questions
        blocks: list[Static] = []
        if preview.errors:
            lines = [
                Content.styled("The file has errors; below is the last version that loaded.", "bold"),
                *(literal(str(problem), "red") for problem in preview.errors[: self.MAX_ERRORS]),
            ]
            more = len(preview.errors) - self.MAX_ERRORS
            if more > 0:
                lines.append(literal(f"… and {more} more: quizapp lint {loaded.path}", "dim"))
            blocks.append(Static(Content("\n").join(lines), classes="preview-errors"))
        blocks.append(
            Static(
                Content.assemble(
                    literal(loaded.title, "bold"),
                    Content.styled(
                        f"  ·  {len(questions)} questions  ·  preview: nothing is recorded, updates on save",
                        "dim",
                    ),
                    "\n",
                    Content.styled("Exam: ", "bold"),
                    literal(exam_summary(loaded)),
                    Content.styled("  (flashcards are never in exams)", "dim"),
                )
            )
        )
        blocks += [Static(warning_line(problem), classes="warning") for problem in preview.deck_warnings()]
        for number, question in enumerate(questions):
            lines = [
                Content.assemble(
                    Content.styled(f"{number + 1}. {question.type}", "bold"),
                    Content.styled(f"  id {question.id}  ·  ", "dim"),
                    literal(question_facts(question), "dim"),
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
            lines += [warning_line(problem) for problem in preview.question_warnings(number, question)]
            blocks.append(QuestionBlock(question.id or "", Content("\n").join(lines)))
        return blocks

    def action_back(self) -> None:
        """Back home."""
        self.app.pop_screen()
