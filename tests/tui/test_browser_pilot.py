"""The card browser: find cards, bring back suspended, buried and flagged ones, reset, see history."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.widgets import Input, Select, Static

from quizkit.progress.card_state import CardState, Phase
from quizkit.progress.doctor import repair
from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from quizkit.tui.screens.browser import BrowserScreen
from quizkit.tui.screens.card_history import CardHistoryScreen
from quizkit.tui.widgets.card_table import CardTable
from tests.tui.conftest import settle, text_of
from tests.tui.screens_fixtures import anatomy_deck, screen_text, study_history


def shown_ids(app) -> list[str]:
    return [card.id for card in app.screen.query_one(CardTable).cards]


async def open_browser(app, pilot) -> BrowserScreen:
    await settle(app, pilot)
    await pilot.press("b")
    await settle(app, pilot)
    assert isinstance(app.screen, BrowserScreen)
    return app.screen


async def test_b_on_home_lists_every_card_and_search_narrows_it(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck()))
    study_history(workspace, clock)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await open_browser(app, pilot)
        assert len(shown_ids(app)) == 19
        assert "19 cards" in text_of(browser.query_one("#browse-status", Static))
        await pilot.press("slash")
        browser.query_one("#search", Input).value = "statement 3 CAUSES"
        await pilot.press("enter")
        await settle(app, pilot)
        assert shown_ids(app) == ["causes-3"]
        browser.query_one("#search", Input).value = ""
        browser.query_one("#topic", Select).value = "symptoms"
        browser.query_one("#state", Select).value = "learning"
        await settle(app, pilot)
        assert shown_ids(app) == ["symptoms-1", "symptoms-2"]
        browser.query_one("#state", Select).value = "new"
        await settle(app, pilot)
        assert shown_ids(app) == ["symptoms-3", "symptoms-4"]


async def test_suspended_buried_and_flagged_cards_come_back(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck()))
    store = workspace.store
    store.set_suspended("layers-1", True)
    store.bury(["layers-2"], workspace.study_day().end)
    store.set_flagged("layers-3", True)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await open_browser(app, pilot)
        for mark, card_id, key in (
            ("suspended", "layers-1", "u"),
            ("buried", "layers-2", "b"),
            ("flagged", "layers-3", "f"),
        ):
            browser.query_one("#mark", Select).value = mark
            await settle(app, pilot)
            assert shown_ids(app) == [card_id], mark
            browser.query_one(CardTable).focus()
            await pilot.press(key)
            await settle(app, pilot)
        marks = store.marks
        assert not marks("layers-1").suspended
        assert marks("layers-2").buried_until is None
        assert not marks("layers-3").flagged
        assert "Card unflagged." in text_of(browser.query_one("#browse-status", Static))


async def test_reset_to_new_asks_first_and_survives_a_rebuild(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck()))
    study_history(workspace, clock)
    store = workspace.store
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(app, pilot)  # the cursor is on layers-1, a review card
        await pilot.press("r", "n")
        await settle(app, pilot)
        assert store.card_state("layers-1").phase == Phase.REVIEW  # kept
        await pilot.press("r", "y")
        await settle(app, pilot)
        assert store.card_state("layers-1") == CardState()
        repair(store)  # doctor --rebuild replays the log, reset included
        assert store.card_state("layers-1") == CardState()


async def test_a_cards_history_lists_every_review_in_local_time(write_deck, open_workspace, clock):
    clock.zone = ZoneInfo("Europe/Berlin")  # noon UTC is 13:00 there in November
    workspace = open_workspace(write_deck(anatomy_deck()))
    session = workspace.session()
    session.reveal()
    session.answer(Rating.AGAIN)
    clock.advance(minutes=2)
    session = workspace.session()
    session.reveal()
    session.answer(Rating.GOOD)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CardHistoryScreen)
        text = screen_text(app)
        assert "2026-11-23 13:00  Again" in text
        assert "2026-11-23 13:02  Good" in text
        assert "10m  learning" in text  # Good on the first step: the second, ten minutes
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_the_palette_opens_the_browser(write_deck, open_workspace):
    app = make_app(open_workspace(write_deck(anatomy_deck())))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"browse")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_the_table_reads_only_the_rows_on_screen(write_deck, open_workspace, monkeypatch):
    big = {f"t{n}": 50 for n in range(6)}  # 300 cards
    from tests.samples import mastery_deck

    workspace = open_workspace(write_deck(mastery_deck(big)))
    asked: list[int] = []
    original = BrowserScreen._rows

    def counting(self, card_ids):
        asked.append(len(card_ids))
        return original(self, card_ids)

    monkeypatch.setattr(BrowserScreen, "_rows", counting)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("end", "pageup")
        await settle(app, pilot)
        table = app.screen.query_one(CardTable)
        assert len(table.cards) == 300 and table.cursor == 299 - (
            table.size.height - 1
        )  # a page: the rows under the heading
        assert asked and max(asked) <= table.size.height  # a screenful, never the 300
        assert sum(asked) < 100


async def test_leaving_the_browser_at_once_is_safe(write_deck, open_workspace):
    app = make_app(open_workspace(write_deck(anatomy_deck())))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("b", "escape", "b", "slash", "x", "escape", "escape")
        await settle(app, pilot)
        assert app.is_running and not isinstance(app.screen, BrowserScreen)


async def test_q_types_in_the_search_box_and_goes_back_from_the_list(write_deck, open_workspace):
    app = make_app(open_workspace(write_deck(anatomy_deck())))
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await open_browser(app, pilot)
        await pilot.press("slash", "q")
        assert browser.query_one("#search", Input).value == "q"
        await pilot.press("escape")  # from the search box: back to the list
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("q")
        await settle(app, pilot)
        assert not isinstance(app.screen, BrowserScreen)
