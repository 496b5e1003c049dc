"""The progress summary behind ``quizkit stats``."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from quizkit.base.study_day import DEFAULT_ROLLOVER_HOUR, StudyDay
from quizkit.deck.library import Library
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
                "due": counts.due,
                "reviews": int(window_sum(figures.days, None, "reviews")),
                **deck_fields(figures),
            }
        )
    return {
        "data": str(store.path),
        "reviews_total": store.reviews_total(),
        "decks": decks,
        "broken_decks": [
            {"path": str(f.path), "problems": [p.to_dict() for p in f.problems]}
            for f in library.failures
        ],
        **study_fields(stats, learner),
    }
