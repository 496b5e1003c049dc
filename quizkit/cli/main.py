"""The ``quizkit`` command line.

Textual is imported only by the commands that open the TUI, so ``quizkit
stats`` and ``quizkit lint`` start fast and work without a terminal.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys

import quizkit._start_time  # noqa: F401  (first: start-up is timed from here)
from quizkit import __version__
from quizkit.cli import output
from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def _shared_options() -> argparse.ArgumentParser:
    """The global options: accepted before and after the command.

    SUPPRESS in the command's copy keeps a value given before the command.
    """
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--data",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the progress file (env QUIZKIT_DATA)",
    )
    shared.add_argument(
        "--decks",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="a folder of decks to add to the bundled ones; repeatable (env QUIZKIT_DECKS)",
    )
    return shared


def build_parser() -> argparse.ArgumentParser:
    shared = _shared_options()
    parser = argparse.ArgumentParser(
        prog="quizkit",
        parents=[shared],
        description="Spaced-repetition study and certification quizzes in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"quizkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    study = commands.add_parser(
        "study", parents=[shared], help="open the TUI straight into a study session"
    )
    study.add_argument("deck", nargs="?", help="a deck id (default: every deck)")

    from quizkit.cli.exam import add_exam_parser

    add_exam_parser(commands, shared)

    stats = commands.add_parser(
        "stats", parents=[shared], help="progress summary for scripts and people"
    )
    stats.add_argument("--json", action="store_true", help="print one JSON object")

    from quizkit.cli.profile import add_profile_parser

    add_profile_parser(commands, shared)

    lint = commands.add_parser("lint", parents=[shared], help="check deck files; exit 1 on errors")
    lint.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="deck files or folders (default: every deck quizkit loads)",
    )
    lint.add_argument("--json", action="store_true", help="print the problems as JSON")
    lint.add_argument(
        "--fix-ids", action="store_true", help="write stable ids into cards that have none"
    )

    from quizkit.cli.export import add_export_parser
    from quizkit.cli.verify import add_verify_parser

    add_export_parser(commands, shared)
    add_verify_parser(commands, shared)

    from quizkit.cli.doctor import add_doctor_command

    add_doctor_command(commands, shared)

    _add_interop_commands(commands, shared)
    optimize = commands.add_parser(
        "optimize",
        parents=[shared],
        help="fit FSRS parameters to your own reviews (needs the quizkit[optimizer] extra)",
    )
    optimize.add_argument("deck", nargs="?", help="a deck id (default: every deck)")
    return parser


def _add_interop_commands(commands, shared: argparse.ArgumentParser) -> None:
    """``import`` (Anki, Moodle) and ``send`` (to an LRS); ``export`` is the report's."""
    from quizkit.cli.import_cmd import add_import_command
    from quizkit.cli.send import add_send_parser

    add_import_command(commands, shared)
    add_send_parser(commands, shared)


def _plain_start(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments of a plain ``quizkit [--data P] [--decks D]...`` (the TUI), read without
    building every command's parser (which imports each command's module: ~30 ms before the
    first frame); None for anything else, which the full parser reads as before."""
    argv = sys.argv[1:] if argv is None else argv
    if any(arg not in ("--data", "--decks") for arg in argv[::2]):
        return None  # a command, help, --version, an abbreviation: the full parser judges
    parser = argparse.ArgumentParser(
        prog="quizkit", parents=[_shared_options()], add_help=False, exit_on_error=False
    )
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: list[str] | None = None) -> int:
    args = _plain_start(argv) or build_parser().parse_args(argv)
    args.data = getattr(args, "data", None)
    args.decks = getattr(args, "decks", None) or []
    if sys.stdout is None:  # started with stdout closed (`>&-`): print() would drop everything
        print("quizkit: standard output is closed: nothing could be shown", file=sys.stderr)
        return EXIT_INPUT
    from quizkit.base import paths

    errors, warnings = paths.deck_name_problems(args.decks)
    for message in errors + warnings:
        print(f"quizkit: {message}", file=sys.stderr)
    if errors:
        return EXIT_USAGE
    try:
        code = _dispatch(args)
        output.flush()
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        output.silence()
        return EXIT_OK
    except output.OutputError as exc:
        output.silence()
        print(f"quizkit: cannot write to standard output: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except sqlite3.Error as exc:
        # A read that fails once the file is open (a damaged page, an I/O error).
        from quizkit.progress.errors import explain

        print(
            f"quizkit: {paths.data_path(args.data)}: the progress file failed: {explain(exc)}. "
            "`quizkit doctor` checks it.",
            file=sys.stderr,
        )
        return EXIT_INPUT


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "lint":
        from quizkit.cli.lint import run_lint

        return run_lint(args)
    if args.command == "stats":
        from quizkit.cli.stats import run_stats

        return run_stats(args)
    if args.command == "profile":
        from quizkit.cli.profile import run_profile

        return run_profile(args)
    if args.command == "doctor":
        from quizkit.cli.doctor import run_doctor

        return run_doctor(args)
    if args.command == "optimize":
        return _optimize(args)
    if args.command in ("export", "verify"):
        from quizkit.cli.export import run_export
        from quizkit.cli.verify import run_verify

        return run_export(args) if args.command == "export" else run_verify(args)
    if args.command == "exam":
        from quizkit.cli.exam import run_exam

        return run_exam(args, _open_workspace)
    if args.command == "import":
        from quizkit.cli.import_cmd import run_import

        return run_import(args)
    if args.command == "send":
        from quizkit.cli.send import run_send

        return run_send(args)
    return _tui(args)


def _open_workspace(args: argparse.Namespace):
    """Open decks and progress, or print why not and return None."""
    from quizkit.base import paths
    from quizkit.config import load_config
    from quizkit.deck.problems import DeckError
    from quizkit.progress.store import StoreError
    from quizkit.workspace import Workspace

    # A folder the learner named must exist: a typo would otherwise just hide its decks.
    missing = [folder for folder in paths.named_deck_dirs(args.decks) if not folder.exists()]
    if missing:
        print(
            f"quizkit: no such deck folder or file: {missing[0]} (from --decks or QUIZKIT_DECKS)",
            file=sys.stderr,
        )
        return None
    # Before the decks load: a bad --data is refused before anything is written.
    problem = paths.data_path_problem(paths.data_path(args.data))
    if problem:
        print(f"quizkit: {problem}", file=sys.stderr)
        return None
    try:
        config = load_config(paths.config_path())
        workspace = Workspace.open(
            paths.data_path(args.data),
            paths.deck_dirs(args.decks),
            config=config,
            cache_dir=paths.cache_dir(),
        )
        for notice in workspace.store.notices:
            print(f"quizkit: {notice}", file=sys.stderr)
        # The decks live as long as the command: keep the cyclic collector from
        # walking their (acyclic) objects again and again, 200 ms at 100,000 cards.
        # Here, not in Workspace.open, so tests and library users are not frozen.
        gc.freeze()
        return workspace
    except StoreError as exc:
        print(f"quizkit: {exc}", file=sys.stderr)
    except DeckError as exc:
        print(exc, file=sys.stderr)
    return None


def _tui(args: argparse.Namespace) -> int:
    if not output.has_terminal():
        return EXIT_INPUT
    workspace = _open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    try:
        study = None
        if args.command == "study":
            if args.deck:
                deck = workspace.library.deck(args.deck)
                if deck is None:
                    known = ", ".join(d.id for d in workspace.decks) or "none"
                    print(
                        f"quizkit: no deck with id {args.deck!r} (decks: {known})", file=sys.stderr
                    )
                    return EXIT_INPUT
                study = [deck]
            else:
                study = list(workspace.decks)
        from quizkit.tui.app import make_app

        app = make_app(workspace, study=study)
        app.run()
        if app.fatal_message:
            print(app.fatal_message, file=sys.stderr)
            return EXIT_INPUT
        return app.return_code or EXIT_OK
    finally:
        workspace.close()


def _optimize(args: argparse.Namespace) -> int:
    from quizkit.study.optimizer import NotEnoughHistory, OptimizerUnavailable, optimize_deck

    workspace = _open_workspace(args)
    if workspace is None:
        return EXIT_INPUT
    try:
        decks = workspace.decks
        if args.deck:
            deck = workspace.library.deck(args.deck)
            if deck is None:
                print(f"quizkit: no deck with id {args.deck!r}", file=sys.stderr)
                return EXIT_INPUT
            decks = [deck]
        for deck in decks:
            try:
                result = optimize_deck(workspace.store, deck.id, workspace.clock.now())
            except NotEnoughHistory as exc:
                print(f"{deck.id}: {exc}")
                continue
            except OptimizerUnavailable as exc:
                print(f"quizkit: {exc}", file=sys.stderr)
                return EXIT_INPUT
            print(f"{deck.id}: new FSRS parameters from {result.reviews_used} reviews, saved.")
            print(f"  {'#':>3} {'old':>9} {'new':>9}")
            for index, (old, new) in enumerate(zip(result.old, result.new)):
                print(f"  {index:>3} {old:>9.4f} {new:>9.4f}")
        return EXIT_OK
    finally:
        workspace.close()
