"""Reads for exports and transcripts: attempts streamed one at a time, study time per deck.

An export of a file with a million reviews must run in constant memory, so
attempts come from a cursor, one row at a time, and the study figures are
sums computed by SQLite. What the rows mean is ``quizkit.report``'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from quizkit.progress.attempts import AnswerRow, AttemptRow, _attempt_from_row
from quizkit.progress.card_state import from_micros
from quizkit.progress.connection import ProgressFile
from quizkit.progress.review_stats import ANSWER_CAP_MS

_COLUMNS = (
    "id, exam_id, deck_id, deck_version, exam_hash, mode, started_at, deadline, pass_mark, "
    "questions, ended_at, ended_how, score"
)


def ended_attempt_count(file: ProgressFile) -> int:
    """How many attempts have ended (what an export holds), for its progress line."""
    return file._db.execute(
        "SELECT count(*) FROM exam_attempts WHERE ended_at IS NOT NULL"
    ).fetchone()[0]


def exams_with_expired_attempts(file: ProgressFile, now_us: int) -> list[str]:
    """The exams that have an open attempt whose deadline has passed (few: usually none)."""
    rows = file._db.execute(
        "SELECT DISTINCT exam_id FROM exam_attempts "
        "WHERE ended_at IS NULL AND deadline IS NOT NULL AND deadline <= ?",
        (now_us,),
    )
    return [exam_id for (exam_id,) in rows]


def iter_ended_attempts(file: ProgressFile, exam_id: str | None = None) -> Iterator[AttemptRow]:
    """Every ended attempt (of one exam, or all), oldest first, read one row at a time."""
    where, params = "WHERE ended_at IS NOT NULL", ()
    if exam_id is not None:
        where, params = where + " AND exam_id = ?", (exam_id,)
    cursor = file._db.execute(f"SELECT {_COLUMNS} FROM exam_attempts {where} ORDER BY id", params)
    for row in cursor:
        yield _attempt_from_row(row)


def latest_answers(file: ProgressFile, attempt_id: int) -> dict[int, AnswerRow]:
    """Per question of one attempt, the answer that stood when it ended (the newest one)."""
    rows = file._db.execute(
        "SELECT id, attempt_id, question, response, mark, almost, answered_at "
        "FROM exam_answers WHERE attempt_id = ? ORDER BY question, id",
        (attempt_id,),
    )
    latest: dict[int, AnswerRow] = {}
    for i, a, q, r, m, al, t in rows:
        latest[q] = AnswerRow(i, a, q, json.loads(r), m, bool(al), from_micros(t))
    return latest


def study_per_deck(file: ProgressFile) -> dict[str, tuple[int, int]]:
    """Per deck id: (reviews, study milliseconds), each answer capped as the statistics cap it."""
    rows = file._db.execute(
        "SELECT deck_id, count(*), sum(min(coalesce(duration_ms, 0), ?)) FROM reviews "
        "GROUP BY deck_id",
        (ANSWER_CAP_MS,),
    )
    return {deck: (count, int(ms or 0)) for deck, count, ms in rows}
