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
        return system_zone()


def system_zone() -> tzinfo:
    """The system's zone with its rules (``Europe/Berlin``), not today's fixed offset.

    ``datetime.now().astimezone().tzinfo`` is only today's offset (``CET``): a
    study day in last week's summer time, or a streak over a DST change, would
    be computed an hour off. tzlocal reads ``TZ`` and ``/etc/localtime`` and
    caches its answer; a zone it cannot name falls back to today's offset.
    """
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # an unnamed or broken zone setting: today's offset is still usable
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
