"""The fast replay of imported history gives exactly Scheduler.replay's states and due dates.

``quizkit doctor --rebuild`` and study replay with py-fsrs (``Scheduler``);
the Anki import replays with ``FastReplay``. Any difference would make an
imported card's state disagree with a rebuild, so the two are compared here on
many random histories: every rating, reviews at the same moment and the same
day, long gaps, learning and relearning steps of every length (none too), a
small maximum interval, other retentions and personal parameters.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import CardState, Phase, from_micros, to_micros
from quizkit.study.replay import NEW_STATE, FastReplay
from quizkit.study.scheduler import Rating, Scheduler, load_fsrs

START = datetime(2023, 3, 1, 7, 30, tzinfo=timezone.utc)
MINUTE = timedelta(minutes=1)

# Gaps between two answers: none, seconds, minutes (steps), hours (same day), days, years.
GAPS_US = st.one_of(
    st.just(0),
    st.integers(1, 59_999_999),
    st.integers(1, 30).map(lambda m: m * 60_000_000),
    st.integers(1, 86_399_999_999),
    st.integers(1, 400).map(lambda d: d * 86_400_000_000 + random.Random(d).randrange(10**9)),
    st.integers(1, 3_000 * 86_400_000_000),
)
STEPS = st.lists(st.integers(1, 60 * 24 * 3).map(lambda m: m * MINUTE), max_size=3).map(tuple)
OPTIONS = st.builds(
    DeckOptions,
    desired_retention=st.sampled_from([0.9, 0.7, 0.85, 0.97]),
    learning_steps=STEPS,
    relearning_steps=STEPS,
    maximum_interval=st.sampled_from([36500, 30, 3, 1]).map(lambda d: timedelta(days=d)),
)


def _personal_parameters(seed: int) -> tuple[float, ...] | None:
    """None (the defaults) or parameters drawn within py-fsrs's bounds."""
    if seed == 0:
        return None
    scheduler = load_fsrs().scheduler
    rng = random.Random(seed)
    return tuple(
        rng.uniform(low, high)
        for low, high in zip(scheduler.LOWER_BOUNDS_PARAMETERS, scheduler.UPPER_BOUNDS_PARAMETERS)
    )


@settings(max_examples=400, deadline=None)
@given(
    options=OPTIONS,
    seed=st.integers(0, 5),
    answers=st.lists(st.tuples(st.sampled_from(list(Rating)), GAPS_US), min_size=1, max_size=25),
)
def test_fast_replay_gives_the_same_states_as_review_card(options, seed, answers):
    scheduler = Scheduler(options, parameters=_personal_parameters(seed), fuzz=False)
    fast = FastReplay(scheduler)
    reference, tuple_state, at = CardState(), NEW_STATE, to_micros(START)
    for rating, gap in answers:
        at += gap
        reference = scheduler.replay(reference, rating, from_micros(at))
        tuple_state = fast.replay(tuple_state, int(rating), at)
        # Bit for bit: the same arithmetic in the same order, not merely close.
        assert tuple_state == reference.as_row()


def test_a_history_passes_through_every_phase():
    """A fixed history known to visit learning, review, relearning, the cap and same-day reviews."""
    options = DeckOptions(maximum_interval=timedelta(days=20))
    scheduler = Scheduler(options, fuzz=False)
    fast = FastReplay(scheduler)
    reference, tuple_state, at = CardState(), NEW_STATE, to_micros(START)
    phases = set()
    script = [(3, 0), (1, 1), (2, 1), (3, 10), (3, 600), (4, 20_000), (1, 40_000), (3, 10)]
    script += [(3, 5), (2, 30_000), (4, 900_000), (4, 900_000), (3, 1)]
    for rating, minutes in script:
        at += minutes * 60_000_000
        reference = scheduler.replay(reference, Rating(rating), from_micros(at))
        tuple_state = fast.replay(tuple_state, rating, at)
        assert tuple_state == reference.as_row()
        phases.add(reference.phase)
    assert phases == {Phase.LEARNING, Phase.REVIEW, Phase.RELEARNING}
    assert reference.due - reference.last_review == timedelta(days=20)  # capped


def test_a_fuzzed_scheduler_is_refused():
    with pytest.raises(ValueError):
        FastReplay(Scheduler(DeckOptions(), fuzz=True))


def test_the_new_state_tuple_is_a_new_cards_row():
    assert CardState().as_row() == NEW_STATE
