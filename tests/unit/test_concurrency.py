"""Two quizkit processes on one progress file at once: both work, or one is told clearly why not.

Writers (``tests/crash_writer.py``) answer cards in parallel and print ``ACK``
after each committed answer. Afterwards the file must pass SQLite's integrity
check and hold exactly one review row per acknowledged answer.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quizkit.progress.store import ProgressStore, StaleCardError
from quizkit.study.scheduler import Rating
from quizkit.workspace import Workspace
from tests.conftest import SMALL_DECK
from tests.crash_writer import acked, command, deck_text, file_problems, read_until

ANSWERS_EACH = 150
TIMEOUT = 30.0
# Phrases that would send a learner the wrong way when the file is only busy.
MISLEADING = ("not a quizkit progress file", "cannot be read", "already exists", "damaged")


def _run_together(
    data: Path, decks: list[Path], cache: Path, answers: int
) -> list[tuple[int, bytes, str]]:
    """Start one writer per deck, release them at the same instant, wait for both to finish."""
    go = data.with_name(data.name + ".go")
    go.unlink(missing_ok=True)
    procs = [
        subprocess.Popen(
            command(data, [deck], cache, seed, answers=answers, go_file=go),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed, deck in enumerate(decks)
    ]
    try:
        seen = [read_until(proc, b"READY\n", TIMEOUT)[0] for proc in procs]
        go.touch()
        results = []
        for proc, already in zip(procs, seen, strict=True):
            rest, err = proc.communicate(timeout=TIMEOUT)
            results.append((proc.returncode, already + rest, err.decode()))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)


def _assert_both_worked_or_were_told_clearly(results, data: Path, answers: int) -> int:
    """Each writer answered everything, or stopped on a clear StoreError; returns the ACK count."""
    total = 0
    for code, output, err in results:
        total += sum(acked(output).values())
        if code == 0:
            assert f"DONE {answers}" in output.decode(), output.decode()[-300:]
        else:
            assert code == 3, f"a writer crashed (code {code}):\n{err}"
            message = err.strip()
            misleading = [phrase for phrase in MISLEADING if phrase in message]
            assert str(data) in message, f"the message does not name the file: {message}"
            assert not misleading, f"a busy progress file was reported as {misleading}: {message}"
    return total


def _review_rows(data: Path) -> int:
    store = ProgressStore.open(data)
    try:
        return store.reviews_total()
    finally:
        store.close()


def _decks(tmp_path: Path, *deck_ids: str) -> list[Path]:
    paths = []
    for deck_id in deck_ids:
        path = tmp_path / f"{deck_id}.toml"
        if not path.exists():
            path.write_text(deck_text(deck_id, 300), encoding="utf-8")
        paths.append(path)
    return paths


def test_two_processes_answering_different_decks_at_once_both_keep_every_answer(tmp_path):
    data, cache = tmp_path / "progress.sqlite3", tmp_path / "cache"
    ProgressStore.open(data).close()
    results = _run_together(data, _decks(tmp_path, "alpha", "beta"), cache, ANSWERS_EACH)

    acknowledged = _assert_both_worked_or_were_told_clearly(results, data, ANSWERS_EACH)
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert file_problems(data) == []
    assert _review_rows(data) == acknowledged == 2 * ANSWERS_EACH


def test_two_processes_answering_one_deck_at_once_lose_no_review_and_leave_a_sound_file(tmp_path):
    data, cache = tmp_path / "progress.sqlite3", tmp_path / "cache"
    ProgressStore.open(data).close()
    results = _run_together(data, _decks(tmp_path, "alpha", "alpha"), cache, ANSWERS_EACH)

    acknowledged = _assert_both_worked_or_were_told_clearly(results, data, ANSWERS_EACH)
    problems = file_problems(data)
    # Card states may disagree with the log here (see the next test); the file must be sound.
    assert not [p for p in problems if p.startswith("integrity_check")], problems
    assert _review_rows(data) == acknowledged


def test_two_processes_opening_a_new_progress_file_at_once_both_work(tmp_path):
    # Both create the schema of a file that does not exist yet, released at one instant.
    # Several rounds: the race is decided in microseconds.
    for round_ in range(4):
        data, cache = tmp_path / f"new-{round_}.sqlite3", tmp_path / "cache"
        results = _run_together(data, _decks(tmp_path, "alpha", "beta"), cache, 20)

        acknowledged = _assert_both_worked_or_were_told_clearly(results, data, 20)
        assert file_problems(data) == [], f"round {round_}"
        assert _review_rows(data) == acknowledged, f"round {round_}"


def test_answering_a_card_that_another_window_answered_meanwhile_is_refused_and_shown_again(
    tmp_path, write_deck, clock
):
    deck, data = write_deck(SMALL_DECK), tmp_path / "progress.sqlite3"
    first = Workspace.open(data, [deck], clock=clock, fuzz=False)
    second = Workspace.open(data, [deck], clock=clock, fuzz=False)
    try:
        window_a, window_b = first.session(), second.session()
        card = window_a.current.card.id
        assert window_b.current.card.id == card  # both windows show the same new card

        window_a.answer(Rating.GOOD)
        clock.advance(seconds=5)
        # Saving window B's preview would overwrite A's answer in the card's schedule.
        with pytest.raises(StaleCardError, match="another quizkit window"):
            window_b.answer(Rating.GOOD)
        assert first.store.reviews_total() == 1
        # B now shows the card as it is, previewed from A's answer; rating it again saves.
        assert window_b.current.card.id == card and window_b.current.before.reps == 1
        window_b.answer(Rating.GOOD)
        reviews = first.store.reviews_for(card)
        assert len(reviews) == 2 and reviews[1].before == reviews[0].after
        assert first.store.card_state(card).reps == 2
    finally:
        first.close()
        second.close()
