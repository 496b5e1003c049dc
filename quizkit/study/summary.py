"""What a study session comes to: cards, time, the share remembered, the cards missed, topics."""

from __future__ import annotations

from dataclasses import dataclass

from quizkit.deck.model import Card, Deck
from quizkit.study.scheduler import Rating


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    card: Card
    deck: Deck
    rating: Rating


@dataclass(frozen=True, slots=True)
class TopicResult:
    title: str
    answers: int
    remembered: int  # answers not rated Again


@dataclass(frozen=True, slots=True)
class SessionSummary:
    cards: int  # different cards answered
    answers: int  # answers given (a card in learning comes back within the session)
    seconds: float
    remembered: float | None  # share of answers not rated Again; None before any answer
    missed: tuple[Card, ...] = ()  # cards rated Again at least once, in the order missed
    topics: tuple[TopicResult, ...] = ()  # per topic, in the deck's order of first answer


def summarize(answers: list[AnswerRecord], seconds: float) -> SessionSummary:
    """The summary of ``answers`` (oldest first) over ``seconds`` of study."""
    remembered = None
    if answers:
        remembered = sum(a.rating != Rating.AGAIN for a in answers) / len(answers)
    missed: dict[str, Card] = {}
    topics: dict[str, list[int]] = {}
    for record in answers:
        if record.rating == Rating.AGAIN:
            missed.setdefault(record.card.id, record.card)
        title = record.deck.topic_title(record.card.topic) or "(no topic)"
        tally = topics.setdefault(title, [0, 0])
        tally[0] += 1
        tally[1] += record.rating != Rating.AGAIN
    return SessionSummary(
        cards=len({a.card.id for a in answers}),
        answers=len(answers),
        seconds=seconds,
        remembered=remembered,
        missed=tuple(missed.values()),
        topics=tuple(TopicResult(t, n, r) for t, (n, r) in topics.items()),
    )
