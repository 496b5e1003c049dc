"""``quizkit import FILE.gift`` / ``FILE.txt`` (Aiken): a Moodle question bank into a deck file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK


def run_moodle_import(source: Path, out: Path, args: argparse.Namespace) -> int:
    """Write the deck and print its path; on a bad file print every problem and write nothing."""
    from quizkit.base import paths
    from quizkit.deck.cache import DeckCache
    from quizkit.deck.library import load_library
    from quizkit.interop.imported import ImportFailed
    from quizkit.interop.moodle_import import import_moodle

    # The decks quizkit loads: the new deck's ids must stay apart from theirs.
    library = load_library(paths.deck_dirs(args.decks), DeckCache(paths.cache_dir()))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        result = import_moodle(source, out, library.decks)
    except ImportFailed as exc:
        for problem in exc.problems:
            print(f"quizkit: {problem}", file=sys.stderr)
        print(f"quizkit: {source}: nothing was imported; fix the lines above", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"quizkit: cannot import: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    deck = result.deck
    for notice in deck.notices:
        print(f"quizkit: {notice}", file=sys.stderr)
    left_out = sum(1 for n in deck.notices if n.message.endswith("left out"))
    print(
        f"quizkit: {len(deck.cards)} questions of {source.name} ({result.kind}) written to the deck"
        + (f"; {left_out} left out (see above)" if left_out else ""),
        file=sys.stderr,
    )
    print(result.path)
    return EXIT_OK
