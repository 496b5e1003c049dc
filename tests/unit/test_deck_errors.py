"""Every deck error: its message says what to change, and it points at the right line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizkit.deck.cache import DeckCache
from quizkit.deck.library import load_library
from quizkit.deck.loader import parse_deck
from quizkit.deck.problems import DeckError
from tests.samples import DECK_HEAD

HEAD = DECK_HEAD  # 9 lines: a body's first line is line 10


def problems(body: str, head: str = HEAD) -> list[tuple[int, str, str]]:
    """(line, severity, message) of every problem in the deck ``head + body``."""
    text = head + textwrap.dedent(body).lstrip("\n")
    with pytest.raises(DeckError) as raised:
        parse_deck(text.encode("utf-8"), Path("demo.toml"))
    return [(p.line, p.severity, p.message) for p in raised.value.problems]


def error(body: str, head: str = HEAD) -> tuple[int, str]:
    """The one error in the deck (warnings aside), as (line, message)."""
    errors = [
        (line, message) for line, severity, message in problems(body, head) if severity == "error"
    ]
    assert len(errors) == 1, errors
    return errors[0]


# -- TOML itself ------------------------------------------------------------------------
def test_toml_syntax_error_names_its_line_and_column():
    text = HEAD + '[[cards]]\nid = "c"\ntype = "basic"\nfront = What is it?\n'
    with pytest.raises(DeckError) as raised:
        parse_deck(text.encode(), Path("demo.toml"))
    (problem,) = raised.value.problems
    assert (problem.line, problem.col) == (13, 9)
    assert problem.message == (
        'TOML syntax: Invalid value: put text in quotes ("..."), and write numbers, '
        "true/false or [lists] bare"
    )
    assert str(problem).startswith("demo.toml:13:9: error: TOML syntax: Invalid value")


def test_toml_syntax_error_at_the_end_of_the_file_points_at_its_last_line():
    assert error('[[cards]]\nid = "c"\nfront = """never closed\n') == (
        12,
        (
            "TOML syntax: Unterminated string at the end of the file: close the string with "
            "the quote it was opened with"
        ),
    )


def test_a_string_left_open_at_the_end_of_its_line_says_how_to_close_it():
    assert error('[[cards]]\nid = "c"\nfront = "never closed\nback = "b"\n') == (
        12,
        (
            "TOML syntax: Illegal character '\\n': a \"...\" string must end on its line: close "
            'the quote, or write text over several lines in """..."""'
        ),
    )


def test_a_key_set_twice_is_a_syntax_error_on_the_second():
    assert error('[[cards]]\nid = "a"\nid = "b"\n') == (
        12,
        (
            "TOML syntax: Cannot overwrite a value: this key is already set in this table: "
            "keep one of the two"
        ),
    )


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte():
    data = (HEAD + '[[cards]]\nfront = "caf').encode() + b'\xe9"\n'
    with pytest.raises(DeckError) as raised:
        parse_deck(data, Path("demo.toml"))
    (problem,) = raised.value.problems
    assert (problem.line, problem.col) == (11, 13)
    assert problem.message == "the file is not UTF-8 text: save it with the UTF-8 encoding"


# -- keys ---------------------------------------------------------------------------------
def test_unknown_card_key_suggests_the_closest_known_key():
    found = problems("""
        [[cards]]
        id = "c"
        type = "basic"
        frnot = "Question?"
        back = "Answer"
    """)
    assert (
        13,
        "error",
        'unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?',
    ) in found
    assert (
        10,
        "error",
        '[[cards]] of type "basic" is missing the required key "front": add front = "..."',
    ) in found


def test_a_key_of_another_card_type_says_which_types_take_it():
    found = problems("""
        [[cards]]
        id = "c"
        type = "basic"
        front = "Question?"
        answer = "Answer"
    """)
    assert (
        14,
        "error",
        (
            'unknown key "answer" in [[cards]] of type "basic": answer is for choice, '
            "truefalse, typed cards; basic cards have front, back"
        ),
    ) in found


def test_unknown_deck_key_suggests_the_closest_known_key():
    head = HEAD.replace('title = "Demo deck"\n', 'title = "Demo deck"\ntitel = "x"\n')
    assert error("", head=head) == (6, 'unknown key "titel" in [deck]: did you mean "title"?')


def test_unknown_key_without_a_close_match_lists_the_known_keys():
    head = HEAD.replace("[[topics]]\nid", "[[topics]]\ncolour = 1\nid")
    assert error("", head=head) == (8, 'unknown key "colour" in [[topics]] (known keys: id, title)')


def test_a_top_level_key_written_under_deck_says_to_move_it_above():
    head = '[deck]\nid = "demo"\ntitle = "Demo"\nformat = 1\n'
    assert problems("", head=head) == [
        (1, "error", 'the file is missing "format": add format = 1 at the top'),
        (1, "warning", "the deck has no cards yet: add [[cards]] tables"),
        (
            4,
            "error",
            (
                'unknown key "format" in [deck]: format belongs at the top of the file, but '
                "it is written after the [deck] line, so it counts as part of [deck]; move it above [deck]"
            ),
        ),
    ]


def test_a_deck_key_written_at_the_top_says_it_belongs_in_deck():
    head = 'format = 1\ntitle = "Demo"\n[deck]\nid = "demo"\ntitle = "Demo"\n'
    assert error("", head=head) == (
        2,
        (
            'unknown key "title" at the top of the file: title belongs in the [deck] table; move '
            "it below the [deck] line"
        ),
    )


# -- types and values ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "front = 3",
            'front in [[cards]] of type "basic" must be a string in quotes ("..."), not 3',
        ),
        (
            "front = 1979-05-27",
            'front in [[cards]] of type "basic" must be a string in quotes ("..."), not a date',
        ),
        (
            'tags = "anatomy"',
            (
                'tags in [[cards]] of type "basic" must be a list of strings, like ["a", "b"], '
                'not the string "anatomy"'
            ),
        ),
        (
            'tags = ["a", 1]',
            'tags in [[cards]] of type "basic" must be a list of strings, like ["a", "b"], not a list',
        ),
    ],
)
def test_wrong_value_type_names_the_type_wanted_and_the_value_given(line, expected):
    assert error(
        f'[[cards]]\nid = "c"\ntype = "basic"\nback = "b"\n{line}\n'
        + ("" if line.startswith("front") else 'front = "f"\n')
    ) == (14, expected)


def test_truefalse_answer_in_quotes_is_a_wrong_type():
    assert error('[[cards]]\nid = "c"\ntype = "truefalse"\nstatement = "s"\nanswer = "true"\n') == (
        14,
        (
            'answer in [[cards]] of type "truefalse" must be true or false (without quotes), '
            'not the string "true"'
        ),
    )


def test_option_of_the_wrong_type_is_an_error_on_its_line():
    head = HEAD.replace("[[topics]]", '[deck.options]\nnew_per_day = "20"\n\n[[topics]]')
    assert error("", head=head) == (
        8,
        'new_per_day in [deck.options] must be a whole number, not the string "20"',
    )


def test_choice_answer_given_as_a_list_points_to_answers():
    assert error("""
        [[cards]]
        id = "c"
        type = "choice"
        question = "q"
        choices = ["a", "b"]
        answer = ["a", "b"]
    """) == (
        15,
        (
            'answer in [[cards]] of type "choice" must be a string in quotes ("..."), not a list; '
            'for several correct options write answers = ["...", "..."]'
        ),
    )


def test_deck_that_is_not_a_table_is_one_error():
    assert error("", head='format = 1\ndeck = "demo"\n') == (
        2,
        'deck must be a table, written [deck], not the string "demo"',
    )


def test_format_version_other_than_1_asks_for_a_newer_quizkit():
    assert error("", head=HEAD.replace("format = 1", "format = 2")) == (
        1,
        (
            "this file is deck format 2, but this quizkit reads formats 1 and 1.1: upgrade "
            "quizkit, or write format = 1.1"
        ),
    )


# -- missing and empty ------------------------------------------------------------------------
def test_missing_required_card_field_names_it_on_the_card_line():
    assert error('[[cards]]\nid = "c"\ntype = "basic"\nfront = "f"\n') == (
        10,
        '[[cards]] of type "basic" is missing the required key "back": add back = "..."',
    )


def test_missing_card_type_lists_the_types():
    assert error('[[cards]]\nid = "c"\nfront = "f"\nback = "b"\n') == (
        10,
        (
            '[[cards]] is missing the required key "type": add type = "basic" (one of basic, '
            "reversible, cloze, choice, truefalse, typed)"
        ),
    )


def test_unknown_card_type_suggests_the_closest_type():
    assert error('[[cards]]\nid = "c"\ntype = "basc"\nfront = "f"\nback = "b"\n') == (
        12,
        (
            'type in [[cards]] is "basc", which is not one of basic, reversible, cloze, choice, '
            'truefalse, typed: did you mean "basic"?'
        ),
    )


def test_missing_format_and_deck_are_reported_together():
    found = problems('[[cards]]\nid = "c"\ntype = "basic"\nfront = "f"\nback = "b"\n', head="")
    assert found == [
        (1, "error", 'the file is missing "format": add format = 1 at the top'),
        (1, "error", "the file has no [deck] table: add one with id and title"),
    ]


def test_missing_deck_id_is_reported_on_the_deck_line():
    assert error("", head=HEAD.replace('id = "demo"\n', "")) == (
        3,
        '[deck] is missing the required key "id": add id = "gluteus-medius"',
    )


def test_empty_text_asks_for_text_or_removal():
    assert error('[[cards]]\nid = "c"\ntype = "basic"\nfront = "   "\nback = "b"\n') == (
        13,
        'front in [[cards]] of type "basic" is empty: write the text or remove the key',
    )


def test_empty_entry_in_a_list_names_its_number():
    assert error(
        '[[cards]]\nid = "c"\ntype = "typed"\nquestion = "q"\nanswer = "a"\naccept = ["b", ""]\n'
    ) == (
        15,
        'accept in [[cards]] of type "typed" has an empty entry (number 2): write its text or remove it',
    )


def test_invalid_id_suggests_a_valid_one():
    assert error('[[cards]]\nid = "Gmed Abduction"\ntype = "basic"\nfront = "f"\nback = "b"\n') == (
        11,
        (
            'id in [[cards]] of type "basic" is "Gmed Abduction", which is not a valid id: use '
            'lowercase letters, digits and single "-", like "gmed-abduction"'
        ),
    )


def test_id_with_a_trailing_newline_is_invalid():
    assert error('[[cards]]\nid = "gmed\\n"\ntype = "basic"\nfront = "f"\nback = "b"\n')[0] == 11


# -- topics ------------------------------------------------------------------------------------
def test_unknown_topic_suggests_the_closest_declared_topic():
    assert error(
        '[[cards]]\nid = "c"\ntype = "basic"\ntopic = "muscle"\nfront = "f"\nback = "b"\n'
    ) == (13, 'unknown topic "muscle": did you mean "muscles"?')


def test_unknown_topic_without_topics_says_to_declare_it():
    head = HEAD.split("[[topics]]")[0]
    assert error(
        '[[cards]]\nid = "c"\ntype = "basic"\ntopic = "legs"\nfront = "f"\nback = "b"\n', head=head
    ) == (10, 'unknown topic "legs": declare it in a [[topics]] table')


def test_duplicate_topic_id_names_the_first_line():
    assert error('[[topics]]\nid = "muscles"\ntitle = "Again"\n') == (
        11,
        'topic id "muscles" is already used on line 8: give this topic another id',
    )


# -- choices and cloze ---------------------------------------------------------------------------
def test_answer_not_among_choices_suggests_the_closest_choice():
    assert error("""
        [[cards]]
        id = "c"
        type = "choice"
        question = "Deepest?"
        choices = ["Gluteus maximus", "Gluteus minimus"]
        answer = "Gluteus minimis"
    """) == (
        15,
        'answer "Gluteus minimis" is not among the choices: did you mean "Gluteus minimus"?',
    )


def test_one_of_several_answers_not_among_choices_is_an_error():
    assert error("""
        [[cards]]
        id = "c"
        type = "choice"
        question = "Gluteal?"
        choices = ["Maximus", "Medius", "Psoas"]
        answers = ["Maximus", "Iliacus"]
    """) == (15, 'answers "Iliacus" is not among the choices: copy it exactly from choices')


def test_choice_with_answer_and_answers_asks_to_keep_one():
    assert error("""
        [[cards]]
        id = "c"
        type = "choice"
        question = "q"
        choices = ["a", "b"]
        answer = "a"
        answers = ["a", "b"]
    """) == (
        16,
        'give either "answer" (one correct option) or "answers" (several), not both: remove one',
    )


def test_choice_without_answer_asks_for_one():
    assert error(
        '[[cards]]\nid = "c"\ntype = "choice"\nquestion = "q"\nchoices = ["a", "b"]\n'
    ) == (
        10,
        (
            'choice card is missing "answer": add answer = "..." (one of the choices), or '
            'answers = ["...", "..."] for several correct options'
        ),
    )


def test_choice_needs_two_distinct_choices():
    assert error(
        '[[cards]]\nid = "c"\ntype = "choice"\nquestion = "q"\nchoices = ["a"]\nanswer = "a"\n'
    ) == (14, 'choices in [[cards]] of type "choice" needs at least 2 entries, not 1: add more')
    assert error(
        '[[cards]]\nid = "c"\ntype = "choice"\nquestion = "q"\nchoices = ["a", "a"]\nanswer = "a"\n'
    ) == (14, 'choices in [[cards]] of type "choice" lists "a" twice: remove one')


def test_cloze_without_deletions_shows_the_syntax():
    assert error('[[cards]]\nid = "c"\ntype = "cloze"\ntext = "Nothing hidden here."\n') == (
        13,
        "cloze text has no deletions: mark the hidden part as {{c1::answer}}",
    )


def test_cloze_with_a_malformed_deletion_quotes_it():
    assert error(
        '[[cards]]\nid = "c"\ntype = "cloze"\ntext = "A {{c1::good}} and {{c2:bad}} one"\n'
    ) == (
        13,
        (
            'text has "{{c2:bad}} one", which is not a cloze deletion: write {{c1::answer}} or '
            "{{c1::answer::hint}}"
        ),
    )


def test_cloze_with_an_empty_deletion_is_an_error():
    assert error('[[cards]]\nid = "c"\ntype = "cloze"\ntext = "A {{c1::}} gap"\n') == (
        13,
        'cloze deletion "{{c1::}}" is empty: write the hidden answer between "::" and "}}"',
    )


def test_cloze_numbers_start_at_one():
    assert error('[[cards]]\nid = "c"\ntype = "cloze"\ntext = "A {{c0::gap}}"\n') == (
        13,
        'cloze deletion c0 in "{{c0::gap}}": numbers start at c1',
    )


def test_typed_answer_without_letters_can_never_match():
    assert error('[[cards]]\nid = "c"\ntype = "typed"\nquestion = "q"\nanswer = "?!"\n') == (
        14,
        (
            'answer "?!" has no letters or digits, so no typed answer can match it: write the '
            "answer in words"
        ),
    )


# -- ids ------------------------------------------------------------------------------------------
def test_duplicate_card_id_names_the_first_card_line():
    card = '[[cards]]\nid = "same"\ntype = "basic"\nfront = "{0}"\nback = "b"\n\n'
    assert error(card.format("one") + card.format("two")) == (
        17,
        'card id "same" is already used on line 10: give this card another id',
    )


def test_two_cards_without_ids_and_the_same_text_clash_and_say_so():
    card = '[[cards]]\ntype = "basic"\nfront = "Same question?"\nback = "{0}"\n\n'
    found = problems(card.format("one") + card.format("two"))
    errors = [(line, message) for line, severity, message in found if severity == "error"]
    assert len(errors) == 1 and errors[0][0] == 15
    assert errors[0][1].startswith(
        'this card has the same text as the card on line 10, so both get the id "basic-'
    )
    assert errors[0][1].endswith('": give one of them an "id"')


def test_a_reversible_and_a_cloze_card_with_one_id_clash():
    found = error(
        '[[cards]]\nid = "x"\ntype = "reversible"\nfront = "f"\nback = "b"\n\n'
        '[[cards]]\nid = "x"\ntype = "cloze"\ntext = "{{c1::a}}"\n'
    )
    assert found == (17, 'card id "x" is already used on line 10: give this card another id')


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_card_id_used_in_two_decks_is_an_error_naming_both_places(tmp_path):
    card = '\n[[cards]]\nid = "shared"\ntype = "basic"\nfront = "f"\nback = "b"\n'
    first = write(tmp_path, "a.toml", HEAD + card)
    second = write(tmp_path, "b.toml", HEAD.replace('"demo"', '"other"') + "\n" + card)
    library = load_library([tmp_path], DeckCache(None))
    assert [d.id for d in library.decks] == ["demo"]
    (failure,) = library.failures
    (problem,) = failure.problems
    assert (problem.path, problem.line, problem.severity) == (second, 12, "error")
    assert problem.message == (
        f'card id "shared" is already used in {first}:11: card ids must be unique across all '
        "decks; give this card another id"
    )


def test_deck_id_used_twice_points_at_the_id_line_of_the_second_deck(tmp_path):
    first = write(tmp_path, "a.toml", HEAD)
    write(tmp_path, "b.toml", "# a comment\n\n" + HEAD)
    library = load_library([tmp_path], DeckCache(None))
    (failure,) = library.failures
    (problem,) = [p for p in failure.problems if p.severity == "error"]
    assert (problem.line, problem.col) == (6, 6)  # the value of id
    assert (
        problem.message == f'deck id "demo" is already used by {first}: give this deck another id'
    )


# -- exams --------------------------------------------------------------------------------------
GRADABLE = """\
[[cards]]
id = "t{0}"
type = "truefalse"
topic = "muscles"
statement = "s{0}"
answer = true

"""
EXAM = """\
[[exams]]
id = "final"
title = "Final"
questions = {questions}
pass_mark = {pass_mark}
time_limit = {time_limit}

"""
# Lines of exam_deck(): cards at 10 and 17; [[exams]] 24, id 25, questions 27,
# pass_mark 28, time_limit 29; extra from line 31 ([[exams.draw]] 31, topic 32, count 33).


def exam_deck(
    questions: int = 2, pass_mark: str = "0.8", time_limit: str = '"20m"', extra: str = ""
) -> str:
    return (
        GRADABLE.format(1)
        + GRADABLE.format(2)
        + EXAM.format(questions=questions, pass_mark=pass_mark, time_limit=time_limit)
        + extra
    )


def test_exam_drawing_more_than_a_topic_has_names_the_counts():
    body = exam_deck(questions=3, extra='[[exams.draw]]\ntopic = "muscles"\ncount = 3\n')
    assert problems(body) == [
        (
            27,
            "error",
            (
                "the exam asks 3 questions but the deck has only 2 gradable cards (choice, "
                "truefalse, typed, cloze): lower questions or add cards"
            ),
        ),
        (
            33,
            "error",
            (
                'the exam draws 3 questions from topic "muscles", which has only 2 gradable '
                "cards (choice, truefalse, typed, cloze): lower count or add cards to the topic"
            ),
        ),
    ]


def test_exam_asking_more_questions_than_gradable_cards_is_an_error():
    assert error(exam_deck(questions=5)) == (
        27,
        (
            "the exam asks 5 questions but the deck has only 2 gradable cards (choice, truefalse, "
            "typed, cloze): lower questions or add cards"
        ),
    )


def test_basic_cards_do_not_count_as_gradable_for_exams():
    basic = '[[cards]]\nid = "b"\ntype = "basic"\ntopic = "muscles"\nfront = "f"\nback = "b"\n\n'
    body = basic + exam_deck(questions=2, extra='[[exams.draw]]\ntopic = "muscles"\ncount = 2\n')
    assert [
        p[:2]
        for p in problems(
            body.replace("questions = 2", "questions = 3").replace("count = 2", "count = 3")
        )
    ] == [(34, "error"), (40, "error")]


def test_exam_draws_adding_up_to_more_than_questions_are_an_error():
    body = exam_deck(questions=1, extra='[[exams.draw]]\ntopic = "muscles"\ncount = 2\n')
    assert error(body) == (
        27,
        "questions is 1 but the draws add up to 2: raise questions or lower the draws",
    )


def test_exam_draws_may_cover_part_of_the_exam():
    body = exam_deck(questions=2, extra='[[exams.draw]]\ntopic = "muscles"\ncount = 1\n')
    text = HEAD + textwrap.dedent(body).lstrip("\n")
    (exam,) = parse_deck(text.encode(), Path("demo.toml")).deck.exams
    assert exam.questions == 2 and exam.draws[0].count == 1


def test_exam_draw_from_an_unknown_topic_suggests_a_topic():
    body = exam_deck(extra='[[exams.draw]]\ntopic = "muscle"\ncount = 2\n')
    assert error(body) == (32, 'unknown topic "muscle": did you mean "muscles"?')


def test_exam_drawing_one_topic_twice_asks_to_merge_the_draws():
    draw = '[[exams.draw]]\ntopic = "muscles"\ncount = 1\n\n'
    assert error(exam_deck(extra=draw + draw)) == (
        36,
        'topic "muscles" is already drawn on line 32: merge the two draws into one',
    )


@pytest.mark.parametrize("pass_mark", ["1.5", "-0.1", "nan", "inf"])
def test_pass_mark_outside_zero_to_one_is_an_error(pass_mark):
    assert error(exam_deck(pass_mark=pass_mark)) == (
        28,
        f"pass_mark in [[exams]] must be between 0 and 1, not {float(pass_mark)}",
    )


@pytest.mark.parametrize(
    ("time_limit", "message"),
    [
        (
            '"20 minutes"',
            (
                'time_limit in [[exams]] is "20 minutes", which is not a duration: write a '
                'number and a unit, like "90s", "10m", "2h" or "3d"'
            ),
        ),
        (
            '"1w"',
            (
                'time_limit in [[exams]] is "1w", which is not a duration: write a number and a unit, '
                'like "90s", "10m", "2h" or "3d"'
            ),
        ),
        ('"0m"', 'time_limit in [[exams]] is "0m": write a duration longer than zero'),
        (
            '"99999999999d"',
            (
                'time_limit in [[exams]] is "99999999999d", which is too long: write at '
                'most "36500d" (100 years)'
            ),
        ),
        ("20", 'time_limit in [[exams]] must be a duration in quotes, like "10m", not 20'),
    ],
)
def test_unparseable_duration_is_an_error_with_the_format(time_limit, message):
    assert error(exam_deck(time_limit=time_limit)) == (29, message)


def test_bad_learning_step_is_an_error_on_the_options_line():
    head = HEAD.replace(
        "[[topics]]", '[deck.options]\nlearning_steps = ["1m", "ten minutes"]\n\n[[topics]]'
    )
    assert error("", head=head) == (
        8,
        (
            'learning_steps in [deck.options] is "ten minutes", which is not a duration: write a '
            'number and a unit, like "90s", "10m", "2h" or "3d"'
        ),
    )


def test_unknown_grading_suggests_a_known_one():
    body = exam_deck(time_limit='"20m"\ngrading = "higest"')
    assert error(body) == (
        30,
        (
            'grading in [[exams]] is "higest", which is not one of highest, '
            'average, first, last: did you mean "highest"?'
        ),
    )


def test_duplicate_exam_id_names_the_first_line():
    body = exam_deck() + EXAM.format(questions=1, pass_mark=0.5, time_limit='"5m"')
    assert error(body) == (
        32,
        'exam id "final" is already used on line 25: give this exam another id',
    )


# -- every problem, in order ------------------------------------------------------------------------
def test_every_problem_in_the_file_is_reported_in_line_order():
    found = problems("""
        [[cards]]
        id = "a"
        type = "basic"
        frnot = "f"
        back = "b"

        [[cards]]
        type = "choice"
        question = "q"
        choices = ["x", "y"]
        answer = "z"

        [[cards]]
        id = "c"
        type = "cloze"
        text = "no deletions"
    """)
    assert [(line, severity) for line, severity, _ in found] == [
        (10, "error"),
        (13, "error"),
        (20, "error"),
        (25, "error"),
    ]
    assert [message for *_, message in found] == [
        '[[cards]] of type "basic" is missing the required key "front": add front = "..."',
        'unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?',
        'answer "z" is not among the choices: copy it exactly from choices',
        "cloze text has no deletions: mark the hidden part as {{c1::answer}}",
    ]


def test_control_characters_in_a_quoted_value_are_escaped_in_the_message():
    assert error(
        '[[cards]]\nid = "c"\ntype = "choice"\nquestion = "q"\nchoices = ["a", "b"]\n'
        'answer = "\\u001b[31mred"\n'
    ) == (15, 'answer "\\x1b[31mred" is not among the choices: copy it exactly from choices')


def test_a_broken_deck_in_the_library_leads_with_its_first_error(tmp_path):
    body = (
        '\n[[cards]]\ntype = "basic"\nfront = "No id"\nback = "b"\n'
        '\n[[cards]]\nid = "c"\ntype = "basic"\nfront = "f"\nbak = "b"\n'
    )
    write(tmp_path, "deck.toml", HEAD + body)
    (failure,) = load_library([tmp_path], DeckCache(None)).failures
    assert [(p.line, p.severity) for p in failure.problems] == [
        (16, "error"),
        (20, "error"),
        (11, "warning"),
    ]
    assert failure.summary == (
        'line 16: [[cards]] of type "basic" is missing the required key "back": add back = "..." '
        "(and 1 more)"
    )
