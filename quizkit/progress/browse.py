"""The card browser's queries: finding cards, reading a page of them, and the learner's repairs.

Fast at 100,000 cards: state and mark filters are one SQL query over a deck's
rows (phase through the ``cards_by_position`` index); card text and topics
live in the deck, not the file, so they are matched in memory over a per-deck
index built once; the table then reads only the rows it shows
(``card_rows``, by primary key).

A reset to new is written to the review log as a row with rating 0
(``RESET_RATING``): the log stays the record of truth, so ``quizkit doctor
--rebuild`` replays the reset like any review, while every count of reviews,
the streak, the daily limits and the optimiser skip it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from quizkit.deck.model import Card, Deck
from quizkit.progress.card_state import CardState, Phase, from_micros, to_micros
from quizkit.progress.reviews import RESET_RATING, _state_from_row
from quizkit.progress.store import ProgressStore

STATES: dict[str, tuple[Phase, ...]] = {
    "new": (Phase.NEW,),
    "learning": (Phase.LEARNING, Phase.RELEARNING),
    "review": (Phase.REVIEW,),
}
MARKS: dict[str, str] = {
    "suspended": "suspended = 1",
    "buried": "buried_until > :now",
    "flagged": "flagged = 1",
    "leech": "leech = 1",
}


@dataclass(frozen=True, slots=True)
class CardFilter:
    """What the browser lists: every field left empty matches every card."""

    text: str = ""
    deck_id: str | None = None
    topic: str | None = None
    state: str | None = None  # a key of STATES
    mark: str | None = None  # a key of MARKS


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """A card's schedule and marks, as the browser shows them."""

    card_id: str
    state: CardState
    suspended: bool
    buried_until: datetime | None
    flagged: bool
    leech: bool


# deck id -> (content hash, casefolded searchable text of each card)
_TEXT_INDEX: dict[str, tuple[str, list[str]]] = {}


def _texts(deck: Deck) -> list[str]:
    cached = _TEXT_INDEX.get(deck.id)
    if cached is None or cached[0] != deck.content_hash:
        texts = [_searchable(card) for card in deck.cards]
        cached = _TEXT_INDEX[deck.id] = (deck.content_hash, texts)
    return cached[1]


def _searchable(card: Card) -> str:
    parts = [card.id, card.prompt, card.answer, card.explain or "", *card.choices, *card.tags]
    return "\n".join(parts).casefold()


def find_cards(
    store: ProgressStore, decks: list[Deck], card_filter: CardFilter, now: datetime
) -> list[Card]:
    """The cards of ``decks`` that match ``card_filter``, in deck order."""
    words = card_filter.text.casefold().split()
    found: list[Card] = []
    for deck in decks:
        if card_filter.deck_id is not None and deck.id != card_filter.deck_id:
            continue
        allowed = _ids_in_file(store, deck.id, card_filter, now)
        topics = deck.cards.field("topic")
        ids = deck.cards.field("id")
        texts = _texts(deck) if words else None
        cards = deck.cards
        for index, card_id in enumerate(ids):
            if allowed is not None and card_id not in allowed:
                continue
            if card_filter.topic is not None and topics[index] != card_filter.topic:
                continue
            if texts is not None and not all(word in texts[index] for word in words):
                continue
            found.append(cards[index])
    return found


def _ids_in_file(
    store: ProgressStore, deck_id: str, card_filter: CardFilter, now: datetime
) -> set[str] | None:
    """Ids passing the state and mark filters; None when neither is set (every card passes)."""
    if card_filter.state is None and card_filter.mark is None:
        return None
    where = ["deck_id = :deck", "in_deck = 1"]
    if card_filter.state is not None:
        where.append(f"phase IN ({', '.join(str(int(p)) for p in STATES[card_filter.state])})")
    if card_filter.mark is not None:
        where.append(MARKS[card_filter.mark])
    sql = f"SELECT card_id FROM cards WHERE {' AND '.join(where)}"
    return {row[0] for row in store._db.execute(sql, {"deck": deck_id, "now": to_micros(now)})}


def card_rows(store: ProgressStore, card_ids: list[str]) -> dict[str, BrowseRow]:
    """Schedule and marks of the cards asked for (a screenful: one query by primary key)."""
    rows: dict[str, BrowseRow] = {}
    for start in range(0, len(card_ids), 500):
        chunk = card_ids[start : start + 500]
        cursor = store._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses, "
            "suspended, buried_until, flagged, leech FROM cards "
            f"WHERE card_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for row in cursor:
            rows[row[0]] = BrowseRow(
                row[0],
                _state_from_row(row[1:9]),
                bool(row[9]),
                from_micros(row[10]),
                bool(row[11]),
                bool(row[12]),
            )
    return rows


def unbury(store: ProgressStore, card_id: str) -> None:
    """Bring a buried card back into today's study."""
    with store.write_transaction():
        store._db.execute("UPDATE cards SET buried_until = NULL WHERE card_id = ?", (card_id,))


def reset_to_new(store: ProgressStore, card_id: str, now: datetime) -> None:
    """Make a card new again, as if never studied; its history stays in the log.

    The reset is a row of the review log with rating 0 whose "after" is a new
    card, so replaying the log (``doctor --rebuild``) gives the same state.
    """
    with store.write_transaction():
        row = store._db.execute(
            "SELECT deck_id, note_id, phase, step, stability, difficulty, due, last_review, reps, "
            "lapses FROM cards WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        if row is None:
            return
        before = _state_from_row(row[2:])
        if before == CardState():
            return  # already new: nothing to record
        store._db.execute(
            "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, duration_ms, "
            "phase_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
            (
                card_id,
                row[0],
                row[1],
                RESET_RATING,
                to_micros(now),
                int(before.phase),
                json.dumps(before.to_json_dict()),
                json.dumps(CardState().to_json_dict()),
            ),
        )
        store._write_state(card_id, CardState())


def next_learning_due_after(
    store: ProgressStore, deck_ids: list[str], now: datetime
) -> datetime | None:
    """When the next learning card not yet due falls due (home redraws itself then)."""
    dues = []
    for deck_id in deck_ids:
        for phase in STATES["learning"]:
            row = store._db.execute(
                "SELECT due FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase = ? "
                "AND due > ? AND suspended = 0 ORDER BY due LIMIT 1",
                (deck_id, int(phase), to_micros(now)),
            ).fetchone()
            if row is not None:
                dues.append(row[0])
    return from_micros(min(dues)) if dues else None
