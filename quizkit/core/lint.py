"""``quizkit lint``: every problem in every deck file, errors and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizkit.core.deck_cache import DeckCache
from quizkit.core.library import find_deck_files, load_library
from quizkit.core.problems import Problem


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


def lint_paths(paths: list[Path], cache: DeckCache | None = None) -> LintReport:
    """Check the deck files under ``paths`` alone and against one another (unique ids)."""
    library = load_library(paths, cache)
    problems = [p for failure in library.failures for p in failure.problems] + library.warnings
    problems.sort(key=lambda p: (str(p.path), p.line, p.col))
    return LintReport(tuple(find_deck_files(paths)), tuple(problems))
