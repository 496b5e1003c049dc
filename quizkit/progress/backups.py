"""Rotating daily backups of the progress file, and putting one back.

A backup is taken at the first start of each (UTC) day, after an integrity
check, so a damaged file never replaces a good backup; the TUI does it in the
background after its first frame (on a large file the check and the copy take
seconds). The last seven are kept
in ``<progress file stem>-backups/`` beside the progress file.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from quizkit.progress.schema import SCHEMA_VERSION
from quizkit.progress.store import ProgressStore, StoreError

BACKUPS_KEPT = 7
_SIDE_FILES = ("-wal", "-shm")


def backup_dir(data_path: Path) -> Path:
    return data_path.parent / f"{data_path.stem}-backups"


def list_backups(data_path: Path) -> list[Path]:
    """Backups of ``data_path``, newest first."""
    folder = backup_dir(data_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{data_path.stem}-*.sqlite3"), reverse=True)


def daily_backup(store: ProgressStore, now: datetime) -> Path | None:
    """Check the file and back it up if today has no backup yet; return the new backup.

    With today's backup already taken, only the quick check runs. Raises
    ``StoreError`` when the file fails its check. Safe in a background thread.
    """
    folder = backup_dir(store.path)
    target = folder / f"{store.path.stem}-{now:%Y-%m-%d}.sqlite3"
    if target.exists():
        store.check_integrity(quick=True)
        return None
    store.check_integrity()
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    store.backup_to(partial)
    os.replace(partial, target)
    for old in list_backups(store.path)[BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)
    return target


def restore_backup(data_path: Path, backup: Path, now: datetime) -> Path:
    """Put ``backup`` in place of the progress file; the current file is moved aside, never deleted.

    Returns where the replaced file was kept. Quit every quizkit using the file first.
    """
    _check_backup(backup)
    aside = data_path.with_name(f"{data_path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    partial = data_path.with_name(f".{data_path.name}.restoring")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    if data_path.exists():
        os.replace(data_path, aside)
        # The write-ahead log belongs to the file moved aside: left here, SQLite
        # would replay it into the restored file.
        for suffix in _SIDE_FILES:
            side = data_path.with_name(data_path.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
    os.replace(partial, data_path)
    return aside


def _check_backup(backup: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            check = [r[0] for r in db.execute("PRAGMA integrity_check")]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{backup}: not a usable backup ({exc})") from exc
    if check != ["ok"] or not 1 <= version <= SCHEMA_VERSION:
        raise StoreError(
            f"{backup}: not a usable backup ({'; '.join(check[:2])}, schema {version})"
        )
