"""The ``quizkit doctor`` command: integrity, rebuild from the review log, backups."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quizkit.base import paths
from quizkit.base.clock import SystemClock
from quizkit.progress import holders
from quizkit.progress.backups import backup_info, count_reviews, list_backups
from quizkit.progress.card_state import CardState
from quizkit.progress.doctor import DoctorReport, examine, repair
from quizkit.progress.restore import finish_interrupted_restore, restore_backup
from quizkit.progress.store import ProgressStore, StoreError

SHOWN = 20  # cards and reviews listed when the log and the states disagree


def add_doctor_command(commands, shared: argparse.ArgumentParser) -> None:
    """The ``doctor`` subcommand and its options."""
    doctor = commands.add_parser(
        "doctor",
        parents=[shared],
        help="check the progress file against its review log; repair it or restore a backup",
    )
    action = doctor.add_mutually_exclusive_group()
    action.add_argument(
        "--rebuild",
        action="store_true",
        help="recompute every card's state from the review log and save it",
    )
    action.add_argument(
        "--restore",
        nargs="?",
        const="latest",
        metavar="BACKUP",
        help="put a daily backup back (default: the newest), after asking; the current file is kept aside",
    )
    action.add_argument(
        "--backups",
        action="store_true",
        help="list the daily backups with their time, size and number of reviews",
    )
    doctor.add_argument(
        "--yes", action="store_true", help="with --restore: replace the file without asking"
    )


def run_doctor(args: argparse.Namespace) -> int:
    data = paths.data_path(args.data)
    problem = paths.data_path_problem(data)
    if problem:
        return _fail(problem)
    try:
        if args.backups:
            return _list_backups(data)
        if args.restore:
            return _restore(data, args.restore, yes=args.yes)
        if not data.exists():
            return _fail(f"{data} does not exist yet: nothing to check")
        return _rebuild(data) if args.rebuild else _check(data)
    except StoreError as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"quizkit doctor: {message}", file=sys.stderr)
    return 1


def _check(data: Path) -> int:
    store = ProgressStore.open(data)
    try:
        _say_notices(store)
        store.check_integrity()
        report = examine(store)
    finally:
        store.close()
    others = [h for h in holders.live_holders(data) if h.pid != os.getpid()]
    print(f"Progress file: {data} ({_file_size(data)})")
    print("  integrity: ok (PRAGMA integrity_check)")
    print(
        f"  contents: {_count(report.cards, 'card')}, {_count(report.reviews, 'review')}, "
        f"{_count(report.exam_attempts, 'exam attempt')}"
    )
    print(f"  open in: {'; '.join(h.describe() for h in others) or 'no other quizkit'}")
    print(f"  backups: {_newest_backup(data)}")
    _print_findings(report)
    if report.healthy:
        print("  review log: every card's state matches its review log")
        print("  exam attempts: every record is consistent")
        return 0
    if report.exam_problems and not report.mismatches and not report.broken_chain:
        print(
            "exam attempt records are kept as written: `quizkit doctor --restore` puts back a backup"
        )
        return 1
    print("run `quizkit doctor --rebuild` to recompute card states from the review log")
    return 1


def _rebuild(data: Path) -> int:
    hold = holders.take_alone(data, "quizkit doctor --rebuild")
    try:
        store = ProgressStore.open(data, alone=True)
        try:
            _say_notices(store)
            store.check_integrity()
            report = repair(store)
        finally:
            store.close()
    finally:
        hold.release()
    print(
        f"Progress file: {data}: {_count(report.cards, 'card')}, "
        f"{_count(report.reviews, 'review')}, integrity ok"
    )
    _print_findings(report)
    if report.healthy:
        print("every card's state already matched its review log: nothing was changed")
    else:
        print(f"rebuilt {len(report.mismatches)} card states from the review log")
    return 0


def _print_findings(report: DoctorReport) -> None:
    if report.mismatches:
        print(f"  cards whose state differs from their review log: {len(report.mismatches)}")
    for card_id, (stored, rebuilt) in list(report.mismatches.items())[:SHOWN]:
        print(f"    {card_id}: stored {_brief(stored)}; the log says {_brief(rebuilt)}")
    if report.broken_chain:
        print(f"  reviews that do not follow their card's previous one: {len(report.broken_chain)}")
    for review_id in report.broken_chain[:SHOWN]:
        print(f"    review {review_id}: its 'before' state is not the previous review's 'after'")
    if report.exam_problems:
        print(f"  {len(report.exam_problems)} problems in the exam attempt records:")
    for problem in report.exam_problems[:SHOWN]:
        print(f"    {problem}")


def _brief(state: CardState) -> str:
    due = f", due {state.due.astimezone():%Y-%m-%d %H:%M}" if state.due else ""
    return f"{state.phase.name.lower()}, {_count(state.reps, 'review')}{due}"


def _list_backups(data: Path) -> int:
    backups = list_backups(data)
    if not backups:
        print(
            f"no backups of {data} yet (one is taken each day quizkit's screen opens)",
            file=sys.stderr,
        )
        return 0
    print(f"Backups of {data}, newest first (local time, size, reviews held):")
    for backup in backups:
        print(f"  {_describe_backup(backup)}  {backup}")
    return 0


def _describe_backup(backup: Path) -> str:
    info = backup_info(backup)
    reviews = "unreadable" if info.reviews is None else _count(info.reviews, "review")
    return f"{info.taken_at.astimezone():%Y-%m-%d %H:%M}  {_size(info.size):>9}  {reviews:>13}"


def _newest_backup(data: Path) -> str:
    backups = list_backups(data)
    if not backups:
        return "none yet (one is taken each day quizkit's screen opens)"
    return f"{len(backups)}, newest {_describe_backup(backups[0])}"


def _restore(data: Path, which: str, *, yes: bool) -> int:
    backups = list_backups(data)
    if which == "latest":
        if not backups:
            return _fail(f"no backups of {data} to restore")
        backup = backups[0]
    else:
        backup = Path(which)
        if not backup.is_file():
            return _fail(f"no such backup: {backup}")
    now_holds = "does not exist" if not data.exists() else f"holds {_reviews(data)}"
    print(f"Backup:        {backup}\n               {_describe_backup(backup)}")
    print(f"Progress file: {data} ({now_holds})")
    print("The backup replaces the progress file; the current file is kept beside it.")
    if not yes and not _confirmed():
        return 1
    hold = holders.take_alone(data, "quizkit doctor --restore")
    try:
        notice = finish_interrupted_restore(data, already_alone=True)
        if notice:
            print(notice, file=sys.stderr)
        aside = restore_backup(data, backup, SystemClock().now())
    finally:
        hold.release()
    print(f"restored {backup} into {data}")
    if aside.exists():
        print(f"the file it replaced is kept as {aside}")
    return 0


def _confirmed() -> bool:
    if not sys.stdin.isatty():
        print(
            "quizkit doctor: --restore replaces the progress file: run it at a terminal to "
            "confirm, or add --yes",
            file=sys.stderr,
        )
        return False
    try:
        answer = input("Replace the progress file with this backup? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("nothing was changed", file=sys.stderr)
    return False


def _reviews(path: Path) -> str:
    count = count_reviews(path)
    return "an unreadable file" if count is None else _count(count, "review")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _file_size(data: Path) -> str:
    wal = data.with_name(data.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return f"{_size(data.stat().st_size)} and a {_size(wal.stat().st_size)} write-ahead log"
    return _size(data.stat().st_size)


def _size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _say_notices(store: ProgressStore) -> None:
    for notice in store.notices:
        print(f"quizkit doctor: {notice}", file=sys.stderr)
