"""Where time comes from.

Logic never calls ``datetime.now()``: it is handed a clock, so tests can pin
time and the scheduler can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC (``timezone.utc`` exactly)."""

    def local_zone(self) -> tzinfo:
        """The learner's local time zone, for study-day boundaries."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def local_zone(self) -> tzinfo:
        # astimezone() with no argument picks the system's zone for that instant,
        # so a DST switch or a moved machine is honoured at every call.
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


@dataclass
class FixedClock:
    """A clock for tests: stands still until told to move."""

    current: datetime
    zone: tzinfo = field(default=timezone.utc)

    def __post_init__(self) -> None:
        self.current = to_utc(self.current)

    def now(self) -> datetime:
        return self.current

    def local_zone(self) -> tzinfo:
        return self.zone

    def advance(self, **delta: float) -> None:
        self.current = self.current + timedelta(**delta)


def to_utc(moment: datetime) -> datetime:
    """Return ``moment`` in ``timezone.utc``: fsrs rejects every other tzinfo."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizkit only handles aware datetimes")
    return moment.astimezone(timezone.utc)
