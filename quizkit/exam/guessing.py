"""What a blind guess scores on each kind of exam question: the floor of a readiness prediction.

A question's marks are exact fractions of one mark (partial credit on a
several-answer choice is a share such as 1/3 or 1/6), so predictions can add
them up on an exact lattice instead of approximating.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import comb

from quizkit.deck.model import Card

# (mark from 0 to 1, probability), marks ascending, probabilities summing to 1.
Marks = tuple[tuple[Fraction, float], ...]

ZERO = Fraction(0)
ONE = Fraction(1)
NOTHING: Marks = ((ZERO, 1.0),)


@dataclass(frozen=True, slots=True, eq=False)
class GuessShape:
    """A guess's marks with what layouts ask of them, one object per kind of question (compared
    by identity: a 100,000-card deck hashes no fractions)."""

    marks: Marks
    partial: bool
    chance: float  # of the full mark


@lru_cache(maxsize=512)
def _shape(kind: str, options: int, right: int, multiple: bool) -> GuessShape:
    marks = _marks(kind, options, right, multiple)
    return GuessShape(marks, is_partial(marks), full_mark_chance(marks))


def guess_shape(card: Card) -> GuessShape:
    right = len(set(card.correct)) if card.multiple else 1
    return _shape(card.kind, len(card.choices), right, card.multiple)


def guess_marks(card: Card) -> Marks:
    """The marks a learner who does not recall ``card`` gets by guessing, with their chances.

    Typed and cloze answers cannot be guessed (0). True/false: one in two.
    Single choice: one in the number of options. Several-answer choice: the
    guesser ticks each option with an even chance (every subset of the options
    alike, as true/false is one coin per statement), marked as
    ``quizkit.study.grading.grade_choice`` marks it: each right option ticked
    earns its share, each wrong one takes its share back, never below 0.
    """
    return guess_shape(card).marks


def _marks(kind: str, options: int, right: int, multiple: bool) -> Marks:
    if kind == "truefalse":
        return ((ZERO, 0.5), (ONE, 0.5))
    if kind == "choice" and options:
        if multiple:
            return _several_answer_guess(options, right)
        return ((ZERO, 1 - 1 / options), (ONE, 1 / options))
    return NOTHING


@lru_cache(maxsize=256)
def _several_answer_guess(options: int, right: int) -> Marks:
    # cached: a large deck has thousands of such cards and a handful of shapes
    wrong = options - right
    chances: dict[Fraction, float] = {}
    for hits in range(right + 1):
        for misses in range(wrong + 1):
            earned = Fraction(hits, right) - (Fraction(misses, wrong) if wrong else ZERO)
            mark = max(ZERO, earned)
            ways = comb(right, hits) * comb(wrong, misses)
            chances[mark] = chances.get(mark, 0.0) + ways / 2**options
    return tuple(sorted(chances.items()))


def guess_denominator(card: Card) -> int:
    """d such that a guess earns the full mark with chance 1/d (0: never), for SQL to read
    from one byte: true/false 2, single choice n, several-answer choice 2**n (the one right
    subset of n options; 0 past 7 options, where the chance is below 1/255)."""
    if card.kind == "truefalse":
        return 2
    if card.kind == "choice" and card.choices:
        if card.multiple:
            return 2 ** len(card.choices) if len(card.choices) <= 7 else 0
        return len(card.choices)
    return 0


def recall_behind(correct: float, guess: float) -> float:
    """The recall behind a chance ``correct`` of answering right when a guess is right with
    chance ``guess``: FSRS learns from right answers, lucky guesses included, so its
    probability counts them; recall is what is left, (correct - guess) / (1 - guess)."""
    if guess <= 0.0:
        return correct
    return max(0.0, (correct - guess) / (1.0 - guess))


def is_partial(marks: Marks) -> bool:
    """True when a guess can earn part of a mark (not only 0 or 1)."""
    return any(mark not in (ZERO, ONE) for mark, _ in marks)


def full_mark_chance(marks: Marks) -> float:
    """The chance that a guess earns the whole mark."""
    return sum(p for mark, p in marks if mark == ONE)


def mean_mark(marks: Marks) -> float:
    return sum(float(mark) * p for mark, p in marks)
