"""The deck cache: a deck file is parsed and validated once per content change."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizkit.deck import cache as deck_cache
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import load_library
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


def test_one_card_of_a_hit_is_built_alone_and_is_the_same_object_afterwards(deck_file, tmp_path):
    cache = DeckCache(tmp_path / "cache")
    fresh = cache.load(deck_file).deck.cards
    cards = DeckCache(tmp_path / "cache").load(deck_file).deck.cards
    last = cards[-1]
    assert "not built yet" in repr(cards)  # a start shows one card: the rest wait
    assert last == fresh[-1] and cards[len(cards) - 1] is last
    with pytest.raises(IndexError):
        cards[len(cards)]
    assert list(cards) == list(fresh) and cards[-1] is last and list(cards)[-1] is last


def test_editing_the_deck_invalidates_its_entry(deck_file, tmp_path, parses):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    deck_file.write_text(DECK.replace("Front?", "Edited front?"), encoding="utf-8")
    edited = cache.load(deck_file)
    assert parses == [deck_file, deck_file]
    assert edited.deck.cards[0].prompt == "Edited front?"
    assert len(list((tmp_path / "cache").glob("*.cache"))) == 1  # the stale entry is gone


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
    (entry,) = (tmp_path / "cache").glob("*.cache")
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


# -- the stat record: a start that finds the deck unchanged by its stat does not read it --
@pytest.fixture
def later(monkeypatch):
    """The cache's clock 10 s ahead: the deck file just written looks safely old."""

    class Later:
        @staticmethod
        def time_ns() -> int:
            return time.time_ns() + 10_000_000_000

    monkeypatch.setattr(deck_cache, "time", Later)


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every deck file the cache reads (to hash it or to validate it)."""
    calls: list[Path] = []
    real = deck_cache.read_deck_file

    def counting_read(path: Path) -> bytes:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(deck_cache, "read_deck_file", counting_read)
    return calls


def test_an_unchanged_deck_that_is_safely_old_is_not_read_again(deck_file, tmp_path, later, reads):
    first = DeckCache(tmp_path / "cache").load(deck_file)
    second = DeckCache(tmp_path / "cache").load(deck_file)
    assert reads == [deck_file]  # the second start trusted the file's stat
    assert second == first and list(second.deck.cards) == list(first.deck.cards)


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(deck_file, tmp_path, later, parses):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    before = deck_file.stat()
    deck_file.write_text(DECK.replace("Front?", "Frunt?"), encoding="utf-8")
    os.utime(deck_file, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or rsync -t
    assert deck_file.stat().st_size == before.st_size
    assert cache.load(deck_file).deck.cards[0].prompt == "Frunt?"  # the ctime moved
    assert parses == [deck_file, deck_file]


def test_an_edit_within_the_same_timestamp_tick_and_same_size_is_seen(
    deck_file, tmp_path, monkeypatch, parses
):
    # A file system with coarse timestamps: every write of this test falls in one tick, so
    # the deck's stat is the same before and after the edit. The record must not have been
    # trusted: the file had changed in the tick it was stat-ed in ("racy", as git says).
    tick = time.time_ns() // 1_000_000_000 * 1_000_000_000
    real = deck_cache.file_stat

    def coarse(path: Path) -> tuple[int, ...] | None:
        found = real(path)
        return None if found is None else (*found[:3], tick, tick)

    monkeypatch.setattr(deck_cache, "file_stat", coarse)
    cache = DeckCache(tmp_path / "cache")
    assert cache.load(deck_file).deck.cards[0].prompt == "Front?"
    deck_file.write_text(DECK.replace("Front?", "Frunt?"), encoding="utf-8")
    assert cache.load(deck_file).deck.cards[0].prompt == "Frunt?"
    assert parses == [deck_file, deck_file]


def test_a_record_naming_a_lost_entry_validates_the_deck_again(deck_file, tmp_path, later, parses):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    for entry in (tmp_path / "cache").glob("*.cache"):
        entry.unlink()
    assert cache.load(deck_file).deck.id == "demo"
    assert cache.load(deck_file).deck.id == "demo"
    assert parses == [deck_file, deck_file]


def test_a_record_is_keyed_by_the_code_that_wrote_it(
    deck_file, tmp_path, later, parses, monkeypatch
):
    cache = DeckCache(tmp_path / "cache")
    cache.load(deck_file)
    monkeypatch.setattr(deck_cache, "_fingerprint", lambda: b"another quizkit")
    cache.load(deck_file)
    assert parses == [deck_file, deck_file]


HIT_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from quizkit.deck.cache import DeckCache
deck = DeckCache(Path(sys.argv[2])).load(Path(sys.argv[1])).deck
print(deck.cards[0].id, len(deck.cards), "quizkit.deck.loader" in sys.modules)
"""


def test_a_cache_hit_imports_no_validation_code(deck_file, tmp_path):
    def run() -> str:
        command = [sys.executable, "-c", HIT_IN_A_FRESH_PROCESS, str(deck_file), str(tmp_path)]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()

    assert run() == ["basic", "8", "True"]  # the miss validated the deck
    assert run() == ["basic", "8", "False"]


def test_a_memory_mapped_entry_gives_the_same_deck(deck_file, tmp_path, monkeypatch):
    monkeypatch.setattr(deck_cache, "_MAP_FROM", 0)  # map every entry, as a large deck's
    fresh = DeckCache(tmp_path / "cache").load(deck_file)
    hit = DeckCache(tmp_path / "cache").load(deck_file)
    assert hit.deck.cards.field("topic") == fresh.deck.cards.field("topic")
    assert hit.deck.cards[2] == fresh.deck.cards[2]
    assert list(hit.deck.cards) == list(fresh.deck.cards) and hit.warnings == fresh.warnings


# -- ids across decks, checked against the cached note-id hashes --------------------------
def many_cards(first: int, count: int) -> str:
    return "".join(
        f'\n[[cards]]\nid = "n{n}"\ntype = "basic"\nfront = "f{n}"\nback = "b{n}"\n'
        for n in range(first, first + count)
    )


@pytest.mark.parametrize("small_first", [True, False])
def test_an_id_shared_by_two_cached_decks_fails_as_without_a_cache(tmp_path, small_first):
    decks = tmp_path / "decks"
    decks.mkdir()
    big = DECK_HEAD.replace('id = "demo"', 'id = "big"') + many_cards(0, 60)
    small = DECK_HEAD.replace('id = "demo"', 'id = "small"') + many_cards(59, 1)
    (decks / ("a.toml" if small_first else "b.toml")).write_text(small, encoding="utf-8")
    (decks / ("b.toml" if small_first else "a.toml")).write_text(big, encoding="utf-8")
    uncached = load_library([decks], DeckCache(None))
    load_library([decks], DeckCache(tmp_path / "cache"))  # fills the cache
    cached = load_library([decks], DeckCache(tmp_path / "cache"))
    assert all(d.cards.note_id_hashes is not None for d in cached.decks)
    assert cached.failures == uncached.failures and len(cached.failures) == 1
    assert "is already used in" in cached.failures[0].problems[0].message


def test_decks_without_a_shared_id_are_checked_without_decoding_the_large_ones_ids(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.toml").write_text(DECK_HEAD + many_cards(0, 3), encoding="utf-8")
    big = DECK_HEAD.replace('id = "demo"', 'id = "big"') + many_cards(3, 60)
    (decks / "b.toml").write_text(big, encoding="utf-8")
    load_library([decks], DeckCache(tmp_path / "cache"))
    library = load_library([decks], DeckCache(tmp_path / "cache"))
    assert not library.failures
    big_cards = library.deck("big").cards
    assert "not built yet" in repr(big_cards) and big_cards._fields._decoded == {}
