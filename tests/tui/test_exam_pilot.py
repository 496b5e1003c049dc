"""Sitting an exam in the TUI: the start screen, every question type's keys, moving, flagging,
the overview, submitting, time-outs, practice feedback, resuming and the results."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from quizkit.exam.model import Response
from quizkit.tui.app import make_app
from quizkit.tui.screens.exam_confirm import ConfirmSubmitScreen
from quizkit.tui.screens.exam_list import ExamListScreen
from quizkit.tui.screens.exam_overview import ExamOverviewScreen
from quizkit.tui.screens.exam_question import ExamQuestionScreen
from quizkit.tui.screens.exam_results import ExamResultsScreen
from quizkit.tui.screens.exam_start import ExamStartScreen
from quizkit.tui.widgets.countdown import Countdown
from tests.tui.conftest import text_of

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"


@pytest.fixture
def exam_app(open_workspace):
    def make(deck: Path = EXAM_DECK, seed: int = 7):
        workspace = open_workspace(deck)
        app = make_app(workspace, exam="demo-cert")
        app.exam_rng = random.Random(seed)
        return app, workspace

    return make


def right_keys(screen: ExamQuestionScreen) -> list[str]:
    """The keys that answer the question on screen rightly (before Enter)."""
    card = screen.card()
    if card.kind == "choice":
        return [str(card.choices.index(c) + 1) for c in card.correct]
    if card.kind == "truefalse":
        return ["t" if card.correct == ("true",) else "f"]
    return list(card.correct[0])


async def answer_all_rightly(pilot, screen: ExamQuestionScreen, count: int) -> None:
    for _ in range(count):
        await pilot.press(*right_keys(screen), "enter")


async def test_the_start_screen_says_what_a_candidate_must_know(exam_app):
    app, _ = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamStartScreen)
        facts = "\n".join(
            text_of(app.screen.query_one(name, Static))
            for name in ("#exam-title", "#facts", "#exam-notes")
        )
        for expected in (
            "Questions     5, drawn from 2 topics",
            "Pass mark     80%",
            "Time limit    10 minutes",
            "Attempts      0 used, 3 left (of 3)",
            "the highest attempt counts",
            "not attempted",
            "Next attempt  now",
            "Topics        Layers 3 · Movements 2",
            "c  begin a certification attempt",
        ):
            assert expected in facts


async def test_a_whole_certification_attempt_with_every_question_type(exam_app):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ExamQuestionScreen)
        kinds = {q.kind for q in screen.attempt.questions}
        assert kinds == {"choice", "truefalse", "typed", "cloze"}
        await answer_all_rightly(pilot, screen, 5)
        assert isinstance(app.screen, ExamOverviewScreen)  # Enter on the last question
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmSubmitScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen)
        score = text_of(app.screen.query_one("#score", Static))
        assert "5 / 5  (100%)" in score and "PASSED" in score and "NOT PASSED" not in score
        assert "Layers" in text_of(app.screen.query_one("#topics", Static))
        review = text_of(app.screen.query_one("#review", Static))
        assert "Your answer" in review and "Right answer" in review
    (row,) = workspace.store.attempt_rows("demo-cert")
    assert row.ended_how == "submitted" and row.score == 5.0
    assert workspace.store.reviews_total() == 0  # exam answers never reach the review log


async def test_moving_flagging_and_submitting_work_inside_a_typed_answer(exam_app):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        typed = next(
            i for i, q in enumerate(screen.attempt.questions) if q.kind in ("typed", "cloze")
        )
        for _ in range(typed):
            await pilot.press("pagedown")
        assert screen.index == typed and isinstance(app.focused, Input)
        await pilot.press("m", "a", "x", "ctrl+f")
        assert typed in screen.attempt.flags
        assert "⚑ flagged" in text_of(screen.query_one("#position", Static))
        await pilot.press("pagedown", "pageup")  # moving away records the text typed
        assert screen.attempt.answers[typed].response.text == "max"
        assert app.focused.value == "max"  # and coming back shows it
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ExamOverviewScreen)
        grid = text_of(app.screen.query_one("#grid", Static))
        assert "●⚑" in grid
        await pilot.press("escape", "ctrl+s")
        assert isinstance(app.screen, ConfirmSubmitScreen)
        message = text_of(app.screen.query_one(Static))
        assert "4 questions are unanswered" in message
        assert "1 question is flagged for review" in message
        await pilot.press("n")
        assert app.screen is screen and screen.attempt.open
    assert workspace.store.flagged_questions(screen.attempt.id) == {typed}


async def test_the_overview_jumps_to_the_question_chosen(exam_app):
    app, _ = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        await pilot.press("ctrl+o", "right", "right", "right", "enter")
        assert app.screen is screen and screen.index == 3


async def test_an_answer_can_be_changed_until_submission(exam_app):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        while screen.card().kind != "truefalse":
            await pilot.press("pagedown")
        index = screen.index
        await pilot.press("t", "enter", "pageup", "f", "enter")
        answers = workspace.store.answer_rows(screen.attempt.id)
        assert [a.response for a in answers] == [{"value": True}, {"value": False}]
        assert screen.attempt.answers[index].response.value is False


async def test_time_running_out_submits_the_answers_given(exam_app, clock):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        await pilot.press(*right_keys(screen), "enter")
        countdown = screen.query_one(Countdown)
        clock.advance(minutes=9, seconds=30)
        countdown.tick()
        assert "00:30" in text_of(countdown)
        clock.advance(seconds=30)
        countdown.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen)
        assert "time ran out" in text_of(app.screen.query_one("#score", Static))
    (row,) = workspace.store.attempt_rows("demo-cert")
    assert row.ended_how == "timed_out" and row.score == 1.0 and row.ended_at == row.deadline


async def test_practice_gives_feedback_after_each_question_and_does_not_count(exam_app):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        screen = app.screen
        assert screen.attempt.mode == "practice" and screen.attempt.deadline is None
        assert not screen.query_one(Countdown).display
        await pilot.press(*right_keys(screen), "enter")
        feedback = text_of(screen.query_one("#feedback", Static))
        assert "✓ Correct" in feedback and screen.index == 0
        await pilot.press("enter")
        assert screen.index == 1
    assert workspace.store.attempt_rows("demo-cert")[0].mode == "practice"


async def test_leaving_keeps_the_attempt_open_and_r_resumes_it_with_its_clock(exam_app, clock):
    app, _ = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        question = app.screen
        await pilot.press(*right_keys(question), "enter", "escape")
        assert isinstance(app.screen, ExamStartScreen)
        clock.advance(minutes=4)
        app.screen.refresh_status()
        facts = text_of(app.screen.query_one("#exam-notes", Static))
        assert "An attempt is open with 06:00 left: 1 of 5 answered." in facts
        assert not app.screen.check_action("begin", ("certification",))
        await pilot.press("r")
        resumed = app.screen
        assert isinstance(resumed, ExamQuestionScreen)
        assert resumed.attempt.id == question.attempt.id and resumed.index == 1
        assert "06:00" in text_of(resumed.query_one(Countdown))


async def test_no_certification_attempt_once_every_attempt_is_used(exam_app):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("c", "ctrl+s", "y")
            await pilot.pause()
            await pilot.press("escape")
        start = app.screen
        assert isinstance(start, ExamStartScreen)
        facts = text_of(start.query_one("#facts", Static))
        assert "3 used, 0 left" in facts and "none: every attempt is used" in facts
        await pilot.press("c")
        assert app.screen is start
    assert len(workspace.store.attempt_rows("demo-cert")) == 3


async def test_score_only_hides_the_review(exam_app, write_deck):
    text = EXAM_DECK.read_text().replace(
        'grading = "highest"', 'grading = "highest"\nreview = "score_only"'
    )
    app, _ = exam_app(write_deck(text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await answer_all_rightly(pilot, app.screen, 5)
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        review = text_of(app.screen.query_one("#review", Static))
        assert "score only" in review and "Right answer" not in review
        assert "5 / 5" in text_of(app.screen.query_one("#score", Static))


HOSTILE = "[@click=app.quit]x[/] list[int] \u001b]0;TITLE\u0007"


async def test_deck_text_on_the_exam_screens_stays_literal(exam_app, write_deck):
    text = (
        EXAM_DECK.read_text(encoding="utf-8")
        .replace(
            'title = "Demo certification"',
            f'title = "{HOSTILE}"'.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007"),
        )
        .replace('title = "Layers"', 'title = "[bold]Layers[/]"')
    )
    app, _ = exam_app(write_deck(text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = text_of(app.screen.query_one("#exam-title", Static))
        facts = text_of(app.screen.query_one("#facts", Static))
        assert "[@click=app.quit]x[/] list[int] ␛]0;TITLE␇" in title
        assert "[bold]Layers[/] 3" in facts
        assert "␛" in app.screen.sub_title and "\u001b" not in app.screen.sub_title
        await pilot.press("c")
        assert isinstance(app.screen, ExamQuestionScreen)
        assert "\u001b" not in app.screen.sub_title


async def test_time_running_out_behind_the_confirmation_still_submits_once(exam_app, clock):
    app, workspace = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        question = app.screen
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmSubmitScreen)
        clock.advance(minutes=10)
        question.query_one(Countdown).tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen)
        question.time_up()  # a late second signal changes nothing
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen)
    (row,) = workspace.store.attempt_rows("demo-cert")
    assert row.ended_how == "timed_out"


async def test_without_an_exam_id_and_several_exams_a_list_opens_the_chosen_one(
    open_workspace, write_deck
):
    second = (
        EXAM_DECK.read_text(encoding="utf-8")
        .replace('id = "exam-demo"', 'id = "exam-two"')
        .replace('id = "x-', 'id = "y-')
        .replace('id = "demo-cert"', 'id = "two-cert"')
        .replace('title = "Demo certification"', 'title = "Second exam"')
    )
    workspace = open_workspace(EXAM_DECK, write_deck(second, name="two.toml"))
    app = make_app(workspace, exam="")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamListScreen)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ExamStartScreen) and app.screen.exam.id == "two-cert"


async def test_letters_typed_while_the_answer_box_lost_focus_still_go_into_it(exam_app):
    app, _ = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        while screen.card().kind not in ("typed", "cloze"):
            await pilot.press("pagedown")
        screen.set_focus(None)  # a click elsewhere
        await pilot.press("m", "a", "x", "enter")
        assert screen.attempt.answers[screen.index - 1].response.text == "max"


async def test_home_shows_each_decks_exam_state_and_e_opens_the_exam(open_workspace, clock):
    from textual.widgets import DataTable

    from quizkit.exam.attempts import ExamRoom
    from quizkit.tui.commands import QuizkitCommands
    from quizkit.tui.screens.home import HomeScreen

    workspace = open_workspace(EXAM_DECK)
    room = ExamRoom(workspace.store, workspace.decks, clock)
    exam = workspace.decks[0].exams[0]
    attempt = room.start(exam, "certification", seed=1)
    for index, question in enumerate(attempt.questions[:3]):
        card = room.card(attempt.deck_id, question.card_id)
        response = {
            "choice": Response(picked=card.correct),
            "truefalse": Response(value=card.correct == ("true",)),
        }.get(card.kind, Response(text=card.correct[0]))
        room.answer(attempt, index, response)
    room.submit(attempt)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(DataTable)
        assert str(table.get_cell("exam-demo", "exam")) == "60 %"  # the best attempt
        info = text_of(home.query_one("#deck-info", Static))
        assert "Exam  Demo certification  best 60 %" in info
        names = [name for name, _, _ in QuizkitCommands(home)._commands()]
        assert "Exam: Demo certification" in names
        await pilot.press("e")
        assert isinstance(app.screen, ExamStartScreen) and app.screen.exam.id == "demo-cert"


async def test_help_lists_the_exam_keys_even_from_inside_a_typed_answer(exam_app):
    from quizkit.tui.screens.help import HelpScreen

    app, _ = exam_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        while screen.card().kind not in ("typed", "cloze"):
            await pilot.press("pagedown")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(text_of(w) for w in app.screen.query(Static))
        for key in ("Submit", "Overview", "Flag", "Next", "Prev", "Record"):
            assert key in shown, key
