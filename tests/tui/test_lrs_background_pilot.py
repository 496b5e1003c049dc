"""After an exam in the TUI, with an LRS in the config: its statements go there in the background."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from quizkit.config import Learner, LrsSettings
from quizkit.tui import lrs_send
from quizkit.tui.app import make_app
from quizkit.tui.screens.exam_results import ExamResultsScreen
from quizkit.tui.screens.exam_start import ExamStartScreen
from tests.fake_lrs import FakeLrs
from tests.tui.conftest import settle, text_of
from tests.tui.test_exam_pilot import answer_all_rightly

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"
PASSWORD = "s3cret pass"
STATEMENTS = 8  # attempted, 5 answered, passed, completed


@pytest.fixture(autouse=True)
def no_credentials_in_the_environment(monkeypatch):
    monkeypatch.delenv("QUIZKIT_LRS_USERNAME", raising=False)
    monkeypatch.delenv("QUIZKIT_LRS_PASSWORD", raising=False)


@pytest.fixture
def exam_app(open_workspace):
    def make(lrs_url: str | None):
        workspace = open_workspace(EXAM_DECK)
        workspace.config = replace(
            workspace.config,
            learner=Learner(name="Ada Example"),
            lrs=LrsSettings(url=lrs_url, username="ada", password=PASSWORD),
        )
        app = make_app(workspace, exam="demo-cert")
        app.exam_rng = random.Random(7)
        return app, workspace

    return make


async def sent(app, pilot) -> None:
    """Wait for the sending threads, then for their notification to show."""
    for thread in app.lrs_sends:
        await asyncio.to_thread(thread.join, 10)
        assert not thread.is_alive()
    await settle(app, pilot)


async def sit_a_certification_attempt(app, pilot) -> None:
    await pilot.press("c")
    await answer_all_rightly(pilot, app.screen, 5)
    await pilot.press("ctrl+s", "y")
    await sent(app, pilot)
    assert isinstance(app.screen, ExamResultsScreen)
    assert "PASSED" in text_of(app.screen.query_one("#score", Static))


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_statements_reach_the_lrs_once_and_the_learner_is_told(exam_app):
    with FakeLrs() as lrs:
        app, workspace = exam_app(lrs.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await sit_a_certification_attempt(app, pilot)
            (said,) = notifications(app)
            assert f"Results sent ({STATEMENTS} statements delivered" in said
            assert PASSWORD not in said
            await pilot.press("escape")  # back to the exam's screen: a practice, left
            await pilot.press("p", "escape")
            await sent(app, pilot)
        assert set(lrs.stores.values()) == {1}  # every statement exactly once
        verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in lrs.stored.values()]
        # The certification's 8, then the practice's own: one attempt each, none twice.
        assert verbs.count("passed") == 1 and verbs.count("attempted") == 2
        assert verbs.count("answered") == 5
    assert workspace.store.outbox_counts() == (0, len(lrs.stored))
    assert len(lrs.stored) > STATEMENTS


async def test_a_failing_lrs_keeps_the_statements_and_the_learner_hears_so(exam_app):
    with FakeLrs() as lrs:
        lrs.script = ["500"]
        app, workspace = exam_app(lrs.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await sit_a_certification_attempt(app, pilot)
            (said,) = notifications(app)
        assert lrs.stored == {}
    assert f"{STATEMENTS} statements wait for the next `quizkit send`" in said
    assert "answered 500" in said and PASSWORD not in said
    assert workspace.store.outbox_counts() == (STATEMENTS, 0)


async def test_without_an_lrs_url_nothing_is_queued_or_sent(exam_app, monkeypatch):
    sends = []
    monkeypatch.setattr(lrs_send, "send_after_exam", lambda *args: sends.append(args))
    app, workspace = exam_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sit_a_certification_attempt(app, pilot)
        assert notifications(app) == [] and app.lrs_sends == []  # no sending thread
    assert sends == []
    assert workspace.store.outbox_counts() == (0, 0)


async def test_keys_work_while_a_slow_lrs_takes_its_time(exam_app):
    with FakeLrs() as lrs:
        lrs.script, lrs.slow_seconds = ["slow"], 3.0
        app, _ = exam_app(lrs.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("c", "ctrl+s", "y", "escape")
            await pilot.pause()
            assert isinstance(app.screen, ExamStartScreen)  # Esc was handled at once
            assert app.lrs_sends[0].is_alive()  # while the LRS still holds its answer
            await sent(app, pilot)
            (said,) = notifications(app)
            assert said.startswith("Results sent")
