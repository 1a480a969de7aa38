"""A yes-or-no question: `y` or `enter` for yes, `n` for no, and `escape` for no or, where a choice
would lose work, for neither (back to where the student was, nothing changed)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool | None]):
    """Asks; dismisses with True (yes), False (no), or None (escape, when `escape_cancels`)."""

    KEYS_IN_ORDER = True  # `y` then the next keys at once: they reach what the answer opens (tui/keys.py)

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "escape", "Back"),
    ]

    def __init__(
        self, question: Content | str, keys: str = "y / enter: yes    n / escape: no", escape_cancels: bool = False
    ):
        super().__init__()
        self.question = question
        self.keys = keys
        self.escape_cancels = escape_cancels

    def compose(self) -> ComposeResult:
        """The question and the keys."""
        with Vertical(id="confirm-box"):
            yield Static(self.question if isinstance(self.question, Content) else Content(self.question))
            yield Static(Content.styled(self.keys, "dim"))

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    def action_escape(self) -> None:
        """No, or (when a no would lose work) neither."""
        self.dismiss(None if self.escape_cancels else False)
