"""Custom study outside the schedule: a list of cards gone through once, missed ones again.

Nothing of it is saved: practising a topic or today's missed cards never
changes when a card is next due (as Anki's "preview" and "review forgotten
cards" custom study, without rescheduling).
"""

from __future__ import annotations

from collections import deque

from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Card, Deck
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating


class Practice:
    def __init__(self) -> None:
        self._queue: deque[tuple[Card, Deck]] = deque()
        self._current: tuple[Card, Deck] | None = None
        self.total = 0

    @property
    def active(self) -> bool:
        return bool(self._queue) or self._current is not None

    def start(self, cards: list[tuple[Card, Deck]]) -> None:
        self._queue = deque(cards)
        self._current = None
        self.total = len(cards)

    def left(self) -> int:
        return len(self._queue) + (self._current is not None)

    def next(self) -> tuple[Card, Deck] | None:
        if self._current is None and self._queue:
            self._current = self._queue.popleft()
        return self._current

    def answered(self, card: Card, deck: Deck, rating: Rating) -> None:
        """A card rated Again comes back at the end of the round."""
        self._current = None
        if rating == Rating.AGAIN:
            self._queue.append((card, deck))

    def taken_back(self, card: Card, deck: Deck) -> None:
        """Undo of a practice answer: the card is the current one again."""
        if self._queue and self._queue[-1][0].id == card.id:
            self._queue.pop()
        if self._current is not None:
            self._queue.appendleft(self._current)
        self._current = (card, deck)


def missed_today(store: ProgressStore, decks: list[Deck], day: StudyDay) -> list[tuple[Card, Deck]]:
    """Cards of ``decks`` rated Again during ``day``, each once, in the order missed."""
    found: list[tuple[Card, Deck]] = []
    for deck in decks:
        by_id = {c.id: c for c in deck.cards}
        seen: set[str] = set()
        for card_id, rating, moment, _ in store.deck_review_log(deck.id):
            missed = rating == Rating.AGAIN and day.start <= moment < day.end
            if missed and card_id in by_id and card_id not in seen:
                seen.add(card_id)
                found.append((by_id[card_id], deck))
    return found
