"""Groups in exams: lint counts a blueprint's pool in facts, and a draw takes one card per fact."""

from __future__ import annotations

import random
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from quizkit.deck.loader import LoadedDeck, parse_deck
from quizkit.deck.problems import DeckError
from quizkit.exam.draw import draw_questions

HEAD = """\
format = 1.1

[deck]
id = "demo"
title = "Demo deck"

[[topics]]
id = "a"
title = "A"

[[topics]]
id = "b"
title = "B"
"""


def load(body: str) -> LoadedDeck:
    return parse_deck((HEAD + textwrap.dedent(body)).encode(), Path("demo.toml"))


def problems(body: str) -> list[tuple[str, str]]:
    with pytest.raises(DeckError) as raised:
        load(body)
    return [(p.severity, p.message) for p in raised.value.problems]


def tf(card_id: str, topic: str, group: str | None = None) -> str:
    grouped = f'group = "{group}"\n' if group else ""
    return (
        f'[[cards]]\nid = "{card_id}"\ntopic = "{topic}"\n{grouped}type = "truefalse"\n'
        f'statement = "Statement {card_id}."\nanswer = true\n\n'
    )


CLOZE = '[[cards]]\nid = "three"\ntopic = "b"\ntype = "cloze"\ntext = "{{c1::x}} {{c2::y}} {{c3::z}}"\n\n'


def exam(questions: int, *draws: tuple[str, int]) -> str:
    text = f'[[exams]]\nid = "final"\ntitle = "Final"\nquestions = {questions}\npass_mark = 0.5\n'
    for topic, count in draws:
        text += f'\n[[exams.draw]]\ntopic = "{topic}"\ncount = {count}\n'
    return text


def test_a_cloze_of_three_deletions_is_one_fact_for_a_blueprint():
    (problem,) = [p for p in problems(CLOZE + exam(1, ("b", 3))) if p[0] == "error"][:1]
    assert problem[1] == (
        'the exam draws 3 questions from topic "b", which has 3 gradable cards (choice, '
        "truefalse, typed, cloze) but only 1 fact to draw, since an exam asks one card per "
        "group and per cloze note: lower count or add cards to the topic"
    )
    assert load(CLOZE + exam(1, ("b", 1))).deck.exams


def test_cards_of_one_group_count_once_in_a_topic_and_in_the_deck():
    body = tf("x1", "a", "x") + tf("x2", "a", "x") + tf("x3", "a", "x") + tf("y", "a")
    errors = [m for s, m in problems(body + exam(3, ("a", 3))) if s == "error"]
    assert any("but only 2 facts to draw" in m and 'topic "a"' in m for m in errors)
    assert any(m.startswith("the exam asks 3 questions but the deck has 4") for m in errors)
    assert load(body + exam(2, ("a", 2))).deck.exams


def test_counts_are_of_the_cards_as_written_broken_or_not():
    broken = (
        '[[cards]]\nid = "bad"\ntopic = "a"\ntype = "choice"\nquestion = "q"\n'
        'choices = ["x", "y"]\nanswer = "z"\n\n'
    )
    errors = [m for s, m in problems(tf("ok", "a") + broken + exam(3)) if s == "error"]
    assert 'answer "z" is not among the choices: copy it exactly from choices' in errors
    assert any("the deck has only 2 gradable cards" in m for m in errors), errors


def test_a_group_spread_over_topics_is_a_warning_naming_them():
    loaded = load(tf("x1", "a", "x") + tf("x2", "b", "x"))
    (warning,) = loaded.warnings
    assert warning.severity == "warning" and warning.line == 24  # the second card's topic
    assert 'the cards of group "x" are in topics a, b' in warning.message


def test_a_thousand_draws_never_put_two_cards_of_one_fact_in_one_exam():
    body = (
        tf("g1-a", "a", "g1")
        + tf("g1-b", "a", "g1")
        + tf("g1-c", "a", "g1")
        + tf("g2-a", "a", "g2")
        + tf("g2-b", "a", "g2")
        + tf("solo-1", "a")
        + tf("g3-a", "b", "g3")
        + tf("g3-b", "b", "g3")
        + CLOZE
        + tf("solo-2", "b")
    )
    deck = load(body + exam(6, ("a", 3), ("b", 3))).deck
    (the_exam,) = deck.exams
    rng = random.Random(7)
    seen_cards: Counter[str] = Counter()
    for _ in range(1000):
        questions = draw_questions(deck, the_exam, rng)
        assert len(questions) == 6
        facts = [card.fact_key for card in questions]
        assert len(set(facts)) == len(facts), facts
        seen_cards.update(card.id for card in questions)
    # Every card of every group still gets its turn.
    assert set(seen_cards) == {card.id for card in deck.cards}
