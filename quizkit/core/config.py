"""The learner's config file (``config.toml``): who they are and how they study."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from quizkit.core.problems import DeckError, Problem
from quizkit.core.study_day import DEFAULT_ROLLOVER_HOUR
from quizkit.core.toml_positions import Positions, syntax_error_position


@dataclass(frozen=True, slots=True)
class Learner:
    name: str | None = None
    id: str | None = None
    email: str | None = None
    course: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    learner: Learner = field(default_factory=Learner)
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    theme: str | None = None


def load_config(path: Path) -> Config:
    """Read the config file; a missing file means defaults. Raise ``DeckError`` on bad content."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        raise DeckError([Problem(path, 1, 1, "error", f"cannot read the config file: {exc}")])
    except tomllib.TOMLDecodeError as exc:
        line, col, message = syntax_error_position(exc)
        raise DeckError([Problem(path, line, col, "error", f"TOML syntax: {message}")])
    positions = Positions(text)
    problems: list[Problem] = []

    def bad(message: str, *where: str) -> None:
        line, col = positions.locate(where)
        problems.append(Problem(path, line, col, "error", message))

    for key in data:
        if key not in ("learner", "study"):
            bad(f'unknown table "{key}": the config has [learner] and [study]', key)
    learner_table = data.get("learner", {})
    learner_keys = ("name", "id", "email", "course")
    learner = {}
    for key, value in learner_table.items():
        if key not in learner_keys:
            bad(f'unknown key "{key}" in [learner]: known keys are {", ".join(learner_keys)}', "learner", key)
        elif not isinstance(value, str):
            bad(f"[learner] {key} must be a string", "learner", key)
        else:
            learner[key] = value
    study = data.get("study", {})
    rollover = study.get("rollover_hour", DEFAULT_ROLLOVER_HOUR)
    if isinstance(rollover, bool) or not isinstance(rollover, int) or not 0 <= rollover <= 23:
        bad("[study] rollover_hour must be a whole hour from 0 to 23", "study", "rollover_hour")
        rollover = DEFAULT_ROLLOVER_HOUR
    theme = study.get("theme")
    if theme is not None and not isinstance(theme, str):
        bad("[study] theme must be a string", "study", "theme")
        theme = None
    for key in study:
        if key not in ("rollover_hour", "theme"):
            bad(f'unknown key "{key}" in [study]: known keys are rollover_hour, theme', "study", key)
    if problems:
        raise DeckError(problems)
    return Config(path=path, learner=Learner(**learner), rollover_hour=rollover, theme=theme)
