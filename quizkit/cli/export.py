"""``quizkit export``: the learner's exam attempts as CSV, JSON, xAPI or a printable page.

Data goes to stdout, or whole to ``--out FILE`` (written beside it and swapped
in, never half; an existing file only with ``--force``). Messages and the
progress line go to stderr; the progress line only when writing a file from a
terminal, so a pipe stays clean.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE

FORMATS = ("csv", "json", "xapi", "html")
# A deck rather than the learner's attempts: an Anki package, a Moodle GIFT bank.
DECK_FORMATS = ("apkg", "gift")


def add_export_parser(commands, shared: argparse.ArgumentParser) -> None:
    """The ``export`` command's arguments (the rest of this module loads only when it runs)."""
    export = commands.add_parser(
        "export",
        parents=[shared],
        help="exam attempts as CSV, a JSON transcript, xAPI statements or a printable page; "
        "a deck as an Anki package or a Moodle GIFT bank",
    )
    export.add_argument(
        "--format", choices=FORMATS + DECK_FORMATS, required=True, help="what to write"
    )
    export.add_argument(
        "deck", nargs="?", metavar="DECK", help="apkg, gift: a deck id, or a deck file (.toml)"
    )
    export.add_argument(
        "--out",
        metavar="FILE",
        help="write to FILE (default: standard output; apkg: DECK.apkg)",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument(
        "--sign",
        action="store_true",
        help="sign the JSON transcript with your key (check it with `quizkit verify FILE`)",
    )


class Progress:
    """``exported 1200 of 5000 attempts, about 12 s left`` on stderr, at most five times a second."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total, self.shown, self.done = total, shown, 0
        self.started = self.last = time.monotonic()
        self.drawn = False

    def tick(self) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.shown or now - self.last < 0.2 or now - self.started < 0.5:
            return
        self.last = now
        rate = self.done / (now - self.started)
        left = (self.total - self.done) / rate if rate else 0
        sys.stderr.write(
            f"\rexported {self.done} of {self.total} attempts, about {left:.0f} s left   "
        )
        sys.stderr.flush()
        self.drawn = True

    def end(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def run_export(args: argparse.Namespace) -> int:
    from quizkit.cli.main import _open_workspace

    if args.format in DECK_FORMATS:
        return _export_deck(args)
    if args.deck:
        print(
            "quizkit export: DECK is for --format apkg or gift; "
            f"--format {args.format} exports your attempts: leave out DECK",
            file=sys.stderr,
        )
        return EXIT_USAGE

    if args.sign and args.format != "json":
        print(
            "quizkit export: --sign signs the JSON transcript: use it with --format json",
            file=sys.stderr,
        )
        return EXIT_USAGE
    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        print(f"quizkit export: {out} is a folder: --out names the file to write", file=sys.stderr)
        return EXIT_INPUT
    if out is not None and out.exists() and not args.force:
        return _refuse_existing(out)
    workspace = _open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    try:
        return _export(args, workspace, out)
    finally:
        workspace.close()


def _export_deck(args: argparse.Namespace) -> int:
    if args.format == "apkg":
        from quizkit.cli.export_apkg import run_apkg_export

        return run_apkg_export(args)
    from quizkit.cli.export_gift import run_gift_export

    return run_gift_export(args)


def _refuse_existing(out: Path) -> int:
    print(f"quizkit export: {out} exists: add --force to replace it", file=sys.stderr)
    return EXIT_INPUT


def _export(args: argparse.Namespace, workspace, out: Path | None) -> int:
    from quizkit.base import paths
    from quizkit.report.signing import SigningError
    from quizkit.report.transcript import NoLearnerName, build_transcript

    try:
        transcript = build_transcript(
            workspace.store,
            list(workspace.decks),
            asdict(workspace.config.learner),
            workspace.clock.now(),
        )
    except NoLearnerName:
        print(
            "quizkit export: no learner name is set, and every export names its learner. "
            'Set it with `quizkit profile --name "Your Name"` (and --id, --course), then export again.',
            file=sys.stderr,
        )
        return EXIT_INPUT
    progress = Progress(transcript.attempt_count, out is not None and sys.stderr.isatty())
    try:
        fingerprint = None
        if args.sign or args.format == "html":
            fingerprint = _key_fingerprint(paths.data_path(args.data).parent)
        if out is None:  # a closed pipe or a full disk is main's to report
            _write(args, transcript, _stdout_writer, progress, fingerprint)
        else:
            return _write_file(args, transcript, out, progress, fingerprint)
    except SigningError as exc:
        print(f"quizkit export: {exc}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        progress.end()
    return EXIT_OK


def _stdout_writer(text: str) -> None:
    from quizkit.cli import output

    output.write(text)


def _write_file(args, transcript, out: Path, progress: Progress, fingerprint) -> int:
    from quizkit.base.files import open_atomically

    try:
        with open_atomically(out, replace=args.force) as handle:
            write = lambda text: handle.write(text.encode("utf-8"))  # noqa: E731
            _write(args, transcript, write, progress, fingerprint)
    except FileExistsError:
        return _refuse_existing(out)
    except OSError as exc:
        print(f"quizkit export: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    progress.end()
    print(
        f"quizkit export: wrote {transcript.attempt_count} attempts to {out} ({args.format})",
        file=sys.stderr,
    )
    return EXIT_OK


def _write(args, transcript, write, progress: Progress, fingerprint: str | None) -> None:
    from quizkit.report.csv_export import write_csv
    from quizkit.report.html_export import write_html
    from quizkit.report.json_export import transcript_document, write_document, write_json
    from quizkit.report.xapi import write_xapi

    if args.format == "csv":
        write_csv(transcript, write, progress.tick)
    elif args.format == "xapi":
        write_xapi(transcript, write, progress.tick)
    elif args.format == "html":
        write_html(transcript, write, fingerprint or "", progress.tick)
    elif args.sign:
        write_document(_signed(transcript_document(transcript, progress.tick), args), write)
    else:
        write_json(transcript, write, progress.tick)


def _signed(document: dict, args: argparse.Namespace) -> dict:
    from quizkit.base import paths
    from quizkit.report.signing import key_path, load_or_create_key, sign

    key, _ = load_or_create_key(key_path(paths.data_path(args.data).parent))
    return sign(document, key)


def _key_fingerprint(folder: Path) -> str:
    from quizkit.report.signing import fingerprint, key_path, load_or_create_key, public_bytes

    path = key_path(folder)
    key, made = load_or_create_key(path)
    shown = fingerprint(public_bytes(key))
    if made:
        print(f"quizkit export: made your signing key {path} (keep it private)", file=sys.stderr)
    print(f"quizkit export: signing key fingerprint {shown}", file=sys.stderr)
    return shown
