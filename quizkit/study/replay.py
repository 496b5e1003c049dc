"""Replaying a long review history fast: py-fsrs's arithmetic on plain numbers.

Importing an Anki package replays every past review through FSRS (300,000 in
a large collection). ``fsrs.Scheduler.review_card`` costs about 27 µs a
review, nearly all of it around the arithmetic: a ``Card`` copy, datetimes,
enums, keyword calls. ``FastReplay`` does the same arithmetic, in the same
order (so the same floats, bit for bit), on a plain tuple with times in UTC
microseconds: about a tenth of the cost.

It is only a faster path to the same states: ``Scheduler.replay`` (and so
``quizkit doctor --rebuild`` and study) stays the reference, and
tests/interop/test_fast_replay.py checks that both agree on many random
histories. Fuzz is never applied here: replayed history has none.
"""

from __future__ import annotations

import math
from datetime import timedelta

from quizkit.study.scheduler import Scheduler

DAY_US = 86_400_000_000
_US = timedelta(microseconds=1)

# A state as a tuple, ``CardState.as_row()``: the cards table's columns in their order
# (phase, step, stability, difficulty, due µs, last review µs, reps, lapses).
State = tuple
NEW_STATE: State = (0, None, None, None, None, None, 0, 0)

_NEW, _LEARNING, _REVIEW, _RELEARNING = 0, 1, 2, 3
_AGAIN, _HARD, _GOOD, _EASY = 1, 2, 3, 4
_MIN_STABILITY = 0.001
_MIN_DIFFICULTY, _MAX_DIFFICULTY = 1.0, 10.0


class FastReplay:
    """``replay(state, rating, at)`` as ``Scheduler.replay`` computes it, on tuples."""

    def __init__(self, scheduler: Scheduler) -> None:
        fsrs = scheduler._fsrs  # the very object Scheduler.replay asks
        if fsrs.enable_fuzzing:
            raise ValueError("replayed history is never fuzzed: give a Scheduler with fuzz=False")
        p = self._p = tuple(fsrs.parameters)
        e = math.e
        self._decay, self._factor = fsrs._DECAY, fsrs._FACTOR
        self._interval_k = (fsrs.desired_retention ** (1 / fsrs._DECAY)) - 1
        self._max_days = fsrs.maximum_interval
        # Everything that depends only on the rating, computed once as py-fsrs would.
        ratings = range(5)
        self._initial_s = [max(p[r - 1], _MIN_STABILITY) if r else 0.0 for r in ratings]
        self._initial_d = [_clamp_d(p[4] - (e ** (p[5] * (r - 1))) + 1) for r in ratings]
        self._short_up = [e ** (p[17] * (r - 3 + p[18])) for r in ratings]
        self._easy_d = p[7] * (p[4] - (e ** (p[5] * (_EASY - 1))) + 1)
        self._keep_d = 1 - p[7]
        self._delta_d = [-(p[6] * (r - 3)) for r in ratings]
        self._e_p8 = e ** p[8]
        self._forget_short = e ** (p[17] * p[18])
        self._learning = _steps_us(fsrs.learning_steps)
        self._relearning = _steps_us(fsrs.relearning_steps)

    def replay(self, state: State, rating: int, at: int) -> State:
        """The state after answering ``rating`` (1-4) at ``at`` (UTC µs)."""
        phase, step, s, d, _due, last, reps, lapses = state
        if phase == _NEW:
            fsrs_state, step, s, d, last = _LEARNING, 0, None, None, None
        else:
            fsrs_state = phase
            if last is not None and last > at:
                last = at  # as Scheduler does: a clock that went back is no time at all
        days = (at - last) // DAY_US if last is not None else None
        if s is None or d is None:  # only a learning card has none yet
            s, d = self._initial_s[rating], self._initial_d[rating]
        else:
            if days is not None and days < 1:
                new_s = self._short_term(s, rating)
            else:  # days >= 0: ``last`` is never after ``at``
                r = 0 if last is None else (1 + self._factor * days / s) ** self._decay
                new_s = self._next_s(d, s, r, rating)
            # py-fsrs's _next_difficulty and, below, _interval_us written out: 300,000 calls.
            # ``lo if x < lo else x`` is ``max(x, lo)`` exactly (NaN and ties alike), without
            # the call; ``hi if x > hi else x`` is ``min(x, hi)``.
            damped = d + (10.0 - d) * self._delta_d[rating] / 9.0
            d = self._easy_d + self._keep_d * damped
            d = _MIN_DIFFICULTY if d < _MIN_DIFFICULTY else d
            d = _MAX_DIFFICULTY if d > _MAX_DIFFICULTY else d
            s = new_s
        if fsrs_state == _REVIEW:
            if rating == _AGAIN and self._relearning[0]:
                fsrs_state, step, interval = _RELEARNING, 0, self._relearning[1][0]
            else:
                days = round((s / self._factor) * self._interval_k)
                days = 1 if days < 1 else days
                interval = (self._max_days if self._max_days < days else days) * DAY_US
        else:
            steps = self._learning if fsrs_state == _LEARNING else self._relearning
            fsrs_state, step, interval = self._stepped(fsrs_state, step, rating, s, steps)
        lapsed = phase == _REVIEW and rating == _AGAIN
        return (fsrs_state, step, s, d, at + interval, at, reps + 1, lapses + lapsed)

    def _stepped(self, fsrs_state: int, step: int, rating: int, s: float, steps: tuple):
        """(state, step, interval µs) of a learning or relearning card: py-fsrs's step rules."""
        count, each, hard_first = steps
        if count == 0 or (step >= count and rating != _AGAIN):
            return _REVIEW, None, self._interval_us(s)
        if rating == _AGAIN:
            return fsrs_state, 0, each[0]
        if rating == _HARD:
            return fsrs_state, step, hard_first if step == 0 else each[step]
        if rating == _GOOD and step + 1 < count:
            return fsrs_state, step + 1, each[step + 1]
        return _REVIEW, None, self._interval_us(s)

    def _interval_us(self, s: float) -> int:
        days = round((s / self._factor) * self._interval_k)
        return min(max(days, 1), self._max_days) * DAY_US

    def _short_term(self, s: float, rating: int) -> float:
        increase = self._short_up[rating] * (s ** -self._p[19])
        if rating != _AGAIN:
            increase = max(increase, 1.0)
        return max(s * increase, _MIN_STABILITY)

    def _next_s(self, d: float, s: float, r: float, rating: int) -> float:
        p = self._p
        if rating == _AGAIN:
            long_term = (
                p[11] * (d ** -p[12]) * (((s + 1) ** (p[13])) - 1) * (math.e ** ((1 - r) * p[14]))
            )
            new_s = min(long_term, s / self._forget_short)
        else:
            grown = self._e_p8 * (11 - d) * (s ** -p[9]) * ((math.e ** ((1 - r) * p[10])) - 1)
            if rating == _HARD:
                grown = grown * p[15]
            elif rating == _EASY:
                grown = grown * p[16]
            new_s = s * (1 + grown)
        return _MIN_STABILITY if new_s < _MIN_STABILITY else new_s  # max(new_s, ...), no call


def _clamp_d(d: float) -> float:
    return min(max(d, _MIN_DIFFICULTY), _MAX_DIFFICULTY)


def _steps_us(steps: tuple[timedelta, ...]) -> tuple[int, tuple[int, ...], int]:
    """(how many, each in µs, Hard's interval at the first step in µs), as py-fsrs computes them."""
    if not steps:
        return 0, (), 0
    hard = steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2.0
    return len(steps), tuple(step // _US for step in steps), hard // _US
