"""Is this SQLite file a quizkit progress file? Decided by reading only, before any write.

quizkit marks its files with ``PRAGMA application_id`` (the four bytes at offset
68 of the header, "QzKt"). Files written before the mark existed (schema 1 and
2) carry no id; they are recognised by their tables and columns, which must be
exactly what quizkit's migrations made at their ``user_version``, and are then
marked. Anything else is another program's file and is never written to.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from quizkit.progress.errors import StoreError
from quizkit.progress.schema import MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x517A4B74  # b"QzKt": quizkit's mark in the SQLite header

_COLUMNS = (
    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid"
)


def check_ownership(db: sqlite3.Connection, path: Path) -> None:
    """Raise ``StoreError`` unless ``path`` is empty, a quizkit file, or an unmarked one of ours.

    Reads in one read transaction, so another quizkit creating the schema at
    this moment is seen either not at all or completely. Writes nothing.
    """
    db.execute("BEGIN")
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        # A marked file needs no look at its tables (the common case, at every start).
        columns = () if app_id == APPLICATION_ID else tuple(db.execute(_COLUMNS).fetchall())
    finally:
        db.execute("COMMIT")
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: this progress file was written by a newer quizkit "
                f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade quizkit."
            )
        return
    if app_id == 0 and not columns and version == 0:
        return  # a new, empty database: quizkit's to set up
    if app_id == 0 and 1 <= version <= SCHEMA_VERSION and columns == expected_columns(version):
        return  # written by a quizkit from before the mark: adopted, marked on the first write
    owner = f" (application_id {app_id:#010x})" if app_id else ""
    raise StoreError(
        f"{path}: this SQLite file is not a quizkit progress file{owner}; it was left "
        "untouched. Choose another file with --data or QUIZKIT_DATA."
    )


@cache
def expected_columns(version: int) -> tuple[tuple[str, str], ...]:
    """(table, column) pairs a quizkit file of schema ``version`` has, in the order read above."""
    db = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            for statement in step.split(";"):
                if statement.strip():
                    db.execute(statement)
        return tuple(db.execute(_COLUMNS).fetchall())
    finally:
        db.close()


def is_marked(db: sqlite3.Connection) -> bool:
    return db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def mark(db: sqlite3.Connection) -> None:
    """Stamp quizkit's id into the header; call inside the first write transaction."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
