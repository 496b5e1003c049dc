"""Ready by the exam date: the target recall, the early reviews, the daily limits."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.exam.calibration import (
    blend,
    chance,
    memory_scales,
    scaled_recall,
    with_model_error,
)
from quizkit.exam.layout import assemble_from_recalls, exam_layout
from quizkit.exam.outlook import date_plan
from quizkit.exam.plan import PASS_GOAL, askable_cards, target_recall
from quizkit.exam.planned_session import PlannedSession
from quizkit.exam.prediction import exam_readiness, recall_curve
from quizkit.exam.readiness import predict
from quizkit.study.scheduler import Rating
from tests.samples import DECK_HEAD
from tests.unit.test_readiness_progress import study


@pytest.fixture
def bundled(open_workspace):
    workspace = open_workspace(bundled_decks_dir())
    deck = workspace.decks[0]
    return workspace, deck, deck.exams[0]


def test_the_target_recall_is_the_least_that_gives_a_95_percent_chance_to_pass(bundled):
    _, deck, exam = bundled
    layout = exam_layout(deck, exam)
    target = target_recall(layout)
    cards = askable_cards(layout)

    def passing(recall: float) -> float:
        strata = assemble_from_recalls(layout, dict.fromkeys(cards, recall))
        return predict(exam.questions, exam.pass_mark, strata).pass_probability

    assert passing(target) >= 0.95
    assert passing(target - 0.001) < 0.95
    assert 0.8 < target < 1.0


def test_the_target_is_calibrated_as_the_prediction_is(bundled):
    """With the learner's stability scales and slip rates, the target is the FSRS recall at which
    the calibrated prediction (each point's exact prediction, weighed) reaches 95 %."""
    _, deck, exam = bundled
    layout = exam_layout(deck, exam)
    decay = recall_curve(None)[1]
    scales = memory_scales([], decay)  # no answers yet: the prior's spread and slips
    target = target_recall(layout, scales, decay)
    cards = askable_cards(layout)

    def passing(recall: float) -> float:
        points = with_model_error(scales)
        predictions = [
            predict(
                exam.questions,
                exam.pass_mark,
                assemble_from_recalls(
                    layout,
                    dict.fromkeys(cards, chance(scaled_recall(recall, scale, decay), 1 - slip, o)),
                ),
            )
            for scale, slip, o, _ in points
        ]
        return blend(predictions, [w for *_, w in points], exam.pass_mark).pass_probability

    assert passing(target) >= 0.95 > passing(target - 0.001)
    # a learner who may forget faster than FSRS says, or slip, needs more than FSRS's target
    assert target > target_recall(layout)


def planner(workspace, exam, exam_date):
    """What Workspace.session passes PlannedSession: the plan for the exam date, from today."""
    return lambda deck: date_plan(
        workspace.store, deck, exam, exam_date, workspace.clock, workspace.config.rollover_hour
    )


def planned_session(workspace, exam, exam_date):
    return PlannedSession(
        workspace.store,
        workspace.decks,
        workspace.clock,
        settings=workspace.config.study_settings(),
        fuzz=False,
        plans=planner(workspace, exam, exam_date),
    )


# Twelve typed facts, an exam of six that needs five right: a 95 % chance to pass needs recall
# well above the deck's desired retention (0.9), so early reviews are due. (An exam
# that needs every answer is out of a 95 % reach for a learner who may slip: its target is 1.0.)
STRICT = (
    DECK_HEAD
    + "".join(
        f"""
[[cards]]
id = "fact{n}"
type = "typed"
topic = "muscles"
question = "Fact {n}?"
answer = "answer {n}"
"""
        for n in range(12)
    )
    + """
[[exams]]
id = "strict"
title = "Strict"
questions = 6
pass_mark = 0.8
attempts = 0
grading = "highest"

[[exams.draw]]
topic = "muscles"
count = 6
"""
)


@pytest.fixture
def strict(open_workspace, write_deck):
    workspace = open_workspace(write_deck(STRICT))
    deck = workspace.decks[0]
    return workspace, deck, deck.exams[0]


def test_early_reviews_stay_within_the_plans_share_of_the_day(strict):
    workspace, deck, exam = strict
    study(workspace, random.Random(2), days=6, per_day=80)
    exam_date = (workspace.clock.now() + timedelta(days=12)).date()
    session = planned_session(workspace, exam, exam_date)
    plan = session.plan(deck)
    assert plan is not None and plan.weak
    assert plan.summary() == f"exam in 12 days · {plan.per_day} reviews a day to be ready"
    day = workspace.study_day()
    while session.current is not None:
        session.answer(Rating.GOOD)
        workspace.clock.advance(seconds=15)
    early, reviews = workspace.store.early_reviews_between(deck.id, day.start, day.end)
    assert early == -(-len(plan.weak) // plan.days_left)  # its share, no more
    assert reviews <= deck.options.reviews_per_day


def test_early_reviews_respect_the_daily_review_limit(strict, open_workspace, write_deck):
    workspace, deck, exam = strict
    study(workspace, random.Random(3), days=6, per_day=80)
    limited = STRICT.replace(
        'title = "Demo deck"', 'title = "Demo deck"\n\n[deck.options]\nreviews_per_day = 1'
    )
    workspace.close()
    workspace = open_workspace(write_deck(limited), data=workspace.store.path)
    deck = workspace.decks[0]
    exam_date = (workspace.clock.now() + timedelta(days=3)).date()
    session = planned_session(workspace, exam, exam_date)
    day = workspace.study_day()
    while session.current is not None:
        session.answer(Rating.GOOD)
        workspace.clock.advance(seconds=15)
    _, reviews = workspace.store.early_reviews_between(deck.id, day.start, day.end)
    assert reviews <= 1


@pytest.mark.parametrize("planned", [False, True])
def test_following_the_plan_makes_the_learner_ready_on_the_day(strict, planned):
    workspace, deck, exam = strict
    study(workspace, random.Random(4), days=6, per_day=80)
    exam_date = (workspace.clock.now() + timedelta(days=20)).date()
    exam_at = datetime.combine(exam_date, time(12), tzinfo=workspace.clock.local_zone())
    for _ in range(20):
        session = planned_session(workspace, exam, exam_date) if planned else workspace.session()
        while session.current is not None:
            session.answer(Rating.GOOD)
            workspace.clock.advance(seconds=15)
        workspace.clock.advance(days=1)
    on_the_day = exam_readiness(workspace.store, deck, exam, exam_at)
    # the plain queue keeps recall near 0.9, not enough for this exam; the plan, aiming at the
    # calibrated prediction readiness shows, gets there
    assert (on_the_day.pass_probability >= PASS_GOAL) == planned


def test_with_no_plan_the_session_is_the_plain_queue(bundled):
    workspace, _, _ = bundled
    study(workspace, random.Random(6), days=5, per_day=60)
    plain = workspace.session()
    planned = PlannedSession(
        workspace.store, workspace.decks, workspace.clock, fuzz=False, plans=lambda deck: None
    )
    while plain.current is not None:
        assert planned.current is not None and planned.current.card.id == plain.current.card.id
        plain.answer(Rating.GOOD)
        workspace.clock.advance(seconds=10)
        planned.advance()
    assert planned.current is None
