"""The progress file: one SQLite database holding the review log and card states.

The review log is the record of truth: every answer is one committed
transaction that appends a review row (with the card's state before and after)
and updates the card's current state. ``synchronous=FULL`` with WAL makes each
commit durable before the next card is shown.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizkit.core.card_state import CardState, Phase, from_micros, to_micros
from quizkit.core.model import Deck, DeckOptions
from quizkit.core.study_day import LEARN_AHEAD, StudyDay

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Each entry moves the schema from version N to N+1. Never edit a released one:
# add a new step, and a test that migrates a file from every earlier version.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cards (
        card_id      TEXT PRIMARY KEY,
        deck_id      TEXT NOT NULL,
        note_id      TEXT NOT NULL,
        position     INTEGER NOT NULL,         -- order in the deck file, for new cards
        content_hash TEXT NOT NULL,
        edited_at    INTEGER,                  -- text changed under the same id (UTC µs)
        in_deck      INTEGER NOT NULL DEFAULT 1, -- 0: removed from its file, history kept
        phase        INTEGER NOT NULL DEFAULT 0, -- 0 new, 1 learning, 2 review, 3 relearning
        step         INTEGER,
        stability    REAL,
        difficulty   REAL,
        due          INTEGER,                  -- UTC µs since the epoch
        last_review  INTEGER,
        reps         INTEGER NOT NULL DEFAULT 0,
        lapses       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_by_due ON cards (deck_id, in_deck, phase, due);
    CREATE INDEX cards_by_position ON cards (deck_id, in_deck, phase, position);
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL,
        deck_id      TEXT NOT NULL,
        note_id      TEXT NOT NULL,
        rating       INTEGER NOT NULL,         -- 1 again, 2 hard, 3 good, 4 easy
        reviewed_at  INTEGER NOT NULL,         -- UTC µs since the epoch
        duration_ms  INTEGER,
        phase_before INTEGER NOT NULL,
        state_before TEXT NOT NULL,            -- JSON CardState, for undo and audits
        state_after  TEXT NOT NULL             -- JSON CardState, rebuilds cards
    );
    CREATE INDEX reviews_by_card ON reviews (card_id, id);
    CREATE INDEX reviews_by_deck_time ON reviews (deck_id, reviewed_at);
    CREATE INDEX reviews_by_note_time ON reviews (note_id, reviewed_at);
    CREATE TABLE deck_sync (
        deck_id      TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL             -- the deck file last synced
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The progress file cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class DeckCounts:
    new: int
    learning: int
    due: int


@dataclass(frozen=True, slots=True)
class DeckTotals:
    cards: int
    new: int
    learning: int
    review: int
    due: int
    reviews: int


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: int
    card_id: str
    rating: int
    reviewed_at: datetime
    before: CardState
    after: CardState


class ProgressStore:
    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> "ProgressStore":
        """Open (or create) the progress file at ``path``; never overwrite a foreign file."""
        path = Path(path)
        _refuse_foreign_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the progress file: {exc}") from exc
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            # Everything that could refuse the file runs before the first write:
            # even switching to WAL rewrites the header of a file that is not ours.
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(
                    f"{path}: the progress file is damaged ({check}); it was left untouched. "
                    "Keep a copy, and open another file with --data."
                )
            store = cls(db, path)
            version = store._check_ownership()
            db.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed answer survives a power cut, not only a crash.
            db.execute("PRAGMA synchronous = FULL")
            store._migrate(version)
            return store
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(
                f"{path}: the progress file cannot be read ({exc}); it was left untouched."
            ) from exc
        except StoreError:
            db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def _check_ownership(self) -> int:
        """The file's schema version, after making sure it is a quizkit file we can read."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: this progress file was written by a newer quizkit "
                f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade quizkit."
            )
        if version == 0:
            tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError(
                    f"{self.path}: this SQLite file is not a quizkit progress file; "
                    "it was left untouched. Choose another file with --data."
                )
        return version

    def _migrate(self, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # Statement by statement: executescript() would commit half-way.
            with self._transaction():
                for statement in MIGRATIONS[target - 1].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {target}")

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._db)

    # -- deck contents ------------------------------------------------------------
    def sync_deck(self, deck: Deck, now: datetime) -> None:
        """Bring the card rows in line with the deck file; skipped when the file is unchanged.

        New cards get rows; cards whose text changed keep their progress and are
        marked edited; cards gone from the file are marked removed, keeping history.
        """
        row = self._db.execute(
            "SELECT content_hash FROM deck_sync WHERE deck_id = ?", (deck.id,)
        ).fetchone()
        if row and row[0] == deck.content_hash:
            return
        stamp = to_micros(now)
        with self._transaction():
            known = dict(self._db.execute(
                "SELECT card_id, content_hash FROM cards WHERE deck_id = ?", (deck.id,)
            ))
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
                        (card.id, deck.id, card.note_id, position, card.content_hash),
                    )
                else:
                    self._db.execute(
                        "UPDATE cards SET position = ?, in_deck = 1, note_id = ?, content_hash = ?, "
                        "edited_at = CASE WHEN content_hash != ? THEN ? ELSE edited_at END "
                        "WHERE card_id = ?",
                        (position, card.note_id, card.content_hash, card.content_hash, stamp, card.id),
                    )
            gone = [card_id for card_id in known if card_id not in present]
            self._db.executemany("UPDATE cards SET in_deck = 0 WHERE card_id = ?", [(c,) for c in gone])
            self._db.execute(
                "INSERT INTO deck_sync (deck_id, content_hash) VALUES (?, ?) "
                "ON CONFLICT (deck_id) DO UPDATE SET content_hash = excluded.content_hash",
                (deck.id, deck.content_hash),
            )

    # -- reading state ---------------------------------------------------------------
    def card_state(self, card_id: str) -> CardState:
        row = self._db.execute(
            "SELECT phase, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM cards WHERE card_id = ?", (card_id,)
        ).fetchone()
        return _state_from_row(row) if row else CardState()

    def edited_at(self, card_id: str) -> datetime | None:
        row = self._db.execute("SELECT edited_at FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        return from_micros(row[0]) if row else None

    def _done_today(self, deck_id: str, day: StudyDay) -> tuple[int, int]:
        """(new cards introduced, reviews of review cards) in ``deck_id`` today."""
        row = self._db.execute(
            "SELECT coalesce(sum(phase_before = 0), 0), coalesce(sum(phase_before = 2), 0) "
            "FROM reviews WHERE deck_id = ? AND reviewed_at >= ? AND reviewed_at < ?",
            (deck_id, to_micros(day.start), to_micros(day.end)),
        ).fetchone()
        return row[0], row[1]

    # Siblings (the sides of a reversible note, the deletions of a cloze) wait
    # until tomorrow once one of them was studied today.
    _NOT_SIBLING_OF_TODAY = (
        "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.note_id = c.note_id "
        "AND r.card_id != c.card_id AND r.reviewed_at >= :day_start)"
    )

    def deck_counts(self, deck_id: str, options: DeckOptions, day: StudyDay, now: datetime) -> DeckCounts:
        """New, learning and review cards to study today, within the daily limits."""
        new_done, reviews_done = self._done_today(deck_id, day)
        params = {"deck": deck_id, "day_start": to_micros(day.start), "day_end": to_micros(day.end)}
        learning = self._db.execute(
            "SELECT count(*) FROM cards c WHERE deck_id = :deck AND in_deck = 1 "
            "AND phase IN (1, 3) AND due < :day_end", params,
        ).fetchone()[0]
        review_limit = max(0, options.reviews_per_day - reviews_done)
        due = self._db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cards c WHERE deck_id = :deck AND in_deck = 1 "
            f"AND phase = 2 AND due < :day_end AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": review_limit},
        ).fetchone()[0]
        new_limit = max(0, options.new_per_day - new_done)
        new = self._db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM cards c WHERE deck_id = :deck AND in_deck = 1 "
            f"AND phase = 0 AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": new_limit},
        ).fetchone()[0]
        return DeckCounts(new=new, learning=learning, due=due)

    def next_card(self, deck_id: str, options: DeckOptions, day: StudyDay, now: datetime,
                  skip: frozenset[str] = frozenset()) -> str | None:
        """The id of the card to study next in ``deck_id``, or None when nothing is left today.

        Order, as Anki: learning cards due now, then reviews due today, then new
        cards in deck order (within the daily limits), and only when none of
        those is left, learning cards due within the learn-ahead window.
        """
        new_done, reviews_done = self._done_today(deck_id, day)
        params: dict[str, object] = {
            "deck": deck_id, "day_start": to_micros(day.start), "day_end": to_micros(day.end),
            "now": to_micros(now), "ahead": to_micros(now + LEARN_AHEAD),
        }
        params.update({f"s{i}": card_id for i, card_id in enumerate(sorted(skip))})
        skip_sql = "".join(f" AND card_id != :s{i}" for i in range(len(skip)))
        base = "SELECT card_id FROM cards c WHERE deck_id = :deck AND in_deck = 1" + skip_sql
        learning = f"{base} AND phase IN (1, 3) AND due <= {{until}} ORDER BY due LIMIT 1"
        candidates = [learning.format(until=":now")]
        if reviews_done < options.reviews_per_day:
            candidates.append(
                f"{base} AND phase = 2 AND due < :day_end AND {self._NOT_SIBLING_OF_TODAY} "
                "ORDER BY due LIMIT 1"
            )
        if new_done < options.new_per_day:
            candidates.append(
                f"{base} AND phase = 0 AND {self._NOT_SIBLING_OF_TODAY} ORDER BY position LIMIT 1"
            )
        candidates.append(learning.format(until=":ahead"))
        for sql in candidates:
            row = self._db.execute(sql, params).fetchone()
            if row:
                return row[0]
        return None

    def next_learning_due(self, deck_ids: list[str]) -> datetime | None:
        """When the earliest waiting learning or review card falls due (for 'come back in 3 h')."""
        marks = ",".join("?" * len(deck_ids))
        row = self._db.execute(
            f"SELECT min(due) FROM cards WHERE deck_id IN ({marks}) AND in_deck = 1 AND phase != 0",
            deck_ids,
        ).fetchone()
        return from_micros(row[0]) if row and row[0] is not None else None

    # -- writing answers --------------------------------------------------------------
    def record_review(self, card_id: str, deck_id: str, note_id: str, rating: int,
                      before: CardState, after: CardState, reviewed_at: datetime,
                      duration_ms: int | None = None) -> int:
        """Append the review and set the card's new state, in one durable transaction."""
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, duration_ms, "
                "phase_before, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, deck_id, note_id, rating, to_micros(reviewed_at), duration_ms,
                 int(before.phase), json.dumps(before.to_json_dict()), json.dumps(after.to_json_dict())),
            )
            self._write_state(card_id, after)
            return int(cursor.lastrowid)

    def undo_last_review(self) -> ReviewRecord | None:
        """Remove the newest review and put its card back exactly as it was before it."""
        with self._transaction():
            row = self._db.execute(
                "SELECT id, card_id, rating, reviewed_at, state_before, state_after "
                "FROM reviews ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            record = _review_from_row(row)
            self._db.execute("DELETE FROM reviews WHERE id = ?", (record.id,))
            self._write_state(record.card_id, record.before)
            return record

    def _write_state(self, card_id: str, state: CardState) -> None:
        self._db.execute(
            "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, reps = ?, lapses = ? WHERE card_id = ?",
            (int(state.phase), state.step, state.stability, state.difficulty,
             to_micros(state.due), to_micros(state.last_review), state.reps, state.lapses, card_id),
        )

    # -- summaries ---------------------------------------------------------------------
    def reviews_total(self) -> int:
        return self._db.execute("SELECT count(*) FROM reviews").fetchone()[0]

    def deck_totals(self, deck_id: str, day: StudyDay, now: datetime) -> DeckTotals:
        row = self._db.execute(
            "SELECT count(*), coalesce(sum(phase = 0), 0), coalesce(sum(phase IN (1, 3)), 0), "
            "coalesce(sum(phase = 2), 0), coalesce(sum(phase != 0 AND due < ?), 0) "
            "FROM cards WHERE deck_id = ? AND in_deck = 1",
            (to_micros(day.end), deck_id),
        ).fetchone()
        reviews = self._db.execute("SELECT count(*) FROM reviews WHERE deck_id = ?", (deck_id,)).fetchone()[0]
        return DeckTotals(cards=row[0], new=row[1], learning=row[2], review=row[3], due=row[4], reviews=reviews)

    def reviews_for(self, card_id: str) -> list[ReviewRecord]:
        rows = self._db.execute(
            "SELECT id, card_id, rating, reviewed_at, state_before, state_after FROM reviews "
            "WHERE card_id = ? ORDER BY id", (card_id,)
        ).fetchall()
        return [_review_from_row(r) for r in rows]


def _state_from_row(row: tuple) -> CardState:
    phase, step, stability, difficulty, due, last_review, reps, lapses = row
    return CardState(Phase(phase), step, stability, difficulty, from_micros(due),
                     from_micros(last_review), reps, lapses)


def _review_from_row(row: tuple) -> ReviewRecord:
    review_id, card_id, rating, reviewed_at, before, after = row
    return ReviewRecord(
        review_id, card_id, rating, from_micros(reviewed_at),
        CardState.from_json_dict(json.loads(before)), CardState.from_json_dict(json.loads(after)),
    )


def _refuse_foreign_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a directory: --data names the progress file itself")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as handle:
                magic = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the progress file: {exc.strerror}") from exc
        if magic != _SQLITE_MAGIC:
            raise StoreError(
                f"{path} is not a quizkit progress file (not an SQLite database); it was left "
                "untouched. Choose another file with --data or QUIZKIT_DATA."
            )


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: never half an answer."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
