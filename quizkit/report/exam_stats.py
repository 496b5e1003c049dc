"""Exam attempts against the pass mark, for the statistics screen: every ended attempt's score."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from quizkit.deck.model import Deck
from quizkit.progress.store import ProgressStore


@dataclass(frozen=True, slots=True)
class Attempt:
    ended_at: datetime
    mode: str  # "certification" or "practice"
    score: float  # 0-1
    passed: bool  # against the pass mark the attempt was taken under


@dataclass(frozen=True, slots=True)
class ExamAttempts:
    deck_id: str
    exam_id: str
    title: str
    pass_mark: float  # the exam's pass mark now, 0-1
    attempts: list[Attempt] = field(default_factory=list)  # ended ones, oldest first


def exam_attempts(store: ProgressStore, decks: list[Deck]) -> list[ExamAttempts]:
    """Per exam of ``decks`` (in deck order), its ended attempts; open ones are left out."""
    ended: dict[str, list[Attempt]] = defaultdict(list)
    for row in store.attempt_rows():
        if row.ended_at is not None and row.score is not None:
            ended[row.exam_id].append(
                Attempt(row.ended_at, row.mode, row.score, row.score >= row.pass_mark)
            )
    return [
        ExamAttempts(deck.id, exam.id, exam.title, exam.pass_mark, ended.get(exam.id, []))
        for deck in decks
        for exam in deck.exams
    ]
