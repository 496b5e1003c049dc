"""All the decks quizkit can see: found, loaded, and checked against one another."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizkit.core.deck_cache import DeckCache
from quizkit.core.model import Deck
from quizkit.core.problems import DeckError, Problem


@dataclass(frozen=True, slots=True)
class DeckFailure:
    """A deck file that could not be used, and why. The other decks stay usable."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0] if errors else self.problems[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"line {first.line}: {first.message}{more}"


@dataclass
class Library:
    decks: list[Deck] = field(default_factory=list)
    failures: list[DeckFailure] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)


def find_deck_files(paths: list[Path]) -> list[Path]:
    """Every ``.toml`` file named, or found under the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        elif path.is_file():
            found = [path]
        else:
            found = []
        files.extend(f for f in found if f not in files)
    return files


def load_library(paths: list[Path], cache: DeckCache | None = None) -> Library:
    """Load every deck under ``paths``. Broken files become failures, never exceptions."""
    cache = cache or DeckCache(None)
    library = Library()
    deck_ids: dict[str, Path] = {}
    card_places: dict[str, tuple[Path, int]] = {}
    for path in find_deck_files(paths):
        try:
            loaded = cache.load(path)
        except DeckError as exc:
            library.failures.append(DeckFailure(path, tuple(exc.problems)))
            continue
        deck = loaded.deck
        clashes = _clashes(deck, deck_ids, card_places)
        if clashes:
            library.failures.append(DeckFailure(path, tuple(clashes)))
            continue
        deck_ids[deck.id] = path
        card_places.update((c.id, (path, c.line)) for c in deck.cards)
        library.decks.append(deck)
        library.warnings.extend(loaded.warnings)
    return library


def _clashes(deck: Deck, deck_ids: dict[str, Path], card_places: dict[str, tuple[Path, int]]) -> list[Problem]:
    """Ids this deck shares with a deck loaded before it: ids must be unique across decks."""
    if deck.id in deck_ids:
        return [Problem(deck.path, 1, 1, "error",
                        f'deck id "{deck.id}" is already used by {deck_ids[deck.id]}: give this deck another id')]
    problems = []
    for card in deck.cards:
        if card.id in card_places:
            other, line = card_places[card.id]
            problems.append(Problem(deck.path, card.line, 1, "error",
                                    f'card id "{card.id}" is already used in {other}:{line}: card ids must be unique across decks'))
    return problems
