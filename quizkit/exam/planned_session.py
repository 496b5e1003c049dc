"""A study session that, once today's queue is done, reviews early what the exam date needs.

Only built when the learner has set an exam date (``Workspace.session``);
without one the plain ``StudySession`` runs, so scheduling is exactly as before.
Early reviews count against the deck's daily review limit like any other.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from quizkit.base.study_day import StudyDay
from quizkit.deck.model import Card, Deck
from quizkit.exam.plan import DatePlan
from quizkit.study.session import Shown, StudySession


class PlannedSession(StudySession):
    def __init__(self, *args, plans: Callable[[Deck], DatePlan | None], **kwargs) -> None:
        # Set before StudySession.__init__, whose last step shows the first card.
        self._plans = plans
        # per deck: (the study day, its plan, how many early reviews the day is to have)
        self._day_plans: dict[str, tuple[StudyDay, DatePlan | None, int]] = {}
        self._cards_by_id: dict[str, dict[str, Card]] = {}
        super().__init__(*args, **kwargs)

    def plan(self, deck: Deck) -> DatePlan | None:
        """Today's plan for ``deck`` (computed once a study day)."""
        return self._day_plan(deck)[1]

    def _day_plan(self, deck: Deck) -> tuple[StudyDay, DatePlan | None, int]:
        day = self.study_day()
        cached = self._day_plans.get(deck.id)
        if cached is None or cached[0] != day:
            plan = self._plans(deck)
            quota = 0
            if plan is not None:
                # Early reviews already done today (before a restart) count toward the day's share.
                early, _ = self.store.early_reviews_between(deck.id, day.start, day.end)
                quota = math.ceil((len(plan.weak) + early) / plan.days_left)
            cached = (day, plan, quota)
            self._day_plans[deck.id] = cached
        return cached

    def advance(self, **kwargs) -> Shown | None:
        shown = super().advance(**kwargs)
        if shown is None:
            self.current = self._early_review()
        return self.current

    def _early_review(self) -> Shown | None:
        day, now = self.study_day(), self.clock.now()
        for deck in self.decks:
            _, plan, quota = self._day_plan(deck)  # quota: early reviews for today
            if plan is None or not plan.weak:
                continue
            early, reviews = self.store.early_reviews_between(deck.id, day.start, day.end)
            if early >= quota or reviews >= self._options[deck.id].reviews_per_day:
                continue
            for card_id in plan.weak:
                state = self.store.card_state(card_id)
                marks = self.store.marks(card_id)
                if state.last_review is not None and state.last_review >= day.start:
                    continue  # answered today already
                if marks.suspended or (marks.buried_until and marks.buried_until > now):
                    continue
                card = self._card(deck, card_id)
                if card is not None:
                    return self._show_card(deck, card, now)
        return None

    def _card(self, deck: Deck, card_id: str) -> Card | None:
        if deck.id not in self._cards_by_id:
            self._cards_by_id[deck.id] = {c.id: c for c in deck.cards}
        return self._cards_by_id[deck.id].get(card_id)
