"""Snapshots (pytest-textual-snapshot) of every screen at 80x24: fixed clock, no fuzz, no blinking.

Review a changed SVG before accepting it with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from tests.tui.conftest import settle

SIZE = (80, 24)


async def steady(pilot, *keys: str) -> None:
    """Press ``keys``, let the progress-file writes finish, and stop the Input's cursor blinking."""
    for input_ in pilot.app.screen.query(Input):
        input_.cursor_blink = False
    await pilot.press(*keys)
    await settle(pilot.app, pilot)
    for input_ in pilot.app.screen.query(Input):
        input_.cursor_blink = False


def answer_all(workspace, rating: Rating = Rating.EASY, count: int | None = None) -> None:
    """Answer cards through the core, as an earlier session would have."""
    session = workspace.session()
    while session.current is not None and count != 0:
        session.reveal()
        session.answer(rating)
        count = None if count is None else count - 1


# Home's snapshots are in test_screens_snapshots.py, with a fixture that would expose a
# flattering mastery.


CARDS = {  # note id in all-types.toml -> keys that answer it
    "basic": ["space"],
    "rev": ["space"],
    "cloze": ["space"],
    "choice": ["2", "enter"],  # wrong: the right option is marked too
    "multi": ["1", "enter"],  # half right: partial credit
    "tf": ["f"],
    "typed": ["enter"],  # "gluteus maxmus" (put in the box first): one letter missing, marked
}
TYPED = "gluteus maxmus"


@pytest.mark.parametrize("note_id", CARDS)
def test_card_face_before_the_answer(snap_compare, study_app, note_id):
    app, _ = study_app(note_id)
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


@pytest.mark.parametrize("note_id", CARDS)
def test_card_face_after_reveal_or_check(snap_compare, study_app, note_id):
    app, _ = study_app(note_id)

    async def answer(pilot) -> None:
        if note_id == "typed":
            pilot.app.screen.query_one(Input).value = TYPED
        await steady(pilot, *CARDS[note_id])

    assert snap_compare(app, terminal_size=SIZE, run_before=answer)


def test_help_lists_the_study_keys(snap_compare, study_app):
    app, _ = study_app("basic")

    async def open_help(pilot) -> None:
        await steady(pilot, "question_mark")

    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_session_summary_after_the_last_card(snap_compare, study_app, clock):
    app, _ = study_app("basic", "tf")

    async def study(pilot) -> None:
        await steady(pilot, "space", "1")  # Again: back in a minute
        clock.advance(seconds=95)
        await steady(pilot, "t", "4")
        await steady(pilot, "space", "4")

    assert snap_compare(app, terminal_size=SIZE, run_before=study)


def test_nothing_due_says_when_to_come_back(snap_compare, all_types_workspace):
    workspace = all_types_workspace("basic", "tf")
    answer_all(workspace)
    app = make_app(workspace, study=workspace.decks)
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_card_keeps_a_readable_measure_centred_on_a_wide_terminal(snap_compare, study_app):
    app, _ = study_app("choice")
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda p: steady(p, "2", "enter"))


def test_nothing_due_offers_custom_study_on_a_wide_terminal(snap_compare, study_app, clock):
    app, _ = study_app("basic", "tf")

    async def study(pilot) -> None:
        await steady(pilot, "space", "1")
        clock.advance(seconds=95)
        await steady(pilot, "t", "4")
        await steady(pilot, "space", "4")

    assert snap_compare(app, terminal_size=(120, 40), run_before=study)


@pytest.fixture
def statistics_app(write_deck, open_workspace, tmp_path, monkeypatch):
    """The statistics screen over a known year of study (tests/tui/history.py), learner set."""
    from quizkit.config import load_config
    from tests.tui.history import STATS_DECK, year_of_history

    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    config = tmp_path / "config.toml"
    config.write_text('[learner]\nname = "Ada [i]Example[/i]"\nid = "NAT-12345"\n', "utf-8")
    workspace = open_workspace(write_deck(STATS_DECK))
    year_of_history(workspace)
    workspace.config = load_config(config)
    return make_app(workspace)


async def show_statistics(pilot, *keys: str) -> None:
    from quizkit.tui.screens.statistics import StatisticsScreen

    pilot.app.push_screen(StatisticsScreen(pilot.app.workspace))
    await steady(pilot, *keys)


def test_statistics_at_80x24(snap_compare, statistics_app):
    assert snap_compare(statistics_app, terminal_size=SIZE, run_before=show_statistics)


def test_statistics_at_80x24_scrolled_to_the_charts_and_topics(snap_compare, statistics_app):
    async def scrolled(pilot) -> None:
        await show_statistics(pilot)
        pilot.app.screen.query_one("#charts").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(statistics_app, terminal_size=SIZE, run_before=scrolled)


def test_statistics_at_120x40_uses_the_room(snap_compare, statistics_app):
    assert snap_compare(statistics_app, terminal_size=(120, 40), run_before=show_statistics)


def test_profile_editor_fits_80x24_with_a_refused_email(snap_compare, statistics_app, tmp_path):
    async def edit(pilot) -> None:
        await show_statistics(pilot, "p")
        pilot.app.screen.query_one("#profile-email", Input).value = "not [b]an[/b] address"
        await steady(pilot, "ctrl+s")

    assert snap_compare(statistics_app, terminal_size=SIZE, run_before=edit)
