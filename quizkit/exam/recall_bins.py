"""The studied cards' recall, read once per prediction, then applied at every calibration point.

FSRS's recall of a card is ``(1 + factor * x) ** decay``, x its whole days
since the last review over its stability; a stability scale s makes it
``(1 + factor / s * x) ** decay``. So readiness reads x once, in one pass over
the progress file (``progress/recall.py``), and every point of the
calibration grid (``exam/calibration.py``) is arithmetic on a few thousand
numbers, not another pass over the studied cards:

* cards of single-card facts as a histogram per pool over bins of ln x
  1/``BINS`` wide, each bin with its count and its mean x. The mean makes the
  error against card by card of second order in the bin's width: below 1e-5
  of a pool's recall, under the last digit readiness shows;
* cards of several-card facts one by one, since a fact's chance is the mean of
  its cards' chances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import accumulate

from quizkit.exam.calibration import Scales, blend_points, with_model_error
from quizkit.exam.guessing import full_mark_chance
from quizkit.exam.layout import ExamLayout, assemble
from quizkit.exam.readiness import Prediction, Stratum, predict
from quizkit.progress.store import ProgressStore

BINS = 16

# FSRS's recall of: each bin of the studied groups; each card of a pooled several-card fact;
# each card of the other several-card facts
Recalls = tuple[list[float], list[float], list[float]]


@dataclass(frozen=True, slots=True)
class _PooledMulti:
    """The studied cards of several-card facts that share a pool, laid out for arithmetic."""

    x: tuple[float, ...]  # per card, the cards of one fact side by side
    # per card: its share of its fact's chance is max(0, chance * scale - lift), its chance
    # with a guess's full-mark chance p taken out, (chance - p) / (1 - p), times its weight
    scale: tuple[float, ...]
    lift: tuple[float, ...]
    starts: tuple[int, ...]  # per fact: where its cards start in ``x`` (and one past the last)
    base: tuple[float, ...]  # per fact: its chance with none of its cards studied
    # per pool: (key, first fact, end of its facts, Σ base ** j for j = 1..depth)
    pools: tuple[tuple[tuple, int, int, tuple[float, ...]], ...]

    @classmethod
    def of(cls, layout: ExamLayout, cards: list[tuple[int, float]]) -> _PooledMulti:
        fact_of, multi = layout.multi_fact_of, layout.multi
        by_fact: dict[int, list[tuple[int, float]]] = {}  # fact -> its studied cards
        for card in cards:
            index = fact_of[card[0]]
            if index in by_fact:
                by_fact[index].append(card)
            else:
                by_fact[index] = [card]
        by_pool: dict[tuple, list[int]] = {}  # pool -> its facts
        for index in by_fact:
            by_pool.setdefault(multi[index].pool, []).append(index)  # type: ignore[arg-type]
        ordered: list[tuple[int, float]] = []
        starts, base, pools = [], [], []
        for key, members in by_pool.items():
            first = len(base)
            for index in members:
                starts.append(len(ordered))
                ordered += by_fact[index]
                base.append(multi[index].base)
            mine = base[first:]
            sums = tuple(sum(b**j for b in mine) for j in range(1, layout.depth + 1))
            pools.append((key, first, len(base), sums))
        starts.append(len(ordered))
        guess, weight = layout.guess, layout.multi_weight
        # a guess earns full marks with chance p = 1/d (d 0: never), taken out as
        # assemble_from_recalls does: w (c - p) / (1 - p) = c w d / (d - 1) - w / (d - 1)
        w = [weight[q] for q, _ in ordered]
        d = [guess[q] for q, _ in ordered]
        return cls(
            x=tuple(x for _, x in ordered),
            scale=tuple(a * n / (n - 1) if n else a for a, n in zip(w, d)),
            lift=tuple(a / (n - 1) if n else 0.0 for a, n in zip(w, d)),
            starts=tuple(starts),
            base=tuple(base),
            pools=tuple(pools),
        )

    def sums(self, recalls: list[float], keep: float, offset: float, depth: int) -> dict:
        """What the studied cards add to each pool's power sums, from their recall at a point
        (its chance of a right answer ``_curve(keep, offset)``, lucky guesses taken out)."""
        u, m = _curve(keep, offset)
        shares = [
            v if (v := r * a / (u + r * m) - b) > 0.0 else 0.0
            for r, a, b in zip(recalls, self.scale, self.lift)
        ]
        # a fact's chance: its base plus its cards' shares (prefix sums: one pass, not a slice
        # a fact; the rounding is below 1e-12 of a chance)
        total = list(accumulate(shares, initial=0.0))
        starts = self.starts
        chance = [b + total[e] - total[s] for b, s, e in zip(self.base, starts, starts[1:])]
        deltas: dict[tuple, list[float]] = {key: [] for key, _, _, _ in self.pools}
        powers = chance
        for j in range(depth):
            for key, first, end, before in self.pools:
                deltas[key].append(sum(powers[first:end]) - before[j])
            if j + 1 < depth:
                powers = [q * a for q, a in zip(powers, chance)]
        return deltas


@dataclass(frozen=True, slots=True)
class _GroupBins:
    """The bins of the studied groups (cards of single-card facts), side by side, so that a
    grid point's arithmetic is a few list comprehensions, not one per group."""

    groups: tuple[int, ...]  # group index, per group studied
    starts: tuple[int, ...]  # per group: where its bins start (and one past the last)
    counts: tuple[float, ...]  # per bin: its cards
    x: tuple[float, ...]  # per bin: their mean x
    # per bin: the chance behind a right answer, lucky guesses (p, the group's full-mark
    # chance) taken out, is max(0, chance * scale - lift) = max(0, (chance - p) / (1 - p))
    scale: tuple[float, ...]
    lift: tuple[float, ...]

    @classmethod
    def of(cls, layout: ExamLayout, bins: list[tuple[int, list[float], list[float]]]) -> _GroupBins:
        """From (group index, bin counts, bin mean x), groups in order."""
        starts, counts, x, scale, lift = [0], [], [], [], []
        for g, ours, means in bins:
            p = full_mark_chance(layout.groups[g].marks)
            counts.extend(ours)
            x.extend(means)
            scale.extend([1.0 / (1.0 - p)] * len(ours))
            lift.extend([p / (1.0 - p)] * len(ours))
            starts.append(len(counts))
        groups = tuple(g for g, _, _ in bins)
        return cls(groups, tuple(starts), tuple(counts), tuple(x), tuple(scale), tuple(lift))

    def sums(self, recalls: list[float], keep: float, offset: float, depth: int) -> dict:
        """Per group: Σ over its studied cards of a ** j, j = 1..depth, a a card's chance at a
        point (``_curve(keep, offset)``) with lucky guesses taken out."""
        u, m = _curve(keep, offset)
        behind = [
            v if (v := r * a / (u + r * m) - b) > 0.0 else 0.0
            for r, a, b in zip(recalls, self.scale, self.lift)
        ]
        out: dict[int, list[float]] = {g: [] for g in self.groups}
        powers, starts = self.counts, self.starts
        for _ in range(depth):
            powers = [q * a for q, a in zip(powers, behind)]
            for g, s, e in zip(self.groups, starts, starts[1:]):
                out[g].append(sum(powers[s:e]))
        return out


@dataclass(frozen=True, slots=True)
class StudiedRecall:
    """x (days since the last review over stability) of an exam's studied cards."""

    groups: _GroupBins  # cards of single-card facts, binned per group
    pooled: _PooledMulti  # studied cards of several-card facts that pool
    mixed_positions: tuple[int, ...]  # and of those whose variants mark differently
    mixed_x: tuple[float, ...]

    @classmethod
    def read(
        cls, store: ProgressStore, deck_id: str, at: datetime, layout: ExamLayout
    ) -> StudiedRecall:
        """One pass over the progress file (``ProgressStore.studied_recall_bins``)."""
        rows = store.studied_recall_bins(deck_id, at, layout.codes, layout.multi_mask, BINS)
        bins: dict[int, tuple[list[float], list[float]]] = {}
        pooled, mixed = [], []
        fact_of, unpooled = layout.multi_fact_of, frozenset(layout.mixed)
        for code, position, count, total in rows:
            if position >= 0:
                (mixed if fact_of[position] in unpooled else pooled).append((position, total))
            elif len(code) == 2:
                counts, means = bins.setdefault(int.from_bytes(code, "big") - 1, ([], []))
                counts.append(float(count))
                means.append(total / count)
        return cls(
            _GroupBins.of(layout, [(g, c, m) for g, (c, m) in sorted(bins.items())]),
            _PooledMulti.of(layout, pooled),
            tuple(p for p, _ in mixed),
            tuple(x for _, x in mixed),
        )

    @classmethod
    def uniform(cls, layout: ExamLayout, cards: frozenset[str], x: float) -> StudiedRecall:
        """Every card in ``cards`` studied, all at the same ``x``; the others never studied."""
        groups = [
            (g, [float(len(ids))], [x])
            for g, ids in enumerate(layout.group_cards)
            if ids and ids[0] in cards
        ]
        pooled, mixed = [], []
        for index, fact in enumerate(layout.multi):
            ours = [(position, x) for position, card_id, _ in fact.cards if card_id in cards]
            (mixed if index in layout.mixed else pooled).extend(ours)
        return cls(
            _GroupBins.of(layout, groups),
            _PooledMulti.of(layout, pooled),
            tuple(p for p, _ in mixed),
            tuple(x for _, x in mixed),
        )

    def at(self, x: float) -> StudiedRecall:
        """The same cards (from ``uniform``), all at another ``x``."""
        groups = replace(self.groups, x=(x,) * len(self.groups.x))
        pooled = replace(self.pooled, x=(x,) * len(self.pooled.x))
        return StudiedRecall(groups, pooled, self.mixed_positions, (x,) * len(self.mixed_x))

    def recall(self, factor: float, decay: float) -> Recalls:
        """FSRS's recall of every bin and card on the curve ``(1 + factor * x) ** decay``."""
        return (
            [(1.0 + factor * x) ** decay for x in self.groups.x],
            [(1.0 + factor * x) ** decay for x in self.pooled.x],
            [(1.0 + factor * x) ** decay for x in self.mixed_x],
        )

    def strata(
        self, layout: ExamLayout, recalls: Recalls, keep: float, offset: float = 0.0
    ) -> list[Stratum]:
        """``assemble``'s strata with every recall's chance ``calibration.chance(recall, keep,
        offset)``, lucky guesses taken out as ``assemble_from_recalls`` does."""
        depth = layout.depth
        group_sums = self.groups.sums(recalls[0], keep, offset, depth)
        pooled = self.pooled.sums(recalls[1], keep, offset, depth)
        mixed = dict(zip(self.mixed_positions, _chances(recalls[2], keep, offset)))
        return assemble(layout, group_sums, mixed, pooled)


def _curve(keep: float, offset: float) -> tuple[float, float]:
    """(u, m) with ``calibration.chance(recall, keep, offset)`` = r / (u + r * m): the chance
    c = keep * r with its log-odds moved by ``offset``, c / (c + (1 - c) e^-offset), over keep."""
    odds = math.exp(-offset)
    return odds / keep, 1.0 - odds


def _chances(recalls: list[float], keep: float, offset: float) -> list[float]:
    """``calibration.chance`` of each recall, inlined: c / (c + (1 - c) e^-offset)."""
    if not offset:
        return [keep * v for v in recalls]
    odds = math.exp(-offset)
    return [c / (c + (1.0 - c) * odds) if c > 0.0 else 0.0 for c in (keep * v for v in recalls)]


def calibrated_prediction(
    layout: ExamLayout, studied: StudiedRecall, scales: Scales, factor: float, decay: float
) -> Prediction:
    """The prediction at each (stability scale, slip rate) of ``scales`` and each offset of
    the model error, weighed (``exam/calibration.py``, ``blend_points``: some points are
    interpolated between exact ones): a stability ``scale`` times larger is FSRS's factor
    over it."""
    recalls: dict[float, Recalls] = {}

    def predict_at(scale: float, slip: float, offset: float) -> Prediction:
        if scale not in recalls:
            recalls[scale] = studied.recall(factor / scale, decay)
        strata = studied.strata(layout, recalls[scale], 1.0 - slip, offset)
        return predict(layout.questions, layout.pass_mark, strata)

    return blend_points(with_model_error(scales), predict_at, layout.pass_mark)
