"""Standard output as a Unix tool treats it: a closed or full output is an error, said on stderr."""

from __future__ import annotations

import errno
import os
import sys


class OutputError(Exception):
    """Standard output cannot be written (closed, disk full): the data did not arrive."""


def write(text: str) -> None:
    """Write data to stdout; a failure becomes ``OutputError`` (reported, exit 1)."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(_reason(exc)) from exc


def flush() -> None:
    """Flush now, so a full disk is reported by the command and not as a traceback at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(_reason(exc)) from exc


def silence() -> None:
    """Point stdout at /dev/null, so Python's own flush at exit cannot fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout has no file descriptor: nothing will be flushed to it
    finally:
        os.close(devnull)


def has_terminal() -> bool:
    """True when stdin and stdout are a terminal; otherwise say why the TUI cannot start."""
    # Without a terminal Textual would write escape codes into a pipe or a file
    # and wait for keys that never come.
    if sys.stdin and sys.stdin.isatty() and sys.stdout.isatty():
        return True
    print(
        "quizkit: the study screen needs a terminal (standard input and output are not one); "
        "for a summary a script can read, use `quizkit stats --json`",
        file=sys.stderr,
    )
    return False


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"the disk is full ({exc.strerror})"
    return exc.strerror or str(exc)
