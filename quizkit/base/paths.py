"""Where quizkit's files live: progress, config, decks and cache.

Every default comes from ``platformdirs``; a command-line option or an
environment variable overrides it.
"""

from __future__ import annotations

import os
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
    extra = list(options or [])
    if env.get("QUIZKIT_DECKS"):
        extra += [p for p in env["QUIZKIT_DECKS"].split(os.pathsep) if p]
    return [Path(p).expanduser() for p in extra]


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
