"""The deck as quizkit uses it, after loading and validation.

A deck file's ``[[cards]]`` entry is a *note*; it yields one or more study
*cards*: a reversible note makes two (front->back and back->front), a cloze
note one per deletion number. Cards of one note are siblings. Progress is
keyed by ``Card.id``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from quizkit.deck.problems import Problem

CardKind = Literal["basic", "reversible", "cloze", "choice", "truefalse", "typed"]
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
    # Typed and cloze answers within a small spelling distance count ("Almost").
    typo_tolerance: bool = True


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
    # Format 1.1. group: cards asking one fact in different forms (see fact_key).
    group: str | None = None
    # choice: False keeps the options in the written order.
    shuffle: bool = True
    # typed and cloze: the card's key, else the deck's option, resolved at load.
    typo_tolerance: bool = True
    # reversible: what the asked side and the answer side are, e.g. ("Term", "Meaning").
    sides: tuple[str, str] | None = None

    @property
    def gradable(self) -> bool:
        return self.kind in GRADABLE_KINDS

    @property
    def fact_key(self) -> str:
        """What "the same fact" means: the card's group, else its note.

        Cards with one fact key are siblings in study and never meet in one exam.
        """
        return "g:" + self.group if self.group else "n:" + self.note_id


def note_id_hash(note_id: str) -> int:
    """A note id's 64-bit hash, the same in every process (``hash()`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(note_id.encode(), digest_size=8).digest(), "little")


class Cards(Sequence[Card]):
    """A deck's cards, in file order.

    Loaded from the deck cache, the ``Card`` objects are built on first use:
    a start needs only a few of their fields (ids and lines, to check ids
    across decks; ids and topics, for mastery), which ``field`` reads without
    building anything. Building 13,000 cards is most of a cache hit's cost.
    """

    __slots__ = (
        "_build",
        "_build_one",
        "_cards",
        "_fields",
        "_length",
        "_singles",
        "note_id_hashes",
    )

    def __init__(self, cards: Iterable[Card] = ()) -> None:
        self._cards: tuple[Card, ...] | None = tuple(cards)
        self._fields: Mapping[str, tuple[Any, ...]] = {}
        self._build: Callable[[], Iterable[Card]] | None = None
        self._build_one: Callable[[int], Card] | None = None
        self._singles: dict[int, Card] = {}
        self._length = len(self._cards)
        # From the deck cache: the sorted 64-bit hashes of the note ids (note_id_hash), read
        # in place from the entry, so that ids are checked across decks without decoding
        # 100,000 of them. None: check with the ids themselves.
        self.note_id_hashes: Sequence[int] | None = None

    @classmethod
    def deferred(
        cls,
        length: int,
        fields: Mapping[str, tuple[Any, ...]],
        build: Callable[[], Iterable[Card]],
        build_one: Callable[[int], Card] | None = None,
    ) -> Cards:
        """``length`` cards that ``build`` makes on first use; ``fields`` readable before.

        With ``build_one``, reading one card by its index builds that card only
        (a start shows one card of a deck of 100,000); the full build reuses it.
        """
        cards = cls()
        cards._cards, cards._fields, cards._build, cards._length = None, fields, build, length
        cards._build_one = build_one
        return cards

    def _all(self) -> tuple[Card, ...]:
        if self._cards is None:
            assert self._build is not None
            built = list(self._build())
            for index, card in self._singles.items():
                built[index] = card  # the same object as was handed out before
            self._cards = tuple(built)
            self._build = self._build_one = None
            self._singles = {}
        return self._cards

    def _one(self, index: int) -> Card:
        assert self._build_one is not None
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("card index out of range")
        card = self._singles.get(index)
        if card is None:
            card = self._singles[index] = self._build_one(index)
        return card

    def field(self, name: str) -> tuple[Any, ...]:
        """One field of every card, in order, without building the cards if it can."""
        if self._cards is None and name in self._fields:
            return self._fields[name]
        return tuple(getattr(card, name) for card in self._all())

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if self._cards is None and self._build_one is not None and isinstance(index, int):
            return self._one(index)
        return self._all()[index]

    def __iter__(self) -> Iterator[Card]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Cards, tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return (Cards, (self._all(),))

    def __repr__(self) -> str:
        built = "" if self._cards is not None else ", not built yet"
        return f"<Cards: {self._length} cards{built}>"


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
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    delay_between_attempts: timedelta | None = None
    review: Literal["after_submit", "score_only"] = "after_submit"
    # sha256 of the exam's own table, its draws and the content of every card
    # it can draw: any change to what it asks changes it.
    content_hash: str = ""


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
    cards: Cards = field(default_factory=Cards)
    exams: tuple[Exam, ...] = ()

    def topic_title(self, topic_id: str | None) -> str:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic.title
        return topic_id or ""


@dataclass(frozen=True, slots=True)
class LoadedDeck:
    """A deck that loaded, and its warnings. Defined here, not in the loader, so that a
    deck cache hit imports no validation code."""

    deck: Deck
    warnings: tuple[Problem, ...] = ()
