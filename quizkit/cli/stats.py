"""``quizkit stats``: the progress summary, readable or as one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from quizkit.base import paths
from quizkit.cli import output
from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK
from quizkit.report.stats import progress_summary
from quizkit.report.summary_text import summary_text, visible


def run_stats(args: argparse.Namespace) -> int:
    from quizkit.cli.main import _open_workspace

    workspace = _open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    for notice in workspace.notices():
        print(visible(notice), file=sys.stderr)
    try:
        summary = progress_summary(
            workspace.store,
            workspace.library,
            workspace.study_day(),
            workspace.clock.now(),
            zone=workspace.clock.local_zone(),
            rollover_hour=workspace.config.rollover_hour,
            learner=asdict(workspace.config.learner),
            cache_dir=paths.cache_dir(),
        )
    finally:
        workspace.close()
    if args.json:
        output.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    output.write(summary_text(summary) + "\n")
    for broken in summary["broken_decks"]:
        first = broken["problems"][0]
        line = f"broken: {broken['path']}:{first['line']}: {first['message']}"
        print(visible(line), file=sys.stderr)
    return EXIT_OK
