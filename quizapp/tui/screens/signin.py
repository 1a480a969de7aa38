"""Signing in to a served quizapp (`quizapp serve` with a class roster): a name and a join code.

The screen only shows: the checking, the message for a wrong pair, the delays after failures and
their log are `classroom/signin.py`'s. Nobody's name is shown but the one typed.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from ...classroom.signin import MISMATCH, SignInDesk, wait_text
from ...datadir import MAX_PROFILE_LENGTH
from ...problems import BadFile, UserError
from ..app import quiz_app
from ..widgets.text import literal

NOT_NOW = "Signing in does not work just now: please tell your teacher."


class SignInScreen(Screen[None]):
    """The student's name and join code; enter in the name goes on to the code, enter in the code signs in.

    Its keys are handled strictly in order (see keys.py), and enter is the screen's before the fields':
    a name, enter and a code typed in one go land in their two boxes, and keys typed after a sign-in
    reach the home screen."""

    AUTO_FOCUS = "#signin-name"
    KEYS_IN_ORDER = True
    BINDINGS = [Binding("enter", "enter", "Sign in", show=False, priority=True)]

    def __init__(self, desk: SignInDesk):
        super().__init__()
        self.desk = desk
        self.retry_at: dt.datetime | None = None  # when the name tried may try again
        self.tried = ""  # the name tried last
        self.ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        """The two fields, and the lines for what went wrong."""
        with Vertical(id="signin-box"):
            yield Static(Content.styled("Welcome! Sign in to your class.", "bold"))
            yield Static(Content.styled("Type your name and the join code from the card your teacher gave you.", "dim"))
            # Not selecting their text on focus: keys typed ahead are in them by the time the focus lands.
            yield Input(placeholder="your name", id="signin-name", max_length=MAX_PROFILE_LENGTH, select_on_focus=False)
            yield Input(
                placeholder="your join code, such as K7HM-3WXT, then enter",
                id="signin-code",
                max_length=32,
                select_on_focus=False,
            )
            yield Static(id="signin-error")
            yield Static(id="signin-wait")

    async def action_enter(self) -> None:
        """Enter: on to the code after the name, else try to sign in."""
        name, code = self.query_one("#signin-name", Input), self.query_one("#signin-code", Input)
        if self.focused is name and not code.value.strip():
            self.set_focus(code)  # at once, not later as focus() would: the next key is for the code
            return
        await self.sign_in()

    async def sign_in(self) -> None:
        """Try the name and code typed: the student's home screen, or what went wrong."""
        name, code = self.query_one("#signin-name", Input), self.query_one("#signin-code", Input)
        self.tried = name.value
        try:
            outcome = self.desk.attempt(name.value, code.value)
        except (BadFile, UserError) as error:  # the roster or the log: the teacher's to mend
            self.log.error(f"sign-in: {error}")
            self.show(NOT_NOW)
            return
        if outcome.student is not None:
            await quiz_app(self).student_known(outcome.student)
            return
        if outcome.problem is not None or outcome.retry_at is None:
            self.show(outcome.problem)
        if outcome.problem == MISMATCH:  # type the code again (whichever part was wrong: nothing tells)
            code.clear()
            self.set_focus(code)
        self.retry_at = outcome.retry_at
        self.tick()
        if self.ticker is None and self.retry_at is not None:
            self.ticker = self.set_interval(0.25, self.tick)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Another name has a wait of its own (told at its first try)."""
        # The name as it is now: a message about a key typed before the try may arrive after it.
        if event.input.id == "signin-name" and self.retry_at is not None and event.input.value != self.tried:
            self.retry_at = None
            self.tick()

    def show(self, problem: str | None) -> None:
        """Show what went wrong (or nothing)."""
        self.query_one("#signin-error", Static).update(literal(problem or "", "red"))

    def tick(self) -> None:
        """Show how long the name must wait before its next try, until it need not."""
        text = wait_text(self.retry_at, quiz_app(self).context.clock())
        self.query_one("#signin-wait", Static).update(literal(text or "", "yellow"))
        if text is None and self.ticker is not None:
            self.ticker.stop()
            self.ticker = None
