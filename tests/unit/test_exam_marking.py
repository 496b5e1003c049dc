"""Marking by Moodle's rules, and the exam grade under each grading method."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from quizkit.deck.model import Card
from quizkit.exam.marking import exam_grade, mark_answer
from quizkit.exam.model import Attempt, Question, Response

T0 = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
BASE = Card("c", "c", "d", "choice", "Q?", "", 1, "h")
SINGLE = replace(BASE, choices=("a", "b", "c"), correct=("a",))
MULTI = replace(BASE, choices=("a", "b", "c", "d"), correct=("a", "b"), multiple=True)
TF = replace(BASE, kind="truefalse", correct=("false",))
TYPED = replace(BASE, kind="typed", correct=("gluteus maximus", "maximus"))
CLOZE = replace(BASE, kind="cloze", correct=("gluteus minimus",), cloze_ordinal=1)


@pytest.mark.parametrize(("picked", "mark"), [({"a"}, 1.0), ({"b"}, 0.0), (set(), 0.0)])
def test_single_choice_scores_one_or_nothing(picked, mark):
    assert mark_answer(SINGLE, Response(picked=tuple(picked))).score == mark


@pytest.mark.parametrize(
    ("picked", "mark"),
    [
        ({"a", "b"}, 1.0),  # both right options
        ({"a"}, 0.5),  # each right option earns its share
        ({"a", "b", "c"}, 0.5),  # a wrong option takes its share back
        ({"a", "c", "d"}, 0.0),  # never below 0 for the question
        ({"c"}, 0.0),
        (set(), 0.0),
        ({"a", "b", "c", "d"}, 0.0),  # ticking everything earns nothing
    ],
)
def test_multiple_choice_earns_partial_credit_clamped_at_zero(picked, mark):
    assert mark_answer(MULTI, Response(picked=tuple(picked))).score == mark


def test_true_false_scores_one_or_nothing():
    assert mark_answer(TF, Response(value=False)).score == 1.0
    assert mark_answer(TF, Response(value=True)).score == 0.0


def test_typed_and_cloze_match_as_in_study():
    assert mark_answer(TYPED, Response(text="  Maximus. ")).score == 1.0
    assert mark_answer(TYPED, Response(text="minimus")).score == 0.0
    assert mark_answer(CLOZE, Response(text="Gluteus Minimus")).score == 1.0
    assert mark_answer(CLOZE, Response(text="")).score == 0.0


def test_a_basic_card_cannot_be_marked():
    with pytest.raises(ValueError):
        mark_answer(replace(BASE, kind="basic"), Response(text="x"))


def _attempt(score: float, *, mode="certification", how="submitted") -> Attempt:
    questions = tuple(Question(f"q{i}", "truefalse", None, "h") for i in range(10))
    return Attempt(
        1, "e", "d", None, "h", mode, T0, None, questions, 0.8,
        ended_at=T0, ended_how=how, score=score,
    )  # fmt: skip


ATTEMPTS = [_attempt(6), _attempt(9), _attempt(7.5)]


@pytest.mark.parametrize(
    ("grading", "grade"), [("highest", 0.9), ("average", 0.75), ("first", 0.6), ("last", 0.75)]
)
def test_each_grading_method_over_several_attempts(grading, grade):
    assert exam_grade(ATTEMPTS, grading) == pytest.approx(grade)


def test_practice_abandoned_and_open_attempts_do_not_count_towards_the_grade():
    others = [
        _attempt(10, mode="practice"),
        _attempt(10, how="abandoned"),
        replace(_attempt(0), ended_at=None, ended_how=None, score=None),
    ]
    assert exam_grade(others, "highest") is None
    assert exam_grade([*others, _attempt(5)], "average") == 0.5


def test_an_attempt_passes_at_the_pass_mark_exactly():
    questions = tuple(Question(f"q{i}", "truefalse", None, "h") for i in range(25))
    attempt = replace(_attempt(20), questions=questions)
    assert attempt.passed  # 20 / 25 is 0.8, whatever floating point says
    assert not replace(attempt, score=19.5).passed


def test_a_typed_answer_within_the_spelling_tolerance_is_right_and_noted():
    mark = mark_answer(TYPED, Response(text="gluteus maximsu"))
    assert mark.score == 1.0 and mark.almost
    strict = replace(TYPED, typo_tolerance=False)
    assert mark_answer(strict, Response(text="gluteus maximsu")).score == 0.0
