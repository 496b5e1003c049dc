"""The progress file as the rest of quizkit sees it: one object over its parts.

The review log is the record of truth: every answer is one committed
transaction that appends a review row (with the card's state before and after)
and updates the card's current state. ``synchronous=FULL`` with WAL makes each
commit durable before the next card is shown.
"""

from __future__ import annotations

from quizkit.progress.attempts import AttemptRecords
from quizkit.progress.cards import CardMarks, CardRows
from quizkit.progress.connection import ProgressFile, StoreError
from quizkit.progress.exam_dates import ExamDates
from quizkit.progress.outbox import StatementOutbox
from quizkit.progress.queue import DeckCounts, DeckTotals, QueueQueries
from quizkit.progress.recall import RecallQueries
from quizkit.progress.reviews import ReviewRecord, StaleCardError

__all__ = [
    "CardMarks",
    "DeckCounts",
    "DeckTotals",
    "ProgressFile",
    "ProgressStore",
    "ReviewRecord",
    "StaleCardError",
    "StoreError",
]


class ProgressStore(
    QueueQueries, CardRows, AttemptRecords, StatementOutbox, RecallQueries, ExamDates
):
    """The progress file: the queue, the card rows, the review log, exam attempts, the xAPI
    outbox, recall sums and exam dates over one connection."""
