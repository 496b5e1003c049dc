"""``quizkit export --format apkg DECK``: a deck as an Anki package.

The ``export`` command (``cli/export.py``, exam attempts in the other
formats) takes its DECK argument from ``add_apkg_arguments`` and hands
``--format apkg`` to ``run_apkg_export``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_USAGE


def add_apkg_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "deck", nargs="?", metavar="DECK", help="apkg: a deck id, or a deck file (.toml)"
    )


def run_apkg_export(args: argparse.Namespace) -> int:
    from quizkit.base.files import write_atomically
    from quizkit.deck.loader import load_deck
    from quizkit.deck.problems import DeckError
    from quizkit.interop.anki_write import export_apkg

    if args.format != "apkg":
        print(
            f"quizkit export: DECK is for --format apkg; --format {args.format} exports "
            "exam attempts",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.deck:
        print("quizkit export: --format apkg needs a DECK (an id or a .toml file)", file=sys.stderr)
        return EXIT_USAGE
    if args.sign:
        print("quizkit export: --sign signs the JSON transcript, not a package", file=sys.stderr)
        return EXIT_USAGE
    if args.deck.endswith(".toml"):
        try:
            deck = load_deck(Path(args.deck)).deck
        except DeckError as exc:
            print(exc, file=sys.stderr)
            return EXIT_INPUT
    else:
        deck = _deck_by_id(args)
        if deck is None:
            return EXIT_INPUT
    out = Path(args.out) if args.out else Path(f"{deck.id}.apkg")
    if out.is_dir():
        print(f"quizkit export: {out} is a folder: --out names the file to write", file=sys.stderr)
        return EXIT_INPUT
    if out.exists() and not args.force:
        print(f"quizkit: {out} exists; add --force to replace it", file=sys.stderr)
        return EXIT_INPUT
    tmp = out.with_name(f".{out.name}.part")
    try:
        notes = export_apkg(deck, tmp)
        write_atomically(out, tmp.read_bytes(), new_mode=0o644)
    except OSError as exc:
        print(f"quizkit: {out}: cannot write the package: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        tmp.unlink(missing_ok=True)
    print(f"quizkit: {notes} notes of {deck.id} written for Anki", file=sys.stderr)
    print(out)
    return EXIT_OK


def _deck_by_id(args: argparse.Namespace):
    from quizkit.cli.main import _open_workspace

    workspace = _open_workspace(args)
    if workspace is None:
        return None
    try:
        deck = workspace.library.deck(args.deck)
        if deck is None:
            known = ", ".join(d.id for d in workspace.decks) or "none"
            print(f"quizkit: no deck with id {args.deck!r} (decks: {known})", file=sys.stderr)
        return deck
    finally:
        workspace.close()
