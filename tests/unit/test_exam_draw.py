"""Drawing an attempt: the blueprint, one card per fact, and the order questions and options come in."""

from __future__ import annotations

import random
from pathlib import Path

from quizkit.exam.draw import draw_attempt
from tests.samples import DECK_HEAD

EXAM_DECK = Path(__file__).parents[1] / "fixtures" / "exam-deck.toml"

GROUPED = (
    DECK_HEAD
    + "".join(
        f"""
[[cards]]
id = "form-{n}"
type = "truefalse"
topic = "muscles"
group = "{"medius" if n < 3 else f"fact-{n}"}"
statement = "Statement {n}"
answer = true
"""
        for n in range(6)
    )
    + """
[[cards]]
id = "ordered"
type = "choice"
topic = "muscles"
question = "How many?"
choices = ["one", "two", "three", "four"]
answer = "two"
shuffle = false

[[exams]]
id = "grouped"
title = "Grouped"
questions = 4
pass_mark = 0.5
attempts = 0
grading = "last"
"""
)


def test_at_most_one_card_per_group_is_drawn(write_deck, open_workspace):
    deck = open_workspace(write_deck(GROUPED)).decks[0]
    for seed in range(30):
        questions = draw_attempt(
            deck, deck.exams[0], random.Random(seed), shuffle_questions=True, shuffle_choices=True
        )
        grouped = [q for q in questions if q.card_id in ("form-0", "form-1", "form-2")]
        assert len(grouped) <= 1


def test_a_choice_card_written_shuffle_false_keeps_its_order(write_deck, open_workspace):
    deck = open_workspace(write_deck(GROUPED)).decks[0]
    for seed in range(20):
        questions = draw_attempt(
            deck, deck.exams[0], random.Random(seed), shuffle_questions=True, shuffle_choices=True
        )
        for question in questions:
            if question.card_id == "ordered":
                assert question.choices == ("one", "two", "three", "four")


def test_shuffle_choices_and_shuffle_questions_off_keep_the_written_order(open_workspace):
    deck = open_workspace(EXAM_DECK).decks[0]
    card_order = [c.id for c in deck.cards]
    options = {c.id: c.choices for c in deck.cards}
    shuffled_once = False
    for seed in range(10):
        kept = draw_attempt(
            deck, deck.exams[0], random.Random(seed), shuffle_questions=False, shuffle_choices=False
        )
        ids = [q.card_id for q in kept]
        assert ids == sorted(ids, key=card_order.index)
        assert all(q.choices == options[q.card_id] for q in kept)
        mixed = draw_attempt(
            deck, deck.exams[0], random.Random(seed), shuffle_questions=True, shuffle_choices=True
        )
        shuffled_once |= any(q.choices != options[q.card_id] for q in mixed)
    assert shuffled_once
