"""``quizkit exam EXAM --readiness [--json]`` and ``--date YYYY-MM-DD | none``: no TUI."""

from __future__ import annotations

import argparse
import json
import sys

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def add_readiness_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--readiness",
        action="store_true",
        help="print the predicted score and pass probability (now and on the exam date)",
    )
    parser.add_argument("--json", action="store_true", help="with --readiness: as JSON")
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="set the date of your exam (study plans for it); 'none' clears it",
    )


def wants_readiness(args: argparse.Namespace) -> bool:
    """True when the command is about readiness or the date, not the TUI."""
    return bool(
        getattr(args, "readiness", False)
        or getattr(args, "date", None)
        or getattr(args, "json", False)
    )


def run_readiness(args: argparse.Namespace, workspace) -> int:
    """Set or clear the exam date, and/or print readiness; the exam id was checked by the caller."""
    if args.json and not args.readiness:
        print("quizkit exam: --json goes with --readiness", file=sys.stderr)
        return EXIT_USAGE
    found = [(d, e) for d in workspace.decks for e in d.exams if e.id == args.exam]
    if not found:
        print("quizkit exam: --readiness and --date need an exam id", file=sys.stderr)
        return EXIT_USAGE
    deck, exam = found[0]
    if args.date:
        # Here, not at the top: every command's parser imports this module (~30 ms of exams).
        from quizkit.exam.outlook import parse_exam_date

        try:
            day = parse_exam_date(args.date)
        except ValueError:
            print(
                f"quizkit exam: --date {args.date!r} is not a date: write it YYYY-MM-DD "
                "(e.g. 2026-12-15), or none to clear it",
                file=sys.stderr,
            )
            return EXIT_INPUT
        workspace.store.set_exam_date(exam.id, day)
        if not args.readiness:
            said = (
                f"exam date of {exam.id}: {day.isoformat()}"
                if day
                else f"exam date of {exam.id} cleared"
            )
            print(f"quizkit: {said}", file=sys.stderr)
    if args.readiness:
        from quizkit.report.readiness_text import readiness_payload, readiness_text

        outlook = workspace.outlook(deck, exam)
        if args.json:
            print(json.dumps(readiness_payload(deck, exam, outlook), indent=2))
        else:
            print(readiness_text(deck, exam, outlook))
    return EXIT_OK
