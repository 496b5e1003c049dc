"""Help lists what the learner can do on the screen; the palette has one help."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from quizkit.tui.app import make_app
from quizkit.tui.screens.help import HelpScreen
from quizkit.tui.screens.home import HomeScreen
from tests.conftest import SMALL_DECK
from tests.tui.conftest import settle
from tests.tui.screens_fixtures import screen_text


async def test_home_help_lists_only_the_learners_keys_and_explains_the_marks(
    write_deck, open_workspace
):
    app = make_app(open_workspace(write_deck(SMALL_DECK)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        # The deck table's own keys are not the learner's business.
        for textual_key in ("pgup", "Page", "Left", "Right", "Top", "Bottom"):
            assert textual_key not in text, textual_key
        for ours in ("Study", "Browse cards", "Quit", "Next deck"):
            assert ours in text
        # Bury, suspend and flag, each explained in one line.
        notes = dict(HomeScreen.HELP_NOTES)
        for mark in ("Bury", "Suspend", "Flag"):
            assert notes[mark] in text


async def _palette_entries(app, pilot, query: str = "") -> list[str]:
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    assert isinstance(app.screen, CommandPalette)
    if query:
        await pilot.press(*query)
    for _ in range(20):  # the palette gathers its hits in a worker
        await pilot.pause(0.05)
        commands = app.screen.query_one(CommandList)
        if commands.option_count:
            break
    entries = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    await pilot.press("escape")
    return entries


async def test_the_palette_has_one_help_entry(write_deck, open_workspace):
    app = make_app(open_workspace(write_deck(SMALL_DECK)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        entries = await _palette_entries(app, pilot)
        titles = [entry.splitlines()[0] for entry in entries]
        assert "Keys" not in titles
        assert titles.count("Show help") == 1
        assert "Browse cards" in titles
        helps = await _palette_entries(app, pilot, "help")
        assert [entry.splitlines()[0] for entry in helps] == ["Show help"]
