"""Appending review history imported from another program (Anki) to the review log, in bulk.

Each imported row is an ordinary review row (or a reset row, ``RESET_RATING``)
whose "before" is the previous row's "after", so ``quizkit doctor`` replays
imported history like any other. All of it goes in with one ``executemany``
fed by a stream, inside the caller's one write transaction; the states are
the text ``ReviewLog`` writes (``encode_state``), each encoded once.

When the import adds more rows than the log holds, the review log's indexes
are dropped and built again after the insert, in the same transaction (so a
failure leaves them as they were): SQLite builds an index from sorted keys
far faster than it updates five B-trees row by row in random order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from quizkit.progress.card_state import CardState, Phase, from_micros
from quizkit.progress.store import ProgressStore

# (phase, step, stability, difficulty, due µs, last review µs, reps, lapses):
# a card's state as the cards table holds it.
StateTuple = tuple
# (card id, deck id, note id, rating, reviewed at µs, duration ms or None,
#  phase before, state before as JSON, state after as JSON)
ReviewRow = tuple[str, str, str, int, int, int | None, int, str, str]

# Below this many rows the indexes are updated in place: rebuilding costs a
# scan of the whole log (measured in docs/benchmarks.md, "Importing a large
# Anki package").
_REBUILD_MIN = 20_000


def latest_review_times(store: ProgressStore, deck_id: str) -> dict[str, int]:
    """Card id -> the time (UTC µs) of its latest row in the log, answers and resets alike."""
    return dict(
        store._db.execute(
            "SELECT card_id, max(reviewed_at) FROM reviews WHERE deck_id = ? GROUP BY card_id",
            (deck_id,),
        )
    )


def deck_card_states(store: ProgressStore, deck_id: str) -> dict[str, StateTuple]:
    """Card id -> its state as a tuple, for every card of ``deck_id``: one query."""
    return {
        row[0]: row[1:]
        for row in store._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM cards WHERE deck_id = ?",
            (deck_id,),
        )
    }


_STATE_JSON = (
    '{"phase": %d, "step": %s, "stability": %r, "difficulty": %r, "due": %d, '
    '"last_review": %d, "reps": %d, "lapses": %d}'
)


_NEW_STATE = (0, None, None, None, None, None, 0, 0)
_NEW_JSON = json.dumps(CardState().to_json_dict())


def encode_state(state: StateTuple) -> str:
    """``state`` as the JSON text ``ReviewLog`` stores: ``json.dumps(CardState.to_json_dict())``."""
    if state == _NEW_STATE:  # every card's first "before"
        return _NEW_JSON
    phase, step, stability, difficulty, due, last, reps, lapses = state
    if (
        stability is not None
        and difficulty is not None
        and due is not None
        and last is not None
        and math.isfinite(stability)
        and math.isfinite(difficulty)
    ):
        # The usual case, spelled out (%r of a float is json's text for it):
        # 0.4 µs instead of json.dumps's 3.
        step_text = "null" if step is None else int(step)
        return _STATE_JSON % (phase, step_text, stability, difficulty, due, last, reps, lapses)
    return json.dumps(as_card_state(state).to_json_dict())


def as_card_state(state: StateTuple) -> CardState:
    phase, step, stability, difficulty, due, last, reps, lapses = state
    return CardState(
        Phase(phase), step, stability, difficulty, from_micros(due), from_micros(last), reps, lapses
    )


def insert_reviews(store: ProgressStore, rows: Iterable[ReviewRow], *, expected: int) -> None:
    """Append ``rows`` (a stream) to the review log; ``expected``: about how many there are.

    Call inside a write transaction: the indexes may be dropped and rebuilt.
    """
    db = store._db
    rebuild = expected >= _REBUILD_MIN and expected > _log_size(store)
    indexes = []
    if rebuild:
        indexes = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reviews' "
            "AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        for name, _sql in indexes:
            db.execute(f'DROP INDEX "{name}"')
    db.executemany(
        "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, duration_ms, "
        "phase_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    for _name, sql in indexes:
        db.execute(sql)


def write_states(store: ProgressStore, states: dict[str, StateTuple]) -> None:
    """Set each card's state (inside the caller's write transaction)."""
    store._db.executemany(
        "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
        "last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
        (
            (int(p), step, s, d, due, last, reps, lapses, card_id)
            for card_id, (p, step, s, d, due, last, reps, lapses) in states.items()
        ),
    )


def _log_size(store: ProgressStore) -> int:
    # The largest rowid: as good as count(*) here, without reading the whole table.
    return store._db.execute("SELECT coalesce(max(id), 0) FROM reviews").fetchone()[0]
