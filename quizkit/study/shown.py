"""The card on screen: what it asks, in which order its options stand, and its four outcomes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quizkit.base.durations import format_interval
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Card, Deck, DeckOptions
from quizkit.progress.card_state import CardState
from quizkit.progress.store import CardMarks, ProgressStore
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


def warm_next(
    store: ProgressStore,
    decks: list[tuple[Deck, DeckOptions]],
    day: StudyDay,
    now: datetime,
    skip: frozenset[str],
) -> None:
    """Decode the card likely shown next while the learner reads this one's answer.

    The deck cache decodes a deck's cards 512 at a time when first asked for one
    (~0.25 ms at 100,000 cards): done here, off the answer's path, for the card the
    queue would pick after this one. A guess only: nothing is kept but the decoded card.
    """
    for deck, options in decks:
        found = store.next_card(deck.id, options, day, now, skip)
        if found is not None:
            if 0 <= found[1] < len(deck.cards):
                deck.cards[found[1]]
            return


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
