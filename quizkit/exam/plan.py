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

from quizkit.exam.calibration import Scales, chance, scaled_recall, with_model_error
from quizkit.exam.guessing import full_mark_chance, recall_behind
from quizkit.exam.layout import ExamLayout, assemble
from quizkit.exam.readiness import predict
from quizkit.progress.card_state import CardState, Phase

PASS_GOAL = 0.95
# bisection steps: the target within 1/2**15 of recall
_STEPS = 15
# the exact pass probability at every card's recall k / _NODES (see _UniformPass), taken
# as 0 or 1 within _SURE of it
_NODES = 256
_SURE = 1e-7


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
    layout: ExamLayout, scales: Scales | None = None, decay: float = -0.5, goal: float = PASS_GOAL
) -> float:
    """FSRS's recall every exam card would need for a ``goal`` chance of passing, as readiness
    predicts it: calibrated to the learner (``scales``, from ``calibration.memory_scales``,
    with the model error; ``decay``, FSRS's). ``scales`` None: FSRS's recall as it is. A bisection over the prediction; 1.0 when no recall is enough (an exam
    that needs every answer, from a learner who may slip).

    With every card at one recall, each grid point's prediction is the uncalibrated one at
    that point's chance (``calibration.chance`` of ``scaled_recall``): one function of one number, which
    ``_UniformPass`` computes exactly on a grid of recalls (once per layout) and
    interpolates, so the bisection costs no prediction of its own."""
    passing = _UniformPass.of(layout)
    points = with_model_error(scales) if scales is not None else ((1.0, 0.0, 0.0, 1.0),)
    low, high = 0.0, 1.0
    for _ in range(_STEPS):
        middle = (low + high) / 2
        passed = sum(
            w * passing(chance(scaled_recall(middle, scale, decay), 1.0 - slip, offset))
            for scale, slip, offset, w in points
        )
        if passed >= goal:
            high = middle
        else:
            low = middle
    return high


class _UniformPass:
    """The exact pass probability with every askable card at one FSRS recall c, computed at
    c = k / ``_NODES`` as the bisection needs it and linearly interpolated between (the error
    is below 1e-3: the pass probability is a smooth function of c). Facts alike (a pool's
    single cards; several-card facts of one pool whose cards guess alike) have one chance at
    a given c, so a node costs a few power sums and the exact distribution."""

    _CACHE: dict[tuple, _UniformPass] = {}

    def __init__(self, layout: ExamLayout) -> None:
        self.layout = layout
        askable = frozenset(askable_cards(layout))
        self.groups = [
            (g, len(ids), full_mark_chance(layout.groups[g].marks))
            for g, ids in enumerate(layout.group_cards)
            if ids and ids[0] in askable
        ]
        # pooled several-card facts by (pool, base, each askable card's (weight, guess chance))
        self.alike: dict[tuple, int] = {}
        self.mixed: list[int] = []
        guess = layout.guess
        for _index, fact in enumerate(layout.multi):
            cards = [(p, c) for p, c, _ in fact.cards if c in askable]
            if not cards:
                continue
            if fact.pool is None:
                self.mixed += [p for p, _ in cards]
                continue
            shape = tuple(
                (layout.multi_weight[p], 1.0 / guess[p] if guess[p] else 0.0) for p, _ in cards
            )
            key = (fact.pool, fact.base, shape)
            self.alike[key] = self.alike.get(key, 0) + 1
        self.nodes: dict[int, float] = {}
        self.never, self.always = -1, _NODES + 1

    @classmethod
    def of(cls, layout: ExamLayout) -> _UniformPass:
        # the layout's own content: bytes cache their hash, so this stays cheap
        key = (layout.codes, layout.multi_mask, layout.strata, layout.questions, layout.pass_mark)
        if key not in cls._CACHE:
            if len(cls._CACHE) >= 16:
                cls._CACHE.clear()
            cls._CACHE[key] = cls(layout)
        return cls._CACHE[key]

    def __call__(self, recall: float) -> float:
        k = min(max(recall, 0.0), 1.0) * _NODES
        node = math.floor(k)
        low = self._at(node)
        return low if node == k else low + (k - node) * (self._at(node + 1) - low)

    def _at(self, node: int) -> float:
        if node not in self.nodes:
            # monotone in c: below a node passing never, above one passing always, no need
            if node <= self.never:
                return 0.0
            if node >= self.always:
                return 1.0
            value = self.nodes[node] = self._exact(node / _NODES)
            if value < _SURE:
                self.never = max(self.never, node)
            elif value > 1.0 - _SURE:
                self.always = min(self.always, node)
        return self.nodes[node]

    def _exact(self, c: float) -> float:
        depth = self.layout.depth
        group_sums = {}
        for g, count, p in self.groups:
            r = recall_behind(c, p)
            group_sums[g] = [count * r**j for j in range(1, depth + 1)]
        multi_sums: dict[tuple, list[float]] = {}
        for (pool, base, shape), count in self.alike.items():
            chance = base + sum(w * recall_behind(c, p) for w, p in shape)
            sums = multi_sums.setdefault(pool, [0.0] * depth)
            for j in range(depth):
                sums[j] += count * (chance ** (j + 1) - base ** (j + 1))
        strata = assemble(self.layout, group_sums, dict.fromkeys(self.mixed, c), multi_sums)
        return predict(self.layout.questions, self.layout.pass_mark, strata).pass_probability


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
