"""Putting a backup in place of the progress file, so that no crash and no second run loses a file.

The steps, each one atomic (a rename), with a journal beside the file saying
what is under way::

    copy the backup to .<name>.restoring      (the live file is untouched)
    write .<name>.restore-journal             (names the set-aside file)
    <name> (and -wal, -shm) -> <name>.before-restore-<time>[-N]
    .<name>.restoring -> <name>
    remove the journal

A set-aside name is never reused: a second restore in the same second gets
``-2``. A crash leaves the journal; the next start (``finish_interrupted_restore``)
undoes the restore if the live file was not yet moved, and finishes it otherwise.
The caller must have the file alone (``holders.take_alone``).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from quizkit.progress import holders
from quizkit.progress.errors import StoreError
from quizkit.progress.ownership import check_ownership

_SIDE_FILES = ("-wal", "-shm")


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path``; ``as_uri`` quotes ``#``, ``?`` and ``%``."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def journal_path(data_path: Path) -> Path:
    return data_path.with_name(f".{data_path.name}.restore-journal")


def restore_backup(data_path: Path, backup: Path, now: datetime) -> Path:
    """Put ``backup`` in place of the progress file; the current file is moved aside, never deleted.

    Returns where the replaced file was kept.
    """
    check_backup(backup)
    partial = data_path.with_name(f".{data_path.name}.restoring")
    partial.unlink(missing_ok=True)  # left by a restore that died before its journal
    _copy_database(backup, partial)
    aside = _unused_aside_name(data_path, now)
    _write_journal(data_path, aside)
    if data_path.exists():
        _checkpoint(data_path)
        _move_aside(data_path, aside)
    os.replace(partial, data_path)
    _sync_folder(data_path.parent)
    journal_path(data_path).unlink()
    _sync_folder(data_path.parent)
    return aside


def finish_interrupted_restore(data_path: Path, *, already_alone: bool = False) -> str | None:
    """Finish or undo a restore that a crash interrupted; say what was done (None: nothing to do).

    ``already_alone``: the caller has the file alone; otherwise this waits to have it.
    """
    journal = journal_path(data_path)
    if not journal.exists():
        return None
    if already_alone:
        return _recover(data_path, journal)
    hold = holders.take_alone(data_path, "finishing an interrupted restore", wait=30.0)
    try:
        return _recover(data_path, journal)
    finally:
        hold.release()


def _recover(data_path: Path, journal: Path) -> str | None:
    try:
        aside = data_path.with_name(json.loads(journal.read_text(encoding="utf-8"))["aside"])
    except FileNotFoundError:
        return None  # another quizkit finished it while this one waited
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"{journal}: an interrupted restore left a journal that cannot be read ({exc}); "
            f"look at the files beside {data_path.name} before removing it."
        ) from exc
    partial = data_path.with_name(f".{data_path.name}.restoring")
    if data_path.exists() and partial.exists():
        partial.unlink()  # the live file was never moved: undo
        message = f"an interrupted `doctor --restore` was undone; {data_path} is as it was"
    elif partial.exists():
        _move_aside(data_path, aside)  # its -wal and -shm, if they were left behind
        os.replace(partial, data_path)
        message = f"an interrupted `doctor --restore` was finished; the old file is {aside}"
    elif not data_path.exists() and aside.exists():
        os.replace(aside, data_path)  # the copy was lost: put the old file back
        message = f"an interrupted `doctor --restore` was undone; {data_path} is as it was"
    else:
        message = None  # it had finished; only the journal was left
    _sync_folder(data_path.parent)
    journal.unlink()
    _sync_folder(data_path.parent)
    return message


def check_backup(backup: Path) -> None:
    """Raise ``StoreError`` unless ``backup`` is a sound quizkit progress file."""
    try:
        db = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            check_ownership(db, backup)
            check = [r[0] for r in db.execute("PRAGMA integrity_check")]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{backup}: not a usable backup ({exc})") from exc
    if check != ["ok"] or version < 1:
        raise StoreError(
            f"{backup}: not a usable backup ({'; '.join(check[:2])}, schema {version})"
        )


def _copy_database(source_path: Path, target: Path) -> None:
    source = sqlite3.connect(read_only_uri(source_path), uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _unused_aside_name(data_path: Path, now: datetime) -> Path:
    """A set-aside name that neither the file nor its -wal, -shm would overwrite."""
    stem = f"{data_path.name}.before-restore-{now:%Y%m%d-%H%M%S}"
    for n in range(1, 10_000):
        candidate = data_path.with_name(stem if n == 1 else f"{stem}-{n}")
        taken = [candidate, *(candidate.with_name(candidate.name + s) for s in _SIDE_FILES)]
        if not any(os.path.lexists(p) for p in taken):
            return candidate
    raise StoreError(f"{data_path}: too many set-aside files named {stem}-N; remove some first")


def _write_journal(data_path: Path, aside: Path) -> None:
    journal = journal_path(data_path)
    temporary = journal.with_name(journal.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump({"aside": aside.name}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, journal)
    _sync_folder(data_path.parent)


def _checkpoint(data_path: Path) -> None:
    """Fold the write-ahead log into the file, so the set-aside file stands on its own."""
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(data_path)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()


def _move_aside(data_path: Path, aside: Path) -> None:
    if data_path.exists():
        os.replace(data_path, aside)
    # The write-ahead log belongs to the file moved aside: left here, SQLite
    # would replay it into the restored file.
    for suffix in _SIDE_FILES:
        side = data_path.with_name(data_path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a rename lives in the folder's entry)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
