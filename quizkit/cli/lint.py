"""The ``quizkit lint`` command: printing, exit codes, and ``--fix-ids``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizkit.base import paths as quizkit_paths
from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from quizkit.deck.cache import DeckCache
from quizkit.deck.fix_ids import fix_ids
from quizkit.deck.library import find_deck_files
from quizkit.deck.lint import lint_paths
from quizkit.deck.messages import plural
from quizkit.deck.problems import DeckError


def run_lint(args: argparse.Namespace) -> int:
    """Print every problem (``path:line:col: severity: message``) and return the exit code.

    0: no errors (warnings allowed); 1: errors; 2: wrong usage. Named files are
    also checked against every deck quizkit loads, for ids used twice.
    """
    loaded_dirs = [d for d in quizkit_paths.deck_dirs(args.decks) if d.exists()]
    if args.paths:
        targets = [Path(p) for p in args.paths]
        missing = [p for p in targets if not p.exists()]
        if missing:
            print(f"quizkit lint: no such file or folder: {missing[0]}", file=sys.stderr)
            return EXIT_USAGE
        context = loaded_dirs
    else:
        if args.fix_ids:
            print(
                "quizkit lint: --fix-ids rewrites files: name the deck files or folders to fix",
                file=sys.stderr,
            )
            return EXIT_USAGE
        targets, context = loaded_dirs, []

    if args.fix_ids:
        for path in find_deck_files(targets):
            try:
                written = fix_ids(path)
            except DeckError:
                continue  # its problems are reported below with every other problem
            except OSError as exc:
                print(f"{path}: cannot write the ids: {exc.strerror}", file=sys.stderr)
                continue
            if written:
                ids = "id" if len(written) == 1 else "ids"
                print(f"{path}: wrote {len(written)} {ids}", file=sys.stderr)

    report = lint_paths(targets, DeckCache(quizkit_paths.cache_dir()), context=context)
    if args.json:
        print(
            json.dumps(
                {
                    "files": [str(f) for f in report.files],
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "problems": [p.to_dict() for p in report.problems],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in report.problems:
            print(problem)
        print(
            f"{plural(len(report.files), 'file')} checked: {plural(report.errors, 'error')}, "
            f"{plural(report.warnings, 'warning')}",
            file=sys.stderr,
        )
    return EXIT_INPUT if report.errors else EXIT_OK
