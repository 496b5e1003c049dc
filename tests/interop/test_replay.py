"""Imported history is replayed as study would have scheduled it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.deck.model import DeckOptions
from quizkit.progress.card_state import CardState, Phase
from quizkit.study.scheduler import Rating, Scheduler

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
SCHEDULER = Scheduler(DeckOptions(), fuzz=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(Rating)), st.integers(min_value=1, max_value=60 * 24 * 90)),
        min_size=1,
        max_size=12,
    )
)
def test_replay_gives_the_state_the_preview_offered_for_that_rating(answers):
    state, at = CardState(), START
    for rating, minutes in answers:
        at += timedelta(minutes=minutes)
        replayed = SCHEDULER.replay(state, rating, at)
        offered = SCHEDULER.preview(state, at)[rating].state
        # keep_in_order may move a review's due date; everything else is the same.
        if offered.phase == Phase.REVIEW:
            offered = offered.with_(due=replayed.due)
        assert replayed == offered
        state = replayed
