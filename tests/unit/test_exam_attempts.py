"""Attempt records: committed per answer, limits and delay from the records, time-outs, resume."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from quizkit.exam.attempts import AttemptClosedError, ExamLocked, ExamRoom
from quizkit.exam.model import Response
from quizkit.progress.store import ProgressStore

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"


@pytest.fixture
def room(open_workspace, clock):
    workspace = open_workspace(EXAM_DECK)
    return ExamRoom(workspace.store, workspace.decks, clock), workspace


def _right(room: ExamRoom, attempt, index: int) -> Response:
    card = room.card(attempt.deck_id, attempt.questions[index].card_id)
    if card.kind == "choice":
        return Response(picked=card.correct)
    if card.kind == "truefalse":
        return Response(value=card.correct == ("true",))
    return Response(text=card.correct[0])


def test_a_certification_attempt_draws_the_blueprint_and_records_it(room):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    attempt = room.start(exam, "certification", seed=1)
    topics = [q.topic for q in attempt.questions]
    assert sorted(topics) == ["layers"] * 3 + ["moves"] * 2
    assert attempt.deadline == attempt.started_at + exam.time_limit
    row = workspace.store.attempt_row(attempt.id)
    assert [q["card_id"] for q in row.questions] == [q.card_id for q in attempt.questions]
    choice = next(q for q in attempt.questions if q.kind == "choice")
    assert row.questions[[q.card_id for q in attempt.questions].index(choice.card_id)][
        "choices"
    ] == list(choice.choices)


def test_each_answer_is_committed_when_given(room, tmp_path):
    room, workspace = room
    attempt = room.start(workspace.decks[0].exams[0], "certification", seed=1)
    room.answer(attempt, 0, _right(room, attempt, 0))
    room.flag(attempt, 1, True)
    other = ProgressStore.open(workspace.store.path)  # another process's view
    try:
        answers = other.answer_rows(attempt.id)
        assert [(a.question, a.mark) for a in answers] == [(0, 1.0)]
        assert other.flagged_questions(attempt.id) == {1}
    finally:
        other.close()


def test_exam_answers_never_reach_the_review_log_or_the_schedule(room):
    room, workspace = room
    before = dict(workspace.store.iter_card_states())
    attempt = room.start(workspace.decks[0].exams[0], "certification", seed=2)
    for index in range(len(attempt.questions)):
        room.answer(attempt, index, _right(room, attempt, index))
    room.submit(attempt)
    assert workspace.store.reviews_total() == 0
    assert dict(workspace.store.iter_card_states()) == before


def test_answers_can_change_until_submission_and_are_final_after(room):
    room, workspace = room
    attempt = room.start(workspace.decks[0].exams[0], "certification", seed=3)
    room.answer(attempt, 0, Response(text="nothing right"))
    room.answer(attempt, 0, _right(room, attempt, 0))
    room.submit(attempt)
    assert attempt.score == 1.0 and attempt.ended_how == "submitted"
    assert len(workspace.store.answer_rows(attempt.id)) == 2  # the change of mind is kept
    with pytest.raises(AttemptClosedError):
        room.answer(attempt, 1, _right(room, attempt, 1))
    assert not workspace.store.end_attempt(attempt.id, attempt.started_at, "abandoned", 0)


def test_the_attempt_limit_is_read_from_the_records(room, clock, open_workspace):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    for _ in range(exam.attempts):
        room.submit(room.start(exam, "certification"))
        clock.advance(minutes=1)
    fresh = ExamRoom(workspace.store, workspace.decks, clock)  # no memory of the screen
    assert fresh.status(exam).left == 0
    with pytest.raises(ExamLocked, match="all 3 attempts"):
        fresh.start(exam, "certification")
    fresh.start(exam, "practice")  # practice is always allowed and never counts
    assert fresh.status(exam).used == 3


def test_one_open_certification_attempt_at_a_time(room):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    room.start(exam, "certification")
    with pytest.raises(ExamLocked, match="resume"):
        room.start(exam, "certification")


def test_the_delay_between_attempts_is_enforced(room, clock):
    from datetime import timedelta

    room, workspace = room
    exam = dataclasses.replace(
        workspace.decks[0].exams[0], delay_between_attempts=timedelta(hours=24)
    )
    room.submit(room.start(exam, "certification"))
    ended = clock.now()
    status = room.status(exam)
    assert status.next_attempt_at == ended + timedelta(hours=24)
    with pytest.raises(ExamLocked, match="allowed from"):
        room.start(exam, "certification")
    clock.advance(hours=24)
    assert room.status(exam).next_attempt_at is None
    room.start(exam, "certification")


def test_time_up_while_closed_submits_the_answers_it_had(room, clock):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    attempt = room.start(exam, "certification", seed=4)
    room.answer(attempt, 0, _right(room, attempt, 0))
    room.answer(attempt, 1, _right(room, attempt, 1))
    clock.advance(minutes=9, seconds=59)
    room.answer(attempt, 2, Response(text="wrong"))
    clock.advance(minutes=30)  # the app was closed past the deadline
    with pytest.raises(AttemptClosedError, match="time is up"):
        room.answer(attempt, 3, _right(room, attempt, 3))
    status = ExamRoom(workspace.store, workspace.decks, clock).status(exam)
    (ended,) = status.attempts
    assert ended.ended_how == "timed_out"
    assert ended.ended_at == attempt.deadline  # time away counts; it ended at its deadline
    assert ended.score == 2.0 and ended.fraction == 0.4 and status.open_attempt is None


def test_resume_brings_back_answers_flags_and_the_running_clock(room, clock):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    attempt = room.start(exam, "certification", seed=5)
    room.answer(attempt, 2, _right(room, attempt, 2))
    room.flag(attempt, 4, True)
    clock.advance(minutes=3)
    resumed = ExamRoom(workspace.store, workspace.decks, clock).status(exam).open_attempt
    assert resumed.id == attempt.id and resumed.questions == attempt.questions
    assert set(resumed.answers) == {2} and resumed.flags == {4}
    assert resumed.time_left(clock.now()).total_seconds() == 7 * 60


def test_practice_has_no_time_limit_and_a_new_one_abandons_the_last(room):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    first = room.start(exam, "practice")
    assert first.deadline is None
    room.start(exam, "practice")
    assert workspace.store.attempt_row(first.id).ended_how == "abandoned"
    assert room.status(exam).used == 0


def test_a_changed_exam_is_noted_on_later_attempts(room, clock, write_deck, open_workspace):
    room, workspace = room
    exam = workspace.decks[0].exams[0]
    room.submit(room.start(exam, "certification"))
    assert not room.status(exam).changed_since_last
    text = EXAM_DECK.read_text().replace("moves the leg away", "moves the thigh away")
    changed = open_workspace(write_deck(text), data=workspace.store.path)
    again = ExamRoom(changed.store, changed.decks, clock)
    assert again.status(changed.decks[0].exams[0]).changed_since_last
