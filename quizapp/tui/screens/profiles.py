"""Choosing who is studying: an existing profile, or a new one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...datadir import check_profile_name
from ...problems import UserError
from ..widgets.text import literal


class ProfileScreen(ModalScreen[str | None]):
    """Lists the profiles; enter chooses; typing a new name makes one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """The profiles and a box for a new name."""
        store = self.app.store  # type: ignore[attr-defined]
        names = store.profile_names() if store else []
        with Vertical(id="profile-box"):
            yield Static(Content.styled("Who is studying?", "bold"))
            yield OptionList(*(Option(literal(name), id=f"p{index}") for index, name in enumerate(names)), id="profile-list")
            yield Input(placeholder="or type a new name, then enter", id="new-profile")
            yield Static(id="profile-error")
        self.names = names

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Choose an existing profile."""
        self.dismiss(self.names[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Start a new profile with the typed name."""
        try:
            name = check_profile_name(event.value.strip())
        except UserError as error:
            self.query_one("#profile-error", Static).update(literal(str(error), "red"))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Keep the current profile."""
        self.dismiss(None)


class NameScreen(ModalScreen[str]):
    """A shared quizapp (`quizapp serve`): the student says who they are; nobody else's name is shown."""

    def compose(self) -> ComposeResult:
        """A box for the name."""
        with Vertical(id="profile-box"):
            yield Static(Content.styled("Welcome! What is your name?", "bold"))
            yield Static(Content.styled("Your progress and exam results are kept under it.", "dim"))
            yield Input(placeholder="your name, then enter", id="student-name")
            yield Static(id="profile-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Use the name typed, if it can be one."""
        try:
            self.dismiss(check_profile_name(event.value.strip()))
        except UserError as error:
            self.query_one("#profile-error", Static).update(literal(str(error), "red"))
