"""`quizkit export --format gift`: a bank Moodle imports, and GIFT -> TOML -> GIFT keeps every question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizkit.cli.main import main
from quizkit.deck.loader import load_deck
from quizkit.interop.gift_blocks import unescape
from quizkit.interop.gift_read import read_gift
from quizkit.interop.gift_write import escape, single_choice_mark, write_gift

MOODLE = Path(__file__).resolve().parents[1] / "fixtures" / "moodle"
ALL_TYPES = Path(__file__).resolve().parents[1] / "fixtures" / "all-types.toml"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZKIT_DATA", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def gift_to_toml_to_gift(tmp_path: Path, source: Path) -> tuple[Path, Path]:
    first = tmp_path / "first.toml"
    assert main(["import", str(source), "--out", str(first)]) == 0
    bank = tmp_path / "bank.gift"
    assert main(["export", "--format", "gift", str(first), "--out", str(bank)]) == 0
    return first, bank


def test_gift_to_toml_to_gift_keeps_every_supported_question(tmp_path):
    _, bank = gift_to_toml_to_gift(tmp_path, MOODLE / "hip.gift")
    original = read_gift((MOODLE / "hip.gift").read_text(), MOODLE / "hip.gift", "first")
    again = read_gift(bank.read_text(), bank, "first")
    assert again.cards == original.cards
    assert again.topics == original.topics
    assert again.notices == []


def test_a_second_round_writes_the_same_bank(tmp_path):
    _, bank = gift_to_toml_to_gift(tmp_path, MOODLE / "hip.gift")
    second = tmp_path / "second"
    second.mkdir()
    _, bank_again = gift_to_toml_to_gift(second, bank)
    strip = lambda text: text.split("\n", 1)[1]  # noqa: E731 (the header names the deck)
    assert strip(bank_again.read_text()) == strip(bank.read_text())


def test_the_cards_a_deck_file_loads_come_back_alike(tmp_path):
    first, bank = gift_to_toml_to_gift(tmp_path, MOODLE / "hip.gift")
    back = tmp_path / "back.toml"
    assert main(["import", str(bank), "--out", str(back)]) == 0
    essence = lambda c: (c.id, c.kind, c.prompt, c.choices, c.correct, c.topic, c.tags, c.explain)  # noqa: E731
    assert [essence(c) for c in load_deck(back).deck.cards] == [
        essence(c) for c in load_deck(first).deck.cards
    ]


def test_several_right_options_carry_weights_that_sum_to_100_and_wrong_ones_to_minus_100():
    deck = load_deck(ALL_TYPES).deck
    bank = write_gift(deck).text
    for block in re.findall(r"\{([^{}]*~%[^{}]*)\}", bank):
        weights = [float(w) for w in re.findall(r"~%(-?[0-9.]+)%", block)]
        assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=1e-3)
        negative = [w for w in weights if w < 0]
        assert not negative or sum(negative) == pytest.approx(-100, abs=1e-3)
    assert "~%" in bank


def test_self_graded_cards_are_counted_out_loud(tmp_path, capsys):
    assert main(["export", "--format", "gift", str(ALL_TYPES)]) == 0
    captured = capsys.readouterr()
    assert "self-graded: not in GIFT" in captured.err
    assert captured.out.startswith("// ")


def test_topics_become_categories():
    deck = load_deck(ALL_TYPES).deck
    bank = write_gift(deck).text
    for topic in deck.topics:
        if any(c.topic == topic.id and c.gradable for c in deck.cards):
            assert f"$CATEGORY: $course$/top/{topic.title}\n" in bank


def test_an_existing_file_is_kept_without_force(tmp_path, capsys):
    out = tmp_path / "bank.gift"
    out.write_text("mine")
    assert main(["export", "--format", "gift", str(ALL_TYPES), "--out", str(out)]) == 1
    assert out.read_text() == "mine"
    assert main(["export", "--format", "gift", str(ALL_TYPES), "--out", str(out), "--force"]) == 0
    assert out.read_text().startswith("// ")


def test_gift_needs_a_deck_and_attempt_formats_refuse_one(capsys):
    assert main(["export", "--format", "gift"]) == 2
    assert main(["export", "--format", "csv", "some-deck"]) == 2


def test_an_unknown_deck_id_is_named(capsys):
    assert main(["export", "--format", "gift", "no-such-deck"]) == 1
    assert "no deck with id 'no-such-deck'" in capsys.readouterr().err


# Text an author may write: GIFT's reserved characters, backslashes, line breaks.
_TEXT = st.text(
    alphabet=st.sampled_from(list("ab Z9:#=~{}\\\n%-_>/[]*")), min_size=1, max_size=30
).filter(lambda t: re.search(r"[A-Za-z0-9]", t) and t == t.strip() and "\n\n" not in t)


@given(_TEXT)
def test_escaped_text_reads_back_as_written(text):
    assert unescape(escape(text)) == text


@settings(max_examples=60, deadline=None)
@given(question=_TEXT, options=st.lists(_TEXT, min_size=2, max_size=4, unique=True))
@example(question="9", options=["9", "%9%:"])  # an option that reads like a weight
@example(question="9", options=["%9%", "a"])
def test_any_choice_question_survives_the_round_trip(question, options):
    source = (
        "::q::"
        + escape(question)
        + "{"
        + "".join(single_choice_mark(o, i == 0) + escape(o) + "\n" for i, o in enumerate(options))
        + "}\n"
    )
    card = read_gift(source, Path("b.gift"), "b").cards[0]
    assert (card["question"], card["choices"], card["answer"]) == (question, options, options[0])


def test_a_bank_of_a_loaded_deck_imports_beside_it_with_its_ids_moved_aside(tmp_path, capsys):
    bank = tmp_path / "gm.gift"
    assert main(["export", "--format", "gift", "gluteus-medius", "--out", str(bank)]) == 0
    capsys.readouterr()
    assert main(["import", str(bank)]) == 0
    captured = capsys.readouterr()
    assert "is another deck's: this card is 'gm-gmed-" in captured.err
    # Both decks load together: no card id is used twice.
    assert main(["lint"]) == 0, capsys.readouterr().out


def test_an_out_name_that_is_another_decks_id_is_refused(tmp_path, capsys):
    other = tmp_path / "data" / "quizkit" / "decks"
    other.mkdir(parents=True)
    assert main(["import", str(MOODLE / "hip.gift"), "--out", str(other / "hip.toml")]) == 0
    out = tmp_path / "elsewhere" / "hip.toml"
    assert main(["import", str(MOODLE / "hip.gift"), "--out", str(out)]) == 1
    assert "the deck id 'hip'" in capsys.readouterr().err and not out.exists()
    # Into the same file again (with --force) is an update, not a clash.
    assert (
        main(["import", str(MOODLE / "hip.gift"), "--out", str(other / "hip.toml"), "--force"]) == 0
    )
