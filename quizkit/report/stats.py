"""The progress summary behind ``quizkit stats``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quizkit.base.study_day import StudyDay
from quizkit.deck.library import Library
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
        "broken_decks": [
            {"path": str(f.path), "problems": [p.to_dict() for p in f.problems]}
            for f in library.failures
        ],
    }
