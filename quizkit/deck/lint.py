"""``quizkit lint``: every problem in every deck file, errors and warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quizkit.base.paths import bundled_decks_dir
from quizkit.deck.cache import DeckCache
from quizkit.deck.card_warnings import card_warnings
from quizkit.deck.library import IdRegistry, Library, find_deck_files, load_library
from quizkit.deck.problems import Problem


@dataclass(frozen=True, slots=True)
class LintReport:
    files: tuple[Path, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def lint_paths(
    paths: Sequence[Path],
    cache: DeckCache | None = None,
    context: Sequence[Path] = (),
    *,
    bundled: Path | None = None,
) -> LintReport:
    """Check the deck files under ``paths`` alone and against one another (unique ids).

    The decks under ``context`` (usually every deck quizkit loads) are loaded
    too: an id a linted file shares with one of them is a warning, not an
    error, since the author's copy is what is being checked (a deck with the
    id of a bundled deck replaces it, and is not even a warning). Their own
    problems are not reported.
    """
    bundled = bundled_decks_dir() if bundled is None else bundled
    files = find_deck_files(list(paths))
    library = load_library(files, cache, bundled=bundled)
    problems = [p for failure in library.failures for p in failure.problems] + library.warnings
    problems += [_not_regular(path) for path in paths if _is_special(path)]
    for deck in library.decks:
        problems += card_warnings(deck)
    linted = {f.resolve() for f in files}
    others = [f for f in find_deck_files(list(context)) if f.resolve() not in linted]
    if others:
        installed = load_library(others, cache, bundled=bundled)
        problems += _clashes_with_installed(library, installed, bundled)
    problems.sort(key=lambda p: (str(p.path), p.line, p.col))
    return LintReport(tuple(files), tuple(problems))


def _is_special(path: Path) -> bool:
    """A FIFO, device or socket: reading one could block or never end."""
    return path.exists() and not path.is_dir() and not path.is_file()


def _not_regular(path: Path) -> Problem:
    message = (
        "not a regular file (a FIFO, device or socket), so lint does not read it: "
        "name a deck file or a folder of them"
    )
    return Problem(path, 1, 1, "error", message)


def _clashes_with_installed(library: Library, installed: Library, bundled: Path) -> list[Problem]:
    """Warnings for ids the linted decks share with the installed ones."""
    root = bundled.resolve()
    warnings = []
    for deck in library.decks:
        ids = IdRegistry()
        for other in installed.decks:
            # The author's copy of a bundled deck replaces it: no clash.
            replaced = other.id == deck.id and other.path.resolve().is_relative_to(root)
            if not replaced:
                ids.add(other)
        for clash in ids.clashes(deck):
            message = f"{clash.message} (when both are loaded)"
            warnings.append(replace(clash, severity="warning", message=message))
    return warnings
