"""Writes to the progress file from the study screen: in workers, each on its own connection,
results handled on the main thread, keys held while one is pending; and the screen going on
when the deck changes under it, and looking again by itself when nothing is due."""

from __future__ import annotations

import threading

from textual.widgets import Static
from textual.widgets._toast import Toast

from quizkit.progress.store import ProgressStore
from quizkit.study.session import StudySession
from quizkit.tui.app import make_app
from quizkit.workspace import Workspace
from tests.conftest import SMALL_DECK
from tests.tui.conftest import settle, text_of

SIZE = (80, 24)


def prompt(app) -> str:
    return text_of(app.screen.query_one("#prompt", Static))


async def test_writes_run_in_workers_on_a_connection_not_the_main_threads_applied_on_the_main_thread(
    write_deck, open_workspace, monkeypatch
):
    workspace = open_workspace(write_deck())
    main = threading.current_thread()
    runs: list[tuple[threading.Thread, ProgressStore]] = []
    applied: list[threading.Thread] = []
    record_review = ProgressStore.record_review

    def spy_record(self, *args, **kwargs):
        runs.append((threading.current_thread(), self))
        return record_review(self, *args, **kwargs)

    apply = StudySession.apply

    def spy_apply(self, write, result):
        applied.append(threading.current_thread())
        return apply(self, write, result)

    monkeypatch.setattr(ProgressStore, "record_review", spy_record)
    monkeypatch.setattr(StudySession, "apply", spy_apply)
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("space", "3")
            await settle(app, pilot)
    assert len(runs) == 2 and workspace.store.reviews_total() == 2
    threads, stores = zip(*runs)
    assert all(t is not main for t in threads)
    # The writers' connection (kept between writes), never the main thread's.
    assert all(s is not workspace.store for s in stores) and stores[0] is stores[1]
    assert applied == [main, main]


async def test_every_key_waits_while_a_write_is_pending(write_deck, open_workspace, monkeypatch):
    workspace = open_workspace(write_deck())
    release = threading.Event()
    record_review = ProgressStore.record_review

    def slow_record(self, *args, **kwargs):
        release.wait(10)
        return record_review(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record_review", slow_record)
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3")
        await pilot.pause()
        assert app.screen.busy
        first = prompt(app)
        for key in ("u", "minus", "at", "asterisk", "4", "space", "escape", "q"):
            await pilot.press(key)
        await pilot.pause()
        assert app.screen.busy and prompt(app) == first
        release.set()
        await settle(app, pilot)
        assert not app.screen.busy and "lower gluteus medius" in prompt(app)
    # Only the one answer; no bury, suspend, flag, second rating, nor leaving the screen.
    store = workspace.store
    assert store.reviews_total() == 1
    assert not any(store.marks(c).suspended or store.marks(c).flagged for c in ("cover", "under"))
    assert store.marks("under").buried_until is None


async def test_a_deck_edited_and_synced_by_another_process_does_not_stop_the_session(
    write_deck, open_workspace, tmp_path, clock
):
    path = write_deck()
    workspace = open_workspace(path)
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        path.write_text(
            SMALL_DECK.replace(
                '[[cards]]\nid = "cover"',
                '[[cards]]\nid = "fresh"\ntype = "basic"\nfront = "A card added meanwhile?"\n'
                'back = "Yes."\n\n[[cards]]\nid = "cover"',
            ),
            encoding="utf-8",
        )
        Workspace.open(tmp_path / "progress.sqlite3", [path], clock=clock).close()
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 1
        assert prompt(app) == "A card added meanwhile?"
        assert not [t for t in app.screen.query(Toast) if "saved" in str(t.render()).lower()]
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 2
        await pilot.press("escape")  # back home and in again: no StopIteration
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running


async def test_the_nothing_due_screen_looks_again_when_the_next_card_falls_due(
    write_deck, open_workspace, clock
):
    hour_step = SMALL_DECK.replace(
        'title = "Demo deck"\n',
        'title = "Demo deck"\n[deck.options]\nlearning_steps = ["1m", "60m"]\n',
    )
    workspace = open_workspace(write_deck(hour_step))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("space", "3")  # each to its 60-minute step, past learn-ahead
            await settle(app, pilot)
        assert "Nothing more to study today" in prompt(app)
        screen = app.screen
        assert screen.wake_in == 3600.0  # the first learning card, before the rollover
        clock.advance(seconds=screen.wake_in)
        screen.wake()  # what the timer calls
        await settle(app, pilot)
        assert screen.session.current is not None
        assert "Nothing more to study today" not in prompt(app)


async def test_the_nothing_due_screen_looks_again_at_the_rollover(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("space", "4")  # each to review, due in days
            await settle(app, pilot)
        screen = app.screen
        rollover = screen.session.study_day().end
        assert screen.wake_in == (rollover - clock.now()).total_seconds()
        clock.advance(days=10)
        screen.wake()
        await settle(app, pilot)
        assert screen.session.current is not None


LONG_FRONT = SMALL_DECK.replace(
    "What mostly covers the gluteus medius?",
    "Which superficial gluteal muscle mostly covers the gluteus medius when seen from behind?",
)


async def test_a_notification_wraps_between_words_never_mid_word(write_deck, open_workspace):
    workspace = open_workspace(write_deck(LONG_FRONT))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("minus")
        await settle(app, pilot)
        await pilot.pause(0.3)  # the toast is laid out once it has arrived
        [toast] = app.screen.query(Toast)
        lines = [strip.text.strip(" ▌") for strip in toast.render_lines(toast.outer_size.region)]
        text = " ".join(line for line in lines if line)
        assert text.startswith("Buried until tomorrow: Which superficial gluteal muscle")
        assert text.endswith("…")  # shortened between words, with an ellipsis
        words = set(" ".join(lines).split())
        for word in text.split():
            assert word in words  # each word whole on one line
        assert toast.outer_size.width <= 50


async def test_custom_study_keys_on_the_nothing_due_screen(write_deck, open_workspace):
    from quizkit.tui.screens.pick_topic import PickTopic

    one_a_day = SMALL_DECK.replace(
        'title = "Demo deck"\n', 'title = "Demo deck"\n[deck.options]\nnew_per_day = 1\n'
    )
    workspace = open_workspace(write_deck(one_a_day))
    store = workspace.store
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")  # cover: missed
        await settle(app, pilot)
        await pilot.press("space", "4")  # cover again: to review
        await settle(app, pilot)
        text = prompt(app)
        assert "New cards per day: 1 (new_per_day" in text
        assert " n  learn 10 more new cards today" in text

        await pilot.press("m")  # today's missed card, outside the schedule
        await settle(app, pilot)
        assert "What mostly covers" in prompt(app)
        assert "practice" in text_of(app.screen.query_one("#kind", Static))
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert store.reviews_total() == 2  # nothing saved

        await pilot.press("p")  # practise a topic: the picker, then its cards
        await pilot.pause()
        assert isinstance(app.screen, PickTopic)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.session.practice.left() == 3

        await pilot.press("escape")
        await pilot.press("enter")  # a fresh session: learn more new cards
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert "lower gluteus medius" in prompt(app)
        assert app.screen.session.counts().new == 2


async def test_a_saved_answer_is_never_reported_as_not_saved(
    write_deck, open_workspace, monkeypatch
):
    workspace = open_workspace(write_deck())
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:

        def broken_next(self, skip):
            raise RuntimeError("the deck file could not be read")

        monkeypatch.setattr(StudySession, "_next", broken_next)
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 1
        [toast] = app.screen.query(Toast)
        text = str(toast.render())
        assert text.startswith("Saved. The next card could not be shown")
        assert "not saved" not in text.lower() and "could not save" not in text.lower()
        assert app.is_running


async def test_a_redraw_keeps_the_choice_order_of_this_showing(study_app):
    from quizkit.tui.widgets.choice_list import ChoiceList

    app, _ = study_app("choice")
    async with app.run_test(size=SIZE) as pilot:
        order = app.screen.query_one(ChoiceList).choices
        await pilot.resize_terminal(120, 40)
        await pilot.press("down")
        app.screen.draw()
        await pilot.pause()
        assert app.screen.query_one(ChoiceList).choices == order
        assert app.screen.session.current.choices == order
