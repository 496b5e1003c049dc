"""`quizkit import FILE.txt` in Moodle's Aiken format: one-answer choice cards; Anki's text still goes to Anki."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.interop.aiken_read import read_aiken
from quizkit.interop.imported import ImportFailed

MOODLE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_DATA", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def test_aiken_questions_become_one_answer_choice_cards():
    deck = read_aiken((MOODLE / "hip.txt").read_text(), MOODLE / "hip.txt", "hip")
    assert [(c["question"], c["choices"], c["answer"]) for c in deck.cards] == [
        (
            "Which gluteal muscle lies deepest?",
            ["Gluteus maximus", "Gluteus medius", "Gluteus minimus"],
            "Gluteus minimus",
        ),
        (
            "Which nerve supplies the gluteus maximus?",
            ["Superior gluteal nerve", "Inferior gluteal nerve"],
            "Inferior gluteal nerve",
        ),
        ("A question written\non two lines?", ["Yes", "No"], "Yes"),
    ]
    assert deck.lines == [1, 6, 11]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Q?\nA. a\nB. b\nANSWER: C\n", 4, "names no option: write one of A, B"),
        ("Q?\nA. a\nANSWER: A\n", 3, "at least two options"),
        ("ANSWER: A\n", 1, "no question before it"),
        ("Q?\nA. a\nB. b\n", 1, "no ANSWER: line"),
        ("Q?\nA. a\nA. b\nANSWER: A\n", 3, "written twice"),
        ("Q?\nA. a\nB. b\nstray\nANSWER: A\n", 4, "neither an option"),
    ],
)
def test_bad_aiken_names_the_line_and_what_to_change(text, line, words):
    with pytest.raises(ImportFailed) as failed:
        read_aiken(text, Path("q.txt"), "q")
    problem = failed.value.problems[0]
    assert problem.line == line and words in problem.message


def test_import_of_an_aiken_file_writes_a_lint_clean_deck(tmp_path, capsys):
    out = tmp_path / "aiken.toml"
    assert main(["import", str(MOODLE / "hip.txt"), "--out", str(out)]) == 0
    assert "(Aiken)" in capsys.readouterr().err
    assert [c.kind for c in load_deck(out).deck.cards] == ["choice"] * 3
    assert main(["lint", str(out)]) == 0


def test_a_bad_aiken_file_writes_nothing(tmp_path, capsys):
    source = tmp_path / "bad.txt"
    source.write_text("Q?\nA. a\nB. b\nANSWER: Z\n")
    out = tmp_path / "bad.toml"
    assert main(["import", str(source), "--out", str(out)]) == 1
    assert f"{source}:4:1: error: ANSWER: Z names no option" in capsys.readouterr().err
    assert not out.exists()


def test_a_txt_without_answer_lines_is_still_anki_text(tmp_path, capsys):
    source = tmp_path / "notes.txt"
    source.write_text("#separator:tab\nfront one\tback one\nfront two\tback two\n")
    out = tmp_path / "notes.toml"
    assert main(["import", str(source), "--out", str(out)]) == 0
    assert [c.kind for c in load_deck(out).deck.cards] == ["basic", "basic"]
