"""The statistics screen and the learner profile modal, driven by keys at 80x24 (fixed clock)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from quizkit.config import load_config
from quizkit.tui.app import make_app
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.profile import ProfileScreen
from quizkit.tui.screens.statistics import StatisticsScreen
from quizkit.tui.widgets.review_heatmap import ReviewHeatmap
from tests.tui.conftest import settle
from tests.tui.history import STATS_DECK, year_of_history


@pytest.fixture
def stats_app(write_deck, open_workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "config.toml"))

    def make(history: bool = True):
        workspace = open_workspace(write_deck(STATS_DECK))
        if history:
            year_of_history(workspace)
        workspace.config = load_config(tmp_path / "config.toml")
        return make_app(workspace), workspace

    return make


def plain(widget) -> str:
    return str(widget.render())


async def open_statistics(app, pilot) -> None:
    app.push_screen(StatisticsScreen(app.workspace))
    await settle(app, pilot)


async def test_the_statistics_screen_shows_the_figures_and_goes_back(stats_app):
    app, workspace = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        assert isinstance(app.screen, StatisticsScreen)
        overview = plain(app.screen.query_one("#overview", Static))
        assert "Today   1 review · 0 min · true retention 0%" in overview
        assert f"All     {workspace.store.reviews_total():,} reviews" in overview
        stats = app.screen.stats
        assert sum(day.reviews for day in stats.days) == workspace.store.reviews_total()
        topics = plain(app.screen.query_one("#topics", Static))
        assert "Points [and] pain" in topics  # a title is data, not markup
        assert "Clinical links" in topics and "not studied (2 cards)" in topics
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_heatmap_shades_busy_days_darker_than_quiet_ones(stats_app):
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        heatmap = app.screen.query_one(ReviewHeatmap)
        rendered = heatmap.render()
        shades = {span.style for span in rendered.spans if rendered.plain[span.start] == "■"}
        assert len(shades) >= 4  # days off, and three levels of busy days, plus the legend


async def test_a_fresh_progress_file_shows_empty_statistics(stats_app):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        assert "Today   0 reviews · 0 min" in plain(app.screen.query_one("#overview", Static))


async def test_p_edits_the_learner_profile_and_saves_it_to_the_config(stats_app, tmp_path):
    app, workspace = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        assert "no name set yet" in plain(app.screen.query_one("#learner", Static))
        await pilot.press("p")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("#profile-name", Input).value = "[b]Ada[/b] Example"
        app.screen.query_one("#profile-course", Input).value = "Diploma"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StatisticsScreen)
        learner = load_config(tmp_path / "config.toml").learner
        assert (learner.name, learner.course) == ("[b]Ada[/b] Example", "Diploma")
        assert workspace.config.learner.name == "[b]Ada[/b] Example"
        assert "[b]Ada[/b] Example · Diploma" in plain(app.screen.query_one("#learner", Static))


async def test_the_profile_modal_refuses_a_bad_email_and_saves_nothing(stats_app, tmp_path):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        await pilot.press("p")
        app.screen.query_one("#profile-email", Input).value = "[red]nope"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ProfileScreen)
        error = plain(app.screen.query_one("#profile-error", Static))
        assert "'[red]nope' does not look like an email address" in error
        assert not (tmp_path / "config.toml").exists()
        await pilot.press("escape")
        assert isinstance(app.screen, StatisticsScreen)


HOME_ONLY = """
import asyncio, sys
from pathlib import Path
from quizkit.base.clock import FixedClock
from quizkit.tui.app import make_app
from quizkit.workspace import Workspace
from tests.conftest import NOON

async def main():
    workspace = Workspace.open(Path(sys.argv[1]), [], clock=FixedClock(NOON), fuzz=False)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__, "textual_plotext" in sys.modules)
    workspace.close()

asyncio.run(main())
"""


def test_the_home_screen_starts_without_the_charting_library(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", HOME_ONLY, str(tmp_path / "p.sqlite3")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["HomeScreen", "False"]


async def test_s_on_home_opens_the_statistics(stats_app):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, StatisticsScreen)
        assert "Today   0 reviews" in plain(app.screen.query_one("#overview", Static))


async def first_mounted(app) -> StatisticsScreen:
    """The statistics screen as soon as it is mounted, before its workers are waited for."""
    for _ in range(2500):
        if isinstance(app.screen, StatisticsScreen) and app.screen.is_mounted:
            return app.screen
        await asyncio.sleep(0.002)
    raise AssertionError("the statistics screen never opened")


@pytest.fixture
def slow_count(monkeypatch):
    """Counting the first view's figures waits until the test sets the returned event."""
    from quizkit.tui.screens import statistics

    release = threading.Event()
    real = statistics.study_timeline

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(statistics, "study_timeline", slow)
    yield release
    release.set()


async def test_s_opens_the_statistics_with_the_figures_in_its_first_frame(stats_app, monkeypatch):
    shown_at_mount = []
    mount = StatisticsScreen.on_mount

    def on_mount(screen) -> None:
        mount(screen)
        # What the first frame will show: nothing is drawn before the mount is done.
        shown_at_mount.append(
            (screen.query_one("#charts").display, plain(screen.query_one("#overview", Static)))
        )

    monkeypatch.setattr(StatisticsScreen, "on_mount", on_mount)
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        screen = await first_mounted(app)
        [(charts, overview)] = shown_at_mount
        assert charts and "Today   1 review" in overview
        await settle(app, pilot)
        assert "Clinical links" in plain(screen.query_one("#topics", Static))  # then mastery


async def test_a_slow_count_opens_the_screen_with_placeholders_then_fills_them_in(
    stats_app, slow_count, monkeypatch
):
    from quizkit.tui.screens import statistics

    monkeypatch.setattr(statistics, "PUSH_WITHIN", 0.05)
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        screen = await first_mounted(app)
        assert screen.stats is None
        assert "Counting reviews" in plain(screen.query_one(ReviewHeatmap))
        slow_count.set()
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one("#charts").display
        assert "Today   1 review" in plain(screen.query_one("#overview", Static))
        assert "Clinical links" in plain(screen.query_one("#topics", Static))


async def test_leaving_before_the_figures_are_in_does_not_bring_the_screen_back(
    stats_app, slow_count, monkeypatch
):
    from quizkit.tui.screens import statistics

    monkeypatch.setattr(statistics, "PUSH_WITHIN", 0.05)
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await first_mounted(app)
        await pilot.press("escape")
        slow_count.set()
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)


async def test_leaving_while_mastery_is_counted_is_safe(stats_app, monkeypatch):
    from quizkit.tui.screens import statistics

    release, real = threading.Event(), statistics.with_cards

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(statistics, "with_cards", slow)
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await first_mounted(app)
        await pilot.pause()  # the first frame: mastery per topic is being counted
        await pilot.press("escape")
        release.set()
        await settle(app, pilot)  # a worker that failed would raise here
        assert isinstance(app.screen, HomeScreen)


async def test_leaving_at_once_after_the_first_frame_is_safe(stats_app):
    app, _ = stats_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.press("s")
            await first_mounted(app)
            app.pop_screen()  # before mastery's count has started, or while it runs
            await settle(app, pilot)  # a worker that failed would raise here
            assert isinstance(app.screen, HomeScreen)


async def test_a_second_s_while_counting_opens_one_statistics_screen(stats_app, slow_count):
    app, _ = stats_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s")
        slow_count.set()
        await first_mounted(app)
        await settle(app, pilot)
        assert isinstance(app.screen_stack[-2], HomeScreen)
        assert sum(isinstance(s, StatisticsScreen) for s in app.screen_stack) == 1


@pytest.mark.parametrize(
    ("entry", "screen"), [("Statistics", StatisticsScreen), ("Edit learner profile", ProfileScreen)]
)
async def test_the_palette_opens_the_statistics_and_the_profile(stats_app, entry, screen):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*entry)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, screen)


async def test_a_profile_saved_from_the_palette_shows_on_the_statistics_screen(stats_app):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        await pilot.press("ctrl+p", *"Edit learner profile")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        app.screen.query_one("#profile-name", Input).value = "Ada"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StatisticsScreen)
        assert "Learner  Ada" in plain(app.screen.query_one("#learner", Static))


EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"


def ended_attempt(store, mode: str, score: float, day: int) -> None:
    from datetime import datetime, timezone

    at = datetime(2026, 11, day, 10, tzinfo=timezone.utc)
    attempt = store.start_attempt(
        exam_id="demo-cert",
        deck_id="exam-demo",
        deck_version="1",
        exam_hash="h",
        mode=mode,
        started_at=at,
        deadline=None,
        pass_mark=0.8,
        questions=[],
    )
    store.end_attempt(attempt, at.replace(minute=9), "submitted", score)


async def test_exam_attempts_are_shown_against_the_pass_mark(
    write_deck, open_workspace, tmp_path, monkeypatch
):
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    workspace = open_workspace(write_deck(EXAM_DECK.read_text(encoding="utf-8")))
    ended_attempt(workspace.store, "practice", 0.6, 20)
    ended_attempt(workspace.store, "certification", 0.9, 22)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        panel = plain(app.screen.query_one("#exams", Static))
        assert "Demo certification   pass mark 80%" in panel
        assert "20 Nov 2026  pract." in panel and " 60% not passed" in panel
        assert "22 Nov 2026  cert." in panel and " 90% passed" in panel
        # The pass mark is drawn across each bar, at 80 % of its width.
        first_bar = panel.splitlines()[1]
        assert first_bar.index("│") - first_bar.index("pract.") - 7 == 24


async def test_without_exams_there_is_no_exam_panel(stats_app):
    app, _ = stats_app(history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_statistics(app, pilot)
        assert not app.screen.query("#exams")
