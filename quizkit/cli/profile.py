"""``quizkit profile``: show the learner's name, id, email and course, or set them."""

from __future__ import annotations

import argparse
import sys

from quizkit.cli.exit_codes import EXIT_INPUT, EXIT_OK

OPTIONS = {
    "name": "your name, as transcripts show it",
    "id": "your learner or registration number",
    "email": "your email address",
    "course": "the course you study for",
}


def add_profile_parser(commands, shared: argparse.ArgumentParser) -> None:
    """The ``profile`` command's arguments (the rest of this module loads only when it runs)."""
    profile = commands.add_parser(
        "profile", parents=[shared], help="show or set the learner's name, id, email and course"
    )
    for key, meaning in OPTIONS.items():
        profile.add_argument(f"--{key}", metavar="TEXT", help=f'{meaning} ("" clears it)')


def run_profile(args: argparse.Namespace) -> int:
    from quizkit.base import paths
    from quizkit.cli import output
    from quizkit.config import load_config
    from quizkit.deck.problems import DeckError
    from quizkit.profile import FIELDS, ProfileError, save_learner
    from quizkit.report.summary_text import visible

    path = paths.config_path()
    changes = {key: getattr(args, key) for key in FIELDS if getattr(args, key) is not None}
    try:
        config = save_learner(path, changes) if changes else load_config(path)
    except DeckError as exc:
        print(visible(str(exc)), file=sys.stderr)
        print(
            "quizkit: fix the config file above, then run quizkit profile again.", file=sys.stderr
        )
        return EXIT_INPUT
    except ProfileError as exc:
        print(f"quizkit: {visible(str(exc))}; nothing was saved.", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"quizkit: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    width = max(len(label) for label in FIELDS.values()) + 1
    lines = []
    for key, label in FIELDS.items():
        value = getattr(config.learner, key)
        lines.append(f"{label + ':':<{width}} {visible(value) if value else '(not set)'}")
    lines.append(f"{'Config:':<{width}} {path}")
    output.write("\n".join(lines) + "\n")
    if changes:
        print("Saved.", file=sys.stderr)
    return EXIT_OK
