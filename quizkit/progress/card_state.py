"""A card's scheduling state as quizkit stores it, and its bridge to ``fsrs``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import IntEnum

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


class Phase(IntEnum):
    """Where a card is in its life. fsrs has no "new"; quizkit adds it as 0."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def to_micros(moment: datetime | None) -> int | None:
    """UTC microseconds since the epoch: exact, sortable, and indexable in SQLite."""
    return None if moment is None else (moment - EPOCH) // _MICROSECOND


def from_micros(value: int | None) -> datetime | None:
    # timezone.utc exactly, because fsrs rejects every other tzinfo.
    return None if value is None else EPOCH + value * _MICROSECOND


@dataclass(frozen=True, slots=True)
class CardState:
    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def to_json_dict(self) -> dict[str, object]:
        # Spelled out: dataclasses.asdict deep-copies the datetimes, and this
        # runs twice in every answer's transaction.
        return {
            "phase": int(self.phase),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": to_micros(self.due),
            "last_review": to_micros(self.last_review),
            "reps": self.reps,
            "lapses": self.lapses,
        }

    def as_row(self) -> tuple:
        """The state as the cards table's columns, in their order (phase, step, stability,
        difficulty, due µs, last review µs, reps, lapses): also ``study.replay``'s tuples."""
        return (
            int(self.phase),
            self.step,
            self.stability,
            self.difficulty,
            to_micros(self.due),
            to_micros(self.last_review),
            self.reps,
            self.lapses,
        )

    @classmethod
    def from_json_dict(cls, data: dict) -> CardState:
        return cls(
            phase=Phase(data["phase"]),
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            due=from_micros(data["due"]),
            last_review=from_micros(data["last_review"]),
            reps=data["reps"],
            lapses=data["lapses"],
        )

    def with_(self, **changes: object) -> CardState:
        return replace(self, **changes)  # type: ignore[arg-type]
