"""The imported deck is checked in memory, and that is the same as checking the written file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quizkit.deck.loader import parse_deck
from quizkit.interop.anki_deck import checked_deck, document_of
from quizkit.interop.anki_import import _from_collection
from quizkit.interop.anki_read import AnkiPackage
from quizkit.interop.toml_write import render_deck

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "anki"
HOSTILE = [
    'quote " and backslash \\ and \\n literally',
    "tab\tnewline\ncarriage\rform\fbell\x07 nul\x00 del\x7f",
    "[[cards]]",
    "unicode: Glutäus ½ 🦴 \u2028 \u200b \ufeff",
    "'''triple''' \"\"\"quotes\"\"\" ${x} {{c1::cloze}}",
    "",
]


def _fixture_tables(name: str, tick=lambda *a: None):
    with AnkiPackage(FIXTURES / name) as collection:
        notes, topics, title, _card_for, _report = _from_collection(collection, tick)
    return {"id": "physio", "title": title, "description": f"Imported from {name}"}, topics, notes


def _hostile_tables():
    head = {"id": "hostile", "title": HOSTILE[3], "description": HOSTILE[1]}
    topics = [{"id": "t", "title": HOSTILE[0]}]
    notes = [
        {"id": f"n{i}", "topic": "t", "type": "basic", "front": f"q{i} {text}", "back": text + "a"}
        for i, text in enumerate(HOSTILE)
    ]
    notes.append({"id": "c", "type": "choice", "question": "q", "choices": HOSTILE[:3]})
    notes[-1] |= {"answer": HOSTILE[0], "shuffle": False, "tags": ["a", HOSTILE[3]]}
    return head, topics, notes


@pytest.mark.parametrize("name", ["modern.apkg", "legacy21.apkg", "legacy2.apkg", "hostile"])
def test_the_tables_checked_are_what_the_written_text_reads_as(name):
    head, topics, notes = _hostile_tables() if name == "hostile" else _fixture_tables(name)
    text = render_deck(head, topics, notes)
    assert tomllib.loads(text) == document_of(head, topics, notes)


@pytest.mark.parametrize("name", ["modern.apkg", "legacy21.apkg", "legacy2.apkg", "hostile"])
def test_the_deck_checked_in_memory_is_the_deck_the_file_loads_as(tmp_path, name):
    head, topics, notes = _hostile_tables() if name == "hostile" else _fixture_tables(name)
    path = tmp_path / "deck.toml"
    text, loaded, dropped = checked_deck(path, head, topics, notes)
    from_file = parse_deck(text.encode("utf-8"), path)
    assert dropped == []
    assert loaded.deck == from_file.deck
    assert list(loaded.deck.cards) == list(from_file.deck.cards)
    assert loaded.warnings == from_file.warnings


def test_a_note_the_checker_rejects_is_left_out_and_named(tmp_path):
    head, topics, notes = _hostile_tables()
    notes.insert(2, {"id": "bad", "type": "basic", "front": "q", "back": "a", "answer": 3})
    text, loaded, dropped = checked_deck(tmp_path / "deck.toml", head, topics, notes)
    assert len(dropped) == 1 and dropped[0].startswith("note bad: ")
    assert "bad" not in {card.note_id for card in loaded.deck.cards}
    assert parse_deck(text.encode("utf-8"), tmp_path / "deck.toml").deck == loaded.deck


def test_the_first_load_after_an_import_reads_the_cache_not_the_file(tmp_path, monkeypatch):
    from quizkit.cli.main import main
    from quizkit.deck import cache as deck_cache
    from quizkit.deck.loader import load_deck

    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "decks" / "physio.toml"
    data = str(tmp_path / "progress.sqlite3")
    assert main(["--data", data, "import", str(FIXTURES / "modern.apkg"), "--out", str(out)]) == 0
    expected = load_deck(out)

    def no_parsing(*args):
        raise AssertionError("the deck was parsed again")

    monkeypatch.setattr(deck_cache, "parse_deck", no_parsing)
    loaded = deck_cache.DeckCache(tmp_path / "cache").load(out)
    assert loaded.deck == expected.deck and loaded.warnings == expected.warnings
    assert list(loaded.deck.cards) == list(expected.deck.cards)
