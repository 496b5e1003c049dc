"""Deck text reaches the screen literally everywhere: home, the browser, a card's history, help
and the palette. Markup stays characters, escape sequences become visible symbols."""

from __future__ import annotations

from textual.command import CommandPalette

from quizkit.tui.app import make_app
from quizkit.tui.screens.browser import BrowserScreen
from quizkit.tui.screens.card_history import CardHistoryScreen
from tests.tui.conftest import settle
from tests.tui.screens_fixtures import HOSTILE, HOSTILE_SHOWN, anatomy_deck, screen_text


def assert_literal(app, where: str, expected: str = HOSTILE_SHOWN) -> None:
    text = screen_text(app)
    assert app.is_running, where
    assert "\x1b" not in text and "\x07" not in text, where
    assert expected in text.replace("\n", " ") or expected[:20] in text, where


async def test_hostile_deck_text_stays_literal_on_every_screen(write_deck, open_workspace):
    deck = anatomy_deck(title=HOSTILE, topic_title=HOSTILE, front=HOSTILE, description=HOSTILE)
    workspace = open_workspace(write_deck(deck))
    assert workspace.decks[0].title.startswith("[/] [@click=app.quit]x[/] \x1b]0;T\x07")
    app = make_app(workspace)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert_literal(app, "home")
        assert text.count("[@click=app.quit]x[/]") >= 3  # title, description, topics, exam
        await pilot.press("b")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert_literal(app, "browser")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CardHistoryScreen)
        assert_literal(app, "history")
        await pilot.press("escape", "u")  # an action's notice names no card text
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert_literal(app, "palette", "Study: [/] [@click=app.quit]x[/] ␛]0;T␇")
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert app.is_running
