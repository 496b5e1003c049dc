"""The ``quizkit exam [EXAM]`` command: an exam's start screen in the TUI."""

from __future__ import annotations

import argparse
import sys

from quizkit.cli.exam_readiness import add_readiness_arguments, run_readiness, wants_readiness
from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK


def add_exam_parser(commands, shared: argparse.ArgumentParser) -> argparse.ArgumentParser:
    exam = commands.add_parser(
        "exam",
        parents=[shared],
        help="open the TUI on an exam's start screen (certification or practice)",
    )
    exam.add_argument(
        "exam", nargs="?", help="an exam id (default: the only exam, or a list of them)"
    )
    add_readiness_arguments(exam)
    return exam


def run_exam(args: argparse.Namespace, open_workspace) -> int:
    """Check the exam id, then open the TUI on its start screen."""
    workspace = open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    try:
        exams = [exam for deck in workspace.decks for exam in deck.exams]
        if not exams:
            print("quizkit: none of the loaded decks declares an exam ([[exams]])", file=sys.stderr)
            return EXIT_INPUT
        if args.exam and not any(exam.id == args.exam for exam in exams):
            known = ", ".join(exam.id for exam in exams)
            print(f"quizkit: no exam with id {args.exam!r} (exams: {known})", file=sys.stderr)
            return EXIT_INPUT
        if wants_readiness(args):  # readiness and the exam date: no TUI
            if not args.exam and len(exams) == 1:
                args.exam = exams[0].id
            return run_readiness(args, workspace)
        from quizkit.cli import output

        if not output.has_terminal():  # after the checks above: a wrong id is named anyway
            return EXIT_INPUT
        from quizkit.tui.app import make_app

        app = make_app(workspace, exam=args.exam or "")
        app.run()
        if app.fatal_message:
            print(app.fatal_message, file=sys.stderr)
            return EXIT_INPUT
        return app.return_code or EXIT_OK
    finally:
        workspace.close()
