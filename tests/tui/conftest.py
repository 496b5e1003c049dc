"""Helpers for the TUI tests: the all-types fixture deck, cut down to the cards a test needs."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual.widgets import Static
from textual.worker import WorkerFailed

from quizkit.tui.app import QuizkitApp, make_app

ALL_TYPES = Path(__file__).parents[1] / "fixtures" / "all-types.toml"
_CARDS = "\n[[cards]]\n"


def all_types_text(*note_ids: str) -> str:
    """The all-types deck with only the cards (by note id, in deck order) asked for; all without ids."""
    head, *cards = ALL_TYPES.read_text(encoding="utf-8").split(_CARDS)
    if note_ids:
        unknown = set(note_ids) - {_note_id(c) for c in cards}
        assert not unknown, f"no such cards in {ALL_TYPES.name}: {unknown}"
        cards = [c for c in cards if _note_id(c) in note_ids]
    return head + "".join(_CARDS + c for c in cards)


def _note_id(card: str) -> str:
    match = re.search(r'^id = "([^"]+)"$', card, re.MULTILINE)
    assert match, card
    return match.group(1)


def text_of(widget: Static) -> str:
    """The widget's content as plain text, whether it shows a Text or a Rich table."""
    rendered = widget.render()
    renderable = getattr(rendered, "_renderable", rendered)  # a RichVisual wraps its renderable
    if not isinstance(renderable, Table):
        return str(renderable)
    console = Console(width=max(widget.size.width, 40), file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in capture.get().splitlines())


async def settle(app: QuizkitApp, pilot) -> None:
    """Let the worker threads (progress-file writes, mastery) finish and the screen redraw.

    Unlike ``app.workers.wait_for_complete()`` this does not raise when an exclusive
    worker (home's mastery line) is cancelled by its successor, and it waits for
    workers started by the redraw too.
    """
    for _ in range(20):
        running = [worker for worker in app.workers if not worker.is_finished]
        if running:
            results = await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
            for result in results:
                if isinstance(result, WorkerFailed):
                    raise result
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("workers kept running")


@pytest.fixture
def all_types_workspace(write_deck, open_workspace):
    """A workspace (fixed clock, no fuzz) on the all-types deck, cut down to ``note_ids``."""

    def open_(*note_ids: str, **kwargs):
        return open_workspace(write_deck(all_types_text(*note_ids)), **kwargs)

    return open_


@pytest.fixture
def study_app(all_types_workspace):
    """An app opened straight into a study session of the all-types deck (or some of its cards)."""

    def make(*note_ids: str) -> tuple[QuizkitApp, object]:
        workspace = all_types_workspace(*note_ids)
        return make_app(workspace, study=workspace.decks), workspace

    return make
