"""The progress summary behind ``quizkit stats``."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from quizkit.base.clock import FixedClock
from quizkit.base.study_day import DEFAULT_ROLLOVER_HOUR, StudyDay
from quizkit.deck.library import Library
from quizkit.deck.model import Deck, Exam
from quizkit.exam.attempts import ExamRoom
from quizkit.exam.outlook import exam_outlook
from quizkit.exam.prediction import readiness_json
from quizkit.progress.store import ProgressStore
from quizkit.report.study_json import deck_fields, study_fields
from quizkit.report.study_stats import study_stats, window_sum


def progress_summary(
    store: ProgressStore,
    library: Library,
    day: StudyDay,
    now: datetime,
    *,
    zone: tzinfo = timezone.utc,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
    learner: dict[str, str | None] | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """One JSON-ready object: total reviews, per deck its cards by phase and what is due,
    and the study statistics (docs/statistics.md)."""
    stats = study_stats(store, library.decks, now, zone, rollover_hour, cache_dir=cache_dir)
    decks = []
    for deck, figures in zip(library.decks, stats.decks):
        counts = figures.counts
        decks.append(
            {
                "id": deck.id,
                "title": deck.title,
                "path": str(deck.path),
                "cards": counts.cards,
                "new": counts.new,
                "learning": counts.learning + counts.relearning,
                "review": counts.review,
                "due": figures.due,
                "reviews": int(window_sum(figures.days, None, "reviews")),
                **deck_fields(figures),
            }
        )
    return {
        "data": str(store.path),
        "reviews_total": stats.reviews_total,
        "decks": decks,
        "exams": exam_summaries(store, library, now, zone=zone, rollover_hour=rollover_hour),
        "broken_decks": [
            {"path": str(f.path), "problems": [p.to_dict() for p in f.problems]}
            for f in library.failures
        ],
        **study_fields(stats, learner),
    }


def exam_summaries(
    store: ProgressStore,
    library: Library,
    now: datetime,
    *,
    zone: tzinfo = timezone.utc,
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
) -> list[dict[str, Any]]:
    """Per exam: certification attempts, what is left, the grade under its grading method, and
    readiness (docs/readiness.md): now, and on the learner's exam date when one is set.

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
                **_readiness_fields(store, deck, exam, FixedClock(now, zone), rollover_hour),
            }
        )
    return summaries


def _readiness_fields(
    store: ProgressStore, deck: Deck, exam: Exam, clock: FixedClock, rollover_hour: int
) -> dict[str, Any]:
    outlook = exam_outlook(store, deck, exam, clock, rollover_hour)
    fields: dict[str, Any] = {
        "readiness": readiness_json(outlook.now) if outlook.now else None,
        "exam_date": outlook.exam_date.isoformat() if outlook.exam_date else None,
    }
    if outlook.on_date is not None and outlook.exam_date is not None:
        fields["readiness_on_date"] = readiness_json(outlook.on_date, outlook.exam_date)
    if outlook.plan is not None:
        fields["exam_plan"] = outlook.plan.summary()
    return fields
