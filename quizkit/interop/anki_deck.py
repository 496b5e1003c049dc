"""The imported deck file, checked once, in memory: ``quizkit lint`` accepts what is written.

Rendering the file and parsing it back to check it was slow: at 30,000
notes, parsing the TOML took longer than everything else about the deck.
Here the deck checker is given the tables themselves, which are what the
written text parses to (``render_deck`` writes each value in a form TOML
reads back unchanged; tests/interop/test_anki_deck.py holds it to that), so
the same checks run on the same values without the parse.
"""

from __future__ import annotations

import bisect
import hashlib
from pathlib import Path
from typing import Any

from quizkit.deck.loader import DeckChecker, LoadedDeck
from quizkit.deck.positions import card_header_positions
from quizkit.deck.problems import DeckError, Problem
from quizkit.interop.toml_write import render_deck


def document_of(head: dict, topics: list[dict], notes: list[dict]) -> dict[str, Any]:
    """What ``tomllib`` reads from ``render_deck(head, topics, notes)``."""
    document: dict[str, Any] = {"format": 1.1, "deck": head}
    if topics:
        document["topics"] = topics
    if notes:
        document["cards"] = notes
    return document


class _TablesChecker(DeckChecker):
    """The deck checker, reading the tables it is given instead of parsing its text."""

    def __init__(self, path: Path, text: str, document: dict[str, Any]) -> None:
        super().__init__(path, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
        self._document = document

    def parse(self) -> dict[str, Any] | None:
        cards = self._document.get("cards", [])
        headers = card_header_positions(self.text)
        if len(headers) == len(cards):
            self._card_at = headers
        return self._document


def check_tables(path: Path, text: str, document: dict[str, Any]) -> LoadedDeck:
    """``parse_deck(text)``, from the tables ``text`` was rendered from; ``DeckError`` likewise."""
    checker = _TablesChecker(path, text, document)
    deck = checker.check()
    problems = sorted(checker.problems, key=lambda p: (p.line, p.col))
    if deck is None or any(p.severity == "error" for p in problems):
        raise DeckError(problems)
    return LoadedDeck(deck, tuple(problems))


def checked_deck(
    path: Path, head: dict, topics: list[dict], notes: list[dict]
) -> tuple[str, LoadedDeck, list[str]]:
    """The deck text and the deck it loads as, after leaving out the notes the checker rejects.

    Each round leaves out the notes the checker found errors in, and why, so
    the text written is always one the loader accepts.
    """
    dropped: list[str] = []
    for _ in range(3):
        text = render_deck(head, topics, notes)
        try:
            return text, check_tables(path, text, document_of(head, topics, notes)), dropped
        except DeckError as exc:
            bad = _bad_notes(text, exc.errors)
            if bad is None:
                raise
            for index, message in bad.items():
                dropped.append(f"note {notes[index].get('id')}: {message}; skipped")
            notes = [n for i, n in enumerate(notes) if i not in bad]
    raise RuntimeError("the imported deck still has errors after leaving out its bad notes")


def _bad_notes(text: str, errors: list[Problem]) -> dict[int, str] | None:
    """Note index -> the first error found in it; None when an error is outside the notes."""
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if line == "[[cards]]"]
    bad: dict[int, str] = {}
    for problem in errors:
        index = bisect.bisect_right(starts, problem.line) - 1
        if index < 0:
            return None
        bad.setdefault(index, problem.message)
    return bad
