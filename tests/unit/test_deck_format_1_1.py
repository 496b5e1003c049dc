"""Deck format 1.1: groups, shuffle, typo tolerance, sides, cloze alternatives, exam keys."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from quizkit.deck.loader import LoadedDeck, parse_deck
from quizkit.deck.problems import DeckError
from quizkit.study.grading import grade_typed
from tests.samples import DECK_HEAD

HEAD = DECK_HEAD  # 9 lines: a body's first line is line 10


def load(body: str, head: str = HEAD) -> LoadedDeck:
    return parse_deck((head + textwrap.dedent(body)).encode("utf-8"), Path("demo.toml"))


def errors(body: str, head: str = HEAD) -> list[tuple[int, int, str]]:
    with pytest.raises(DeckError) as raised:
        load(body, head)
    return [(p.line, p.col, p.message) for p in raised.value.errors]


CHOICE = """
[[cards]]
id = "deepest"
type = "choice"
question = "Which lies deepest?"
choices = ["maximus", "medius", "minimus"]
answer = "minimus"
"""


@pytest.mark.parametrize("version", ["1", "1.1", '"1.1"', '"1"'])
def test_format_1_and_1_1_both_load(version):
    loaded = load(CHOICE, HEAD.replace("format = 1", f"format = {version}"))
    assert [c.id for c in loaded.deck.cards] == ["deepest"]


@pytest.mark.parametrize("version", ["1.2", '"2"', "0"])
def test_other_format_versions_are_refused(version):
    assert errors(CHOICE, HEAD.replace("format = 1", f"format = {version}"))


def test_a_format_1_deck_without_the_new_keys_gets_their_defaults_and_keeps_its_hashes():
    loaded = load(CHOICE)
    (card,) = loaded.deck.cards
    assert (card.group, card.shuffle, card.typo_tolerance, card.sides) == (None, True, True, None)
    assert card.fact_key == "n:deepest"
    assert loaded.deck.options.typo_tolerance is True
    # A hash computed before format 1.1: a format 1 deck must not look edited.
    assert card.content_hash == "902ba9dc9639ef7d"


def test_cards_of_one_group_share_a_fact_key_and_others_keep_their_note():
    loaded = load("""
        [[cards]]
        id = "a"
        group = "deepest"
        type = "typed"
        question = "Deepest?"
        answer = "minimus"

        [[cards]]
        id = "b"
        group = "deepest"
        type = "truefalse"
        statement = "The minimus lies deepest."
        answer = true

        [[cards]]
        id = "c"
        type = "cloze"
        text = "{{c1::a}} {{c2::b}}"
    """)
    keys = [c.fact_key for c in loaded.deck.cards]
    assert keys == ["g:deepest", "g:deepest", "n:c", "n:c"]


def test_a_group_that_is_not_an_id_is_an_error_at_its_column():
    (error,) = errors(
        '[[cards]]\nid = "a"\ngroup = "Deep one"\ntype = "basic"\nfront = "f"\nback = "b"\n'
    )
    assert error[:2] == (12, 9)  # at the value
    assert 'group in [[cards]] of type "basic" is "Deep one", which is not a valid id' in error[2]


def test_shuffle_false_keeps_the_written_order_and_is_only_for_choice_cards():
    (card,) = load(CHOICE + "shuffle = false\n").deck.cards
    assert card.shuffle is False
    (error,) = errors(
        '[[cards]]\nid = "a"\ntype = "basic"\nfront = "f"\nback = "b"\nshuffle = false\n'
    )
    assert error[0] == 15 and "shuffle is for choice cards" in error[2]


def test_typo_tolerance_comes_from_the_card_else_the_deck_option():
    head = HEAD.replace(
        'title = "Demo deck"\n', 'title = "Demo deck"\n\n[deck.options]\ntypo_tolerance = false\n'
    )
    loaded = load(
        """
        [[cards]]
        id = "a"
        type = "typed"
        question = "Deepest?"
        answer = "minimus"

        [[cards]]
        id = "b"
        type = "typed"
        typo_tolerance = true
        question = "Deepest?"
        answer = "minimus"
        """,
        head,
    )
    assert loaded.deck.options.typo_tolerance is False
    a, b = loaded.deck.cards
    assert (a.typo_tolerance, b.typo_tolerance) == (False, True)
    assert grade_typed(a, "minimsu").score == 0.0
    verdict = grade_typed(b, "minimsu")
    assert (verdict.score, verdict.almost, verdict.expected) == (1.0, True, "minimus")


def test_typo_tolerance_must_be_true_or_false():
    (error,) = errors(
        '[[cards]]\nid = "a"\ntype = "typed"\nquestion = "q"\nanswer = "a"\ntypo_tolerance = "no"\n'
    )
    assert error[0] == 15 and "must be true or false" in error[2]


def test_reversible_sides_are_swapped_on_the_reverse_card():
    front, back = load("""
        [[cards]]
        id = "gmed"
        type = "reversible"
        front = "Gmed"
        back = "Gluteus medius"
        sides = ["Abbreviation", "Muscle"]
    """).deck.cards
    assert front.sides == ("Abbreviation", "Muscle")
    assert back.sides == ("Muscle", "Abbreviation")


def test_sides_need_exactly_two_names():
    body = '[[cards]]\nid = "g"\ntype = "reversible"\nfront = "f"\nback = "b"\nsides = ["a", "b", "c"]\n'
    (error,) = errors(body)
    assert error[0] == 15 and "takes at most 2" in error[2]


def test_cloze_alternatives_follow_each_deletion_text():
    c1, c2 = load("""
        [[cards]]
        id = "layers"
        type = "cloze"
        text = "The {{c1::gluteus maximus}} covers it; {{c2::flat feet}} strain it."
        accept = { c1 = ["maximus", "gluteus max"], c2 = ["flat foot"] }
    """).deck.cards
    assert c1.correct == ("gluteus maximus", "maximus", "gluteus max")
    assert c2.correct == ("flat feet", "flat foot")
    assert grade_typed(c2, "Flat foot").correct


def test_cloze_alternatives_for_a_missing_deletion_are_an_error():
    body = '[[cards]]\nid = "x"\ntype = "cloze"\ntext = "{{c1::a}}"\naccept = { c2 = ["b"] }\n'
    (error,) = errors(body)
    assert error[0] == 14
    assert "accept has answers for c2, but the text has no deletion c2" in error[2]


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        ('{ first = ["b"] }', 'has the key "first": name a deletion number'),
        ('{ c1 = "b" }', "must be a list of strings"),
        ("{ c1 = [] }", "needs at least 1 entry"),
        ('["b"]', "must be a table of deletions"),
    ],
)
def test_malformed_cloze_alternatives_say_what_to_write(accept, wanted):
    body = f'[[cards]]\nid = "x"\ntype = "cloze"\ntext = "{{{{c1::a}}}}"\naccept = {accept}\n'
    (error,) = errors(body)
    assert wanted in error[2]


EXAM = """
[[cards]]
id = "a"
topic = "muscles"
type = "truefalse"
statement = "s"
answer = true

[[exams]]
id = "final"
title = "Final"
questions = 1
pass_mark = 0.5
"""


def test_exam_1_1_keys_have_defaults_and_are_read():
    (plain,) = load(EXAM).deck.exams
    assert (plain.shuffle_questions, plain.shuffle_choices) == (True, True)
    assert (plain.delay_between_attempts, plain.review) == (None, "after_submit")
    body = EXAM + (
        'shuffle_questions = false\nshuffle_choices = false\ndelay_between_attempts = "24h"\n'
        'review = "score_only"\n'
    )
    (exam,) = load(body).deck.exams
    assert (exam.shuffle_questions, exam.shuffle_choices) == (False, False)
    assert (exam.delay_between_attempts, exam.review) == (timedelta(hours=24), "score_only")


def test_an_unknown_review_mode_lists_the_two():
    (error,) = errors(EXAM + 'review = "answers"\n')
    assert "one of after_submit, score_only" in error[2]


def test_exam_content_hash_changes_with_its_table_and_with_the_cards_it_can_draw():
    (exam,) = load(EXAM).deck.exams
    assert len(exam.content_hash) == 64
    assert load(EXAM).deck.exams[0].content_hash == exam.content_hash
    assert load(EXAM + "attempts = 2\n").deck.exams[0].content_hash != exam.content_hash
    reworded = EXAM.replace('statement = "s"', 'statement = "t"')
    assert load(reworded).deck.exams[0].content_hash != exam.content_hash
    another_deck_card = EXAM + '\n[[cards]]\nid = "z"\ntype = "basic"\nfront = "f"\nback = "b"\n'
    assert load(another_deck_card).deck.exams[0].content_hash == exam.content_hash


def test_every_problem_of_a_card_shows_in_one_run_with_columns_at_the_values():
    body = (
        '[[cards]]\nid = "c"\ntype = "choice"\nquestion = "Which?"\nchoices = ["a", "b"]\n'
        'answer = "z"\nexplian = "typo"\ntopic = "legs"\n'
    )
    assert errors(body) == [
        (15, 10, 'answer "z" is not among the choices: copy it exactly from choices'),
        (16, 1, 'unknown key "explian" in [[cards]] of type "choice": did you mean "explain"?'),
        (17, 9, 'unknown topic "legs" (known topics: muscles)'),
    ]
