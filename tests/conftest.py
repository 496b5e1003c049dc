"""Shared fixtures: a fixed clock, small deck files, and an opened workspace."""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quizkit.base.clock import FixedClock
from quizkit.workspace import Workspace
from tests.samples import DECK_HEAD

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)

SMALL_DECK = (
    DECK_HEAD
    + """
[[cards]]
id = "cover"
type = "basic"
topic = "muscles"
front = "What mostly covers the gluteus medius?"
back = "The gluteus maximus."

[[cards]]
id = "under"
type = "basic"
topic = "muscles"
front = "What does the lower gluteus medius cover?"
back = "The gluteus minimus."

[[cards]]
id = "walk"
type = "basic"
topic = "muscles"
front = "Which gluteal muscle propels walking?"
back = "The gluteus medius."
"""
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOON)


@pytest.fixture
def write_deck(tmp_path: Path):
    """Write a deck file (dedented) into a fresh folder and return its path."""

    def write(text: str = SMALL_DECK, name: str = "deck.toml") -> Path:
        folder = tmp_path / "decks"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def open_workspace(tmp_path: Path, clock: FixedClock):
    """Open a workspace on deck files with a fixed clock, no fuzz, seeded shuffles and a temporary
    progress file."""
    opened: list[Workspace] = []

    def open_(*deck_paths: Path, data: Path | None = None) -> Workspace:
        workspace = Workspace.open(
            data or tmp_path / "progress.sqlite3", list(deck_paths), clock=clock, fuzz=False, seed=0
        )
        opened.append(workspace)
        return workspace

    yield open_
    for workspace in opened:
        workspace.close()
