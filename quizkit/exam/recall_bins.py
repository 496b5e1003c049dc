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

from quizkit.exam.calibration import Scales, blend, with_model_error
from quizkit.exam.guessing import full_mark_chance
from quizkit.exam.layout import ExamLayout, assemble
from quizkit.exam.readiness import Prediction, Stratum, predict
from quizkit.progress.store import ProgressStore

BINS = 16

# FSRS's recall of: per group, (group index, bin counts, each bin's); each card of a pooled
# several-card fact; each card of the other several-card facts
Recalls = tuple[tuple[tuple[int, tuple[float, ...], list[float]], ...], list[float], list[float]]


@dataclass(frozen=True, slots=True)
class _PooledMulti:
    """The studied cards of several-card facts that share a pool, laid out for arithmetic."""

    x: tuple[float, ...]  # per card
    weight: tuple[float, ...]  # per card: its share of its fact's chance
    guess: tuple[float, ...]  # per card: a guess's full-mark chance (0: never)
    slot: tuple[int, ...]  # per card: its fact's index in ``base``
    base: tuple[float, ...]  # per fact: its chance with none of its cards studied
    # per pool: (key, first fact, end of its facts, Σ base ** j for j = 1..depth)
    pools: tuple[tuple[tuple, int, int, tuple[float, ...]], ...]

    @classmethod
    def of(cls, layout: ExamLayout, cards: list[tuple[int, float]]) -> _PooledMulti:
        facts: dict[tuple, dict[int, int]] = {}  # pool -> fact -> slot, facts in pool order
        for position, _ in cards:
            index = layout.multi_fact_of[position]
            facts.setdefault(layout.multi[index].pool, {}).setdefault(index, 0)  # type: ignore[arg-type]
        slots, base, pools = {}, [], []
        for key, members in facts.items():
            first = len(base)
            for index in members:
                slots[index] = len(base)
                base.append(layout.multi[index].base)
            ours = base[first:]
            sums = tuple(sum(b**j for b in ours) for j in range(1, layout.depth + 1))
            pools.append((key, first, len(base), sums))
        guess = layout.guess
        return cls(
            x=tuple(x for _, x in cards),
            weight=tuple(layout.multi_weight[p] for p, _ in cards),
            guess=tuple(1.0 / guess[p] if guess[p] else 0.0 for p, _ in cards),
            slot=tuple(slots[layout.multi_fact_of[p]] for p, _ in cards),
            base=tuple(base),
            pools=tuple(pools),
        )

    def sums(self, chances: list[float], depth: int) -> dict[tuple, list[float]]:
        """What the studied cards add to each pool's power sums, from their chances of a right
        answer (lucky guesses taken out here)."""
        shares = [
            w * (max(0.0, (c - p) / (1.0 - p)) if p else c)
            for c, w, p in zip(chances, self.weight, self.guess)
        ]
        chance = list(self.base)
        for slot, share in zip(self.slot, shares):
            chance[slot] += share
        out = {}
        for key, first, end, before in self.pools:
            ours = chance[first:end]
            deltas, powers = [], ours
            for j in range(depth):
                deltas.append(sum(powers) - before[j])
                powers = [q * a for q, a in zip(powers, ours)]
            out[key] = deltas
        return out


@dataclass(frozen=True, slots=True)
class StudiedRecall:
    """x (days since the last review over stability) of an exam's studied cards."""

    # (group index, bin counts, bin mean x, a guess's full-mark chance) per group studied
    groups: tuple[tuple[int, tuple[float, ...], tuple[float, ...], float], ...]
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
        for code, position, count, total in rows:
            if position >= 0:
                fact = layout.multi[layout.multi_fact_of[position]]
                (mixed if fact.pool is None else pooled).append((position, total))
            elif len(code) == 2:
                counts, means = bins.setdefault(int.from_bytes(code, "big") - 1, ([], []))
                counts.append(float(count))
                means.append(total / count)
        groups = tuple(
            (g, tuple(counts), tuple(means), full_mark_chance(layout.groups[g].marks))
            for g, (counts, means) in sorted(bins.items())
        )
        return cls(
            groups,
            _PooledMulti.of(layout, pooled),
            tuple(p for p, _ in mixed),
            tuple(x for _, x in mixed),
        )

    @classmethod
    def uniform(cls, layout: ExamLayout, cards: frozenset[str], x: float) -> StudiedRecall:
        """Every card in ``cards`` studied, all at the same ``x``; the others never studied."""
        groups = tuple(
            (g, (float(len(ids)),), (x,), full_mark_chance(layout.groups[g].marks))
            for g, ids in enumerate(layout.group_cards)
            if ids and ids[0] in cards
        )
        pooled, mixed = [], []
        for index, fact in enumerate(layout.multi):
            ours = [(position, x) for position, card_id, _ in fact.cards if card_id in cards]
            (mixed if index in layout.mixed else pooled).extend(ours)
        return cls(
            groups,
            _PooledMulti.of(layout, pooled),
            tuple(p for p, _ in mixed),
            tuple(x for _, x in mixed),
        )

    def at(self, x: float) -> StudiedRecall:
        """The same cards (from ``uniform``), all at another ``x``."""
        groups = tuple((g, counts, (x,), chance) for g, counts, _, chance in self.groups)
        pooled = replace(self.pooled, x=(x,) * len(self.pooled.x))
        return StudiedRecall(groups, pooled, self.mixed_positions, (x,) * len(self.mixed_x))

    def recall(self, factor: float, decay: float) -> Recalls:
        """FSRS's recall of every bin and card on the curve ``(1 + factor * x) ** decay``."""
        return (
            tuple(
                (g, counts, [(1.0 + factor * x) ** decay for x in means])
                for g, counts, means, _ in self.groups
            ),
            [(1.0 + factor * x) ** decay for x in self.pooled.x],
            [(1.0 + factor * x) ** decay for x in self.mixed_x],
        )

    def strata(
        self, layout: ExamLayout, recalls: Recalls, keep: float, offset: float = 0.0
    ) -> list[Stratum]:
        """``assemble``'s strata with every recall's chance ``calibration.chance(recall, keep,
        offset)``, lucky guesses taken out as ``assemble_from_recalls`` does."""
        depth = layout.depth
        group_sums = {}
        chances = {g: chance for g, _, _, chance in self.groups}
        for g, counts, values in recalls[0]:
            p = chances[g]
            r = _chances(values, keep, offset)
            if p > 0.0:
                r = [max(0.0, (c - p) / (1.0 - p)) for c in r]
            sums, powers = [], counts
            for _ in range(depth):
                powers = [q * a for q, a in zip(powers, r)]
                sums.append(sum(powers))
            group_sums[g] = sums
        pooled = self.pooled.sums(_chances(recalls[1], keep, offset), depth)
        mixed = dict(zip(self.mixed_positions, _chances(recalls[2], keep, offset)))
        return assemble(layout, group_sums, mixed, pooled)


def _chances(recalls: list[float], keep: float, offset: float) -> list[float]:
    """``calibration.chance`` of each recall, inlined: c / (c + (1 - c) e^-offset)."""
    if not offset:
        return [keep * v for v in recalls]
    odds = math.exp(-offset)
    return [c / (c + (1.0 - c) * odds) if c > 0.0 else 0.0 for c in (keep * v for v in recalls)]


def calibrated_prediction(
    layout: ExamLayout, studied: StudiedRecall, scales: Scales, factor: float, decay: float
) -> Prediction:
    """The exact prediction at each (stability scale, slip rate) of ``scales`` and each offset
    of the model error, weighed (``exam/calibration.py``): a stability ``scale`` times larger
    is FSRS's factor over it."""
    recalls: dict[float, Recalls] = {}
    predictions, weights = [], []
    for scale, slip, offset, weight in with_model_error(scales):
        if scale not in recalls:
            recalls[scale] = studied.recall(factor / scale, decay)
        strata = studied.strata(layout, recalls[scale], 1.0 - slip, offset)
        predictions.append(predict(layout.questions, layout.pass_mark, strata))
        weights.append(weight)
    return blend(predictions, weights, layout.pass_mark)
