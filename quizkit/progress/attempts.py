"""Exam attempt records in the progress file: rows appended, never edited once the attempt ends.

An attempt is one row; each answer given (and each change of mind) is a row
of its own, committed when given, so a crash loses nothing the screen showed
as saved. Ending an attempt sets its end, how it ended and its score once:
the UPDATE only matches an open attempt. What the rows mean (marks, grades)
is ``quizkit.exam``'s; this module knows only the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizkit.progress.card_state import from_micros, to_micros
from quizkit.progress.connection import ProgressFile, StoreError


class AttemptClosedError(StoreError):
    """The attempt has ended (submitted, timed out, or ended in another window)."""


@dataclass(frozen=True, slots=True)
class AttemptRow:
    id: int
    exam_id: str
    deck_id: str
    deck_version: str | None
    exam_hash: str
    mode: str
    started_at: datetime
    deadline: datetime | None
    pass_mark: float
    questions: list[dict[str, Any]]
    ended_at: datetime | None
    ended_how: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    id: int
    attempt_id: int
    question: int
    response: dict[str, Any]
    mark: float
    almost: bool
    answered_at: datetime


_ATTEMPT_COLUMNS = (
    "id, exam_id, deck_id, deck_version, exam_hash, mode, started_at, deadline, pass_mark, "
    "questions, ended_at, ended_how, score"
)


class AttemptRecords(ProgressFile):
    def start_attempt(
        self,
        *,
        exam_id: str,
        deck_id: str,
        deck_version: str | None,
        exam_hash: str,
        mode: str,
        started_at: datetime,
        deadline: datetime | None,
        pass_mark: float,
        questions: list[dict[str, Any]],
    ) -> int:
        """Record a new attempt with its questions as drawn; return its id."""
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO exam_attempts (exam_id, deck_id, deck_version, exam_hash, mode, "
                "started_at, deadline, pass_mark, questions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exam_id,
                    deck_id,
                    deck_version,
                    exam_hash,
                    mode,
                    to_micros(started_at),
                    to_micros(deadline),
                    pass_mark,
                    json.dumps(questions, ensure_ascii=False),
                ),
            )
            return int(cursor.lastrowid)

    def record_answer(
        self,
        attempt_id: int,
        question: int,
        response: dict[str, Any],
        mark: float,
        almost: bool,
        answered_at: datetime,
    ) -> int:
        """Append an answer to an open attempt, durably; raise ``AttemptClosedError`` if it ended."""
        with self._transaction():
            self._require_open(attempt_id)
            cursor = self._db.execute(
                "INSERT INTO exam_answers (attempt_id, question, response, mark, almost, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    attempt_id,
                    question,
                    json.dumps(response, ensure_ascii=False),
                    mark,
                    int(almost),
                    to_micros(answered_at),
                ),
            )
            return int(cursor.lastrowid)

    def record_flag(self, attempt_id: int, question: int, flagged: bool, at: datetime) -> None:
        with self._transaction():
            self._require_open(attempt_id)
            self._db.execute(
                "INSERT INTO exam_flags (attempt_id, question, flagged, at) VALUES (?, ?, ?, ?)",
                (attempt_id, question, int(flagged), to_micros(at)),
            )

    def end_attempt(self, attempt_id: int, ended_at: datetime, how: str, score: float) -> bool:
        """End an open attempt; False when it had already ended (the first ending stands)."""
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE exam_attempts SET ended_at = ?, ended_how = ?, score = ? "
                "WHERE id = ? AND ended_at IS NULL",
                (to_micros(ended_at), how, score, attempt_id),
            )
            return cursor.rowcount == 1

    def _require_open(self, attempt_id: int) -> None:
        row = self._db.execute(
            "SELECT ended_at FROM exam_attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        if row is None:
            raise AttemptClosedError(f"no exam attempt {attempt_id} in the progress file")
        if row[0] is not None:
            raise AttemptClosedError("this exam attempt has already ended; answers are final")

    # -- reading ----------------------------------------------------------------------
    def attempt_rows(self, exam_id: str | None = None) -> list[AttemptRow]:
        """Every attempt (of one exam, or of all), oldest first."""
        where, params = ("WHERE exam_id = ?", (exam_id,)) if exam_id else ("", ())
        rows = self._db.execute(
            f"SELECT {_ATTEMPT_COLUMNS} FROM exam_attempts {where} ORDER BY id", params
        ).fetchall()
        return [_attempt_from_row(row) for row in rows]

    def attempt_row(self, attempt_id: int) -> AttemptRow | None:
        row = self._db.execute(
            f"SELECT {_ATTEMPT_COLUMNS} FROM exam_attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        return _attempt_from_row(row) if row else None

    def answer_rows(self, attempt_id: int) -> list[AnswerRow]:
        """Every answer given in the attempt, in the order given (changes of mind included)."""
        rows = self._db.execute(
            "SELECT id, attempt_id, question, response, mark, almost, answered_at "
            "FROM exam_answers WHERE attempt_id = ? ORDER BY id",
            (attempt_id,),
        ).fetchall()
        return [
            AnswerRow(i, a, q, json.loads(r), m, bool(al), from_micros(t))
            for i, a, q, r, m, al, t in rows
        ]

    def flagged_questions(self, attempt_id: int) -> set[int]:
        rows = self._db.execute(
            "SELECT question, flagged FROM exam_flags WHERE attempt_id = ? ORDER BY id",
            (attempt_id,),
        ).fetchall()
        state: dict[int, bool] = {}
        for question, flagged in rows:
            state[question] = bool(flagged)
        return {question for question, flagged in state.items() if flagged}

    def all_answer_rows(self) -> list[AnswerRow]:
        """Every exam answer in the file, for ``quizkit doctor``."""
        rows = self._db.execute(
            "SELECT id, attempt_id, question, response, mark, almost, answered_at "
            "FROM exam_answers ORDER BY id"
        ).fetchall()
        return [
            AnswerRow(i, a, q, json.loads(r), m, bool(al), from_micros(t))
            for i, a, q, r, m, al, t in rows
        ]


def _attempt_from_row(row: tuple) -> AttemptRow:
    (aid, exam, deck, version, digest, mode, started, deadline, pass_mark, questions) = row[:10]
    ended_at, ended_how, score = row[10:]
    return AttemptRow(
        aid,
        exam,
        deck,
        version,
        digest,
        mode,
        from_micros(started),
        from_micros(deadline),
        pass_mark,
        json.loads(questions),
        from_micros(ended_at),
        ended_how,
        score,
    )


def check_attempt_records(records: AttemptRecords) -> tuple[int, int, list[str]]:
    """(attempts, answers, problems): what ``quizkit doctor`` says about the exam records.

    Each ended attempt's score must be the sum of its latest marks; no answer
    may come after its attempt ended or after its deadline; every answer must
    belong to a question of an attempt that exists.
    """
    problems: list[str] = []
    try:
        attempts = {row.id: row for row in records.attempt_rows()}
        answers = records.all_answer_rows()
    except (ValueError, TypeError) as exc:  # a JSON column that no longer parses
        return 0, 0, [f"exam attempt records cannot be read: {exc}"]
    latest: dict[int, dict[int, float]] = {}
    for answer in answers:
        attempt = attempts.get(answer.attempt_id)
        where = f"exam answer {answer.id} (attempt {answer.attempt_id})"
        if attempt is None:
            problems.append(f"{where}: its attempt is missing")
            continue
        if not 0 <= answer.question < len(attempt.questions):
            problems.append(f"{where}: question {answer.question} is not one the attempt drew")
        if not 0.0 <= answer.mark <= 1.0:
            problems.append(f"{where}: mark {answer.mark} is outside 0..1")
        if attempt.ended_at is not None and answer.answered_at > attempt.ended_at:
            problems.append(f"{where}: given after the attempt ended")
        elif attempt.deadline is not None and answer.answered_at > attempt.deadline:
            problems.append(f"{where}: given after the attempt's deadline")
        latest.setdefault(answer.attempt_id, {})[answer.question] = answer.mark
    for attempt in attempts.values():
        where = f"exam attempt {attempt.id} ({attempt.exam_id})"
        if (attempt.ended_at is None) != (attempt.ended_how is None):
            problems.append(f"{where}: its end and how it ended disagree")
        if attempt.ended_at is not None and attempt.ended_how != "abandoned":
            expected = round(sum(latest.get(attempt.id, {}).values()), 6)
            if attempt.score is None or abs(attempt.score - expected) > 1e-6:
                problems.append(
                    f"{where}: score {attempt.score} is not the sum of its marks ({expected:g})"
                )
    return len(attempts), len(answers), problems
