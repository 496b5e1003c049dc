"""Study days: a day ends at the learner's local rollover hour, as in Anki.

Times are stored in UTC; days are computed in the learner's local zone, so a
review at 1 am still counts for the evening before (with the default 4 am).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone, tzinfo

from quizkit.base.clock import Clock

# Learning cards due this soon may be shown early, as Anki does.
LEARN_AHEAD = timedelta(minutes=20)
DEFAULT_ROLLOVER_HOUR = 4


@dataclass(frozen=True, slots=True)
class StudyDay:
    start: datetime  # UTC instant the day began
    end: datetime  # UTC instant of the next rollover

    @classmethod
    def containing(
        cls, now: datetime, zone: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    ) -> StudyDay:
        local = now.astimezone(zone)
        day = local.date() if local.hour >= rollover_hour else local.date() - timedelta(days=1)
        start = _local_instant(day, rollover_hour, zone)
        end = _local_instant(day + timedelta(days=1), rollover_hour, zone)
        return cls(start, end)

    @classmethod
    def today(cls, clock: Clock, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> StudyDay:
        """The study day the clock is in now, in the clock's local zone."""
        return cls.containing(clock.now(), clock.local_zone(), rollover_hour)


def _local_instant(day, hour: int, zone: tzinfo) -> datetime:
    # Wall-clock rollover in the local zone; on a DST switch the hour may not
    # exist or occur twice, and astimezone resolves it to a real instant.
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(timezone.utc)
