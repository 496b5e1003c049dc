"""Loading valid decks: every card type, topics, options, exams, positions and card identity."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from quizkit.deck.answers import cloze_deletions, normalise_answer, typed_answer_matches
from quizkit.deck.loader import LoadedDeck, derived_note_id, load_deck, parse_deck
from quizkit.deck.model import Card
from tests.samples import DECK_HEAD

HEAD = DECK_HEAD  # 9 lines: a body's first line is line 10


def load(body: str, head: str = HEAD) -> LoadedDeck:
    text = head + textwrap.dedent(body)
    return parse_deck(text.encode("utf-8"), Path("demo.toml"))


def cards_by_id(loaded: LoadedDeck) -> dict[str, Card]:
    return {c.id: c for c in loaded.deck.cards}


# -- card types ----------------------------------------------------------------------
def test_basic_card_has_its_question_answer_topic_tags_explanation_and_line():
    loaded = load("""
        [[cards]]
        id = "gmed-abduction"
        topic = "muscles"
        type = "basic"
        front = "Which way does the gluteus medius move the leg?"
        back = "Away from the midline."
        explain = "It abducts the hip."
        tags = ["movement", "hip"]
    """)
    (card,) = loaded.deck.cards
    assert (card.id, card.note_id, card.deck_id, card.kind) == (
        "gmed-abduction",
        "gmed-abduction",
        "demo",
        "basic",
    )
    assert card.prompt == "Which way does the gluteus medius move the leg?"
    assert card.answer == "Away from the midline."
    assert (card.topic, card.tags, card.explain) == (
        "muscles",
        ("movement", "hip"),
        "It abducts the hip.",
    )
    assert card.line == 11  # the [[cards]] line
    assert not card.gradable and not card.id_generated
    assert loaded.warnings == ()


def test_reversible_card_makes_two_sibling_cards_asked_both_ways():
    loaded = load("""
        [[cards]]
        id = "gmed"
        type = "reversible"
        front = "Gmed"
        back = "Gluteus medius"
    """)
    forward, reverse = loaded.deck.cards
    assert (forward.id, forward.prompt, forward.answer) == ("gmed", "Gmed", "Gluteus medius")
    assert (reverse.id, reverse.prompt, reverse.answer) == (
        "gmed/reverse",
        "Gluteus medius",
        "Gmed",
    )
    assert forward.note_id == reverse.note_id == "gmed"
    assert forward.line == reverse.line == 11


def test_cloze_card_makes_one_sibling_card_per_deletion_number():
    loaded = load("""
        [[cards]]
        id = "layers"
        type = "cloze"
        text = "The {{c1::gluteus maximus}} covers the {{c2::gluteus medius::a muscle}}, which covers the {{c1::minimus}}."
    """)
    c1, c2 = loaded.deck.cards
    assert (c1.id, c2.id) == ("layers/c1", "layers/c2")
    assert c1.note_id == c2.note_id == "layers"
    assert (c1.cloze_ordinal, c2.cloze_ordinal) == (1, 2)
    # c1 hides both c1 deletions and shows c2's answer; c2 shows its hint.
    assert c1.prompt == "The [...] covers the gluteus medius, which covers the [...]."
    assert c2.prompt == "The gluteus maximus covers the [a muscle], which covers the minimus."
    assert (
        c1.answer
        == c2.answer
        == ("The gluteus maximus covers the gluteus medius, which covers the minimus.")
    )
    assert c1.correct == ("gluteus maximus", "minimus") and c2.correct == ("gluteus medius",)
    assert c1.cloze_text == c2.cloze_text and c1.gradable


def test_cloze_deletions_read_answer_and_hint():
    (plain, hinted) = cloze_deletions("{{c1::answer}} and {{c2::other::the hint}}")
    assert (plain.ordinal, plain.answer, plain.hint) == (1, "answer", None)
    assert (hinted.ordinal, hinted.answer, hinted.hint) == (2, "other", "the hint")


def test_choice_card_with_one_answer_is_single_select():
    loaded = load("""
        [[cards]]
        id = "q"
        type = "choice"
        question = "Which muscle lies deepest?"
        choices = ["Maximus", "Medius", "Minimus"]
        answer = "Minimus"
    """)
    (card,) = loaded.deck.cards
    assert card.choices == ("Maximus", "Medius", "Minimus")
    assert card.correct == ("Minimus",) and card.answer == "Minimus"
    assert not card.multiple and card.gradable


def test_choice_card_with_answers_is_multi_select():
    loaded = load("""
        [[cards]]
        id = "q"
        type = "choice"
        question = "Which are gluteal muscles?"
        choices = ["Maximus", "Medius", "Psoas"]
        answers = ["Maximus", "Medius"]
    """)
    (card,) = loaded.deck.cards
    assert card.multiple and card.correct == ("Maximus", "Medius")
    assert card.answer == "Maximus; Medius"


def test_truefalse_card_answers_true_or_false():
    loaded = load("""
        [[cards]]
        id = "yes"
        type = "truefalse"
        statement = "The Gmed stabilises the pelvis."
        answer = true

        [[cards]]
        id = "no"
        type = "truefalse"
        statement = "The Gmed is the largest gluteal muscle."
        answer = false
    """)
    yes, no = loaded.deck.cards
    assert (yes.prompt, yes.answer, yes.correct) == (
        "The Gmed stabilises the pelvis.",
        "True",
        ("true",),
    )
    assert (no.answer, no.correct) == ("False", ("false",))


def test_typed_card_accepts_its_answer_and_the_alternatives():
    loaded = load("""
        [[cards]]
        id = "deepest"
        type = "typed"
        question = "Which gluteal muscle lies deepest?"
        answer = "gluteus minimus"
        accept = ["minimus", "glute min"]
    """)
    (card,) = loaded.deck.cards
    assert card.correct == ("gluteus minimus", "minimus", "glute min")
    assert typed_answer_matches("  Gluteus   MINIMUS. ", card.correct)
    assert typed_answer_matches("minimus!", card.correct)
    assert not typed_answer_matches("gluteus medius", card.correct)
    assert not typed_answer_matches("   ", card.correct)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Gluteus  Minimus", "gluteus minimus"),
        ("  gluteus minimus.  ", "gluteus minimus"),
        ("ball-and-socket", "ball and socket"),
        ("Morton's", "morton"),
        ("Morton\u2019s", "morton"),
        ("\uff27\uff4d\uff45\uff44", "gmed"),  # full-width letters fold like plain ones
    ],
)
def test_typed_matching_ignores_case_spacing_and_punctuation(given, expected):
    assert normalise_answer(given) == expected


# -- deck, options, topics, exams ---------------------------------------------------
def test_deck_metadata_source_options_and_topics_are_read():
    loaded = load(
        """
        [[cards]]
        id = "c"
        type = "basic"
        topic = "muscles"
        front = "f"
        back = "b"
    """,
        head="""\
format = 1

[deck]
id = "demo"
title = "Demo deck"
description = "What it covers."
version = "2026.1"
language = "en"

[deck.source]
title = "An article"
publisher = "A publisher"

[deck.options]
desired_retention = 0.85
new_per_day = 5
reviews_per_day = 50
learning_steps = ["30s", "5m", "1h"]
relearning_steps = ["10m"]
maximum_interval = "365d"

[[topics]]
id = "muscles"
title = "Muscles"
""",
    )
    deck = loaded.deck
    assert (deck.id, deck.title, deck.description, deck.version, deck.language) == (
        "demo",
        "Demo deck",
        "What it covers.",
        "2026.1",
        "en",
    )
    assert deck.source == {"title": "An article", "publisher": "A publisher"}
    options = deck.options
    assert (options.desired_retention, options.new_per_day, options.reviews_per_day) == (
        0.85,
        5,
        50,
    )
    assert options.learning_steps == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=1),
    )
    assert options.relearning_steps == (timedelta(minutes=10),)
    assert options.maximum_interval == timedelta(days=365)
    assert [(t.id, t.title) for t in deck.topics] == [("muscles", "Muscles")]
    assert deck.topic_title("muscles") == "Muscles"


def test_exam_with_draw_blueprint_is_read():
    loaded = load("""
        [[cards]]
        id = "t1"
        type = "truefalse"
        topic = "muscles"
        statement = "s1"
        answer = true

        [[cards]]
        id = "t2"
        type = "truefalse"
        topic = "muscles"
        statement = "s2"
        answer = false

        [[exams]]
        id = "final"
        title = "Final exam"
        description = "Certifies the basics."
        questions = 2
        pass_mark = 0.5
        time_limit = "90s"
        attempts = 2
        grading = "last"

        [[exams.draw]]
        topic = "muscles"
        count = 2
    """)
    (exam,) = loaded.deck.exams
    assert (exam.id, exam.deck_id, exam.title, exam.description) == (
        "final",
        "demo",
        "Final exam",
        "Certifies the basics.",
    )
    assert (exam.questions, exam.pass_mark, exam.attempts, exam.grading) == (2, 0.5, 2, "last")
    assert exam.time_limit == timedelta(seconds=90)
    assert [(d.topic, d.count) for d in exam.draws] == [("muscles", 2)]


def test_exam_defaults_are_unlimited_attempts_highest_grading_and_no_time_limit():
    loaded = load("""
        [[cards]]
        id = "t1"
        type = "truefalse"
        statement = "s1"
        answer = true

        [[exams]]
        id = "quiz"
        title = "Quiz"
        questions = 1
        pass_mark = 1
    """)
    (exam,) = loaded.deck.exams
    assert (exam.attempts, exam.grading, exam.time_limit, exam.pass_mark) == (
        0,
        "highest",
        None,
        1.0,
    )


def test_deck_options_default_when_absent():
    loaded = load("""
        [[cards]]
        id = "c"
        type = "basic"
        front = "f"
        back = "b"
    """)
    options = loaded.deck.options
    assert (options.desired_retention, options.new_per_day, options.reviews_per_day) == (
        0.9,
        20,
        200,
    )
    assert options.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))


# -- file encodings and positions -----------------------------------------------------
def test_windows_line_endings_and_a_byte_order_mark_are_accepted_with_the_same_lines():
    text = HEAD + '\n[[cards]]\nid = "c"\ntype = "basic"\nfront = "f"\nback = "b"\n'
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    (card,) = parse_deck(data, Path("demo.toml")).deck.cards
    assert card.line == 11


def test_card_lines_count_past_multiline_strings_and_unicode_line_separators():
    loaded = load('''
        [[cards]]
        id = "a"
        type = "basic"
        front = """A question
        [[cards]]
        that spans lines"""
        back = "one\u2028two"

        [[cards]]
        id = "b"
        type = "basic"
        front = "f"
        back = "b"
    ''')
    a, b = loaded.deck.cards
    assert (a.line, b.line) == (11, 19)


def test_load_deck_reads_a_file(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(
        HEAD + '[[cards]]\nid = "c"\ntype = "basic"\nfront = "f"\nback = "b"\n', "utf-8"
    )
    loaded = load_deck(path)
    assert loaded.deck.path == path and len(loaded.deck.content_hash) == 64


def test_a_deck_without_cards_loads_with_a_warning():
    loaded = load("")
    assert loaded.deck.cards == ()
    (warning,) = loaded.warnings
    assert (warning.severity, warning.line) == ("warning", 3)
    assert warning.message == "the deck has no cards yet: add [[cards]] tables"


# -- identity: ids across edits, renames and removals ------------------------------------
BASIC = """
[[cards]]
id = "{id}"
type = "basic"
front = "{front}"
back = "{back}"
"""


def test_editing_card_text_keeps_its_id_and_changes_its_content_hash():
    before = cards_by_id(load(BASIC.format(id="gmed", front="Old question?", back="Old answer")))
    after = cards_by_id(load(BASIC.format(id="gmed", front="New question?", back="New answer")))
    assert set(before) == set(after) == {"gmed"}
    assert before["gmed"].content_hash != after["gmed"].content_hash


def test_unchanged_card_keeps_its_content_hash_when_other_cards_change():
    first = load(
        BASIC.format(id="a", front="A?", back="A") + BASIC.format(id="b", front="B?", back="B")
    )
    second = load(
        BASIC.format(id="a", front="A?", back="A") + BASIC.format(id="b", front="B2?", back="B2")
    )
    assert cards_by_id(first)["a"].content_hash == cards_by_id(second)["a"].content_hash


def test_reordering_and_removing_cards_keeps_the_other_ids():
    a, b, c = (BASIC.format(id=n, front=f"{n}?", back=n) for n in "abc")
    original = cards_by_id(load(a + b + c))
    reordered = cards_by_id(load(c + a + b))
    removed = cards_by_id(load(c + a))
    assert set(original) == set(reordered) == {"a", "b", "c"}
    assert set(removed) == {"a", "c"}
    for card_id in removed:
        assert removed[card_id].content_hash == original[card_id].content_hash


def test_editing_a_cloze_keeps_the_ids_of_its_remaining_deletions():
    before = load('[[cards]]\nid = "z"\ntype = "cloze"\ntext = "{{c1::A}} and {{c2::B}}"\n')
    after = load('[[cards]]\nid = "z"\ntype = "cloze"\ntext = "{{c1::A, edited}} only"\n')
    assert [c.id for c in before.deck.cards] == ["z/c1", "z/c2"]
    assert [c.id for c in after.deck.cards] == ["z/c1"]


def test_card_without_id_gets_a_content_derived_id_and_a_warning():
    loaded = load("""
        [[cards]]
        type = "basic"
        front = "Which way does the gluteus medius move the leg?"
        back = "Away from the midline."
    """)
    (card,) = loaded.deck.cards
    assert card.id_generated
    assert card.id == derived_note_id(
        "basic", {"front": "Which way does the gluteus medius move the leg?"}
    )
    assert card.id.startswith("basic-")
    (warning,) = loaded.warnings
    assert (warning.severity, warning.line, warning.col) == ("warning", 11, 1)
    assert warning.message == (
        f'card has no "id": it gets "{card.id}" from its text, so editing the text will reset its '
        "progress; run `quizkit lint --fix-ids` to write stable ids"
    )


def test_derived_id_survives_moving_the_card_and_editing_its_answer_but_not_its_question():
    card = BASIC.replace('id = "{id}"\n', "")
    first = load(card.format(front="Q?", back="A") + BASIC.format(id="x", front="X?", back="X"))
    moved = load(BASIC.format(id="x", front="X?", back="X") + card.format(front="Q?", back="A2"))
    edited = load(card.format(front="Q, edited?", back="A"))
    derived = {c.id for c in first.deck.cards if c.id_generated}
    assert derived == {c.id for c in moved.deck.cards if c.id_generated}
    assert derived.isdisjoint(c.id for c in edited.deck.cards)


def test_derived_ids_of_sibling_cards_follow_the_note():
    loaded = load('[[cards]]\ntype = "cloze"\ntext = "{{c1::A}} {{c2::B}}"\n')
    note = derived_note_id("cloze", {"text": "{{c1::A}} {{c2::B}}"})
    assert [c.id for c in loaded.deck.cards] == [f"{note}/c1", f"{note}/c2"]
    assert len(loaded.warnings) == 1  # one warning per note, not per card


def test_renaming_the_file_or_moving_a_card_to_another_deck_keeps_card_ids(tmp_path):
    card = BASIC.format(id="gmed", front="Q?", back="A")
    old = tmp_path / "old-name.toml"
    old.write_text(HEAD + card, encoding="utf-8")
    renamed = tmp_path / "new-name.toml"
    old.rename(renamed)
    other = tmp_path / "other.toml"
    other.write_text(HEAD.replace('id = "demo"', 'id = "other"') + card, encoding="utf-8")
    (before,) = parse_deck((HEAD + card).encode(), old).deck.cards
    (after_rename,) = load_deck(renamed).deck.cards
    (moved,) = load_deck(other).deck.cards
    assert before.id == after_rename.id == moved.id == "gmed"
    assert before.content_hash == after_rename.content_hash == moved.content_hash
    assert moved.deck_id == "other"
