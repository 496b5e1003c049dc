"""All the decks quizkit can see: found, loaded, and checked against one another."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.cache import DeckCache
from quizkit.deck.loader import LoadedDeck, key_position
from quizkit.deck.model import Deck
from quizkit.deck.problems import DeckError, Problem


@dataclass(frozen=True, slots=True)
class DeckFailure:
    """A deck file that could not be used, and why. The other decks stay usable."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        if not errors:
            return "cannot be used"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"line {errors[0].line}: {errors[0].message}{more}"


@dataclass(frozen=True, slots=True)
class Replacement:
    """A deck of the learner's (deck folder or ``--decks``) used instead of a bundled one."""

    deck_id: str
    path: Path  # the deck file in use
    bundled: Path  # the bundled file it replaces

    @property
    def notice(self) -> str:
        """One line for the learner, said once (home, ``stats``)."""
        return f'deck "{self.deck_id}" from {self.path} replaces the bundled one'


@dataclass
class Library:
    decks: list[Deck] = field(default_factory=list)
    failures: list[DeckFailure] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)


def find_deck_files(paths: list[Path]) -> list[Path]:
    """Every ``.toml`` file named, or found under the folders named, in a stable order."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        elif path.is_file():
            found = [path]
        else:
            found = []
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files


def load_library(
    paths: list[Path], cache: DeckCache | None = None, *, bundled: Path | None = None
) -> Library:
    """Load every deck under ``paths``. Broken files become failures, never exceptions.

    Deck, card and exam ids must be unique across all the decks: a deck that
    reuses an id of a deck loaded before it fails, with a problem naming both
    places. One exception, for authors: a deck outside ``bundled`` (default:
    the bundled decks folder) with the id of a bundled deck replaces it, and
    ``replaced`` says so.
    """
    cache = cache or DeckCache(None)
    library = Library()
    loaded: list[LoadedDeck] = []
    for path in find_deck_files(paths):
        try:
            loaded.append(cache.load(path))
        except DeckError as exc:
            library.failures.append(DeckFailure(path, _errors_first(exc.problems)))
    library.replaced = _replacements(loaded, bundled_decks_dir() if bundled is None else bundled)
    replaced = {r.bundled for r in library.replaced}
    ids = IdRegistry()
    for one in loaded:
        deck = one.deck
        if deck.path in replaced:
            continue
        clashes = ids.clashes(deck)
        if clashes:
            library.failures.append(
                DeckFailure(deck.path, _errors_first([*clashes, *one.warnings]))
            )
            continue
        ids.add(deck)
        library.decks.append(deck)
        library.warnings.extend(one.warnings)
    return library


def _replacements(loaded: list[LoadedDeck], bundled: Path) -> list[Replacement]:
    """Bundled decks that a deck of the learner's, with the same id, replaces."""
    root = bundled.resolve()
    is_bundled = {one.deck.path: one.deck.path.resolve().is_relative_to(root) for one in loaded}
    own = {one.deck.id: one.deck.path for one in loaded if not is_bundled[one.deck.path]}
    return [
        Replacement(one.deck.id, own[one.deck.id], one.deck.path)
        for one in loaded
        if is_bundled[one.deck.path] and one.deck.id in own
    ]


def _errors_first(problems: list[Problem]) -> tuple[Problem, ...]:
    # Whoever shows only a failure's first problem shows an error.
    return tuple(sorted(problems, key=lambda p: (p.severity != "error", p.line, p.col)))


class IdRegistry:
    """The deck, card and exam ids already taken, and where."""

    def __init__(self) -> None:
        self.decks: dict[str, Path] = {}
        self.notes: dict[str, tuple[Path, int]] = {}
        # exam id -> (file, deck id, index among the file's [[exams]])
        self.exams: dict[str, tuple[Path, str, int]] = {}

    def add(self, deck: Deck) -> None:
        self.decks[deck.id] = deck.path
        for note_id, line in zip(deck.cards.field("note_id"), deck.cards.field("line")):
            self.notes.setdefault(note_id, (deck.path, line))
        # A deck that loaded has every exam it declares, in order.
        for index, exam in enumerate(deck.exams):
            self.exams.setdefault(exam.id, (deck.path, deck.id, index))

    def clashes(self, deck: Deck) -> list[Problem]:
        """Problems for the ids ``deck`` shares with decks added before it."""
        if deck.id in self.decks:
            line, col = key_position(deck.path, ("deck", "id"))
            other = self.decks[deck.id]
            message = f'deck id "{deck.id}" is already used by {other}: give this deck another id'
            return [Problem(deck.path, line, col, "error", message)]
        return self._card_clashes(deck) + self._exam_clashes(deck)

    def _card_clashes(self, deck: Deck) -> list[Problem]:
        problems = []
        reported: set[str] = set()
        # Compare note ids: a card's id is its note's id, or that id plus
        # "/reverse" or "/cN", and "/" cannot appear in an id.
        cards = deck.cards
        for note_id, card_line, generated in zip(
            cards.field("note_id"), cards.field("line"), cards.field("id_generated")
        ):
            if note_id in self.notes and note_id not in reported:
                reported.add(note_id)
                other, line = self.notes[note_id]
                if generated:
                    message = (
                        f'this card has no "id", and its text gives it the id "{note_id}", '
                        f'already used in {other}:{line}: give it an "id"'
                    )
                else:
                    message = (
                        f'card id "{note_id}" is already used in {other}:{line}: card ids '
                        "must be unique across all decks; give this card another id"
                    )
                problems.append(Problem(deck.path, card_line, 1, "error", message))
        return problems

    def _exam_clashes(self, deck: Deck) -> list[Problem]:
        problems = []
        for index, exam in enumerate(deck.exams):
            if exam.id not in self.exams:
                continue
            other, other_deck, other_index = self.exams[exam.id]
            line, col = key_position(deck.path, ("exams", index, "id"))
            other_line = key_position(other, ("exams", other_index, "id"))[0]
            message = (
                f'exam id "{exam.id}" is already used by deck "{other_deck}" in '
                f"{other}:{other_line}: exam ids must be unique across all decks; give this "
                "exam another id"
            )
            problems.append(Problem(deck.path, line, col, "error", message))
        return problems
