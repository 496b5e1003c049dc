"""Readiness maths: guessing levels, and exactness against enumerating every draw and outcome."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from quizkit.deck.model import Draw, Exam
from quizkit.exam.draw import draw_questions
from quizkit.exam.guessing import guess_marks, mean_mark
from quizkit.exam.layout import assemble_from_recalls, build_layout
from quizkit.exam.readiness import Unfillable, predict, score_distribution
from tests.unit.readiness_brute import (
    brute_distribution,
    card,
    card_outcomes,
    draw_chances,
    small_deck,
)

F = Fraction


def exam(questions: int, pass_mark: float, *draws: tuple[str, int]) -> Exam:
    return Exam(
        id="x",
        deck_id="d",
        title="X",
        questions=questions,
        pass_mark=pass_mark,
        time_limit=None,
        attempts=0,
        grading="highest",
        draws=tuple(Draw(topic, count) for topic, count in draws),
    )


def predicted(cards, the_exam, recall):
    layout = build_layout(cards, the_exam)
    return predict(the_exam.questions, the_exam.pass_mark, assemble_from_recalls(layout, recall))


def predicted_distribution(cards, the_exam, recall) -> dict[Fraction, float]:
    layout = build_layout(cards, the_exam)
    strata = assemble_from_recalls(layout, recall)
    rest = the_exam.questions - sum(count for _, count in layout.strata)
    from quizkit.exam.readiness import _unit

    unit = _unit(strata)
    dist = score_distribution(strata, rest, unit)
    return {F(units, unit * the_exam.questions): p for units, p in dist.items() if p > 1e-15}


# -- guessing levels ------------------------------------------------------------------------
def test_a_guess_scores_nothing_on_typed_and_cloze_half_on_true_false_one_in_n_on_choice():
    assert mean_mark(guess_marks(card("t", "typed"))) == 0
    assert mean_mark(guess_marks(card("c", "cloze"))) == 0
    assert mean_mark(guess_marks(card("tf", "truefalse"))) == 0.5
    three = card("ch", "choice", choices=("a", "b", "c"), correct=("a",))
    assert mean_mark(guess_marks(three)) == pytest.approx(1 / 3)


def test_a_guess_on_several_answer_choice_earns_the_partial_credit_grading_gives():
    # 4 options, 2 right: every one of the 16 subsets marked by grade_choice, on average
    multi = card("m", "choice", choices=("a", "b", "c", "d"), correct=("a", "b"))
    by_grading = card_outcomes(multi, 0.0)
    assert dict(guess_marks(multi)) == pytest.approx(by_grading)
    # {a}: 1/2; {a, c}: 1/2 - 1/2 = 0; {a, b}: 1; {a, b, c}: 1/2 ...
    assert mean_mark(guess_marks(multi)) == pytest.approx(
        sum(float(m) * p for m, p in by_grading.items())
    )
    five = card("f", "choice", choices=tuple("abcde"), correct=("a", "b", "c"))
    assert dict(guess_marks(five)) == pytest.approx(card_outcomes(five, 0.0))
    assert F(1, 6) in dict(guess_marks(five))


def test_a_never_studied_deck_predicts_the_guessing_level():
    cards = [
        card("t1", "typed", topic="a"),
        card("tf1", "truefalse", topic="a"),
        card("ch1", "choice", topic="a", choices=("x", "y", "z", "w"), correct=("x",)),
        card("t2", "typed", topic="a"),
    ]
    result = predicted(cards, exam(4, 0.5, ("a", 4)), {})
    assert result.predicted_score == pytest.approx((0 + 0.5 + 0.25 + 0) / 4)
    # pass = at least 2 of tf and choice right: 1/2 * 1/4
    assert result.pass_probability == pytest.approx(0.125)


# -- exactness against enumeration ----------------------------------------------------------
KINDS = ("typed", "cloze", "truefalse", "single3", "single4", "multi42", "multi53", "multi33")


def random_cards(rng: random.Random, facts: int, topics: tuple[str | None, ...]):
    cards = []
    for n in range(facts):
        topic = rng.choice(topics)
        variants = 2 if rng.random() < 0.3 else 1
        # variants: the cards of one note (cloze deletions), or notes of one group
        grouped = variants > 1 and rng.random() < 0.5
        for v in range(variants):
            kind = rng.choice(KINDS)
            cid, note = f"f{n}v{v}", (f"f{n}v{v}" if grouped else f"f{n}")
            group = f"g{n}" if grouped else None
            if kind.startswith("single"):
                options = tuple("abcd"[: int(kind[-1])])
                cards.append(
                    card(
                        cid,
                        "choice",
                        topic=topic,
                        note=note,
                        group=group,
                        choices=options,
                        correct=("a",),
                    )
                )
            elif kind.startswith("multi"):
                options = tuple("abcde"[: int(kind[-2])])
                right = options[: int(kind[-1])]
                cards.append(
                    card(
                        cid,
                        "choice",
                        topic=topic,
                        note=note,
                        group=group,
                        choices=options,
                        correct=right,
                    )
                )
            else:
                cards.append(card(cid, kind, topic=topic, note=note, group=group))
    return cards


CASES = [
    # (seed, facts, topics, questions, pass mark, draws)
    (1, 5, ("a",), 3, 0.6, (("a", 3),)),
    (2, 6, ("a", "b"), 3, 0.5, (("a", 1), ("b", 1))),
    (3, 6, ("a", "b", None), 4, 0.75, (("a", 2),)),
    (4, 5, ("a", None), 3, 0.5, ()),
    (5, 7, ("a", "b", "c"), 4, 0.7, (("a", 1), ("b", 2))),
    (6, 4, ("a",), 4, 0.8, (("a", 4),)),
    (7, 6, ("a", "b"), 4, 0.6, (("b", 1),)),
    (8, 6, ("a", "b", None), 3, 0.66, (("a", 1), ("b", 1))),
    (9, 8, ("a", "b"), 4, 0.8, (("a", 2), ("b", 2))),
    (10, 7, ("a", "b", "c", None), 4, 0.5, (("a", 1), ("c", 1))),
    (11, 6, ("a",), 4, 0.6, (("a", 2),)),
    (12, 9, ("a", "b"), 3, 1.0, (("a", 1),)),
]


@pytest.mark.parametrize(("seed", "facts", "topics", "questions", "pass_mark", "draws"), CASES)
def test_the_score_distribution_is_exactly_the_enumerated_one(
    seed, facts, topics, questions, pass_mark, draws
):
    rng = random.Random(seed)
    cards = random_cards(rng, facts, topics)
    for draw_topic, count in draws:
        # make each blueprint line fillable
        while len({c.fact_key for c in cards if c.topic == draw_topic}) < count:
            cards += random_cards(rng, 1, (draw_topic,))
            cards[-1].note_id = cards[-1].id = f"extra{len(cards)}"
    the_exam = exam(questions, pass_mark, *draws)
    # some cards never studied, some forgotten, some known
    recall = {c.id: rng.choice((0.05, 0.3, 0.5, 0.8, 0.97)) for c in cards if rng.random() < 0.8}
    brute = brute_distribution(cards, the_exam, recall)
    ours = predicted_distribution(cards, the_exam, recall)
    assert set(ours) <= set(brute)
    for score, p in brute.items():
        assert ours.get(score, 0.0) == pytest.approx(p, abs=1e-12), score
    result = predicted(cards, the_exam, recall)
    brute_pass = sum(p for score, p in brute.items() if score >= F(str(pass_mark)))
    assert result.pass_probability == pytest.approx(brute_pass, abs=1e-12)
    assert result.predicted_score == pytest.approx(
        sum(float(s) * p for s, p in brute.items()), abs=1e-12
    )


def test_a_blueprint_the_deck_cannot_fill_is_refused():
    cards = [card("a1", "typed", topic="a"), card("b1", "typed", topic="b")]
    with pytest.raises(Unfillable):
        predicted(cards, exam(2, 0.5, ("a", 2)), {})
    with pytest.raises(Unfillable):
        predicted(cards, exam(3, 0.5), {})


def test_the_real_draw_draws_as_the_prediction_assumes():
    """Each set of cards comes up as often from ``draw_questions`` as the model says."""
    rng = random.Random(21)
    cards = random_cards(rng, 7, ("a", "b", None))
    while len({c.fact_key for c in cards if c.topic == "a"}) < 2:
        cards += random_cards(rng, 1, ("a",))
        cards[-1].note_id = cards[-1].id = f"extra{len(cards)}"
    the_exam = exam(3, 0.5, ("a", 2))
    deck = small_deck(cards, the_exam)
    chances = draw_chances(deck, the_exam)
    runs = 20_000
    seen: dict[tuple[str, ...], int] = {}
    draw = random.Random(5)
    for _ in range(runs):
        key = tuple(sorted(c.id for c in draw_questions(deck, the_exam, draw)))
        seen[key] = seen.get(key, 0) + 1
    assert set(seen) <= set(chances)
    for key, p in chances.items():
        sigma = (p * (1 - p) / runs) ** 0.5
        assert abs(seen.get(key, 0) / runs - p) < 5 * sigma + 1e-9, key


def test_lucky_guesses_are_counted_once_fsrs_learned_from_right_answers():
    # FSRS says 0.8 for a true/false card: it learned from right answers, lucky ones included,
    # so the chance of a right answer is 0.8 (recall 0.6, plus half of the rest), not 0.9.
    cards = [card("tf", "truefalse", topic="a"), card("t", "typed", topic="a")]
    result = predicted(cards, exam(1, 1.0, ("a", 1)), {"tf": 0.8, "t": 0.8})
    assert result.predicted_score == pytest.approx(0.8)
    # below the guessing level FSRS's figure says nothing more than a guess
    assert predicted(cards[:1], exam(1, 1.0, ("a", 1)), {"tf": 0.3}).predicted_score == 0.5


@pytest.mark.parametrize(
    "the_card",
    [
        card("tf", "truefalse"),
        card("c3", "choice", choices=("a", "b", "c"), correct=("a",)),
        card("m4", "choice", choices=tuple("abcd"), correct=("a", "b")),
        card("m5", "choice", choices=tuple("abcde"), correct=tuple("abcde")),
        card("t", "typed"),
        card("z", "cloze"),
    ],
)
def test_the_guess_byte_sqlite_reads_is_the_chance_of_full_marks(the_card):
    from quizkit.exam.guessing import full_mark_chance, guess_denominator

    d = guess_denominator(the_card)
    assert (1 / d if d else 0.0) == pytest.approx(full_mark_chance(guess_marks(the_card)))
