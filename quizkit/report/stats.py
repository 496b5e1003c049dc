"""The progress summary behind ``quizkit stats``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quizkit.base.clock import FixedClock
from quizkit.base.study_day import StudyDay
from quizkit.deck.library import Library
from quizkit.exam.attempts import ExamRoom
from quizkit.progress.store import ProgressStore


def progress_summary(
    store: ProgressStore, library: Library, day: StudyDay, now: datetime
) -> dict[str, Any]:
    """One JSON-ready object: total reviews, and per deck its cards by phase and what is due."""
    decks = []
    for deck in library.decks:
        totals = store.deck_totals(deck.id, day, now)
        decks.append(
            {
                "id": deck.id,
                "title": deck.title,
                "path": str(deck.path),
                "cards": totals.cards,
                "new": totals.new,
                "learning": totals.learning,
                "review": totals.review,
                "due": totals.due,
                "reviews": totals.reviews,
            }
        )
    return {
        "data": str(store.path),
        "reviews_total": store.reviews_total(),
        "decks": decks,
        "exams": exam_summaries(store, library, now),
        "broken_decks": [
            {"path": str(f.path), "problems": [p.to_dict() for p in f.problems]}
            for f in library.failures
        ],
    }


def exam_summaries(store: ProgressStore, library: Library, now: datetime) -> list[dict[str, Any]]:
    """Per exam: certification attempts, what is left, and the grade under its grading method.

    An attempt whose time ran out while quizkit was closed is submitted first,
    as the exam's start screen would.
    """
    room = ExamRoom(store, library.decks, FixedClock(now))
    summaries = []
    for deck, exam in room.exams():
        status = room.status(exam)
        next_at = status.next_attempt_at
        summaries.append(
            {
                "id": exam.id,
                "deck": deck.id,
                "title": exam.title,
                "attempts": status.used,
                "attempts_left": status.left,  # null: unlimited
                "next_attempt_at": next_at.isoformat() if next_at else None,
                "best_score": status.best,
                "grade": status.grade,
                "passed": status.passed,
                "grading": exam.grading,
                "pass_mark": exam.pass_mark,
                "open_attempt": status.open_attempt is not None,
                "changed_since_last_attempt": status.changed_since_last,
            }
        )
    return summaries
