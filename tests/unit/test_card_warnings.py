"""Lint's whole-deck warnings: right answers stuck in one position, and give-aways."""

from __future__ import annotations

import random
from pathlib import Path

from quizkit.deck.card_warnings import give_aways, position_bias
from quizkit.deck.lint import lint_paths
from quizkit.deck.loader import parse_deck
from tests.samples import DECK_HEAD


def deck(body: str):
    return parse_deck((DECK_HEAD + body).encode(), Path("demo.toml")).deck


def choice(card_id: str, options: list[str], right: str | list[str], extra: str = "") -> str:
    key = (
        f'answer = "{right}"'
        if isinstance(right, str)
        else f"answers = {right!r}".replace("'", '"')
    )
    listed = ", ".join(f'"{o}"' for o in options)
    return (
        f'[[cards]]\nid = "{card_id}"\ntype = "choice"\nquestion = "Question {card_id}?"\n'
        f"choices = [{listed}]\n{key}\n{extra}\n"
    )


def test_right_answers_always_first_are_named_in_one_warning():
    body = "".join(choice(f"q{n}", ["a", "b", "c", "d"], "a") for n in range(10))
    (warning,) = position_bias(deck(body))
    assert warning.severity == "warning" and warning.line == 10
    assert warning.message.startswith(
        "the right answer is option 1 in 10 of 10 single-answer choice cards, where chance "
        "would give about 2"
    )
    assert "q0, q1, q2, q3, q4, q5, q6, q7 and 2 more" in warning.message


def test_right_answers_spread_as_chance_would_are_not_a_warning():
    rng = random.Random(3)
    cards = []
    for n in range(40):
        options = ["a", "b", "c", "d"]
        rng.shuffle(options)
        cards.append(choice(f"q{n}", options, "a"))
    assert position_bias(deck("".join(cards))) == []


def test_a_few_cards_in_one_position_are_chance_not_a_warning():
    body = "".join(choice(f"q{n}", ["a", "b", "c"], "a") for n in range(4))
    assert position_bias(deck(body)) == []


def test_multi_answer_cards_listing_right_answers_first_are_a_warning():
    body = "".join(choice(f"m{n}", ["a", "b", "c", "d", "e", "f"], ["a", "b"]) for n in range(10))
    (warning,) = position_bias(deck(body))
    assert "a right answer is option 1 in 10 of 10 multi-answer choice cards" in warning.message


def test_cards_that_keep_their_order_on_purpose_are_left_out():
    body = "".join(
        choice(f"q{n}", ["a", "b", "all of these"], "all of these", "shuffle = false")
        for n in range(12)
    )
    assert position_bias(deck(body)) == []


TYPED = """[[cards]]
id = "deepest-typed"
type = "typed"
question = "Which gluteal muscle lies deepest?"
answer = "gluteus minimus"

"""
DEEPEST_CHOICE = """[[cards]]
id = "deepest-choice"
type = "choice"
question = "Which of the gluteal muscles lies deepest?"
choices = ["Gluteus maximus", "Gluteus medius", "Gluteus minimus"]
answer = "Gluteus minimus"
"""


def test_a_choice_card_showing_a_typed_cards_answer_on_the_same_question_is_a_warning():
    (warning,) = give_aways(deck(TYPED + DEEPEST_CHOICE))
    assert warning.line == 16
    assert warning.message.startswith(
        'this card\'s options show "Gluteus minimus", the answer card "deepest-typed" (line 10) '
        "asks for"
    )


def test_variants_in_one_group_do_not_give_each_other_away():
    grouped = (
        (TYPED + DEEPEST_CHOICE)
        .replace('type = "typed"', 'group = "deepest"\ntype = "typed"')
        .replace('type = "choice"', 'group = "deepest"\ntype = "choice"')
    )
    assert give_aways(deck(grouped)) == []


def test_the_same_answer_to_an_unrelated_question_is_not_a_give_away():
    other = DEEPEST_CHOICE.replace(
        "Which of the gluteal muscles lies deepest?", "Pain in the front of the knee comes from?"
    )
    assert give_aways(deck(TYPED + other)) == []


def test_a_cloze_deletion_is_given_away_too():
    cloze = (
        '[[cards]]\nid = "deep-cloze"\ntype = "cloze"\n'
        'text = "The gluteal muscle that lies deepest is the {{c1::gluteus minimus}}."\n\n'
    )
    (warning,) = give_aways(deck(cloze + DEEPEST_CHOICE))
    assert '"deep-cloze/c1"' in warning.message


def test_lint_reports_the_warnings_with_the_loaders(tmp_path):
    path = tmp_path / "deck.toml"
    path.write_text(DECK_HEAD + TYPED + DEEPEST_CHOICE, encoding="utf-8")
    report = lint_paths([path])
    assert [p.line for p in report.problems] == [16]
    assert report.warnings == 1 and report.errors == 0
