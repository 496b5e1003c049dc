from datetime import timedelta

from quizkit.core.card_state import CardState, Phase
from quizkit.core.model import DeckOptions
from quizkit.core.scheduler import Rating, Scheduler
from tests.conftest import NOON


def test_new_card_follows_the_learning_steps():
    outcomes = Scheduler(DeckOptions(), fuzz=False).preview(CardState(), NOON)
    assert outcomes[Rating.AGAIN].state.due == NOON + timedelta(minutes=1)
    assert outcomes[Rating.GOOD].state.due == NOON + timedelta(minutes=10)
    assert outcomes[Rating.GOOD].state.phase == Phase.LEARNING
    assert outcomes[Rating.EASY].state.phase == Phase.REVIEW
    assert all(o.state.reps == 1 and o.state.last_review == NOON for o in outcomes.values())


def test_intervals_grow_with_each_good_answer():
    scheduler = Scheduler(DeckOptions(), fuzz=False)
    state, now, intervals = CardState(), NOON, []
    for _ in range(5):
        state = scheduler.preview(state, now)[Rating.GOOD].state
        intervals.append(state.due - now)
        now = state.due
    assert intervals == sorted(intervals) and intervals[-1] > timedelta(days=5)


def test_again_on_a_review_card_counts_a_lapse():
    scheduler = Scheduler(DeckOptions(), fuzz=False)
    review = scheduler.preview(CardState(), NOON)[Rating.EASY].state
    lapsed = scheduler.preview(review, review.due)[Rating.AGAIN].state
    assert lapsed.lapses == 1 and lapsed.phase == Phase.RELEARNING


def test_a_clock_that_moved_backwards_gives_no_negative_interval():
    scheduler = Scheduler(DeckOptions(), fuzz=False)
    review = scheduler.preview(CardState(), NOON)[Rating.EASY].state
    earlier = NOON - timedelta(days=2)
    for outcome in scheduler.preview(review, earlier).values():
        assert outcome.state.due >= earlier


def test_deck_options_reach_fsrs():
    options = DeckOptions(learning_steps=(timedelta(minutes=5),))
    outcomes = Scheduler(options, fuzz=False).preview(CardState(), NOON)
    assert outcomes[Rating.AGAIN].state.due == NOON + timedelta(minutes=5)
