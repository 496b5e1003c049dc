"""The progress summary behind ``quizkit stats``."""

from __future__ import annotations

from typing import Any

from quizkit.core.workspace import Workspace


def progress_summary(workspace: Workspace) -> dict[str, Any]:
    """One JSON-ready object: total reviews, and per deck its cards by phase and what is due."""
    day, now = workspace.study_day(), workspace.clock.now()
    decks = []
    for deck in workspace.decks:
        totals = workspace.store.deck_totals(deck.id, day, now)
        decks.append({
            "id": deck.id,
            "title": deck.title,
            "path": str(deck.path),
            "cards": totals.cards,
            "new": totals.new,
            "learning": totals.learning,
            "review": totals.review,
            "due": totals.due,
            "reviews": totals.reviews,
        })
    return {
        "data": str(workspace.store.path),
        "reviews_total": workspace.store.reviews_total(),
        "decks": decks,
        "broken_decks": [
            {"path": str(f.path), "problems": [p.to_dict() for p in f.problems]}
            for f in workspace.library.failures
        ],
    }
