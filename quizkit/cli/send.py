"""``quizkit send [--lrs URL]``: post the exam attempts' xAPI statements the LRS has not yet acknowledged.

The LRS's address comes from ``--lrs`` or the config's ``[lrs] url``; the
credentials only from the config's ``[lrs]`` table or the environment
(``QUIZKIT_LRS_USERNAME``, ``QUIZKIT_LRS_PASSWORD``), never from the command
line, and they are never printed.
"""

from __future__ import annotations

import argparse
import sys

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def add_send_parser(commands, shared: argparse.ArgumentParser) -> None:
    send = commands.add_parser(
        "send",
        parents=[shared],
        help="post unsent xAPI statements to the configured Learning Record Store",
    )
    send.add_argument(
        "--lrs",
        metavar="URL",
        help="the LRS's xAPI address (default: [lrs] url in the config); "
        "credentials come only from the config or the environment",
    )


def run_send(args: argparse.Namespace) -> int:
    from quizkit.cli.main import _open_workspace
    from quizkit.interop.lrs import url_problem

    if args.lrs and url_problem(args.lrs):
        print(f"quizkit send: --lrs: {url_problem(args.lrs)}", file=sys.stderr)
        return EXIT_USAGE
    workspace = _open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    try:
        return _send(args, workspace)
    finally:
        workspace.close()


def _send(args: argparse.Namespace, workspace) -> int:
    from quizkit.interop.lrs import url_problem
    from quizkit.report.transcript import NoLearnerName

    lrs = workspace.lrs(args.lrs)
    where = f"{workspace.config.path}: [lrs] url" if workspace.config.path else "[lrs] url"
    if lrs is None:
        print(
            f"quizkit send: no Learning Record Store is set: write its address as {where} "
            '(url = "https://lrs.example.org/xapi/") or give --lrs URL',
            file=sys.stderr,
        )
        return EXIT_INPUT
    if url_problem(lrs.url):
        print(f"quizkit send: {where}: {url_problem(lrs.url)}", file=sys.stderr)
        return EXIT_INPUT
    try:
        report = workspace.send_statements(lrs)
    except NoLearnerName:
        print(
            "quizkit send: no learner name is set, and every statement names its learner. "
            'Set it with `quizkit profile --name "Your Name"`, then send again.',
            file=sys.stderr,
        )
        return EXIT_INPUT
    return _say(report, lrs.url)


def _say(report, url: str) -> int:
    held = f" ({report.duplicates} it already held)" if report.duplicates else ""
    if report.sent or not report.error:
        print(f"quizkit send: {report.sent} statements delivered to {url}{held}", file=sys.stderr)
    if report.error:
        print(f"quizkit send: {report.error}", file=sys.stderr)
        print(f"quizkit send: {report.waiting} statements wait to be sent", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK
