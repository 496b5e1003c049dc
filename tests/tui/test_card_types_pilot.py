"""Every card type on the study screen, driven by key presses at 80x24 (fixed clock, no fuzz)."""

from __future__ import annotations

from textual.notifications import Notify
from textual.widgets import Input, Static

from quizkit.study.scheduler import Rating
from quizkit.tui.app import make_app
from quizkit.tui.widgets.choice_list import ChoiceList
from tests.tui.conftest import settle, text_of

SIZE = (80, 24)


def part(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#{name}", Static))


def shown(app, name: str) -> bool:
    return app.screen.query_one(f"#{name}", Static).display


def notes(messages: list) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


def last_rating(workspace, card_id: str) -> int:
    return workspace.store.reviews_for(card_id)[-1].rating


# -- self-graded: basic, reversible, cloze -------------------------------------------------


async def test_basic_card_hides_the_answer_until_space_then_shows_answer_and_explain(study_app):
    app, _ = study_app("basic")
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "kind") == "Question"
        assert part(app, "prompt") == "What mostly covers the gluteus medius?"
        assert not shown(app, "answer") and not shown(app, "explain")
        assert "Space show answer" in part(app, "ratings")
        await pilot.press("space")
        assert shown(app, "answer") and part(app, "answer") == "The larger gluteus maximus."
        assert part(app, "explain") == "The medius lies mostly beneath the maximus."
        assert "Good 10m" in part(app, "ratings")


async def test_reversible_card_asks_the_front_and_space_shows_the_back(study_app):
    app, _ = study_app("rev")
    async with app.run_test(size=SIZE) as pilot:
        # Which side is asked, as the deck names the sides (front and back by default).
        assert part(app, "kind") == "Question: front → back" and part(app, "prompt") == "Gmed"
        assert not shown(app, "answer")
        await pilot.press("space")
        assert part(app, "answer") == "gluteus medius"


async def test_reversible_card_back_side_comes_as_its_own_card(all_types_workspace):
    workspace = all_types_workspace("rev")
    workspace.store.set_suspended("rev", True)  # leave only the reverse side to study
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "kind") == "Reversed: back → front"
        assert part(app, "prompt") == "gluteus medius"
        await pilot.press("space")
        assert part(app, "answer") == "Gmed"


async def test_cloze_shows_the_deletion_as_its_hint_and_space_fills_it_in_place(study_app):
    app, _ = study_app("cloze")
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "kind") == "Fill the gap"
        assert part(app, "prompt") == (
            "The lower gluteus medius covers the [a muscle] and shares some posterior fascia."
        )
        await pilot.press("space")
        assert part(app, "prompt") == (
            "The lower gluteus medius covers the gluteus minimus and shares some posterior fascia."
        )
        # Revealed in place: no separate answer block, the explain shows.
        assert not shown(app, "answer")
        assert part(app, "explain") == "Layering: maximus over medius over minimus."


async def test_cloze_without_a_hint_shows_the_deletion_as_dots(all_types_workspace):
    workspace = all_types_workspace("cloze")
    workspace.store.set_suspended("cloze/c1", True)  # study the second deletion, which has no hint
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "prompt") == (
            "The lower gluteus medius covers the gluteus minimus and shares some [...] fascia."
        )
        await pilot.press("space")
        assert "shares some posterior fascia." in part(app, "prompt")


# -- choice ------------------------------------------------------------------------------------


def key_for(app, option: str) -> str:
    """The number key of ``option`` as this showing's shuffle placed it."""
    return str(app.screen.query_one(ChoiceList).choices.index(option) + 1)


async def test_single_choice_number_key_picks_an_existing_option_and_enter_checks_it(study_app):
    app, _ = study_app("choice")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        assert part(app, "kind") == "Choose one"
        right = key_for(app, "Gluteus minimus")
        assert f"( ) {right}. Gluteus minimus" in text_of(choices)
        await pilot.press("4", "9")  # three options: beyond them nothing is picked
        assert choices.picked == set()
        await pilot.press(right)
        assert choices.picked == {"Gluteus minimus"}
        assert f"(•) {right}. Gluteus minimus" in text_of(choices)
        assert not shown(app, "result")
        await pilot.press("enter")
        assert part(app, "result") == "✓ Correct"
        assert f"{right}. Gluteus minimus  ✓" in text_of(choices)
        assert part(app, "explain") == "The lower medius covers the minimus."
        assert app.screen.session.suggested_rating() == Rating.GOOD
        assert "Enter Good" in part(app, "ratings")


async def test_single_choice_arrows_move_the_pick_and_enter_checks_it(study_app):
    app, workspace = study_app("choice")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        await pilot.press("down", "down", "up")
        assert choices.cursor == 1
        second = choices.choices[1]
        assert choices.picked == {second}
        assert f"❯ (•) 2. {second}" in text_of(choices)
        await pilot.press("enter")
        right = second == "Gluteus minimus"
        assert part(app, "result") == ("✓ Correct" if right else "✗ Not quite")
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "choice") == (Rating.GOOD if right else Rating.AGAIN)


async def test_single_choice_enter_selects_and_checks_the_highlighted_option(study_app):
    app, _ = study_app("choice")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        first = choices.choices[0]
        await pilot.press("enter")  # nothing picked: the highlighted option is the answer
        assert choices.picked == {first} and shown(app, "result")
        assert f"(•) 1. {first}" in text_of(choices)


async def test_single_choice_space_picks_the_highlighted_option(study_app):
    app, _ = study_app("choice")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        await pilot.press("space")
        assert choices.picked == {choices.choices[0]}


async def test_multi_select_enter_with_nothing_picked_asks_for_a_pick_and_saves_nothing(
    study_app,
):
    app, workspace = study_app("multi")
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert notes(messages) == ["Pick an option first (Space toggles the highlighted one)."]
        assert not shown(app, "result") and workspace.store.reviews_total() == 0


MULTI_RIGHT = ("The maximus mostly covers the medius", "The medius covers the minimus")
MULTI_WRONG = "The minimus covers the maximus"


async def test_multi_select_number_keys_and_space_toggle_options(study_app):
    app, _ = study_app("multi")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        assert part(app, "kind") == "Choose every right answer"
        a, wrong = key_for(app, MULTI_RIGHT[0]), key_for(app, MULTI_WRONG)
        await pilot.press(a, wrong)
        assert choices.picked == {MULTI_RIGHT[0], MULTI_WRONG}
        await pilot.press(wrong)  # a second press takes the pick back
        assert choices.picked == {MULTI_RIGHT[0]}
        # Arrows to the other right answer, and Space toggles it on.
        target = int(key_for(app, MULTI_RIGHT[1])) - 1
        step = "down" if target > choices.cursor else "up"
        await pilot.press(*[step] * abs(target - choices.cursor), "space")
        assert choices.picked == set(MULTI_RIGHT)
        assert f"[x] {target + 1}. {MULTI_RIGHT[1]}" in text_of(choices)
        await pilot.press("enter")
        assert part(app, "result") == "✓ Correct"
        assert app.screen.session.suggested_rating() == Rating.GOOD


async def test_multi_select_half_right_earns_partial_credit_and_suggests_again(study_app):
    app, workspace = study_app("multi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key_for(app, MULTI_RIGHT[1]), "enter")
        assert part(app, "result") == "◐ Partly right (50%)"
        assert "Enter Again" in part(app, "ratings")
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "multi") == Rating.AGAIN


async def test_multi_select_a_right_and_a_wrong_pick_cancel_out(study_app):
    app, _ = study_app("multi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key_for(app, MULTI_RIGHT[0]), key_for(app, MULTI_WRONG), "enter")
        assert part(app, "result") == "✗ Not quite"


# -- true/false --------------------------------------------------------------------------------


async def test_truefalse_f_is_right_t_is_wrong_and_the_answer_shows_with_explain(study_app):
    app, _ = study_app("tf")
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "kind") == "True or false?"
        assert "t true" in part(app, "ratings") and "f false" in part(app, "ratings")
        await pilot.press("f")
        assert part(app, "result") == "✓ Correct  You said False."
        assert part(app, "answer") == "The statement is false."
        assert part(app, "explain") == "The maximus is the larger muscle."
        assert "Enter Good" in part(app, "ratings")


async def test_truefalse_wrong_answer_suggests_again_and_enter_saves_it(study_app):
    app, workspace = study_app("tf")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert part(app, "result") == "✗ Not quite  You said True."
        await pilot.press("f")  # the answer is given: a second key changes nothing
        assert part(app, "result") == "✗ Not quite  You said True."
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "tf") == Rating.AGAIN


# -- typed -------------------------------------------------------------------------------------


async def type_answer(pilot, text: str) -> None:
    """Type ``text`` key by key into the answer box, then Enter."""
    await pilot.press(*["space" if ch == " " else ch for ch in text], "enter")


async def enter_answer(pilot, text: str) -> None:
    """Put ``text`` in the answer box at once (key by key only costs time), then Enter."""
    pilot.app.screen.query_one("#typed", Input).value = text
    await pilot.press("enter")


async def test_typed_right_answer_suggests_good_and_enter_takes_it(study_app):
    app, workspace = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        typed = app.screen.query_one("#typed", Input)
        assert part(app, "kind") == "Type the answer" and typed.has_focus
        await type_answer(pilot, "Gluteus Maximus")
        assert part(app, "result").splitlines() == [
            "✓ Correct",
            "Correct answer  gluteus maximus",
            "You typed       Gluteus Maximus",
        ]
        assert (
            typed.disabled
            and part(app, "explain") == "The medius is mostly covered by the maximus."
        )
        assert "Enter Good" in part(app, "ratings")
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "typed") == Rating.GOOD


async def test_typed_accepted_alternative_is_compared_with_the_nearest_answer(study_app):
    app, _ = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        await enter_answer(pilot, "maximus")
        assert part(app, "result").splitlines() == [
            "✓ Correct",
            "Correct answer  maximus  (also: gluteus maximus)",
            "You typed       maximus",
        ]


async def test_typed_wrong_answer_suggests_again_and_highlights_the_difference(study_app):
    app, workspace = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        await enter_answer(pilot, "gluteus maxxmus")
        result = app.screen.query_one("#result", Static).render()
        assert str(result).splitlines() == [
            "✗ Not quite",
            "Correct answer  gluteus maximus",
            "You typed       gluteus maxxmus",
        ]
        # Only the differing letters are marked: the typed "x" struck, the expected "i" underlined.
        marked = {
            str(result)[s.start : s.end]: str(s.style)
            for s in result.spans
            if "strike" in str(s.style) or "underline" in str(s.style)
        }
        assert set(marked) == {"x", "i"}
        assert "strike" in marked["x"] and "underline" in marked["i"]
        assert "Enter Again" in part(app, "ratings")
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "typed") == Rating.AGAIN


async def test_typed_number_key_overrides_the_suggested_rating(study_app):
    app, workspace = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        await enter_answer(pilot, "medius")
        assert app.screen.session.suggested_rating() == Rating.AGAIN
        await pilot.press("2")
        await settle(app, pilot)
        assert last_rating(workspace, "typed") == Rating.HARD


async def test_typed_enter_on_an_empty_answer_checks_nothing(study_app):
    app, workspace = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "enter")
        assert not shown(app, "result") and not app.screen.query_one("#typed", Input).disabled
        assert workspace.store.reviews_total() == 0


# -- card text is data -------------------------------------------------------------------------

MARKUP_CHOICE = """\
format = 1
[deck]
id = "markup-choice"
title = "Markup in options"
[[cards]]
id = "m"
type = "choice"
question = "Pick [b]one[/b]"
choices = ["[bold]bold?[/bold]", "[link=http://example.org]a link[/link]", "[/] closes \\u001b[2J"]
answer = "[/] closes \\u001b[2J"
explain = "[red]not red[/] \\u001b]0;title\\u0007 and [/i]"
"""


async def test_markup_and_escapes_in_question_choices_and_explain_show_literally(
    write_deck, open_workspace
):
    workspace = open_workspace(write_deck(MARKUP_CHOICE))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "prompt") == "Pick [b]one[/b]"
        choices = text_of(app.screen.query_one(ChoiceList))
        assert ". [bold]bold?[/bold]" in choices
        assert ". [link=http://example.org]a link[/link]" in choices
        assert ". [/] closes ␛[2J" in choices and "\x1b" not in choices
        await pilot.press(key_for(app, "[/] closes \x1b[2J"), "enter")
        assert part(app, "result") == "✓ Correct"
        explain = part(app, "explain")
        assert explain == "[red]not red[/] ␛]0;title␇ and [/i]"


async def test_markup_typed_into_an_answer_shows_literally(study_app):
    app, _ = study_app("typed")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#typed", Input).value = "[bold]x[/] [link=y]"
        await pilot.press("enter")
        assert "You typed       [bold]x[/] [link=y]" in part(app, "result")


ALMOST_DECK = """\
format = "1.1"
[deck]
id = "almost"
title = "Almost"
[[cards]]
id = "spell"
type = "typed"
question = "Which muscle mostly covers the gluteus medius?"
answer = "gluteus maximus"
"""


async def test_typed_near_miss_is_almost_and_suggests_hard_not_again(write_deck, open_workspace):
    workspace = open_workspace(write_deck(ALMOST_DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        await enter_answer(pilot, "gluteus maxmus")
        assert part(app, "result").splitlines() == [
            "◐ Almost: a typo. Hard is suggested",
            "Correct answer  gluteus maximus",
            "You typed       gluteus maxmus",
        ]
        assert app.screen.session.suggested_rating() == Rating.HARD
        assert "Enter Hard" in part(app, "ratings")
        await pilot.press("enter")
        await settle(app, pilot)
        assert last_rating(workspace, "spell") == Rating.HARD


SIDES_DECK = """\
format = "1.1"
[deck]
id = "sides"
title = "Sides"
[[cards]]
id = "gmed"
type = "reversible"
sides = ["Abbreviation", "Muscle"]
front = "Gmed"
back = "gluteus medius"
"""


async def test_a_reversible_card_names_the_side_asked_as_the_deck_names_them(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck(SIDES_DECK))
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE) as pilot:
        assert part(app, "kind") == "Abbreviation → Muscle" and part(app, "prompt") == "Gmed"
        await pilot.press("space", "4")
        await settle(app, pilot)
    clock.advance(days=1)  # the reverse side, a sibling, comes the next day
    app = make_app(workspace, study=workspace.decks)
    async with app.run_test(size=SIZE):
        assert part(app, "kind") == "Muscle → Abbreviation"
        assert part(app, "prompt") == "gluteus medius"
