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

[lrs]                      # where `quizkit send` posts xAPI statements
url = "https://lrs.example.org/xapi/"
username = "..."           # or env QUIZKIT_LRS_USERNAME / QUIZKIT_LRS_PASSWORD
password = "..."
```
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizkit.base.study_day import DEFAULT_ROLLOVER_HOUR
from quizkit.deck import format as fmt
from quizkit.deck.model import DeckOptions
from quizkit.deck.problems import DeckError, Problem
from quizkit.study.settings import DEFAULT_LEECH_THRESHOLD, StudySettings

# The config's tables, in the deck format's terms, so that the deck checker
# checks them: an option means the same in a deck and here.
_LEARNER = {
    name: fmt.Field(name, "string", f"The learner's {name}.")
    for name in ("name", "id", "email", "course")
}
_STUDY = {
    "rollover_hour": fmt.Field(
        "rollover_hour", "integer", "The local hour a study day ends.", minimum=0, maximum=23
    ),
    "leech_threshold": fmt.Field(
        "leech_threshold", "integer", "Lapses before a card is a leech.", minimum=1
    ),
    "theme": fmt.Field("theme", "string", "The TUI's colour theme."),
    **{k: f for k, f in fmt.OPTIONS.items() if k not in fmt.AUTHOR_ONLY_OPTIONS},
}
_LRS = {
    "url": fmt.Field("url", "string", "The Learning Record Store's xAPI address."),
    "username": fmt.Field("username", "string", "The LRS's basic-auth username."),
    "password": fmt.Field("password", "string", "The LRS's basic-auth password."),
}
# Scheduling options a learner may set, for every deck or for one.
_DECK_OPTIONS = {k: f for k, f in fmt.OPTIONS.items() if k not in fmt.AUTHOR_ONLY_OPTIONS}
_ROOT = {
    "learner": fmt.Field("learner", "table", "Who the learner is."),
    "study": fmt.Field("study", "table", "How the learner studies."),
    "decks": fmt.Field("decks", "table", "Options for one deck, by deck id."),
    "lrs": fmt.Field("lrs", "table", "Where `quizkit send` posts xAPI statements."),
}


@dataclass(frozen=True, slots=True)
class Learner:
    name: str | None = None
    id: str | None = None
    email: str | None = None
    course: str | None = None


@dataclass(frozen=True, slots=True)
class LrsSettings:
    url: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a message or traceback


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    learner: Learner = field(default_factory=Learner)
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    theme: str | None = None
    lrs: LrsSettings = field(default_factory=LrsSettings)
    # [deck.options] overrides: for every deck, and per deck id.
    options: dict[str, Any] = field(default_factory=dict)
    deck_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Where each [decks.<id>] table is written, for the warnings of unknown_decks.
    deck_positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def study_settings(self) -> StudySettings:
        """The part of the config the study package reads."""
        return StudySettings(
            self.rollover_hour, self.leech_threshold, self.options, self.deck_options
        )

    def options_for(self, deck_id: str, deck_options: DeckOptions) -> DeckOptions:
        """The deck's own options, overridden by the learner's, then by the learner's for this deck."""
        return self.study_settings().options_for(deck_id, deck_options)


def load_config(path: Path) -> Config:
    """Read the config file; a missing file means defaults. Raise ``DeckError`` on bad content.

    Values are checked by the deck checker, with the deck format's bounds, and
    every problem is reported at once with its line and column.
    """
    text = _read(path)
    if text is None:
        return Config(path=path)
    # The checker and TOML reader load only for a config that exists (a start without one
    # does not pay for them).
    import tomllib

    from quizkit.deck.checking import TableChecker
    from quizkit.deck.positions import syntax_error_position

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, message = syntax_error_position(exc, text)
        raise DeckError([Problem(path, line, col, "error", f"TOML syntax: {message}")]) from None
    checker = TableChecker(path, text)
    root = checker.check_table(data, _ROOT, (), "the config", _root_hint)
    learner = checker.check_table(root.get("learner", {}), _LEARNER, ("learner",), "[learner]")
    study = checker.check_table(
        root.get("study", {}), _STUDY, ("study",), "[study]", _author_only_hint
    )
    lrs = checker.check_table(root.get("lrs", {}), _LRS, ("lrs",), "[lrs]")
    deck_options: dict[str, dict[str, Any]] = {}
    for deck_id, table in root.get("decks", {}).items():
        where = ("decks", deck_id)
        if not isinstance(table, dict):
            checker.report(where, f"[decks.{deck_id}] must be a table of deck options")
            continue
        deck_options[deck_id] = checker.check_table(
            table, _DECK_OPTIONS, where, f"[decks.{deck_id}]", _author_only_hint
        )
    errors = [p for p in checker.problems if p.severity == "error"]
    if errors:
        raise DeckError(sorted(errors, key=lambda p: (p.line, p.col)))
    settings = {
        key: study.pop(key) for key in ("rollover_hour", "leech_threshold", "theme") if key in study
    }
    return Config(
        path=path,
        learner=Learner(**learner),
        lrs=LrsSettings(**lrs),
        options=study,
        deck_options=deck_options,
        deck_positions={d: checker.positions.locate_key(("decks", d)) for d in deck_options},
        **settings,
    )


def unknown_decks(config: Config, deck_ids: Iterable[str]) -> list[Problem]:
    """Warnings for ``[decks.<id>]`` tables naming no loaded deck, with a did-you-mean.

    The workspace calls it once the decks are loaded: the config alone cannot
    know which ids exist.
    """
    known = sorted(set(deck_ids))
    problems = []
    for deck_id in config.deck_options:
        if deck_id in known or config.path is None:
            continue
        from quizkit.deck.messages import suggest

        line, col = config.deck_positions.get(deck_id, (1, 1))
        message = (
            f'[decks.{deck_id}]: no deck loaded has the id "{deck_id}", so these options apply '
            f"to nothing{suggest(deck_id, known, 'deck ids')}"
        )
        problems.append(Problem(config.path, line, col, "warning", message))
    return problems


def _read(path: Path) -> str | None:
    """The config's text, None when there is no file; refuses FIFOs, devices and folders."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise _unreadable(
            path,
            "it is not a regular file (a folder, FIFO or device): "
            "point QUIZKIT_CONFIG at a config.toml file",
        )
    try:
        # utf-8-sig: read as decks are, a byte-order mark from a Windows editor is fine.
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise _unreadable(path, "it is not UTF-8 text: save it with the UTF-8 encoding") from None


def _unreadable(path: Path, why: str) -> DeckError:
    return DeckError([Problem(path, 1, 1, "error", f"cannot read the config file: {why}")])


def _author_only_hint(key: str) -> str | None:
    if key in fmt.AUTHOR_ONLY_OPTIONS:
        return (
            f": {key} is how the deck's author marks answers (in exams too), so only the "
            "deck's [deck.options] sets it; remove it here"
        )
    return None


def _root_hint(key: str) -> str | None:
    if key in _STUDY:
        return f": {key} belongs in the [study] table; write it below a [study] line"
    return ": the config has [learner], [study], [decks.<id>] and [lrs]"


def save_theme(path: Path, theme: str) -> None:
    """Remember the chosen theme in the config file, keeping its comments and layout.

    Writes through a symlinked config.toml (the link is kept); refuses
    anything but a regular file with an ``OSError``.
    """
    import tomlkit
    import tomlkit.exceptions

    from quizkit.base.files import write_atomically

    text = _read_for_update(path)
    try:
        document = tomlkit.parse(text) if text is not None else tomlkit.document()
    except tomlkit.exceptions.TOMLKitError as exc:
        raise OSError(f"{path} is not valid TOML ({exc}): fix it first") from None
    study = document.setdefault("study", tomlkit.table())
    study["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    # One atomic replace: two saves at once leave one whole file, never a mix.
    write_atomically(path, tomlkit.dumps(document).encode("utf-8"))


def _read_for_update(path: Path) -> str | None:
    try:
        return _read(path)
    except DeckError as exc:
        raise OSError(exc.problems[0].message) from None
