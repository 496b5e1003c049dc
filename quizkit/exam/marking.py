"""Answers to marks, and attempts to an exam grade: Moodle's quiz rules (docs/exams.md).

"What counts as right" lives in ``quizkit/study/grading.py`` alone: study and
exams call the same functions, so a typed answer accepted in study is accepted
in an exam. This module only adds what exams have on top: the attempt's
total, and the exam grade across attempts under the exam's grading method.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizkit.deck.model import Card
from quizkit.exam.model import Attempt, Grading, Mark, Response
from quizkit.study.grading import Verdict, grade_choice, grade_truefalse, grade_typed


def mark_answer(card: Card, response: Response) -> Mark:
    """The mark, 0 to 1, of ``response`` to ``card``.

    Choice (one answer): 1 or 0. Choice (several): each right option picked
    earns 1/(right options), each wrong option picked takes 1/(wrong options)
    back, never below 0. True/false: 1 or 0. Typed and cloze: matched as in
    study; an answer within the spelling tolerance counts as right.
    """
    if card.kind == "choice":
        verdict = grade_choice(card, set(response.picked or ()))
    elif card.kind == "truefalse":
        if response.value is None:
            return Mark(0.0)
        verdict = grade_truefalse(card, response.value)
    elif card.kind in ("typed", "cloze"):
        verdict = grade_typed(card, response.text or "")
    else:
        raise ValueError(f"card {card.id!r} ({card.kind}) cannot be marked by the computer")
    return _mark_of(verdict)


def _mark_of(verdict: Verdict) -> Mark:
    return Mark(
        round(min(1.0, max(0.0, verdict.score)), 6),
        almost=verdict.almost,
        expected=verdict.expected,
    )


def exam_grade(attempts: Sequence[Attempt], grading: Grading) -> float | None:
    """The exam grade (0 to 1) over the graded attempts, oldest first; None before any.

    highest: the best attempt; average: the mean of all; first / last: that
    attempt's. Practice and abandoned attempts never count (as Moodle's
    "Never submitted").
    """
    scores = [a.fraction for a in attempts if a.graded and a.fraction is not None]
    if not scores:
        return None
    if grading == "highest":
        return max(scores)
    if grading == "average":
        return round(sum(scores) / len(scores), 6)
    if grading == "first":
        return scores[0]
    return scores[-1]


def best_score(attempts: Sequence[Attempt]) -> float | None:
    scores = [a.fraction for a in attempts if a.graded and a.fraction is not None]
    return max(scores) if scores else None
