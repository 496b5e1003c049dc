"""Card rows: bringing them in line with a deck, their marks (suspended, buried, flagged, leech), FSRS parameters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from quizkit.deck.model import Deck
from quizkit.progress.card_state import CardState, from_micros, to_micros
from quizkit.progress.reviews import ReviewLog, _state_from_row


@dataclass(frozen=True, slots=True)
class CardMarks:
    suspended: bool = False
    buried_until: datetime | None = None
    flagged: bool = False
    leech: bool = False


class CardRows(ReviewLog):
    # -- deck contents ------------------------------------------------------------
    def sync_deck(self, deck: Deck, now: datetime) -> None:
        """Bring the card rows in line with the deck file; skipped when the file is unchanged.

        New cards get rows; cards whose text changed keep their progress and are
        marked edited; cards gone from the file are marked removed, keeping history.

        The ``note_id`` column holds the card's sibling key, ``Card.fact_key``:
        its ``group`` when it has one, else its note. Cards sharing it are
        siblings in study (one a day) whatever form they ask the fact in.
        """
        row = self._db.execute(
            "SELECT content_hash FROM deck_sync WHERE deck_id = ?", (deck.id,)
        ).fetchone()
        if row and row[0] == deck.content_hash:
            return
        stamp = to_micros(now)
        with self._transaction():
            known = dict(
                self._db.execute(
                    "SELECT card_id, content_hash FROM cards WHERE deck_id = ?", (deck.id,)
                )
            )
            present = set()
            for position, card in enumerate(deck.cards):
                present.add(card.id)
                old_hash = known.get(card.id)
                if old_hash is None:
                    self._db.execute(
                        "INSERT INTO cards (card_id, deck_id, note_id, position, content_hash) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET "
                        "deck_id = excluded.deck_id, note_id = excluded.note_id, "
                        "position = excluded.position, content_hash = excluded.content_hash, in_deck = 1",
                        (card.id, deck.id, card.fact_key, position, card.content_hash),
                    )
                else:
                    self._db.execute(
                        "UPDATE cards SET position = ?, in_deck = 1, note_id = ?, content_hash = ?, "
                        "edited_at = CASE WHEN content_hash != ? THEN ? ELSE edited_at END "
                        "WHERE card_id = ?",
                        (
                            position,
                            card.fact_key,
                            card.content_hash,
                            card.content_hash,
                            stamp,
                            card.id,
                        ),
                    )
            gone = [card_id for card_id in known if card_id not in present]
            self._db.executemany(
                "UPDATE cards SET in_deck = 0 WHERE card_id = ?", [(c,) for c in gone]
            )
            self._db.execute(
                "INSERT INTO deck_sync (deck_id, content_hash) VALUES (?, ?) "
                "ON CONFLICT (deck_id) DO UPDATE SET content_hash = excluded.content_hash",
                (deck.id, deck.content_hash),
            )

    # -- reading state ---------------------------------------------------------------
    def card_state(self, card_id: str) -> CardState:
        row = self._db.execute(
            "SELECT phase, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM cards WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        return _state_from_row(row) if row else CardState()

    def edited_at(self, card_id: str) -> datetime | None:
        row = self._db.execute(
            "SELECT edited_at FROM cards WHERE card_id = ?", (card_id,)
        ).fetchone()
        return from_micros(row[0]) if row else None

    # -- suspend, bury, flag ------------------------------------------------------------
    def set_suspended(self, card_id: str, suspended: bool) -> None:
        """Take a card out of study (or put it back); unsuspending also clears its leech tag."""
        with self._transaction():
            self._db.execute(
                "UPDATE cards SET suspended = ?, leech = CASE WHEN ? THEN leech ELSE 0 END "
                "WHERE card_id = ?",
                (int(suspended), int(suspended), card_id),
            )

    def bury(self, card_ids: list[str], until: datetime) -> None:
        """Keep cards out of the queue until ``until`` (the next study day)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE cards SET buried_until = ? WHERE card_id = ?",
                [(to_micros(until), c) for c in card_ids],
            )

    def set_flagged(self, card_id: str, flagged: bool) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE cards SET flagged = ? WHERE card_id = ?", (int(flagged), card_id)
            )

    def marks(self, card_id: str) -> CardMarks:
        row = self._db.execute(
            "SELECT suspended, buried_until, flagged, leech FROM cards WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        if row is None:
            return CardMarks()
        return CardMarks(bool(row[0]), from_micros(row[1]), bool(row[2]), bool(row[3]))

    # -- personal FSRS parameters ---------------------------------------------------------
    def fsrs_parameters(self, deck_id: str) -> tuple[float, ...] | None:
        row = self._db.execute(
            "SELECT parameters FROM fsrs_parameters WHERE deck_id = ?", (deck_id,)
        ).fetchone()
        return tuple(json.loads(row[0])) if row else None

    def save_fsrs_parameters(
        self, deck_id: str, parameters: tuple[float, ...], reviews_used: int, now: datetime
    ) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO fsrs_parameters (deck_id, parameters, reviews_used, optimized_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (deck_id) DO UPDATE SET parameters = excluded.parameters, "
                "reviews_used = excluded.reviews_used, optimized_at = excluded.optimized_at",
                (deck_id, json.dumps(list(parameters)), reviews_used, to_micros(now)),
            )

    def iter_card_states(self) -> Iterator[tuple[str, CardState]]:
        cursor = self._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses FROM cards"
        )
        for row in cursor:
            yield row[0], _state_from_row(row[1:])

    def studied_states(self, deck_id: str) -> Iterator[tuple[str, CardState]]:
        """(card id, state) of every card of the deck studied at least once."""
        cursor = self._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase != 0",
            (deck_id,),
        )
        for row in cursor:
            yield row[0], _state_from_row(row[1:])
