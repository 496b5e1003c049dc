"""The learner's profile in the config file's ``[learner]`` table: checking and saving it.

Saving edits the file in place with tomlkit, so the learner's comments, order
and other tables stay as they wrote them; a symlinked config (dotfiles kept in
a repository) is written through the link, and the link stays a link.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from quizkit.config import Config, Learner, load_config

FIELDS = {
    "name": "Name",
    "id": "Learner ID",
    "email": "Email",
    "course": "Course",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ProfileError(ValueError):
    """A value the profile cannot take; the message says which and why."""


def check_value(key: str, value: str) -> str:
    """The value as it will be saved (trimmed); raise ``ProfileError`` if it cannot be."""
    value = value.strip()
    if _CONTROL.search(value):
        raise ProfileError(
            f"{FIELDS[key].lower()} cannot contain line breaks or control characters"
        )
    if len(value) > 200:
        raise ProfileError(f"{FIELDS[key].lower()} is longer than 200 characters")
    if key == "email" and value and not _EMAIL.match(value):
        raise ProfileError(f"{value!r} does not look like an email address (name@example.org)")
    return value


def save_learner(path: Path, changes: dict[str, str]) -> Config:
    """Set the ``[learner]`` keys in ``changes`` ("" removes one) and return the config as saved.

    The file is checked first (``DeckError`` with its line for a broken one, and
    nothing is written); values are checked with ``check_value``.
    """
    import tomlkit

    checked = {key: check_value(key, value) for key, value in changes.items()}
    config = load_config(path)  # a broken file is refused, never overwritten
    target = Path(os.path.realpath(path))  # through a symlink, to the file it names
    try:
        document = tomlkit.parse(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    if "learner" not in document:
        document.add("learner", tomlkit.table())
    table = document["learner"]
    for key, value in checked.items():
        if value:
            table[key] = value
        elif key in table:
            del table[key]
    _write_atomically(target, tomlkit.dumps(document))
    learner = {key: getattr(config.learner, key) for key in FIELDS}
    learner.update({key: value or None for key, value in checked.items()})
    return replace(config, learner=Learner(**learner))


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
