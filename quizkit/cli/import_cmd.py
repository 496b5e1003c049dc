"""``quizkit import FILE``: an Anki package or text export into a deck file and the progress file.

A Moodle GIFT (``.gift``) or Aiken (``.txt`` with ``ANSWER:`` lines) file goes
to ``cli/import_moodle.py`` once the output path is settled.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK


def add_import_command(commands, shared: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import",
        parents=[shared],
        help="import an Anki package (.apkg, .colpkg), Anki text export (.txt), "
        "Moodle GIFT (.gift) or Aiken (.txt) file as a deck",
    )
    parser.add_argument("file", metavar="FILE", help="the file to import")
    parser.add_argument(
        "--out", metavar="DECK.toml", help="the deck file to write (default: your decks folder)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing deck file")


def run_import(args: argparse.Namespace) -> int:
    from quizkit.base import paths
    from quizkit.base.clock import SystemClock
    from quizkit.deck.cache import DeckCache
    from quizkit.interop.anki_import import AnkiReadError, import_anki, slug
    from quizkit.progress.store import ProgressStore, StoreError

    source = Path(args.file).expanduser()
    if not source.is_file():
        print(f"quizkit: {source}: no such file", file=sys.stderr)
        return EXIT_INPUT
    out = Path(args.out).expanduser() if args.out else None
    if out is None:
        out = paths.user_decks_dir() / f"{slug(source.stem)}.toml"
    if out.suffix != ".toml":
        print(f"quizkit: {out}: a deck file's name ends in .toml", file=sys.stderr)
        return EXIT_INPUT
    if out.exists() and not args.force:
        print(
            f"quizkit: {out} exists; add --force to replace it (progress is kept by card id)",
            file=sys.stderr,
        )
        return EXIT_INPUT
    from quizkit.interop.moodle_import import is_moodle_file

    if is_moodle_file(source):  # Moodle banks have no history: the progress file is not opened
        from quizkit.cli.import_moodle import run_moodle_import

        return run_moodle_import(source, out, args)
    data = paths.data_path(args.data)
    problem = paths.data_path_problem(data)
    if problem:
        print(f"quizkit: {problem}", file=sys.stderr)
        return EXIT_INPUT
    progress = _Progress(shown=sys.stderr.isatty())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        result = import_anki(
            source,
            out,
            lambda: ProgressStore.open(data),
            SystemClock().now(),
            tick=progress,
            cache=DeckCache(paths.cache_dir()),
        )
    except AnkiReadError as exc:
        progress.end_line()
        print(f"quizkit: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except StoreError as exc:
        progress.end_line()
        print(f"quizkit: {exc}; nothing was imported", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        progress.end_line()
        print(f"quizkit: {out}: cannot write the deck file: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    _summary(result)
    print(result.path)
    return EXIT_OK


def _summary(result) -> None:
    report, history = result.report, result.history
    lines = [f"{report.notes} notes read; {report.notes - len(report.skipped)} written to the deck"]
    for name, count in sorted(report.other_types.items()):
        lines.append(
            f"note type {name!r} ({count} notes) is not one quizkit knows: "
            "its first two fields became basic cards"
        )
    lines += report.skipped
    for note_id, files in report.media.items():
        lines.append(f"note {note_id}: media not imported: {', '.join(files)}")
    if result.reviews_in_package:
        lines.append(
            f"{history.imported} reviews imported"
            + (f" and {history.resets} resets to new (Anki's Forget)" if history.resets else "")
            + f"; {history.already} already in the progress file (or older than "
            f"the card's latest review there); {history.ignored} not reviews, or of "
            "cards not imported"
        )
    for line in lines:
        print(f"quizkit: {line}", file=sys.stderr)


class _Progress:
    """``\\r``-updated counts and time left on a terminal, at most ten times a second."""

    def __init__(self, *, shown: bool) -> None:
        self._on = shown
        self._started: dict[str, float] = {}
        self._shown = 0.0
        self._open = False  # a count is on the line, not yet ended
        self._finished: set[str] = set()
        self._width = 0

    def end_line(self) -> None:
        """End a count left on the line, so that a message starts on its own."""
        if self._open:
            print(file=sys.stderr)
            self._open = False

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self._on:
            return
        if what in self._finished:
            return
        now = time.monotonic()
        start = self._started.setdefault(what, now)
        if now - self._shown < 0.1 and done < total:
            return
        self._shown = now
        left = ""
        if done and done < total and now - start > 1:
            left = f", about {int((now - start) / done * (total - done)) + 1} s left"
        self._open = done < total
        if not self._open:
            self._finished.add(what)
        line = f"quizkit: {what}: {done:,} of {total:,}{left}"
        # Padded to the last line's width: a shorter line leaves none of it behind.
        padded, self._width = line.ljust(self._width), len(line)
        print("\r" + padded, end="" if self._open else "\n", file=sys.stderr)
        if not self._open:
            self._width = 0  # the next count starts a fresh line
