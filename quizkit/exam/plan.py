"""Ready by the exam date: which cards need a review before it, and how many a day.

The target is the FSRS recall every exam card would need for a 95 % chance of
passing as readiness predicts it (``target_recall``: exact over the exam's
draw, calibrated to the learner as the prediction is, ``exam/calibration.py``). A studied exam card
whose recall on the exam day would fall below it needs a review before then:
the normal queue brings those due before the exam; the others (possible when
the target is above the deck's desired retention) get early reviews, spread
evenly over the study days left. With no exam date nothing here runs, and
scheduling is exactly as without this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from quizkit.exam.calibration import Scales
from quizkit.exam.layout import ExamLayout
from quizkit.exam.recall_bins import StudiedRecall, calibrated_prediction
from quizkit.progress.card_state import CardState, Phase

PASS_GOAL = 0.95
# FSRS's recall as it is, for the card-by-card tests: one point, no scale, no slip
UNCALIBRATED: Scales = ((1.0, 0.0, 1.0),)
# bisection steps: the target within 1/2**15 of recall
_STEPS = 15
_TARGETS: dict[tuple, float] = {}


def askable_cards(layout: ExamLayout) -> list[str]:
    """The cards the exam can ask (every stratum that gets questions)."""
    rest = layout.questions - sum(count for _, count in layout.strata)
    live = {i for i, (_, count) in enumerate(layout.strata) if count or rest > 0}
    cards = [
        card_id
        for group, ids in zip(layout.groups, layout.group_cards)
        if group.stratum in live
        for card_id in ids
    ]
    cards += [c for fact in layout.multi if fact.stratum in live for _, c, _ in fact.cards]
    return cards


def target_recall(
    layout: ExamLayout, scales: Scales = UNCALIBRATED, decay: float = -0.5, goal: float = PASS_GOAL
) -> float:
    """FSRS's recall every exam card would need for a ``goal`` chance of passing, as readiness
    predicts it: calibrated to the learner (``scales``, from ``calibration.memory_scales``;
    ``decay``, FSRS's). A bisection over the exact prediction; 1.0 when no recall is enough
    (an exam that needs every answer, from a learner who may slip)."""
    # the layout's own content: bytes cache their hash, so this stays cheap
    weights = tuple((round(s, 6), slip, round(w, 4)) for s, slip, w in scales)
    key = (layout.codes, layout.multi_mask, layout.strata, layout.questions, layout.pass_mark)
    key += (weights, decay, goal)
    if key in _TARGETS:
        return _TARGETS[key]
    cards = StudiedRecall.uniform(layout, frozenset(askable_cards(layout)), 0.0)
    low, high = 0.0, 1.0
    for _ in range(_STEPS):
        middle = (low + high) / 2
        # every card at FSRS recall ``middle``: x = middle ** (1 / decay) - 1 with factor 1
        studied = cards.at(middle ** (1.0 / decay) - 1.0)
        if calibrated_prediction(layout, studied, scales, 1.0, decay).pass_probability >= goal:
            high = middle
        else:
            low = middle
    if len(_TARGETS) > 32:
        _TARGETS.clear()
    _TARGETS[key] = high
    return high


@dataclass(frozen=True, slots=True)
class DatePlan:
    exam_date: date
    days_left: int  # study days before the exam day, today included
    weak: tuple[str, ...]  # below target, due only after the exam: early reviews, weakest first
    needed: int  # every studied exam card below target on the exam day unless reviewed
    unseen: int  # exam cards never studied (the new-card queue introduces them)

    @property
    def per_day(self) -> int:
        """Reviews a day, over the days left, to bring every exam card up in time."""
        return math.ceil(self.needed / self.days_left)

    def summary(self) -> str:
        """``exam in 16 days · 14 reviews a day to be ready``."""
        days = f"exam in {self.days_left} day{'s' if self.days_left != 1 else ''}"
        new = f"{self.unseen} new cards to learn" if self.unseen else ""
        if not self.needed:
            return f"{days} · {new}" if new else f"{days} · on track"
        return f"{days} · {self.per_day} reviews a day to be ready" + (f" · {new}" if new else "")


def plan_for_date(
    layout: ExamLayout,
    states: Iterable[tuple[str, CardState]],
    curve: tuple[float, float],
    exam_at: datetime,
    exam_date: date,
    days_left: int,
    target: float,
) -> DatePlan:
    """The early reviews that bring every askable card to ``target`` recall on the exam day.

    ``states``: the deck's card states (any order; cards not listed are new).
    A card due before the exam is left to the normal queue.
    """
    factor, decay = curve
    askable = set(askable_cards(layout))
    weak: list[tuple[float, str]] = []
    seen = needed = 0
    for card_id, state in states:
        if card_id not in askable or state.phase == Phase.NEW:
            continue
        seen += 1
        if state.last_review is None or not state.stability:
            continue
        days = max(0, (exam_at - state.last_review).days)
        recall = (1 + factor * days / state.stability) ** decay
        if recall < target:
            needed += 1
            if state.due is None or state.due >= exam_at:
                weak.append((recall, card_id))
    weak.sort()
    return DatePlan(
        exam_date=exam_date,
        days_left=max(1, days_left),
        weak=tuple(card_id for _, card_id in weak),
        needed=needed,
        unseen=len(askable) - seen,
    )
