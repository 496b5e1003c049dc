"""The card on screen: what it asks, in which order its options stand, and its four outcomes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quizkit.base.durations import format_interval
from quizkit.deck.model import Card, Deck
from quizkit.progress.card_state import CardState
from quizkit.progress.store import CardMarks
from quizkit.study.scheduler import Outcome, Rating, Scheduler

# An answer given this long after the preview is scheduled from its own moment:
# a card left on screen overnight must not be scheduled from the evening before.
PREVIEW_STALE_AFTER = timedelta(minutes=1)


def choice_order(card: Card, rng: random.Random) -> tuple[int, ...]:
    """The order a choice card's options are shown in this time (indexes into ``card.choices``).

    Shuffled each time the card is shown, so the answer's position says nothing;
    ``shuffle = false`` on the card (for "all of the above") keeps the written order.
    """
    order = list(range(len(card.choices)))
    if card.kind == "choice" and card.shuffle:
        rng.shuffle(order)
    return tuple(order)


@dataclass(slots=True)
class Shown:
    """The card on screen and the four outcomes previewed for it.

    The preview is computed when first asked for (when the answer is shown) and
    kept, so what is saved is what the keys showed; an answer given more than
    ``PREVIEW_STALE_AFTER`` later is previewed again from its own moment.
    ``practice``: shown outside the schedule (custom study), nothing is saved.
    """

    card: Card
    deck: Deck
    before: CardState
    shown_at: datetime
    scheduler: Scheduler = field(repr=False, compare=False)
    marks: CardMarks = field(default_factory=CardMarks)
    order: tuple[int, ...] = ()
    practice: bool = False
    _outcomes: dict[Rating, Outcome] | None = field(default=None, repr=False, compare=False)
    _preview_at: datetime | None = field(default=None, repr=False, compare=False)

    @property
    def outcomes(self) -> dict[Rating, Outcome]:
        if self._outcomes is None:
            self.preview(self.shown_at)
        assert self._outcomes is not None
        return self._outcomes

    def preview(self, now: datetime) -> dict[Rating, Outcome]:
        """The outcomes of answering at ``now``, kept for the ratings bar and the save."""
        self._outcomes = self.scheduler.preview(self.before, now)
        self._preview_at = now
        return self._outcomes

    def outcomes_at(self, now: datetime) -> dict[Rating, Outcome]:
        """The kept preview, or a fresh one when it was computed too long before ``now``."""
        if self._outcomes is None or self._preview_at is None:
            return self.preview(now)
        if abs(now - self._preview_at) > PREVIEW_STALE_AFTER:
            return self.preview(now)
        return self._outcomes

    def interval(self, rating: Rating) -> str:
        due = self.outcomes[rating].state.due
        start = self._preview_at or self.shown_at
        return format_interval(due - start) if due else ""

    @property
    def choices(self) -> tuple[str, ...]:
        """The options in the order shown this time."""
        if not self.order:
            return self.card.choices
        return tuple(self.card.choices[i] for i in self.order)

    @property
    def is_new(self) -> bool:
        return self.before.reps == 0
