"""The progress file itself: opening it safely, migrations, transactions, integrity and backups.

Nothing here knows what a card or a review is; the other ``progress`` modules
add those on top of ``ProgressFile``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from quizkit.progress.schema import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """The progress file cannot be used; the message says why and what to do."""


class ProgressFile:
    """One open connection to the progress file, with the write lock that serialises its transactions."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._write_lock = threading.RLock()

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> ProgressFile:
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
