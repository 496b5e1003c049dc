"""What a study session writes to the progress file, as plain values.

The session plans a write on the main thread (``StudySession.plan_*``), a
worker thread runs it on a connection of its own (``Write.run``), and the
session applies the result on the main thread again (``StudySession.apply``):
the session's state is only ever changed by the thread that draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from quizkit.progress.card_state import CardState
from quizkit.progress.store import ProgressStore
from quizkit.study.scheduler import Rating
from quizkit.study.shown import Shown

MarkKind = Literal["bury", "suspend", "flag"]


@dataclass(frozen=True, slots=True)
class SaveAnswer:
    """Append the review of the shown card and set its new state (one transaction)."""

    shown: Shown
    rating: Rating
    after: CardState
    reviewed_at: datetime
    elapsed_ms: int
    leech: bool

    def run(self, store: ProgressStore) -> int | None:
        if self.shown.practice:  # custom study outside the schedule: nothing is saved
            return None
        card = self.shown.card
        return store.record_review(
            card.id,
            self.shown.deck.id,
            card.note_id,
            int(self.rating),
            self.shown.before,
            self.after,
            self.reviewed_at,
            self.elapsed_ms,
            make_leech=self.leech,
        )


@dataclass(frozen=True, slots=True)
class SetMark:
    """Bury (until a moment, or None to unbury), suspend or flag a card, or take that back."""

    shown: Shown
    kind: MarkKind
    value: datetime | bool | None
    undoing: bool = False

    def run(self, store: ProgressStore) -> None:
        card_id = self.shown.card.id
        if self.kind == "bury":
            assert not isinstance(self.value, bool)
            store.bury([card_id], self.value)
        elif self.kind == "suspend":
            store.set_suspended(card_id, bool(self.value))
        else:
            store.set_flagged(card_id, bool(self.value))


@dataclass(frozen=True, slots=True)
class TakeBack:
    """Remove this session's review ``review_id`` and put its card back as it was."""

    shown: Shown
    review_id: int | None

    def run(self, store: ProgressStore) -> bool:
        if self.review_id is None:  # a practice answer: nothing was saved
            return True
        return store.undo_review(self.review_id) is not None


Write = SaveAnswer | SetMark | TakeBack
