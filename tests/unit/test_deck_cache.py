"""The deck cache: a deck file is parsed and validated once per content change."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.deck import cache as deck_cache
from quizkit.deck.cache import DeckCache
from quizkit.deck.loader import parse_deck
from quizkit.deck.model import Card
from quizkit.deck.problems import DeckError
from tests.samples import DECK_HEAD

DECK = (
    DECK_HEAD
    + """
[[cards]]
id = "basic"
type = "basic"
topic = "muscles"
tags = ["a", "b"]
front = "Front?"
back = "Back"
explain = "Because."

[[cards]]
id = "both-ways"
type = "reversible"
front = "Gmed"
back = "Gluteus medius"

[[cards]]
id = "gap"
type = "cloze"
text = "The {{c1::maximus}} covers the {{c2::medius::a muscle}}."

[[cards]]
id = "pick"
type = "choice"
question = "Which?"
choices = ["a", "b", "c"]
answers = ["a", "c"]

[[cards]]
type = "truefalse"
statement = "A card without an id."
answer = true

[[cards]]
id = "type-it"
type = "typed"
question = "Name it"
answer = "minimus"
accept = ["gluteus minimus"]

[[exams]]
id = "final"
title = "Final"
questions = 2
pass_mark = 0.5
time_limit = "10m"
"""
)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "demo.toml"
    path.parent.mkdir()
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """Every path the cache validates (rather than reads from disk)."""
    calls: list[Path] = []

    def counting_parse(data: bytes, path: Path):
        calls.append(path)
        return parse_deck(data, path)

    monkeypatch.setattr(deck_cache, "parse_deck", counting_parse)
    return calls


def test_second_load_of_an_unchanged_deck_is_a_cache_hit(deck_file, tmp_path, parses):
    cache = DeckCache(tmp_path / "cache")
    first = cache.load(deck_file)
    second = DeckCache(tmp_path / "cache").load(deck_file)  # as a new process would
    assert parses == [deck_file]
    assert second == first


def test_a_cache_hit_gives_real_cards_equal_to_a_fresh_load(deck_file, tmp_path):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    hit = cache.load(deck_file)
    fresh = parse_deck(deck_file.read_bytes(), deck_file)
    assert hit == fresh and hit.warnings == fresh.warnings
    assert [type(c) for c in hit.deck.cards] == [Card] * len(fresh.deck.cards)


def test_editing_the_deck_invalidates_its_entry(deck_file, tmp_path, parses):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    deck_file.write_text(DECK.replace("Front?", "Edited front?"), encoding="utf-8")
    edited = cache.load(deck_file)
    assert parses == [deck_file, deck_file]
    assert edited.deck.cards[0].prompt == "Edited front?"
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the stale entry is gone


def test_a_deck_with_errors_is_cached_and_raises_the_same_problems(deck_file, tmp_path, parses):
    deck_file.write_text(DECK.replace('front = "Front?"', 'frnot = "Front?"'), encoding="utf-8")
    cache = DeckCache(tmp_path / "cache")
    with pytest.raises(DeckError) as first:
        cache.load(deck_file)
    with pytest.raises(DeckError) as second:
        cache.load(deck_file)
    assert parses == [deck_file]
    assert second.value.problems == first.value.problems
    assert [(p.line, p.message) for p in second.value.errors] == [
        (11, '[[cards]] of type "basic" is missing the required key "front": add front = "..."'),
        (16, 'unknown key "frnot" in [[cards]] of type "basic": did you mean "front"?'),
    ]


def test_a_hit_reports_the_path_as_it_was_asked_for(deck_file, tmp_path, monkeypatch):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    monkeypatch.chdir(deck_file.parent)
    relative = cache.load(Path("demo.toml"))
    assert relative.deck.path == Path("demo.toml")
    assert {w.path for w in relative.warnings} == {Path("demo.toml")}


def test_a_corrupt_entry_is_validated_again(deck_file, tmp_path, parses):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_bytes(entry.read_bytes()[:200])
    assert cache.load(deck_file).deck.id == "demo"
    assert parses == [deck_file, deck_file]


def test_a_cache_that_cannot_be_written_still_loads_the_deck(deck_file, tmp_path, parses):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    cache = DeckCache(blocker / "cache")
    assert cache.load(deck_file).deck.id == "demo"
    assert cache.load(deck_file).deck.id == "demo"
    assert parses == [deck_file, deck_file]


def test_no_cache_folder_means_every_load_validates(deck_file, parses):
    cache = DeckCache(None)
    cache.load(deck_file)
    cache.load(deck_file)
    assert parses == [deck_file, deck_file]


def test_an_unreadable_deck_is_an_error_naming_the_file(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(DeckError) as raised:
        DeckCache(tmp_path / "cache").load(missing)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == (missing, 1)
    assert problem.message == "cannot read the file: No such file or directory"


def test_entries_are_keyed_by_the_code_that_wrote_them(deck_file, tmp_path, parses, monkeypatch):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    monkeypatch.setattr(deck_cache, "_fingerprint", lambda: b"another quizkit")
    cache.load(deck_file)
    assert parses == [deck_file, deck_file]


def test_the_cache_never_writes_next_to_the_deck(deck_file, tmp_path):
    DeckCache(tmp_path / "cache").load(deck_file)
    assert sorted(p.name for p in deck_file.parent.iterdir()) == ["demo.toml"]


@pytest.mark.parametrize(
    "extra",
    [
        "",  # every format 1.1 key at its default: those columns are not stored
        '\n[[cards]]\nid = "late"\ngroup = "g"\ntype = "reversible"\nfront = "f"\nback = "b"\n'
        'sides = ["Term", "Meaning"]\n',
        '\n[[cards]]\nid = "strict"\ntype = "typed"\nquestion = "q"\nanswer = "a"\n'
        "typo_tolerance = false\n",
    ],
)
def test_a_cache_hit_keeps_the_format_1_1_fields(tmp_path, extra):
    path = tmp_path / "deck.toml"
    path.write_text(DECK.replace("[[exams]]", extra + "\n[[exams]]"), encoding="utf-8")
    cache = DeckCache(tmp_path / "cache")
    fresh = cache.load(path)
    hit = DeckCache(tmp_path / "cache").load(path)
    assert list(hit.deck.cards) == list(fresh.deck.cards)
    assert [c.fact_key for c in hit.deck.cards] == [c.fact_key for c in fresh.deck.cards]
