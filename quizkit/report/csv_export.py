"""The CSV export: one row per exam attempt, RFC 4180, UTF-8, a header row.

A cell a spreadsheet would run as a formula (text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, whoever
wrote the text: the learner's name, a course, a deck or exam title. Numbers
are written as numbers and never touched, so a spreadsheet can still sum them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from quizkit.report.transcript import Transcript

COLUMNS = (
    "learner_name",
    "learner_id",
    "course",
    "exam_id",
    "exam_title",
    "deck_id",
    "deck_version",
    "exam_content_hash",
    "attempt_number",
    "mode",
    "ended_how",
    "started_at",
    "ended_at",
    "duration_seconds",
    "score_raw",
    "score_max",
    "percentage",
    "pass_mark",
    "passed",
    "exam_grade",
    "grading",
    "deck_study_seconds",
    "quizkit_version",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell's value made safe for a spreadsheet: text that could run as a formula is quoted.

    OWASP's advice: prefix a leading apostrophe, which spreadsheets show as
    text. Numbers (and booleans, written as words) pass unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def rows(transcript: Transcript) -> Iterator[list[Any]]:
    """The header row, then a row per attempt, cells neutralised."""
    yield list(COLUMNS)
    learner = transcript.learner
    for attempt in transcript.attempts():
        exam = transcript.exam(attempt["exam"]) or {}
        deck = transcript.deck(attempt["deck"]) or {}
        grade = exam.get("grade")
        values = {
            "learner_name": learner["name"],
            "learner_id": learner["id"],
            "course": learner["course"],
            "exam_id": attempt["exam"],
            "exam_title": attempt["exam_title"],
            "deck_id": attempt["deck"],
            "deck_version": attempt["deck_version"],
            "exam_content_hash": attempt["exam_content_hash"],
            "attempt_number": attempt["number"],
            "mode": attempt["mode"],
            "ended_how": attempt["ended_how"],
            "started_at": attempt["started_at"],
            "ended_at": attempt["ended_at"],
            "duration_seconds": attempt["duration_seconds"],
            "score_raw": attempt["score_raw"],
            "score_max": attempt["score_max"],
            "percentage": attempt["percentage"],
            "pass_mark": attempt["pass_mark"],
            "passed": "true" if attempt["passed"] else "false",
            "exam_grade": None if grade is None else round(grade, 6),
            "grading": exam.get("grading"),
            "deck_study_seconds": deck.get("study_seconds"),
            "quizkit_version": transcript.header["quizkit_version"],
        }
        yield [neutralise("" if values[c] is None else values[c]) for c in COLUMNS]


def write_csv(transcript: Transcript, write: Callable[[str], None], tick=lambda: None) -> None:
    """Write the CSV through ``write`` a row at a time (CRLF line ends, as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, row in enumerate(rows(transcript)):
        writer.writerow(row)
        write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
        if index:
            tick()
