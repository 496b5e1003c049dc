"""Brute force for the readiness tests: every draw, and every outcome.

``spec_draw`` is the draw as ``exam/draw.py`` documents it, written the plain
way (one random card per fact, then uniform facts per blueprint line and from
the rest); ``EveryDraw`` stands in for ``random.Random`` so that each pick is a
branch point, and ``every_draw`` walks the whole tree. The real draw (which
may sample more cleverly) is checked against ``spec_draw`` statistically.
Outcomes are marked with ``study.grading`` itself: a guess on a several-answer
choice tries every subset of the options.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path

from quizkit.deck.model import Card, Cards, Deck, Exam
from quizkit.study.grading import grade_choice


class EveryDraw:
    """A ``random.Random`` stand-in whose picks follow a path; records each branch's width."""

    def __init__(self, path: list[int]) -> None:
        self.path = path
        self.widths: list[int] = []

    def _pick(self, width: int) -> int:
        at = len(self.widths)
        if at == len(self.path):
            self.path.append(0)
        self.widths.append(width)
        return self.path[at]

    def choice(self, seq):
        return seq[self._pick(len(seq))]

    def sample(self, population, k):
        left = list(population)
        return [left.pop(self._pick(len(left))) for _ in range(k)]

    def shuffle(self, x) -> None:
        for i in reversed(range(1, len(x))):
            j = self._pick(i + 1)
            x[i], x[j] = x[j], x[i]


def spec_draw(deck: Deck, exam: Exam, rng) -> list[Card]:
    """One card per fact at random; each blueprint line's facts uniformly; the rest uniformly."""
    by_fact: dict[str, list[Card]] = {}
    for card in deck.cards:
        if card.gradable:
            by_fact.setdefault(card.fact_key, []).append(card)
    pool = [rng.choice(cards) for cards in by_fact.values()]
    chosen: list[Card] = []
    for draw in exam.draws:
        chosen += rng.sample([c for c in pool if c.topic == draw.topic], draw.count)
    rest = [c for c in pool if c not in chosen]
    chosen += rng.sample(rest, exam.questions - len(chosen))
    return chosen


def draw_chances(deck: Deck, exam: Exam) -> dict[tuple[str, ...], float]:
    """P(the drawn cards are exactly these), by ``spec_draw``, keyed by sorted card ids."""
    out: dict[tuple[str, ...], float] = {}
    for probability, drawn in every_draw(lambda rng: spec_draw(deck, exam, rng)):
        key = tuple(sorted(c.id for c in drawn))
        out[key] = out.get(key, 0.0) + probability
    return out


def every_draw(run: Callable[[EveryDraw], list[Card]]) -> list[tuple[float, list[Card]]]:
    """(probability, cards drawn) for every leaf of the draw's tree of picks."""
    leaves = []
    path: list[int] = []
    while True:
        rng = EveryDraw(path)
        drawn = run(rng)
        probability = 1.0
        for width in rng.widths:
            probability /= width
        leaves.append((probability, drawn))
        path = path[: len(rng.widths)]
        while path and path[-1] + 1 >= rng.widths[len(path) - 1]:
            path.pop()
        if not path:
            return leaves
        path[-1] += 1


def card_outcomes(card: Card, recall: float) -> dict[Fraction, float]:
    """The marks of one question whose FSRS probability (right answers, lucky guesses
    included) is ``recall``: full marks when the recall behind it holds, else every guess
    marked by grading."""
    guesses: dict[Fraction, float] = {}
    if card.kind == "choice":
        subsets = (
            [
                set(s)
                for n in range(len(card.choices) + 1)
                for s in itertools.combinations(card.choices, n)
            ]
            if card.multiple
            else [{c} for c in card.choices]
        )
        for picked in subsets:
            mark = Fraction(grade_choice(card, picked).score).limit_denominator(1000)
            guesses[mark] = guesses.get(mark, 0.0) + 1 / len(subsets)
    elif card.kind == "truefalse":
        guesses = {Fraction(0): 0.5, Fraction(1): 0.5}
    else:
        guesses = {Fraction(0): 1.0}
    lucky = guesses.get(Fraction(1), 0.0)
    behind = max(0.0, (recall - lucky) / (1 - lucky)) if lucky else recall
    out = {mark: (1 - behind) * p for mark, p in guesses.items()}
    out[Fraction(1)] = out.get(Fraction(1), 0.0) + behind
    return out


def brute_distribution(
    cards: Sequence[Card], exam: Exam, recall: Mapping[str, float]
) -> dict[Fraction, float]:
    """P(score = s) for the exam's score s (a fraction of the marks), by enumeration."""
    deck = small_deck(cards, exam)
    by_id = {c.id: c for c in cards}
    total: dict[Fraction, float] = {}
    for ids, probability in draw_chances(deck, exam).items():
        drawn = [by_id[i] for i in ids]
        dist = {Fraction(0): probability}
        for card in drawn:
            step: dict[Fraction, float] = {}
            for mark, p in card_outcomes(card, recall.get(card.id, 0.0)).items():
                for score, q in dist.items():
                    step[score + mark] = step.get(score + mark, 0.0) + p * q
            dist = step
        for score, p in dist.items():
            total[score / exam.questions] = total.get(score / exam.questions, 0.0) + p
    return total


def small_deck(cards: Sequence[Card], exam: Exam) -> Deck:
    return Deck("d", "D", Path("d.toml"), "h", cards=Cards(cards), exams=(exam,))


_LINE = itertools.count(1)


def card(
    card_id: str,
    kind: str,
    *,
    topic: str | None = None,
    note: str | None = None,
    group: str | None = None,
    choices: Sequence[str] = (),
    correct: Sequence[str] = (),
) -> Card:
    multiple = kind == "choice" and len(correct) > 1
    if kind == "truefalse" and not correct:
        correct = ("true",)
    if kind in ("typed", "cloze") and not correct:
        correct = ("x",)
    return Card(
        id=card_id,
        note_id=note or card_id,
        deck_id="d",
        kind=kind,  # type: ignore[arg-type]
        prompt=card_id,
        answer="",
        line=next(_LINE),
        content_hash=card_id,
        topic=topic,
        choices=tuple(choices),
        correct=tuple(correct),
        multiple=multiple,
        group=group,
    )
