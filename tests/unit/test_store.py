import sqlite3
from datetime import timedelta

import pytest

from quizkit.progress.card_state import CardState, Phase
from quizkit.progress.schema import SCHEMA_VERSION
from quizkit.progress.store import ProgressStore, StoreError
from quizkit.study.scheduler import Rating
from tests.conftest import NOON


def test_new_file_is_wal_with_schema_version(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_progress_survives_reopening_the_file(write_deck, open_workspace, clock, tmp_path):
    deck = write_deck()
    workspace = open_workspace(deck)
    session = workspace.session()
    session.reveal()
    first = session.current.card.id
    expected = session.current.outcomes[Rating.GOOD].state
    session.answer(Rating.GOOD)
    workspace.close()

    reopened = open_workspace(deck)
    assert reopened.store.card_state(first) == expected
    assert reopened.store.reviews_total() == 1


def test_state_round_trips_exactly_through_the_file(tmp_path, write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    state = CardState(
        Phase.REVIEW, None, 3.1234567891, 5.5, NOON + timedelta(days=3, microseconds=7), NOON, 4, 1
    )
    workspace.store.record_review("cover", "demo", "cover", 3, CardState(), state, NOON)
    assert workspace.store.card_state("cover") == state


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    with pytest.raises(StoreError, match="not a quizkit progress file"):
        ProgressStore.open(path)
    assert path.read_text() == "my precious notes\n"


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a quizkit progress file"):
        ProgressStore.open(path)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_quizkit_is_refused(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer quizkit"):
        ProgressStore.open(path)


def test_a_directory_as_data_path_gets_a_clear_message(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        ProgressStore.open(tmp_path)


def test_undo_restores_the_previous_state_and_removes_the_review(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    store = workspace.store
    after = CardState(Phase.LEARNING, 1, 2.0, 5.0, NOON + timedelta(minutes=10), NOON, 1, 0)
    store.record_review("cover", "demo", "cover", 3, CardState(), after, NOON)
    undone = store.undo_last_review()
    assert undone.card_id == "cover" and undone.after == after
    assert store.card_state("cover") == CardState()
    assert store.reviews_total() == 0
    assert store.undo_last_review() is None


def test_editing_card_text_keeps_progress_and_marks_it_edited(write_deck, open_workspace, clock):
    from tests.conftest import SMALL_DECK

    path = write_deck()
    workspace = open_workspace(path)
    session = workspace.session()
    session.answer(Rating.EASY)
    state = workspace.store.card_state("cover")
    workspace.close()

    path.write_text(SMALL_DECK.replace("What mostly covers", "Which muscle mostly covers"))
    clock.advance(hours=1)
    reopened = open_workspace(path)
    assert reopened.store.card_state("cover") == state
    assert reopened.store.edited_at("cover") == clock.now()
    assert reopened.store.edited_at("under") is None


def test_removing_a_card_keeps_its_history(write_deck, open_workspace):
    from tests.conftest import SMALL_DECK

    path = write_deck()
    workspace = open_workspace(path)
    workspace.session().answer(Rating.GOOD)
    workspace.close()

    without_cover = SMALL_DECK.split("[[cards]]")
    path.write_text("[[cards]]".join(without_cover[:1] + without_cover[2:]))
    reopened = open_workspace(path)
    assert reopened.store.deck_totals("demo", reopened.study_day(), reopened.clock.now()).cards == 2
    assert len(reopened.store.reviews_for("cover")) == 1
    assert reopened.store.reviews_total() == 1
