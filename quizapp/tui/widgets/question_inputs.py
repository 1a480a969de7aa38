"""One input widget for each question type. Each gives the raw response the grader and the results
file take (see docs/cli), and can be filled again with an earlier response (exam navigation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from ...deck.cloze import parse_cloze

# For annotations only: showing a question never imports the deck model (pydantic). So an input cannot
# tell the kind of its question by isinstance: `input_for` picks it by the question's `type`, which
# says which model it is, and the inputs that need a kind's own fields cast to it.
if TYPE_CHECKING:
    from ...deck.model import ClozeQuestion, FlashcardQuestion, MatchQuestion, NumericQuestion, QuestionBase
from .text import literal

# The key of each numbered line, in order: 0 is the tenth (an order or match question can have ten).
DIGITS = "1234567890"


def key_label(index: int) -> str:
    """The number shown before line `index` (from 0): the key that picks it."""
    return f"{DIGITS[index]}. " if index < len(DIGITS) else "   "


class AnswerBox(Input, inherit_bindings=False):
    """A box for a typed answer. `enter` is the screen's (submit, or the next question), never the
    box's own. At either end of the text, left and right are the screen's too (in an exam they move
    between questions instead of stopping at a text question), and ctrl+z takes back the typing, not
    the last answer."""

    # Input's keys but enter, which is left to the screen (and so its footer shows what enter does).
    BINDINGS = [
        *(binding for binding in Input.BINDINGS if not (isinstance(binding, Binding) and binding.key == "enter")),
        Binding("ctrl+z", "undo_typing", "Undo typing", show=False),
    ]

    def __init__(self, value: str = "", **options: Any):
        super().__init__(value=value, **options)
        self.typed = [value]  # the box's values, oldest first, for ctrl+z

    def on_input_changed(self, event: Input.Changed) -> None:
        """Remember each new value (the event still reaches the screen)."""
        if event.value != self.typed[-1]:
            self.typed.append(event.value)

    def action_undo_typing(self) -> None:
        """Take back the last change to the text; with none, say how to take back an answer."""
        if len(self.typed) < 2:
            self.notify("Nothing typed to undo. To take back your last answer, press tab, then u.", timeout=3)
            return
        self.typed.pop()
        with self.prevent(Input.Changed):
            self.value = self.typed[-1]
        self.cursor_position = len(self.value)

    def action_cursor_left(self, select: bool = False) -> None:
        """Move left; at the start of the text, leave the key to the screen."""
        if not select and self.selection.is_empty and self.cursor_position == 0:
            raise SkipAction()
        super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        """Move right; at the end of the text, leave the key to the screen."""
        if not select and self.selection.is_empty and self.cursor_at_end:
            raise SkipAction()
        super().action_cursor_right(select)


class QuestionInput(Widget):
    """Base of the inputs: holds the question and the order its parts are shown in."""

    DEFAULT_CSS = "QuestionInput { height: auto; }"

    def __init__(self, question: QuestionBase, shown: tuple[str, ...], response: Any = None):
        super().__init__()
        self.question = question
        self.shown = shown
        self.initial = response

    def response(self) -> Any:
        """The raw response as it stands."""
        raise NotImplementedError

    def answered(self) -> bool:
        """Whether the student has given anything yet."""
        value = self.response()
        return value not in (None, "", [], ()) and not (isinstance(value, list) and not any(value))

    def focus_target(self) -> Widget:
        """What takes the keys when the question is shown: the input itself, or its first text box.
        (Screens give it the focus at once, with `Screen.set_focus`: `Widget.focus` would wait its
        turn behind keys already typed, and they would go astray.)"""
        return self

    def enter_pressed(self) -> bool:
        """Whether `enter` did something inside the input (a cloze moves on to its next gap); if
        not, it submits the answer."""
        return False

    def problem(self) -> str | None:
        """Why the answer as it stands cannot be taken (the student is told and tries again), if so."""
        return None


class CursorInput(QuestionInput):
    """An input drawn as lines with a cursor, which shows only while it has the focus."""

    can_focus = True

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        """Digits 1–9 and 0 stand for the numbered lines; some inputs take letters too.
        (Textual calls this for every subclass as well: subclasses use the two hooks below instead.)"""
        if event.character and event.character in DIGITS:
            event.stop()
            self.number_pressed(DIGITS.index(event.character))
        elif event.character and self.letter_pressed(event.character):
            event.stop()

    def number_pressed(self, index: int) -> None:
        """What the digit for line `index` (from 0) does."""
        raise NotImplementedError

    def letter_pressed(self, letter: str) -> bool:
        """Handle a letter; whether it was this input's."""
        return False


class Choices(CursorInput):
    """Numbered options: one to pick (choice, true/false) or several to tick (multi).

    With one answer to give, the arrows move the pick itself: what is highlighted is what is
    answered. With several, the arrows move a cursor and space ticks; enter with nothing ticked
    takes the highlighted option. Nothing is highlighted until the student picks or moves, so an
    enter pressed straight away gives no answer rather than the first option."""

    cursor: reactive[int | None] = reactive(None)
    # The arrows are left out of the footer (it must fit 80 columns); `?` lists them.
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space", "tick", "Tick"),
    ]

    def __init__(self, question: QuestionBase, shown: tuple[str, ...], response: Any = None):
        super().__init__(question, shown, response)
        self.several = question.type == "multi"
        if isinstance(response, list):
            self.picked = {option for option in response if option in shown}
        elif isinstance(response, bool) and question.type == "truefalse":
            self.picked = {"True" if response else "False"}
        else:
            self.picked = {response} if response in shown else set()
        self.set_reactive(
            Choices.cursor, next((index for index, option in enumerate(shown) if option in self.picked), None)
        )

    def render(self) -> Content:
        """Each option on its line: its number, its box, its text; the cursor's line highlighted."""
        lines = []
        for index, option in enumerate(self.shown):
            chosen = option in self.picked
            box = ("[x] " if chosen else "[ ] ") if self.several else ("(•) " if chosen else "( ) ")
            line = Content.assemble(key_label(index), box, literal(option))
            if chosen:
                line = line.stylize("bold")
            if index == self.cursor and self.has_focus:
                line = line.stylize("reverse")
            lines.append(line)
        return Content("\n").join(lines)

    def pick(self, index: int) -> None:
        """Pick (or, for multi, tick or untick) option `index`."""
        if not 0 <= index < len(self.shown):
            return
        option = self.shown[index]
        self.cursor = index
        if self.several:
            self.picked ^= {option}
        else:
            self.picked = {option}
        self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space is for ticking: with one answer to give, the arrows pick."""
        return self.several if action == "tick" else True

    def action_move(self, step: int) -> None:
        """Move the cursor (from nowhere, down goes to the first option and up to the last); with
        one answer to give, pick the option it lands on."""
        start = -1 if step > 0 else len(self.shown)
        target = ((start if self.cursor is None else self.cursor) + step) % len(self.shown)
        if self.several:
            self.cursor = target
        else:
            self.pick(target)

    def action_tick(self) -> None:
        """Pick (or tick) the option under the cursor."""
        if self.cursor is not None:
            self.pick(self.cursor)

    def enter_pressed(self) -> bool:
        """Enter with nothing ticked takes the highlighted option: it is what the student means."""
        if self.several and not self.picked and self.cursor is not None:
            self.pick(self.cursor)
        return False

    def number_pressed(self, index: int) -> None:
        """A digit picks (or ticks) that option."""
        self.pick(index)

    def letter_pressed(self, letter: str) -> bool:
        """t and f answer a true/false question."""
        if self.question.type == "truefalse" and letter in ("t", "f"):
            self.pick(0 if letter == "t" else 1)
            return True
        return False

    def on_click(self, event: events.Click) -> None:
        """A click picks the option on that line."""
        self.pick(event.y)

    def response(self) -> Any:
        """The option text, the list of ticked options (multi), or true/false."""
        if self.question.type == "truefalse":
            return None if not self.picked else "True" in self.picked
        if self.several:
            return [option for option in self.shown if option in self.picked]
        return next(iter(self.picked), None)


class Typed(QuestionInput):
    """A text box, with the unit after it for numbers."""

    def compose(self) -> ComposeResult:
        """The box, and the unit if there is one."""
        initial = "" if self.initial is None else str(self.initial)
        with Horizontal(classes="typed-row"):
            yield AnswerBox(value=initial, placeholder="type your answer, then enter", id="answer-box")
            if self.unit:
                yield Static(literal(self.unit), classes="unit")

    def focus_target(self) -> Widget:
        """The text box."""
        return self.query_one(AnswerBox)

    @property
    def unit(self) -> str | None:
        """The unit a number is answered in, if any (a short answer has none)."""
        return cast("NumericQuestion", self.question).unit if self.question.type == "numeric" else None

    def response(self) -> Any:
        """The typed text; for a number question, the number when it reads as one."""
        text = self.query_one(AnswerBox).value
        if self.question.type == "numeric":
            from ...study.grading import numeric_response  # the grader's module is first needed once there is an answer

            return numeric_response(text, self.unit)
        return text

    def problem(self) -> str | None:
        """A number question takes a number: words (`two`) or a decade (`1990s`) are sent back."""
        if self.question.type != "numeric" or not self.answered() or not isinstance(self.response(), str):
            return None
        from ...study.grading import number_expected

        return number_expected(self.unit)


class Cloze(QuestionInput):
    """The text with its gaps numbered, and a box for each gap."""

    def compose(self) -> ComposeResult:
        """The text, then one labelled box per gap."""
        parsed = parse_cloze(cast("ClozeQuestion", self.question).text)
        parts: list[Content | str] = []
        for number, gap in enumerate(parsed.gaps, start=1):
            parts.append(literal(parsed.pieces[number - 1]))
            label = f"[{number}: {gap.hint}]" if gap.hint else f"[{number}]"
            parts.append(Content.styled(label, "bold reverse"))
        parts.append(literal(parsed.pieces[-1]))
        yield Static(Content.assemble(*parts), classes="cloze-text")
        given = self.initial if isinstance(self.initial, list) else []
        for number, _ in enumerate(parsed.gaps, start=1):
            with Horizontal(classes="typed-row"):
                yield Static(f"gap {number}", classes="gap-label")
                value = given[number - 1] if number - 1 < len(given) and isinstance(given[number - 1], str) else ""
                yield AnswerBox(value=value, placeholder=f"gap {number}", classes="gap-box")

    def enter_pressed(self) -> bool:
        """Enter in a gap moves to the next gap; in the last one it submits."""
        boxes = list(self.query(AnswerBox))
        focused = self.screen.focused
        position = boxes.index(focused) if isinstance(focused, AnswerBox) and focused in boxes else len(boxes)
        if position + 1 < len(boxes):
            self.screen.set_focus(boxes[position + 1])  # at once (see focus_target)
            return True
        return False

    def focus_target(self) -> Widget:
        """The first empty gap (else the first)."""
        boxes = list(self.query(AnswerBox))
        return next((box for box in boxes if not box.value), boxes[0])

    def response(self) -> Any:
        """The typed gaps, in order."""
        return [box.value for box in self.query(AnswerBox)]


class Order(CursorInput):
    """Items to put in order: a digit picks an item, then up/down (or another digit) moves it."""

    BINDINGS = [
        Binding("up", "move(-1)", "Move up", show=False),
        Binding("down", "move(1)", "Move down", show=False),
        Binding("space", "grab", "Grab/drop"),
    ]

    def __init__(self, question: QuestionBase, shown: tuple[str, ...], response: Any = None):
        super().__init__(question, shown, response)
        self.items = list(response) if isinstance(response, list) and sorted(response) == sorted(shown) else list(shown)
        self.cursor = 0
        self.holding = False
        self.moved = response is not None  # an untouched shuffle is no answer (an exam lists it as unanswered)

    def render(self) -> Content:
        """The items in their current order; the held one marked."""
        lines = []
        for index, item in enumerate(self.items):
            held = self.holding and index == self.cursor
            line = Content.assemble(key_label(index), "⇅ " if held else "  ", literal(item))
            if index == self.cursor and self.has_focus:
                line = line.stylize("reverse" if not held else "bold reverse")
            lines.append(line)
        return Content("\n").join(lines)

    def action_move(self, step: int) -> None:
        """Move the held item (or the cursor) up or down."""
        target = self.cursor + step
        if not 0 <= target < len(self.items):
            return
        if self.holding:
            self.items[self.cursor], self.items[target] = self.items[target], self.items[self.cursor]
            self.moved = True
        self.cursor = target
        self.refresh()

    def action_grab(self) -> None:
        """Pick up or put down the item under the cursor."""
        self.holding = not self.holding
        self.refresh()

    def number_pressed(self, index: int) -> None:
        """A digit picks that item; with an item held, a digit puts it at that place."""
        if index >= len(self.items):
            return
        if self.holding:
            item = self.items.pop(self.cursor)
            self.items.insert(index, item)
            self.holding, self.moved = False, True
        else:
            self.holding = True
        self.cursor = index
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click picks an item; a second click elsewhere puts it there."""
        if 0 <= event.y < len(self.items):
            self.number_pressed(event.y)

    def response(self) -> Any:
        """The items in the order given."""
        return list(self.items)

    def answered(self) -> bool:
        """Answered once the student has moved something (or when an earlier answer was restored)."""
        return self.moved


class Match(CursorInput):
    """Lefts with the rights paired to them: up/down chooses a left, a digit pairs a right with it.
    The numbered rights are the question's rights and extras, shuffled together (`shown`)."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("backspace", "clear", "Unpair"),
    ]

    def __init__(self, question: QuestionBase, shown: tuple[str, ...], response: Any = None):
        super().__init__(question, shown, response)
        self.lefts = [left for left, _ in cast("MatchQuestion", question).pairs]
        self.paired: dict[str, str] = {}
        for pair in response if isinstance(response, list) else []:
            if isinstance(pair, list) and len(pair) == 2 and pair[0] in self.lefts and pair[1] in shown:
                self.paired[pair[0]] = pair[1]
        self.cursor = 0

    def render(self) -> Content:
        """The lefts with their pairs, then the numbered rights."""
        lines = []
        for index, left in enumerate(self.lefts):
            right = self.paired.get(left)
            line = Content.assemble(literal(left), "  →  ", literal(right) if right else Content.styled("?", "dim"))
            if index == self.cursor and self.has_focus:
                line = line.stylize("reverse")
            lines.append(line)
        lines.append(Content(""))
        for index, right in enumerate(self.shown):
            used = right in self.paired.values()
            lines.append(Content.assemble(key_label(index), literal(right, "dim" if used else "")))
        return Content("\n").join(lines)

    def action_move(self, step: int) -> None:
        """Choose another left."""
        self.cursor = (self.cursor + step) % len(self.lefts)
        self.refresh()

    def action_clear(self) -> None:
        """Take the pair off the chosen left."""
        self.paired.pop(self.lefts[self.cursor], None)
        self.refresh()

    def number_pressed(self, index: int) -> None:
        """A digit pairs that right with the chosen left, then moves to the next left."""
        if index >= len(self.shown):
            return
        right = self.shown[index]
        self.paired = {left: value for left, value in self.paired.items() if value != right}
        self.paired[self.lefts[self.cursor]] = right
        self.cursor = min(self.cursor + 1, len(self.lefts) - 1)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click on a left chooses it; on a right, pairs it."""
        if event.y < len(self.lefts):
            self.cursor = event.y
            self.refresh()
        elif 0 <= event.y - len(self.lefts) - 1 < len(self.shown):
            self.number_pressed(event.y - len(self.lefts) - 1)

    def response(self) -> Any:
        """The [left, right] pairs given."""
        return [[left, self.paired[left]] for left in self.lefts if left in self.paired]


class Flashcard(QuestionInput):
    """The back of the card, hidden until space."""

    can_focus = True
    revealed = reactive(False, layout=True)  # the back is taller than "space: show the answer"

    def render(self) -> Content:
        """The back, or how to see it."""
        if not self.revealed:
            return Content.styled("space: show the answer", "dim")
        return Content.assemble(
            Content.styled("Answer: ", "bold"), literal(cast("FlashcardQuestion", self.question).answer)
        )

    def response(self) -> Any:
        """Flashcards are rated, not answered."""
        return None

    def answered(self) -> bool:
        """A flashcard is answered by rating it once revealed."""
        return self.revealed


def input_for(question: QuestionBase, shown: tuple[str, ...], response: Any = None) -> QuestionInput:
    """The input widget for a question of any type."""
    kind = question.type
    if kind in ("choice", "multi"):
        return Choices(question, shown, response)
    if kind == "truefalse":
        return Choices(question, ("True", "False"), response)
    if kind in ("short", "numeric"):
        return Typed(question, shown, response)
    if kind == "cloze":
        return Cloze(question, shown, response)
    if kind == "order":
        return Order(question, shown, response)
    if kind == "match":
        return Match(question, shown, response)
    return Flashcard(question, shown, response)
