"""``quizkit verify FILE``: is a signed transcript unchanged, and which fields changed if not."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK


def add_verify_parser(commands, shared: argparse.ArgumentParser) -> None:
    """The ``verify`` command's arguments."""
    verify = commands.add_parser(
        "verify",
        parents=[shared],
        help="check a signed transcript (quizkit export --format json --sign)",
    )
    verify.add_argument("file", metavar="FILE", help="the signed JSON transcript")


def run_verify(args: argparse.Namespace) -> int:
    from quizkit.base.files import is_special_file
    from quizkit.cli import output
    from quizkit.report.signing import verify
    from quizkit.report.summary_text import visible

    path = Path(args.file)
    if is_special_file(path):
        return _fail(f"{path} is not a regular file")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return _fail(f"{path} is not UTF-8 text: not a transcript quizkit wrote")
    except json.JSONDecodeError as exc:
        return _fail(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})")
    verdict = verify(document)
    if verdict.valid:
        output.write(
            f"valid: {visible(str(path))} is unchanged since it was signed\n"
            f"key fingerprint: {verdict.fingerprint}\n"
        )
        return EXIT_OK
    if verdict.problem:
        return _fail(f"{path}: NOT valid: {verdict.problem}")
    lines = [f"quizkit verify: {path}: NOT valid: these fields no longer match what was signed:"]
    for pointer in verdict.changed[:50]:
        lines.append(f"  {pointer}{_where(document, pointer)}")
    if len(verdict.changed) > 50:
        lines.append(f"  ... and {len(verdict.changed) - 50} more")
    lines.append(f"signed by the key with fingerprint {verdict.fingerprint}")
    print("\n".join(visible(line) for line in lines), file=sys.stderr)
    return EXIT_INPUT


def _where(document: dict, pointer: str) -> str:
    """`` (attempt 2 of gmed-certification, certification)`` for a field inside an attempt."""
    parts = pointer.split("/")
    if len(parts) > 2 and parts[1] == "attempts" and parts[2].isdigit():
        attempts = document.get("attempts")
        index = int(parts[2])
        if (
            isinstance(attempts, list)
            and index < len(attempts)
            and isinstance(attempts[index], dict)
        ):
            attempt = attempts[index]
            return f" (attempt {attempt.get('number')} of {attempt.get('exam')}, {attempt.get('mode')})"
    return ""


def _fail(message: str) -> int:
    from quizkit.report.summary_text import visible

    print(visible(f"quizkit verify: {message}"), file=sys.stderr)
    return EXIT_INPUT
