"""`?` or `f1`: every key of the screen it was opened from, and of the app."""

from __future__ import annotations

from typing import Any

from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

COMMON = [
    ("1–9", "pick an option (choice), tick one (multi), pick an item to move (order) or a right side (match)"),
    ("↑ ↓", "pick an option (choice: the highlighted one is your answer); move (multi: space ticks; order)"),
    ("t / f", "answer true / false"),
    ("enter", "submit the answer (a cloze: the next gap); on the feedback, continue with the highlighted rating"),
    ("1 2 3 4", "after an answer: Again, Hard, Good, Easy"),
    ("space", "turn a flashcard over"),
    ("h or f3", "show the hint (the rating is then at most Hard)"),
    ("u or ctrl+z", "take back the last answer (ctrl+z in a text box: the typing)"),
    ("n", "after an answer: the study notes of the paragraphs it cites"),
    ("← → / pageup pagedown", "exam: previous / next question (in a text box, ← → from the ends of the text)"),
    ("f2", "exam: flag the question to come back to"),
    ("escape", "exam: the review, which lists what is unanswered or flagged; ↑ ↓ and enter open one"),
    ("escape", "back"),
    ("ctrl+p", "command palette: every action by name"),
    ("ctrl+q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """A list of keys: the screen's own first, then those that work everywhere."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def __init__(self, under: Screen[Any]):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """Two lists of keys."""
        lines = [Content.styled("This screen", "bold underline")]
        seen = set()
        for binding in getattr(self.under, "BINDINGS", []):
            key, action, description = (
                (binding.key, binding.action, binding.description)
                if isinstance(binding, Binding)
                else (binding[0], binding[1], binding[2] if len(binding) > 2 else "")
            )
            # An action the screen does not offer now (switching profile in a served app) is not listed.
            name, parameters = parse_action(action)[1:]
            if description and action not in seen and self.under.check_action(name, parameters) is not False:
                seen.add(action)
                lines.append(Content.assemble(Content.styled(f"{key.replace(',', ' or '):>22}  ", "bold"), description))
        lines += [Content(""), Content.styled("Everywhere", "bold underline")]
        lines += [Content.assemble(Content.styled(f"{key:>22}  ", "bold"), words) for key, words in COMMON]
        with VerticalScroll(id="help-box"):
            yield Static(Content("\n").join(lines))
            yield Static(Content.styled("escape: close", "dim"))

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)
