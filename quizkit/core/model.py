"""The deck as quizkit uses it, after loading and validation.

A deck file's ``[[cards]]`` entry is a *note*; it yields one or more study
*cards*: a reversible note makes two (front->back and back->front), a cloze
note one per deletion number. Cards of one note are siblings. Progress is
keyed by ``Card.id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

CardKind = Literal["basic", "reversible", "cloze", "choice", "truefalse", "typed"]
CARD_KINDS: tuple[CardKind, ...] = ("basic", "reversible", "cloze", "choice", "truefalse", "typed")
# Kinds the computer can mark; exams draw only these.
GRADABLE_KINDS: frozenset[str] = frozenset({"cloze", "choice", "truefalse", "typed"})


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class DeckOptions:
    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: timedelta = timedelta(days=36500)


# Not frozen, unlike the other models: a frozen dataclass sets each field
# through object.__setattr__, which made building a large deck's cards from
# the cache several times slower. Treat cards as read-only all the same.
@dataclass(slots=True)
class Card:
    """One thing to study: what is asked, and what the right answer is."""

    id: str
    note_id: str
    deck_id: str
    kind: CardKind
    prompt: str
    answer: str
    line: int
    content_hash: str
    topic: str | None = None
    tags: tuple[str, ...] = ()
    explain: str | None = None
    # choice: the options and the correct ones; typed and cloze: every accepted
    # answer; truefalse: "true" or "false".
    choices: tuple[str, ...] = ()
    correct: tuple[str, ...] = ()
    multiple: bool = False
    # cloze: the raw text and which deletion this card asks for.
    cloze_text: str | None = None
    cloze_ordinal: int | None = None
    id_generated: bool = False

    @property
    def gradable(self) -> bool:
        return self.kind in GRADABLE_KINDS


@dataclass(frozen=True, slots=True)
class Draw:
    topic: str
    count: int


@dataclass(frozen=True, slots=True)
class Exam:
    id: str
    deck_id: str
    title: str
    questions: int
    pass_mark: float
    time_limit: timedelta | None
    attempts: int
    grading: Literal["highest", "average", "first", "last"]
    draws: tuple[Draw, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    title: str
    path: Path
    content_hash: str
    description: str | None = None
    version: str | None = None
    language: str | None = None
    source: dict[str, str] = field(default_factory=dict)
    options: DeckOptions = field(default_factory=DeckOptions)
    topics: tuple[Topic, ...] = ()
    cards: tuple[Card, ...] = ()
    exams: tuple[Exam, ...] = ()

    def topic_title(self, topic_id: str | None) -> str:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic.title
        return topic_id or ""
