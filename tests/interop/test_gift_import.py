"""`quizkit import FILE.gift`: Moodle's GIFT question types into deck cards, as Moodle reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.interop.gift_read import read_gift
from quizkit.interop.imported import ImportFailed

MOODLE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_DATA", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def read(text: str):
    return read_gift(text, Path("bank.gift"), "bank")


def cards_of(name: str) -> dict[str, dict]:
    deck = read_gift((MOODLE / name).read_text(), MOODLE / name, "hip")
    return {card["id"]: card for card in deck.cards}


def test_a_one_answer_question_keeps_its_options_id_tags_and_feedback():
    card = cards_of("hip.gift")["hip-deepest"]
    assert card == {
        "id": "hip-deepest",
        "topic": "hip-muscles",
        "type": "choice",
        "question": "Which gluteal muscle lies deepest?",
        "choices": ["Gluteus maximus", "Gluteus medius", "Gluteus minimus"],
        "answer": "Gluteus minimus",
        "explain": "The minimus lies under the medius.\n"
        "Gluteus maximus: The most superficial.\nGluteus minimus: Yes: under the medius.",
        "tags": ["gluteal", "anatomy"],
    }


def test_weights_make_a_several_right_question_of_the_positive_options():
    cards = cards_of("hip.gift")
    assert cards["hip-abductors"]["answers"] == ["Gluteus medius", "Gluteus minimus"]
    assert "answer" not in cards["hip-abductors"]
    assert cards["hip-three-right"]["answers"] == [
        "Gluteus maximus",
        "Gluteus medius",
        "Gluteus minimus",
    ]


def test_true_false_in_each_spelling_with_right_feedback_first():
    cards = [c for c in cards_of("hip.gift").values() if c["type"] == "truefalse"]
    assert [c["answer"] for c in cards] == [True, False, True, False]
    assert cards[0]["explain"] == "Right.\nNo: look at the nerve again."


def test_short_answers_keep_their_alternatives_and_a_bare_answer_counts():
    cards = [c for c in cards_of("hip.gift").values() if c["type"] == "typed"]
    assert cards[0]["answer"] == "inferior gluteal nerve"
    assert cards[0]["accept"] == ["inferior gluteal"]
    assert cards[1]["answer"] == "femur"
    assert cards[2] == cards[2] | {"question": "How many gluteal muscles are there?", "answer": "3"}


def test_missing_word_choices_get_a_blank_and_missing_word_answers_a_cloze():
    cards = list(cards_of("hip.gift").values())
    choice = next(c for c in cards if c.get("question", "").startswith("The gluteus medius"))
    assert choice["question"] == "The gluteus medius _____ the hip."
    cloze = next(c for c in cards if c["type"] == "cloze")
    assert cloze["text"] == "The gluteus {{c1::medius}} inserts on the greater trochanter."
    assert cloze["accept"] == {"c1": ["middle"]}
    assert cloze["explain"] == "middle: The middle one."


def test_escapes_newlines_and_html_come_out_as_plain_text():
    cards = cards_of("hip.gift")
    escapes = cards["hip-escapes-all"]
    assert escapes["question"] == (
        "Ratio 1:2, a {brace}, a # hash, a ~ tilde, a = sign, a \\ backslash."
    )
    assert escapes["choices"] == ["a { b", "c } d"]
    assert cards["hip-newline"]["statement"] == "First line\nsecond line"
    assert cards["hip-html"]["statement"] == "What is this & that?"


def test_categories_become_topics_without_moodles_context_and_top():
    deck = read_gift((MOODLE / "hip.gift").read_text(), MOODLE / "hip.gift", "hip")
    assert deck.topics == {"hip-muscles": "Hip/Muscles", "escapes": "Escapes"}
    assert {c["topic"] for c in deck.cards} == {"hip-muscles", "escapes"}


def test_comment_lines_are_not_questions_and_a_url_in_text_is_not_a_comment():
    deck = read("// one comment\n// another\n\nSee http://example.org {T}\n")
    assert [c["statement"] for c in deck.cards] == ["See http://example.org"]


def test_every_unsupported_question_is_named_with_its_line():
    deck = read_gift((MOODLE / "unsupported.gift").read_text(), Path("u.gift"), "u")
    assert [c["statement"] for c in deck.cards] == ["And one that is kept."]
    said = [(n.line, n.message.split(" ")[1]) for n in deck.notices]
    assert said == [
        (2, "numerical"),
        (4, "numerical"),
        (6, "essay"),
        (8, "matching"),
        (13, "with"),
    ]
    assert all(n.message.endswith("left out") for n in deck.notices)


def test_lossy_conversions_are_said_not_hidden():
    deck = read("Q? {=a ~%50%b ~c}\n\nW? {~%70%a ~%30%b ~c}\n\nS? {=x =%50%y}\n")
    assert [n.line for n in deck.notices] == [1, 3, 5]
    assert deck.cards[2]["answer"] == "x" and "accept" not in deck.cards[2]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Q {=a", 1, "do not close with }"),
        ("Fine {T}\n\nQ } x", 3, "a } with no {"),
        ("Two {=a}\nand {=b}", 2, "a second {"),
        ("Opt {=a =b ~c}", 1, "two options are marked ="),
        ("Opt {~a ~b}", 1, "no option is right"),
        ("Opt {=a ~a}", 1, "written twice"),
        ("Opt {=a}more{", 1, "a second {"),
        ("{=a =b}", 1, "no text"),
        ("Odd {= ?}", 1, "no letters or digits"),
        ("Q \\", 1, "a lone \\ at the end"),
        ("Q {=a#fb#more}", 1, "a second # after an answer's feedback"),
        ("Q {~a =b ####why ~c}", 1, "goes last, after every answer"),
        ("$CATEGORY: Hip\nQ {T}", 2, "leave a blank line after it"),
        ("Q {T}\n$CATEGORY: Hip", 2, "leave a blank line before it"),
    ],
)
def test_bad_questions_name_their_line_and_what_to_change(text, line, words):
    with pytest.raises(ImportFailed) as failed:
        read(text)
    problem = failed.value.problems[0]
    assert (problem.line, problem.severity) == (line, "error")
    assert words in problem.message


def test_import_writes_a_lint_clean_deck_and_prints_its_path(tmp_path, capsys):
    out = tmp_path / "hip-bank.toml"
    assert main(["import", str(MOODLE / "hip.gift"), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    deck = load_deck(out).deck
    assert deck.id == "hip-bank"
    assert len(deck.cards) == 13
    assert main(["lint", str(out)]) == 0


def test_import_into_the_user_decks_folder_by_default(tmp_path, capsys):
    assert main(["import", str(MOODLE / "hip.gift")]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == tmp_path / "data" / "quizkit" / "decks" / "hip.toml"
    assert written.is_file()


def test_bad_input_exits_1_names_file_and_line_and_writes_nothing(tmp_path, capsys):
    bank = tmp_path / "bad.gift"
    bank.write_text("Good {T}\n\nBad {=a\n\nAlso bad {~a ~b}\n")
    out = tmp_path / "bad.toml"
    assert main(["import", str(bank), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bank}:3:" in err and f"{bank}:5:1: error: no option is right" in err
    assert "nothing was imported" in err
    assert not out.exists()


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path, capsys):
    bank = tmp_path / "latin1.gift"
    bank.write_bytes("Good {T}\n\nCaf\xe9 {T}\n".encode("latin-1"))
    assert main(["import", str(bank), "--out", str(tmp_path / "x.toml")]) == 1
    assert f"{bank}:3:1: error: the file is not UTF-8" in capsys.readouterr().err


def test_a_file_of_only_unsupported_questions_is_an_error(tmp_path, capsys):
    bank = tmp_path / "essays.gift"
    bank.write_text("Write.{}\n")
    assert main(["import", str(bank), "--out", str(tmp_path / "x.toml")]) == 1
    err = capsys.readouterr().err
    assert "no question quizkit can ask" in err and "essay" in err
