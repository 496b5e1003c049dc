"""kill -9 in the middle of an exam attempt: every acknowledged answer is kept, and the attempt
resumes with its clock still running (time away counts)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizkit.base.clock import FixedClock, SystemClock
from quizkit.exam.attempts import ExamRoom
from quizkit.workspace import Workspace

ROOT = Path(__file__).parents[2]
EXAM_DECK = ROOT / "tests" / "fixtures" / "exam-deck.toml"


def test_an_attempt_killed_mid_way_resumes_with_its_answers_and_running_clock(tmp_path):
    data = tmp_path / "progress.sqlite3"
    env = {**os.environ, "QUIZKIT_CACHE": str(tmp_path / "cache")}
    writer = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "exam_writer.py"), "--data", str(data)]
        + ["--deck", str(EXAM_DECK)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    acked = []
    try:
        assert writer.stdout.readline().startswith("STARTED")
        for _ in range(3):
            acked.append(int(writer.stdout.readline().split()[1]))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    db = sqlite3.connect(data)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    workspace = Workspace.open(data, [EXAM_DECK], clock=SystemClock())
    try:
        room = ExamRoom(workspace.store, workspace.decks, workspace.clock)
        exam = workspace.decks[0].exams[0]
        attempt = room.status(exam).open_attempt
        assert attempt is not None
        assert set(acked) <= set(attempt.answers)  # the one in flight may have landed too
        left = attempt.time_left(workspace.clock.now())
        assert left < exam.time_limit  # the clock ran while the process was dead
        assert attempt.deadline == attempt.started_at + exam.time_limit
    finally:
        workspace.close()

    # Opened again after the deadline: submitted, as timed out, with the answers it had.
    later = FixedClock(attempt.deadline + timedelta(hours=1))
    workspace = Workspace.open(data, [EXAM_DECK], clock=later)
    try:
        (ended,) = ExamRoom(workspace.store, workspace.decks, later).status(exam).attempts
        assert ended.ended_how == "timed_out" and ended.ended_at == attempt.deadline
        assert set(ended.answers) == set(attempt.answers)
    finally:
        workspace.close()


def test_started_at_is_stored_in_utc(tmp_path):
    clock = FixedClock(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc))
    workspace = Workspace.open(tmp_path / "p.sqlite3", [EXAM_DECK], clock=clock)
    try:
        room = ExamRoom(workspace.store, workspace.decks, clock)
        attempt = room.start(workspace.decks[0].exams[0], "certification")
        row = workspace.store.attempt_row(attempt.id)
        assert row.started_at == clock.now() and row.started_at.tzinfo is timezone.utc
    finally:
        workspace.close()
