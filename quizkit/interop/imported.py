"""What an importer makes of a file: a deck's tables, ready to write as TOML.

Importers build plain tables (the keys of docs/deck-format.md) rather than
``Card`` objects: the written file is the product, and the deck loader checks
it before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizkit.deck.problems import Problem

# Ids stay readable and short enough to type in `quizkit study ID`.
_MAX_SLUG = 48


@dataclass
class ImportedDeck:
    """A deck read from another tool's file, with what could not come over."""

    deck_id: str
    title: str
    topics: dict[str, str] = field(default_factory=dict)  # id -> title, in file order
    cards: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each card's line in the source file
    # Questions left out (unsupported types) and conversions that lose something:
    # warnings with the source line, printed by `quizkit import`.
    notices: list[Problem] = field(default_factory=list)


class ImportFailed(Exception):
    """The file cannot be imported as it is; every problem names a line and what to change."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def slug(text: str, limit: int = _MAX_SLUG) -> str:
    """``text`` as an id: lower-case ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def deck_id_for(path: Path) -> str:
    """A deck id from a file name: ``Hip Quiz (2).gift`` -> ``hip-quiz-2``."""
    return slug(path.stem) or "imported-" + short_hash(path.name)


class IdMaker:
    """Card ids unique within one import and apart from ``taken`` (other decks' note ids).

    A repeated id gets ``-2``, ``-3``, ...; an id written in the file that
    another deck already uses gets the deck id before it, so the new deck
    loads beside the other instead of clashing with it.
    """

    def __init__(self, prefix: str, taken: frozenset[str] = frozenset()) -> None:
        self.prefix = prefix
        self.taken = taken
        self.used: set[str] = set()

    def make(self, given: str | None, name: str | None, text: str) -> str:
        """The id written in the file if it is one, else one from the name or the text."""
        if given and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", given):
            base = given if given not in self.taken else f"{self.prefix}-{given}"
        else:
            base = slug(name or "") or slug(text, 32) or short_hash(text)
            base = f"{self.prefix}-{base}"
        candidate, n = base, 1
        while candidate in self.used or candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate
