"""The progress file itself: opening it safely, migrations, transactions, integrity and backups.

Nothing here knows what a card or a review is; the other ``progress`` modules
add those on top of ``ProgressFile``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

from quizkit.base.paths import data_path_problem
from quizkit.progress import holders
from quizkit.progress.errors import StoreError, explain, write_failed
from quizkit.progress.ownership import check_ownership, is_marked, mark
from quizkit.progress.restore import finish_interrupted_restore, read_only_uri
from quizkit.progress.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["BUSY_TIMEOUT", "ProgressFile", "StoreError"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0  # seconds a write waits for another quizkit's transaction
# With checkpoints deferred, the WAL is copied into the file after this many commits: an
# answer writes about ten pages, so about SQLite's own 1,000-page automatic checkpoint.
CHECKPOINT_AFTER_COMMITS = 100


class ProgressFile:
    """One open connection to the progress file, with the write lock that serialises its transactions."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, hold: holders.Hold | None
    ) -> None:
        self._db = connection
        self.path = path
        self._hold = hold
        self._write_lock = threading.RLock()
        self._depth = 0  # nested write transactions of the thread holding the lock
        self._checkpoints_deferred = False
        self._commits = 0  # since the last deferred checkpoint
        # What opening did that the learner should hear (an interrupted restore finished).
        self.notices: list[str] = []

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, alone: bool = False) -> Self:
        """Open (or create) the progress file at ``path``; never write to a file that is not quizkit's.

        ``alone``: the caller holds the file alone (``holders.take_alone``), as
        ``doctor`` does; otherwise this process registers as one of its holders.
        """
        path = Path(path)
        problem = data_path_problem(path)
        if problem:
            raise StoreError(problem)
        _refuse_non_sqlite(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create its folder: {exc.strerror}") from exc
        notice = finish_interrupted_restore(path, already_alone=alone)
        hold = None if alone else holders.join(path)
        try:
            store = cls(_connect(path), path, hold)
        except BaseException:
            if hold is not None:
                hold.release()
            raise
        store.notices += [notice] if notice else []
        try:
            store._set_up()
        except BaseException:
            store.close()
            raise
        return store

    def open_another(self) -> Self:
        """A second connection to the same file, for a worker thread: same pragmas, no migrations."""
        hold = holders.join(self.path) if self._hold is not None else None
        try:
            db = _connect(self.path)
            db.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            if hold is not None:
                hold.release()
            raise StoreError(f"{self.path}: cannot open the progress file: {explain(exc)}") from exc
        return type(self)(db, self.path, hold)

    def _set_up(self) -> None:
        """Everything that could refuse the file runs before the first write.

        Even switching to WAL rewrites the header of a file that is not ours.
        Reading the schema catches a damaged header or catalogue at once; the
        full integrity check runs once a day, before the daily backup
        (``check_integrity``), because on a large file it costs more than the
        whole rest of start-up.
        """
        try:
            check_ownership(self._db, self.path)
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                _retry_while_locked(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
            # FULL: a committed answer survives a power cut, not only a crash.
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: cannot open the progress file: {explain(exc)}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: the progress file cannot be read ({exc}); it was left untouched."
            ) from exc

    def close(self) -> None:
        with self._write_lock:  # not under a checkpoint running on a worker thread
            self._db.close()
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    # -- checkpoints off the answer's path ---------------------------------------------
    def defer_checkpoints(self) -> None:
        """Leave copying the WAL into the file to ``checkpoint_if_due``, on this connection.

        SQLite runs that checkpoint inside the COMMIT that takes the WAL past 1,000
        pages: about every hundredth answer waited ~1.7 ms more (at 1M reviews), the
        answer's p99. The study screen's writer calls ``checkpoint_if_due`` once the
        answer is handed over, so the learner waits only for the durable commit.
        Other connections keep SQLite's automatic checkpoint.
        """
        self._db.execute("PRAGMA wal_autocheckpoint = 0")
        self._checkpoints_deferred = True
        self._commits = 0

    def checkpoint_if_due(self) -> bool:
        """A passive checkpoint (it neither waits for readers nor blocks them) once
        ``CHECKPOINT_AFTER_COMMITS`` commits went by with checkpoints deferred; True when run."""
        with self._write_lock:
            if not self._checkpoints_deferred or self._commits < CHECKPOINT_AFTER_COMMITS:
                return False
            self._commits = 0
            try:
                self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:
                # The answers are committed (durable in the WAL); the next checkpoint,
                # or SQLite's own when the last connection closes, copies them.
                return False
            return True

    def _migrate(self) -> None:
        # Read first: a file that is up to date and marked needs no write (and
        # may be read-only).
        if self._schema_version() >= SCHEMA_VERSION and is_marked(self._db):
            return
        while True:
            with self._transaction():
                # Read under the write lock: another quizkit may have migrated
                # the file since it was opened.
                if not is_marked(self._db):
                    mark(self._db)
                version = self._schema_version()
                if version >= SCHEMA_VERSION:
                    return
                # Statement by statement: executescript() would commit half-way.
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    def _schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def write_transaction(self) -> _Transaction:
        """One write transaction around several steps (BEGIN IMMEDIATE): nobody writes in between."""
        return _Transaction(self)

    @contextlib.contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Several reads that see the file at one moment (a read transaction)."""
        with self._write_lock:
            if self._depth:  # inside a write transaction: already one moment
                yield
                return
            self._db.execute("BEGIN")
            try:
                yield
            finally:
                _rollback(self._db)

    def check_integrity(self, *, quick: bool = False) -> None:
        """Raise ``StoreError`` unless SQLite finds the file sound.

        Runs on a read-only connection of its own, so it is safe in a background
        thread beside a study session. ``quick``: ``PRAGMA quick_check``, which
        skips index contents and takes a tenth of the time on a large file.
        """
        try:
            db = sqlite3.connect(read_only_uri(self.path), uri=True, timeout=BUSY_TIMEOUT)
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
        source = sqlite3.connect(read_only_uri(self.path), uri=True, timeout=BUSY_TIMEOUT)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        # The TUI writes from worker threads so the screen never waits on the
        # disk; writes are serialised by the transaction lock below.
        db = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT, check_same_thread=False
        )
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the progress file: {exc}") from exc
    return db


def _retry_while_locked(statement, seconds: float = BUSY_TIMEOUT) -> None:
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


def _refuse_non_sqlite(path: Path) -> None:
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
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: never half an answer.

    Nested uses on one thread join the outer transaction. A failure of SQLite's
    (disk full, read-only, locked) becomes a ``StoreError`` that names the file.
    """

    def __init__(self, store: ProgressFile) -> None:
        self._store = store

    def __enter__(self) -> None:
        store = self._store
        store._write_lock.acquire()
        if store._depth == 0:
            try:
                store._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                store._write_lock.release()
                raise write_failed(store.path, exc) from exc
            except BaseException:
                store._write_lock.release()
                raise
        store._depth += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        store, db = self._store, self._store._db
        try:
            store._depth -= 1
            if store._depth:
                return
            if exc_type is None:
                try:
                    db.execute("COMMIT")
                except sqlite3.Error as commit_error:
                    _rollback(db)  # a failed COMMIT (disk full) may leave the transaction open
                    raise write_failed(store.path, commit_error) from commit_error
                store._commits += 1
                return
            _rollback(db)
            if isinstance(exc, sqlite3.OperationalError):
                raise write_failed(store.path, exc) from exc
        finally:
            store._write_lock.release()


def _rollback(db: sqlite3.Connection) -> None:
    # SQLite rolls back by itself on some errors (SQLITE_FULL): ROLLBACK would
    # then fail with "cannot rollback - no transaction is active" and hide the cause.
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
