"""``quizkit lint``: every problem in every deck file, errors and warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizkit.deck.cache import DeckCache
from quizkit.deck.library import find_deck_files, load_library
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
    paths: Sequence[Path], cache: DeckCache | None = None, context: Sequence[Path] = ()
) -> LintReport:
    """Check the deck files under ``paths`` alone and against one another (unique ids).

    The decks under ``context`` (usually every deck quizkit loads) are loaded
    too, so that a file reusing one of their ids is reported; their own
    problems are not.
    """
    files = find_deck_files(list(paths))
    linted = {f.resolve() for f in files}
    others = [f for f in find_deck_files(list(context)) if f.resolve() not in linted]
    library = load_library([*others, *files], cache)
    problems = [p for failure in library.failures for p in failure.problems] + library.warnings
    resolved: dict[Path, Path] = {}
    problems = [
        p
        for p in problems
        if (resolved.get(p.path) or resolved.setdefault(p.path, p.path.resolve())) in linted
    ]
    problems.sort(key=lambda p: (str(p.path), p.line, p.col))
    return LintReport(tuple(files), tuple(problems))
