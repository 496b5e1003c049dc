"""How far this learner's memory runs from FSRS's: a per-learner calibration of readiness.

FSRS's recall is an average over learners and cards; one learner forgets
faster or slower than it predicts, and the same for every card at once. Read
card by card as independent, the exam's pass probability is then far too sure
(the benchmark's top deciles were 5 to 16 points too optimistic). So the
learner's own review outcomes weigh a scale ``s`` on every stability: recall
``R = (1 + f·t/S)**d`` becomes ``(1 + f·t/(s·S))**d``. A grid of scales
around 1 (a log-normal prior) is weighed by the likelihood of the learner's
answers to review cards, right or not, each with the chance FSRS gave it then;
the prediction is the weighted mean of the predictions at each scale. A learner
with few reviews keeps the prior's spread; many reviews narrow it to their own.

Two things the grid alone got wrong (the calibration benchmark: learners
predicted 70-90 % passed 4-6 points less often, those predicted 40-50 % more
often):

* the review outcomes are not independent (one card is answered again and
  again, with its own difficulty), so their likelihood is tempered: each counts
  ``TEMPER`` of a full observation;
* even calibrated, a learner's chances run off FSRS's by a few points, all
  cards at once: their memory differs from FSRS's in shape, not only in scale
  (their own parameters, cards promoted by lucky answers). The prediction
  integrates an offset on the log-odds of every card's chance, normal with
  ``MODEL_ERROR`` as its spread (three-point Gauss-Hermite,
  ``with_model_error``): about 3 points either way on a chance of 0.85, almost
  nothing on a chance near 0 or 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from quizkit.exam.readiness import Prediction, TopicScore

# log-scale spread of learners' memory around FSRS's (a stability off by ~1.6x is common)
PRIOR_SIGMA = 0.5
# z-scores of the grid over log s, and what a point must weigh to be kept
_GRID = tuple(z / 2 for z in range(-6, 7))
_KEEP = 0.01
# bins per unit of ln(f·t/S) the review outcomes are summed in (see _binned)
_BINS = 64
# a review's chance is kept off 0 and 1, so one surprise never rules a scale out
_FLOOR = 0.005

# each review outcome counts this much of an observation (they are not independent)
TEMPER = 0.5
# the spread of the log-odds of a learner's chance of a right answer around the calibrated one
MODEL_ERROR = 0.25
_OFFSETS = (
    (-MODEL_ERROR * math.sqrt(3.0), 1 / 6),
    (0.0, 2 / 3),
    (MODEL_ERROR * math.sqrt(3.0), 1 / 6),
)

# (scale on stability, slip rate, weight), weights summing to 1
Scales = tuple[tuple[float, float, float], ...]
# (scale on stability, slip rate, offset on the chance, weight): what a prediction weighs
Points = tuple[tuple[float, float, float, float], ...]
# slip rates and their prior weights: most answers that are known are given right
SLIPS = ((0.0, 0.4), (0.03, 0.3), (0.06, 0.2), (0.1, 0.1))


def scaled_recall(recall: float, scale: float, decay: float) -> float:
    """FSRS's ``recall`` of a card, had its stability been ``scale`` times larger."""
    if recall <= 0.0 or scale == 1.0:
        return recall
    base = recall ** (1.0 / decay) - 1.0  # f·t/S, from R = (1 + f·t/S)**d
    return (1.0 + base / scale) ** decay


def memory_scales(outcomes: Iterable[tuple[float, bool]], decay: float) -> Scales:
    """The posterior over the learner's (stability scale, slip rate), on a grid, from their
    review outcomes: (FSRS's chance of a right answer when the review card was shown,
    answered right). A slip is a recalled answer given wrong: the chance of a right answer
    becomes ``(1 - slip) * recall``. No outcomes: the prior."""
    grid = [
        (z * PRIOR_SIGMA, slip, -0.5 * z * z + math.log(prior))
        for z in _GRID
        for slip, prior in SLIPS
    ]
    log_weights = [w for _, _, w in grid]
    bins = _binned(outcomes, decay)
    rights = [right for right, _, _ in bins]
    counts = [count for _, count, _ in bins]
    recalls: dict[float, list[float]] = {}
    for i, (log_s, slip, _) in enumerate(grid):
        if log_s not in recalls:
            scale = math.exp(log_s)
            recalls[log_s] = [(1.0 + base / scale) ** decay for _, _, base in bins]
        keep = 1.0 - slip
        log_weights[i] += TEMPER * sum(
            n * math.log(p if right else 1.0 - p)
            for n, right, p in zip(
                counts, rights, (min(1.0 - _FLOOR, max(_FLOOR, keep * r)) for r in recalls[log_s])
            )
        )
    top = max(log_weights)
    weights = [math.exp(w - top) for w in log_weights]
    total = sum(weights)
    kept = [
        (math.exp(log_s), slip, w / total)
        for (log_s, slip, _), w in zip(grid, weights)
        if w / total >= _KEEP
    ]
    norm = sum(w for _, _, w in kept)
    return tuple((s, slip, w / norm) for s, slip, w in kept)


def with_model_error(scales: Scales) -> Points:
    """Each (scale, slip) point of ``scales`` at each offset of the model error on the chance
    of a right answer (``chance``), weighed."""
    return tuple(
        (scale, slip, offset, w * share) for scale, slip, w in scales for offset, share in _OFFSETS
    )


def chance(recall: float, keep: float, offset: float) -> float:
    """The chance of a right answer at a point: FSRS's recall (at the point's scale) times
    ``keep`` (1 minus the slip rate), its log-odds moved by the model error's ``offset``."""
    c = keep * recall
    if not offset or c <= 0.0 or c >= 1.0:
        return c
    return c / (c + (1.0 - c) * math.exp(-offset))


def _binned(outcomes: Iterable[tuple[float, bool]], decay: float) -> list[tuple[bool, int, float]]:
    """The outcomes by answer and bin of ln(f·t/S) (``R = (1 + f·t/S)**d``), 1/``_BINS`` wide:
    (answered right, how many, their mean f·t/S). Scaling a bin's mean instead of each of its
    outcomes errs at second order in the bin's width (about 1e-5 of a chance), and the
    likelihood costs a few hundred terms a grid point instead of 2,000."""
    bins: dict[tuple[bool, int | None], list[float]] = {}
    for recall, right in outcomes:
        if recall <= 0.0:  # no chance at any scale: f·t/S is infinite
            base, key = math.inf, (right, None)
        else:
            base = max(0.0, recall ** (1.0 / decay) - 1.0)
            key = (right, round(math.log(base) * _BINS) if base > 0.0 else -(2**62))
        entry = bins.setdefault(key, [0, 0.0])
        entry[0] += 1
        entry[1] += base
    return [(right, n, total / n) for (right, _), (n, total) in bins.items()]


def blend(
    predictions: Sequence[Prediction], weights: Sequence[float], pass_mark: float
) -> Prediction:
    """The weighted mean of predictions of one exam (same topics, in the same order); the
    weakest topics are those whose blended score falls below ``pass_mark``, weakest first."""
    if len(predictions) == 1:
        return predictions[0]
    pairs = list(zip(predictions, weights))
    topics = tuple(
        TopicScore(t.topic, sum(w * p.by_topic[i].predicted_score for p, w in pairs))
        for i, t in enumerate(predictions[0].by_topic)
    )
    ranked = sorted(topics, key=lambda t: t.predicted_score)
    return Prediction(
        predicted_score=sum(w * p.predicted_score for p, w in pairs),
        pass_probability=min(1.0, sum(w * p.pass_probability for p, w in pairs)),
        by_topic=topics,
        weakest_topics=tuple(t.topic for t in ranked if t.predicted_score < pass_mark)[:3],
    )


def blend_points(
    points: Points, predict_at: Callable[[float, float, float], Prediction], pass_mark: float
) -> Prediction:
    """``blend`` of the predictions at ``points``, with fewer exact ones: at one slip rate and
    offset, a scale between two others on the grid, a step either side, is not predicted but
    interpolated (``_midpoint``): the pass probability is smooth in log s, and its log-odds
    nearly straight over two steps (tests/unit/test_readiness_calibration.py bounds the
    error against every point exact). ``predict_at(scale, slip, offset)``: the exact one."""
    between = _between(points)
    exact = {
        (scale, slip, offset): predict_at(scale, slip, offset)
        for scale, slip, offset, _ in points
        if (scale, slip, offset) not in between
    }
    predictions = [
        exact.get((s, slip, o))
        or _midpoint(*(exact[(n, slip, o)] for n in between[(s, slip, o)]), pass_mark)
        for s, slip, o, _ in points
    ]
    return blend(predictions, [w for *_, w in points], pass_mark)


def _between(points: Points) -> dict[tuple[float, float, float], tuple[float, float]]:
    """The points to interpolate, each with its two neighbours on the scale grid (the scales
    at odd places along the grid among those kept at its slip and offset, but the last)."""
    scales: dict[tuple[float, float], list[float]] = {}
    for scale, slip, offset, _ in points:
        scales.setdefault((slip, offset), []).append(scale)
    out = {}
    for (slip, offset), ours in scales.items():
        ours.sort()
        for i in range(1, len(ours) - 1, 2):
            low, mid, high = (math.log(s) for s in ours[i - 1 : i + 2])
            if abs((mid - low) - (high - mid)) < 1e-9:  # one grid step either side
                out[(ours[i], slip, offset)] = (ours[i - 1], ours[i + 1])
    return out


def _midpoint(low: Prediction, high: Prediction, pass_mark: float) -> Prediction:
    """The prediction halfway between two (in log s): scores the mean; the pass probability
    the mean of the log-odds, which bends as the probability does near 0 and 1."""
    mean = blend((low, high), (0.5, 0.5), pass_mark)
    a, b = low.pass_probability, high.pass_probability
    if 0.0 < a < 1.0 and 0.0 < b < 1.0:
        odds = math.sqrt(a / (1.0 - a) * b / (1.0 - b))
        return replace(mean, pass_probability=odds / (1.0 + odds))
    return mean
