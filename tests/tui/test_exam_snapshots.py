"""Snapshots of the exam screens at 80x24 (and two at 120x40): start, question, overview,
confirm and results. Fixed clock, seeded draw, no blinking cursor."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizkit.tui.app import make_app
from tests.tui.test_snapshots import steady

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"


def exam_app(open_workspace):
    workspace = open_workspace(EXAM_DECK)
    app = make_app(workspace, exam="demo-cert")
    app.exam_rng = random.Random(7)
    return app


async def sit(pilot, *keys: str) -> None:
    """Begin a certification attempt, then press ``keys``."""
    await steady(pilot, "c")
    await steady(pilot, *keys)


# With seed 7 the questions come as: truefalse, typed, multi-select choice, cloze, choice.
# Right, wrong, half right (one of two right options) and flagged; two left unanswered.
TO_THE_MULTI = ("t", "enter", *"minimus", "enter")
PARTLY_RIGHT = (*TO_THE_MULTI, "1", "ctrl+f", "enter")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_exam_start_screen(snap_compare, open_workspace, size):
    assert snap_compare(exam_app(open_workspace), terminal_size=size, run_before=steady)


def test_exam_question_choice_flagged(snap_compare, open_workspace):
    assert snap_compare(
        exam_app(open_workspace),
        terminal_size=(80, 24),
        run_before=lambda p: sit(p, *TO_THE_MULTI, "1", "ctrl+f"),
    )


def test_exam_question_typed(snap_compare, open_workspace):
    async def before(pilot):
        await sit(pilot, *PARTLY_RIGHT, "m", "a", "x")

    assert snap_compare(exam_app(open_workspace), terminal_size=(80, 24), run_before=before)


def test_exam_overview(snap_compare, open_workspace):
    async def before(pilot):
        await sit(pilot, *PARTLY_RIGHT, "ctrl+o")

    assert snap_compare(exam_app(open_workspace), terminal_size=(80, 24), run_before=before)


def test_exam_confirm_submit(snap_compare, open_workspace):
    async def before(pilot):
        await sit(pilot, *PARTLY_RIGHT, "ctrl+s")

    assert snap_compare(exam_app(open_workspace), terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_exam_results(snap_compare, open_workspace, size):
    async def before(pilot):
        await sit(pilot, *PARTLY_RIGHT, "ctrl+s", "y")

    assert snap_compare(exam_app(open_workspace), terminal_size=size, run_before=before)


def test_exam_practice_feedback(snap_compare, open_workspace):
    async def before(pilot):
        await steady(pilot, "p")
        await steady(pilot, "t", "enter")

    assert snap_compare(exam_app(open_workspace), terminal_size=(80, 24), run_before=before)
