"""FSRS scheduling through the ``fsrs`` package, with quizkit's own counters.

The preview of the four ratings is computed once when a card is shown and the
chosen outcome is the one saved: fuzz can never make the saved interval differ
from the one the learner saw on the key.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import fsrs

from quizkit.base.clock import to_utc
from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import CardState, Phase


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True, slots=True)
class Outcome:
    rating: Rating
    state: CardState


@functools.cache
def load_fsrs():
    """Import ``fsrs`` on first use: the home screen can draw before it is loaded.

    The TUI calls this from a background thread right after the first frame.
    Cached: replaying imported history calls it for each of 300,000 reviews.
    """
    return importlib.import_module("fsrs")


class Scheduler:
    """Computes the next state of a card for each rating."""

    def __init__(
        self,
        options: DeckOptions,
        *,
        parameters: tuple[float, ...] | None = None,
        fuzz: bool = True,
    ) -> None:
        """``parameters``: the learner's optimised FSRS weights; None for the defaults."""
        self._options = options
        self._parameters = parameters
        self._fuzz = fuzz
        self._scheduler: fsrs.Scheduler | None = None

    @property
    def _maximum_interval(self) -> timedelta:
        return timedelta(days=max(1, self._options.maximum_interval.days))

    @property
    def _fsrs(self) -> fsrs.Scheduler:
        # Built on first use: the first card can be on screen before fsrs is imported.
        if self._scheduler is None:
            fsrs = load_fsrs()
            options = self._options
            self._scheduler = fsrs.Scheduler(
                parameters=self._parameters
                if self._parameters is not None
                else fsrs.scheduler.DEFAULT_PARAMETERS,
                desired_retention=options.desired_retention,
                learning_steps=options.learning_steps,
                relearning_steps=options.relearning_steps,
                maximum_interval=max(1, options.maximum_interval.days),
                enable_fuzzing=self._fuzz,
            )
        return self._scheduler

    def preview(self, state: CardState, now: datetime) -> dict[Rating, Outcome]:
        """What each rating would do to ``state`` if answered at ``now``."""
        now = to_utc(now)
        card = _to_fsrs(state, now)
        outcomes = {
            rating: Outcome(rating, self._after(card, state, rating, now)) for rating in Rating
        }
        return keep_in_order(outcomes, maximum=self._maximum_interval)

    def replay(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        """The state after one past answer, computing only that rating (imported history).

        A quarter of ``preview``'s cost; the ``keep_in_order`` adjustment, which
        needs all four ratings, is left out: it only moves a due date a learner
        would have seen on a key.
        """
        now = to_utc(now)
        return self._after(_to_fsrs(state, now), state, rating, now)

    def _after(self, card: fsrs.Card, state: CardState, rating: Rating, now: datetime) -> CardState:
        fsrs = load_fsrs()
        after, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), review_datetime=now)
        lapsed = state.phase == Phase.REVIEW and rating == Rating.AGAIN
        return CardState(
            phase=Phase(int(after.state)),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=to_utc(after.due),
            last_review=now,
            reps=state.reps + 1,
            lapses=state.lapses + (1 if lapsed else 0),
        )

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Probability of recall at ``now``; 0 for a card never studied."""
        if state.phase == Phase.NEW:
            return 0.0
        return self._fsrs.get_card_retrievability(
            _to_fsrs(state, to_utc(now)), current_datetime=to_utc(now)
        )


def _to_fsrs(state: CardState, now: datetime) -> fsrs.Card:
    fsrs = load_fsrs()
    if state.phase == Phase.NEW:
        # card_id given: without it fsrs sleeps 1 ms to invent a unique one.
        return fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(state.phase)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or now,
        # A clock that moved backwards must not give fsrs a negative elapsed time.
        last_review=min(state.last_review, now) if state.last_review else None,
    )


def keep_in_order(
    outcomes: dict[Rating, Outcome], *, maximum: timedelta | None = None
) -> dict[Rating, Outcome]:
    """Hard never later than Good, Easy at least a day after Good, as Anki and fsrs-rs do.

    ``maximum`` (the deck's ``maximum_interval``) wins over the day apart: at
    the cap, Good and Easy may share it, never pass it.

    py-fsrs schedules each rating on its own, and with some (personal)
    parameters or fuzz, Hard can come out later than Good: a learner pressing
    "Hard" would then wait longer than for "Good". Only review intervals (whole
    days) are reordered; stability and difficulty are left as fsrs computed them.
    """
    if any(
        outcomes[r].state.phase != Phase.REVIEW for r in (Rating.HARD, Rating.GOOD, Rating.EASY)
    ):
        return outcomes
    day = timedelta(days=1)
    hard, good, easy = (outcomes[r].state.due for r in (Rating.HARD, Rating.GOOD, Rating.EASY))
    reviewed = outcomes[Rating.GOOD].state.last_review
    cap = reviewed + maximum if maximum is not None and reviewed is not None else None

    def capped(due):
        return min(due, cap) if cap is not None else due

    hard = capped(min(hard, good))
    good = capped(max(good, hard + day))
    easy = capped(max(easy, good + day))
    ordered = dict(outcomes)
    for rating, due in ((Rating.HARD, hard), (Rating.GOOD, good), (Rating.EASY, easy)):
        if due != outcomes[rating].state.due:
            ordered[rating] = Outcome(rating, outcomes[rating].state.with_(due=due))
    return ordered
