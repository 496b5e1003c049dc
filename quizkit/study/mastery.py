"""How far along a learner is: per-topic mastery and the day streak (the home screen's line)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from quizkit.base.clock import Clock
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Deck
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Scheduler


def topic_mastery(
    store: ProgressStore, deck: Deck, scheduler: Scheduler, clock: Clock
) -> dict[str, float]:
    """Average recall probability now of each topic's studied cards; topics not studied are absent."""
    topic_of = dict(zip(deck.cards.field("id"), deck.cards.field("topic")))
    now = clock.now()
    totals: dict[str, list[float]] = defaultdict(list)
    for card_id, state in store.studied_states(deck.id):
        topic = topic_of.get(card_id)
        if topic:
            totals[topic].append(scheduler.retrievability(state, now))
    return {topic: sum(values) / len(values) for topic, values in totals.items()}


def study_streak(store: ProgressStore, clock: Clock, rollover_hour: int) -> int:
    """Consecutive study days with at least one review, up to today (or yesterday, if today is not begun)."""
    day = StudyDay.containing(clock.now(), clock.local_zone(), rollover_hour)
    streak = 0
    if not store.reviewed_between(day.start, day.end):
        day = _previous(day, clock, rollover_hour)
    while store.reviewed_between(day.start, day.end):
        streak += 1
        day = _previous(day, clock, rollover_hour)
    return streak


def _previous(day: StudyDay, clock: Clock, rollover_hour: int) -> StudyDay:
    return StudyDay.containing(day.start - timedelta(hours=1), clock.local_zone(), rollover_hour)
