"""Readiness from a real progress file: FSRS recall as the scheduler computes it, the bundled exam,
monotonicity in study and in time."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.exam.calibration import (
    blend_points,
    chance,
    memory_scales,
    scaled_recall,
    with_model_error,
)
from quizkit.exam.layout import assemble_from_recalls, exam_layout
from quizkit.exam.prediction import exam_readiness, recall_curve
from quizkit.exam.readiness import predict
from quizkit.study.scheduler import Rating, Scheduler
from tests.unit.readiness_brute import card_outcomes


@pytest.fixture
def bundled(open_workspace):
    workspace = open_workspace(bundled_decks_dir())
    deck = workspace.decks[0]
    return workspace, deck, deck.exams[0]


def study(workspace, rng: random.Random, days: int, per_day: int = 30) -> None:
    """Answer the real queue for ``days`` days, mostly Good, sometimes Again or Hard."""
    for _ in range(days):
        session = workspace.session()
        for _ in range(per_day):
            if session.current is None:
                break
            rating = rng.choices(list(Rating), weights=(2, 1, 6, 1))[0]
            session.answer(rating)
            workspace.clock.advance(seconds=20)
        workspace.clock.advance(days=1)


def by_scheduler(workspace, deck, exam, at):
    """The same prediction with each card's recall from ``Scheduler.retrievability``, card by card,
    through the same calibration (each stability scale, slip rate and offset, then blended)."""
    parameters = workspace.store.fsrs_parameters(deck.id)
    scheduler = Scheduler(deck.options, parameters=parameters, fuzz=False)
    recall = {
        card_id: scheduler.retrievability(state, at)
        for card_id, state in workspace.store.studied_states(deck.id)
    }
    layout = exam_layout(deck, exam)
    curve = recall_curve(parameters)
    scales = memory_scales(workspace.store.review_outcomes(deck.id, at, curve), curve[1])
    points = with_model_error(scales)

    def predict_at(scale, slip, offset):
        chances = {
            c: chance(scaled_recall(r, scale, curve[1]), 1 - slip, offset)
            for c, r in recall.items()
        }
        return predict(exam.questions, exam.pass_mark, assemble_from_recalls(layout, chances))

    return blend_points(points, predict_at, exam.pass_mark)


def test_review_outcomes_are_the_logs_answers_to_review_cards(bundled):
    workspace, deck, _ = bundled
    study(workspace, random.Random(3), days=12)
    curve = recall_curve(None)
    outcomes = workspace.store.review_outcomes(deck.id, workspace.clock.now(), curve)
    answers = workspace.store._db.execute(
        "SELECT count(*), sum(rating = 1) FROM reviews WHERE phase_before = 2"
    ).fetchone()
    assert len(outcomes) == answers[0] > 0
    assert sum(1 for _, right in outcomes if not right) == answers[1]
    assert all(0.0 < r <= 1.0 for r, _ in outcomes)
    assert (
        workspace.store.review_outcomes(deck.id, workspace.clock.now(), curve, limit=5)
        == (outcomes[:5])
    )


def test_a_fresh_progress_file_predicts_guessing_and_almost_no_chance_to_pass(bundled):
    workspace, deck, exam = bundled
    result = exam_readiness(workspace.store, deck, exam, workspace.clock.now())
    # the guessing level: per blueprint line, the mean over its facts of a blind guess's mark
    level = 0.0
    for draw in exam.draws:
        facts: dict[str, list[float]] = {}
        for card in deck.cards:
            if card.gradable and card.topic == draw.topic:
                guess = card_outcomes(card, 0.0)
                facts.setdefault(card.fact_key, []).append(
                    sum(float(m) * p for m, p in guess.items())
                )
        level += draw.count * sum(sum(v) / len(v) for v in facts.values()) / len(facts)
    assert result.predicted_score == pytest.approx(level / exam.questions)
    assert result.pass_probability < 1e-6
    assert result.weakest_topics  # every topic is below the pass mark
    assert {t.topic for t in result.by_topic} == {d.topic for d in exam.draws}


def test_recall_summed_in_the_file_is_the_schedulers_retrievability(bundled):
    workspace, deck, exam = bundled
    study(workspace, random.Random(3), days=12)
    for later in (0, 3, 40):
        at = workspace.clock.now() + timedelta(days=later, hours=5)
        ours = exam_readiness(workspace.store, deck, exam, at)
        theirs = by_scheduler(workspace, deck, exam, at)
        assert ours.predicted_score == pytest.approx(theirs.predicted_score, abs=1e-6)
        assert ours.pass_probability == pytest.approx(theirs.pass_probability, abs=1e-6)
        assert [t.topic for t in ours.by_topic] == [t.topic for t in theirs.by_topic]
        assert [t.predicted_score for t in ours.by_topic] == pytest.approx(
            [t.predicted_score for t in theirs.by_topic], abs=1e-6
        )


def test_the_learners_optimised_parameters_are_used(bundled):
    workspace, deck, exam = bundled
    study(workspace, random.Random(5), days=5)
    at = workspace.clock.now() + timedelta(days=10)
    before = exam_readiness(workspace.store, deck, exam, at)
    import fsrs

    forgetful = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    forgetful[20] = 0.6  # a steeper forgetting curve
    workspace.store.save_fsrs_parameters(deck.id, tuple(forgetful), 600, workspace.clock.now())
    after = exam_readiness(workspace.store, deck, exam, at)
    assert after.predicted_score < before.predicted_score
    assert after.predicted_score == pytest.approx(
        by_scheduler(workspace, deck, exam, at).predicted_score, abs=1e-6
    )
    assert recall_curve(forgetful)[1] == -0.6


def test_a_later_date_never_raises_the_prediction_without_study(bundled):
    workspace, deck, exam = bundled
    study(workspace, random.Random(7), days=20)
    now = workspace.clock.now()
    previous = exam_readiness(workspace.store, deck, exam, now)
    for days in (1, 2, 5, 10, 30, 100, 365):
        later = exam_readiness(workspace.store, deck, exam, now + timedelta(days=days))
        assert later.predicted_score <= previous.predicted_score + 1e-12
        assert later.pass_probability <= previous.pass_probability + 1e-12
        previous = later


def test_a_review_rated_good_never_lowers_the_prediction_for_now(bundled):
    workspace, deck, exam = bundled
    rng = random.Random(11)
    study(workspace, rng, days=6)
    for _ in range(3):
        workspace.clock.advance(days=rng.randint(1, 4))
        session = workspace.session()
        for _ in range(25):
            if session.current is None:
                break
            before = exam_readiness(workspace.store, deck, exam, workspace.clock.now())
            session.answer(Rating.GOOD)
            after = exam_readiness(workspace.store, deck, exam, workspace.clock.now())
            assert after.predicted_score >= before.predicted_score - 1e-12
            assert after.pass_probability >= before.pass_probability - 1e-12
