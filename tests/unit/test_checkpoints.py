"""The WAL checkpoint kept out of the answer's COMMIT (the study screen's writer)."""

from __future__ import annotations

from pathlib import Path

from quizkit.progress.connection import CHECKPOINT_AFTER_COMMITS
from quizkit.progress.store import ProgressStore


def _commits(store: ProgressStore, count: int) -> None:
    # One new page per commit: a row of about a page.
    for _ in range(count):
        with store.write_transaction():
            store._db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 4000,))


def _open(path: Path) -> ProgressStore:
    store = ProgressStore.open(path)
    with store.write_transaction():
        store._db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    return store


def test_without_deferring_sqlite_checkpoints_inside_the_commits(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = _open(path)
    try:
        size = path.stat().st_size
        _commits(store, 1100)  # past SQLite's 1,000 WAL pages
        assert path.stat().st_size > size
    finally:
        store.close()


def test_deferred_checkpoints_leave_the_file_alone_until_checkpoint_if_due(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = _open(path)
    try:
        store.defer_checkpoints()
        size = path.stat().st_size
        _commits(store, 1100)
        assert path.stat().st_size == size  # every commit only appended to the WAL
        assert store.checkpoint_if_due() is True
        assert path.stat().st_size > size + 1000 * 4000
        assert store.checkpoint_if_due() is False  # counted again from zero
    finally:
        store.close()


def test_checkpoint_if_due_waits_for_enough_commits(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = _open(path)
    try:
        store.defer_checkpoints()
        size = path.stat().st_size
        _commits(store, CHECKPOINT_AFTER_COMMITS - 1)
        assert store.checkpoint_if_due() is False
        assert path.stat().st_size == size
        _commits(store, 1)
        assert store.checkpoint_if_due() is True
        assert path.stat().st_size > size
    finally:
        store.close()


def test_a_connection_that_does_not_defer_never_checkpoints_on_request(tmp_path):
    store = _open(tmp_path / "progress.sqlite3")
    try:
        _commits(store, CHECKPOINT_AFTER_COMMITS)
        assert store.checkpoint_if_due() is False
    finally:
        store.close()
