"""Time as students live it: UTC inside, and a study day that ends at 4 AM local time.

A review at 1 AM still belongs to the evening before, as in Anki. The clock and the time zone are
passed in (`tz=None` means the machine's own zone, daylight saving included), so that tests can
move time forwards, backwards and across zones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

UTC = dt.timezone.utc
DAY_STARTS_AT = dt.time(4, 0)
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current time, in UTC (the default clock)."""
    return dt.datetime.now(UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC; py-fsrs accepts `timezone.utc` and nothing else."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizapp keeps every time zone-aware")
    return moment.astimezone(UTC)


def study_day(moment: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The study day `moment` belongs to: its local date, counting hours before 4 AM to the day before."""
    local = moment.astimezone(tz)
    return (local - dt.timedelta(hours=DAY_STARTS_AT.hour, minutes=DAY_STARTS_AT.minute)).date()


def day_start(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The UTC instant at which study day `day` begins (4 AM local, whatever the offset that day)."""
    local = dt.datetime.combine(day, DAY_STARTS_AT)
    aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return aware.astimezone(UTC)


def day_end(moment: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The UTC instant at which the study day of `moment` ends: what is due before it is due today."""
    return day_start(study_day(moment, tz) + dt.timedelta(days=1), tz)


def to_millis(moment: dt.datetime) -> int:
    """Milliseconds since the Unix epoch: how the store keeps times (portable, and compared fast)."""
    return round(as_utc(moment).timestamp() * 1000)


def from_millis(millis: int) -> dt.datetime:
    """The UTC datetime of a stored time."""
    return dt.datetime.fromtimestamp(millis / 1000, UTC)


class StudyDayCounter:
    """Study days of many stored times, fast: `study_day` for each, but with the UTC offset looked up
    once per hour of time (offsets only change on the hour) and the rest in integer arithmetic.
    Gives the number of days since the epoch, which is all that differences of days need."""

    def __init__(self, tz: dt.tzinfo | None = None):
        self._tz = tz
        self._offsets: dict[int, int] = {}
        self._shift = (DAY_STARTS_AT.hour * 60 + DAY_STARTS_AT.minute) * 60

    def day_number(self, millis: int) -> int:
        """The study day of a stored time, as days since 1970-01-01."""
        seconds = millis // 1000
        return (seconds + self._offset(seconds // 3600) - self._shift) // 86400

    def _offset(self, hour: int) -> int:
        """The UTC offset (seconds) in force during an hour (hours since the epoch)."""
        offset = self._offsets.get(hour)
        if offset is None:
            moment = dt.datetime.fromtimestamp(hour * 3600, UTC).astimezone(self._tz)
            offset = self._offsets[hour] = int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]
        return offset

    @property
    def shift(self) -> int:
        """Seconds after midnight at which a study day starts (4 AM)."""
        return self._shift

    def offset_spans(self, first_millis: int, last_millis: int) -> list[tuple[int, int]]:
        """The UTC offsets in force from one stored time to another, as (from this time in ms, offset in
        seconds) spans starting on the hour, as `day_number` looks them up: what a query needs to count
        study days itself (see Store.study_history)."""
        hour, last_hour = first_millis // 3_600_000, last_millis // 3_600_000
        spans = [(hour * 3_600_000, self._offset(hour))]
        # Offsets change a few times a year: they are looked at a day apart, and hour by hour in a day
        # that ends with another offset than it began.
        while hour < last_hour:
            step = min(24, last_hour - hour)
            if self._offset(hour + step) != spans[-1][1]:
                for changed in range(hour + 1, hour + step + 1):
                    if self._offset(changed) != spans[-1][1]:
                        spans.append((changed * 3_600_000, self._offset(changed)))
            hour += step
        return spans
