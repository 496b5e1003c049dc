"""The progress file: one SQLite database holding the review log and card states.

The review log is the record of truth: every answer is one committed
transaction that appends a review row (with the card's state before and after)
and updates the card's current state. ``synchronous=FULL`` with WAL makes each
commit durable before the next card is shown.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizkit.base.study_day import LEARN_AHEAD, StudyDay
from quizkit.deck.model import Deck, DeckOptions
from quizkit.progress.card_state import CardState, Phase, from_micros, to_micros
from quizkit.progress.schema import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """The progress file cannot be used; the message says why and what to do."""


class StaleCardError(StoreError):
    """The card changed in the file (another window answered it) since it was shown."""


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
class CardMarks:
    suspended: bool = False
    buried_until: datetime | None = None
    flagged: bool = False
    leech: bool = False


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
        self._write_lock = threading.RLock()

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> ProgressStore:
        """Open (or create) the progress file at ``path``; never overwrite a foreign file."""
        path = Path(path)
        _refuse_foreign_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The TUI writes from a worker thread so the screen never waits on
            # the disk; writes are serialised by the transaction lock below.
            db = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the progress file: {exc}") from exc
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            # Everything that could refuse the file runs before the first write:
            # even switching to WAL rewrites the header of a file that is not ours.
            # Reading the schema catches a damaged header or catalogue at once; the
            # full integrity check runs once a day, before the daily backup
            # (``check_integrity``), because on a large file it costs more than
            # the whole rest of start-up.
            store = cls(db, path)
            store._check_ownership()
            _retry_while_locked(lambda: db.execute("PRAGMA journal_mode = WAL"))
            # FULL: a committed answer survives a power cut, not only a crash.
            db.execute("PRAGMA synchronous = FULL")
            store._migrate()
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

    def _check_ownership(self) -> None:
        """Make sure the file is a quizkit progress file this quizkit can read."""
        # One statement, so one snapshot: another quizkit creating the schema
        # at this moment is seen either not at all or completely.
        version, tables = self._db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: this progress file was written by a newer quizkit "
                f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade quizkit."
            )
        if version == 0 and tables:
            raise StoreError(
                f"{self.path}: this SQLite file is not a quizkit progress file; "
                "it was left untouched. Choose another file with --data."
            )

    def _migrate(self) -> None:
        while True:
            with self._transaction():
                # Read under the write lock: another quizkit may have migrated
                # the file since it was opened.
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    return
                # Statement by statement: executescript() would commit half-way.
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._write_lock)

    def check_integrity(self, *, quick: bool = False) -> None:
        """Raise ``StoreError`` unless SQLite finds the file sound.

        Runs on a read-only connection of its own, so it is safe in a background
        thread beside a study session. ``quick``: ``PRAGMA quick_check``, which
        skips index contents and takes a tenth of the time on a large file.
        """
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot reopen the progress file to check it: {exc}"
            ) from exc
        try:
            rows = [
                r[0]
                for r in db.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")
            ]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        finally:
            db.close()
        if rows != ["ok"]:
            raise StoreError(
                f"{self.path}: the progress file is damaged ({'; '.join(rows[:3])}); it was left "
                "untouched. `quizkit doctor --restore` puts back a daily backup."
            )

    def backup_to(self, target: Path) -> None:
        """Copy the whole database, consistently, into ``target`` (SQLite's online backup).

        Reads through a connection of its own: safe beside a study session.
        """
        source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()

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
                        (card.id, deck.id, card.note_id, position, card.content_hash),
                    )
                else:
                    self._db.execute(
                        "UPDATE cards SET position = ?, in_deck = 1, note_id = ?, content_hash = ?, "
                        "edited_at = CASE WHEN content_hash != ? THEN ? ELSE edited_at END "
                        "WHERE card_id = ?",
                        (
                            position,
                            card.note_id,
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
    # Suspended cards never come; buried ones wait until their time.
    _AVAILABLE = "suspended = 0 AND (buried_until IS NULL OR buried_until <= :now)"
    _NOT_SIBLING_OF_TODAY = (
        "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.note_id = c.note_id "
        "AND r.card_id != c.card_id AND r.reviewed_at >= :day_start)"
    )

    def deck_counts(
        self, deck_id: str, options: DeckOptions, day: StudyDay, now: datetime
    ) -> DeckCounts:
        """New, learning and review cards to study today, within the daily limits."""
        new_done, reviews_done = self._done_today(deck_id, day)
        params = {
            "deck": deck_id,
            "day_start": to_micros(day.start),
            "day_end": to_micros(day.end),
            "now": to_micros(now),
        }
        base = f"FROM cards c WHERE deck_id = :deck AND in_deck = 1 AND {self._AVAILABLE}"
        learning = self._db.execute(
            f"SELECT count(*) {base} AND phase IN (1, 3) AND due < :day_end",
            params,
        ).fetchone()[0]
        review_limit = max(0, options.reviews_per_day - reviews_done)
        due = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} AND phase = 2 AND due < :day_end "
            f"AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": review_limit},
        ).fetchone()[0]
        new_limit = max(0, options.new_per_day - new_done)
        new = self._db.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} AND phase = 0 "
            f"AND {self._NOT_SIBLING_OF_TODAY} LIMIT :limit)",
            {**params, "limit": new_limit},
        ).fetchone()[0]
        return DeckCounts(new=new, learning=learning, due=due)

    def next_card(
        self,
        deck_id: str,
        options: DeckOptions,
        day: StudyDay,
        now: datetime,
        skip: frozenset[str] = frozenset(),
    ) -> tuple[str, int] | None:
        """(id, position in its deck) of the card to study next in ``deck_id``, or None when
        nothing is left today.

        Order, as Anki: learning cards due now, then reviews due today, then new
        cards in deck order (within the daily limits), and only when none of
        those is left, learning cards due within the learn-ahead window.
        """
        new_done, reviews_done = self._done_today(deck_id, day)
        params: dict[str, object] = {
            "deck": deck_id,
            "day_start": to_micros(day.start),
            "day_end": to_micros(day.end),
            "now": to_micros(now),
            "ahead": to_micros(now + LEARN_AHEAD),
        }
        params.update({f"s{i}": card_id for i, card_id in enumerate(sorted(skip))})
        skip_sql = "".join(f" AND card_id != :s{i}" for i in range(len(skip)))
        base = (
            f"SELECT card_id, position FROM cards c WHERE deck_id = :deck AND in_deck = 1 AND {self._AVAILABLE}"
            + skip_sql
        )
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
                return row[0], row[1]
        return None

    def next_learning_due(self, deck_ids: list[str]) -> datetime | None:
        """When the earliest waiting learning or review card falls due (for 'come back in 3 h')."""
        candidates = []
        for deck_id in deck_ids:
            # One indexed "first by due" per phase: "phase != 0" would read the
            # deck's whole index, 30 ms at 100,000 cards.
            for phase in (Phase.LEARNING, Phase.REVIEW, Phase.RELEARNING):
                candidates.append(
                    self._db.execute(
                        "SELECT due FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase = ? "
                        "AND suspended = 0 AND buried_until IS NULL ORDER BY due LIMIT 1",
                        (deck_id, int(phase)),
                    ).fetchone()
                )
            # Buried cards come back at the later of their due time and their burial's end.
            candidates.append(
                self._db.execute(
                    "SELECT min(max(due, buried_until)) FROM cards WHERE deck_id = ? "
                    "AND buried_until IS NOT NULL AND in_deck = 1 AND phase != 0 AND suspended = 0",
                    (deck_id,),
                ).fetchone()
            )
        dues = [row[0] for row in candidates if row and row[0] is not None]
        return from_micros(min(dues)) if dues else None

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

        ``make_leech`` also tags the card as a leech and suspends it.
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
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    deck_id,
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

    def undo_last_review(self) -> ReviewRecord | None:
        """Remove the newest review and put its card back exactly as it was before it."""
        row = self._db.execute("SELECT max(id) FROM reviews").fetchone()
        return self.undo_review(row[0]) if row[0] is not None else None

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
            (
                int(state.phase),
                state.step,
                state.stability,
                state.difficulty,
                to_micros(state.due),
                to_micros(state.last_review),
                state.reps,
                state.lapses,
                card_id,
            ),
        )

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

    def siblings(self, card_id: str) -> list[str]:
        """The other cards made from the same note."""
        return [
            r[0]
            for r in self._db.execute(
                "SELECT card_id FROM cards WHERE note_id = (SELECT note_id FROM cards WHERE card_id = ?) "
                "AND card_id != ? AND in_deck = 1",
                (card_id, card_id),
            )
        ]

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
        reviews = self._db.execute(
            "SELECT count(*) FROM reviews WHERE deck_id = ?", (deck_id,)
        ).fetchone()[0]
        return DeckTotals(
            cards=row[0], new=row[1], learning=row[2], review=row[3], due=row[4], reviews=reviews
        )

    def iter_reviews(self) -> Iterator[ReviewRecord]:
        """Every review, oldest first."""
        cursor = self._db.execute(
            "SELECT id, card_id, rating, reviewed_at, state_before, state_after FROM reviews ORDER BY id"
        )
        for row in cursor:
            yield _review_from_row(row)

    def iter_card_states(self) -> Iterator[tuple[str, CardState]]:
        cursor = self._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses FROM cards"
        )
        for row in cursor:
            yield row[0], _state_from_row(row[1:])

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
                "SELECT card_id, rating, reviewed_at, duration_ms FROM reviews WHERE deck_id = ? "
                "ORDER BY reviewed_at",
                (deck_id,),
            )
        ]

    def studied_states(self, deck_id: str) -> Iterator[tuple[str, CardState]]:
        """(card id, state) of every card of the deck studied at least once."""
        cursor = self._db.execute(
            "SELECT card_id, phase, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM cards WHERE deck_id = ? AND in_deck = 1 AND phase != 0",
            (deck_id,),
        )
        for row in cursor:
            yield row[0], _state_from_row(row[1:])

    def reviewed_between(self, start: datetime, end: datetime) -> bool:
        return (
            self._db.execute(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?)",
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


def _retry_while_locked(statement, seconds: float = 10.0) -> None:
    """Run ``statement`` again while another process holds the lock it needs.

    Changing the journal mode does not wait on ``busy_timeout``: two quizkits
    opening a new file together would otherwise fail at once.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock

    def __enter__(self) -> None:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                try:
                    self._db.execute("COMMIT")
                except BaseException:
                    # A failed COMMIT (disk full) leaves the transaction open.
                    self._db.execute("ROLLBACK")
                    raise
            else:
                self._db.execute("ROLLBACK")
        finally:
            self._lock.release()
