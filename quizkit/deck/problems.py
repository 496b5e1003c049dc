"""Problems found in a user's file, reported as ``path:line:col: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


class DeckError(Exception):
    """A deck file that cannot be used. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def read_deck_file(path: Path) -> bytes:
    """The file's bytes, or a ``DeckError`` saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeckError(
            [Problem(path, 1, 1, "error", f"cannot read the file: {exc.strerror}")]
        ) from None
