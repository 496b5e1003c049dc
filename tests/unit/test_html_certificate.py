"""The certificate shows the attempt that decides the exam grade under its grading method."""

from __future__ import annotations

import pytest

from quizkit.report.html_export import deciding_attempts
from quizkit.report.transcript import Transcript


def _transcript(grading: str, scores: list[float]) -> Transcript:
    attempts = [
        {
            "exam": "e",
            "mode": "certification",
            "ended_how": "submitted",
            "number": n + 1,
            "score_raw": score,
            "score_max": 5.0,
            "questions": [],
        }
        for n, score in enumerate(scores)
    ]
    attempts.insert(1, dict(attempts[0], ended_how="abandoned", score_raw=5.0, number=99))
    attempts.insert(1, dict(attempts[0], mode="practice", score_raw=5.0, number=98))
    header = {"exams": [{"id": "e", "grading": grading}]}
    return Transcript(header, len(attempts), lambda: iter(attempts))


@pytest.mark.parametrize(
    ("grading", "number"), [("highest", 2), ("first", 1), ("last", 3), ("average", 3)]
)
def test_the_deciding_attempt_follows_the_grading_method(grading, number):
    chosen = deciding_attempts(_transcript(grading, [3.0, 4.0, 2.0]))
    assert chosen["e"]["number"] == number
    assert "questions" not in chosen["e"]  # only what the certificate shows is kept
