"""Choosing who is studying: an existing profile, or a new one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...datadir import MAX_PROFILE_LENGTH, check_profile_name
from ...problems import UserError
from ..app import quiz_app
from ..widgets.text import literal


class ProfileScreen(ModalScreen[str | None]):
    """Lists the profiles, the current one marked; a name typed (the box has the focus) or a profile
    chosen in the list (tab to it) is studied as."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#new-profile"  # else the list had it, and a name typed went nowhere

    def compose(self) -> ComposeResult:
        """The profiles and a box for a name."""
        app = quiz_app(self)
        names = app.store.profile_names() if app.store else []
        current = app.profile.name if app.profile else None
        options = [
            Option(
                Content.assemble(literal(name), Content.styled("  (current)", "dim"))
                if name == current
                else literal(name),
                id=f"p{index}",
            )
            for index, name in enumerate(names)
        ]
        with Vertical(id="profile-box"):
            yield Static(Content.styled("Who is studying?", "bold"))
            yield OptionList(*options, id="profile-list")
            yield Input(placeholder="type a name (new or listed), then enter", id="new-profile")
            yield Static(Content.styled("tab: choose from the list    escape: keep the current profile", "dim"))
            yield Static(id="profile-error")
        self.names = names
        self.current = current

    def on_mount(self) -> None:
        """Start the list at the current profile."""
        if self.current in self.names:
            self.query_one("#profile-list", OptionList).highlighted = self.names.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Choose an existing profile."""
        self.dismiss(self.names[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Study as the typed name (a new one starts a profile)."""
        try:
            name = check_profile_name(event.value.strip())
        except UserError as error:
            self.query_one("#profile-error", Static).update(literal(str(error), "red"))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Keep the current profile."""
        self.dismiss(None)


class NameScreen(Screen[None]):
    """A quizapp served without a class roster (`quizapp serve` on this machine only): the student says
    who they are, and studies under that name; nobody else's name is shown. Its keys are handled in
    order (see keys.py), so that keys typed after enter reach the home screen."""

    AUTO_FOCUS = "#student-name"
    KEYS_IN_ORDER = True
    BINDINGS = [Binding("enter", "enter", "Study as this name", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        """A box for the name."""
        with Vertical(id="profile-box"):
            yield Static(Content.styled("Welcome! What is your name?", "bold"))
            yield Static(Content.styled("Your progress and exam results are kept under it.", "dim"))
            yield Input(
                placeholder="your name, then enter",
                id="student-name",
                max_length=MAX_PROFILE_LENGTH,
                select_on_focus=False,  # keys typed ahead are in it by the time the focus lands
            )
            yield Static(id="profile-error")

    async def action_enter(self) -> None:
        """Use the name typed, if it can be one."""
        try:
            name = check_profile_name(self.query_one("#student-name", Input).value.strip())
        except UserError as error:
            self.query_one("#profile-error", Static).update(literal(str(error), "red"))
            return
        await quiz_app(self).student_known(name)
