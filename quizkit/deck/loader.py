"""Reading a deck file: TOML in, a validated ``Deck`` out, or every problem found.

Reading uses ``tomllib``; positions come from ``positions`` so that each
problem names its line and column. Validation never stops at the first
problem: an author fixes a whole file in one pass. Every message says what to
change. The work is shared out: ``checking`` checks values against the
format table, ``building`` turns cards into study cards, ``exam_checks``
checks exams, ``messages`` words the problems; this module reads the file and
checks the deck as a whole.

A valid deck is the common case and must load fast (see docs/benchmarks.md):
the full key-position scan runs only once a problem needs a position other
than a card's ``[[cards]]`` line, and suggestions (difflib) only on problems.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from quizkit.deck import format as fmt
from quizkit.deck.building import CardChecker, derived_note_id
from quizkit.deck.exam_checks import ExamChecker
from quizkit.deck.messages import deck_hint, root_hint, suggest
from quizkit.deck.model import Cards, Deck, DeckOptions, LoadedDeck, Topic
from quizkit.deck.positions import Positions, card_header_positions, syntax_error_position
from quizkit.deck.problems import DeckError, Problem, read_deck_file

# Callers (fix_ids, config) import these from here.
__all__ = [
    "DeckChecker",
    "LoadedDeck",
    "derived_note_id",
    "key_position",
    "load_deck",
    "parse_deck",
    "read_deck_file",
    "suggest",
]


def load_deck(path: Path) -> LoadedDeck:
    """Read and validate one deck file; raise ``DeckError`` listing every problem."""
    return parse_deck(read_deck_file(path), path)


def parse_deck(data: bytes, path: Path) -> LoadedDeck:
    """Validate deck file contents ``data``, reported as coming from ``path``.

    Returns the deck and its warnings; raises ``DeckError`` carrying every
    problem (errors and warnings, in file order) when there is any error.
    """
    try:
        # utf-8-sig: some Windows editors start a UTF-8 file with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "the file is not UTF-8 text: save it with the UTF-8 encoding"
        raise DeckError([Problem(path, line, col, "error", message)]) from None
    checker = DeckChecker(path, text, hashlib.sha256(data).hexdigest())
    deck = checker.check()
    problems = sorted(checker.problems, key=lambda p: (p.line, p.col))
    if deck is None or any(p.severity == "error" for p in problems):
        raise DeckError(problems)
    return LoadedDeck(deck, tuple(problems))


def key_position(path: Path, key: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of ``key`` (e.g. ``("deck", "id")``) in the file at ``path``.

    For problems found after loading, such as an id another deck also uses;
    (1, 1) when the file cannot be read.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return (1, 1)
    return Positions(text).locate(key)


class DeckChecker(CardChecker, ExamChecker):
    """Checks a whole deck file; ``problems`` holds every problem found."""

    def __init__(self, path: Path, text: str, file_hash: str) -> None:
        super().__init__(path, text)
        self.file_hash = file_hash

    def check(self) -> Deck | None:
        """The deck, or None when it cannot be built; every problem lands in ``problems``."""
        document = self.parse()
        if document is None or not self.check_version(document.get("format")):
            return None
        root = self.check_table(document, fmt.ROOT, (), "", root_hint)
        deck_table: dict[str, Any] = {}
        if "deck" in root:  # else reported above: missing, or not a table
            deck_table = self.check_table(root["deck"], fmt.DECK, ("deck",), "[deck]", deck_hint)
        if "source" in deck_table:
            deck_table["source"] = self.check_table(
                deck_table["source"], fmt.SOURCE, ("deck", "source"), "[deck.source]"
            )
        options = self.check_options(deck_table.get("options"))
        topics = self.check_topics(root.get("topics", []))
        deck_id = deck_table.get("id", "")
        cards = self.check_cards(
            root.get("cards", []), deck_id, {t.id for t in topics}, options.typo_tolerance
        )
        written = root.get("cards", [])
        exams = self.check_exams(root.get("exams", []), deck_id, topics, cards, written)
        if "cards" not in document:
            self.report(("deck",), "the deck has no cards yet: add [[cards]] tables", "warning")

        if any(name not in root for name in ("format", "deck")) or any(
            name not in deck_table for name in ("id", "title")
        ):
            return None
        return Deck(
            id=deck_id,
            title=deck_table["title"],
            path=self.path,
            content_hash=self.file_hash,
            description=deck_table.get("description"),
            version=deck_table.get("version"),
            language=deck_table.get("language"),
            source=dict(deck_table.get("source", {})),
            options=options,
            topics=tuple(topics),
            cards=Cards(cards),
            exams=tuple(exams),
        )

    def check_options(self, table: dict[str, Any] | None) -> DeckOptions:
        if table is None:
            return DeckOptions()
        values = self.check_table(table, fmt.OPTIONS, ("deck", "options"), "[deck.options]")
        return DeckOptions(**values)

    def check_topics(self, entries: list[dict[str, Any]]) -> list[Topic]:
        topics: list[Topic] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            where = ("topics", index)
            values = self.check_table(entry, fmt.TOPIC, where, "[[topics]]")
            if "id" not in values or "title" not in values:
                continue
            if values["id"] in seen:
                first = self.locate(("topics", seen[values["id"]], "id"))[0]
                self.report(
                    where + ("id",),
                    f'topic id "{values["id"]}" is already used on line '
                    f"{first}: give this topic another id",
                )
                continue
            seen[values["id"]] = index
            topics.append(Topic(values["id"], values["title"]))
        return topics

    def parse(self) -> dict[str, Any] | None:
        """The TOML document, or None after reporting its syntax error."""
        try:
            document = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            line, col, message = syntax_error_position(exc, self.text)
            self.problems.append(Problem(self.path, line, col, "error", f"TOML syntax: {message}"))
            return None
        cards = document.get("cards")
        if isinstance(cards, list):
            headers = card_header_positions(self.text)
            if len(headers) == len(cards):
                self._card_at = headers
        return document

    def check_version(self, version: Any) -> bool:
        """False for a newer format than this quizkit reads: its keys would only confuse."""
        if (
            isinstance(version, (int, float))
            and not isinstance(version, bool)
            and version not in fmt.FORMAT_VERSIONS
            and version > 1
        ):
            self.report(
                ("format",),
                f"this file is deck format {version}, but this quizkit reads "
                f"formats 1 and {fmt.FORMAT_VERSION}: upgrade quizkit, or write format = 1.1",
            )
            return False
        return True
