"""Appending review history imported from another program (Anki) to the review log.

Each imported row is an ordinary review row (or a reset row, ``RESET_RATING``)
whose "before" is the previous row's "after", so ``quizkit doctor`` replays
imported history like any other. Rows are written card by card with
``executemany``, inside the caller's one write transaction.
"""

from __future__ import annotations

import json
from datetime import datetime

from quizkit.progress.card_state import CardState, to_micros
from quizkit.progress.reviews import StaleCardError
from quizkit.progress.store import ProgressStore

# (rating, reviewed at, duration ms or None, state before, state after)
HistoryRow = tuple[int, datetime, int | None, CardState, CardState]


def latest_review_times(store: ProgressStore, deck_id: str) -> dict[str, int]:
    """Card id -> the time (UTC µs) of its latest row in the log, answers and resets alike."""
    return dict(
        store._db.execute(
            "SELECT card_id, max(reviewed_at) FROM reviews WHERE deck_id = ? GROUP BY card_id",
            (deck_id,),
        )
    )


def append_history(
    store: ProgressStore, card_id: str, deck_id: str, note_id: str, rows: list[HistoryRow]
) -> None:
    """Append ``rows`` (oldest first, each starting where the previous ended) to a card's log.

    The first row must start from the card's current state, or the chain
    ``doctor`` checks would break: ``StaleCardError`` then. Each row must
    start where the one before it ended (``history_rows`` builds them so).
    """
    if not rows:
        return
    with store.write_transaction():
        if store.card_state(card_id) != rows[0][3]:
            raise StaleCardError(f"{card_id}: the card changed while its history was imported")
        # Each row's "before" is the previous row's "after": each state encoded once.
        states = [rows[0][3]] + [row[4] for row in rows]
        encoded = [json.dumps(state.to_json_dict()) for state in states]
        store._db.executemany(
            "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, duration_ms, "
            "phase_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    card_id,
                    deck_id,
                    note_id,
                    rating,
                    to_micros(at),
                    duration,
                    int(before.phase),
                    encoded[i],
                    encoded[i + 1],
                )
                for i, (rating, at, duration, before, _after) in enumerate(rows)
            ],
        )
        store._write_state(card_id, rows[-1][4])
