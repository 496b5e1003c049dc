"""Pilot tests: the app driven by key presses at 80x24, fixed clock, no fuzz."""

from textual.widgets import DataTable, Static

from quizkit.tui.app import make_app
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.study import StudyScreen

MARKUP_DECK = """\
format = 1
[deck]
id = "markup"
title = "Looks like [bold]markup[/]"
[[cards]]
id = "m"
type = "basic"
front = "Is [bold]this[/] bold? [link=http://x]no[/link] \\u001b[31mred"
back = "[/] stays literal"
"""


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_open_deck_reveal_rate_and_see_the_next_card(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert "What mostly covers" in text_of(app.screen.query_one("#prompt", Static))
        assert not app.screen.query_one("#answer", Static).display

        await pilot.press("3")  # rating before reveal does nothing
        assert workspace.store.reviews_total() == 0

        await pilot.press("space")
        assert app.screen.query_one("#answer", Static).display
        ratings = text_of(app.screen.query_one("#ratings", Static))
        assert "Again 1m" in ratings and "Good 10m" in ratings

        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert workspace.store.reviews_total() == 1
        assert "lower gluteus medius" in text_of(app.screen.query_one("#prompt", Static))
        assert app.screen.session.done == 1
        assert app.screen.session.counts().new == 2


async def test_undo_key_brings_the_card_back(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "4")
        await app.workers.wait_for_complete()
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert workspace.store.reviews_total() == 0
        assert "What mostly covers" in text_of(app.screen.query_one("#prompt", Static))


async def test_escape_goes_back_home_with_fresh_counts(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space", "4")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        assert str(table.get_cell("demo", "new")) == "2"  # three new cards, one studied


async def test_card_text_with_markup_and_escapes_shows_literally(write_deck, open_workspace):
    workspace = open_workspace(write_deck(MARKUP_DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = text_of(app.screen.query_one("#prompt", Static))
        assert "[bold]this[/]" in prompt and "[link=http://x]no[/link]" in prompt
        assert "\x1b" not in prompt and "\u241b[31mred" in prompt
        await pilot.press("space")
        assert "[/] stays literal" in text_of(app.screen.query_one("#answer", Static))


async def test_nothing_due_says_when_to_come_back(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("space", "4")
            await app.workers.wait_for_complete()
            await pilot.pause()
        prompt = text_of(app.screen.query_one("#prompt", Static))
        assert "Nothing more to study today" in prompt
        assert "next card is due in" in prompt


async def test_broken_deck_is_listed_and_the_others_stay_usable(write_deck, open_workspace):
    good = write_deck()
    broken = write_deck(
        'format = 1\n[deck]\nid = "x"\ntitle = "X"\n[[cards]]\ntype = "basic"\nfrnot = "a"\n',
        name="broken.toml",
    )
    workspace = open_workspace(good, broken)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)):
        text = text_of(app.screen.query_one("#broken", Static))
        assert (
            "broken.toml" in text
            and 'line 5: [[cards]] of type "basic" is missing the required key "front"' in text
        )
        assert app.screen.query_one("#decks", DataTable).row_count == 1


async def test_a_failing_progress_file_ends_with_a_message_not_a_traceback(
    write_deck, open_workspace, monkeypatch
):
    import asyncio
    import sqlite3

    workspace = open_workspace(write_deck())
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=(80, 24)):

        def broken(deck):
            raise sqlite3.DatabaseError("database disk image is malformed")

        monkeypatch.setattr(workspace, "counts", broken)
        # Back home, which redraws its counts. Not pilot.press: the pilot would
        # wait for a screen that the failing app no longer updates.
        app.screen.action_back()
        for _ in range(200):
            if app.return_code is not None:
                break
            await asyncio.sleep(0.01)
    assert app.return_code == 1
    assert "database disk image is malformed" in app.fatal_message
    assert "quizkit doctor" in app.fatal_message


async def test_a_damaged_progress_file_is_reported_after_the_first_frame(
    write_deck, open_workspace, monkeypatch
):
    from quizkit.progress.store import StoreError

    workspace = open_workspace(write_deck())

    def damaged(*, quick=False):
        raise StoreError(f"{workspace.store.path}: the progress file is damaged (page 2).")

    # The check itself is tested in tests/unit/test_progress_file.py; here, that its
    # verdict reaches the learner without delaying the first frame.
    monkeypatch.setattr(workspace.store, "check_integrity", damaged)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert app.startup_seconds is not None
    assert any("the progress file is damaged" in m for m in messages)


async def test_a_leech_is_suspended_and_the_learner_is_told(write_deck, tmp_path, clock):
    from quizkit.config import Config
    from quizkit.workspace import Workspace

    workspace = Workspace.open(
        tmp_path / "p.sqlite3",
        [write_deck()],
        clock=clock,
        fuzz=False,
        config=Config(leech_threshold=1),
    )
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter")
        for _ in range(3):  # every card straight to review
            await pilot.press("space", "4")
            await app.workers.wait_for_complete()
            await pilot.pause()
        clock.advance(days=60)
        await pilot.press("escape", "enter")  # a new session: the cards are due
        first = app.screen.session.current.card.id
        await pilot.press("space", "1")  # the first lapse reaches the threshold of 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("tagged leech and suspended" in m for m in messages)
    marks = workspace.store.marks(first)
    assert marks.leech and marks.suspended
    workspace.close()


async def test_a_card_answered_in_another_window_is_shown_again_to_rate(
    write_deck, tmp_path, clock
):
    from quizkit.study.scheduler import Rating
    from quizkit.workspace import Workspace

    deck, data = write_deck(), tmp_path / "p.sqlite3"
    here = Workspace.open(data, [deck], clock=clock, fuzz=False)
    elsewhere = Workspace.open(data, [deck], clock=clock, fuzz=False)
    app = make_app(here, study=here.decks)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        elsewhere.session().answer(Rating.GOOD)  # the other window answers the same card
        await pilot.press("space", "3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("another quizkit window" in m for m in messages)
        assert here.store.reviews_total() == 1
        assert app.screen.session.revealed  # shown again, with fresh intervals to rate from
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert here.store.reviews_total() == 2
    here.close()
    elsewhere.close()
