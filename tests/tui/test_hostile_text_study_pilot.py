"""Deck text is data: a hostile string fed to every place the study screen shows a deck string.

Titles, sub-titles, the progress line, the card, notifications (bury, suspend,
flag, leech, undo), the summary's missed cards, the topic picker and the error
of a failed save. Notifications are rendered (``notifications=True``), so a
markup error in one would end the app.
"""

from __future__ import annotations

from textual.widgets import Static
from textual.widgets._toast import Toast

from quizkit.progress.store import ProgressStore
from quizkit.tui.app import make_app
from quizkit.tui.screens.pick_topic import PickTopic
from tests.tui.conftest import settle, text_of

SIZE = (80, 24)
# As written in TOML: markup, an action link, a type hint, an OSC title change,
# a right-to-left override and a zero-width joiner.
HOSTILE_TOML = r"[/] [@click=app.quit]x[/] list[int] \u001b]0;TITLE\u0007 \u202erev zw\u200dj"
HOSTILE_SHOWN = "[/] [@click=app.quit]x[/] list[int] ␛]0;TITLE␇ ‹U+202E›rev zw‹U+200D›j"

DECK = f"""\
format = 1
[deck]
id = "hostile"
title = "{HOSTILE_TOML}"
[[topics]]
id = "t"
title = "{HOSTILE_TOML}"
""" + "".join(
    f"""
[[cards]]
id = "c{i}"
type = "basic"
topic = "t"
front = "{HOSTILE_TOML} {i}"
back = "{HOSTILE_TOML}"
"""
    for i in range(4)
)

RAW = ("\x1b", "\x07", "\u202e", "\u200d")


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def assert_literal(text: str) -> None:
    assert not any(ch in text for ch in RAW), repr(text)
    assert HOSTILE_SHOWN in text, text


async def test_a_hostile_deck_string_reaches_every_place_literally(write_deck, open_workspace):
    workspace = open_workspace(write_deck(DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.screen
        assert_literal(screen.sub_title)
        progress = text_of(screen.query_one("#progress", Static))  # the topic, shortened
        assert progress.startswith("[/] [@click=app.quit]x[/] list[in")
        assert not any(ch in progress for ch in RAW)
        assert_literal(text_of(screen.query_one("#prompt", Static)))
        for key in ("asterisk", "asterisk", "minus", "at", "u"):
            await pilot.press(key)
            await settle(app, pilot)
        shown = toasts(app)
        assert len(shown) == 5 and app.is_running
        for text in shown:
            assert_literal(text)
        # Every deck string Textual draws itself (title, sub-title) is safe too.
        assert_literal(app.format_title(screen.title or app.title, screen.sub_title).plain)

        # The summary lists the missed card; the topic picker lists the topic.
        await pilot.press("space", "1")
        await settle(app, pilot)
        while screen.session.current is not None:
            await pilot.press("space", "4")
            await settle(app, pilot)
        assert_literal(text_of(screen.query_one("#prompt", Static)))
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PickTopic)
        from textual.widgets import OptionList

        option = app.screen.query_one(OptionList).get_option_at_index(0)
        assert_literal(str(option.prompt))


async def test_a_leech_and_a_failed_save_say_so_literally(write_deck, open_workspace, monkeypatch):
    workspace = open_workspace(write_deck(DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # A failed save names the error as the file gave it (a path can hold anything).
        def failing(self, *args, **kwargs):
            raise OSError(f"disk says {HOSTILE_TOML.encode().decode('unicode_escape')}")

        monkeypatch.setattr(ProgressStore, "record_review", failing)
        await pilot.press("space", "3")
        await settle(app, pilot)
        [text] = toasts(app)
        assert text.startswith("Progress file\nNot saved: disk says") and app.is_running
        assert_literal(text)


async def test_a_new_leech_is_named_literally(write_deck, open_workspace, clock):
    import dataclasses

    from quizkit.study.scheduler import Rating

    workspace = open_workspace(write_deck(DECK))
    workspace.config = dataclasses.replace(workspace.config, leech_threshold=1)
    session = workspace.session()
    session.answer(Rating.EASY)  # c0 into review
    clock.advance(days=30)
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.screen.session.current.card.id == "c0"
        await pilot.press("space", "1")  # its first lapse: a leech at threshold 1
        await settle(app, pilot)
        [text] = toasts(app)
        assert text.startswith("Leech\nThis card lapsed 1 times") and app.is_running
        assert not any(ch in text for ch in RAW) and "[@click=app.quit]x[/]" in text
