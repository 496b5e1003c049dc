"""Importing a Moodle question bank (GIFT or Aiken): a checked deck file, or every problem found.

Nothing is written unless the whole file reads and the deck text passes the
deck checker; a problem the checker finds is reported at the question's line
in the source file, where the author can fix it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizkit.base.files import write_atomically
from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.loader import parse_deck
from quizkit.deck.model import Deck
from quizkit.deck.problems import DeckError, Problem
from quizkit.interop.aiken_read import looks_like_aiken, read_aiken
from quizkit.interop.gift_read import read_gift
from quizkit.interop.imported import ImportedDeck, ImportFailed, slug
from quizkit.interop.toml_write import render_deck

GIFT_SUFFIXES = (".gift",)


@dataclass
class MoodleImport:
    path: Path
    deck: ImportedDeck
    kind: str  # "GIFT" or "Aiken"


def is_moodle_file(source: Path) -> bool:
    """A ``.gift`` file, or a ``.txt`` file in Aiken's format (not Anki's text export)."""
    suffix = source.suffix.lower()
    if suffix in GIFT_SUFFIXES:
        return True
    if suffix != ".txt":
        return False
    try:
        return looks_like_aiken(source.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return False


def import_moodle(source: Path, out: Path, others: Iterable[Deck] = ()) -> MoodleImport:
    """Read ``source`` and write its deck to ``out``; raise ``ImportFailed`` and write nothing.

    ``others``: the decks quizkit loads besides the one at ``out``; the new
    deck's ids must not clash with theirs, or quizkit would refuse it.
    """
    text = _read(source)
    gift = source.suffix.lower() in GIFT_SUFFIXES
    deck_id = slug(out.stem) or "moodle"
    bundled = bundled_decks_dir().resolve()
    others = [
        d
        for d in others
        if d.path.resolve() != out.resolve()
        # A deck outside the bundled folder with a bundled deck's id replaces it.
        and not (d.id == deck_id and d.path.resolve().parent == bundled)
    ]
    clash = next((d for d in others if d.id == deck_id), None)
    if clash is not None:
        message = (
            f"the deck id {deck_id!r} (from the file name {out.name}) is already "
            f"{clash.path}'s: give --out another name"
        )
        raise ImportFailed([Problem(source, 1, 1, "error", message)])
    taken = frozenset(note for d in others for note in d.cards.field("note_id"))
    deck = (read_gift if gift else read_aiken)(text, source, deck_id, taken)
    if not deck.cards:
        message = "no question quizkit can ask: the file holds none of the supported types"
        raise ImportFailed([Problem(source, 1, 1, "error", message), *deck.notices])
    deck_text = _checked_text(source, out, deck)
    write_atomically(out, deck_text.encode("utf-8"), new_mode=0o644)
    return MoodleImport(out, deck, "GIFT" if gift else "Aiken")


def _read(source: Path) -> str:
    data = source.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = "the file is not UTF-8 text: save it with the UTF-8 encoding (Moodle reads UTF-8)"
        raise ImportFailed([Problem(source, line, 1, "error", message)]) from None


def _checked_text(source: Path, out: Path, deck: ImportedDeck) -> str:
    head = {
        "id": deck.deck_id,
        "title": deck.title,
        "description": f"Imported from the Moodle question bank {source.name}.",
    }
    topics = [{"id": topic_id, "title": title} for topic_id, title in deck.topics.items()]
    text = render_deck(head, topics, deck.cards)
    try:
        parse_deck(text.encode("utf-8"), out)
    except DeckError as exc:
        starts = [i + 1 for i, line in enumerate(text.split("\n")) if line == "[[cards]]"]
        problems = []
        for problem in exc.errors:
            index = bisect.bisect_right(starts, problem.line) - 1
            line = deck.lines[index] if 0 <= index < len(deck.lines) else 1
            problems.append(Problem(source, line, 1, "error", problem.message))
        raise ImportFailed(problems) from None
    return text
