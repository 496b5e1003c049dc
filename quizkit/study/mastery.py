"""How far along a learner is: mastery by topic and overall, and the day streak (home's lines).

Mastery must never flatter, because a learner uses it to decide whether to study
more: it is shown as coverage (cards seen of the cards there are) beside recall
(the average chance of recalling the cards seen, now), and summed up as
``known``, the expected share of *all* the cards recalled now, where a card
never seen counts as not known.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from quizkit.base.clock import Clock
from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Deck
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Scheduler


@dataclass(frozen=True, slots=True)
class Mastery:
    """Cards, how many were seen, and the summed recall probability of those seen."""

    cards: int = 0
    seen: int = 0
    recall_sum: float = 0.0

    @property
    def recall(self) -> float | None:
        """Average recall probability now of the cards seen; None when none was."""
        return self.recall_sum / self.seen if self.seen else None

    @property
    def known(self) -> float:
        """Expected share of all the cards recalled now: unseen cards count as not known."""
        return self.recall_sum / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class DeckMastery:
    overall: Mastery = field(default_factory=Mastery)
    # topic id -> its mastery; cards without a topic are under None
    topics: dict[str | None, Mastery] = field(default_factory=dict)

    def topic(self, topic_id: str | None) -> Mastery:
        return self.topics.get(topic_id, Mastery())


def deck_mastery(
    store: ProgressStore, deck: Deck, scheduler: Scheduler, clock: Clock
) -> DeckMastery:
    """Mastery of every topic of ``deck`` and of the whole deck, at the clock's now."""
    topics = deck.cards.field("topic")
    topic_of = dict(zip(deck.cards.field("id"), topics))
    cards = Counter(topics)
    now = clock.now()
    recalls: dict[str | None, list[float]] = defaultdict(list)
    for card_id, state in store.studied_states(deck.id):
        if card_id in topic_of:  # a card of this deck file (not one removed from it)
            recalls[topic_of[card_id]].append(scheduler.retrievability(state, now))
    by_topic = {
        topic: Mastery(count, len(recalls[topic]), sum(recalls[topic]))
        for topic, count in cards.items()
    }
    overall = Mastery(
        sum(m.cards for m in by_topic.values()),
        sum(m.seen for m in by_topic.values()),
        sum(m.recall_sum for m in by_topic.values()),
    )
    return DeckMastery(overall, by_topic)


def study_streak(store: ProgressStore, clock: Clock, rollover_hour: int) -> int:
    """Consecutive study days with at least one review, up to today (or yesterday, if today is not begun)."""
    day = StudyDay.today(clock, rollover_hour)
    streak = 0
    if not store.reviewed_between(day.start, day.end):
        day = _previous(day, clock, rollover_hour)
    while store.reviewed_between(day.start, day.end):
        streak += 1
        day = _previous(day, clock, rollover_hour)
    return streak


def _previous(day: StudyDay, clock: Clock, rollover_hour: int) -> StudyDay:
    return StudyDay.containing(day.start - timedelta(hours=1), clock.local_zone(), rollover_hour)
