"""All the decks quizkit can see: found, loaded, and checked against one another."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.cache import DeckCache
from quizkit.deck.model import Cards, Deck, LoadedDeck, note_id_hash
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


@dataclass
class _NoteIds:
    """One added deck's note ids and their lines, in card order, read from its cards
    only when a deck follows it (a cached deck decodes a column on first read)."""

    path: Path
    cards: Cards
    _set: frozenset[str] | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return self.cards.field("note_id")

    @property
    def lines(self) -> tuple[int, ...]:
        return self.cards.field("line")

    def id_set(self) -> frozenset[str]:
        if self._set is None:
            self._set = frozenset(self.ids)
        return self._set


class IdRegistry:
    """The deck, card and exam ids already taken, and where."""

    def __init__(self) -> None:
        self.decks: dict[str, Path] = {}
        # Each added deck's note ids and lines, as its cards' columns: a dict of every
        # note id cost 100 ms at 100,000 cards on every start, for a clash seen rarely.
        self._notes: list[_NoteIds] = []
        # exam id -> (file, deck id, index among the file's [[exams]])
        self.exams: dict[str, tuple[Path, str, int]] = {}

    def add(self, deck: Deck) -> None:
        self.decks[deck.id] = deck.path
        self._notes.append(_NoteIds(deck.path, deck.cards))
        # A deck that loaded has every exam it declares, in order.
        for index, exam in enumerate(deck.exams):
            self.exams.setdefault(exam.id, (deck.path, deck.id, index))

    def clashes(self, deck: Deck) -> list[Problem]:
        """Problems for the ids ``deck`` shares with decks added before it."""
        if deck.id in self.decks:
            from quizkit.deck.loader import key_position  # the validation code: only on a clash

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
        if not self._notes:
            return problems  # the first deck: no column read
        taken = self._taken(cards)
        if not taken:
            return problems
        for note_id, card_line, generated in zip(
            cards.field("note_id"), cards.field("line"), cards.field("id_generated")
        ):
            if note_id in taken and note_id not in reported:
                reported.add(note_id)
                other, line = taken[note_id]
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

    def _taken(self, cards: Cards) -> dict[str, tuple[Path, int]]:
        """Of the note ids of ``cards``, those an added deck has: the file and line of the first."""
        taken: dict[str, tuple[Path, int]] = {}
        for earlier in self._notes:
            for note_id in _shared_note_ids(earlier, cards):
                if note_id not in taken:
                    taken[note_id] = (earlier.path, earlier.lines[earlier.ids.index(note_id)])
        return taken

    def _exam_clashes(self, deck: Deck) -> list[Problem]:
        problems = []
        for index, exam in enumerate(deck.exams):
            if exam.id not in self.exams:
                continue
            from quizkit.deck.loader import key_position

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


def _shared_note_ids(earlier: _NoteIds, cards: Cards) -> set[str]:
    """The note ids both decks have.

    A large cached deck is not decoded for it: the other deck's ids are looked up in
    its sorted id hashes (100,000 ids decoded and walked cost ~15 ms at every start
    with the bundled deck beside it), and only a hash found is checked by its id.
    """
    small, large = (
        (earlier.cards, cards) if len(earlier.cards) <= len(cards) else (cards, earlier.cards)
    )
    hashes = large.note_id_hashes
    if hashes is None:
        # intersection() walks the new deck's ids against the earlier deck's set: no set
        # of the new deck's ids is built.
        return set(earlier.id_set().intersection(cards.field("note_id")))
    maybe = {n for n in small.field("note_id") if _has_hash(hashes, note_id_hash(n))}
    return maybe.intersection(large.field("note_id")) if maybe else set()


def _has_hash(hashes: Sequence[int], wanted: int) -> bool:
    at = bisect_left(hashes, wanted)
    return at < len(hashes) and hashes[at] == wanted
