"""The progress file's lifecycle: migrations, rebuild from the log, backups and restore."""

import json
import sqlite3
from datetime import timedelta

import pytest

from quizkit.progress.backups import BACKUPS_KEPT, daily_backup, list_backups
from quizkit.progress.card_state import CardState, Phase, to_micros
from quizkit.progress.doctor import examine, repair
from quizkit.progress.restore import restore_backup
from quizkit.progress.schema import MIGRATIONS, SCHEMA_VERSION
from quizkit.progress.store import ProgressStore, StoreError
from quizkit.study.optimizer import NotEnoughHistory, optimize_deck, qualifying_reviews
from quizkit.study.scheduler import Rating
from tests.conftest import NOON


def make_file_at_version(path, version):
    """A progress file as quizkit at schema ``version`` left it, with one card and one review."""
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:version]:
        for statement in step.split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        after = CardState(Phase.REVIEW, None, 4.0, 5.0, NOON + timedelta(days=4), NOON, 1, 0)
        db.execute(
            "INSERT INTO cards (card_id, deck_id, note_id, position, content_hash, phase, "
            "stability, difficulty, due, last_review, reps) VALUES "
            "('cover', 'demo', 'cover', 0, 'h', 2, 4.0, 5.0, ?, ?, 1)",
            (to_micros(after.due), to_micros(NOON)),
        )
        db.execute(
            "INSERT INTO reviews (card_id, deck_id, note_id, rating, reviewed_at, phase_before, "
            "state_before, state_after) VALUES ('cover', 'demo', 'cover', 4, ?, 0, ?, ?)",
            (
                to_micros(NOON),
                json.dumps(CardState().to_json_dict()),
                json.dumps(after.to_json_dict()),
            ),
        )
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_files_from_every_earlier_schema_migrate_keeping_progress(tmp_path, version):
    path = make_file_at_version(tmp_path / "old.sqlite3", version)
    store = ProgressStore.open(path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.reviews_total() == 1
    assert store.card_state("cover").stability == 4.0
    assert not store.marks("cover").suspended
    assert examine(store).healthy
    store.close()


def test_rebuild_from_the_log_equals_the_stored_state_after_real_study(
    write_deck, open_workspace, clock
):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    for step in range(30):
        if session.current is None:
            clock.advance(days=2)
            session.advance()
            continue
        session.answer(Rating((step % 4) + 1))
        if step % 7 == 0:
            session.undo()
        clock.advance(minutes=11)
    report = examine(workspace.store)
    assert report.healthy and report.reviews == workspace.store.reviews_total() > 10


def test_doctor_repairs_a_card_whose_state_drifted_from_the_log(write_deck, open_workspace):
    workspace = open_workspace(write_deck())
    session = workspace.session()
    session.answer(Rating.GOOD)
    expected = workspace.store.card_state("cover")
    workspace.store._db.execute("UPDATE cards SET stability = 99 WHERE card_id = 'cover'")
    report = examine(workspace.store)
    assert list(report.mismatches) == ["cover"]
    repair(workspace.store)
    assert workspace.store.card_state("cover") == expected
    assert examine(workspace.store).healthy


def test_a_backup_is_taken_once_a_day_and_seven_are_kept(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore.open(path)
    assert daily_backup(store, NOON) is not None
    assert daily_backup(store, NOON) is None  # the same day: nothing new
    for day in range(1, 10):
        daily_backup(store, NOON + timedelta(days=day))
    backups = list_backups(path)
    assert len(backups) == BACKUPS_KEPT
    assert backups[0].name == "progress-2026-12-02.sqlite3"
    store.close()


def test_restore_puts_a_backup_back_and_keeps_the_replaced_file(
    write_deck, open_workspace, tmp_path
):
    data = tmp_path / "progress.sqlite3"
    workspace = open_workspace(write_deck(), data=data)
    assert workspace.daily_maintenance() == []  # today's backup: no reviews yet
    workspace.session().answer(Rating.GOOD)
    workspace.close()
    (backup,) = list_backups(data)
    aside = restore_backup(data, backup, NOON)
    assert ProgressStore.open(data).reviews_total() == 0
    assert ProgressStore.open(aside).reviews_total() == 1


def test_a_damaged_file_is_refused_before_the_daily_backup(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore.open(path)
    store.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : page + 8] = b"\x07" * 8  # page 2 (a table's root) gets an invalid b-tree header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged|cannot be read"):
        store = ProgressStore.open(path)
        daily_backup(store, NOON)
    assert list_backups(path) == []


def test_optimize_says_clearly_when_there_is_not_enough_history(write_deck, open_workspace, clock):
    workspace = open_workspace(write_deck())
    # One card answered on three different days: two reviews on a later day qualify.
    for _ in range(3):
        session = workspace.session()
        session.answer(Rating.EASY)
        clock.advance(days=400)
    with pytest.raises(NotEnoughHistory, match=r"\b2 qualifying reviews") as raised:
        optimize_deck(workspace.store, "demo", clock.now())
    assert raised.value.qualifying == 2


def test_qualifying_reviews_count_only_later_days():
    day = timedelta(days=1)
    reviews = [("a", NOON), ("a", NOON + timedelta(minutes=10)), ("a", NOON + 2 * day), ("b", NOON)]
    assert qualifying_reviews(reviews) == 1


def test_optimized_parameters_are_stored_and_used_by_the_scheduler(
    write_deck, open_workspace, monkeypatch
):
    import fsrs

    import quizkit.study.optimizer as optimizer

    monkeypatch.setattr(optimizer, "MIN_QUALIFYING_REVIEWS", 0)
    workspace = open_workspace(write_deck())
    workspace.session().answer(Rating.GOOD)
    fitted = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    fitted[3] = 40.0  # a new card rated Easy is first seen again after 40 days, not 8
    seen = []
    result = optimize_deck(
        workspace.store, "demo", NOON, fit=lambda logs: seen.extend(logs) or fitted
    )
    assert len(seen) == 1 and seen[0].rating == fsrs.Rating.Good
    assert result.new[3] == 40.0 and result.old[3] == fsrs.scheduler.DEFAULT_PARAMETERS[3]
    assert workspace.store.fsrs_parameters("demo")[3] == 40.0
    # A session opened now schedules with them: the next new card's Easy is 40 days.
    shown = workspace.session().current
    assert shown.before.reps == 0
    assert shown.outcomes[Rating.EASY].state.due - NOON == timedelta(days=40)
