from datetime import timedelta

from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import CardState, Phase
from quizkit.study.scheduler import Rating, Scheduler
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


def test_hard_is_never_scheduled_after_good_nor_easy_within_a_day_of_it():
    from quizkit.study.scheduler import Outcome, keep_in_order

    def review(days: float) -> CardState:
        return CardState(Phase.REVIEW, None, 10.0, 5.0, NOON + timedelta(days=days), NOON, 3, 0)

    raw = {
        Rating.AGAIN: Outcome(
            Rating.AGAIN, CardState(Phase.RELEARNING, 0, 2.0, 7.0, NOON, NOON, 3, 1)
        ),
        Rating.HARD: Outcome(Rating.HARD, review(14)),  # what a personal parameter set gave
        Rating.GOOD: Outcome(Rating.GOOD, review(13)),
        Rating.EASY: Outcome(Rating.EASY, review(13.5)),
    }
    ordered = keep_in_order(raw)
    days = {r: (o.state.due - NOON).days for r, o in ordered.items()}
    assert days[Rating.HARD] == 13 and days[Rating.GOOD] == 14 and days[Rating.EASY] == 15
    assert ordered[Rating.AGAIN] is raw[Rating.AGAIN]
    assert ordered[Rating.HARD].state.stability == raw[Rating.HARD].state.stability


def test_ordered_previews_are_what_is_saved(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    session.answer(Rating.EASY)
    clock.advance(days=30)
    session.advance()
    shown = session.current
    intervals = [shown.outcomes[r].state.due for r in (Rating.HARD, Rating.GOOD, Rating.EASY)]
    assert intervals == sorted(intervals)
    session.answer(Rating.HARD)
    assert workspace.store.card_state(shown.card.id) == shown.outcomes[Rating.HARD].state


def test_keeping_the_ratings_in_order_never_passes_the_maximum_interval():
    options = DeckOptions(maximum_interval=timedelta(days=7))
    scheduler = Scheduler(options, fuzz=False)
    mature = CardState(Phase.REVIEW, None, 60.0, 5.0, NOON, NOON - timedelta(days=30), 8, 0)
    outcomes = scheduler.preview(mature, NOON)
    days = [(outcomes[r].state.due - NOON) for r in (Rating.HARD, Rating.GOOD, Rating.EASY)]
    assert days == sorted(days)
    assert all(d <= timedelta(days=7) for d in days), days
