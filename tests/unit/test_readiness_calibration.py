"""The per-learner calibration of readiness (exam/calibration.py): a documented transformation
of FSRS's recall, weighed by the learner's own review answers."""

from __future__ import annotations

import random

import pytest

from quizkit.exam import calibration
from quizkit.exam.calibration import blend, chance, memory_scales, scaled_recall, with_model_error
from quizkit.exam.prediction import recall_curve
from quizkit.exam.readiness import Prediction, TopicScore

FACTOR, DECAY = recall_curve(None)


def recall(days: float, stability: float) -> float:
    return (1 + FACTOR * days / stability) ** DECAY


def test_scaled_recall_is_recall_with_the_stability_scaled():
    assert scaled_recall(recall(10, 4.0), 2.5, DECAY) == pytest.approx(recall(10, 10.0))
    assert scaled_recall(recall(10, 4.0), 0.5, DECAY) == pytest.approx(recall(10, 2.0))
    assert scaled_recall(0.0, 3.0, DECAY) == 0.0
    assert scaled_recall(0.8, 1.0, DECAY) == 0.8


def test_no_reviews_leave_the_prior_centred_on_fsrs():
    scales = memory_scales([], DECAY)
    assert sum(w for _, _, w in scales) == pytest.approx(1.0)
    heaviest = max(scales, key=lambda x: x[2])
    assert heaviest[0] == pytest.approx(1.0) and heaviest[1] == 0.0
    assert min(s for s, _, _ in scales) < 0.6 and max(s for s, _, _ in scales) > 1.6


def outcomes(true_scale: float, slip: float, n: int, seed: int = 1) -> list[tuple[float, bool]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        fsrs_recall = rng.uniform(0.6, 0.98)
        truth = (1 - slip) * scaled_recall(fsrs_recall, true_scale, DECAY)
        out.append((fsrs_recall, rng.random() < truth))
    return out


def mean_scale(scales) -> float:
    return sum(s * w for s, _, w in scales)


@pytest.mark.parametrize("true_scale", [0.5, 1.0, 2.0])
def test_many_reviews_find_the_learners_own_scale(true_scale):
    scales = memory_scales(outcomes(true_scale, 0.0, 2000), DECAY)
    assert mean_scale(scales) == pytest.approx(true_scale, rel=0.3)


def test_a_learner_forgetting_faster_than_fsrs_gets_a_lower_recall():
    slow, fast = (memory_scales(outcomes(s, 0.0, 500), DECAY) for s in (2.0, 0.5))
    assert mean_scale(fast) < 1.0 < mean_scale(slow)


def test_lapses_on_cards_fsrs_was_sure_of_read_as_slips():
    sure = [(0.999, True)] * 450 + [(0.999, False)] * 50
    scales = memory_scales(sure, DECAY)
    assert sum(slip * w for _, slip, w in scales) > 0.05


def test_more_reviews_narrow_the_spread():
    few, many = (memory_scales(outcomes(1.0, 0.0, n), DECAY) for n in (20, 2000))
    assert len(many) < len(few)


def prediction(score: float, passing: float, topic_scores: tuple[float, float]) -> Prediction:
    topics = tuple(TopicScore(t, s) for t, s in zip(("a", "b"), topic_scores))
    return Prediction(score, passing, topics, ())


def test_blend_is_the_weighted_mean_and_names_the_topics_below_the_pass_mark():
    mixed = blend(
        [prediction(0.9, 1.0, (0.9, 0.8)), prediction(0.5, 0.0, (0.5, 0.6))], [0.25, 0.75], 0.7
    )
    assert mixed.predicted_score == pytest.approx(0.6)
    assert mixed.pass_probability == pytest.approx(0.25)
    assert [t.predicted_score for t in mixed.by_topic] == pytest.approx([0.6, 0.65])
    assert mixed.weakest_topics == ("a", "b")


def test_blend_of_one_prediction_is_that_prediction():
    only = prediction(0.9, 0.97, (0.9, 0.8))
    assert blend([only], [1.0], 0.7) is only


def test_each_review_answer_counts_half_an_observation(monkeypatch):
    def flat(scales):
        return [x for point in scales for x in point]

    answers = outcomes(1.5, 0.03, 300)
    tempered = flat(memory_scales(answers, DECAY))
    # half of each answer's log-likelihood: the same as a quarter of each, counted twice
    monkeypatch.setattr(calibration, "TEMPER", 0.25)
    assert flat(memory_scales(answers + answers, DECAY)) == pytest.approx(tempered)
    # and not the full likelihood, which is surer
    monkeypatch.setattr(calibration, "TEMPER", 1.0)
    assert len(memory_scales(answers, DECAY)) < len(tempered) // 3


def test_the_model_error_moves_a_middling_chance_a_few_points_and_a_sure_one_hardly():
    points = with_model_error(((1.0, 0.0, 1.0),))
    assert sum(w for *_, w in points) == pytest.approx(1.0)
    moved = [chance(0.85, 1.0, offset) for _, _, offset, _ in points]
    assert moved[1] == 0.85 and 0.03 < 0.85 - moved[0] < 0.08 and 0.03 < moved[2] - 0.85 < 0.08
    assert 0.85 - moved[0] > moved[2] - 0.85  # on the log-odds: more room below than above
    assert [chance(0.999, 1.0, o) for _, _, o, _ in points] == pytest.approx([0.999] * 3, abs=1e-3)
    assert chance(1.0, 0.97, 0.4) == pytest.approx(0.97 / (0.97 + 0.03 * 2.718281828**-0.4))


def bundled_exam():
    from quizkit.base.paths import bundled_decks_dir
    from quizkit.deck.library import load_library

    deck = load_library([bundled_decks_dir()]).decks[0]
    return deck, deck.exams[0]


@pytest.mark.parametrize("seed", range(6))
def test_interpolated_points_predict_as_every_point_exact(seed):
    """blend_points predicts some grid points by interpolation: on the bundled exam, for learners
    with a few reviews (a wide posterior, many points), within a tenth of a point of pass
    probability of predicting every point exactly, with far fewer exact predictions."""
    from quizkit.exam.layout import assemble_from_recalls, exam_layout
    from quizkit.exam.readiness import predict

    deck, exam = bundled_exam()
    layout = exam_layout(deck, exam)
    rng = random.Random(seed)
    studied = rng.sample(deck.cards, rng.randrange(len(deck.cards) // 3, len(deck.cards)))
    recalls = {card.id: rng.uniform(0.5, 1.0) ** rng.uniform(0.5, 3.0) for card in studied}
    points = with_model_error(memory_scales(outcomes(rng.uniform(0.5, 2), 0.03, 40, seed), DECAY))
    calls = []

    def predict_at(scale, slip, offset):
        calls.append(scale)
        chances = {
            c: chance(scaled_recall(r, scale, DECAY), 1 - slip, offset) for c, r in recalls.items()
        }
        return predict(exam.questions, exam.pass_mark, assemble_from_recalls(layout, chances))

    exact = blend([predict_at(*p[:3]) for p in points], [p[3] for p in points], exam.pass_mark)
    every = len(calls)
    calls.clear()
    fast = calibration.blend_points(points, predict_at, exam.pass_mark)
    assert fast.pass_probability == pytest.approx(exact.pass_probability, abs=1e-3)
    assert fast.predicted_score == pytest.approx(exact.predicted_score, abs=1e-3)
    assert len(calls) <= 0.7 * every


def test_points_off_the_grid_or_at_its_ends_are_predicted_exactly():
    points = ((1.0, 0.0, 0.0, 0.5), (2.0, 0.0, 0.0, 0.3), (2.5, 0.0, 0.0, 0.2))  # uneven steps
    asked = []

    def predict_at(scale, slip, offset):
        asked.append(scale)
        return prediction(0.5, 0.5, (0.5, 0.5))

    calibration.blend_points(points, predict_at, 0.6)
    assert sorted(asked) == [1.0, 2.0, 2.5]
