"""Every key of the study and home screens, the command palette, the summary, the empty state
and resizing, driven by Pilot at 80x24 with a fixed clock and no fuzz."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from quizkit.base.durations import format_interval
from quizkit.config import Config, load_config
from quizkit.progress.store import CardMarks
from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from quizkit.tui.screens.help import HelpScreen
from quizkit.tui.screens.home import HomeScreen
from quizkit.tui.screens.study import StudyScreen
from tests.conftest import NOON
from tests.tui.conftest import all_types_text, settle, text_of

SIZE = (80, 24)


def part(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#{name}", Static))


def footer_keys(app) -> dict[str, str]:
    return {key.key: key.description for key in app.screen.query_one(Footer).query(FooterKey)}


# -- rating -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rating", list(Rating), ids=lambda r: f"{int(r)}-{r.label}")
async def test_rating_key_saves_exactly_the_outcome_its_interval_previewed(study_app, rating):
    app, workspace = study_app("basic", "rev")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        shown = app.screen.session.current
        expected = shown.outcomes[rating].state
        label = f"{rating.label} {format_interval(expected.due - NOON)}"
        assert label in part(app, "ratings")
        await pilot.press(str(int(rating)))
        await settle(app, pilot)
        assert workspace.store.card_state("basic") == expected
        assert workspace.store.reviews_for("basic")[-1].rating == rating
        assert part(app, "prompt") == "Gmed"
        assert part(app, "progress").startswith("Layers · new card")


async def test_rating_keys_are_ignored_until_the_answer_is_shown(study_app):
    app, workspace = study_app("basic")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "3", "4")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 0
        assert not {"1", "2", "3", "4"} & set(footer_keys(app))
        await pilot.press("space")
        assert {"1": "Again", "2": "Hard", "3": "Good", "4": "Easy"}.items() <= footer_keys(
            app
        ).items()


async def test_progress_line_counts_down_new_learning_and_review_with_the_cards_topic(
    study_app, clock
):
    app, workspace = study_app("basic", "choice", "tf")
    async with app.run_test(size=SIZE) as pilot:
        line = part(app, "progress")
        assert line.startswith("Layers · new card") and line.endswith(
            "3 new · 0 learning · 0 review"
        )
        await pilot.press("space", "4")  # basic: straight to review
        await settle(app, pilot)
        line = part(app, "progress")
        assert line.startswith("Layers · new card") and line.endswith(
            "2 new · 0 learning · 0 review"
        )
    clock.advance(days=30)
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        line = part(app, "progress")
        assert line.startswith("Layers · review") and line.endswith("2 new · 0 learning · 1 review")
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert part(app, "progress").endswith("2 new · 0 learning · 0 review")


# -- undo, suspend, bury, flag ------------------------------------------------------------------


async def test_undo_key_takes_back_the_answer_and_shows_the_card_as_it_was(study_app):
    app, workspace = study_app("basic", "rev")
    async with app.run_test(size=SIZE) as pilot:
        before = workspace.store.card_state("basic")
        assert "u" not in footer_keys(app)  # nothing to undo yet
        await pilot.press("space", "3")
        await settle(app, pilot)
        assert footer_keys(app)["u"] == "Undo"
        await pilot.press("u")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 0
        assert workspace.store.card_state("basic") == before
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"
        assert not app.screen.query_one("#answer", Static).display  # asked afresh
        assert part(app, "progress").endswith("3 new · 0 learning · 0 review")


async def test_undo_brings_back_a_typed_card_with_an_empty_answer_box(study_app):
    app, workspace = study_app("typed", "rev")
    async with app.run_test(size=SIZE) as pilot:
        typed = app.screen.query_one("#typed", Input)
        typed.value = "maximus"
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert part(app, "prompt") == "Gmed" and not typed.display
        await pilot.press("u")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 0
        assert typed.display and not typed.disabled and typed.has_focus and typed.value == ""
        assert not app.screen.query_one("#result", Static).display


async def test_suspend_key_suspends_the_card_and_shows_the_next(study_app):
    app, workspace = study_app("basic", "rev")
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        assert footer_keys(app)["at"] == "Suspend"
        await pilot.press("at")
        await settle(app, pilot)
        assert workspace.store.marks("basic").suspended
        assert workspace.store.reviews_total() == 0
        assert part(app, "prompt") == "Gmed"
        assert part(app, "progress").endswith("2 new · 0 learning · 0 review")
        assert "Suspended: What mostly covers the gluteus medius?" in notes(messages)


async def test_bury_key_hides_the_card_until_the_next_study_day(study_app):
    app, workspace = study_app("basic", "rev")
    async with app.run_test(size=SIZE) as pilot:
        assert footer_keys(app)["minus"] == "Bury"
        await pilot.press("minus")
        await settle(app, pilot)
        marks = workspace.store.marks("basic")
        assert marks.buried_until == workspace.study_day().end and not marks.suspended
        assert part(app, "prompt") == "Gmed"
        assert workspace.store.reviews_total() == 0


async def test_flag_key_toggles_the_flag_and_the_progress_line_shows_it(study_app):
    app, workspace = study_app("basic")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("asterisk")
        await settle(app, pilot)
        assert workspace.store.marks("basic").flagged
        assert part(app, "progress").startswith("⚑ flagged")
        assert (
            part(app, "prompt") == "What mostly covers the gluteus medius?"
        )  # flagging does not move on
        await pilot.press("asterisk")
        await settle(app, pilot)
        assert not workspace.store.marks("basic").flagged
        assert "flagged" not in part(app, "progress")


async def test_keys_that_would_type_into_the_answer_box_are_not_offered_in_the_footer(study_app):
    app, workspace = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        offered = footer_keys(app)
        assert not {"minus", "at", "asterisk", "u", "question_mark"} & set(offered)
        await pilot.press("minus", "at")
        await settle(app, pilot)
        assert app.screen.query_one("#typed", Input).value == "-@"
        assert workspace.store.marks("typed") == CardMarks()
        await pilot.press("enter", "enter")  # answered: the box lets go and every key works again
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 1


def notes(messages: list) -> list[str]:
    from textual.notifications import Notify

    return [m.notification.message for m in messages if isinstance(m, Notify)]


# -- help, back --------------------------------------------------------------------------------


def help_text(app) -> str:
    """One "key what" line per entry of the help table (which lays entries out in two columns)."""
    table = app.screen.query(Static)[1].content
    cells = [list(column.cells) for column in table.columns]
    lines = []
    for keys, whats in ((cells[0], cells[1]), (cells[2], cells[3])):
        lines += [f"{k} {w}" for k, w in zip(keys, whats) if str(k)]
    return "\n".join(lines)


async def test_help_lists_every_study_key_including_the_hidden_ones_and_esc_closes_it(study_app):
    app, _ = study_app("basic")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = [" ".join(line.split()) for line in help_text(app).splitlines()]
        for row in [
            "space Show answer",
            "space Toggle option",
            "⏎ Check",
            "⏎ Take the suggested rating",
            "t True",
            "f False",
            "1 Again",
            "2 Hard",
            "3 Good",
            "4 Easy",
            "1-9 Pick a choice",
            "↑ Option above / scroll",
            "↓ Option below / scroll",
            "u Undo",
            "- Bury",
            "@ Suspend",
            "* Flag",
            "? Help",
            "esc q Back",
            "^q Quit",
        ]:
            assert row in lines, row
        # Every row names what the key does, in words.
        assert not [line for line in lines if "_" in line]
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"


async def test_help_on_home_lists_the_home_keys_and_question_mark_closes_it(all_types_workspace):
    app = make_app(all_types_workspace())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = [" ".join(line.split()) for line in help_text(app).splitlines()]
        for row in ["⏎ Study", "? Help", "q ^q Quit"]:
            assert row in lines, row
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_leaves_the_session_for_home(all_types_workspace, key):
    app = make_app(all_types_workspace("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        await pilot.press(key)
        assert isinstance(app.screen, HomeScreen)


# -- end of session, nothing due ---------------------------------------------------------------


async def test_summary_after_the_last_card_shows_cards_time_and_share_remembered(study_app, clock):
    app, _ = study_app("basic", "rev")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1")  # basic: Again, back within the learn-ahead window
        await settle(app, pilot)
        clock.advance(seconds=65)
        await pilot.press("space", "4")  # rev
        await settle(app, pilot)
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"
        clock.advance(seconds=60)
        await pilot.press("space", "4")
        await settle(app, pilot)
        lines = part(app, "prompt").splitlines()
        assert lines[0].startswith("Nothing more to study today. The next card is due in ")
        assert lines[1].startswith("New cards per day: ")
        assert lines[3:6] == [
            " n  learn 10 more new cards today",
            " m  go over the card missed today again (schedule unchanged)",
            " p  practise one topic (schedule unchanged)",
        ]
        summary = lines[lines.index("This session") :]
        assert summary[1:5] == [
            "Cards studied   2",
            "Answers         3",
            "Time            2m 05s",
            "Remembered      67% of answers",
        ]
        assert summary[6] == "By topic"
        assert summary[7].split() == ["Layers", "2/3", "remembered", "(67%)"]
        assert summary[9:11] == ["Missed (1)", "  ✗ What mostly covers the gluteus medius?"]
        assert part(app, "progress").endswith("0 new · 0 learning · 0 review")
        assert "Esc back to the decks" in part(app, "ratings")


async def test_nothing_due_says_when_the_next_card_is_due(all_types_workspace):
    workspace = all_types_workspace("basic", "tf")
    session = workspace.session()
    for _ in range(2):  # both cards out of learning, due days from now
        session.reveal()
        session.answer(Rating.EASY)
    assert session.current is None
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        soonest = min(workspace.store.card_state(c).due for c in ("basic", "tf"))
        assert part(app, "prompt").splitlines()[0] == (
            "Nothing more to study today. "
            f"The next card is due in {format_interval(soonest - NOON)}."
        )
        assert "Session finished" not in part(app, "prompt")
        assert part(app, "progress").strip() == "0 done · 0 new · 0 learning · 0 review"
        assert set(footer_keys(app)) == {"question_mark", "escape"}
        await pilot.press(
            "space", "3", "minus", "at", "asterisk", "t", "1", "enter"
        )  # nothing to act on
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 2 and isinstance(app.screen, StudyScreen)


# -- home ----------------------------------------------------------------------------------------


async def test_home_mastery_and_streak_update_after_studying(all_types_workspace):
    app = make_app(all_types_workspace())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        layers = next(line for line in part(app, "mastery").splitlines() if "Layers" in line)
        assert "recall" not in layers and "0/9 seen" in layers
        assert part(app, "streak").endswith("streak 0 days")
        await pilot.press("enter", "space", "3")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        layers = next(line for line in part(app, "mastery").splitlines() if "Layers" in line)
        assert "1/9 seen · recall 100 %" in layers
        assert "streak 1 day" in part(app, "streak")


async def test_home_lists_each_deck_with_new_learning_and_due_counts(all_types_workspace):
    app = make_app(all_types_workspace())
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#decks", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        # cards, new, learning, due, and the exam column (blank: the deck has no exam)
        assert row == ["Every card type", "9", "9", "0", "0", ""]
        await pilot.press("enter", "space", "1")  # Again: a learning card
        await settle(app, pilot)
        await pilot.press("escape")
        assert [str(c) for c in table.get_row_at(0)] == ["Every card type", "9", "8", "1", "0", ""]


async def test_broken_deck_is_listed_with_its_error_shown_literally(write_deck, open_workspace):
    good = write_deck(all_types_text("basic"))
    broken = write_deck("format = 1\n[deck\nid = 1\n", name="[red]broken.toml")
    app = make_app(open_workspace(good, broken))
    async with app.run_test(size=SIZE) as pilot:
        text = part(app, "broken")
        assert "[red]broken.toml" in text
        assert "line 2: TOML syntax: Expected ']' at the end of a table declaration" in text
        assert app.screen.query_one("#decks", DataTable).row_count == 1
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)


# -- command palette ----------------------------------------------------------------------------


async def palette(pilot, query: str, expect: str, *, key_by_key: bool = False) -> None:
    """Open the palette, type ``query``, wait for ``expect`` to be the highlighted hit, and run it."""
    app = pilot.app
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
    if key_by_key:
        await pilot.press(*query)
    else:  # at once: one search instead of one per letter, which only costs time
        app.screen.query_one(Input).value = query
    options = app.screen.query_one(OptionList)
    for _ in range(100):  # results arrive in batches: poll, do not sleep a fixed time
        if options.option_count and options.highlighted is not None:
            prompt = str(options.get_option_at_index(options.highlighted).prompt)
            if prompt.startswith(expect):
                break
        await pilot.pause(0.02)
    else:
        raise AssertionError(f"{expect!r} not offered for {query!r}")
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_study_entry_opens_a_study_session(all_types_workspace):
    app = make_app(all_types_workspace("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "Study", "Study: Every card type", key_by_key=True)
        assert isinstance(app.screen, StudyScreen)
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"


async def test_palette_undo_last_answer_takes_it_back(study_app):
    app, workspace = study_app("basic", "rev")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "3")
        await settle(app, pilot)
        await palette(pilot, "undo", "Undo last answer")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 0
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"


async def test_palette_undo_in_a_new_session_leaves_earlier_answers_alone(all_types_workspace):
    workspace = all_types_workspace("basic", "rev")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "3")
        await settle(app, pilot)
        await pilot.press("escape", "enter")  # a second session: nothing answered in it yet
        await palette(pilot, "undo", "Undo last answer")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 1


async def test_palette_show_help_opens_the_keys_of_the_screen_it_came_from(study_app):
    app, _ = study_app("basic")
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "help", "Show help")
        assert isinstance(app.screen, HelpScreen) and isinstance(app.screen.for_screen, StudyScreen)


async def test_theme_chosen_in_the_palette_is_saved_and_used_at_the_next_start(
    write_deck, open_workspace, tmp_path
):
    config_path = tmp_path / "config.toml"
    config_path.write_text("# my settings\n[study]\nrollover_hour = 5\n")
    deck = write_deck(all_types_text("basic"))
    workspace = open_workspace(deck)
    workspace.config = load_config(config_path)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "theme", "Theme")
        await palette(pilot, "nord", "nord")
        await settle(app, pilot)
        assert app.theme == "nord"
    saved = config_path.read_text()
    assert 'theme = "nord"' in saved and "# my settings" in saved and "rollover_hour = 5" in saved
    workspace.config = load_config(config_path)
    again = make_app(workspace)
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_theme_set_in_code_is_written_to_a_new_config_file(all_types_workspace, tmp_path):
    workspace = all_types_workspace("basic")
    workspace.config = Config(path=tmp_path / "settings" / "config.toml")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await settle(app, pilot)
    assert load_config(tmp_path / "settings" / "config.toml").theme == "gruvbox"


# -- resizing and long text ----------------------------------------------------------------------


async def test_resizing_down_to_tiny_and_back_keeps_every_screen_working(study_app):
    app, workspace = study_app("choice", "typed")
    async with app.run_test(size=SIZE) as pilot:
        for size in [(40, 12), (20, 6), SIZE]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.screen.size == SIZE
        await pilot.press("1", "enter")
        await pilot.resize_terminal(40, 12)
        await pilot.press("question_mark")  # the help, small
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(*SIZE)
        await pilot.press("enter")
        await settle(app, pilot)
        assert workspace.store.reviews_total() == 1
        assert part(app, "kind") == "Type the answer"
        await pilot.press("escape")  # home, small
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


LONG_WORDS = " ".join(f"word{i}" for i in range(150))
LONG_DECK = f"""\
format = 1
[deck]
id = "long"
title = "Long"
[[cards]]
id = "long"
type = "basic"
front = "{LONG_WORDS} {"x" * 300}"
back = "The answer at the end."
"""


async def test_long_card_text_wraps_inside_the_card_and_scrolls_to_the_answer(
    write_deck, open_workspace
):
    workspace = open_workspace(write_deck(LONG_DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        card = app.screen.query_one("#card")
        prompt = app.screen.query_one("#prompt", Static)
        assert prompt.size.width <= card.content_region.width and prompt.size.height > 10
        assert card.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        answer = app.screen.query_one("#answer", Static)
        # The answer was below the fold: revealing it scrolls it into view.
        assert card.max_scroll_y > 0 and card.scroll_y == card.max_scroll_y
        assert card.region.contains_region(answer.region)
        assert "The answer at the end." in part(app, "answer")
        # Still rateable: the ratings bar stays on screen below the scrolled card.
        assert "Good" in part(app, "ratings")
        await pilot.press("up")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y - 1


async def test_arrow_keys_typed_in_a_burst_each_scroll_one_line(write_deck, open_workspace):
    workspace = open_workspace(write_deck(LONG_DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        card = app.screen.query_one("#card")
        assert card.max_scroll_y >= 5 and card.scroll_y == card.max_scroll_y
        for _ in range(5):  # as a held-down key arrives: several keys before the next frame
            app.post_message(events.Key("up", None))
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y - 5


async def test_down_then_enter_typed_together_on_home_studies_the_second_deck(
    write_deck, open_workspace
):
    second = all_types_text("tf").replace('id = "all-types"', 'id = "second"')
    second = second.replace('title = "Every card type"', 'title = "Second deck"')
    workspace = open_workspace(
        write_deck(all_types_text("basic")), write_deck(second, name="second.toml")
    )
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key in ["down", "enter"]:  # one read from the terminal: both before the next frame
            app.post_message(events.Key(key, None))
        await settle(app, pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.deck_title == "Second deck"


async def test_going_back_to_the_starting_theme_is_saved_too(all_types_workspace, tmp_path):
    workspace = all_types_workspace("basic")
    config_file = tmp_path / "config.toml"
    config_file.write_text('[study]\ntheme = "nord"\n')
    workspace.config = load_config(config_file)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await settle(app, pilot)
        app.theme = "nord"
        await settle(app, pilot)
    assert load_config(config_file).theme == "nord"
