"""The plain data of an exam attempt: its questions as drawn, its answers, its marks.

Pure: no clock, no file. ``exam/attempts.py`` gives these their life against
the progress file; ``exam/marking.py`` turns answers into marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

Mode = Literal["certification", "practice"]
Ending = Literal["submitted", "timed_out", "abandoned"]
Grading = Literal["highest", "average", "first", "last"]
MODES: tuple[Mode, ...] = ("certification", "practice")
ENDINGS: tuple[Ending, ...] = ("submitted", "timed_out", "abandoned")


@dataclass(frozen=True, slots=True)
class Question:
    """One question as drawn: which card, and (for a choice card) the order its options were shown."""

    card_id: str
    kind: str
    topic: str | None
    content_hash: str
    choices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "kind": self.kind,
            "topic": self.topic,
            "content_hash": self.content_hash,
            "choices": list(self.choices),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Question:
        return cls(
            data["card_id"],
            data["kind"],
            data.get("topic"),
            data["content_hash"],
            tuple(data.get("choices", ())),
        )


@dataclass(frozen=True, slots=True)
class Response:
    """What the learner answered: options picked, true/false, or typed text (one of them)."""

    picked: tuple[str, ...] | None = None
    value: bool | None = None
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        if self.picked is not None:
            return {"picked": list(self.picked)}
        if self.value is not None:
            return {"value": self.value}
        return {"text": self.text or ""}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Response:
        if "picked" in data:
            return cls(picked=tuple(data["picked"]))
        if "value" in data:
            return cls(value=bool(data["value"]))
        return cls(text=str(data.get("text", "")))

    def describe(self) -> str:
        """The answer as a line of text, for the review and for reports."""
        if self.picked is not None:
            return "; ".join(self.picked) or "(nothing)"
        if self.value is not None:
            return "True" if self.value else "False"
        return self.text or "(nothing)"


@dataclass(frozen=True, slots=True)
class Mark:
    """A question's mark, 0 to 1: partial credit for a multi-select choice."""

    score: float
    almost: bool = False  # a typed answer accepted within the spelling tolerance
    expected: str | None = None  # the accepted answer nearest to what was typed

    @property
    def correct(self) -> bool:
        return self.score >= 1.0


@dataclass(frozen=True, slots=True)
class Answer:
    question: int  # index into the attempt's questions
    response: Response
    mark: Mark
    answered_at: datetime


@dataclass
class Attempt:
    """One sitting of an exam. Answers can change until it ends; then it is final."""

    id: int
    exam_id: str
    deck_id: str
    deck_version: str | None
    exam_hash: str
    mode: Mode
    started_at: datetime
    deadline: datetime | None
    questions: tuple[Question, ...]
    pass_mark: float
    answers: dict[int, Answer] = field(default_factory=dict)  # the latest answer per question
    flags: set[int] = field(default_factory=set)
    ended_at: datetime | None = None
    ended_how: Ending | None = None
    score: float | None = None  # the sum of the marks, once ended

    @property
    def open(self) -> bool:
        return self.ended_at is None

    @property
    def max_score(self) -> float:
        return float(len(self.questions))

    def total(self) -> float:
        """The sum of the current answers' marks (unanswered questions score 0)."""
        return round(sum(answer.mark.score for answer in self.answers.values()), 6)

    @property
    def fraction(self) -> float | None:
        """The score as a fraction of the maximum, once the attempt has ended."""
        if self.score is None or not self.questions:
            return None
        return self.score / self.max_score

    @property
    def passed(self) -> bool:
        fraction = self.fraction
        # A hair of tolerance: 20 of 25 is 0.8 exactly, whatever floating point says.
        return fraction is not None and fraction + 1e-9 >= self.pass_mark

    @property
    def graded(self) -> bool:
        """Counts towards the exam grade: a certification attempt that was submitted or timed out."""
        return self.mode == "certification" and self.ended_how in ("submitted", "timed_out")

    def time_left(self, now: datetime) -> timedelta | None:
        if self.deadline is None:
            return None
        return max(timedelta(0), self.deadline - now)

    def expired(self, now: datetime) -> bool:
        return self.deadline is not None and now >= self.deadline

    def unanswered(self) -> int:
        return len(self.questions) - len(self.answers)

    def time_taken(self) -> timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at


@dataclass(frozen=True, slots=True)
class TopicResult:
    topic: str | None
    score: float
    questions: int

    @property
    def fraction(self) -> float:
        return self.score / self.questions if self.questions else 0.0


def topic_breakdown(attempt: Attempt, order: Sequence[str] = ()) -> list[TopicResult]:
    """Per topic, the marks earned and the questions asked; topics in ``order`` first, in it."""
    totals: dict[str | None, list[float]] = {}
    for index, question in enumerate(attempt.questions):
        answer = attempt.answers.get(index)
        totals.setdefault(question.topic, []).append(answer.mark.score if answer else 0.0)
    rank = {topic: position for position, topic in enumerate(order)}
    topics = sorted(totals, key=lambda topic: rank.get(topic, len(rank)))
    return [TopicResult(t, round(sum(totals[t]), 6), len(totals[t])) for t in topics]


def points(value: float) -> str:
    """A mark or score as people read it: ``1``, ``0.5``, ``0.33`` (never ``0.333333``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
