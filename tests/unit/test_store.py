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
    review_id = store.record_review("cover", "demo", "cover", 3, CardState(), after, NOON)
    undone = store.undo_review(review_id)
    assert undone.card_id == "cover" and undone.after == after
    assert store.card_state("cover") == CardState()
    assert store.reviews_total() == 0
    assert store.undo_review(review_id) is None


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


# -- the file is quizkit's alone (application_id) ------------------------------------


def _sha256(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_database(path, user_version, application_id=0):
    """Another program's SQLite file that happens to carry a small user_version."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('my precious notes')")
    db.execute(f"PRAGMA user_version = {user_version}")
    db.execute(f"PRAGMA application_id = {application_id}")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("user_version", [0, 1, 2])
def test_another_programs_sqlite_file_is_refused_before_any_write(tmp_path, user_version):
    path = _foreign_database(tmp_path / "other.sqlite3", user_version)
    before = _sha256(path)
    with pytest.raises(StoreError, match="not a quizkit progress file; it was left untouched"):
        ProgressStore.open(path)
    assert _sha256(path) == before  # not even switched to WAL
    assert not path.with_name("other.sqlite3-wal").exists()


def test_a_file_with_quizkits_tables_but_another_programs_id_is_refused(tmp_path):
    from tests.unit.test_progress_file import make_file_at_version

    path = make_file_at_version(tmp_path / "p.sqlite3", 2)
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 1234")
    db.commit()
    db.close()
    before = _sha256(path)
    with pytest.raises(StoreError, match="not a quizkit progress file"):
        ProgressStore.open(path)
    assert _sha256(path) == before


def test_new_files_carry_quizkits_application_id(tmp_path):
    from quizkit.progress.ownership import APPLICATION_ID

    path = tmp_path / "p.sqlite3"
    ProgressStore.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x517A4B74
    db.close()


@pytest.mark.parametrize("version", [1, 2])
def test_a_quizkit_file_from_before_the_mark_is_recognised_by_its_tables_and_marked(
    tmp_path, version
):
    from quizkit.progress.ownership import APPLICATION_ID
    from tests.unit.test_progress_file import make_file_at_version

    path = make_file_at_version(tmp_path / "old.sqlite3", version)
    store = ProgressStore.open(path)
    assert store.reviews_total() == 1
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


# -- database errors at start-up say what happened and name the file ---------------------


def test_a_read_only_file_when_a_deck_changed_is_a_store_error_naming_the_file(tmp_path):
    from quizkit.deck.loader import load_deck
    from tests.conftest import SMALL_DECK

    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(SMALL_DECK, encoding="utf-8")
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    store._db.execute("PRAGMA query_only = 1")  # as a file the process may not write
    with pytest.raises(StoreError, match=r"p\.sqlite3: could not write .*read-only"):
        store.sync_deck(load_deck(deck_path).deck, NOON)
    store.close()


def test_a_full_disk_is_reported_as_full_not_as_cannot_rollback(tmp_path):
    from quizkit.deck.loader import load_deck
    from tests.crash_writer import deck_text

    deck_path = tmp_path / "big.toml"
    deck_path.write_text(deck_text("big", 400), encoding="utf-8")
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
    with pytest.raises(StoreError) as caught:
        store.sync_deck(load_deck(deck_path).deck, NOON)
    message = str(caught.value)
    assert "disk is full" in message and "p.sqlite3" in message
    assert "cannot rollback" not in message
    store.close()


def test_a_file_locked_by_another_program_is_a_store_error_naming_the_file(tmp_path, monkeypatch):
    import quizkit.progress.connection as connection
    from quizkit.deck.loader import load_deck
    from tests.conftest import SMALL_DECK

    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)
    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(SMALL_DECK, encoding="utf-8")
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    other = sqlite3.connect(tmp_path / "p.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match=r"p\.sqlite3: could not write .*locked"):
            store.sync_deck(load_deck(deck_path).deck, NOON)
    finally:
        other.execute("ROLLBACK")
        other.close()
        store.close()


# -- read-only URIs: a data path with # ? % is the same file -----------------------------


@pytest.mark.parametrize("folder", ["a#b", "why?not", "100%"])
def test_backup_and_integrity_check_read_the_file_itself_whatever_its_name(
    tmp_path, folder, write_deck, open_workspace
):
    from quizkit.progress.backups import count_reviews, daily_backup

    data = tmp_path / folder / "pro#gress?x%41.sqlite3"
    workspace = open_workspace(write_deck(), data=data)
    workspace.session().answer(Rating.GOOD)
    workspace.store.check_integrity()
    backup = daily_backup(workspace.store, NOON)
    assert count_reviews(backup) == 1
    assert not (tmp_path / folder / "pro").exists()  # no stray file made from a cut-off name


# -- a second connection for a worker thread ---------------------------------------------


def test_open_another_gives_a_second_connection_that_writes_in_turn_with_the_first(
    write_deck, open_workspace
):
    import threading

    workspace = open_workspace(write_deck())
    first = workspace.store
    second = first.open_another()
    try:
        assert second._db is not first._db and second.path == first.path
        assert second._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        state = CardState(Phase.LEARNING, 1, 2.0, 5.0, NOON + timedelta(minutes=10), NOON, 1, 0)
        first.record_review("cover", "demo", "cover", 3, CardState(), state, NOON)
        errors = []

        def worker():
            try:
                later = state.with_(reps=2, last_review=NOON + timedelta(minutes=10))
                second.record_review("cover", "demo", "cover", 3, state, later, later.last_review)
            except Exception as exc:  # reported below, on the test's thread
                errors.append(exc)

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert errors == []
        first.set_flagged("under", True)
        assert first.reviews_total() == second.reviews_total() == 2
        assert second.marks("under").flagged and first.card_state("cover").reps == 2
    finally:
        second.close()


def test_open_another_runs_no_migration(tmp_path, monkeypatch):
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    monkeypatch.setattr(ProgressStore, "_migrate", lambda self: pytest.fail("migrated"))
    store.open_another().close()
    store.close()


# -- one definition of due --------------------------------------------------------------


def test_stats_and_home_agree_on_what_is_due_after_suspend_and_bury(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    for _ in range(3):
        session.answer(Rating.AGAIN)  # three learning cards, due within minutes
    clock.advance(hours=1)
    store, deck = workspace.store, workspace.decks[0]
    store.set_suspended("cover", True)
    store.bury(["under"], NOON + timedelta(days=1))

    day, now = workspace.study_day(), clock.now()
    counts = workspace.counts(deck)
    totals = store.deck_totals("demo", day, now)
    assert totals.due == counts.learning + counts.due == 1
