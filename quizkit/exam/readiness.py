"""Exam readiness: the predicted score and the exact chance of passing, from recall probabilities.

Pure maths, no file and no clock. The exam is drawn as ``exam/draw.py`` draws
it: one card per fact (a note, or a group of variants), ``draw`` facts from
each blueprint topic, then the rest of the questions from all facts left, every
choice uniform. Each fact drawn earns full marks when recalled, else what a
guess earns (``exam/guessing.py``); facts are independent of one another.

The score's distribution over that draw and those outcomes is computed exactly
on a lattice of score units (1/``unit`` of a mark, ``unit`` the least common
denominator of every partial mark), not approximated:

* Facts of one topic that answer alike form a ``Pool`` known only by the power
  sums of their chances (sum of a, a**2, ...). A uniform draw of ``c`` of them
  depends on the chances only through the elementary symmetric polynomials
  e_1..e_c, which Newton's identities give from the power sums. So a topic of
  50,000 facts costs no more than one of 5, and the power sums can be summed
  where the data lives (see ``progress/recall.py``).
* Within a topic, pools multiply as polynomials in y (y**c: c questions drawn)
  whose coefficients are sparse polynomials in the score units.
* Across topics, the questions left after the blueprint fall on each topic
  hypergeometrically; the blueprint alone is a plain convolution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce

from quizkit.exam.guessing import NOTHING, Marks, mean_mark

# units -> probability (or a weight before normalising)
Dist = dict[int, float]


class Unfillable(ValueError):
    """The deck has too few facts for the exam's blueprint, so no attempt can be drawn."""


@dataclass(frozen=True, slots=True)
class Pool:
    """Facts of one topic that answer alike: full marks with their own chance ``a``, else ``guess``.

    ``sums[j - 1]`` is the sum over the pool's facts of ``a ** j``; facts never
    studied add nothing but their count. For a question with no partial
    credit, ``a`` is already the chance of the full mark (recall, or a lucky
    guess) and ``guess`` is ``NOTHING``.
    """

    topic: str | None
    count: int
    sums: tuple[float, ...]
    guess: Marks = NOTHING


@dataclass(frozen=True, slots=True)
class Stratum:
    """The facts one blueprint line draws ``draw`` questions from; ``draw`` 0 and ``topic``
    None: every fact outside the blueprint's topics (only the questions left over reach it)."""

    topic: str | None
    draw: int
    pools: tuple[Pool, ...] = ()
    # Facts whose variants mark differently: (topic, the fact's own marks distribution).
    mixed: tuple[tuple[str | None, Marks], ...] = ()

    @property
    def facts(self) -> int:
        return sum(pool.count for pool in self.pools) + len(self.mixed)


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    predicted_score: float


@dataclass(frozen=True, slots=True)
class Prediction:
    predicted_score: float  # expected fraction of the marks, 0..1
    pass_probability: float  # P(score >= pass mark), 0..1
    by_topic: tuple[TopicScore, ...]  # expected mark of a question of each topic the exam can ask
    weakest_topics: tuple[str, ...]  # up to three topics below the pass mark, weakest first


def predict(questions: int, pass_mark: float, strata: Sequence[Stratum]) -> Prediction:
    """The exam's predicted score, pass probability and per-topic scores.

    Raises ``Unfillable`` when a blueprint line asks more facts than its topic
    has, or the exam more than the deck has.
    """
    drawn = sum(s.draw for s in strata)
    rest = questions - drawn
    total_facts = sum(s.facts for s in strata)
    for stratum in strata:
        if stratum.facts < stratum.draw:
            raise Unfillable(
                f'topic "{stratum.topic}" has {stratum.facts} facts to draw {stratum.draw}'
            )
    if rest < 0 or rest > total_facts - drawn:
        raise Unfillable(f"the exam needs {questions} questions; the deck has {total_facts} facts")
    by_topic = _topic_scores(strata, rest)
    predicted = _expected_score(strata, rest, total_facts - drawn) / max(1, questions)
    unit = _unit(strata)
    threshold = math.ceil(Fraction(pass_mark).limit_denominator(10**6) * questions * unit)
    passing = _pass_chance(strata, rest, unit, threshold)
    ranked = sorted(by_topic, key=lambda t: t.predicted_score)
    below = [t.topic for t in ranked if t.predicted_score < pass_mark]
    return Prediction(
        predicted_score=min(1.0, max(0.0, predicted)),
        pass_probability=min(1.0, max(0.0, passing)),
        by_topic=by_topic,
        weakest_topics=tuple(below[:3]),
    )


def score_distribution(strata: Sequence[Stratum], rest: int, unit: int) -> Dist:
    """P(total score = u / unit marks) for every reachable u, over the draw and the outcomes."""
    tables = [_stratum_table(s, s.draw + min(rest, s.facts - s.draw), unit) for s in strata]
    if rest == 0:
        return reduce(_convolve, (table[s.draw] for s, table in zip(strata, tables)), {0: 1.0})
    # by extra questions placed so far: the (unnormalised) distribution
    placed: list[Dist] = [{0: 1.0}] + [{} for _ in range(rest)]
    for stratum, table in zip(strata, tables):
        spare = stratum.facts - stratum.draw
        nxt: list[Dist] = [{} for _ in range(rest + 1)]
        for used, dist in enumerate(placed):
            if not dist:
                continue
            for extra in range(min(rest - used, spare) + 1):
                weight = math.comb(spare, extra)
                _add_into(nxt[used + extra], _convolve(dist, table[stratum.draw + extra]), weight)
        placed = nxt
    ways = math.comb(sum(s.facts - s.draw for s in strata), rest)
    return {units: p / ways for units, p in placed[rest].items()}


def _pass_chance(strata: Sequence[Stratum], rest: int, unit: int, threshold: int) -> float:
    """P(score >= threshold units): the blueprint-only case convolves densely, and the last
    (widest) stratum only meets the others' tail, never a full convolution."""
    if rest:
        distribution = score_distribution(strata, rest, unit)
        return sum(p for units, p in distribution.items() if units >= threshold)
    parts = sorted((_stratum_table(s, s.draw, unit)[s.draw] for s in strata if s.draw), key=len)
    if not parts:
        return 1.0 if threshold <= 0 else 0.0
    *first, last = parts
    dense = [1.0]
    for part in first:
        dense = _convolve_dense(dense, part)
    # tail[u] = P(others >= u)
    tail = [0.0] * (len(dense) + 1)
    for u in range(len(dense) - 1, -1, -1):
        tail[u] = tail[u + 1] + dense[u]
    top = len(dense)
    return sum(p * tail[min(top, max(0, threshold - units))] for units, p in last.items())


def _convolve_dense(dense: list[float], sparse: Dist) -> list[float]:
    out = [0.0] * (len(dense) + max(sparse))
    width = len(dense)
    for shift, p in sparse.items():
        window = out[shift : shift + width]
        out[shift : shift + width] = [x + p * q for x, q in zip(window, dense)]
    return out


def _stratum_table(stratum: Stratum, upto: int, unit: int) -> list[Dist]:
    """For c = 0..upto: the distribution of the marks of c facts drawn uniformly from the stratum."""
    poly: list[Dist] = [{0: 1.0}] + [{} for _ in range(upto)]
    for pool in stratum.pools:
        poly = _multiply(poly, _pool_poly(pool, upto, unit), upto)
    for _topic, marks in stratum.mixed:
        poly = _multiply(poly, [{0: 1.0}, _on_lattice(marks, unit)], upto)
    facts = stratum.facts
    return [
        {units: w / math.comb(facts, c) for units, w in dist.items()} if c <= facts else {}
        for c, dist in enumerate(poly)
    ]


def _pool_poly(pool: Pool, upto: int, unit: int) -> list[Dist]:
    """The pool's sum over its c-subsets of their marks' generating functions, c = 0..upto.

    With ê_m the mean over m-subsets of the product of their chances, the mean
    over (h + k)-subsets of "these h recall, those k do not" is
    f(h, k) = Σ_l (-1)^l C(k, l) ê_{h+l} (inclusion-exclusion).
    """
    upto = min(upto, pool.count)
    mean_products = _mean_products(pool.count, pool.sums, upto)
    guesses = _guess_powers(_on_lattice(pool.guess, unit), upto)
    poly: list[Dist] = []
    for c in range(upto + 1):
        out: Dist = {}
        subsets = math.comb(pool.count, c)
        for h in range(c + 1):
            k = c - h
            f = sum((-1) ** i * math.comb(k, i) * mean_products[h + i] for i in range(k + 1))
            if f <= 0.0:
                continue  # 0 up to rounding
            weight = subsets * math.comb(c, h) * f
            shift = h * unit
            for units, p in guesses[k].items():
                out[units + shift] = out.get(units + shift, 0.0) + weight * p
        poly.append(out)
    return poly


def _mean_products(count: int, sums: Sequence[float], upto: int) -> list[float]:
    """ê_m for m = 0..upto: e_m (Newton's identities from the power sums) over C(count, m)."""
    elementary = [1.0]
    for m in range(1, upto + 1):
        acc = 0.0
        for j in range(1, m + 1):
            term = elementary[m - j] * sums[j - 1]
            acc += term if j % 2 else -term
        elementary.append(max(0.0, acc / m))
    return [e / math.comb(count, m) for m, e in enumerate(elementary)]


def _guess_powers(guess: Dist, upto: int) -> list[Dist]:
    powers = [{0: 1.0}]
    for _ in range(upto):
        powers.append(_convolve(powers[-1], guess) if guess != {0: 1.0} else {0: 1.0})
    return powers


def _multiply(a: list[Dist], b: list[Dist], upto: int) -> list[Dist]:
    out: list[Dist] = [{} for _ in range(upto + 1)]
    for i, da in enumerate(a):
        if not da:
            continue
        for j, db in enumerate(b[: upto + 1 - i]):
            if db:
                _add_into(out[i + j], _convolve(da, db), 1.0)
    return out


def _convolve(a: Dist, b: Dist) -> Dist:
    if len(a) < len(b):
        a, b = b, a
    out: Dist = {}
    get = out.get
    for kb, vb in b.items():
        for ka, va in a.items():
            out[ka + kb] = get(ka + kb, 0.0) + va * vb
    return out


def _add_into(target: Dist, source: Dist, weight: float) -> None:
    for units, p in source.items():
        target[units] = target.get(units, 0.0) + weight * p


def _on_lattice(marks: Marks, unit: int) -> Dist:
    out: Dist = {}
    for mark, p in marks:
        if p:
            key = int(mark * unit)
            out[key] = out.get(key, 0.0) + p
    return out


def _unit(strata: Sequence[Stratum]) -> int:
    denominators = {1}
    for stratum in strata:
        for pool in stratum.pools:
            denominators.update(mark.denominator for mark, _ in pool.guess)
        for _topic, marks in stratum.mixed:
            denominators.update(mark.denominator for mark, _ in marks)
    return math.lcm(*denominators)


def _pool_mark_total(pool: Pool) -> float:
    """Σ over the pool's facts of the expected mark: a + (1 - a) × (mean guess)."""
    guess = mean_mark(pool.guess)
    recalled = pool.sums[0] if pool.sums else 0.0
    return recalled * (1 - guess) + pool.count * guess


def _expected_score(strata: Sequence[Stratum], rest: int, spare_total: int) -> float:
    total = 0.0
    for stratum in strata:
        if not stratum.facts:
            continue
        marks = sum(_pool_mark_total(p) for p in stratum.pools)
        marks += sum(mean_mark(m) for _t, m in stratum.mixed)
        drawn = stratum.draw
        if rest:
            drawn += rest * (stratum.facts - stratum.draw) / spare_total
        total += drawn * marks / stratum.facts
    return total


def _topic_scores(strata: Sequence[Stratum], rest: int) -> tuple[TopicScore, ...]:
    """Mean expected mark of each topic's facts, for the topics the exam can ask."""
    totals: dict[str, list[float]] = {}
    for stratum in strata:
        if stratum.draw == 0 and rest == 0:
            continue
        for pool in stratum.pools:
            if pool.topic is not None and pool.count:
                entry = totals.setdefault(pool.topic, [0.0, 0])
                entry[0] += _pool_mark_total(pool)
                entry[1] += pool.count
        for topic, marks in stratum.mixed:
            if topic is not None:
                entry = totals.setdefault(topic, [0.0, 0])
                entry[0] += mean_mark(marks)
                entry[1] += 1
    return tuple(TopicScore(topic, marks / count) for topic, (marks, count) in totals.items())
