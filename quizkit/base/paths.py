"""Where quizkit's files live: progress, config, decks and cache.

Every default comes from ``platformdirs``; a command-line option or an
environment variable overrides it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP = "quizkit"


def bundled_decks_dir() -> Path:
    """The decks shipped with quizkit: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "decks"
    return installed if installed.is_dir() else package.parent / "decks"


def data_path(option: str | None = None, env: Mapping[str, str] = os.environ) -> Path:
    """The progress file: ``--data``, else ``QUIZKIT_DATA``, else the platform's data dir."""
    chosen = option or env.get("QUIZKIT_DATA")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_data_path(APP) / "progress.sqlite3"


# quizkit adds to the progress file's name (-wal, .before-restore-20261129-120000-2,
# the holders folder): 200 bytes leaves room below the 255 most file systems allow.
DATA_NAME_MAX = 200
_NAME_MAX = 255


def data_path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be the progress file (name too long, not a regular file), or None."""
    for part in path.parts:
        if len(os.fsencode(part)) > _NAME_MAX:
            return (
                f"{str(path)[:60]}…: a name in this path is {len(os.fsencode(part))} bytes long; "
                f"file systems allow {_NAME_MAX}. Choose a shorter --data path."
            )
    if len(os.fsencode(path.name)) > DATA_NAME_MAX:
        return (
            f"{path.parent / (path.name[:40] + '…')}: the progress file's name is "
            f"{len(os.fsencode(path.name))} bytes long; quizkit needs it at most {DATA_NAME_MAX} "
            "(it adds -wal and backup suffixes). Choose a shorter --data name."
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{path}: cannot use this path for the progress file: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return f"{path} is a directory: --data names the progress file itself"
    if not stat.S_ISREG(mode):
        return (
            f"{path} is not a regular file (a device, FIFO or socket): it cannot hold progress "
            "and was left untouched. Choose another file with --data or QUIZKIT_DATA."
        )
    return None


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    chosen = env.get("QUIZKIT_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_config_path(APP) / "config.toml"


def user_decks_dir() -> Path:
    return platformdirs.user_data_path(APP) / "decks"


def named_deck_dirs(
    options: list[str] | None = None, env: Mapping[str, str] = os.environ
) -> list[Path]:
    """The deck folders (or files) the learner named: ``--decks``, then ``QUIZKIT_DECKS``."""
    # Path("") is the current folder: an empty name must never scan it
    # (deck_name_problems reports it).
    extra = [p for p in options or [] if p]
    if env.get("QUIZKIT_DECKS"):
        extra += [p for p in env["QUIZKIT_DECKS"].split(os.pathsep) if p]
    return [Path(p).expanduser() for p in extra]


def deck_name_problems(
    options: list[str] | None = None, env: Mapping[str, str] = os.environ
) -> tuple[list[str], list[str]]:
    """(errors, warnings) about empty deck folder names in ``--decks`` and ``QUIZKIT_DECKS``."""
    errors, warnings = [], []
    if any(not option for option in options or []):
        errors.append("--decks was given an empty name; name a deck folder or file")
    entries = env.get("QUIZKIT_DECKS", "")
    if entries and any(not entry for entry in entries.split(os.pathsep)):
        warnings.append(
            f"QUIZKIT_DECKS={entries!r} has an empty entry; it is ignored "
            "(the current folder is not scanned)"
        )
    return errors, warnings


def deck_dirs(options: list[str] | None = None, env: Mapping[str, str] = os.environ) -> list[Path]:
    """Bundled decks, then the folders the learner named, then the user's decks folder."""
    dirs = [bundled_decks_dir(), *named_deck_dirs(options, env), user_decks_dir()]
    unique: list[Path] = []
    for directory in dirs:
        if directory not in unique:
            unique.append(directory)
    return unique


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    chosen = env.get("QUIZKIT_CACHE")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_cache_path(APP)
