"""An attempt's life against the progress file: start, answer, flag, resume, submit, time out.

The records are the truth: the attempt limit, the delay between attempts and
an attempt's deadline are read from them, never from what a screen remembers.
Exam answers go to their own tables, never to the review log, so sitting an
exam never changes a card's schedule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizkit.base.clock import Clock
from quizkit.deck.model import Card, Deck, Exam
from quizkit.exam.draw import draw_attempt
from quizkit.exam.marking import best_score, exam_grade, mark_answer
from quizkit.exam.model import Answer, Attempt, Mark, Mode, Question, Response
from quizkit.progress.attempts import AnswerRow, AttemptClosedError, AttemptRow
from quizkit.progress.store import ProgressStore

__all__ = ["AttemptClosedError", "ExamLocked", "ExamRoom", "ExamStatus"]


class ExamLocked(Exception):
    """A certification attempt cannot start now; the message says why and until when."""


@dataclass(frozen=True, slots=True)
class ExamStatus:
    """Where a learner stands on one exam, from the attempt records."""

    exam: Exam
    attempts: tuple[Attempt, ...]  # certification attempts, oldest first
    used: int  # certification attempts started (open, ended, abandoned)
    left: int | None  # None: unlimited
    next_attempt_at: datetime | None  # the delay: not before then
    open_attempt: Attempt | None  # a certification attempt to resume
    grade: float | None
    best: float | None
    changed_since_last: bool  # the exam's questions changed since the last attempt

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade + 1e-9 >= self.exam.pass_mark

    @property
    def graded(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.attempts if a.graded)

    def state_label(self) -> str:
        """Not attempted / best 76 % / passed (80 %): the exam's state in a line."""
        if self.passed:
            return f"passed ({_percent(self.grade)})"
        if self.open_attempt is not None:
            return "attempt open"
        if self.best is None:
            return "not attempted"
        return f"best {_percent(self.best)}"

    def short_label(self) -> str:
        """The state in at most 6 cells, for home's deck table: passed, open, 76 % (the best
        attempt), or — (not attempted)."""
        if self.passed:
            return "passed"
        if self.open_attempt is not None:
            return "open"
        if self.best is None:
            return "—"
        return _percent(self.best)


def _percent(value: float | None) -> str:
    # Rounded down, as home's figures: a grade must never read higher than it is.
    return f"{int((value or 0.0) * 100 + 1e-9)} %"


class ExamRoom:
    """Attempts at the exams of a set of decks, against one progress file and one clock."""

    def __init__(
        self,
        store: ProgressStore,
        decks: list[Deck],
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.rng = rng or random.Random()  # tests pass a seeded one: the same draw every run
        self.decks = {deck.id: deck for deck in decks}
        self.clock = clock
        self._cards: dict[str, dict[str, Card]] = {}

    def exams(self) -> list[tuple[Deck, Exam]]:
        return [(deck, exam) for deck in self.decks.values() for exam in deck.exams]

    def find(self, exam_id: str) -> tuple[Deck, Exam] | None:
        for deck, exam in self.exams():
            if exam.id == exam_id:
                return deck, exam
        return None

    def card(self, deck_id: str, card_id: str) -> Card | None:
        if deck_id not in self._cards:
            deck = self.decks.get(deck_id)
            self._cards[deck_id] = {c.id: c for c in deck.cards} if deck else {}
        return self._cards[deck_id].get(card_id)

    # -- where the learner stands ------------------------------------------------------
    def status(self, exam: Exam) -> ExamStatus:
        """The exam's attempts, limits and grade, after ending any attempt whose time ran out."""
        self.settle_expired(exam.id)
        attempts = [self._load(row) for row in self.store.attempt_rows(exam.id)]
        certification = tuple(a for a in attempts if a.mode == "certification")
        used = len(certification)
        left = None if exam.attempts == 0 else max(0, exam.attempts - used)
        delay = exam.delay_between_attempts
        ended = [a for a in certification if a.ended_at is not None]
        next_at = ended[-1].ended_at + delay if delay and ended else None
        if next_at is not None and next_at <= self.clock.now():
            next_at = None
        open_attempt = next((a for a in certification if a.open), None)
        changed = bool(attempts) and attempts[-1].exam_hash != exam.content_hash
        return ExamStatus(
            exam,
            certification,
            used,
            left,
            next_at,
            open_attempt,
            exam_grade(certification, exam.grading),
            best_score(certification),
            changed,
        )

    def settle_expired(self, exam_id: str | None = None) -> list[Attempt]:
        """End, as timed out, every open attempt whose deadline has passed (the app was closed)."""
        now = self.clock.now()
        settled = []
        for row in self.store.attempt_rows(exam_id):
            if row.ended_at is None and row.deadline is not None and now >= row.deadline:
                attempt = self._load(row)
                self.submit(attempt)
                settled.append(attempt)
        return settled

    # -- an attempt's life -------------------------------------------------------------
    def start(self, exam: Exam, mode: Mode, *, seed: int | None = None) -> Attempt:
        """Draw and record a new attempt; a certification one only within its limits."""
        deck = self.decks[exam.deck_id]
        now = self.clock.now()
        if mode == "certification":
            self._check_may_start(exam)
        else:
            # One practice attempt at a time: one left behind is abandoned.
            for row in self.store.attempt_rows(exam.id):
                if row.mode == "practice" and row.ended_at is None:
                    self.store.end_attempt(row.id, now, "abandoned", 0.0)
        rng = random.Random(seed) if seed is not None else self.rng
        questions = draw_attempt(
            deck,
            exam,
            rng,
            shuffle_questions=exam.shuffle_questions,
            shuffle_choices=exam.shuffle_choices,
        )
        limit = exam.time_limit if mode == "certification" else None
        deadline = now + limit if limit else None
        attempt_id = self.store.start_attempt(
            exam_id=exam.id,
            deck_id=deck.id,
            deck_version=deck.version,
            exam_hash=exam.content_hash,
            mode=mode,
            started_at=now,
            deadline=deadline,
            pass_mark=exam.pass_mark,
            questions=[q.to_json() for q in questions],
        )
        return Attempt(
            attempt_id,
            exam.id,
            deck.id,
            deck.version,
            exam.content_hash,
            mode,
            now,
            deadline,
            questions,
            exam.pass_mark,
        )

    def _check_may_start(self, exam: Exam) -> None:
        status = self.status(exam)
        if status.open_attempt is not None:
            raise ExamLocked("an attempt is open: resume it (r) or submit it first")
        if status.left == 0:
            raise ExamLocked(f"all {exam.attempts} attempts at this exam have been used")
        if status.next_attempt_at is not None:
            raise ExamLocked(
                "the next attempt is allowed from "
                f"{status.next_attempt_at:%Y-%m-%d %H:%M} UTC (the exam's delay between attempts)"
            )

    def answer(self, attempt: Attempt, index: int, response: Response) -> Answer:
        """Mark ``response`` to question ``index`` and commit it; the attempt's answer changes to it.

        Raises ``AttemptClosedError`` when the attempt has ended or its time is up.
        """
        now = self.clock.now()
        if attempt.expired(now):
            raise AttemptClosedError("time is up: this answer came after the deadline")
        question = attempt.questions[index]
        card = self.card(attempt.deck_id, question.card_id)
        mark = mark_answer(card, response) if card is not None else Mark(0.0)
        self.store.record_answer(
            attempt.id, index, response.to_json(), mark.score, mark.almost, now
        )
        given = Answer(index, response, mark, now)
        attempt.answers[index] = given
        return given

    def flag(self, attempt: Attempt, index: int, flagged: bool) -> None:
        self.store.record_flag(attempt.id, index, flagged, self.clock.now())
        if flagged:
            attempt.flags.add(index)
        else:
            attempt.flags.discard(index)

    def submit(self, attempt: Attempt, *, abandon: bool = False) -> Attempt:
        """End the attempt: submitted, timed out (past its deadline) or abandoned; score it."""
        now = self.clock.now()
        if abandon:
            how, ended_at = "abandoned", now
        elif attempt.deadline is not None and now >= attempt.deadline:
            # Time spent away counts (as in Moodle): it ended at its deadline.
            how, ended_at = "timed_out", attempt.deadline
        else:
            how, ended_at = "submitted", now
        score = attempt.total()
        if not self.store.end_attempt(attempt.id, ended_at, how, score):
            # Ended elsewhere first (another window, or settled at start): that ending stands.
            return self.reload(attempt.id) or attempt
        attempt.ended_at, attempt.ended_how, attempt.score = ended_at, how, score
        return attempt

    def reload(self, attempt_id: int) -> Attempt | None:
        row = self.store.attempt_row(attempt_id)
        return self._load(row) if row else None

    def _load(self, row: AttemptRow) -> Attempt:
        attempt = attempt_from_row(row)
        for answer in self.store.answer_rows(row.id):
            attempt.answers[answer.question] = _answer_of(answer)
        attempt.flags = self.store.flagged_questions(row.id)
        return attempt


def _answer_of(row: AnswerRow) -> Answer:
    return Answer(
        row.question, Response.from_json(row.response), Mark(row.mark, row.almost), row.answered_at
    )


def time_text(delta: timedelta) -> str:
    """``12:05`` (minutes and seconds), or ``1:02:05`` past an hour."""
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def attempt_from_row(row: AttemptRow) -> Attempt:
    """An attempt as its record says, without its answers and flags (``ExamRoom`` adds those)."""
    return Attempt(
        row.id,
        row.exam_id,
        row.deck_id,
        row.deck_version,
        row.exam_hash,
        row.mode,  # type: ignore[arg-type]
        row.started_at,
        row.deadline,
        tuple(Question.from_json(q) for q in row.questions),
        row.pass_mark,
        ended_at=row.ended_at,
        ended_how=row.ended_how,  # type: ignore[arg-type]
        score=row.score,
    )
