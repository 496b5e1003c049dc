"""The study statistics as ``stats --json`` fields (each defined in docs/statistics.md)."""

from __future__ import annotations

from typing import Any

from quizkit.report.study_stats import (
    WINDOWS,
    Day,
    DeckStats,
    StudyStats,
    true_retention,
    window_sum,
)

LEARNER_KEYS = ("name", "id", "email", "course")


def study_fields(stats: StudyStats, learner: dict[str, str | None] | None) -> dict[str, Any]:
    """The top-level fields, over every deck in the progress file."""
    return {
        "reviews_by_day": [
            {"date": day.date.isoformat(), "reviews": day.reviews, "seconds": round(day.seconds)}
            for day in stats.days
            if day.reviews
        ],
        "true_retention": retention_field(stats.days),
        "study_seconds": seconds_field(stats.days),
        "topics": [
            {
                "deck": topic.deck_id,
                "id": topic.id,
                "title": topic.title,
                "cards": topic.cards,
                "studied": topic.studied,
                "recall": _rounded(topic.recall),
                "known": _rounded(topic.known),
            }
            for topic in stats.topics
        ],
        "forecast": [{"date": day.isoformat(), "due": due} for day, due in stats.forecast],
        "learner": {key: (learner or {}).get(key) for key in LEARNER_KEYS},
    }


def deck_fields(figures: DeckStats) -> dict[str, Any]:
    """The fields added to each deck's object."""
    counts, days = figures.counts, figures.days
    return {
        "relearning": counts.relearning,
        "suspended": counts.suspended,
        "buried": counts.buried,
        "flagged": counts.flagged,
        "leeches": counts.leeches,
        "due_today": figures.due_today,
        "due_tomorrow": figures.due_tomorrow,
        "reviews_today": int(window_sum(days, 1, "reviews")),
        "reviews_last_7_days": int(window_sum(days, 7, "reviews")),
        "study_seconds": seconds_field(days),
        "true_retention": retention_field(days),
    }


def seconds_field(days: list[Day]) -> dict[str, int]:
    windows: dict[str, int | None] = {**WINDOWS, "all": None}
    return {name: round(window_sum(days, n, "seconds")) for name, n in windows.items()}


def retention_field(days: list[Day]) -> dict[str, dict[str, Any]]:
    windows = {"last_7_days": 7, "last_30_days": 30, "all": None}
    return {
        name: {
            "rate": _rounded(true_retention(days, n)),
            "answers": int(window_sum(days, n, "review_answers")),
            "passed": int(window_sum(days, n, "review_passed")),
        }
        for name, n in windows.items()
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
