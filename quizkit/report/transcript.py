"""The one transcript every export is made from: a header, then the attempts, streamed.

CSV, JSON, xAPI and the printable page are views of this object, so they can
never disagree. The header (learner, decks, exams and their grades) is small
and built at once; the attempts are read from the progress file one at a time
when a writer asks for them, so an export runs in constant memory however
long the history is. Every value is JSON-ready (str, number, bool, None).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from quizkit import __version__
from quizkit.base.clock import FixedClock
from quizkit.deck.model import Deck, Exam
from quizkit.exam.attempts import ExamRoom, attempt_from_row
from quizkit.exam.marking import exam_grade
from quizkit.exam.model import Question, Response
from quizkit.progress import export_queries as queries
from quizkit.progress.attempts import AttemptRow
from quizkit.progress.card_state import to_micros
from quizkit.progress.store import ProgressStore

FORMAT = "quizkit-transcript"
VERSION = 1  # bump when a field changes meaning; docs/transcript.schema.json follows it
# Stable identifiers (attempt and certificate ids, xAPI statement ids) are
# UUIDv5 names in this namespace: the same attempt always gets the same id.
NAMESPACE = uuid.UUID("6f2a5c1e-3b7d-5e0a-9c4f-1d8e2b6a7c30")
LEARNER_FIELDS = ("name", "id", "email", "course")


class NoLearnerName(Exception):
    """Exports name the learner: without a name there is nothing to hand in."""


@dataclass
class Transcript:
    """A header of JSON-ready facts, and the attempts, read from the file when iterated."""

    header: dict[str, Any]
    attempt_count: int
    _attempts: Callable[[], Iterator[dict[str, Any]]]

    def attempts(self) -> Iterator[dict[str, Any]]:
        """Every ended attempt, oldest first, one dict at a time."""
        return self._attempts()

    @property
    def learner(self) -> dict[str, Any]:
        return self.header["learner"]

    def exam(self, exam_id: str) -> dict[str, Any] | None:
        return next((e for e in self.header["exams"] if e["id"] == exam_id), None)

    def deck(self, deck_id: str) -> dict[str, Any] | None:
        return next((d for d in self.header["decks"] if d["id"] == deck_id), None)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, to the second: the one way every export writes a time."""
    if moment is None:
        return None
    text = moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    return text.replace("+00:00", "Z")


def stable_id(*parts: object) -> str:
    """A UUID named by ``parts``: the same parts give the same id, on any machine."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def build_transcript(
    store: ProgressStore, decks: list[Deck], learner: dict[str, Any], now: datetime
) -> Transcript:
    """The transcript of everything in ``store`` for ``learner``, as of ``now``.

    Raises ``NoLearnerName`` without a learner name. An attempt whose time ran
    out while quizkit was closed is submitted first, as the exam screen would.
    """
    learner = {key: (learner.get(key) or None) for key in LEARNER_FIELDS}
    if not learner["name"]:
        raise NoLearnerName("exports name the learner, and no name is set")
    room = ExamRoom(store, decks, FixedClock(now))
    # Only the exams with an expired open attempt: settling reads all of an exam's attempts.
    for exam_id in queries.exams_with_expired_attempts(store, to_micros(now)):
        room.settle_expired(exam_id)
    study = queries.study_per_deck(store)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": iso(now),
        "quizkit_version": __version__,
        "learner": learner,
        "decks": [_deck_entry(deck, study.get(deck.id, (0, 0))) for deck in decks],
        "exams": [_exam_entry(store, deck, exam) for deck in decks for exam in deck.exams],
        "study": {
            "reviews": sum(count for count, _ in study.values()),
            "study_seconds": sum(ms for _, ms in study.values()) // 1000,
        },
    }
    titles = {deck.id: deck.title for deck in decks}
    who = learner["id"] or learner["email"] or learner["name"]
    exams = {exam.id: exam for deck in decks for exam in deck.exams}

    def attempts() -> Iterator[dict[str, Any]]:
        numbers: dict[tuple[str, str], int] = {}
        for row in queries.iter_ended_attempts(store):
            key = (row.exam_id, row.mode)
            numbers[key] = numbers.get(key, 0) + 1
            yield _attempt_entry(who, store, row, numbers[key], titles, exams.get(row.exam_id))

    return Transcript(header, queries.ended_attempt_count(store), attempts)


def _deck_entry(deck: Deck, study: tuple[int, int]) -> dict[str, Any]:
    reviews, milliseconds = study
    return {
        "id": deck.id,
        "title": deck.title,
        "version": deck.version,
        "cards": len(deck.cards),
        "reviews": reviews,
        "study_seconds": milliseconds // 1000,
    }


def _exam_entry(store: ProgressStore, deck: Deck, exam: Exam) -> dict[str, Any]:
    # Only certification attempts count towards the grade; their marks are not
    # needed for it, so no answers are read here.
    certification = [
        attempt_from_row(row)
        for row in queries.iter_ended_attempts(store, exam.id)
        if row.mode == "certification"
    ]
    grade = exam_grade(certification, exam.grading)
    return {
        "id": exam.id,
        "deck": deck.id,
        "title": exam.title,
        "content_hash": exam.content_hash,
        "questions": exam.questions,
        "pass_mark": exam.pass_mark,
        "grading": exam.grading,
        "attempts": len(certification),
        "grade": grade,
        "passed": grade is not None and grade + 1e-9 >= exam.pass_mark,
    }


def _attempt_entry(
    who: str,
    store: ProgressStore,
    row: AttemptRow,
    number: int,
    titles: dict[str, str],
    exam: Exam | None,
) -> dict[str, Any]:
    attempt = attempt_from_row(row)
    answers = queries.latest_answers(store, row.id)
    raw = round(attempt.score or 0.0, 6)
    maximum = attempt.max_score
    return {
        # Named by the learner too: two learners' first attempts, begun the same second,
        # still get different ids (and certificate ids).
        "id": stable_id("attempt", who, row.exam_id, row.id, iso(row.started_at)),
        "exam": row.exam_id,
        "exam_title": exam.title if exam else row.exam_id,
        "deck": row.deck_id,
        "deck_title": titles.get(row.deck_id, row.deck_id),
        "deck_version": row.deck_version,
        "exam_content_hash": row.exam_hash,
        "exam_changed_since": exam is not None and exam.content_hash != row.exam_hash,
        "number": number,
        "mode": row.mode,
        "ended_how": row.ended_how,
        "started_at": iso(row.started_at),
        "ended_at": iso(row.ended_at),
        "duration_seconds": round((row.ended_at - row.started_at).total_seconds(), 3),
        "score_raw": raw,
        "score_max": maximum,
        "percentage": round(100 * raw / maximum, 2) if maximum else 0.0,
        "pass_mark": row.pass_mark,
        "passed": attempt.ended_how != "abandoned" and attempt.passed,
        "questions": [
            _question_entry(index, question, answers.get(index))
            for index, question in enumerate(attempt.questions)
        ],
    }


def _question_entry(index: int, question: Question, answer) -> dict[str, Any]:
    return {
        "index": index,
        "card_id": question.card_id,
        "kind": question.kind,
        "topic": question.topic,
        "answer": Response.from_json(answer.response).describe() if answer else None,
        "mark": answer.mark if answer else 0.0,
        "almost": answer.almost if answer else False,
        "answered_at": iso(answer.answered_at) if answer else None,
    }
