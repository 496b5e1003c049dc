"""kill -9 at random moments: the progress file stays sound and keeps every acknowledged answer.

A writer process (``tests/crash_writer.py``) answers cards and prints ``ACK``
only after ``StudySession.answer`` returned, i.e. once the answer's transaction
committed and the next card is shown. The test kills it with SIGKILL at a random
moment and reads the file with plain sqlite3. The master seed is printed in
every failure message; set ``QUIZKIT_CRASH_SEED`` to replay a run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from quizkit.progress.store import ProgressStore
from quizkit.workspace import Workspace
from tests.crash_writer import acked, command, deck_text, file_problems, read_until

KILLS_WHILE_ANSWERING = 25
KILLS_WHILE_OPENING = 10
START_TIMEOUT = 20.0

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _master_seed() -> int:
    return int(os.environ.get("QUIZKIT_CRASH_SEED") or random.SystemRandom().randrange(2**32))


def _spawn(data: Path, deck: Path, cache: Path, seed: int) -> subprocess.Popen:
    return subprocess.Popen(
        command(data, [deck], cache, seed), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _kill(proc: subprocess.Popen, already_read: bytes) -> bytes:
    """SIGKILL the writer; return all it printed (lines flushed before death are in the pipe)."""
    proc.send_signal(signal.SIGKILL)
    rest, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL, (
        f"the writer died on its own (code {proc.returncode}) before the kill: {err.decode()}"
    )
    return already_read + rest


def _reap(proc: subprocess.Popen) -> None:
    """Never leave a writer behind when an assertion failed half-way."""
    if proc.poll() is None:
        proc.kill()
        proc.communicate(timeout=10)


def _review_counts(data: Path) -> Counter[str]:
    if not data.exists():
        return Counter()
    db = sqlite3.connect(data)
    try:
        return Counter(dict(db.execute("SELECT card_id, count(*) FROM reviews GROUP BY card_id")))
    except sqlite3.OperationalError:  # the schema was never committed
        return Counter()
    finally:
        db.close()


def test_sigkill_while_answering_keeps_every_acknowledged_answer_and_a_sound_file(tmp_path):
    seed = _master_seed()
    rng = random.Random(seed)
    deck = tmp_path / "crash.toml"
    deck.write_text(deck_text("crash", 500), encoding="utf-8")
    data, cache = tmp_path / "progress.sqlite3", tmp_path / "cache"
    total_acked = 0
    # One file for every run: each run also reopens a file left by a kill (hot WAL).
    for run in range(KILLS_WHILE_ANSWERING):
        where = f"run {run} of master seed {seed} (QUIZKIT_CRASH_SEED={seed} to replay)"
        before = _review_counts(data)
        proc = _spawn(data, deck, cache, rng.randrange(2**32))
        try:
            seen, _ = read_until(proc, b"ACK ", START_TIMEOUT)
            time.sleep(rng.uniform(0, 0.25))  # the random moment of the kill, not a wait for state
            output = _kill(proc, seen)
        finally:
            _reap(proc)

        acknowledged = acked(output)
        total_acked += sum(acknowledged.values())
        assert file_problems(data) == [], where
        after = _review_counts(data)
        added = after - before
        missing = {card: n - added[card] for card, n in acknowledged.items() if added[card] < n}
        assert not missing, f"acknowledged answers lost in {where}: {missing}"
        # At most one answer may have committed without its ACK reaching the pipe.
        unacknowledged = sum(added.values()) - sum(acknowledged.values())
        assert unacknowledged in (0, 1), f"{unacknowledged} reviews nobody answered, {where}"
    assert total_acked >= KILLS_WHILE_ANSWERING, f"master seed {seed}"


def test_sigkill_during_first_open_and_deck_sync_leaves_a_file_that_opens_again(tmp_path):
    seed = _master_seed()
    rng = random.Random(seed)
    deck = tmp_path / "big.toml"
    deck.write_text(deck_text("big", 3000), encoding="utf-8")
    cache = tmp_path / "cache"

    # Opening once here warms the deck cache (as at every normal start); then a
    # writer on a fresh file measures how long opening (schema and sync) takes.
    warm = Workspace.open(tmp_path / "warm.sqlite3", [deck], cache_dir=cache)
    expected_cards = len(warm.decks[0].cards)
    warm.close()
    calibration = _spawn(tmp_path / "calibration.sqlite3", deck, cache, 0)
    try:
        _, opening_at = read_until(calibration, b"OPENING\n", START_TIMEOUT)
        _, open_at = read_until(calibration, b"OPEN\n", START_TIMEOUT)
    finally:
        _reap(calibration)
    opening_takes = open_at - opening_at

    killed_while_opening = 0
    for run in range(KILLS_WHILE_OPENING):
        where = f"run {run} of master seed {seed} (QUIZKIT_CRASH_SEED={seed} to replay)"
        data = tmp_path / f"fresh-{run}.sqlite3"
        proc = _spawn(data, deck, cache, run)
        try:
            seen, _ = read_until(proc, b"OPENING\n", START_TIMEOUT)
            time.sleep(rng.uniform(0, opening_takes * 1.2))  # the random moment of the kill
            output = _kill(proc, seen)
        finally:
            _reap(proc)
        killed_while_opening += b"OPEN\n" not in output

        if data.exists():
            assert file_problems(data) == [], where
            ProgressStore.open(data).close()  # raises StoreError if the file is refused
            db = sqlite3.connect(data)
            synced = db.execute("SELECT count(*) FROM deck_sync").fetchone()[0]
            cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
            db.close()
            # A deck sync is one transaction: all of the deck's cards or none.
            assert cards == (expected_cards if synced else 0), (
                f"{cards} cards, synced={synced}: {where}"
            )
        workspace = Workspace.open(data, [deck], cache_dir=cache)
        try:
            day, now = workspace.study_day(), workspace.clock.now()
            assert workspace.store.deck_totals("big", day, now).cards == expected_cards, where
        finally:
            workspace.close()
        assert file_problems(data) == [], where
    assert killed_while_opening >= 1, (
        f"no kill landed before the workspace was open (open takes {opening_takes:.3f} s), "
        f"master seed {seed}"
    )
