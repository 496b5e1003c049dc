"""The ``quizkit doctor`` command: integrity, rebuild from the review log, backups."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from quizkit.base import paths
from quizkit.progress.backups import list_backups, restore_backup
from quizkit.progress.doctor import examine, repair
from quizkit.progress.store import ProgressStore, StoreError


def run_doctor(args: argparse.Namespace) -> int:
    data = paths.data_path(args.data)
    if args.backups:
        backups = list_backups(data)
        for backup in backups:
            print(backup)
        if not backups:
            print(f"no backups of {data} yet", file=sys.stderr)
        return 0
    if args.restore:
        return _restore(data, args.restore)
    if not data.exists():
        print(f"quizkit doctor: {data} does not exist yet: nothing to check", file=sys.stderr)
        return 1
    try:
        store = ProgressStore.open(data)
        try:
            store.check_integrity()
            report = repair(store) if args.rebuild else examine(store)
        finally:
            store.close()
    except StoreError as exc:
        print(f"quizkit doctor: {exc}", file=sys.stderr)
        return 1
    print(
        f"{data}: {report.cards} cards, {report.reviews} reviews, "
        f"{report.exam_attempts} exam attempts, integrity ok"
    )
    for review_id in report.broken_chain[:20]:
        print(f"  review {review_id}: its 'before' state is not the card's previous 'after' state")
    for card_id, (stored, rebuilt) in list(report.mismatches.items())[:20]:
        print(f"  {card_id}: stored state differs from the review log ({stored} != {rebuilt})")
    for problem in report.exam_problems[:20]:
        print(f"  {problem}")
    if report.healthy:
        print("every card's state matches its review log; exam attempt records are consistent")
        return 0
    if report.exam_problems and not report.mismatches and not report.broken_chain:
        print(
            "exam attempt records are kept as written: restore a backup (--restore) to undo damage"
        )
        return 1
    if args.rebuild:
        print(f"rebuilt {len(report.mismatches)} card states from the review log")
        return 0
    print("run `quizkit doctor --rebuild` to recompute card states from the review log")
    return 1


def _restore(data: Path, which: str) -> int:
    backups = list_backups(data)
    if which == "latest":
        if not backups:
            print(f"quizkit doctor: no backups of {data} to restore", file=sys.stderr)
            return 1
        backup = backups[0]
    else:
        backup = Path(which)
        if not backup.is_file():
            print(f"quizkit doctor: no such backup: {backup}", file=sys.stderr)
            return 1
    try:
        aside = restore_backup(data, backup, datetime.now(timezone.utc))
    except StoreError as exc:
        print(f"quizkit doctor: {exc}", file=sys.stderr)
        return 1
    print(f"restored {backup} into {data}")
    if aside.exists():
        print(f"the file it replaced is kept as {aside}")
    return 0
