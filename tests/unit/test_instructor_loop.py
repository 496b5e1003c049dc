"""The deck author's loop: an own copy replaces the bundled deck; lint checks what it is given."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quizkit.base.paths import bundled_decks_dir
from quizkit.cli.main import main
from quizkit.deck.cache import DeckCache
from quizkit.deck.library import Replacement, load_library

DECK = """\
format = 1.1

[deck]
id = "{deck}"
title = "Deck {deck}"

[[topics]]
id = "t"
title = "T"

[[cards]]
id = "{card}"
topic = "t"
type = "truefalse"
statement = "A statement."
answer = true

[[exams]]
id = "{exam}"
title = "Exam"
questions = 1
pass_mark = 0.5
"""


def write(folder: Path, name: str, deck: str, card: str, exam: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(DECK.format(deck=deck, card=card, exam=exam), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("QUIZKIT_DECKS", raising=False)


def test_an_own_deck_with_a_bundled_decks_id_replaces_it_and_says_so(tmp_path):
    bundled = write(tmp_path / "bundled", "course.toml", "course", "c1", "final")
    own = write(tmp_path / "mine", "course.toml", "course", "c1", "final")
    library = load_library([bundled.parent, own.parent], DeckCache(None), bundled=bundled.parent)
    assert library.failures == []
    assert [d.path for d in library.decks] == [own]
    assert library.replaced == [Replacement("course", own, bundled)]
    assert library.replaced[0].notice == f'deck "course" from {own} replaces the bundled one'


def test_two_own_decks_with_one_id_still_clash(tmp_path):
    first = write(tmp_path / "mine", "a.toml", "course", "c1", "e1")
    second = write(tmp_path / "mine", "b.toml", "course", "c2", "e2")
    library = load_library([first.parent], DeckCache(None), bundled=tmp_path / "bundled")
    assert library.replaced == []
    (failure,) = library.failures
    assert failure.path == second
    assert f'deck id "course" is already used by {first}' in failure.problems[0].message


def test_an_exam_id_used_by_two_decks_says_where_the_other_is(tmp_path):
    first = write(tmp_path / "mine", "a.toml", "first", "c1", "final")
    second = write(tmp_path / "mine", "b.toml", "second", "c2", "final")
    library = load_library([first.parent], DeckCache(None), bundled=tmp_path / "bundled")
    (failure,) = library.failures
    assert failure.path == second
    (problem,) = failure.problems
    assert (problem.line, problem.col) == (19, 6)
    assert problem.message == (
        f'exam id "final" is already used by deck "first" in {first}:19: exam ids must be '
        "unique across all decks; give this exam another id"
    )


def test_lint_of_a_copy_of_the_bundled_deck_does_not_clash_with_the_installed_one(tmp_path, capsys):
    # A clone linted while the same deck is installed: the copy is what is checked.
    copy = tmp_path / "clone" / "decks" / "gluteus-medius.toml"
    copy.parent.mkdir(parents=True)
    shutil.copy(bundled_decks_dir() / "gluteus-medius.toml", copy)
    assert main(["lint", str(copy)]) == 0
    out, err = capsys.readouterr()
    assert "already used" not in out
    assert "1 file checked: 0 errors" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_lint_of_a_fifo_reports_it_and_exits_1(tmp_path, capsys):
    fifo = tmp_path / "deck.toml"
    os.mkfifo(fifo)
    assert main(["lint", str(fifo)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{fifo}:1:1: error: not a regular file (a FIFO, device or socket)")
    assert err == "0 files checked: 1 error, 0 warnings\n"


def test_stats_says_once_that_an_own_copy_replaces_the_bundled_deck(tmp_path, capsys, monkeypatch):
    copy = tmp_path / "clone" / "gluteus-medius.toml"
    copy.parent.mkdir(parents=True)
    shutil.copy(bundled_decks_dir() / "gluteus-medius.toml", copy)
    monkeypatch.setenv("QUIZKIT_CONFIG", str(tmp_path / "none.toml"))
    data = str(tmp_path / "p.sqlite3")
    assert main(["--data", data, "--decks", str(copy.parent), "stats", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err.count(f'deck "gluteus-medius" from {copy} replaces the bundled one') == 1
    assert '"id": "gluteus-medius"' in out


def test_options_for_a_deck_that_is_not_loaded_are_named_with_a_did_you_mean(
    tmp_path, capsys, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text("[decks.gluteus-medus]\nnew_per_day = 5\n", encoding="utf-8")
    monkeypatch.setenv("QUIZKIT_CONFIG", str(config))
    assert main(["--data", str(tmp_path / "p.sqlite3"), "stats"]) == 0
    err = capsys.readouterr().err
    assert f"{config}:1:" in err and "gluteus-medus" in err and "gluteus-medius" in err
