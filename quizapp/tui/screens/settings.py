"""The profile's settings: daily limits, desired retention (and what it costs), exams, plain mode, theme."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Select, Static, Switch

from ...problems import UserError
from ...study.scheduling import SchedulerSettings
from ...study.settings import RETENTION_RANGE, THEMES, ProfileSettings
from ..app import quiz_app
from ..widgets.key_footer import KeyFooter
from ..widgets.text import literal
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ...study.store import Profile


def workload_words(retention: float, parameters: tuple[float, ...] | None = None) -> str:
    """What a desired retention means for the student: the share remembered, and the reviews it costs
    relative to 0.90 (FSRS intervals shrink steeply as retention rises)."""
    low, high = RETENTION_RANGE
    if not low <= retention <= high:
        return f"Desired retention must be between {low:.2f} and {high:.2f}."
    decay = -(parameters or SchedulerSettings().parameters)[20]

    def interval(target: float) -> float:  # FSRS: the interval is proportional to target**(1/decay) - 1
        return float(target ** (1 / decay)) - 1  # float: a positive number's power is never complex

    ratio = interval(0.9) / interval(retention)
    return (
        f"You would remember about {retention:.0%} of what is due, for about {ratio:.1f}× the reviews of 90%. "
        "Above 95% the reviews multiply fast; below 80% you forget much more."
    )


class SettingsScreen(Screen[None]):
    """Edit and save the current profile's settings."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "back", "Back")]
    AUTO_FOCUS = "#new_per_day"  # the first box, not the scrolling page around it: typing edits at once

    @property
    def profile(self) -> Profile:
        """The profile whose settings these are."""
        return quiz_app(self).store_and_profile()[1]

    def compose(self) -> ComposeResult:
        """One row per setting."""
        settings = self.profile.settings
        yield TitleBar()
        with VerticalScroll(id="settings"):
            yield Static(
                Content.assemble(Content.styled("Settings of profile ", "bold"), literal(self.profile.name, "bold"))
            )
            with Horizontal(classes="setting"):
                yield Static("New questions per day", classes="label")
                yield Input(str(settings.new_per_day), id="new_per_day", type="integer")
            with Horizontal(classes="setting"):
                yield Static("Reviews per day", classes="label")
                yield Input(str(settings.reviews_per_day), id="reviews_per_day", type="integer")
            with Horizontal(classes="setting"):
                yield Static("Desired retention (0.70–0.97)", classes="label")
                yield Input(f"{settings.desired_retention:.2f}", id="desired_retention", type="number")
            yield Static(workload_words(settings.desired_retention, settings.fsrs_parameters), id="workload")
            with Horizontal(classes="setting"):
                yield Static("Exams count as study", classes="label")
                yield Switch(settings.exams_count_for_study, id="exams_count_for_study")
            with Horizontal(classes="setting"):
                yield Static("Suspend leeches", classes="label")
                yield Switch(settings.suspend_leeches, id="suspend_leeches")
            with Horizontal(classes="setting"):
                yield Static("Plain mode by default", classes="label")
                yield Switch(settings.plain, id="plain", tooltip="study, exams and notes line by line: screen readers")
            with Horizontal(classes="setting"):
                yield Static("Theme", classes="label")
                yield Select([(theme, theme) for theme in THEMES], value=settings.theme, allow_blank=False, id="theme")
            yield Static(id="settings-error")
            yield Static(Content.styled("ctrl+s: save    escape: back (asks first if anything changed)", "dim"))
        yield KeyFooter()

    def on_mount(self) -> None:
        """Remember the form as shown, to know on leaving whether anything was changed."""
        self.shown = self.entered()

    def entered(self) -> tuple[object, ...]:
        """Every box, switch and choice as it stands, text as typed."""
        return tuple(
            widget.value
            for widget in self.query("#settings Input, #settings Switch, #settings Select")
            if isinstance(widget, (Input, Switch, Select))  # every one is: the query names nothing else
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Keep the workload sentence in step with the retention typed."""
        if event.input.id == "desired_retention":
            try:
                parameters = self.profile.settings.fsrs_parameters
                self.query_one("#workload", Static).update(workload_words(float(event.value), parameters))
            except ValueError:
                pass

    def on_select_changed(self, event: Select.Changed) -> None:
        """Try a theme as soon as it is chosen."""
        if event.select.id == "theme" and isinstance(event.value, str):
            self.app.theme = event.value

    def read(self) -> ProfileSettings:
        """The settings as entered."""
        current = self.profile.settings

        def number(field: str, kind: type[int] | type[float]) -> float | int:
            text = self.query_one(f"#{field}", Input).value.strip()
            try:
                return kind(text)
            except ValueError:
                raise UserError(f"{field.replace('_', ' ')} must be a number, not {text!r}") from None

        return current._replace(
            new_per_day=int(number("new_per_day", int)),
            reviews_per_day=int(number("reviews_per_day", int)),
            desired_retention=float(number("desired_retention", float)),
            exams_count_for_study=self.query_one("#exams_count_for_study", Switch).value,
            suspend_leeches=self.query_one("#suspend_leeches", Switch).value,
            plain=self.query_one("#plain", Switch).value,
            theme=str(self.query_one("#theme", Select).value),
        )

    def action_save(self) -> None:
        """Save, or say what is wrong."""
        app = quiz_app(self)
        store, profile = app.store_and_profile()
        try:
            settings = self.read()
            store.save_settings(profile.id, settings)
        except UserError as error:
            self.query_one("#settings-error", Static).update(literal(str(error), "bold red"))
            return
        app.profile = replace(profile, settings=settings)
        self.notify("Settings saved.", timeout=2)
        self.app.pop_screen()

    def action_back(self) -> None:
        """Leave; if anything was changed, ask first: save, discard, or (escape) back to editing."""
        if self.entered() == self.shown:
            self.discard()
            return
        from .confirm import ConfirmScreen

        def answered(save: bool | None) -> None:
            if save:
                self.action_save()
            elif save is False:
                self.discard()

        keys = "y / enter: save    n: discard    escape: back to editing"
        self.app.push_screen(ConfirmScreen("Save your changes?", keys, escape_cancels=True), answered)

    def discard(self) -> None:
        """Leave without saving (the theme tried goes back too)."""
        self.app.theme = self.profile.settings.theme
        self.app.pop_screen()
