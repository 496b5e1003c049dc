"""Checking the progress file against its review log, and rebuilding card states from it.

The review log is the record of truth: each review row holds the card's state
before and after it, so replaying the log gives every card's current state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizkit.progress.attempts import check_attempt_records
from quizkit.progress.card_state import CardState
from quizkit.progress.store import ProgressStore


@dataclass
class DoctorReport:
    cards: int = 0
    reviews: int = 0
    # card id -> (state in the cards table, state rebuilt from the log)
    mismatches: dict[str, tuple[CardState, CardState]] = field(default_factory=dict)
    # review ids whose "before" is not the previous review's "after"
    broken_chain: list[int] = field(default_factory=list)
    # Exam attempt records: immutable, so reported, never rebuilt.
    exam_attempts: int = 0
    exam_answers: int = 0
    exam_problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.mismatches and not self.broken_chain and not self.exam_problems


def rebuild_from_log(store: ProgressStore) -> tuple[dict[str, CardState], list[int], int]:
    """Every card's state as the review log says, the reviews that break the chain, and the count."""
    states: dict[str, CardState] = {}
    broken: list[int] = []
    count = 0
    for review in store.iter_reviews():
        count += 1
        previous = states.get(review.card_id, CardState())
        if review.before != previous:
            broken.append(review.id)
        states[review.card_id] = review.after
    return states, broken, count


def examine(store: ProgressStore) -> DoctorReport:
    """Compare every stored card state with the one rebuilt from the log, in one snapshot."""
    with store.read_snapshot():
        return _examine(store)


def _examine(store: ProgressStore) -> DoctorReport:
    rebuilt, broken, count = rebuild_from_log(store)
    report = DoctorReport(reviews=count, broken_chain=broken)
    report.exam_attempts, report.exam_answers, report.exam_problems = check_attempt_records(store)
    for card_id, stored in store.iter_card_states():
        report.cards += 1
        expected = rebuilt.get(card_id, CardState())
        if stored != expected:
            report.mismatches[card_id] = (stored, expected)
    return report


def repair(store: ProgressStore) -> DoctorReport:
    """Write the rebuilt state into every card that differs; return what was found before.

    Reading the log and writing the states is one write transaction: an answer
    given meanwhile in another window waits, and is never undone by a state
    computed before it.
    """
    with store.write_transaction():
        report = _examine(store)
        store.write_states(
            {card_id: rebuilt for card_id, (_, rebuilt) in report.mismatches.items()}
        )
    return report
