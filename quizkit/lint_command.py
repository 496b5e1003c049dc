"""The ``quizkit lint`` command: printing, exit codes, and ``--fix-ids``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizkit.core import paths as quizkit_paths
from quizkit.core.deck_cache import DeckCache
from quizkit.core.fix_ids import fix_ids
from quizkit.core.library import find_deck_files
from quizkit.core.lint import lint_paths
from quizkit.core.problems import DeckError


def run_lint(args: argparse.Namespace) -> int:
    if args.paths:
        targets = [Path(p) for p in args.paths]
        missing = [p for p in targets if not p.exists()]
        if missing:
            print(f"quizkit lint: no such file or folder: {missing[0]}", file=sys.stderr)
            return 2
    else:
        targets = [d for d in quizkit_paths.deck_dirs(args.decks) if d.exists()]

    if args.fix_ids:
        for path in find_deck_files(targets):
            try:
                written = fix_ids(path)
            except DeckError:
                continue  # reported below with every other problem
            if written:
                print(f"{path}: wrote {len(written)} ids", file=sys.stderr)

    report = lint_paths(targets, DeckCache(quizkit_paths.cache_dir()))
    if args.json:
        print(json.dumps({
            "files": [str(f) for f in report.files],
            "errors": report.errors,
            "warnings": report.warnings,
            "problems": [p.to_dict() for p in report.problems],
        }, indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            print(problem)
        summary = f"{len(report.files)} files checked: {report.errors} errors, {report.warnings} warnings"
        print(summary, file=sys.stderr)
    return 1 if report.errors else 0

