"""Home fits the terminal, tells the truth about mastery, and keeps itself up to date."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from quizkit.tui.screens.home import HomeScreen
from tests.conftest import SMALL_DECK
from tests.tui.conftest import settle, text_of
from tests.tui.screens_fixtures import (
    LONG_TITLE,
    TOPICS,
    anatomy_deck,
    screen_text,
    study_history,
)


async def test_home_fits_80x24_with_a_long_title(write_deck, open_workspace, clock):
    workspace = open_workspace(
        write_deck(anatomy_deck(), name="anatomy.toml"), write_deck(SMALL_DECK, name="demo.toml")
    )
    study_history(workspace, clock)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        text = screen_text(app)
        lines = text.splitlines()
        title_line = next(line for line in lines if "Gluteus medius trigger" in line)
        assert "…" in title_line and LONG_TITLE not in text
        # The number columns are all there, fixed, at the right of each row.
        assert title_line.split()[-5:] == ["19", "12", "2", "5", "—"]  # — : exam not taken
        assert "Cards    New  Learn    Due    Exam" in text
        # The selected deck: its total, description and exams.
        info = text_of(app.screen.query_one("#deck-info", Static))
        assert info.startswith("19 cards · Where the gluteus medius lies")
        assert "Exam  Certification exam" in info
        # Topic names that do not fit end in an ellipsis, not a cut.
        assert "Muscle functions in walking, standing… █" in text


async def test_home_uses_the_room_at_120x40(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck(), name="anatomy.toml"))
    study_history(workspace, clock)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        title_line = next(line for line in text.splitlines() if "Gluteus medius trigger" in line)
        assert LONG_TITLE in title_line  # no ellipsis where there is room
        assert "Muscle functions in walking, standing on one leg and climbing stairs" in text
        info = text_of(app.screen.query_one("#deck-info", Static))
        assert info.split("\nExam")[0].endswith("topic by topic.")  # the whole description
        assert "…" not in text


async def test_mastery_counts_unseen_cards_as_not_known(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck(), name="anatomy.toml"))
    study_history(workspace, clock)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        mastery = text_of(app.screen.query_one("#mastery", Static)).splitlines()
        overall = mastery[0]
        # 7 of 19 cards seen: whatever their recall, at most 36 % is known.
        assert "7/19 seen" in overall
        known = int(overall.split("Mastery")[1].split("%")[0])
        assert known <= 7 * 100 // 19
        rows = {name: next(line for line in mastery if name in line) for name, _ in TOPICS.values()}
        assert "0/5 seen" in rows["Causes and perpetuating factors"]
        assert "recall" not in rows["Causes and perpetuating factors"]
        assert (
            "1/6 seen · recall"
            in rows["Muscle functions in walking, standing on one leg and climbing stairs"]
        )
        weak = int(rows["Trigger point symptoms"].split("recall")[1].split("%")[0])
        strong = int(rows["Layering of the gluteal muscles"].split("recall")[1].split("%")[0])
        assert weak < strong and "4/4 seen" in rows["Layering of the gluteal muscles"]


def _streak_line(app) -> str:
    return text_of(app.screen.query_one("#streak", Static))


async def test_home_redraws_itself_when_the_next_learning_card_falls_due(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck(SMALL_DECK))
    session = workspace.session()
    session.reveal()
    session.answer(Rating.AGAIN)  # back in a minute
    due = workspace.store.card_state("cover").due
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.wake_at == due
        assert "next learning card in 1m" in _streak_line(app)
        clock.advance(minutes=2)
        await home.wake_timer._tick(next_timer=0, count=1)  # the timer rings
        await settle(app, pilot)
        assert "next learning card" not in _streak_line(app)
        assert home.wake_at == workspace.study_day().end  # now it waits for the rollover


async def test_home_redraws_itself_at_the_rollover(write_deck, open_workspace, clock):
    deck = SMALL_DECK.replace(
        'title = "Demo deck"\n', 'title = "Demo deck"\n\n[deck.options]\nnew_per_day = 2\n'
    )
    workspace = open_workspace(write_deck(deck))
    session = workspace.session()
    for _ in range(2):
        session.reveal()
        session.answer(Rating.EASY)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        table = home.query_one(DataTable)
        assert str(table.get_cell("demo", "new")) == "0"  # today's two new cards are done
        rollover = workspace.study_day().end
        assert home.wake_at == rollover
        clock.current = rollover
        await home.wake_timer._tick(next_timer=0, count=1)
        await settle(app, pilot)
        assert str(table.get_cell("demo", "new")) == "1"  # a new day: the last new card
        assert "streak 1 day" in _streak_line(app)


async def test_home_refits_when_the_terminal_shrinks(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(anatomy_deck(), name="anatomy.toml"))
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert LONG_TITLE in screen_text(app).splitlines()[5]
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        row = next(line for line in screen_text(app).splitlines() if "Gluteus medius" in line)
        assert "…" in row and row.split()[-5:] == ["19", "19", "0", "0", "—"]


async def test_home_sleeps_while_another_screen_is_on_top(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck(SMALL_DECK))
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        await pilot.press("enter")  # studying
        await settle(app, pilot)
        clock.current = workspace.study_day().end
        timer = home.wake_timer
        await timer._tick(next_timer=0, count=1)
        assert home.wake_timer is timer  # not set again under the study screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert home.wake_timer is not timer and home.wake_at > clock.now()


async def test_home_says_when_an_own_deck_replaces_a_bundled_one(tmp_path, clock):
    import shutil

    from quizkit.base.paths import bundled_decks_dir
    from quizkit.workspace import Workspace

    copy = tmp_path / "own" / "gluteus-medius.toml"
    copy.parent.mkdir()
    shutil.copy(bundled_decks_dir() / "gluteus-medius.toml", copy)
    workspace = Workspace.open(
        tmp_path / "p.sqlite3", [bundled_decks_dir(), copy.parent], clock=clock, fuzz=False
    )
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        said = text_of(app.screen.query_one("#broken", Static))
        assert f'deck "gluteus-medius" from {copy} replaces the bundled one' in said.replace(
            "\n", ""
        )
    workspace.close()
