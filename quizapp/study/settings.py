"""A profile's settings: study limits, scheduling and display, with their allowed ranges."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..problems import UserError

if TYPE_CHECKING:
    from .scheduling import SchedulerSettings

RETENTION_RANGE = (0.70, 0.97)
THEMES = ("textual-dark", "textual-light", "high-contrast")


class ProfileSettings(NamedTuple):
    """What a student can set; saved per profile."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    maximum_interval: int = 36500
    suspend_leeches: bool = False
    exams_count_for_study: bool = False
    theme: str = "textual-dark"
    fsrs_parameters: tuple[float, ...] | None = None  # None: FSRS defaults; set by `quizapp optimize`
    plain: bool = False  # study, sit exams and read in plain mode (line by line) unless the TUI is asked for

    def scheduler_settings(self) -> SchedulerSettings:
        """What the scheduler needs of these settings."""
        from .scheduling import SchedulerSettings  # fsrs is loaded only when something is scheduled

        defaults = SchedulerSettings()
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            maximum_interval=self.maximum_interval,
            suspend_leeches=self.suspend_leeches,
            parameters=self.fsrs_parameters or defaults.parameters,
        )


LIMITS = {
    "new_per_day": (0, 9999),
    "reviews_per_day": (0, 99999),
    "maximum_interval": (1, 36500),
}


def validated(settings: ProfileSettings) -> ProfileSettings:
    """`settings` if every value is in range; UserError naming the first that is not."""
    low, high = RETENTION_RANGE
    if not low <= settings.desired_retention <= high:
        raise UserError(f"desired retention must be between {low} and {high}, not {settings.desired_retention}")
    for name, (smallest, largest) in LIMITS.items():
        value = getattr(settings, name)
        if not smallest <= value <= largest:
            raise UserError(f"{name.replace('_', ' ')} must be from {smallest} to {largest}, not {value}")
    if settings.theme not in THEMES:
        raise UserError(f"theme must be one of {', '.join(THEMES)}, not {settings.theme}")
    return settings


SETTING_NAMES = ProfileSettings._fields
