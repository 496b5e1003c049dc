"""The learner's config file (``config.toml``): who they are and how they study.

```toml
[learner]
name = "Ada Example"
id = "NAT-12345"
email = "ada@example.org"
course = "Trigger Point Therapy Diploma"

[study]
rollover_hour = 4          # a study day ends at this local hour
leech_threshold = 8        # lapses before a card is tagged leech and suspended
theme = "textual-dark"
desired_retention = 0.9    # any [deck.options] key here overrides every deck

[decks.gluteus-medius]     # overrides for one deck, by deck id
new_per_day = 10
```
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from quizkit.base.durations import parse_duration
from quizkit.base.study_day import DEFAULT_ROLLOVER_HOUR
from quizkit.deck import format as fmt
from quizkit.deck.model import DeckOptions
from quizkit.deck.positions import Positions, syntax_error_position
from quizkit.deck.problems import DeckError, Problem
from quizkit.study.settings import DEFAULT_LEECH_THRESHOLD, StudySettings

_LEARNER_KEYS = ("name", "id", "email", "course")
_STUDY_KEYS = ("rollover_hour", "leech_threshold", "theme", *fmt.OPTIONS)


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
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    theme: str | None = None
    # [deck.options] overrides: for every deck, and per deck id.
    options: dict[str, Any] = field(default_factory=dict)
    deck_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def study_settings(self) -> StudySettings:
        """The part of the config the study package reads."""
        return StudySettings(
            self.rollover_hour, self.leech_threshold, self.options, self.deck_options
        )

    def options_for(self, deck_id: str, deck_options: DeckOptions) -> DeckOptions:
        """The deck's own options, overridden by the learner's, then by the learner's for this deck."""
        return self.study_settings().options_for(deck_id, deck_options)


def load_config(path: Path) -> Config:
    """Read the config file; a missing file means defaults. Raise ``DeckError`` on bad content."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        raise DeckError(
            [Problem(path, 1, 1, "error", f"cannot read the config file: {exc}")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        line, col, message = syntax_error_position(exc)
        raise DeckError([Problem(path, line, col, "error", f"TOML syntax: {message}")]) from None
    positions = Positions(text)
    problems: list[Problem] = []

    def bad(message: str, *where: str) -> None:
        line, col = positions.locate(where)
        problems.append(Problem(path, line, col, "error", message))

    for key, value in data.items():
        if key not in ("learner", "study", "decks"):
            bad(f'unknown table "{key}": the config has [learner], [study] and [decks.<id>]', key)
        elif not isinstance(value, dict):
            bad(f"{key} must be a table ([{key}])", key)
    learner: dict[str, str] = {}
    for key, value in _table(data, "learner").items():
        if key not in _LEARNER_KEYS:
            bad(
                f'unknown key "{key}" in [learner]: known keys are {", ".join(_LEARNER_KEYS)}',
                "learner",
                key,
            )
        elif not isinstance(value, str):
            bad(f"[learner] {key} must be a string", "learner", key)
        else:
            learner[key] = value

    study = _table(data, "study")
    settings: dict[str, Any] = {}
    for key, value in study.items():
        if key not in _STUDY_KEYS:
            bad(
                f'unknown key "{key}" in [study]: known keys are {", ".join(_STUDY_KEYS)}',
                "study",
                key,
            )
        elif key == "rollover_hour":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
                bad("[study] rollover_hour must be a whole hour from 0 to 23", "study", key)
            else:
                settings[key] = value
        elif key == "leech_threshold":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                bad(
                    "[study] leech_threshold must be a whole number of lapses, 1 or more",
                    "study",
                    key,
                )
            else:
                settings[key] = value
        elif key == "theme":
            if not isinstance(value, str):
                bad("[study] theme must be a string", "study", key)
            else:
                settings[key] = value
    options = _options(study, "[study]", lambda m, k: bad(m, "study", k))

    deck_options = {}
    for deck_id, table in _table(data, "decks").items():
        if not isinstance(table, dict):
            bad(f"[decks.{deck_id}] must be a table of deck options", "decks", deck_id)
            continue
        for key in table:
            if key not in fmt.OPTIONS:
                bad(
                    f'unknown key "{key}" in [decks.{deck_id}]: known keys are {", ".join(fmt.OPTIONS)}',
                    "decks",
                    deck_id,
                    key,
                )
        deck_options[deck_id] = _options(
            table, f"[decks.{deck_id}]", lambda m, k, d=deck_id: bad(m, "decks", d, k)
        )
    if problems:
        raise DeckError(problems)
    return Config(
        path=path,
        learner=Learner(**learner),
        options=options,
        deck_options=deck_options,
        **settings,
    )


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    return value if isinstance(value, dict) else {}


def _options(table: dict, label: str, bad) -> dict[str, Any]:
    """The [deck.options] keys of ``table``, converted, each checked as deck files check it."""
    options: dict[str, Any] = {}
    for key, spec in fmt.OPTIONS.items():
        if key not in table:
            continue
        value = table[key]
        try:
            options[key] = _option_value(spec, value)
        except ValueError as exc:
            bad(f"{label} {key}: {exc}", key)
    return options


def _option_value(spec: fmt.Field, value: Any) -> Any:
    if spec.kind in ("integer", "number"):
        kinds = (int,) if spec.kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(
                f"must be {'a whole number' if spec.kind == 'integer' else 'a number'}"
            )
        if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum
        ):
            upper = f" and at most {spec.maximum:g}" if spec.maximum is not None else ""
            raise ValueError(f"must be at least {spec.minimum:g}{upper}, not {value}")
        return value
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if spec.kind == "duration":
        if not isinstance(value, str):
            raise ValueError('must be a duration such as "10m"')
        return parse_duration(value)
    if spec.kind == "durations":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError('must be a list of durations such as ["1m", "10m"]')
        return tuple(parse_duration(v) for v in value)
    raise AssertionError(spec.kind)


def save_theme(path: Path, theme: str) -> None:
    """Remember the chosen theme in the config file, keeping its comments and layout."""
    import tomlkit

    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    study = document.setdefault("study", tomlkit.table())
    study["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file of its own, then an atomic rename: two saves at once
    # leave one whole file, never a mix.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(tomlkit.dumps(document))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
