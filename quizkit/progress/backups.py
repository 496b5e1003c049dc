"""Rotating daily backups of the progress file, and what each one holds.

A backup is taken at the first start of each (UTC) day, after an integrity
check, so a damaged file never replaces a good backup; the TUI does it in the
background after its first frame (on a large file the check and the copy take
seconds). The last seven are kept in ``<progress file stem>-backups/`` beside
the progress file. Putting one back is ``restore.restore_backup``'s.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from quizkit.progress.restore import read_only_uri
from quizkit.progress.store import ProgressStore

BACKUPS_KEPT = 7


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # UTC
    size: int  # bytes
    reviews: int | None  # None: the backup cannot be read


def backup_dir(data_path: Path) -> Path:
    return data_path.parent / f"{data_path.stem}-backups"


def list_backups(data_path: Path) -> list[Path]:
    """Backups of ``data_path``, newest first."""
    folder = backup_dir(data_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{data_path.stem}-*.sqlite3"), reverse=True)


def backup_info(backup: Path) -> BackupInfo:
    """When ``backup`` was taken, its size and how many reviews it holds (an empty one shows)."""
    stat = backup.stat()
    return BackupInfo(
        backup, datetime.fromtimestamp(stat.st_mtime, UTC), stat.st_size, count_reviews(backup)
    )


def count_reviews(path: Path) -> int | None:
    """Reviews in a progress file or backup, read-only; None when it cannot be read."""
    try:
        db = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            # Rating 0 is a reset to new (the card browser's), not a review.
            return db.execute("SELECT count(*) FROM reviews WHERE rating > 0").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None


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
