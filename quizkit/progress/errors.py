"""What can go wrong with the progress file, said so that the learner knows what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The progress file cannot be used; the message says why and what to do."""


# SQLite's own words, and what they mean for someone at a terminal.
_EXPLANATIONS = (
    ("database or disk is full", "the disk is full (database or disk is full)"),
    ("readonly", "the file or its folder is read-only (attempt to write a readonly database)"),
    ("locked", "another program kept the file locked for more than 10 s (database is locked)"),
    ("busy", "another program kept the file busy for more than 10 s (database is busy)"),
    (
        "unable to open",
        "SQLite cannot open it or its -wal and -shm files (check that the file and its folder are writable)",
    ),
)


def explain(exc: sqlite3.Error) -> str:
    """SQLite's error in words a learner can act on; SQLite's own words stay in brackets."""
    text = str(exc)
    for needle, words in _EXPLANATIONS:
        if needle in text:
            return words
    return text or type(exc).__name__


def write_failed(path: Path, exc: sqlite3.Error) -> StoreError:
    """A failed write transaction: it was rolled back, so nothing of it is in the file."""
    return StoreError(
        f"{path}: could not write the progress file: {explain(exc)}. "
        "This change was not saved; what was saved before is safe."
    )
