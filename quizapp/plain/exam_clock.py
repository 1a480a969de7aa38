"""An exam's clock said in words, at fixed marks (half the time gone, 5 minutes and 1 minute left)
and on request: never a live counter. The marks are checked whenever a line is read."""

from __future__ import annotations

import datetime as dt

from ..study.presentation import duration_words

MARKS_MINUTES = (5, 1)


def clock_words(left: dt.timedelta) -> str:
    """Time left as it reads aloud: `1 hour 5 minutes`, `12 minutes 30 seconds`, `45 seconds`."""
    return duration_words(left.total_seconds())


class ClockMarks:
    """Which marks of an exam's time limit have been said; each is said once, when it has passed."""

    def __init__(self, limit: dt.timedelta, left: dt.timedelta):
        """The marks of `limit`; those already passed with `left` remaining (a resumed exam) are not said."""
        marks = {limit / 2: "Half the time has gone"}
        for minutes in MARKS_MINUTES:
            mark = dt.timedelta(minutes=minutes)
            if mark < limit:
                marks.setdefault(mark, "Time check")
        self.marks = {mark: words for mark, words in marks.items() if mark < left}

    def due(self, left: dt.timedelta) -> str | None:
        """The line for the latest mark passed since the last call (the earlier ones passed with it
        are not said), or None."""
        passed = sorted(mark for mark in self.marks if left <= mark)
        if not passed:
            return None
        words = self.marks[passed[0]]
        for mark in passed:
            del self.marks[mark]
        return f"{words}: {clock_words(left)} left."
