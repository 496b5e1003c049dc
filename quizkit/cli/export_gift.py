"""``quizkit export --format gift DECK [--out FILE]``: a deck's gradable cards as a Moodle GIFT bank.

The bank goes to standard output, or whole to ``--out FILE`` (written beside
it and swapped in; an existing file only with ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def run_gift_export(args: argparse.Namespace) -> int:
    from quizkit.base.files import write_atomically
    from quizkit.cli import output
    from quizkit.interop.gift_write import write_gift

    if not args.deck:
        print("quizkit export: --format gift needs a DECK (an id or a .toml file)", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        print(f"quizkit export: {out} exists: add --force to replace it", file=sys.stderr)
        return EXIT_INPUT
    deck = _deck(args)
    if deck is None:
        return EXIT_INPUT
    bank = write_gift(deck)
    for notice in bank.notices:
        print(f"quizkit export: {notice}", file=sys.stderr)
    if bank.questions == 0:
        print(
            f"quizkit export: {deck.id} has no card quizkit can mark: no GIFT written",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if out is None:
        output.write(bank.text)
        return EXIT_OK
    try:
        write_atomically(out, bank.text.encode("utf-8"), new_mode=0o644)
    except OSError as exc:
        print(f"quizkit export: {out}: cannot write: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    print(
        f"quizkit export: {bank.questions} questions of {deck.id} written to {out}", file=sys.stderr
    )
    return EXIT_OK


def _deck(args: argparse.Namespace):
    """The deck named by id (among those quizkit loads) or by its file, or None once said why."""
    from quizkit.deck.loader import load_deck
    from quizkit.deck.problems import DeckError

    if args.deck.endswith(".toml"):
        try:
            return load_deck(Path(args.deck)).deck
        except DeckError as exc:
            print(exc, file=sys.stderr)
            return None
    from quizkit.cli.main import _open_workspace

    workspace = _open_workspace(args)
    if workspace is None:
        return None
    try:
        deck = workspace.library.deck(args.deck)
        if deck is None:
            known = ", ".join(d.id for d in workspace.decks) or "none"
            print(
                f"quizkit export: no deck with id {args.deck!r} (decks: {known})", file=sys.stderr
            )
        return deck
    finally:
        workspace.close()
