"""The review log, the record of truth: appending an answer, taking it back, replaying it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from quizkit.progress.card_state import CardState, Phase, from_micros, to_micros
from quizkit.progress.connection import ProgressFile, StoreError

# A row with this rating is a reset to new (the card browser's), not an answer:
# replayed by doctor like any row, skipped by every count of reviews.
RESET_RATING = 0


class StaleCardError(StoreError):
    """The card changed in the file (another window answered it) since it was shown."""


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: int
    card_id: str
    rating: int
    reviewed_at: datetime
    before: CardState
    after: CardState


class ReviewLog(ProgressFile):
    # -- writing answers --------------------------------------------------------------
    def record_review(
        self,
        card_id: str,
        deck_id: str,
        note_id: str,
        rating: int,
        before: CardState,
        after: CardState,
        reviewed_at: datetime,
        duration_ms: int | None = None,
        *,
        make_leech: bool = False,
    ) -> int:
        """Append the review and set the card's new state, in one durable transaction.

        ``make_leech`` also tags the card as a leech and suspends it. The review
        takes its sibling key from the card's row (see ``CardRows.sync_deck``),
        so the "sibling studied today" rule compares like with like; ``note_id``
        is used only for a card that has no row.
        """
        with self._transaction():
            # Another window may have answered this card since it was shown: the
            # outcome previewed from the old state would then overwrite that answer.
            if self._current_stamp(card_id) != (before.reps, to_micros(before.last_review)):
                raise StaleCardError(
                    "this card was answered in another quizkit window since it was shown; "
                    "it is shown again with its current schedule: rate it again"
                )
            cursor = self._db.execute(
                "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, duration_ms, "
                "phase_before, state_before, state_after, made_leech) "
                "VALUES (?, ?, coalesce((SELECT note_id FROM cards WHERE card_id = ?), ?), "
                "?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    deck_id,
                    card_id,
                    note_id,
                    rating,
                    to_micros(reviewed_at),
                    duration_ms,
                    int(before.phase),
                    json.dumps(before.to_json_dict()),
                    json.dumps(after.to_json_dict()),
                    int(make_leech),
                ),
            )
            self._write_state(card_id, after)
            if make_leech:
                self._db.execute(
                    "UPDATE cards SET leech = 1, suspended = 1 WHERE card_id = ?", (card_id,)
                )
            return int(cursor.lastrowid)

    def _current_stamp(self, card_id: str) -> tuple[int, int | None]:
        row = self._db.execute(
            "SELECT reps, last_review FROM cards WHERE card_id = ?", (card_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (0, None)

    def undo_review(self, review_id: int) -> ReviewRecord | None:
        """Remove review ``review_id`` and put its card back exactly as it was before it.

        Only the card's latest review can be taken back (a later one was computed
        from it); None when it is not, or is gone.
        """
        with self._transaction():
            row = self._db.execute(
                "SELECT id, card_id, rating, reviewed_at, state_before, state_after, made_leech "
                "FROM reviews r WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM reviews later WHERE later.card_id = r.card_id AND later.id > r.id)",
                (review_id,),
            ).fetchone()
            if row is None:
                return None
            record = _review_from_row(row[:6])
            self._db.execute("DELETE FROM reviews WHERE id = ?", (record.id,))
            self._write_state(record.card_id, record.before)
            if row[6]:
                self._db.execute(
                    "UPDATE cards SET leech = 0, suspended = 0 WHERE card_id = ?", (record.card_id,)
                )
            return record

    def _write_state(self, card_id: str, state: CardState) -> None:
        self._db.execute(
            "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
            (*state.as_row(), card_id),
        )

    # -- summaries ---------------------------------------------------------------------
    def reviews_total(self) -> int:
        """The answers given: every review row but the resets (rating 0, none below 0)."""
        # count(*) of the whole table is SQLite's fast path; `WHERE rating > 0` scanned
        # every row (~100 ms at 1,000,000). The resets are read from their partial index.
        return self._db.execute(
            "SELECT (SELECT count(*) FROM reviews) - "
            "(SELECT count(*) FROM reviews WHERE rating = 0)"
        ).fetchone()[0]

    def iter_reviews(self) -> Iterator[ReviewRecord]:
        """Every review, oldest first."""
        cursor = self._db.execute(
            "SELECT id, card_id, rating, reviewed_at, state_before, state_after FROM reviews ORDER BY id"
        )
        for row in cursor:
            yield _review_from_row(row)

    def write_states(self, states: dict[str, CardState]) -> None:
        """Set many cards' states in one transaction (used by repairs)."""
        with self._transaction():
            for card_id, state in states.items():
                self._write_state(card_id, state)

    def deck_review_log(self, deck_id: str) -> list[tuple[str, int, datetime, int | None]]:
        """(card id, rating, time, duration ms) of every review in a deck, oldest first."""
        return [
            (card_id, rating, from_micros(at), duration)
            for card_id, rating, at, duration in self._db.execute(
                # Answers only, and of a card reset to new only those since its reset.
                "SELECT card_id, rating, reviewed_at, duration_ms FROM reviews r WHERE deck_id = ? "
                "AND rating > 0 AND id > coalesce((SELECT max(id) FROM reviews z "
                "WHERE z.card_id = r.card_id AND z.rating = 0), 0) ORDER BY reviewed_at",
                (deck_id,),
            )
        ]

    def reviewed_between(self, start: datetime, end: datetime) -> bool:
        return (
            self._db.execute(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ? "
                "AND rating > 0)",
                (to_micros(start), to_micros(end)),
            ).fetchone()[0]
            == 1
        )

    def reviews_for(self, card_id: str) -> list[ReviewRecord]:
        rows = self._db.execute(
            "SELECT id, card_id, rating, reviewed_at, state_before, state_after FROM reviews "
            "WHERE card_id = ? ORDER BY id",
            (card_id,),
        ).fetchall()
        return [_review_from_row(r) for r in rows]


def _state_from_row(row: tuple) -> CardState:
    phase, step, stability, difficulty, due, last_review, reps, lapses = row
    return CardState(
        Phase(phase),
        step,
        stability,
        difficulty,
        from_micros(due),
        from_micros(last_review),
        reps,
        lapses,
    )


def _review_from_row(row: tuple) -> ReviewRecord:
    review_id, card_id, rating, reviewed_at, before, after = row
    return ReviewRecord(
        review_id,
        card_id,
        rating,
        from_micros(reviewed_at),
        CardState.from_json_dict(json.loads(before)),
        CardState.from_json_dict(json.loads(after)),
    )
